//! A filesystem stored as numbered inodes and directory entries (JFFS2, UBIFS, YAFFS2), walked
//! from its root into the sink.
//!
//! Such images are graphs, not trees: an entry names its parent by number, so a hostile or
//! corrupt image can hold loops, entries under directories that do not exist (orphans) and
//! names that are not one path component (`a/b`, `..`). The walk visits each directory once,
//! refuses such names, caps the depth, and reports every one of those as a located problem
//! instead of following it; a second entry for a file already placed becomes a hard link.

use std::collections::{HashMap, HashSet};

use crate::tree::{Meta, Special};

use super::{Sink, UnpackError};

/// The inode number of the root directory in JFFS2, UBIFS and YAFFS2 alike.
pub(crate) const ROOT: u64 = 1;

/// Directories deeper than this are not entered: far past any real firmware, and a bound on
/// the path lengths a hostile image could build.
const MAX_DEPTH: usize = 256;

/// What an inode is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FsKind {
    Dir,
    /// A regular file; its bytes are read only when it is placed.
    File,
    Symlink(Vec<u8>),
    Special(Special),
}

impl FsKind {
    /// The kind a Unix `st_mode` names; `None` for an unknown type.
    pub(crate) fn from_mode(mode: u32, rdev: u32) -> Option<FsKind> {
        let (major, minor) = super::endian::decode_dev(rdev);
        Some(match mode & 0o170_000 {
            0o040_000 => FsKind::Dir,
            0o100_000 => FsKind::File,
            0o120_000 => FsKind::Symlink(Vec::new()),
            0o020_000 => FsKind::Special(Special::CharDevice { major, minor }),
            0o060_000 => FsKind::Special(Special::BlockDevice { major, minor }),
            0o010_000 => FsKind::Special(Special::Fifo),
            0o140_000 => FsKind::Special(Special::Socket),
            _ => return None,
        })
    }
}

/// One inode: its kind and ownership.
#[derive(Debug, Clone)]
pub(crate) struct FsInode {
    pub kind: FsKind,
    pub meta: Meta,
}

/// One directory entry: a name in a directory for an inode.
#[derive(Debug, Clone)]
pub(crate) struct FsEntry {
    pub name: Vec<u8>,
    pub child: u64,
    /// Byte offset of the entry in the image, for problems.
    pub at: u64,
}

/// The inodes and entries of one image.
#[derive(Debug, Default)]
pub(crate) struct FsTree {
    pub inodes: HashMap<u64, FsInode>,
    /// Entries by the inode number of their directory.
    pub children: HashMap<u64, Vec<FsEntry>>,
}

/// Reads a regular file's bytes: given the inode number and the most bytes the budget allows,
/// returns the content, or `None` after recording why it cannot be placed.
pub(crate) type ReadFile<'a> =
    dyn FnMut(u64, u64, &mut Sink<'_>) -> Result<Option<Vec<u8>>, UnpackError> + 'a;

impl FsTree {
    /// Places every entry reachable from [`ROOT`] in the sink, names rooted at the image's
    /// root; reports loops, orphans, unsafe names and entries naming missing inodes.
    pub(crate) fn emit(
        &self,
        read: &mut ReadFile<'_>,
        sink: &mut Sink<'_>,
    ) -> Result<(), UnpackError> {
        sink.rooted_names();
        let mut visited: HashSet<u64> = HashSet::from([ROOT]);
        let mut placed_files: HashMap<u64, String> = HashMap::new();
        let mut stack: Vec<(u64, String, usize)> = vec![(ROOT, String::new(), 0)];
        while let Some((dir, dir_path, depth)) = stack.pop() {
            let Some(entries) = self.children.get(&dir) else {
                continue;
            };
            let mut entries: Vec<&FsEntry> = entries.iter().collect();
            entries.sort_by(|a, b| a.name.cmp(&b.name));
            for entry in entries {
                sink.check_time()?;
                let shown = String::from_utf8_lossy(&entry.name);
                if !is_component(&entry.name) {
                    sink.problem(
                        entry.at,
                        format!(
                            "entry {shown:?} in directory inode {dir} is not a single name \
                             component; skipped"
                        ),
                    );
                    continue;
                }
                let path = format!("{dir_path}/{shown}");
                let Some(inode) = self.inodes.get(&entry.child) else {
                    sink.problem(
                        entry.at,
                        format!(
                            "{path} names inode {}, which the image does not hold",
                            entry.child
                        ),
                    );
                    continue;
                };
                match &inode.kind {
                    FsKind::Dir => {
                        if !visited.insert(entry.child) {
                            sink.problem(
                                entry.at,
                                format!(
                                    "{path} reaches directory inode {} a second time (a loop \
                                     or a second parent); not followed",
                                    entry.child
                                ),
                            );
                            continue;
                        }
                        sink.dir(path.as_bytes(), inode.meta)?;
                        if depth + 1 >= MAX_DEPTH {
                            sink.problem(
                                entry.at,
                                format!("{path} is nested {MAX_DEPTH} deep; not entered"),
                            );
                            continue;
                        }
                        stack.push((entry.child, path, depth + 1));
                    }
                    FsKind::File => {
                        if let Some(first) = placed_files.get(&entry.child) {
                            if !sink.hard_link(path.as_bytes(), first.as_bytes(), inode.meta)? {
                                sink.problem(
                                    entry.at,
                                    format!(
                                        "{path} is a second name of {first}, which was not placed"
                                    ),
                                );
                            }
                            continue;
                        }
                        let cap = sink.file_bytes_left();
                        if let Some(data) = read(entry.child, cap, sink)? {
                            sink.file(path.as_bytes(), data, inode.meta)?;
                            placed_files
                                .insert(entry.child, path.trim_start_matches('/').to_owned());
                        }
                    }
                    FsKind::Symlink(target) => sink.symlink(path.as_bytes(), target, inode.meta)?,
                    FsKind::Special(special) => {
                        sink.special(path.as_bytes(), *special, inode.meta)?;
                    }
                }
            }
        }
        let orphans: Vec<&FsEntry> = self
            .children
            .iter()
            .filter(|(dir, _)| !visited.contains(dir))
            .flat_map(|(_, entries)| entries)
            .collect();
        if let Some(first) = orphans.iter().min_by_key(|e| e.at) {
            sink.problem(
                first.at,
                format!(
                    "{} entries sit in directories not reachable from the root (orphans or a \
                     detached loop); not unpacked",
                    orphans.len()
                ),
            );
        }
        Ok(())
    }
}

/// Whether a stored name is exactly one path component.
fn is_component(name: &[u8]) -> bool {
    !name.is_empty() && name != b"." && name != b".." && !name.contains(&b'/') && !name.contains(&0)
}
