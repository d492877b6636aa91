//! `rampart assess product|system`: the headline commands. Reads the inputs (image, SBOM or
//! root filesystem folder; the advisory index; answers; a system model), runs the analyses
//! with progress on a terminal, concludes through `rampart_assess` and writes the report set
//! through `rampart_report`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use rampart_assess::results::{AssessmentResults, InputFile};
use rampart_catalog::{Catalog, ComponentType, SlVector};
use rampart_system::IsoDate;

use crate::firmware_cmd::LimitArgs;

/// Arguments of `rampart assess product`. `--version` is the product's, so the command has
/// no `--version` flag of its own (`rampart --version` still prints Rampart's).
#[derive(Debug, clap::Args)]
#[command(disable_version_flag = true)]
pub struct ProductArgs {
    /// A firmware image, a root filesystem folder, or an SBOM (CycloneDX or SPDX).
    #[arg(value_name = "IMAGE|SBOM")]
    pub input: PathBuf,
    /// The product's IEC 62443-4-2 component type.
    #[arg(long, value_name = "TYPE")]
    pub component_type: ComponentType,
    /// The target security level vector: one level for every FR (`2`) or seven
    /// (`SL-T(2,2,3,1,2,1,2)`, `2,2,3,1,2,1,2`).
    #[arg(long, value_name = "VECTOR")]
    pub sl_t: SlVector,
    /// The assessor's answers (an assessment file, `rampart schema assessment`).
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// Record this run as the review in the answers file's `review:` block (the day, the
    /// version, the artifact's SHA-256 and the advisory index's state); the rest of the file
    /// is kept byte for byte.
    #[arg(long, requires = "answers")]
    pub record_review: bool,
    /// A system model the product is placed in (with `--asset`): its zone's exposure ranks
    /// the gaps, and the report shows the zone.
    #[arg(long, value_name = "MODEL", requires = "asset")]
    pub system: Option<PathBuf>,
    /// The asset of `--system` that is this product.
    #[arg(long, value_name = "ID", requires = "system")]
    pub asset: Option<String>,
    /// Where to write the report set (created if missing).
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,
    /// The product's name (default: the SBOM's subject, else the file name).
    #[arg(long)]
    pub name: Option<String>,
    /// The product's version (default: the SBOM subject's version).
    #[arg(long)]
    pub version: Option<String>,
    /// The advisory index (default: `$XDG_DATA_HOME/rampart/advisories.redb`). Without one,
    /// the report says vulnerabilities were not matched.
    #[arg(long, env = "RAMPART_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// VEX documents applied to the scan. May be repeated.
    #[arg(long, value_name = "FILE")]
    pub vex: Vec<PathBuf>,
    /// The team's triage file.
    #[arg(long, value_name = "FILE")]
    pub triage: Option<PathBuf>,
    /// Earlier `results.json` of the same product, for the trend. May be repeated.
    #[arg(long, value_name = "FILE")]
    pub previous: Vec<PathBuf>,
    /// Replace the report templates with those in DIR (same file names as the built-in ones).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// The day of the run (default: today, UTC).
    #[arg(long, value_name = "DATE", env = "RAMPART_TODAY")]
    pub today: Option<IsoDate>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

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
    /// Earlier `results.json` of the same system, for the trend. May be repeated.
    #[arg(long, value_name = "FILE")]
    pub previous: Vec<PathBuf>,
    /// Replace the report templates with those in DIR.
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

/// Bytes read to tell an SBOM from a firmware image.
const SNIFF_BYTES: usize = 64 * 1024;

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

/// What the product was read from.
enum Artifact {
    Firmware(Box<rampart_firmware::analysis::FirmwareAnalysis>),
    Sbom(Box<rampart_sbom::Sbom>),
}

/// Runs `rampart assess product`.
pub fn product(
    args: &ProductArgs,
    catalog: &Catalog,
    width: Option<u16>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let today = args.today.unwrap_or_else(IsoDate::today_utc);
    let mut steps = Steps::new();
    let mut inputs = Vec::new();
    steps.step("reading the answers and the system model");
    let answers = load_answers(args.answers.as_deref(), catalog, &mut inputs)?;
    let placement = match (&args.system, &args.asset) {
        (Some(model_path), Some(asset)) => {
            let model = rampart_system::SystemModel::load_with(model_path, catalog)?;
            inputs.push(input_file("system-model", model_path)?);
            let idx = model
                .asset_indexes()
                .find(|&a| model.asset(a).id == *asset)
                .with_context(|| {
                    format!("{}: no asset `{asset}` in the model", model_path.display())
                })?;
            Some((model, idx))
        }
        _ => None,
    };
    let previous = read_previous(&args.previous, &mut inputs)?;
    steps.step("analysing the product");
    steps.bar.suspend(|| ());
    let artifact = read_artifact(&args.input, &args.limits, today, &mut steps)?;
    let (components, artifact_file, default_name, default_version) = match &artifact {
        Artifact::Firmware(analysis) => {
            let sbom = analysis.sbom();
            let file = InputFile {
                role: "image".to_owned(),
                path: args.input.display().to_string(),
                sha256: analysis.image.sha256.clone(),
                size: Some(analysis.image.size),
            };
            (
                crate::scan_cmd::components_of(&sbom),
                file,
                analysis.image.name.clone(),
                None,
            )
        }
        Artifact::Sbom(sbom) => {
            let subject = sbom.subject.as_ref();
            (
                crate::scan_cmd::components_of(sbom.as_ref()),
                input_file("sbom", &args.input)?,
                subject.map_or_else(|| file_name(&args.input), |s| s.name.clone()),
                subject.and_then(|s| s.version.clone()),
            )
        }
    };
    inputs.insert(0, artifact_file.clone());
    steps.step("matching vulnerabilities");
    let (scan, index_state) = scan_components(
        args.db.clone(),
        &components,
        &args.vex,
        args.triage.as_deref(),
        &mut inputs,
    )?;
    steps.step("concluding: evidence rules, statuses, scores, gaps");
    let recorded_index = index_state.clone();
    let firmware = match &artifact {
        Artifact::Firmware(a) => Some(a.as_ref()),
        Artifact::Sbom(_) => None,
    };
    let results =
        rampart_assess::product::assess_product(&rampart_assess::product::ProductInput {
            catalog,
            name: args
                .name
                .clone()
                .or_else(|| answers.as_ref().map(|a| a.subject.name.clone()))
                .unwrap_or(default_name),
            version: args
                .version
                .clone()
                .or_else(|| answers.as_ref().and_then(|a| a.subject.version.clone()))
                .or(default_version),
            component_type: args.component_type,
            sl_t: args.sl_t,
            with_4_1: false,
            artifact: artifact_file,
            firmware,
            components: &components,
            scan: scan.as_ref(),
            answers: answers.as_ref(),
            placement: placement.as_ref().map(|(m, a)| (m, *a)),
            previous: &previous,
            inputs,
            index_state,
            today,
        })?;
    steps.step("writing the report set");
    let extras = Extras {
        scan: scan.as_ref(),
        components: &components,
        sbom: firmware.map(rampart_firmware::analysis::FirmwareAnalysis::sbom),
    };
    let written = write_report_set(&results, &extras, &args.out, args.templates.as_deref())?;
    if args.record_review
        && let Some(file) = &answers
    {
        let artifact_sha = results
            .subject
            .artifact
            .as_ref()
            .and_then(|a| a.sha256.clone());
        record_review(file, today, artifact_sha, recorded_index)?;
    }
    let (timings, total) = steps.done();
    summary(&results, &written, &args.out, &timings, total, width, out)?;
    Ok(ExitCode::SUCCESS)
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

/// Runs `rampart assess system`.
pub fn system(
    args: &SystemArgs,
    catalog: &Catalog,
    width: Option<u16>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let today = args.today.unwrap_or_else(IsoDate::today_utc);
    let mut steps = Steps::new();
    let mut inputs = Vec::new();
    steps.step("reading the model and the answers");
    let model = rampart_system::SystemModel::load_with(&args.model, catalog)?;
    inputs.push(input_file("system-model", &args.model)?);
    let answers = load_answers(args.answers.as_deref(), catalog, &mut inputs)?;
    let previous = read_previous(&args.previous, &mut inputs)?;
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
        (Some(vulns), index_state(&db)?)
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
    steps.step("writing the report set");
    let extras = Extras {
        scan: None,
        components: &[],
        sbom: None,
    };
    let written = write_report_set(&results, &extras, &args.out, args.templates.as_deref())?;
    if args.record_review
        && let Some(file) = &answers
    {
        let model_sha = results
            .subject
            .artifact
            .as_ref()
            .and_then(|a| a.sha256.clone());
        record_review(file, today, model_sha, recorded_index)?;
    }
    let (timings, total) = steps.done();
    summary(&results, &written, &args.out, &timings, total, width, out)?;
    Ok(ExitCode::SUCCESS)
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
        inputs.push(input_file("previous-results", path)?);
        previous.push(results);
    }
    Ok(previous)
}

/// Reads the product: a folder is a root filesystem; a file whose start an SBOM reader
/// recognises is an SBOM; anything else is a firmware image.
fn read_artifact(
    path: &Path,
    limits: &LimitArgs,
    today: IsoDate,
    steps: &mut Steps,
) -> anyhow::Result<Artifact> {
    let meta = std::fs::metadata(path).with_context(|| path.display().to_string())?;
    if !meta.is_dir() {
        let mut head = Vec::with_capacity(SNIFF_BYTES);
        // Through the bounded opener: a regular file only, opened without blocking, so a FIFO
        // or device named as the input cannot hang the sniff.
        let file = rampart_yaml::open_regular(path, limits.max_image_size)
            .with_context(|| path.display().to_string())?;
        std::io::Read::read_to_end(
            &mut std::io::Read::take(file, SNIFF_BYTES as u64),
            &mut head,
        )
        .with_context(|| path.display().to_string())?;
        let name = path.display().to_string();
        if rampart_sbom::detect(&name, &head).is_some() {
            let sbom = rampart_sbom::read_path(path)?;
            return Ok(Artifact::Sbom(Box::new(sbom)));
        }
    }
    // The firmware progress bar replaces the spinner while it runs.
    steps
        .bar
        .set_draw_target(indicatif::ProgressDrawTarget::hidden());
    let analysis = crate::firmware_cmd::analyze_path(path, limits, today.date())?;
    steps
        .bar
        .set_draw_target(indicatif::ProgressDrawTarget::stderr());
    Ok(Artifact::Firmware(Box::new(analysis)))
}

/// Scans the components when an index exists; without one, warns and goes on (the report
/// says vulnerabilities were not matched).
fn scan_components(
    db: Option<PathBuf>,
    components: &[rampart_sbom::Component],
    vex: &[PathBuf],
    triage: Option<&Path>,
    inputs: &mut Vec<InputFile>,
) -> anyhow::Result<(Option<rampart_advisory::ScanReport>, Option<String>)> {
    let path = crate::db_cmd::db_path(db)?;
    if !path.is_file() {
        eprintln!(
            "warning: no advisory index at {}: vulnerabilities are not matched (`rampart db import` or `rampart db update` builds one)",
            path.display()
        );
        return Ok((None, None));
    }
    let index = rampart_advisory::index::Index::open_read(&path)?;
    let statements = crate::scan_cmd::read_vex(vex)?;
    for v in vex {
        inputs.push(input_file("vex", v)?);
    }
    let triage_file = match triage {
        Some(t) => {
            inputs.push(input_file("triage", t)?);
            Some(
                rampart_advisory::vex::triage::read_path(t).map_err(|problems| {
                    anyhow::anyhow!(
                        "{}",
                        problems
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("\n")
                    )
                })?,
            )
        }
        None => None,
    };
    let report = crate::scan_cmd::scan(components, &index, &statements, triage_file.as_ref())?;
    inputs.push(InputFile {
        role: "advisory-index".to_owned(),
        path: path.display().to_string(),
        sha256: None,
        size: None,
    });
    Ok((Some(report), index_state(&path)?))
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

/// A file read, with its SHA-256 and size.
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

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// What the report set needs beyond the results: the scan and components (for VEX) and the
/// product's SBOM when it was derived from an image.
pub struct Extras<'a> {
    /// The scan, when one ran.
    pub scan: Option<&'a rampart_advisory::ScanReport>,
    /// The components scanned.
    pub components: &'a [rampart_sbom::Component],
    /// The SBOM derived from the image.
    pub sbom: Option<rampart_sbom::Sbom>,
}

/// Writes every file of the report set into `dir` and returns their names and sizes, in
/// the order written. Each file is written whole to a temporary name, then renamed, so an
/// interrupted run never leaves a half-written report beside good ones.
pub fn write_report_set(
    results: &AssessmentResults,
    extras: &Extras<'_>,
    dir: &Path,
    templates: Option<&Path>,
) -> anyhow::Result<Vec<(String, u64)>> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create the output folder", dir.display()))?;
    let mut written = Vec::new();
    let mut put = |name: &str, bytes: &[u8]| -> anyhow::Result<()> {
        let path = dir.join(name);
        let tmp = dir.join(format!(".{name}.tmp"));
        std::fs::write(&tmp, bytes).with_context(|| format!("{}: cannot write", tmp.display()))?;
        std::fs::rename(&tmp, &path)
            .with_context(|| format!("{}: cannot write", path.display()))?;
        written.push((name.to_owned(), bytes.len() as u64));
        Ok(())
    };
    let json = |v: &serde_json::Value| -> anyhow::Result<Vec<u8>> {
        let mut text = serde_json::to_vec_pretty(v)?;
        text.push(b'\n');
        Ok(text)
    };
    let mut results_json = serde_json::to_vec_pretty(results)?;
    results_json.push(b'\n');
    put("results.json", &results_json)?;
    put(
        "report.html",
        rampart_report::render_html(results, templates)?.as_bytes(),
    )?;
    #[cfg(feature = "pdf")]
    put(
        "report.pdf",
        &rampart_report::render_pdf(
            results,
            templates
                .map(|t| t.join("report.typ"))
                .as_deref()
                .filter(|p| p.is_file()),
        )?,
    )?;
    put("requirements.xlsx", &rampart_report::render_xlsx(results)?)?;
    put("report.docx", &rampart_report::render_docx(results)?)?;
    put(
        "assessment-results.oscal.json",
        &json(&rampart_report::export::oscal_assessment_results(results))?,
    )?;
    if results.subject.kind == rampart_assess::results::SubjectKind::Product {
        put(
            "component-definition.oscal.json",
            &json(&rampart_report::export::oscal_component_definition(results))?,
        )?;
    }
    put(
        "findings.sarif",
        &json(&rampart_report::export::sarif(results))?,
    )?;
    if let Some(advisory) = rampart_report::export::csaf_advisory(
        results,
        &rampart_report::export::CsafPublisher::default(),
    ) {
        put("advisory.csaf.json", &json(&advisory)?)?;
    }
    if let Some(scan) = extras.scan {
        let document = rampart_advisory::matching::analysis::to_vex(
            scan,
            extras.components,
            rampart_advisory::vex::VexFormat::CycloneDx,
            "Rampart",
            &format!("{}T00:00:00Z", results.generated),
        );
        let mut text =
            rampart_advisory::vex::write(&document, rampart_advisory::vex::VexFormat::CycloneDx);
        if !text.ends_with('\n') {
            text.push('\n');
        }
        put("vex.cdx.json", text.as_bytes())?;
    }
    if let Some(sbom) = &extras.sbom {
        let text = rampart_sbom::write(sbom, rampart_sbom::OutputFormat::CycloneDxJson);
        put("sbom.cdx.json", text.as_bytes())?;
    }
    Ok(written)
}

/// The summary printed when the set is written: levels, readiness, the first gaps, counts,
/// the files and where they are, and how long each step took.
fn summary(
    results: &AssessmentResults,
    written: &[(String, u64)],
    dir: &Path,
    timings: &[(&'static str, std::time::Duration)],
    total: std::time::Duration,
    width: Option<u16>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let subject = &results.subject;
    writeln!(
        out,
        "{} {}{}",
        match subject.kind {
            rampart_assess::results::SubjectKind::Product => "Product",
            rampart_assess::results::SubjectKind::System => "System",
            rampart_assess::results::SubjectKind::Organisation => "Organisation",
        },
        subject.name,
        subject
            .version
            .as_ref()
            .map(|v| format!(" {v}"))
            .unwrap_or_default()
    )?;
    let vector = |f: &dyn Fn(&rampart_assess::results::FrLevels) -> String| {
        results.levels.iter().map(f).collect::<Vec<_>>().join(",")
    };
    writeln!(out, "  SL-T ({})", vector(&|l| l.sl_t.get().to_string()))?;
    writeln!(
        out,
        "  SL-C ({})",
        vector(&|l| l.sl_c.map_or("-".to_owned(), |c| c.get().to_string()))
    )?;
    writeln!(out, "  SL-A ({})", vector(&|l| l.sl_a.get().to_string()))?;
    let r = &results.readiness;
    writeln!(
        out,
        "  readiness {:.1}%: {} of {} required items satisfied ({} partially, {} not satisfied, {} not applicable, {} not assessed)",
        r.percent,
        r.satisfied,
        r.required,
        r.partially,
        r.not_satisfied,
        r.not_applicable,
        r.not_assessed
    )?;
    let open = results
        .vulnerabilities
        .iter()
        .filter(|v| v.status == "affected")
        .count();
    let kev = results
        .vulnerabilities
        .iter()
        .filter(|v| v.status == "affected" && v.kev)
        .count();
    writeln!(
        out,
        "  {} components, {} findings, {} affecting vulnerabilities ({} known exploited); review {} (due {})",
        results.components.total,
        results.findings.len(),
        open,
        kev,
        results.review.state,
        results.review.due
    )?;
    if !results.gaps.is_empty() {
        let mut table = crate::output::table(&["#", "Gap", "Status", "Why"], width);
        for g in results.gaps.iter().take(5) {
            let why = match (&g.severity, g.kev, g.unlocks.first()) {
                (_, true, _) => "known-exploited vulnerability".to_owned(),
                (_, _, Some(u)) => format!("unlocks {} SL {}", u.fr.abbrev(), u.to.get()),
                (Some(s), _, _) => format!("{} finding", s.as_str()),
                _ => "required at SL-T".to_owned(),
            };
            table.add_row(vec![
                g.rank.to_string(),
                format!("{} {}", g.requirement, g.title),
                g.status.as_str().to_owned(),
                why,
            ]);
        }
        writeln!(out, "{}", crate::output::draw(table))?;
        if results.gaps.len() > 5 {
            writeln!(
                out,
                "… and {} more gaps in the report",
                results.gaps.len() - 5
            )?;
        }
    }
    writeln!(out, "Wrote {} files to {}:", written.len(), dir.display())?;
    for (name, size) in written {
        writeln!(out, "  {name} ({size} bytes)")?;
    }
    let steps: Vec<String> = timings
        .iter()
        .map(|(name, d)| format!("{name} {:.2} s", d.as_secs_f64()))
        .collect();
    writeln!(
        out,
        "Done in {:.2} s ({}).",
        total.as_secs_f64(),
        steps.join("; ")
    )?;
    Ok(())
}
