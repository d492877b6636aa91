//! `rampart sbom …`: validate, convert and compare CycloneDX and SPDX documents.
//!
//! Thin: reading, writing and the diff live in `rampart-sbom`; version order in
//! `rampart-version`. This module picks the ecosystem of a purl type, renders tables and
//! maps outcomes to exit codes (validate: 0 valid, 1 invalid, 2 unreadable).

use std::cmp::Ordering;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use rampart_sbom::diff::{Change, SbomDiff, Side};
use rampart_sbom::{OutputFormat, Sbom, SbomError};
use rampart_version::vers::Scheme;
use serde::Serialize;

use crate::output;

/// `rampart sbom` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum SbomCommand {
    /// Check SBOMs (CycloneDX 1.4–1.6 JSON or XML, SPDX 2.2/2.3 JSON or tag-value) and print
    /// every problem as `file:line:col: message`. Exit 0 all valid, 1 some invalid, 2 some
    /// unreadable.
    Validate(ValidateArgs),
    /// Convert an SBOM to CycloneDX 1.6 JSON or SPDX 2.3 JSON (docs/sbom.md lists what is kept).
    Convert(ConvertArgs),
    /// Compare two SBOMs: components added, removed, upgraded, downgraded and changed.
    Diff(DiffArgs),
}

/// Arguments of `rampart sbom validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// The SBOM files (`-` for standard input).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
}

/// Output formats of `convert`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ConvertTo {
    /// CycloneDX 1.6 JSON.
    CyclonedxJson,
    /// SPDX 2.3 JSON.
    SpdxJson,
}

/// Arguments of `rampart sbom convert`.
#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// The SBOM to convert (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The format to write.
    #[arg(long, value_enum)]
    pub to: ConvertTo,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Table for people, JSON for tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// One row per difference.
    Table,
    /// JSON, schema `rampart.sbom.diff/1` (docs/sbom.md).
    Json,
}

/// Arguments of `rampart sbom diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The old SBOM.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The new SBOM.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs a `rampart sbom` subcommand, writing to `out` or the `-o` file.
pub fn run(cmd: SbomCommand, width: Option<u16>, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    match cmd {
        SbomCommand::Validate(args) => validate(&args.files, out),
        SbomCommand::Convert(args) => {
            let sbom = load(&args.file)?;
            let format = match args.to {
                ConvertTo::CyclonedxJson => OutputFormat::CycloneDxJson,
                ConvertTo::SpdxJson => OutputFormat::SpdxJson,
            };
            output::write_text(
                &rampart_sbom::write(&sbom, format),
                args.output.as_deref(),
                out,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        SbomCommand::Diff(args) => {
            let old = load(&args.old)?;
            let new = load(&args.new)?;
            let diff = rampart_sbom::diff::diff(&old, &new, &compare_versions);
            let text = match args.format {
                DiffFormat::Table => {
                    diff_table(&diff, output::text_width(width, args.output.is_some()))
                }
                DiffFormat::Json => diff_json(&args, &diff)?,
            };
            output::write_text(&text, args.output.as_deref(), out)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Reads an SBOM; its problems become the error (the binary prints them and exits 2).
fn load(path: &std::path::Path) -> anyhow::Result<Sbom> {
    rampart_sbom::read_path(path).map_err(anyhow::Error::new)
}

fn validate(files: &[PathBuf], out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let mut code = 0u8;
    let mut report = String::new();
    for file in files {
        match rampart_sbom::validate_path(file) {
            Ok(sbom) => {
                let n = sbom.components.len() + usize::from(sbom.subject.is_some());
                report.push_str(&format!(
                    "{}: valid {}, {n} component{}\n",
                    file.display(),
                    sbom.source_format.as_deref().unwrap_or("SBOM"),
                    if n == 1 { "" } else { "s" }
                ));
            }
            Err(e) => {
                code = code.max(if matches!(e, SbomError::Unreadable { .. }) {
                    2
                } else {
                    1
                });
                for p in e.problems() {
                    report.push_str(&format!("{p}\n"));
                }
            }
        }
    }
    output::write_text(&report, None, out)?;
    Ok(ExitCode::from(code))
}

/// Orders two versions of a purl type by the `vers` scheme of the same name (vers names its
/// schemes after purl types: `deb`, `gem`, `golang`, …), else by the generic order.
fn compare_versions(purl_type: Option<&str>, a: &str, b: &str) -> Option<Ordering> {
    purl_type
        .and_then(|t| t.parse::<Scheme>().ok())
        .unwrap_or(Scheme::Generic)
        .compare(a, b)
        .ok()
}

fn diff_table(diff: &SbomDiff, width: Option<u16>) -> String {
    if diff.is_empty() {
        return "no differences\n".to_owned();
    }
    let mut t = output::table(&["Change", "Component", "Old", "New", "Fields"], width);
    let version = |s: &Side| s.version.clone().unwrap_or_else(|| "-".to_owned());
    for s in &diff.added {
        t.add_row(vec![
            "added".into(),
            s.identity.clone(),
            "-".into(),
            version(s),
            String::new(),
        ]);
    }
    for s in &diff.removed {
        t.add_row(vec![
            "removed".into(),
            s.identity.clone(),
            version(s),
            "-".into(),
            String::new(),
        ]);
    }
    let rows = |t: &mut comfy_table::Table, label: &str, list: &[Change]| {
        for c in list {
            t.add_row(vec![
                label.to_owned(),
                c.identity.clone(),
                version(&c.old),
                version(&c.new),
                c.fields.join(", "),
            ]);
        }
    };
    rows(&mut t, "upgraded", &diff.upgraded);
    rows(&mut t, "downgraded", &diff.downgraded);
    rows(&mut t, "changed", &diff.changed);
    let mut text = output::draw(t);
    text.push('\n');
    text.push_str(&format!(
        "{} added, {} removed, {} upgraded, {} downgraded, {} changed\n",
        diff.added.len(),
        diff.removed.len(),
        diff.upgraded.len(),
        diff.downgraded.len(),
        diff.changed.len()
    ));
    text
}

#[derive(Serialize)]
struct DiffDocument<'a> {
    schema: &'static str,
    old: String,
    new: String,
    #[serde(flatten)]
    diff: &'a SbomDiff,
}

fn diff_json(args: &DiffArgs, diff: &SbomDiff) -> anyhow::Result<String> {
    let doc = DiffDocument {
        schema: "rampart.sbom.diff/1",
        old: args.old.display().to_string(),
        new: args.new.display().to_string(),
        diff,
    };
    let mut text = serde_json::to_string_pretty(&doc).context("cannot render the diff")?;
    text.push('\n');
    Ok(text)
}
