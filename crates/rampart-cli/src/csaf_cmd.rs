//! `rampart csaf …`: CSAF 2.0 documents (security advisories, VEX).
//!
//! Thin: reading and every check live in `rampart-csaf`. This module renders the verdicts and
//! maps them to exit codes (validate: 0 all valid, 1 some fail the schema or a mandatory test,
//! 2 some unreadable or not JSON).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use rampart_csaf::{Failure, MANDATORY_TESTS};
use serde::Serialize;

use crate::output;

/// `rampart csaf` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum CsafCommand {
    /// Check CSAF 2.0 documents against the OASIS JSON schema and every mandatory test of
    /// section 6.1 (6.1.1–6.1.33); print each failure with its test id and JSON pointer.
    /// Exit 0 all valid, 1 some invalid, 2 some unreadable.
    Validate(ValidateArgs),
}

/// Table for people, JSON for tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ValidateFormat {
    /// Per file, its verdict and a table of failures.
    Table,
    /// JSON, schema `rampart.csaf-validate/1` (docs/csaf.md).
    Json,
}

/// Arguments of `rampart csaf validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// The CSAF documents (`-` for standard input).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ValidateFormat::Table)]
    pub format: ValidateFormat,
}

/// Runs a `rampart csaf` subcommand.
pub fn run(cmd: CsafCommand, width: Option<u16>, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    match cmd {
        CsafCommand::Validate(args) => validate(&args, width, out),
    }
}

/// The verdict on one file.
#[derive(Serialize)]
struct FileVerdict {
    file: String,
    /// `valid`, `invalid` or `unreadable`.
    verdict: &'static str,
    /// Why the file could not be read (`unreadable` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    failures: Vec<Failure>,
}

#[derive(Serialize)]
struct ValidateDocument<'a> {
    schema: &'static str,
    files: &'a [FileVerdict],
}

fn validate(
    args: &ValidateArgs,
    width: Option<u16>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let verdicts: Vec<FileVerdict> = args.files.iter().map(|path| verdict(path)).collect();
    let code = verdicts
        .iter()
        .map(|v| match v.verdict {
            "valid" => 0u8,
            "invalid" => 1,
            _ => 2,
        })
        .max()
        .unwrap_or(0);
    let text = match args.format {
        ValidateFormat::Json => {
            let doc = ValidateDocument {
                schema: "rampart.csaf-validate/1",
                files: &verdicts,
            };
            let mut text =
                serde_json::to_string_pretty(&doc).context("cannot render the verdicts")?;
            text.push('\n');
            text
        }
        ValidateFormat::Table => table(&verdicts, output::text_width(width, false)),
    };
    output::write_text(&text, None, out)?;
    Ok(ExitCode::from(code))
}

fn verdict(path: &std::path::Path) -> FileVerdict {
    let file = if path.as_os_str() == "-" {
        rampart_yaml::STDIN_NAME.to_owned()
    } else {
        path.display().to_string()
    };
    match rampart_csaf::read_path(path) {
        Err(e) => FileVerdict {
            file,
            verdict: "unreadable",
            error: Some(e.to_string()),
            failures: Vec::new(),
        },
        Ok(doc) => {
            let report = rampart_csaf::validate(&doc);
            FileVerdict {
                file,
                verdict: if report.is_valid() {
                    "valid"
                } else {
                    "invalid"
                },
                error: None,
                failures: report.failures,
            }
        }
    }
}

fn table(verdicts: &[FileVerdict], width: Option<u16>) -> String {
    let mut text = String::new();
    for v in verdicts {
        match v.verdict {
            "valid" => text.push_str(&format!(
                "{}: valid CSAF 2.0 (schema and {} mandatory tests)\n",
                v.file,
                MANDATORY_TESTS.len()
            )),
            "unreadable" => {
                text.push_str(&format!("{}\n", v.error.as_deref().unwrap_or(&v.file)));
            }
            _ => {
                let n = v.failures.len();
                text.push_str(&format!(
                    "{}: invalid CSAF 2.0, {n} failure{}\n",
                    v.file,
                    if n == 1 { "" } else { "s" }
                ));
                let mut t = output::table(&["Test", "Pointer", "Message"], width);
                for f in &v.failures {
                    let pointer = if f.pointer.is_empty() {
                        "/"
                    } else {
                        &f.pointer
                    };
                    t.add_row(vec![
                        f.test.to_owned(),
                        pointer.to_owned(),
                        f.message.clone(),
                    ]);
                }
                text.push_str(&output::draw(t));
                text.push('\n');
            }
        }
    }
    text
}
