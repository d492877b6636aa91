//! `rampart scan SBOM`: the SBOM's components against the local advisory index, with VEX
//! statements and triage decisions applied, as a table, JSON, SARIF or VEX.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use rampart_advisory::index::Index;
use rampart_advisory::matching::analysis::{self, AnalysisSource};
use rampart_advisory::matching::sarif::to_sarif;
use rampart_advisory::matching::{FailOn, Status};
use rampart_advisory::vex::{self, VexFormat, VexStatement, triage};
use rampart_advisory::{AdvisoryLookup, ScanReport};
use rampart_sbom::{Component, Sbom};

use crate::output;

/// Arguments of `rampart scan`.
#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// The SBOM to scan (CycloneDX 1.4–1.6 JSON/XML, SPDX 2.2/2.3 JSON/tag-value; `-` reads
    /// standard input).
    pub sbom: PathBuf,
    /// The advisory index (default: `$XDG_DATA_HOME/rampart/advisories.redb`).
    #[arg(long, env = "RAMPART_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// VEX documents (OpenVEX, CycloneDX VEX, CSAF VEX) whose statements set the status of
    /// matching findings. May be repeated.
    #[arg(long, value_name = "FILE")]
    pub vex: Vec<PathBuf>,
    /// The team's triage file (`rampart schema triage`): decisions win over VEX statements
    /// and carry over to later versions while the vulnerable range still applies.
    #[arg(long, value_name = "FILE")]
    pub triage: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScanFormat::Table)]
    pub format: ScanFormat,
    /// Write the output to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when an affected finding reaches a threshold: low, medium, high, critical or
    /// kev (comma-separated; any one reached fails).
    #[arg(long, value_name = "THRESHOLDS", value_delimiter = ',', value_parser = parse_fail_on)]
    pub fail_on: Vec<FailOn>,
}

/// Output formats of `rampart scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScanFormat {
    /// A table for people, highest priority first.
    Table,
    /// The full report, `"schema": "rampart.scan/1"` (docs/matching.md).
    Json,
    /// SARIF 2.1.0, for code-scanning systems.
    Sarif,
    /// CycloneDX 1.6 VEX.
    CyclonedxVex,
    /// OpenVEX 0.2.0.
    Openvex,
    /// CSAF 2.0 VEX.
    CsafVex,
}

fn parse_fail_on(text: &str) -> Result<FailOn, String> {
    text.parse()
}

/// Largest VEX document read (as the VEX readers allow).
const MAX_VEX_BYTES: u64 = vex::MAX_VEX_BYTES as u64;

/// Runs `rampart scan`.
pub fn run(args: &ScanArgs, width: Option<u16>, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let sbom = rampart_sbom::read_path(&args.sbom).map_err(anyhow::Error::new)?;
    let components = components_of(&sbom);
    let statements = read_vex(&args.vex)?;
    let triage = match &args.triage {
        Some(path) => Some(triage::read_path(path).map_err(|problems| {
            anyhow::anyhow!(
                "{}",
                problems
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        })?),
        None => None,
    };
    let path = crate::db_cmd::db_path(args.db.clone())?;
    let index = Index::open_read(&path)?;
    let report = scan(&components, &index, &statements, triage.as_ref())?;
    let text = render(args, &sbom, &components, &report, width)?;
    output::write_text(&text, args.output.as_deref(), out)?;
    Ok(if args.fail_on.iter().any(|t| report.fail_on(*t)) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// What a scan covers: the SBOM's subject (the product itself, which vendor advisories name)
/// and every component.
pub fn components_of(sbom: &Sbom) -> Vec<Component> {
    sbom.subject
        .iter()
        .chain(&sbom.components)
        .cloned()
        .collect()
}

/// Matches `components` through `lookup` and applies VEX statements and triage decisions.
pub fn scan(
    components: &[Component],
    lookup: &dyn AdvisoryLookup,
    statements: &[VexStatement],
    triage: Option<&triage::TriageFile>,
) -> anyhow::Result<ScanReport> {
    let mut report = rampart_advisory::scan(components, lookup)?;
    analysis::apply(&mut report, components, statements, triage);
    Ok(report)
}

pub fn read_vex(paths: &[PathBuf]) -> anyhow::Result<Vec<VexStatement>> {
    let mut statements = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        let bytes = rampart_yaml::read_input_bytes(path, MAX_VEX_BYTES)
            .with_context(|| format!("{name}: cannot read the VEX document"))?;
        let document = vex::read(&name, &bytes).map_err(|p| anyhow::anyhow!("{p}"))?;
        statements.extend(document.statements);
    }
    Ok(statements)
}

fn render(
    args: &ScanArgs,
    sbom: &Sbom,
    components: &[Component],
    report: &ScanReport,
    width: Option<u16>,
) -> anyhow::Result<String> {
    let vex_format = match args.format {
        ScanFormat::Table => {
            return Ok(table(
                report,
                &args.sbom,
                output::text_width(width, args.output.is_some()),
            ));
        }
        ScanFormat::Json => return Ok(serde_json::to_string_pretty(report)? + "\n"),
        ScanFormat::Sarif => {
            let log = to_sarif(
                report,
                &args.sbom.display().to_string(),
                env!("CARGO_PKG_VERSION"),
            );
            return Ok(serde_json::to_string_pretty(&log)? + "\n");
        }
        ScanFormat::CyclonedxVex => VexFormat::CycloneDx,
        ScanFormat::Openvex => VexFormat::OpenVex,
        ScanFormat::CsafVex => VexFormat::Csaf,
    };
    let timestamp = sbom
        .created
        .clone()
        .unwrap_or_else(|| jiff::Timestamp::now().to_string());
    let document = analysis::to_vex(report, components, vex_format, "Rampart", &timestamp);
    let mut text = vex::write(&document, vex_format);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// The human table: one row per finding, highest priority first, then the counts and where
/// to see the rest.
pub fn table(report: &ScanReport, sbom: &Path, width: Option<u16>) -> String {
    let mut text = String::new();
    let s = &report.summary;
    text.push_str(&format!(
        "{}: {} components, {} affected by {} vulnerabilities ({} critical, {} high, {} medium, {} low, {} unknown; {} known exploited)\n",
        sbom.display(),
        s.components,
        s.affected_components,
        s.affected,
        s.critical,
        s.high,
        s.medium,
        s.low,
        s.unknown,
        s.kev
    ));
    if report.findings.is_empty() {
        text.push_str("no known vulnerabilities match\n");
    } else {
        let mut table = output::table(
            &[
                "Priority",
                "ID",
                "Severity",
                "Component",
                "Version",
                "Fixed in",
                "KEV",
                "EPSS",
                "Confidence",
                "Status",
            ],
            width,
        );
        for f in &report.findings {
            let severity = f.severity.as_ref().map_or_else(String::new, |s| {
                let level = format!("{:?}", s.level).to_lowercase();
                match s.score {
                    Some(score) => format!("{level} {score:.1}"),
                    None => level,
                }
            });
            let status = match &f.analysis {
                Some(a) => format!(
                    "{} ({})",
                    status_word(f.status),
                    match a.source {
                        AnalysisSource::Vex => "VEX",
                        AnalysisSource::Triage => "triage",
                    }
                ),
                None => status_word(f.status).to_owned(),
            };
            table.add_row(vec![
                format!("{:?}", f.priority.tier).to_lowercase(),
                f.id.clone(),
                severity,
                f.component.name.clone(),
                f.component.version.clone().unwrap_or_default(),
                f.fixed_versions.join(", "),
                if f.kev.is_some() { "yes" } else { "" }.to_owned(),
                f.epss
                    .as_ref()
                    .map_or_else(String::new, |e| format!("{:.3}", e.probability)),
                format!("{:?}", f.confidence).to_lowercase(),
                status,
            ]);
        }
        text.push_str(&output::draw(table));
        text.push('\n');
    }
    if !report.notes.is_empty() {
        text.push_str(&format!(
            "{} note{} (undecided versions, distro data superseding upstream, expired triage): see --format json\n",
            report.notes.len(),
            if report.notes.len() == 1 { "" } else { "s" }
        ));
    }
    text
}

fn status_word(status: Status) -> &'static str {
    match status {
        Status::Affected => "affected",
        Status::UnderInvestigation => "under investigation",
        Status::Fixed => "fixed",
        Status::NotAffected => "not affected",
    }
}
