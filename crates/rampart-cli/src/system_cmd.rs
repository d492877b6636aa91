//! `rampart system …`: check, assess and draw an IEC 62443-3-2 system model.
//!
//! Thin: every computation and rendering lives in `rampart-system`; this module parses the
//! command line, picks the renderer and maps `--fail-on` to the exit code (0 clean, 1 when
//! `--fail-on` trips; errors bubble up as `anyhow` and the binary maps them to 2).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rampart_catalog::Catalog;
use rampart_system::{IsoDate, SystemModel, checks, gap, render, risk};

use crate::output;

/// `rampart system` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum SystemCommand {
    /// Validate a model and run the 3-2 checks (ZCR 3.1–3.6, channels, residual risk).
    Check(CheckArgs),
    /// Run the risk assessment: initial risk per zone, detailed risk per scenario, and how
    /// each derived SL-T was reached.
    Risk(ReportArgs),
    /// Compare SL-T with SL-C and SL-A per zone and FR; list the 3-3 and 4-2 items missing.
    Gap(GapArgs),
    /// List every check: id, ZCR, title, the 3-3 requirements it bears on and its fix hint.
    Checks(ChecksArgs),
    /// Draw the zones, assets and conduits (SVG or Graphviz DOT), or the per-zone gap chart.
    Diagram(DiagramArgs),
    /// Scan each asset's SBOM against the advisory index and rank the vulnerabilities by
    /// exposure: reachable from which zones, over which conduits and services.
    Vulns(crate::vulns_cmd::VulnsArgs),
}

/// Table for people, JSON for tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Aligned tables.
    Table,
    /// JSON (see docs/system-model.md for the format).
    Json,
}

/// Picture formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiagramFormat {
    /// SVG, laid out by Rampart.
    Svg,
    /// Graphviz DOT, for `dot -Tpng`.
    Dot,
}

/// What makes `check` exit with 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFailOn {
    /// Any finding of severity low or above (info findings never fail).
    Findings,
    /// Any high-severity finding.
    High,
}

/// What makes `gap` exit with 1; several may be given (`--fail-on gap,unknown`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GapFailOn {
    /// Any zone with status `gap`: items missing and not compensated. A zone whose SL-C is
    /// unknown has status `unknown` unless known items are missing: add `unknown` to fail on it.
    Gap,
    /// Any zone with an asset whose SL-C is unknown (neither `sl_c` nor a component
    /// assessment), whatever the zone's status.
    Unknown,
}

/// Arguments of `rampart system check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The system model (YAML).
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Exit with 1 when findings at this level exist (findings the owner has accepted, with
    /// an acceptance in force, do not count).
    #[arg(long, value_enum)]
    pub fail_on: Option<CheckFailOn>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The day acceptances are judged on, YYYY-MM-DD (default: today in UTC); fix it for
    /// reproducible runs.
    #[arg(long, value_name = "DATE", env = "RAMPART_TODAY")]
    pub today: Option<IsoDate>,
}

/// Arguments of `rampart system checks`.
#[derive(Debug, clap::Args)]
pub struct ChecksArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
}

/// Arguments of `rampart system risk`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The system model (YAML).
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The day acceptances are judged on, YYYY-MM-DD (default: today in UTC); fix it for
    /// reproducible runs.
    #[arg(long, value_name = "DATE", env = "RAMPART_TODAY")]
    pub today: Option<IsoDate>,
}

/// Arguments of `rampart system gap`.
#[derive(Debug, clap::Args)]
pub struct GapArgs {
    /// The system model (YAML).
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Exit with 1 when a zone has a gap (`gap`) or an asset of unknown SL-C (`unknown`);
    /// give both as `gap,unknown`.
    #[arg(long, value_enum, value_delimiter = ',')]
    pub fail_on: Vec<GapFailOn>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Arguments of `rampart system diagram`.
#[derive(Debug, clap::Args)]
pub struct DiagramArgs {
    /// The system model (YAML).
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Picture format (the gap chart is SVG only).
    #[arg(long, value_enum, default_value_t = DiagramFormat::Svg)]
    pub format: DiagramFormat,
    /// Draw the per-zone SL-T / SL-C / SL-A chart instead of the zone diagram.
    #[arg(long)]
    pub chart: bool,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

fn load(path: &Path, catalog: &Catalog) -> anyhow::Result<SystemModel> {
    // ModelError's Display is already `file:line:col: message`, one problem per line.
    SystemModel::load_with(path, catalog).map_err(anyhow::Error::new)
}

/// Runs a `rampart system` subcommand against `catalog` (built-in, or with the user's
/// overrides), writing to `out` or the `-o` file; `width` is the `--width` flag. Returns
/// exit code 0, or 1 when `--fail-on` trips.
pub fn run(
    cmd: SystemCommand,
    catalog: &Catalog,
    width: Option<u16>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    match cmd {
        SystemCommand::Vulns(args) => crate::vulns_cmd::run(&args, catalog, width, out),
        SystemCommand::Check(args) => {
            let model = load(&args.model, catalog)?;
            let today = args.today.unwrap_or_else(IsoDate::today_utc);
            let findings = checks::run_checks_as_of(&model, today);
            let width = output::text_width(width, args.output.is_some());
            let text = match args.format {
                ReportFormat::Table => render::check_table(&model, &findings, width),
                ReportFormat::Json => render::check_json(&model, &findings),
            };
            output::write_text(&text, args.output.as_deref(), out)?;
            let counted = || findings.iter().filter(|f| !f.is_accepted());
            let fail = match args.fail_on {
                None => false,
                Some(CheckFailOn::Findings) => {
                    counted().any(|f| f.severity > rampart_system::Severity::Info)
                }
                Some(CheckFailOn::High) => {
                    counted().any(|f| f.severity == rampart_system::Severity::High)
                }
            };
            Ok(if fail {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        SystemCommand::Checks(args) => {
            let text = match args.format {
                ReportFormat::Table => render::checks_table(output::text_width(width, false)),
                ReportFormat::Json => render::checks_json(),
            };
            output::write_text(&text, None, out)?;
            Ok(ExitCode::SUCCESS)
        }
        SystemCommand::Risk(args) => {
            let model = load(&args.model, catalog)?;
            let today = args.today.unwrap_or_else(IsoDate::today_utc);
            let report = risk::assess_as_of(&model, today);
            let width = output::text_width(width, args.output.is_some());
            let text = match args.format {
                ReportFormat::Table => render::risk_table(&report, width),
                ReportFormat::Json => render::risk_json(&report),
            };
            output::write_text(&text, args.output.as_deref(), out)?;
            Ok(ExitCode::SUCCESS)
        }
        SystemCommand::Gap(args) => {
            let model = load(&args.model, catalog)?;
            let report = gap::analyse_with(&model, catalog);
            let width = output::text_width(width, args.output.is_some());
            let text = match args.format {
                ReportFormat::Table => render::gap_table(&report, width),
                ReportFormat::Json => render::gap_json(&report),
            };
            output::write_text(&text, args.output.as_deref(), out)?;
            let fail = args.fail_on.iter().any(|on| match on {
                GapFailOn::Gap => report.has_gap,
                GapFailOn::Unknown => report.has_unknown_capability(),
            });
            Ok(if fail {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        SystemCommand::Diagram(args) => {
            let model = load(&args.model, catalog)?;
            let report = gap::analyse_with(&model, catalog);
            if args.chart && args.format == DiagramFormat::Dot {
                anyhow::bail!("the gap chart is drawn as SVG only: drop `--format dot`");
            }
            let text = match (args.chart, args.format) {
                (true, _) => render::gap_chart_svg(&report),
                (false, DiagramFormat::Svg) => render::diagram_svg(&model, &report),
                (false, DiagramFormat::Dot) => render::diagram_dot(&model, &report),
            };
            output::write_text(&text, args.output.as_deref(), out)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The JSON Schema of the model file, for `rampart schema system`.
pub fn system_schema() -> serde_json::Value {
    rampart_system::schema::model_schema()
}
