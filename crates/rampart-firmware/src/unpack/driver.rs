//! The recursive unpacking run: every file of the tree, the image first, is tried against
//! every unpacker at its start and carved for magics at any later offset; whatever is found
//! is unpacked into the tree and itself queued, down to the depth limit.

use std::collections::HashSet;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use bytes::Bytes;
use rayon::prelude::*;
use serde::Serialize;

use crate::limits::{Budget, Limits, SkipReason, Skipped};
use crate::literals::Literals;
use crate::tree::{FileTree, Meta, Node, NodeKind, container_dir};

use super::{Sink, UnpackError, Unpacker, registry};

/// The result of unpacking one image: the tree and the report of how it was reached.
#[derive(Debug, Clone)]
pub struct Unpacked {
    /// The image (at its file name) and everything unpacked from it.
    pub tree: FileTree,
    /// Containers found, problems met and what the limits kept out.
    pub report: UnpackReport,
}

/// How an image was unpacked.
#[derive(Debug, Clone, Default, Serialize)]
pub struct UnpackReport {
    /// The image's file name: the tree path of the image itself.
    pub image: String,
    /// The image's size in bytes.
    pub image_size: u64,
    /// Every container unpacked, in the order found.
    pub containers: Vec<Container>,
    /// Formats recognised but broken, truncated or not fully read.
    pub problems: Vec<UnpackProblem>,
    /// Entries and containers the limits or the path guard kept out.
    pub skipped: Vec<Skipped>,
    /// Nodes in the tree, the image included.
    pub nodes: usize,
    /// Bytes of unpacked file content, the image excluded.
    pub unpacked_bytes: u64,
}

/// One container found and unpacked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Container {
    /// The tree path of the file it was found in.
    pub path: String,
    /// Its byte offset in that file.
    pub offset: u64,
    /// Its format.
    pub format: &'static str,
    /// The bytes it occupies, where the format tells.
    pub size: u64,
    /// Entries placed in the tree from it.
    pub entries: usize,
    /// The folder its entries were placed in.
    pub folder: String,
    /// What its header says about it (`arch` = `arm`, an image description), in header order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<(String, String)>,
}

/// A format recognised but not read to its end: located by file, offset and format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnpackProblem {
    /// The tree path of the file holding the container.
    pub path: String,
    /// The byte offset in that file where the problem was met.
    pub offset: u64,
    /// The format being read.
    pub format: &'static str,
    /// What went wrong.
    pub message: String,
}

/// Unpacks `image` (named `name`) recursively within `limits`. `progress` is told the bytes
/// examined so far and the bytes known to be waiting after each file.
///
/// Files are unpacked level by level, the files of one level side by side on every core, each
/// into a tree of its own that is then merged into the run's tree in path order: the result
/// does not depend on the number of threads. The merge applies the tree's rules again (an
/// entry below a link or file of the main tree, or on a taken path, is refused and recorded).
pub fn unpack_image(
    name: &str,
    image: Bytes,
    limits: &Limits,
    progress: &mut dyn FnMut(u64, u64),
) -> Unpacked {
    let budget = Budget::new(limits, image.len() as u64);
    let stopped = AtomicBool::new(false);
    let mut tree = FileTree::new();
    let mut report = UnpackReport {
        image: name.to_owned(),
        image_size: image.len() as u64,
        ..UnpackReport::default()
    };
    tree.insert(
        name.to_owned(),
        Node {
            kind: NodeKind::File(image.clone()),
            meta: Meta::default(),
            root: String::new(),
        },
    );
    let (mut done, mut waiting) = (0u64, image.len() as u64);
    let mut level = vec![(name.to_owned(), image)];
    let mut depth = 0u32;
    while !level.is_empty() {
        let results: Vec<FileRun<'_>> = level
            .par_iter()
            .map(|(path, data)| {
                let mut run = FileRun::new(&budget, &stopped);
                if !stopped.load(Ordering::Relaxed) {
                    match budget.check_time() {
                        Err(hit) => run.stop(path, hit.reason()),
                        Ok(()) => run.unpack_file(path, data, depth, limits.max_depth),
                    }
                }
                run
            })
            .collect();
        let mut next = Vec::new();
        for ((_, data), run) in level.iter().zip(results) {
            waiting = waiting.saturating_sub(data.len() as u64);
            done += data.len() as u64;
            report.containers.extend(run.containers);
            report.problems.extend(run.problems);
            report.skipped.extend(run.skipped);
            for (path, node) in run.tree.into_nodes() {
                if let Some(parent) = tree.blocking_ancestor(&path) {
                    let parent = parent.to_owned();
                    report.skipped.push(Skipped {
                        path,
                        reason: SkipReason::ParentNotDirectory { parent },
                    });
                    continue;
                }
                if let Some(existing) = tree.get(&path) {
                    if !(matches!(existing.kind, NodeKind::Dir)
                        && matches!(node.kind, NodeKind::Dir))
                    {
                        report.skipped.push(Skipped {
                            path,
                            reason: SkipReason::Duplicate,
                        });
                    }
                    continue;
                }
                if let Some(data) = node.data()
                    && run.new_files.contains(&path)
                {
                    report.unpacked_bytes += data.len() as u64;
                    waiting += data.len() as u64;
                    next.push((path.clone(), data.clone()));
                }
                tree.insert(path, node);
            }
            progress(done, waiting);
        }
        level = next;
        depth += 1;
    }
    report.nodes = tree.len();
    Unpacked { tree, report }
}

/// Runs the one unpacker named `format` on `data` at offset 0, without recursion or carving:
/// for tests and fuzz targets that exercise a single parser. `None` for an unknown format.
pub fn unpack_one(format: &str, data: &[u8], limits: &Limits) -> Option<Unpacked> {
    let unpacker = registry().iter().find(|u| u.format() == format)?;
    let budget = Budget::new(limits, data.len() as u64);
    let stopped = AtomicBool::new(false);
    let mut run = FileRun::new(&budget, &stopped);
    if unpacker.detect(data) {
        run.attempt(*unpacker, "input", &Bytes::copy_from_slice(data), 0, true);
    }
    let unpacked_bytes = run
        .new_files
        .iter()
        .filter_map(|f| run.tree.get(f).and_then(Node::data))
        .map(|d| d.len() as u64)
        .sum();
    let report = UnpackReport {
        image: "input".to_owned(),
        image_size: data.len() as u64,
        containers: run.containers,
        problems: run.problems,
        skipped: run.skipped,
        nodes: run.tree.len(),
        unpacked_bytes,
    };
    Some(Unpacked {
        tree: run.tree,
        report,
    })
}

/// The unpacking of one file: its own tree and report pieces, the run's shared budget.
struct FileRun<'b> {
    tree: FileTree,
    budget: &'b Budget,
    stopped: &'b AtomicBool,
    containers: Vec<Container>,
    problems: Vec<UnpackProblem>,
    skipped: Vec<Skipped>,
    /// Regular files placed, to be examined at the next level.
    new_files: HashSet<String>,
}

/// The automaton over every carvable magic, and for each pattern its unpacker and the
/// magic's offset within the format.
struct Carver {
    automaton: Literals,
    patterns: Vec<(&'static dyn Unpacker, usize)>,
}

/// The carvers for ordinary files (every magic) and for ELF files (only the magics of the
/// unpackers that look inside ELF files, such as the embedded kernel config): a program's
/// sections are not containers, and one literal is searched far faster than fifty.
fn carver(elf: bool) -> &'static Carver {
    static ALL: OnceLock<Carver> = OnceLock::new();
    static ELF: OnceLock<Carver> = OnceLock::new();
    let build = |elf: bool| {
        let mut bytes = Vec::new();
        let mut patterns = Vec::new();
        for unpacker in registry() {
            if elf && !unpacker.scans_elf() {
                continue;
            }
            for magic in unpacker.magics() {
                bytes.push(magic.bytes);
                patterns.push((*unpacker, magic.offset));
            }
        }
        Carver {
            automaton: Literals::new(bytes),
            patterns,
        }
    };
    if elf {
        ELF.get_or_init(|| build(true))
    } else {
        ALL.get_or_init(|| build(false))
    }
}

enum Attempt {
    /// Unpacked; the carver resumes after this many bytes.
    Unpacked(usize),
    /// Nothing came of it.
    Nothing,
}

impl<'b> FileRun<'b> {
    fn new(budget: &'b Budget, stopped: &'b AtomicBool) -> FileRun<'b> {
        FileRun {
            tree: FileTree::new(),
            budget,
            stopped,
            containers: Vec::new(),
            problems: Vec::new(),
            skipped: Vec::new(),
            new_files: HashSet::new(),
        }
    }

    fn is_stopped(&self) -> bool {
        self.stopped.load(Ordering::Relaxed)
    }

    fn unpack_file(&mut self, path: &str, data: &Bytes, depth: u32, max_depth: u32) {
        let mut covered = 0usize;
        let mut tried_at_start = Vec::new();
        for unpacker in registry() {
            if self.is_stopped() {
                return;
            }
            if unpacker.detect(data) {
                if depth >= max_depth {
                    self.skip_depth(path, max_depth);
                    return;
                }
                tried_at_start.push(unpacker.format());
                if let Attempt::Unpacked(consumed) = self.attempt(*unpacker, path, data, 0, true) {
                    covered = consumed;
                    break;
                }
            }
        }
        let elf = is_elf(data);
        let carver = carver(elf);
        if covered >= data.len() || carver.patterns.is_empty() {
            return;
        }
        // Match offsets count from where the search began; `covered` moves on as containers
        // are carved.
        let base = covered;
        for (pattern, found_at) in carver.automaton.occurrences(&data[base..]) {
            if self.is_stopped() {
                return;
            }
            let (unpacker, magic_offset) = carver.patterns[pattern];
            let Some(start) = (base + found_at).checked_sub(magic_offset) else {
                continue;
            };
            if start < covered || (start == 0 && tried_at_start.contains(&unpacker.format())) {
                continue;
            }
            if !unpacker.detect(&data[start..]) {
                continue;
            }
            if depth >= max_depth {
                self.skip_depth(path, max_depth);
                return;
            }
            if let Attempt::Unpacked(consumed) = self.attempt(unpacker, path, data, start, false) {
                covered = start + consumed;
            }
        }
    }

    fn attempt(
        &mut self,
        unpacker: &'static dyn Unpacker,
        path: &str,
        data: &Bytes,
        offset: usize,
        at_start: bool,
    ) -> Attempt {
        let folder = container_dir(path, offset as u64, unpacker.format());
        let mut sink = Sink::new(
            &mut self.tree,
            self.budget,
            &mut self.skipped,
            folder.clone(),
            stream_name(path),
        );
        let result = unpacker.unpack(&data[offset..], &mut sink);
        let entries = sink.entries();
        let noted = sink.take_problems();
        // A carving guess that placed nothing and failed is not a container: its notes are
        // noise, as its error is.
        if entries > 0 || at_start || result.is_ok() {
            for (at, message) in noted {
                self.problems.push(UnpackProblem {
                    path: path.to_owned(),
                    offset: offset as u64 + at,
                    format: unpacker.format(),
                    message,
                });
            }
        }
        let parts = sink.into_parts();
        self.new_files.extend(parts.new_files);
        let consumed = match &result {
            Ok(outcome) => Some(outcome.consumed),
            Err(UnpackError::Limit(_)) => {
                self.stopped.store(true, Ordering::Relaxed);
                None
            }
            Err(UnpackError::Format {
                offset: at,
                message,
            }) => {
                if entries > 0 || at_start {
                    self.problems.push(UnpackProblem {
                        path: path.to_owned(),
                        offset: offset as u64 + at,
                        format: unpacker.format(),
                        message: message.clone(),
                    });
                }
                None
            }
        };
        if consumed.is_none() && entries == 0 {
            return Attempt::Nothing;
        }
        let size = consumed.unwrap_or(data.len() - offset);
        self.containers.push(Container {
            path: path.to_owned(),
            offset: offset as u64,
            format: unpacker.format(),
            size: size as u64,
            entries,
            folder,
            attributes: parts.attributes,
        });
        Attempt::Unpacked(size.max(1))
    }

    fn skip_depth(&mut self, path: &str, limit: u32) {
        self.skipped.push(Skipped {
            path: path.to_owned(),
            reason: SkipReason::Depth { limit },
        });
    }

    fn stop(&mut self, path: &str, reason: SkipReason) {
        self.stopped.store(true, Ordering::Relaxed);
        self.skipped.push(Skipped {
            path: path.to_owned(),
            reason,
        });
    }
}

fn is_elf(data: &[u8]) -> bool {
    data.starts_with(b"\x7fELF")
}

/// The name of a single decompressed stream taken from `path`: its last component without
/// a compression suffix (`rootfs.tar.gz` → `rootfs.tar`), or `data`.
const SUFFIXES: [&str; 10] = [
    ".gz", ".xz", ".bz2", ".zst", ".lz4", ".lzma", ".z", ".Z", ".lzo", ".lz",
];

fn stream_name(path: &str) -> String {
    let file = path.rsplit('/').next().unwrap_or(path);
    for suffix in SUFFIXES {
        if let Some(stem) = file.strip_suffix(suffix)
            && !stem.is_empty()
        {
            return stem.to_owned();
        }
    }
    if let Some(stem) = file.strip_suffix(".tgz") {
        return format!("{stem}.tar");
    }
    "data".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_names_drop_the_compression_suffix() {
        assert_eq!(stream_name("a/rootfs.tar.gz"), "rootfs.tar");
        assert_eq!(stream_name("x.tgz"), "x.tar");
        assert_eq!(stream_name("fw.bin"), "data");
        assert_eq!(stream_name("rootfs.tar.lz"), "rootfs.tar");
        assert_eq!(stream_name("vmlinux.lz4"), "vmlinux");
        assert_eq!(stream_name(".gz"), "data");
    }
}
