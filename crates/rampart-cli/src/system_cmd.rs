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
    /// With `--vulns`: any asset whose SL-C a known vulnerability undermines (affected, high
    /// or critical, or known exploited).
    Vulns,
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
    /// Also scan the assets' SBOMs (`sbom:`) against the advisory index and list the assets
    /// whose SL-C a known vulnerability undermines.
    #[arg(long)]
    pub vulns: bool,
    /// The advisory index `--vulns` reads (default: `$XDG_DATA_HOME/rampart/advisories.redb`);
    /// ignored without `--vulns`.
    #[arg(long, env = "RAMPART_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
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

/// The gap table's section on assets whose SL-C known vulnerabilities undermine.
fn undermined_table(
    model: &SystemModel,
    list: &[(rampart_system::AssetIdx, Vec<(String, bool)>)],
    width: Option<u16>,
) -> String {
    let mut text = String::from(
        "\nKnown vulnerabilities that undermine SL-C (affected; high, critical or known exploited):\n",
    );
    if list.is_empty() {
        text.push_str("none among the assets' SBOMs\n");
        return text;
    }
    let mut table = output::table(&["Zone", "Asset", "SL-C", "Vulnerabilities"], width);
    for (asset, ids) in list {
        let a = model.asset(*asset);
        table.add_row(vec![
            model.zone(a.zone).id.clone(),
            a.id.clone(),
            a.sl_c
                .map_or_else(|| "unknown".to_owned(), |v| v.to_string()),
            ids.iter()
                .map(|(id, kev)| {
                    if *kev {
                        format!("{id} (KEV)")
                    } else {
                        id.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(", "),
        ]);
    }
    text.push_str(&output::draw(table));
    text.push('\n');
    text
}

fn undermined_json(
    model: &SystemModel,
    list: &[(rampart_system::AssetIdx, Vec<(String, bool)>)],
) -> serde_json::Value {
    serde_json::Value::Array(
        list.iter()
            .map(|(asset, ids)| {
                let a = model.asset(*asset);
                serde_json::json!({
                    "zone": model.zone(a.zone).id,
                    "asset": a.id,
                    "vulnerabilities": ids.iter().map(|(id, kev)| serde_json::json!({
                        "id": id,
                        "kev": kev,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
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
            if args.fail_on.contains(&GapFailOn::Vulns) && !args.vulns {
                anyhow::bail!("`--fail-on vulns` needs `--vulns` (and an advisory index)");
            }
            let undermined = if args.vulns {
                let base = args
                    .model
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                let vulns = crate::vulns_cmd::scan_model_files(&model, &base, args.db.clone())?;
                Some(crate::vulns_cmd::undermined(&vulns))
            } else {
                None
            };
            let text = match args.format {
                ReportFormat::Table => {
                    let mut text = render::gap_table(&report, width);
                    if let Some(list) = &undermined {
                        text.push_str(&undermined_table(&model, list, width));
                    }
                    text
                }
                ReportFormat::Json => match &undermined {
                    None => render::gap_json(&report),
                    Some(list) => {
                        let mut value: serde_json::Value =
                            serde_json::from_str(&render::gap_json(&report))?;
                        value["undermined_capability"] = undermined_json(&model, list);
                        serde_json::to_string_pretty(&value)? + "\n"
                    }
                },
            };
            output::write_text(&text, args.output.as_deref(), out)?;
            let fail = args.fail_on.iter().any(|on| match on {
                GapFailOn::Gap => report.has_gap,
                GapFailOn::Unknown => report.has_unknown_capability(),
                GapFailOn::Vulns => undermined.as_ref().is_some_and(|l| !l.is_empty()),
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
