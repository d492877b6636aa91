//! `rampart assess organisation`: an asset owner's IEC 62443-2-1 programme concluded from its
//! answers file (an `assessment.yaml` whose subject is an organisation).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use rampart_catalog::Catalog;
use rampart_system::IsoDate;

use super::{Extras, Output, RunOptions, Steps, read_previous};

/// Arguments of `rampart assess organisation`.
#[derive(Debug, clap::Args)]
pub struct OrganisationArgs {
    /// The assessor's answers: an assessment file whose subject is an organisation
    /// (`rampart assess init --organisation NAME` writes one).
    #[arg(long, value_name = "FILE")]
    pub answers: PathBuf,
    /// Where to write the report set (created if missing).
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,
    /// Record this run as the review in the answers file's `review:` block (the day and the
    /// version); the rest of the file is kept byte for byte.
    #[arg(long)]
    pub record_review: bool,
    #[command(flatten)]
    pub run: RunOptions,
}

/// Runs `rampart assess organisation`.
pub fn organisation(
    args: &OrganisationArgs,
    catalog: &Catalog,
    width: Option<u16>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let today = args.run.today.unwrap_or_else(IsoDate::today_utc);
    let mut steps = Steps::new();
    let mut inputs = Vec::new();
    steps.step("reading the answers");
    let answers = rampart_assess::AssessmentFile::load(&args.answers, catalog)?;
    inputs.push(super::input_file(
        "answers",
        std::path::Path::new(&answers.file),
    )?);
    let previous = read_previous(&args.run.previous, &mut inputs)?;
    steps.step("concluding: statuses, readiness, maturity, gaps");
    let results = rampart_assess::organisation::assess_organisation(
        &rampart_assess::organisation::OrganisationInput {
            catalog,
            answers: &answers,
            previous: &previous,
            inputs,
            today,
        },
    )?;
    super::finish(
        &results,
        &Extras::NONE,
        Output {
            dir: &args.out,
            templates: args.run.templates.as_deref(),
            record_review: Some(&answers).filter(|_| args.record_review),
            index_state: None,
            today,
            width,
        },
        steps,
        out,
    )?;
    Ok(ExitCode::SUCCESS)
}
