//! `rampart assess product`: a firmware image, root filesystem folder or SBOM analysed,
//! matched against the advisory index and concluded per 4-2 (and 4-1 when the answers
//! include it).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use rampart_assess::results::InputFile;
use rampart_catalog::{Catalog, ComponentType, SlVector};
use rampart_system::IsoDate;

use super::{Extras, Output, RunOptions, Steps, input_file, load_answers, read_previous};
use crate::firmware_cmd::LimitArgs;

/// Bytes read to tell an SBOM from a firmware image.
const SNIFF_BYTES: usize = 64 * 1024;

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
    #[command(flatten)]
    pub run: RunOptions,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// What the product was read from.
enum Artifact {
    Firmware(Box<rampart_firmware::analysis::FirmwareAnalysis>),
    /// The SBOM and the provenance of the very bytes it was parsed from.
    Sbom(Box<rampart_sbom::Sbom>, InputFile),
}

/// Runs `rampart assess product`.
pub fn product(
    args: &ProductArgs,
    catalog: &Catalog,
    width: Option<u16>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let today = args.run.today.unwrap_or_else(IsoDate::today_utc);
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
    let previous = read_previous(&args.run.previous, &mut inputs)?;
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
        Artifact::Sbom(sbom, file) => {
            let subject = sbom.subject.as_ref();
            (
                crate::scan_cmd::components_of(sbom.as_ref()),
                file.clone(),
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
        Artifact::Sbom(..) => None,
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
    let extras = Extras {
        scan: scan.as_ref(),
        components: &components,
        sbom: firmware.map(rampart_firmware::analysis::FirmwareAnalysis::sbom),
    };
    super::finish(
        &results,
        &extras,
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

/// Reads the product: a folder is a root filesystem; a file whose start an SBOM reader
/// recognises is an SBOM (read once, within the SBOM cap: the bytes parsed are the bytes
/// hashed for provenance); anything else is a firmware image.
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
            let (sbom, file) = read_sbom(path)?;
            return Ok(Artifact::Sbom(Box::new(sbom), file));
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

/// Reads an SBOM whole (bounded by [`rampart_sbom::MAX_SBOM_BYTES`]), parses those bytes and
/// hashes the same bytes: one read, so the recorded SHA-256 is that of what was parsed.
fn read_sbom(path: &Path) -> anyhow::Result<(rampart_sbom::Sbom, InputFile)> {
    let name = path.display().to_string();
    let bytes =
        rampart_yaml::read_input_bytes(path, rampart_sbom::MAX_SBOM_BYTES).map_err(|cause| {
            rampart_sbom::SbomError::Unreadable {
                file: name.clone(),
                cause,
            }
        })?;
    if let Err(e) = std::str::from_utf8(&bytes) {
        return Err(
            rampart_sbom::SbomError::Invalid(vec![rampart_yaml::Problem {
                file: name,
                line: 0,
                col: 0,
                message: format!(
                    "is not UTF-8 text: invalid byte at offset {}",
                    e.valid_up_to()
                ),
            }])
            .into(),
        );
    }
    let sbom = rampart_sbom::read(&name, &bytes)?;
    Ok((sbom, super::hashed_input("sbom", path, &bytes)))
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
    Ok((Some(report), super::index_state(&path)?))
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
