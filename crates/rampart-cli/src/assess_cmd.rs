//! `rampart assess …`: compliance assessments kept as files in a project folder.
//!
//! Thin: the file format, the questions, the decide rules and the review cadence live in
//! `rampart-assess`; this module parses the command line, reads the inputs and maps
//! `--fail-on` to the exit code (0 clean, 1 when `--fail-on` trips; errors bubble up as
//! `anyhow` and the binary maps them to 2). Each subcommand is one variant of
//! [`AssessCommand`] and one `run_*` function.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::builder::TypedValueParser as _;
use rampart_assess::file::{ASSESSMENT_FILE_NAME, SubjectSpec, init_items, init_text};
use rampart_assess::results::SubjectKind;
use rampart_assess::review::{
    Observed, STATUS_SCHEMA, StatusDocument, StatusEntry, advisory_index_state, find_assessments,
};
use rampart_assess::{AssessmentFile, Questions};
use rampart_catalog::{Catalog, ComponentType, Part, SlVector};
use rampart_system::{IsoDate, SystemModel};

use crate::output;

/// `rampart assess` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum AssessCommand {
    /// Write a new assessment file listing every requirement that applies to the subject,
    /// each with the question an engineer answers.
    Init(InitArgs),
    /// List the assessments in folders with when each falls due for review and what changed
    /// since its last review.
    Status(StatusArgs),
    /// Assess a product version from its firmware image, root filesystem or SBOM: firmware
    /// analysis, the vulnerability scan, the evidence rules, the assessor's answers and the
    /// scores, written as the report set (HTML, PDF, spreadsheet, document, JSON, OSCAL,
    /// SARIF, CSAF, VEX).
    Product(Box<crate::assess_run::ProductArgs>),
    /// Assess a plant from its system model: 3-3 per zone, the 3-2 checks, risk and the zone
    /// diagram, written as the report set.
    System(Box<crate::assess_run::SystemArgs>),
    /// Assess an asset owner's security programme (2-1) from its answers file: readiness
    /// and maturity per programme element and the gaps, written as the report set (HTML,
    /// PDF, spreadsheet, document, JSON, OSCAL assessment results).
    Organisation(Box<crate::assess_run::OrganisationArgs>),
}

/// Arguments of `rampart assess init`: exactly one of `--component-type` (a product),
/// `--system` or `--organisation`.
#[derive(Debug, clap::Args)]
#[command(disable_version_flag = true)]
#[command(group(
    clap::ArgGroup::new("subject")
        .required(true)
        .args(["component_type", "system", "organisation"])
))]
pub struct InitArgs {
    /// A product of this 4-2 component type: software-application, embedded-device,
    /// host-device or network-device. Needs `--sl-t`.
    #[arg(long, value_name = "TYPE", requires = "sl_t")]
    pub component_type: Option<ComponentType>,
    /// The product's target SL vector: `SL-T(2,2,2,1,1,1,2)`, `(2,2,2,1,1,1,2)` or one level.
    #[arg(long, value_name = "VECTOR")]
    pub sl_t: Option<SlVector>,
    /// A system: the system model whose zones' SL-T decide the 3-3 items listed.
    #[arg(long, value_name = "MODEL")]
    pub system: Option<PathBuf>,
    /// An organisation's security programme (2-1), by name.
    #[arg(long, value_name = "NAME")]
    pub organisation: Option<String>,
    /// The subject's name (default: the system's name; for a product, `Unnamed product`).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// The product version or model revision.
    #[arg(long, value_name = "VERSION")]
    pub version: Option<String>,
    /// The parts in scope, comma-separated: `4-2` and/or `4-1` for a product (default
    /// `4-2`); a system has `3-3`, an organisation `2-1`.
    #[arg(long, value_name = "PARTS", value_delimiter = ',')]
    pub parts: Vec<Part>,
    /// The product's SBOM, relative to the assessment's folder, whose changes make the
    /// assessment `changed`.
    #[arg(long, value_name = "FILE")]
    pub sbom: Option<String>,
    /// Write to this file, or into this folder as `assessment.yaml` (default: standard output).
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Replace the output file when it exists.
    #[arg(long)]
    pub force: bool,
}

/// What makes `status` exit with 1; several may be given (`--fail-on due,changed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusFailOn {
    /// Any assessment due for review (its due day reached, or never reviewed).
    Due,
    /// Any assessment whose product version, SBOM or advisory index changed since its last
    /// review.
    Changed,
}

/// Table for people, JSON for tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusFormat {
    /// An aligned table.
    Table,
    /// `rampart.assess-status/1` JSON (docs/assessment.md).
    Json,
}

/// Arguments of `rampart assess status`.
#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// Assessment folders (holding `assessment.yaml`), or folders containing several.
    #[arg(value_name = "DIR", required = true)]
    pub dirs: Vec<PathBuf>,
    /// Exit with 1 when any assessment is due, or changed.
    #[arg(long, value_enum, value_delimiter = ',')]
    pub fail_on: Vec<StatusFailOn>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
    pub format: StatusFormat,
    /// The day to judge on, YYYY-MM-DD (default: today in UTC).
    #[arg(long, value_name = "DATE", env = "RAMPART_TODAY")]
    pub today: Option<IsoDate>,
    /// The advisory index whose state is compared with the one recorded at the last review
    /// (default: `$XDG_DATA_HOME/rampart/advisories.redb`; skipped when it does not exist).
    /// Empty means the default.
    #[arg(
        long,
        env = "RAMPART_DB",
        value_name = "PATH",
        value_parser = clap::builder::OsStringValueParser::new().map(PathBuf::from)
    )]
    pub db: Option<PathBuf>,
}

/// Runs one `rampart assess` subcommand.
pub fn run(
    cmd: AssessCommand,
    catalog: &Catalog,
    width: Option<u16>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    match cmd {
        AssessCommand::Init(args) => run_init(&args, catalog, out),
        AssessCommand::Status(args) => run_status(&args, catalog, width, out),
        AssessCommand::Product(args) => crate::assess_run::product(&args, catalog, width, out),
        AssessCommand::System(args) => crate::assess_run::system(&args, catalog, width, out),
        AssessCommand::Organisation(args) => {
            crate::assess_run::organisation(&args, catalog, width, out)
        }
    }
}

/// Where `-o` writes: the file, or `assessment.yaml` in the folder.
fn output_file(path: &Path) -> PathBuf {
    if path.is_dir() || path.as_os_str().to_string_lossy().ends_with('/') {
        path.join(ASSESSMENT_FILE_NAME)
    } else {
        path.to_path_buf()
    }
}

/// `model` as the assessment file names it: relative to the file's folder when it lies
/// inside it, else its absolute path.
fn model_reference(model: &Path, output: Option<&Path>) -> String {
    let folder = output.and_then(Path::parent).map(|p| {
        if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        }
    });
    let (Some(folder), Ok(real)) = (folder, model.canonicalize()) else {
        return model.display().to_string();
    };
    match folder.canonicalize() {
        Ok(base) => real
            .strip_prefix(&base)
            .map_or_else(|_| real.display().to_string(), |r| r.display().to_string()),
        Err(_) => real.display().to_string(),
    }
}

fn run_init(args: &InitArgs, catalog: &Catalog, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let target = args.output.as_deref().map(output_file);
    let mut zone_targets = Vec::new();
    let (subject, default_parts) = if let Some(ty) = args.component_type {
        let subject = SubjectSpec {
            kind: SubjectKind::Product,
            name: args
                .name
                .clone()
                .unwrap_or_else(|| "Unnamed product".to_owned()),
            version: args.version.clone(),
            component_type: Some(ty),
            sl_t: args.sl_t,
            model: None,
            sbom: args.sbom.clone(),
        };
        (subject, vec![Part::P4_2])
    } else if let Some(model_path) = &args.system {
        let model = SystemModel::load_with(model_path, catalog)?;
        zone_targets.extend(model.zones().iter().map(|z| z.sl_t));
        let subject = SubjectSpec {
            kind: SubjectKind::System,
            name: args
                .name
                .clone()
                .unwrap_or_else(|| model.system().name.clone()),
            version: args.version.clone(),
            component_type: None,
            sl_t: None,
            model: Some(model_reference(model_path, target.as_deref())),
            sbom: None,
        };
        (subject, vec![Part::P3_3])
    } else {
        let subject = SubjectSpec {
            kind: SubjectKind::Organisation,
            name: args.organisation.clone().unwrap_or_default(),
            version: args.version.clone(),
            component_type: None,
            sl_t: None,
            model: None,
            sbom: None,
        };
        (subject, vec![Part::P2_1])
    };
    anyhow::ensure!(
        !subject.name.trim().is_empty(),
        "the subject's name is empty"
    );
    let mut parts = if args.parts.is_empty() {
        default_parts
    } else {
        args.parts.clone()
    };
    parts.sort();
    parts.dedup();
    let items = init_items(catalog, &subject, &parts, &zone_targets)?;
    let text = init_text(&subject, &parts, &items, Questions::builtin());
    match &target {
        Some(path) => {
            anyhow::ensure!(
                args.force || !path.exists(),
                "{} exists: give --force to replace it",
                path.display()
            );
            std::fs::write(path, &text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "wrote {} with {} requirement{}",
                path.display(),
                items.len(),
                if items.len() == 1 { "" } else { "s" }
            );
        }
        None => output::write_text(&text, None, out)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The advisory index's state token, when an index is there to read.
fn index_state(db: Option<&Path>) -> anyhow::Result<Option<String>> {
    let path = match db.filter(|p| !p.as_os_str().is_empty()) {
        Some(p) => p.to_path_buf(),
        None => match rampart_advisory::index::default_path() {
            Some(p) if p.exists() => p,
            _ => return Ok(None),
        },
    };
    let index = rampart_advisory::index::Index::open_read(&path)
        .with_context(|| format!("cannot open the advisory index {}", path.display()))?;
    let status = index.status(jiff::Timestamp::now(), u64::MAX)?;
    Ok(Some(advisory_index_state(status.sources.iter().map(|s| {
        (
            s.id.as_str(),
            s.records,
            s.last_import.as_deref(),
            s.last_update.as_deref(),
        )
    }))))
}

fn run_status(
    args: &StatusArgs,
    catalog: &Catalog,
    width: Option<u16>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let today = args.today.unwrap_or_else(IsoDate::today_utc);
    let index = index_state(args.db.as_deref())?;
    let mut entries = Vec::new();
    for dir in &args.dirs {
        anyhow::ensure!(dir.is_dir(), "{} is not a folder", dir.display());
        let found =
            find_assessments(dir).with_context(|| format!("cannot search {}", dir.display()))?;
        anyhow::ensure!(
            !found.is_empty(),
            "{} holds no assessment (a folder with `{ASSESSMENT_FILE_NAME}`)",
            dir.display()
        );
        for path in found {
            let file = AssessmentFile::load(&path, catalog)?;
            let now = Observed::of(&file, index.clone());
            entries.push(StatusEntry::new(&file, today, &now));
        }
    }
    let due = entries.iter().any(|e| e.review.state == "due");
    let changed = entries
        .iter()
        .any(|e| e.review.changes.iter().any(|c| c != "never reviewed"));
    match args.format {
        StatusFormat::Json => {
            let doc = StatusDocument {
                schema: STATUS_SCHEMA,
                today: today.to_string(),
                assessments: entries,
            };
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)?;
        }
        StatusFormat::Table => {
            let mut t = output::table(
                &[
                    "Assessment",
                    "Subject",
                    "Last review",
                    "Due",
                    "State",
                    "Changes",
                ],
                width,
            );
            for e in &entries {
                let mut subject = e.subject.clone();
                if let Some(v) = &e.version {
                    subject.push(' ');
                    subject.push_str(v);
                }
                let mut changes = e.review.changes.join("; ");
                if e.lapsed_answers > 0 {
                    if !changes.is_empty() {
                        changes.push_str("; ");
                    }
                    changes.push_str(&format!(
                        "{} answer{} expired or not yet in force",
                        e.lapsed_answers,
                        if e.lapsed_answers == 1 { "" } else { "s" }
                    ));
                }
                t.add_row(vec![
                    e.file.clone(),
                    subject,
                    e.review.last.clone().unwrap_or_else(|| "never".to_owned()),
                    e.review.due.clone(),
                    e.review.state.clone(),
                    changes,
                ]);
            }
            let mut text = output::draw(t);
            text.push('\n');
            let count = |state: &str| entries.iter().filter(|e| e.review.state == state).count();
            text.push_str(&format!(
                "{} assessment{} as of {today}: {} current, {} changed, {} due\n",
                entries.len(),
                if entries.len() == 1 { "" } else { "s" },
                count("current"),
                count("changed"),
                count("due")
            ));
            output::write_text(&text, None, out)?;
        }
    }
    let trips = args.fail_on.iter().any(|f| match f {
        StatusFailOn::Due => due,
        StatusFailOn::Changed => changed,
    });
    Ok(if trips {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
