//! `rampart assess system`: a plant model's 3-2 checks, risk and SL gap, its assets'
//! vulnerabilities when an index exists, concluded per 3-3 system-wide and per zone.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rampart_assess::results::InputFile;
use rampart_catalog::Catalog;
use rampart_system::IsoDate;

use super::{Extras, Output, RunOptions, Steps, input_file, load_answers, read_previous};

/// Arguments of `rampart assess system`.
#[derive(Debug, clap::Args)]
pub struct SystemArgs {
    /// The system model (zones, conduits, assets; `rampart schema system`).
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Where to write the report set (created if missing).
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,
    /// The assessor's answers (a system assessment file, `rampart schema assessment`).
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// Record this run as the review in the answers file's `review:` block.
    #[arg(long, requires = "answers")]
    pub record_review: bool,
    /// The advisory index for the assets' SBOMs (default: `$XDG_DATA_HOME/rampart/advisories.redb`).
    #[arg(long, env = "RAMPART_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    #[command(flatten)]
    pub run: RunOptions,
}

/// Runs `rampart assess system`.
pub fn system(
    args: &SystemArgs,
    catalog: &Catalog,
    width: Option<u16>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let today = args.run.today.unwrap_or_else(IsoDate::today_utc);
    let mut steps = Steps::new();
    let mut inputs = Vec::new();
    steps.step("reading the model and the answers");
    let model = rampart_system::SystemModel::load_with(&args.model, catalog)?;
    inputs.push(input_file("system-model", &args.model)?);
    let answers = load_answers(args.answers.as_deref(), catalog, &mut inputs)?;
    let previous = read_previous(&args.run.previous, &mut inputs)?;
    steps.step("matching the assets' vulnerabilities");
    let base = args.model.parent().unwrap_or(Path::new(""));
    let db = crate::db_cmd::db_path(args.db.clone())?;
    let (vulns, index_state) = if db.is_file() {
        let vulns = crate::vulns_cmd::scan_model_files(&model, base, Some(db.clone()))?;
        inputs.push(InputFile {
            role: "advisory-index".to_owned(),
            path: db.display().to_string(),
            sha256: None,
            size: None,
        });
        (Some(vulns), super::index_state(&db)?)
    } else {
        steps.bar.suspend(|| {
            eprintln!(
                "warning: no advisory index at {}: the assets' vulnerabilities are not matched (`rampart db import` or `rampart db update` builds one)",
                db.display()
            );
        });
        (None, None)
    };
    steps.step("concluding: checks, risk, statuses, scores, gaps");
    let recorded_index = index_state.clone();
    let gap = rampart_system::gap::analyse_with(&model, catalog);
    let diagram = rampart_system::render::diagram_svg(&model, &gap);
    let scans: Vec<(String, &rampart_advisory::ScanReport)> = vulns
        .as_ref()
        .map(|v| {
            v.scans
                .iter()
                .map(|s| (model.asset(s.asset).id.clone(), &s.report))
                .collect()
        })
        .unwrap_or_default();
    let results = rampart_assess::plant::assess_system(&rampart_assess::plant::SystemInput {
        catalog,
        model: &model,
        answers: answers.as_ref(),
        scans,
        diagram_svg: Some(diagram),
        previous: &previous,
        inputs,
        index_state,
        today,
    })?;
    super::finish(
        &results,
        &Extras::NONE,
        Output {
            dir: &args.out,
            templates: args.run.templates.as_deref(),
            record_review: answers.as_ref().filter(|_| args.record_review),
            index_state: recorded_index,
            today,
            width,
        },
        steps,
        out,
    )?;
    Ok(ExitCode::SUCCESS)
}
