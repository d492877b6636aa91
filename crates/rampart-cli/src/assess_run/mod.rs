//! `rampart assess product|system|organisation`: the commands that conclude an assessment.
//! Each reads its inputs (image, SBOM or root filesystem folder; the advisory index;
//! answers; a system model), runs the analyses with progress on a terminal, concludes
//! through `rampart_assess`, then ends in [`finish`]: the report set written through
//! `rampart_report`, the review recorded when asked, the summary printed.
//!
//! - [`product`](mod@product): `assess product`, a firmware image, folder or SBOM.
//! - [`system`](mod@system): `assess system`, a plant model.
//! - [`organisation`](mod@organisation): `assess organisation`, a 2-1 answers file.
//! - [`report_set`]: the files of the report set and the summary.

mod organisation;
mod product;
mod report_set;
mod system;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;
use rampart_assess::results::{AssessmentResults, InputFile};
use rampart_catalog::Catalog;
use rampart_system::IsoDate;

pub use organisation::{OrganisationArgs, organisation};
pub use product::{ProductArgs, product};
pub use report_set::{Extras, write_report_set};
pub use system::{SystemArgs, system};

/// The options every `assess` run shares (product, system, organisation): earlier results for
/// the trend, replacement templates and the day of the run.
#[derive(Debug, clap::Args)]
pub struct RunOptions {
    /// Earlier `results.json` of the same subject, for the trend. May be repeated.
    #[arg(long, value_name = "FILE")]
    pub previous: Vec<PathBuf>,
    /// Replace the report templates with those in DIR (same file names as the built-in ones).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// The day of the run (default: today, UTC).
    #[arg(long, value_name = "DATE", env = "RAMPART_TODAY")]
    pub today: Option<IsoDate>,
}

/// Largest `results.json` read back for the trend.
const MAX_RESULTS_BYTES: u64 = 256 * 1024 * 1024;

/// Largest input hashed for provenance (the largest input cap: an image).
const MAX_HASHED_BYTES: u64 = 8 << 30;

/// Steps of a run, shown as a spinner with the current step on a terminal (nothing when
/// standard error is not one), and timed for the summary.
struct Steps {
    bar: indicatif::ProgressBar,
    started: Instant,
    step_started: Instant,
    current: Option<&'static str>,
    timings: Vec<(&'static str, std::time::Duration)>,
}

impl Steps {
    fn new() -> Steps {
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Steps {
            bar,
            started: Instant::now(),
            step_started: Instant::now(),
            current: None,
            timings: Vec::new(),
        }
    }

    fn step(&mut self, name: &'static str) {
        self.finish_step();
        self.bar.set_message(name);
        self.current = Some(name);
        self.step_started = Instant::now();
    }

    fn finish_step(&mut self) {
        if let Some(name) = self.current.take() {
            self.timings.push((name, self.step_started.elapsed()));
        }
    }

    fn done(
        mut self,
    ) -> (
        Vec<(&'static str, std::time::Duration)>,
        std::time::Duration,
    ) {
        self.finish_step();
        self.bar.finish_and_clear();
        (self.timings, self.started.elapsed())
    }
}

/// Where and how a concluded run writes its output.
struct Output<'a> {
    /// The report set's folder.
    dir: &'a Path,
    /// Replacement templates.
    templates: Option<&'a Path>,
    /// The answers file, when `--record-review` asks for the review to be recorded in it.
    record_review: Option<&'a rampart_assess::AssessmentFile>,
    /// The advisory index's state token to record.
    index_state: Option<String>,
    /// The day of the run.
    today: IsoDate,
    /// The terminal width for the gap table.
    width: Option<u16>,
}

/// The tail every `assess` run shares: writes the report set (each file atomically), records
/// the review in the answers file when asked (the subject's artifact SHA-256 and the index
/// state), then prints the summary with the step timings.
fn finish(
    results: &AssessmentResults,
    extras: &Extras<'_>,
    output: Output<'_>,
    mut steps: Steps,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    steps.step("writing the report set");
    let written = write_report_set(results, extras, output.dir, output.templates)?;
    if let Some(file) = output.record_review {
        let artifact_sha = results
            .subject
            .artifact
            .as_ref()
            .and_then(|a| a.sha256.clone());
        record_review(file, output.today, artifact_sha, output.index_state)?;
    }
    let (timings, total) = steps.done();
    report_set::summary(
        results,
        &written,
        output.dir,
        &timings,
        total,
        output.width,
        out,
    )
}

/// Writes the run's review into the answers file (`review:` block only, the rest kept byte
/// for byte): the day, the version, the artifact's SHA-256 and the index's state token.
fn record_review(
    file: &rampart_assess::AssessmentFile,
    today: IsoDate,
    artifact_sha256: Option<String>,
    index_state: Option<String>,
) -> anyhow::Result<()> {
    let record =
        rampart_assess::file::ReviewRecord::for_file(file, today, artifact_sha256, index_state);
    rampart_assess::file::record_review_file(Path::new(&file.file), &record)?;
    Ok(())
}

fn load_answers(
    path: Option<&Path>,
    catalog: &Catalog,
    inputs: &mut Vec<InputFile>,
) -> anyhow::Result<Option<rampart_assess::AssessmentFile>> {
    let Some(path) = path else {
        return Ok(None);
    };
    let file = rampart_assess::AssessmentFile::load(path, catalog)?;
    inputs.push(input_file("answers", Path::new(&file.file))?);
    Ok(Some(file))
}

/// Earlier results, each validated as `rampart.assessment-results/1`.
fn read_previous(
    paths: &[PathBuf],
    inputs: &mut Vec<InputFile>,
) -> anyhow::Result<Vec<AssessmentResults>> {
    let mut previous = Vec::new();
    for path in paths {
        let bytes = rampart_yaml::read_input_bytes(path, MAX_RESULTS_BYTES)
            .with_context(|| format!("{}: cannot read the earlier results", path.display()))?;
        let results: AssessmentResults = serde_json::from_slice(&bytes).map_err(|e| {
            anyhow::anyhow!(
                "{}:{}:{}: not a Rampart results.json: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        if results.schema != rampart_assess::RESULTS_SCHEMA {
            anyhow::bail!(
                "{}: schema `{}`, expected `{}`",
                path.display(),
                results.schema,
                rampart_assess::RESULTS_SCHEMA
            );
        }
        inputs.push(hashed_input("previous-results", path, &bytes));
        previous.push(results);
    }
    Ok(previous)
}

/// The index's state token (see `rampart assess status`).
fn index_state(path: &Path) -> anyhow::Result<Option<String>> {
    let index = rampart_advisory::index::Index::open_read(path)?;
    let status = index.status(jiff::Timestamp::now(), u64::MAX)?;
    Ok(Some(rampart_assess::review::advisory_index_state(
        status.sources.iter().map(|s| {
            (
                s.id.as_str(),
                s.records,
                s.last_import.as_deref(),
                s.last_update.as_deref(),
            )
        }),
    )))
}

/// An input already read whole: its SHA-256 and size from the very bytes parsed, so the
/// provenance names what was concluded from even if the file changes afterwards.
fn hashed_input(role: &str, path: &Path, bytes: &[u8]) -> InputFile {
    use sha2::Digest as _;
    InputFile {
        role: role.to_owned(),
        path: path.display().to_string(),
        sha256: Some(data_encoding::HEXLOWER.encode(&sha2::Sha256::digest(bytes))),
        size: Some(bytes.len() as u64),
    }
}

/// A file read by a library that does not hand its bytes back, with its SHA-256 and size.
fn input_file(role: &str, path: &Path) -> anyhow::Result<InputFile> {
    use sha2::Digest as _;
    // Regular files only, opened without blocking (the project's bounded opener); the inputs
    // hashed here were all read whole, within their own caps, just before.
    let mut file = rampart_yaml::open_regular(path, MAX_HASHED_BYTES)
        .with_context(|| path.display().to_string())?;
    let mut hasher = sha2::Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n =
            std::io::Read::read(&mut file, &mut buf).with_context(|| path.display().to_string())?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok(InputFile {
        role: role.to_owned(),
        path: path.display().to_string(),
        sha256: Some(data_encoding::HEXLOWER.encode(&hasher.finalize())),
        size: Some(size),
    })
}
