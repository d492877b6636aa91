//! Where unpackers put what they find: the path guard, the budget and the tree rules in one
//! place, so no unpacker can get them wrong.

use std::io::Read;

use bytes::Bytes;

use crate::guard::{PathRejection, clean_entry_path, clean_filesystem_path};
use crate::limits::{Budget, LimitHit, SkipReason, Skipped};
use crate::tree::{FileTree, Meta, Node, NodeKind, Special};

use super::UnpackError;

/// What a finished sink hands back to the driver.
pub(crate) struct SinkParts {
    pub(crate) new_files: Vec<String>,
    pub(crate) attributes: Vec<(String, String)>,
}

/// The receiving end of one container's unpack.
pub struct Sink<'a> {
    tree: &'a mut FileTree,
    budget: &'a Budget,
    skipped: &'a mut Vec<Skipped>,
    root: String,
    stream_name: String,
    rooted_names: bool,
    new_files: Vec<String>,
    problems: Vec<(u64, String)>,
    problems_dropped: usize,
    entries: usize,
    attributes: Vec<(String, String)>,
}

/// Problems kept per container: a damaged image can have a problem per node, and the report
/// must stay readable and small; the rest are counted.
const MAX_PROBLEMS: usize = 100;

impl<'a> Sink<'a> {
    /// A sink placing entries under `root` (the container's folder). `stream_name` is the name
    /// a single decompressed stream gets when the format stores none.
    pub fn new(
        tree: &'a mut FileTree,
        budget: &'a Budget,
        skipped: &'a mut Vec<Skipped>,
        root: String,
        stream_name: String,
    ) -> Sink<'a> {
        Sink {
            tree,
            budget,
            skipped,
            root,
            stream_name,
            rooted_names: false,
            new_files: Vec::new(),
            problems: Vec::new(),
            problems_dropped: 0,
            entries: 0,
            attributes: Vec::new(),
        }
    }

    /// Declares that entry names start at the root of a filesystem image (`/etc/passwd` is
    /// the image's own `/etc/passwd`), as squashfs, ext4 or cramfs name them, rather than
    /// archive members whose absolute names are refused.
    pub fn rooted_names(&mut self) {
        self.rooted_names = true;
    }

    /// The name for a single decompressed stream whose format stores none: the compressed
    /// file's name without its compression suffix, or `data`.
    pub fn stream_name(&self) -> &str {
        &self.stream_name
    }

    /// The run's remaining bytes for one file: read at most this plus one from a decoder.
    pub fn file_bytes_left(&self) -> u64 {
        self.budget.file_bytes_left()
    }

    /// Fails once the run's time is up; long loops call it between entries.
    pub fn check_time(&self) -> Result<(), UnpackError> {
        Ok(self.budget.check_time()?)
    }

    /// Entries accepted so far.
    pub fn entries(&self) -> usize {
        self.entries
    }

    /// Records a problem that does not stop the unpack (a corrupt node skipped, a loop not
    /// followed), at `offset` from the format's start: reported like a format error, located
    /// by file, offset and format, while the rest of the container is still read.
    /// Past the first 100 only a count is kept.
    pub fn problem(&mut self, offset: u64, message: impl Into<String>) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push((offset, message.into()));
        } else {
            self.problems_dropped += 1;
        }
    }

    /// The problems recorded with [`Sink::problem`], taken out of the sink; a last one
    /// counts those not kept.
    pub(crate) fn take_problems(&mut self) -> Vec<(u64, String)> {
        let mut problems = std::mem::take(&mut self.problems);
        if self.problems_dropped > 0 {
            let last = problems.last().map_or(0, |p| p.0);
            problems.push((
                last,
                format!("{} more problems not listed", self.problems_dropped),
            ));
            self.problems_dropped = 0;
        }
        problems
    }

    /// Records what the container's header says about it (`arch` = `arm`, a TRX version, an
    /// image description), kept on the report's container.
    pub fn attribute(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.attributes.push((key.into(), value.into()));
    }

    pub(crate) fn into_parts(self) -> SinkParts {
        SinkParts {
            new_files: self.new_files,
            attributes: self.attributes,
        }
    }

    /// Adds a regular file.
    pub fn file(
        &mut self,
        raw_name: &[u8],
        data: impl Into<Bytes>,
        meta: Meta,
    ) -> Result<(), UnpackError> {
        let data = data.into();
        let Some(path) = self.place(raw_name)? else {
            return Ok(());
        };
        if data.len() as u64 > self.budget.limits().max_file_bytes {
            self.skip(
                &path,
                SkipReason::FileSize {
                    limit: self.budget.limits().max_file_bytes,
                },
            );
            return Ok(());
        }
        if let Err(hit) = self.budget.spend_bytes(data.len() as u64) {
            self.skip(&path, hit.reason());
            return Err(hit.into());
        }
        self.insert(path, NodeKind::File(data), meta, true)
    }

    /// Adds a regular file read from a decoder, reading no more than the budget allows: the
    /// check that contains compression bombs.
    pub fn file_from_reader(
        &mut self,
        raw_name: &[u8],
        reader: impl Read,
        meta: Meta,
    ) -> Result<(), UnpackError> {
        let Some(path) = self.place(raw_name)? else {
            return Ok(());
        };
        let cap = self.budget.file_bytes_left();
        let mut data = Vec::new();
        let read = reader.take(cap.saturating_add(1)).read_to_end(&mut data);
        if data.len() as u64 > cap {
            let hit = if self.budget.total_is_binding() {
                LimitHit::TotalSize(self.budget.total_limit())
            } else {
                self.skip(
                    &path,
                    SkipReason::FileSize {
                        limit: self.budget.limits().max_file_bytes,
                    },
                );
                return Err(UnpackError::format(
                    0,
                    "a file exceeds the per-file size limit",
                ));
            };
            self.skip(&path, hit.reason());
            return Err(hit.into());
        }
        let read_error = read.err();
        if let Some(e) = &read_error
            && data.is_empty()
        {
            return Err(UnpackError::format(0, format!("cannot decode: {e}")));
        }
        self.budget
            .spend_bytes(data.len() as u64)
            .map_err(UnpackError::from)?;
        self.insert(path, NodeKind::File(Bytes::from(data)), meta, true)?;
        match read_error {
            Some(e) => Err(UnpackError::format(
                0,
                format!("truncated or corrupt data: {e}"),
            )),
            None => Ok(()),
        }
    }

    /// Adds a hard link: a second name for an entry of the same container (`raw_target` is
    /// named from the container's root, as tar and cpio store it). The content is shared, not
    /// copied; a target not seen yet is recorded as a problem by the caller.
    pub fn hard_link(
        &mut self,
        raw_name: &[u8],
        raw_target: &[u8],
        meta: Meta,
    ) -> Result<bool, UnpackError> {
        let Ok(target) = clean_entry_path(raw_target) else {
            return Ok(false);
        };
        let target = format!("{}/{target}", self.root);
        let Some(node) = self.tree.get(&target) else {
            return Ok(false);
        };
        let kind = node.kind.clone();
        let Some(path) = self.place(raw_name)? else {
            return Ok(true);
        };
        let is_file = matches!(kind, NodeKind::File(_));
        self.insert(path, kind, meta, is_file)?;
        Ok(true)
    }

    /// Adds a directory.
    pub fn dir(&mut self, raw_name: &[u8], meta: Meta) -> Result<(), UnpackError> {
        let Some(path) = self.place(raw_name)? else {
            return Ok(());
        };
        if let Some(existing) = self.tree.get(&path)
            && matches!(existing.kind, NodeKind::Dir)
        {
            return Ok(());
        }
        self.insert(path, NodeKind::Dir, meta, false)
    }

    /// Adds a symbolic link; it is kept in the tree as written and checked again when written
    /// to disk.
    pub fn symlink(
        &mut self,
        raw_name: &[u8],
        target: &[u8],
        meta: Meta,
    ) -> Result<(), UnpackError> {
        let Some(path) = self.place(raw_name)? else {
            return Ok(());
        };
        let target = String::from_utf8_lossy(target).into_owned();
        self.insert(path, NodeKind::Symlink(target), meta, false)
    }

    /// Records a device node, FIFO or socket.
    pub fn special(
        &mut self,
        raw_name: &[u8],
        special: Special,
        meta: Meta,
    ) -> Result<(), UnpackError> {
        let Some(path) = self.place(raw_name)? else {
            return Ok(());
        };
        self.insert(path, NodeKind::Special(special), meta, false)
    }

    /// Whether `name` passes [`Sink::check_name`], without recording anything: for readers
    /// that decide now and replay the check later, in order.
    pub fn is_entry_name(name: &[u8]) -> bool {
        name_rejection(name).is_none()
    }

    /// Whether one name of a filesystem directory (`name`, in directory `dir`) can be an entry:
    /// filesystems store each component on its own, so a component holding `/` or a NUL, or
    /// being `.`, `..` or empty, is refused here (and recorded) before it is joined to its
    /// directory, where a `/` would pass for a separator.
    pub fn check_name(&mut self, dir: &[u8], name: &[u8]) -> bool {
        let Some(cause) = name_rejection(name) else {
            return true;
        };
        let mut raw = dir.to_vec();
        raw.push(b'/');
        raw.extend_from_slice(name);
        let root = self.root.clone();
        self.skip(
            &root,
            SkipReason::UnsafePath {
                raw: String::from_utf8_lossy(&raw).into_owned(),
                cause: cause.to_string(),
            },
        );
        false
    }

    /// The tree path for an entry name, or `None` (recorded) when the guard or the tree
    /// refuses it.
    fn place(&mut self, raw_name: &[u8]) -> Result<Option<String>, UnpackError> {
        self.check_time()?;
        let cleaned = if self.rooted_names {
            clean_filesystem_path(raw_name)
        } else {
            clean_entry_path(raw_name)
        };
        let relative = match cleaned {
            Ok(relative) => relative,
            // `.` or `./`: the archive's own root, which the container folder already is.
            Err(PathRejection::Empty) => return Ok(None),
            Err(cause) => {
                let root = self.root.clone();
                self.skip(
                    &root,
                    SkipReason::UnsafePath {
                        raw: String::from_utf8_lossy(raw_name).into_owned(),
                        cause: cause.to_string(),
                    },
                );
                return Ok(None);
            }
        };
        let path = format!("{}/{relative}", self.root);
        if let Some(parent) = self.tree.blocking_ancestor(&path) {
            let parent = parent.to_owned();
            self.skip(&path, SkipReason::ParentNotDirectory { parent });
            return Ok(None);
        }
        if self.tree.contains(&path) {
            self.skip(&path, SkipReason::Duplicate);
            return Ok(None);
        }
        Ok(Some(path))
    }

    fn insert(
        &mut self,
        path: String,
        kind: NodeKind,
        meta: Meta,
        is_file: bool,
    ) -> Result<(), UnpackError> {
        self.make_parents(&path)?;
        if let Err(hit) = self.budget.spend_file() {
            self.skip(&path, hit.reason());
            return Err(hit.into());
        }
        let node = Node {
            kind,
            meta,
            root: self.root.clone(),
        };
        if self.tree.insert(path.clone(), node) {
            self.entries += 1;
            if is_file {
                self.new_files.push(path);
            }
        }
        Ok(())
    }

    /// Creates the missing directories between the container folder and `path`.
    fn make_parents(&mut self, path: &str) -> Result<(), UnpackError> {
        let mut end = self.root.len();
        while let Some(pos) = path[end + 1..].find('/') {
            end += 1 + pos;
            let dir = &path[..end];
            if !self.tree.contains(dir) {
                self.budget.spend_file()?;
                self.tree.insert(
                    dir.to_owned(),
                    Node {
                        kind: NodeKind::Dir,
                        meta: Meta::default(),
                        root: self.root.clone(),
                    },
                );
            }
        }
        Ok(())
    }

    fn skip(&mut self, path: &str, reason: SkipReason) {
        self.skipped.push(Skipped {
            path: path.to_owned(),
            reason,
        });
    }
}

/// Why one stored name component cannot be an entry, if it cannot.
fn name_rejection(name: &[u8]) -> Option<PathRejection> {
    Some(if name.is_empty() || name == b"." {
        PathRejection::Empty
    } else if name == b".." {
        PathRejection::ParentDir
    } else if name.contains(&0) {
        PathRejection::Nul
    } else if name.contains(&b'/') {
        PathRejection::Separator
    } else {
        return None;
    })
}
