//! `rampart firmware unpack|analyze`: a device image unpacked in-process and read.
//!
//! Thin: unpacking, identification, hardening and findings live in `rampart_firmware`; this
//! module reads the image within a cap, draws progress on a terminal, writes the chosen
//! output and prints located unpacking problems to stderr.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;
use bytes::Bytes;
use erased::Json as _;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rampart_firmware::analysis::{self, FirmwareAnalysis};
use rampart_firmware::extract::write_tree;
use rampart_firmware::hardening::{ElfType, HardeningReport};
use rampart_firmware::limits::Limits;
use rampart_firmware::unpack::{UnpackReport, Unpacked, unpack_image};
use rampart_sbom::OutputFormat;
use serde::Serialize;

use crate::db_cmd::parse_size;
use crate::output;

/// `rampart firmware` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum FirmwareCommand {
    /// Unpack an image recursively into a folder (new or empty), with a progress bar.
    Unpack(UnpackArgs),
    /// Unpack an image (or read an unpacked root filesystem folder) and report its components,
    /// the hardening of every ELF file and the kernel, and secrets and risky configuration.
    Analyze(AnalyzeArgs),
}

/// Arguments of `rampart firmware analyze`.
#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {
    /// The firmware image, or a folder holding an unpacked root filesystem.
    #[arg(value_name = "IMAGE")]
    pub image: PathBuf,
    /// What to print on standard output.
    #[arg(long, value_enum, default_value_t = AnalyzeFormat::Table)]
    pub format: AnalyzeFormat,
    /// Also write the SBOM (CycloneDX and SPDX), the hardening table (CSV), the findings and
    /// the whole analysis (JSON) into this folder (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The day certificates are judged on, YYYY-MM-DD (default: today in UTC).
    #[arg(long, value_name = "DATE", env = "RAMPART_TODAY")]
    pub today: Option<rampart_system::IsoDate>,
    /// Limits of the run.
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// What `analyze` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AnalyzeFormat {
    /// Components, a hardening summary and findings as tables.
    Table,
    /// The whole analysis, `"schema": "rampart.firmware/1"`.
    Json,
    /// The SBOM as CycloneDX 1.6 JSON (with evidence); `rampart scan` reads it.
    CyclonedxJson,
    /// The SBOM as SPDX 2.3 JSON.
    SpdxJson,
}

/// The limits of an unpacking run (docs/firmware.md).
#[derive(Debug, Clone, clap::Args)]
pub struct LimitArgs {
    /// Largest image read: bytes, or with a K, M or G suffix (powers of 1024).
    #[arg(long, value_name = "SIZE", default_value = "4G", value_parser = parse_size)]
    pub max_image_size: u64,
    /// Total unpacked bytes, across every nesting level.
    #[arg(long, value_name = "SIZE", default_value = "8G", value_parser = parse_size)]
    pub max_total_size: u64,
    /// Unpacked bytes allowed per byte of image (on top of 256 MiB): contains compression bombs.
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub max_ratio: u64,
    /// Containers nested in containers.
    #[arg(long, value_name = "N", default_value_t = 16)]
    pub max_depth: u32,
    /// Files, folders and links in the unpacked tree.
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    pub max_files: u64,
    /// Seconds the unpacking may take (0: no limit).
    #[arg(long, value_name = "SECONDS", default_value_t = 600)]
    pub timeout: u64,
}

impl LimitArgs {
    fn limits(&self) -> Limits {
        Limits {
            max_total_bytes: self.max_total_size,
            max_expansion_ratio: self.max_ratio,
            max_depth: self.max_depth,
            max_files: self.max_files,
            timeout: (self.timeout > 0).then(|| Duration::from_secs(self.timeout)),
            ..Limits::default()
        }
    }
}

/// Arguments of `rampart firmware unpack`.
#[derive(Debug, clap::Args)]
pub struct UnpackArgs {
    /// The firmware image.
    #[arg(value_name = "IMAGE")]
    pub image: PathBuf,
    /// The folder to write into (created; must be empty if it exists).
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,
    /// Summary format on standard output.
    #[arg(long, value_enum, default_value_t = SummaryFormat::Table)]
    pub format: SummaryFormat,
    /// Limits of the run.
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// How `unpack` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SummaryFormat {
    /// Containers, problems and skipped entries as tables.
    Table,
    /// `rampart.firmware.unpack/1` JSON.
    Json,
}

/// Runs a `rampart firmware` command.
pub fn run(
    cmd: FirmwareCommand,
    width: Option<u16>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    match cmd {
        FirmwareCommand::Unpack(args) => unpack(&args, width, out),
        FirmwareCommand::Analyze(args) => analyze(&args, width, out),
    }
}

/// Reads the image within its cap: a regular file only, never more than the cap.
pub fn read_image(path: &Path, limit: u64) -> anyhow::Result<(String, Bytes)> {
    let file =
        rampart_yaml::open_regular(path, limit).with_context(|| path.display().to_string())?;
    let data =
        rampart_yaml::read_file_bytes(file, limit).with_context(|| path.display().to_string())?;
    let name = path
        .file_name()
        .map_or_else(|| "image".to_owned(), |n| n.to_string_lossy().into_owned());
    Ok((name, Bytes::from(data)))
}

/// Unpacks with a progress bar on a terminal (none when stderr is not one), then prints every
/// problem to stderr as `IMAGE: PATH@OFFSET: FORMAT: message`.
pub fn unpack_with_progress(image: &Path, limits: &LimitArgs) -> anyhow::Result<Unpacked> {
    let (name, data) = read_image(image, limits.max_image_size)?;
    let bar = ProgressBar::with_draw_target(Some(data.len() as u64), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {elapsed} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let unpacked = unpack_image(&name, data, &limits.limits(), &mut |done, waiting| {
        bar.set_length(done + waiting);
        bar.set_position(done);
    });
    bar.finish_and_clear();
    let mut err = std::io::stderr().lock();
    for p in &unpacked.report.problems {
        let _ = writeln!(
            err,
            "{}: {}@{:#x}: {}: {}",
            image.display(),
            p.path,
            p.offset,
            p.format,
            p.message
        );
    }
    Ok(unpacked)
}

#[derive(Serialize)]
struct UnpackOutput<'a> {
    schema: &'static str,
    out: String,
    #[serde(flatten)]
    report: &'a UnpackReport,
    written: &'a rampart_firmware::extract::ExtractReport,
}

fn unpack(args: &UnpackArgs, width: Option<u16>, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let unpacked = unpack_with_progress(&args.image, &args.limits)?;
    let written = write_tree(&unpacked.tree, &unpacked.report.image, &args.out)?;
    match args.format {
        SummaryFormat::Json => {
            let doc = UnpackOutput {
                schema: "rampart.firmware.unpack/1",
                out: args.out.display().to_string(),
                report: &unpacked.report,
                written: &written,
            };
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)?;
        }
        SummaryFormat::Table => {
            let width = output::text_width(width, false);
            write!(out, "{}", report_tables(&unpacked.report, width))?;
            writeln!(
                out,
                "wrote {} files, {} folders and {} links to {}",
                written.files,
                written.dirs,
                written.links,
                args.out.display()
            )?;
            let kept_out = unpacked.report.skipped.len() + written.skipped.len();
            if kept_out > 0 {
                writeln!(
                    out,
                    "{kept_out} entries not written (see --format json for each and why)"
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The containers found and problems met, as tables.
pub fn report_tables(report: &UnpackReport, width: Option<u16>) -> String {
    let mut table = output::table(&["Found in", "Offset", "Format", "Size", "Entries"], width);
    for c in &report.containers {
        table.add_row(vec![
            c.path.clone(),
            format!("{:#x}", c.offset),
            c.format.to_owned(),
            c.size.to_string(),
            c.entries.to_string(),
        ]);
    }
    let mut text = format!("{}\n", output::draw(table));
    if !report.problems.is_empty() {
        let mut table = output::table(&["File", "Offset", "Format", "Problem"], width);
        for p in &report.problems {
            table.add_row(vec![
                p.path.clone(),
                format!("{:#x}", p.offset),
                p.format.to_owned(),
                p.message.clone(),
            ]);
        }
        text += &format!("{}\n", output::draw(table));
    }
    text
}

/// Analyses an image or a root filesystem folder, with progress while unpacking.
pub fn analyze_path(
    path: &Path,
    limits: &LimitArgs,
    today: jiff::civil::Date,
) -> anyhow::Result<FirmwareAnalysis> {
    let is_dir = std::fs::metadata(path).is_ok_and(|m| m.is_dir());
    if is_dir {
        let name = path
            .file_name()
            .map_or_else(|| "rootfs".to_owned(), |n| n.to_string_lossy().into_owned());
        return Ok(analysis::analyze_folder(
            path,
            &name,
            &limits.limits(),
            today,
        )?);
    }
    let (name, data) = read_image(path, limits.max_image_size)?;
    let bar = progress_bar(data.len() as u64);
    let result = analysis::analyze(
        &name,
        data,
        &limits.limits(),
        today,
        &mut |done, waiting| {
            bar.set_length(done + waiting);
            bar.set_position(done);
        },
    );
    bar.finish_and_clear();
    print_problems(path, &result.unpack);
    Ok(result)
}

fn progress_bar(len: u64) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {elapsed} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

fn print_problems(image: &Path, report: &UnpackReport) {
    let mut err = std::io::stderr().lock();
    for p in &report.problems {
        let _ = writeln!(
            err,
            "{}: {}@{:#x}: {}: {}",
            image.display(),
            p.path,
            p.offset,
            p.format,
            p.message
        );
    }
}

fn analyze(
    args: &AnalyzeArgs,
    width: Option<u16>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let today = args
        .today
        .unwrap_or_else(rampart_system::IsoDate::today_utc)
        .date();
    let result = analyze_path(&args.image, &args.limits, today)?;
    if let Some(dir) = &args.out {
        write_outputs(&result, dir)?;
    }
    match args.format {
        AnalyzeFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &result)?;
            writeln!(out)?;
        }
        AnalyzeFormat::CyclonedxJson => {
            out.write_all(
                rampart_sbom::write(&result.sbom(), OutputFormat::CycloneDxJson).as_bytes(),
            )?;
        }
        AnalyzeFormat::SpdxJson => {
            out.write_all(rampart_sbom::write(&result.sbom(), OutputFormat::SpdxJson).as_bytes())?;
        }
        AnalyzeFormat::Table => {
            let width = output::text_width(width, false);
            write!(out, "{}", analysis_tables(&result, width))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The files `--out DIR` holds.
fn write_outputs(result: &FirmwareAnalysis, dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let sbom = result.sbom();
    let files: [(&str, String); 5] = [
        (
            "sbom.cdx.json",
            rampart_sbom::write(&sbom, OutputFormat::CycloneDxJson),
        ),
        (
            "sbom.spdx.json",
            rampart_sbom::write(&sbom, OutputFormat::SpdxJson),
        ),
        (
            "analysis.json",
            serde_json::to_string_pretty(result)? + "\n",
        ),
        (
            "findings.json",
            serde_json::to_string_pretty(&Findings {
                schema: "rampart.firmware.findings/1",
                findings: &result.findings,
            })? + "\n",
        ),
        ("hardening.csv", hardening_csv(&result.hardening)?),
    ];
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

#[derive(Serialize)]
struct Findings<'a> {
    schema: &'static str,
    findings: &'a [rampart_firmware::findings::Finding],
}

/// One row per ELF file: the checksec columns.
fn hardening_csv(report: &HardeningReport) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "path",
        "architecture",
        "class",
        "type",
        "nx",
        "pie",
        "relro",
        "canary",
        "fortify",
        "fortified",
        "fortifiable",
        "stripped",
        "rpath",
        "runpath",
        "setuid",
        "setgid",
        "wx_segments",
    ])?;
    for e in &report.elves {
        let value = |v: &dyn erased::Json| v.text();
        w.write_record([
            e.path.clone(),
            e.architecture.to_owned(),
            value(&e.class),
            value(&e.elf_type),
            e.nx.to_string(),
            e.is_pie.to_string(),
            value(&e.relro),
            e.canary.to_string(),
            e.fortify.enabled.to_string(),
            e.fortify.fortified.to_string(),
            e.fortify.fortifiable.to_string(),
            e.stripped.to_string(),
            e.rpath.join(":"),
            e.runpath.join(":"),
            e.setuid.to_string(),
            e.setgid.to_string(),
            e.wx_segments.len().to_string(),
        ])?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

/// The JSON spelling of a unit enum (`full`, `dyn`), for the CSV.
mod erased {
    /// A value whose JSON form is a string.
    pub trait Json {
        /// That string.
        fn text(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn text(&self) -> String {
            match serde_json::to_value(self) {
                Ok(serde_json::Value::String(s)) => s,
                Ok(other) => other.to_string(),
                Err(_) => String::new(),
            }
        }
    }
}

/// Components, the hardening summary and the findings as tables.
pub fn analysis_tables(result: &FirmwareAnalysis, width: Option<u16>) -> String {
    let mut text = format!(
        "{} ({}, {} bytes): {} containers unpacked, {} problems, {} files examined\n\n",
        result.image.name,
        result.image.kind,
        result.image.size,
        result.unpack.containers.len(),
        result.unpack.problems.len(),
        result.unpack.nodes,
    );
    let mut table = output::table(
        &["Component", "Version", "Identifier", "Found by", "Where"],
        width,
    );
    for c in &result.components {
        let evidence = c.evidence.as_ref();
        let method = evidence
            .and_then(|e| e.identity.first())
            .and_then(|i| i.methods.first())
            .map(|m| m.value.clone().unwrap_or_else(|| m.technique.clone()))
            .unwrap_or_default();
        let place = evidence
            .and_then(|e| e.occurrences.first())
            .map(|o| match o.offset {
                Some(at) => format!("{}@{at:#x}", o.location),
                None => o.location.clone(),
            })
            .unwrap_or_default();
        table.add_row(vec![
            c.name.clone(),
            c.version.clone().unwrap_or_default(),
            c.purl
                .clone()
                .or_else(|| c.cpes.first().cloned())
                .unwrap_or_default(),
            method,
            place,
        ]);
    }
    text += &format!(
        "Components: {}\n{}\n\n",
        result.components.len(),
        output::draw(table)
    );
    let h = &result.hardening;
    let count = |f: &dyn Fn(&rampart_firmware::hardening::ElfHardening) -> bool| {
        h.elves.iter().filter(|e| f(e)).count()
    };
    text += &format!(
        "Hardening: {} ELF files; {} without NX, {} executables not PIE, {} without full RELRO, {} without a stack canary, {} with RPATH/RUNPATH, {} with writable and executable segments, {} set-uid or set-gid\n",
        h.elves.len(),
        count(&|e| !e.nx),
        count(&|e| e.elf_type == ElfType::Exec),
        count(&|e| e.relro.text() != "full"),
        count(&|e| !e.canary),
        count(&|e| !e.rpath.is_empty() || !e.runpath.is_empty()),
        count(&|e| !e.wx_segments.is_empty()),
        count(&|e| e.setuid || e.setgid),
    );
    if let Some(k) = &h.kernel {
        text += &format!(
            "Kernel config {}: {} of {} hardening options as recommended\n",
            k.path,
            k.passed,
            k.passed + k.failed
        );
    }
    let mut table = output::table(
        &["Severity", "Code", "Finding", "Where", "Requirements"],
        width,
    );
    for f in &result.findings {
        let place = match f.offset {
            Some(at) => format!("{}@{at:#x}", f.path),
            None => f.path.clone(),
        };
        table.add_row(vec![
            f.severity.to_string(),
            f.code.to_owned(),
            format!("{}: {}", f.title, f.detail),
            place,
            f.requirements.join(", "),
        ]);
    }
    text += &format!(
        "\nFindings: {}\n{}\n",
        result.findings.len(),
        output::draw(table)
    );
    text
}

/// The SBOM of a firmware image or root filesystem folder linked from a system model
/// (`firmware:`), analysed with the default limits and today's date.
pub fn firmware_sbom(path: &Path) -> anyhow::Result<rampart_sbom::Sbom> {
    let limits = Limits::default();
    let today = rampart_system::IsoDate::today_utc().date();
    let result = if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        let name = path
            .file_name()
            .map_or_else(|| "rootfs".to_owned(), |n| n.to_string_lossy().into_owned());
        analysis::analyze_folder(path, &name, &limits, today)?
    } else {
        let (name, data) = read_image(path, 4 << 30)?;
        analysis::analyze(&name, data, &limits, today, &mut |_, _| {})
    };
    print_problems(path, &result.unpack);
    Ok(result.sbom())
}
