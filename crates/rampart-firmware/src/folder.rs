//! An already unpacked root filesystem (a folder) read into a [`FileTree`], so the same
//! analyses run on what another tool or a build system extracted.
//!
//! The folder is walked without following links (a link is recorded with its target, as an
//! archive would store it), device nodes and FIFOs are recorded and never opened, and every
//! read counts against the same [`Budget`] as unpacking does.

use std::fs;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::Path;

use bytes::Bytes;

use crate::limits::{Budget, LimitHit, Limits, SkipReason, Skipped};
use crate::tree::{FileTree, Meta, Node, NodeKind, Special};

/// A folder read into a tree rooted at `name`, and what the limits kept out.
#[derive(Debug)]
pub struct FolderTree {
    /// The tree; paths are `name/<relative path>`.
    pub tree: FileTree,
    /// Files not read, and why.
    pub skipped: Vec<Skipped>,
    /// Bytes of file content read.
    pub bytes: u64,
}

/// Why a folder could not be read at all.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct FolderError {
    /// The path concerned.
    pub path: String,
    /// The error.
    pub source: std::io::Error,
}

/// Reads the folder `root` into a tree whose nodes sit under `name` (which is also every
/// node's link root, so absolute links resolve inside the folder). Limits: `max_total_bytes`,
/// `max_file_bytes`, `max_files` and the timeout; expansion and depth do not apply.
pub fn read_folder(root: &Path, name: &str, limits: &Limits) -> Result<FolderTree, FolderError> {
    let limits = Limits {
        max_expansion_ratio: 0,
        min_budget_bytes: limits.max_total_bytes,
        ..limits.clone()
    };
    let budget = Budget::new(&limits, 0);
    let mut out = FolderTree {
        tree: FileTree::new(),
        skipped: Vec::new(),
        bytes: 0,
    };
    let meta = fs::symlink_metadata(root).map_err(|source| FolderError {
        path: root.display().to_string(),
        source,
    })?;
    if !meta.is_dir() {
        return Err(FolderError {
            path: root.display().to_string(),
            source: std::io::Error::other("is not a folder"),
        });
    }
    let mut stack = vec![(root.to_path_buf(), name.to_owned())];
    out.tree
        .insert(name.to_owned(), node(NodeKind::Dir, &meta, name));
    while let Some((dir, tree_dir)) = stack.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                out.skipped.push(unreadable(&tree_dir, &e));
                continue;
            }
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(fs::DirEntry::file_name);
        for entry in entries {
            let tree_path = format!("{tree_dir}/{}", entry.file_name().to_string_lossy());
            if let Err(hit) = budget.check_time().and_then(|()| budget.spend_file()) {
                out.skipped.push(Skipped {
                    path: tree_path,
                    reason: hit.reason(),
                });
                return Ok(out);
            }
            let path = entry.path();
            let Ok(meta) = fs::symlink_metadata(&path) else {
                continue;
            };
            let kind = meta.file_type();
            let node_kind = if kind.is_dir() {
                stack.push((path, tree_path.clone()));
                NodeKind::Dir
            } else if kind.is_symlink() {
                let target = fs::read_link(&path)
                    .map(|t| t.to_string_lossy().into_owned())
                    .unwrap_or_default();
                NodeKind::Symlink(target)
            } else if kind.is_file() {
                match read_file(&path, meta.len(), &budget) {
                    Ok(data) => {
                        out.bytes += data.len() as u64;
                        NodeKind::File(data)
                    }
                    Err(ReadFailure::Limit(reason)) => {
                        let stop = matches!(reason, SkipReason::TotalSize { .. });
                        out.skipped.push(Skipped {
                            path: tree_path,
                            reason,
                        });
                        if stop {
                            return Ok(out);
                        }
                        continue;
                    }
                    Err(ReadFailure::Io(e)) => {
                        out.skipped.push(unreadable(&tree_path, &e));
                        continue;
                    }
                }
            } else {
                let (major, minor) = device_numbers(meta.rdev());
                NodeKind::Special(if kind.is_char_device() {
                    Special::CharDevice { major, minor }
                } else if kind.is_block_device() {
                    Special::BlockDevice { major, minor }
                } else if kind.is_fifo() {
                    Special::Fifo
                } else {
                    Special::Socket
                })
            };
            out.tree.insert(tree_path, node(node_kind, &meta, name));
        }
    }
    Ok(out)
}

enum ReadFailure {
    Limit(SkipReason),
    Io(std::io::Error),
}

fn read_file(path: &Path, len: u64, budget: &Budget) -> Result<Bytes, ReadFailure> {
    if len > budget.limits().max_file_bytes {
        return Err(ReadFailure::Limit(SkipReason::FileSize {
            limit: budget.limits().max_file_bytes,
        }));
    }
    budget
        .spend_bytes(len)
        .map_err(|hit: LimitHit| ReadFailure::Limit(hit.reason()))?;
    // Opened without following a link swapped in since the walk, and read no further than
    // the size the walk saw.
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags_nofollow()
        .open(path)
        .map_err(ReadFailure::Io)?;
    let mut data = Vec::with_capacity(len as usize);
    file.take(len)
        .read_to_end(&mut data)
        .map_err(ReadFailure::Io)?;
    Ok(Bytes::from(data))
}

trait NoFollow {
    fn custom_flags_nofollow(&mut self) -> &mut Self;
}

impl NoFollow for fs::OpenOptions {
    fn custom_flags_nofollow(&mut self) -> &mut Self {
        use std::os::unix::fs::OpenOptionsExt;
        self.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
    }
}

fn node(kind: NodeKind, meta: &fs::Metadata, root: &str) -> Node {
    Node {
        kind,
        meta: Meta {
            mode: Some(meta.mode() & 0o7777),
            uid: Some(meta.uid()),
            gid: Some(meta.gid()),
        },
        root: root.to_owned(),
    }
}

fn unreadable(path: &str, e: &std::io::Error) -> Skipped {
    Skipped {
        path: path.to_owned(),
        reason: SkipReason::Unreadable {
            cause: e.to_string(),
        },
    }
}

/// Linux's `major()`/`minor()` of a device number.
fn device_numbers(rdev: u64) -> (u32, u32) {
    let major = ((rdev >> 32) & 0xffff_f000) | ((rdev >> 8) & 0xfff);
    let minor = ((rdev >> 12) & 0xffff_ff00) | (rdev & 0xff);
    (major as u32, minor as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_becomes_a_tree_with_links_recorded_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("bin")).unwrap();
        fs::write(dir.path().join("bin/busybox"), b"bb").unwrap();
        std::os::unix::fs::symlink("/etc/shadow", dir.path().join("bin/sh")).unwrap();
        let read = read_folder(dir.path(), "rootfs", &Limits::default()).unwrap();
        assert_eq!(
            read.tree
                .get("rootfs/bin/busybox")
                .unwrap()
                .data()
                .unwrap()
                .as_ref(),
            b"bb"
        );
        assert_eq!(
            read.tree.get("rootfs/bin/sh").unwrap().kind,
            NodeKind::Symlink("/etc/shadow".into())
        );
        assert_eq!(read.bytes, 2);
    }

    #[test]
    fn the_byte_budget_stops_the_walk_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a"), vec![0u8; 100]).unwrap();
        fs::write(dir.path().join("b"), vec![0u8; 100]).unwrap();
        let limits = Limits {
            max_total_bytes: 150,
            ..Limits::default()
        };
        let read = read_folder(dir.path(), "r", &limits).unwrap();
        assert!(read.tree.get("r/a").is_some());
        assert!(read.tree.get("r/b").is_none());
        assert!(matches!(
            read.skipped[0].reason,
            SkipReason::TotalSize { .. }
        ));
    }

    #[test]
    fn device_numbers_split_like_glibc() {
        assert_eq!(device_numbers(0x0501), (5, 1));
        assert_eq!(device_numbers((259 << 8) | 3), (259, 3));
    }
}
