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
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rampart_firmware::extract::write_tree;
use rampart_firmware::limits::Limits;
use rampart_firmware::unpack::{UnpackReport, Unpacked, unpack_image};
use serde::Serialize;

use crate::db_cmd::parse_size;
use crate::output;

/// `rampart firmware` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum FirmwareCommand {
    /// Unpack an image recursively into a folder (new or empty), with a progress bar.
    Unpack(UnpackArgs),
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
    }
}

/// Reads the image within its cap: a regular file only, never more than the cap.
pub fn read_image(path: &Path, limit: u64) -> anyhow::Result<(String, Bytes)> {
    let file =
        rampart_yaml::open_regular(path, limit).with_context(|| path.display().to_string())?;
    let data =
        rampart_yaml::read_capped_bytes(file, limit).with_context(|| path.display().to_string())?;
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
