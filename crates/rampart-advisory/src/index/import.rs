//! `rampart db import`: walks files, folders, zip archives and `.gz` files with size budgets,
//! hands each input to the source that reads it (in parallel), and writes the records from
//! one thread, one transaction per batch of whole files.

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use rampart_yaml::Problem;
use rayon::iter::{ParallelBridge, ParallelIterator};

use super::store::{SourceBatch, WriteSummary};
use super::{Index, IndexError};
use crate::model::Record;
use crate::source::{self, AdvisorySource, Input, SourceError, problem};

/// Size budgets of an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file (or archive member, or decompressed `.gz`) read, in bytes.
    pub max_file_bytes: u64,
    /// Most members a zip archive may have.
    pub max_zip_entries: usize,
    /// Largest total uncompressed size of a zip archive's members, in bytes.
    pub max_zip_bytes: u64,
}

impl Default for Limits {
    /// 1 GiB per file, 2 million members and 16 GiB per archive: above the largest public
    /// feeds (NVD's yearly files, OSV's npm all.zip) and below what a mistake or a zip bomb
    /// needs.
    fn default() -> Self {
        Limits {
            max_file_bytes: 1 << 30,
            max_zip_entries: 2_000_000,
            max_zip_bytes: 16 << 30,
        }
    }
}

/// How to import.
#[derive(Clone, Copy)]
pub struct ImportOptions<'a> {
    /// The sources asked, in order, which one reads an input (normally [`source::sources`]).
    pub sources: &'a [&'a dyn AdvisorySource],
    /// Read every input with this source instead of detecting one (`--source`).
    pub forced: Option<&'a dyn AdvisorySource>,
    /// Size budgets.
    pub limits: Limits,
    /// Remove the records of each imported source that this import did not bring (a full
    /// feed), unless an input was refused.
    pub replace: bool,
    /// Records per write transaction (whole files are never split).
    pub batch_records: usize,
}

impl std::fmt::Debug for ImportOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportOptions")
            .field("forced", &self.forced.map(AdvisorySource::id))
            .field("limits", &self.limits)
            .field("replace", &self.replace)
            .field("batch_records", &self.batch_records)
            .finish_non_exhaustive()
    }
}

impl<'a> ImportOptions<'a> {
    /// Detection among `sources`, default budgets, no replace, 50,000 records per batch.
    pub fn new(sources: &'a [&'a dyn AdvisorySource]) -> Self {
        ImportOptions {
            sources,
            forced: None,
            limits: Limits::default(),
            replace: false,
            batch_records: 50_000,
        }
    }
}

/// What happened to one input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileReport {
    /// The input's name (`archive.zip!/entry.json` for an archive member).
    pub name: String,
    /// The source that read it.
    pub source: Option<String>,
    /// Records read and imported.
    pub records: usize,
    /// Records the source skipped, located.
    pub skipped: Vec<Problem>,
    /// Why the whole input was refused (unreadable, too large, invalid, no source reads it).
    pub refused: Option<Problem>,
    /// Found in a folder or archive but read by no source: passed over, not an error.
    pub ignored: bool,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// One report per input, in name order.
    pub files: Vec<FileReport>,
    /// What the writes changed.
    pub written: WriteSummary,
    /// True when `replace` was asked but not done because an input was refused.
    pub replace_withheld: bool,
}

impl ImportReport {
    /// Inputs refused.
    pub fn refused(&self) -> usize {
        self.files.iter().filter(|f| f.refused.is_some()).count()
    }

    /// Records imported.
    pub fn records(&self) -> usize {
        self.files.iter().map(|f| f.records).sum()
    }
}

/// Progress, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportEvent<'a> {
    /// An input was read (or refused).
    FileRead(&'a FileReport),
    /// Records written in the current transaction so far.
    Writing(u64),
    /// A transaction committed.
    Committed,
}

/// One input's bytes, or why it could not be read.
struct Blob {
    name: String,
    /// The name sources detect by (`.gz` stripped).
    detect_name: String,
    bytes: Result<Vec<u8>, Problem>,
    /// Named by the user (an input no source reads is an error) rather than found inside a
    /// folder or archive (passed over).
    explicit: bool,
}

/// A parsed input, waiting to be written.
struct Parsed {
    report: FileReport,
    records: Vec<Record>,
}

/// Imports every file under `paths` into `index` (see the module doc).
pub fn import_paths(
    index: &Index,
    paths: &[PathBuf],
    options: &ImportOptions<'_>,
    progress: &mut dyn FnMut(ImportEvent<'_>),
) -> Result<ImportReport, IndexError> {
    let origins: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let limits = options.limits;
    let paths = paths.to_vec();
    import_inputs(
        index,
        move |tx| walk(&paths, &limits, tx),
        &origins,
        options,
        progress,
    )
}

/// Imports the inputs `produce` sends (a name, the bytes or why they could not be read, and
/// whether the user named it); `origins` are recorded as where the sources' records came from.
/// `db update` uses this with downloaded files.
pub fn import_inputs(
    index: &Index,
    produce: impl FnOnce(&SyncSender<InputItem>) + Send,
    origins: &[String],
    options: &ImportOptions<'_>,
    progress: &mut dyn FnMut(ImportEvent<'_>),
) -> Result<ImportReport, IndexError> {
    std::thread::scope(|scope| {
        // Both channels live inside the scope: when the writer stops early (an index error),
        // dropping its receiver stops the parsers, whose end stops the producer, and the
        // scope can join them all.
        let (blob_tx, blob_rx) = sync_channel::<InputItem>(2);
        let (parsed_tx, parsed_rx) = sync_channel::<Parsed>(4);
        scope.spawn(move || produce(&blob_tx));
        scope.spawn(move || {
            // Err only when the writer has gone: then nothing more is parsed.
            let _ = blob_rx
                .into_iter()
                .par_bridge()
                .try_for_each_with(parsed_tx, |tx, item| {
                    tx.send(parse(item.0, options)).map_err(|_| ())
                });
        });
        let outcome = write_all(index, &parsed_rx, origins, options, progress);
        drop(parsed_rx);
        outcome
    })
}

/// One input for [`import_inputs`].
pub struct InputItem(Blob);

impl InputItem {
    /// An input named `name` with its bytes, or why it could not be read. `explicit`: named
    /// by the user, so that no source reading it is an error rather than a pass.
    pub fn new(name: String, bytes: Result<Vec<u8>, Problem>, explicit: bool) -> Self {
        let detect_name = name.strip_suffix(".gz").unwrap_or(&name).to_owned();
        InputItem(Blob {
            name,
            detect_name,
            bytes,
            explicit,
        })
    }
}

fn write_all(
    index: &Index,
    parsed: &Receiver<Parsed>,
    origins: &[String],
    options: &ImportOptions<'_>,
    progress: &mut dyn FnMut(ImportEvent<'_>),
) -> Result<ImportReport, IndexError> {
    let mut report = ImportReport::default();
    let mut pending: BTreeMap<String, Vec<Record>> = BTreeMap::new();
    let mut pending_count = 0;
    let mut seen: BTreeMap<String, Seen> = BTreeMap::new();
    for Parsed {
        report: file,
        records,
    } in parsed
    {
        progress(ImportEvent::FileRead(&file));
        if let Some(source) = &file.source {
            if options.replace {
                seen.entry(source.clone()).or_default().note(&records);
            }
            pending_count += records.len();
            pending.entry(source.clone()).or_default().extend(records);
        }
        report.files.push(file);
        if pending_count >= options.batch_records {
            flush(index, &mut pending, origins, &mut report, progress)?;
            pending_count = 0;
        }
    }
    flush(index, &mut pending, origins, &mut report, progress)?;
    report.files.sort_by(|a, b| a.name.cmp(&b.name));
    if options.replace {
        if report.refused() > 0 {
            report.replace_withheld = true;
        } else {
            for (source, seen) in seen {
                let removed = index.remove_unseen(
                    &source,
                    &seen.advisories,
                    seen.kev.as_ref(),
                    seen.epss.as_ref(),
                )?;
                report.written.removed += removed.removed;
            }
        }
    }
    Ok(report)
}

fn flush(
    index: &Index,
    pending: &mut BTreeMap<String, Vec<Record>>,
    origins: &[String],
    report: &mut ImportReport,
    progress: &mut dyn FnMut(ImportEvent<'_>),
) -> Result<(), IndexError> {
    if pending.is_empty() {
        return Ok(());
    }
    let batches = std::mem::take(pending)
        .into_iter()
        .map(|(source, records)| SourceBatch { source, records })
        .collect();
    let written =
        index.write_batch(batches, origins, &mut |n| progress(ImportEvent::Writing(n)))?;
    report.written.inserted += written.inserted;
    report.written.replaced += written.replaced;
    progress(ImportEvent::Committed);
    Ok(())
}

/// The ids one source brought in this import, for `--replace`.
#[derive(Default)]
struct Seen {
    advisories: HashSet<String>,
    kev: Option<HashSet<String>>,
    epss: Option<HashSet<String>>,
}

impl Seen {
    fn note(&mut self, records: &[Record]) {
        for record in records {
            match record {
                Record::Advisory(a) => {
                    self.advisories.insert(a.id.clone());
                }
                Record::Kev(k) => {
                    self.kev.get_or_insert_default().insert(k.cve.clone());
                }
                Record::Epss(e) => {
                    self.epss.get_or_insert_default().insert(e.cve.clone());
                }
            }
        }
    }
}

fn parse(blob: Blob, options: &ImportOptions<'_>) -> Parsed {
    let mut report = FileReport {
        name: blob.name,
        ..FileReport::default()
    };
    let bytes = match blob.bytes {
        Ok(bytes) => bytes,
        Err(refused) => {
            report.refused = Some(refused);
            return Parsed {
                report,
                records: Vec::new(),
            };
        }
    };
    let head = &bytes[..bytes.len().min(4096)];
    let chosen = options.forced.or_else(|| {
        options
            .sources
            .iter()
            .copied()
            .find(|s| s.detect(&blob.detect_name, head))
    });
    let Some(chosen) = chosen else {
        if blob.explicit {
            report.refused = Some(problem(
                &report.name,
                0,
                0,
                "no advisory source reads this file; name one with --source",
            ));
        } else {
            report.ignored = true;
        }
        return Parsed {
            report,
            records: Vec::new(),
        };
    };
    report.source = Some(chosen.id().to_owned());
    let mut records = Vec::new();
    let input = Input {
        name: &report.name,
        bytes: &bytes,
    };
    match chosen.read(input, &mut |record| {
        records.push(record);
        Ok(())
    }) {
        Ok(summary) => {
            report.records = records.len();
            report.skipped = summary.skipped;
        }
        Err(SourceError::Invalid(refused)) => {
            report.refused = Some(refused);
            records.clear();
        }
        Err(SourceError::Sink(message)) => {
            report.refused = Some(problem(&report.name, 0, 0, message));
            records.clear();
        }
    }
    Parsed { report, records }
}

/// Sends every input under `paths`: files as named, folders recursively in name order, zip
/// members in archive order, `.gz` decompressed; each bounded by `limits`.
pub(crate) fn walk(paths: &[PathBuf], limits: &Limits, tx: &SyncSender<InputItem>) {
    for path in paths {
        if walk_one(path, true, limits, tx).is_err() {
            return;
        }
    }
}

/// `Err` when the receiver is gone (the import stopped).
fn walk_one(
    path: &Path,
    explicit: bool,
    limits: &Limits,
    tx: &SyncSender<InputItem>,
) -> Result<(), ()> {
    let name = path.display().to_string();
    let send = |item| tx.send(item).map_err(|_| ());
    if path.is_dir() {
        let mut entries = match std::fs::read_dir(path) {
            Ok(dir) => dir
                .filter_map(Result::ok)
                .map(|e| e.path())
                .collect::<Vec<_>>(),
            Err(e) => {
                let refused = problem(&name, 0, 0, format!("cannot read folder: {e}"));
                return send(InputItem::new(name, Err(refused), explicit));
            }
        };
        entries.sort();
        for entry in entries {
            walk_one(&entry, false, limits, tx)?;
        }
        return Ok(());
    }
    let extension = path.extension().map(std::ffi::OsStr::to_ascii_lowercase);
    if extension.as_ref().is_some_and(|e| e == "zip") {
        return super::archive::walk_zip(path, &name, explicit, limits, tx);
    }
    let bytes = read_bounded(path, &name, limits.max_file_bytes).and_then(|bytes| {
        if extension.as_ref().is_some_and(|e| e == "gz") {
            gunzip(&bytes, &name, limits.max_file_bytes)
        } else {
            Ok(bytes)
        }
    });
    send(InputItem::new(name, bytes, explicit))
}

/// Reads `path` whole: a regular file of at most `limit` bytes, refused before reading
/// otherwise (a FIFO or device is never opened for a blocking read).
pub(crate) fn read_bounded(path: &Path, name: &str, limit: u64) -> Result<Vec<u8>, Problem> {
    rampart_yaml::read_input_bytes(path, limit).map_err(|e| read_problem(name, &e, limit))
}

/// The problem of a file that could not be read.
pub(crate) fn read_problem(name: &str, error: &rampart_yaml::ReadError, limit: u64) -> Problem {
    match error {
        rampart_yaml::ReadError::TooLarge {
            size: Some(size), ..
        } => too_large(name, *size, limit),
        other => problem(name, 0, 0, other.to_string()),
    }
}

/// Reads `reader` to the end through rampart-yaml's capped reader, refusing more than
/// `limit` bytes, as a located problem of `name`.
pub(crate) fn read_capped(reader: impl Read, name: &str, limit: u64) -> Result<Vec<u8>, Problem> {
    rampart_yaml::read_capped_bytes(reader, limit).map_err(|e| match e {
        rampart_yaml::ReadError::TooLarge { .. } => too_large(name, limit.saturating_add(1), limit),
        other => problem(name, 0, 0, format!("cannot read: {other}")),
    })
}

fn gunzip(bytes: &[u8], name: &str, limit: u64) -> Result<Vec<u8>, Problem> {
    read_capped(flate2::read::GzDecoder::new(bytes), name, limit).map_err(|p| Problem {
        message: format!("gzip: {}", p.message),
        ..p
    })
}

pub(crate) fn too_large(name: &str, size: u64, limit: u64) -> Problem {
    problem(
        name,
        0,
        0,
        format!(
            "{} exceeds the {} limit per file (--max-file-size); not read",
            human_size(size),
            human_size(limit)
        ),
    )
}

/// `1.5 GiB`, `12.0 MiB`, `512 B`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// The registry's sources, for [`ImportOptions::new`].
pub fn registry() -> Vec<&'static dyn AdvisorySource> {
    source::sources()
}
