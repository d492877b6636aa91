//! Writing an unpacked tree to a folder (`rampart firmware unpack -o DIR`).
//!
//! The tree's paths are already guarded; this is the second line: the folder must be new or
//! empty, files are created exclusively (never through an existing link), links are created
//! last, only when they resolve inside their own filesystem, and rewritten as relative links
//! (an absolute `/bin/busybox` inside a squashfs means that squashfs's `/bin/busybox`, not the
//! analyst's). Device nodes and FIFOs are recorded, never created; set-uid and set-gid bits are
//! not reproduced on disk (the tree and the reports keep them).

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::guard::resolve_link;
use crate::limits::{SkipReason, Skipped};
use crate::tree::{FileTree, NodeKind};

/// What writing a tree did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct ExtractReport {
    /// Regular files written.
    pub files: usize,
    /// Directories created.
    pub dirs: usize,
    /// Symbolic links created.
    pub links: usize,
    /// Links, devices and FIFOs not created, and why.
    pub skipped: Vec<Skipped>,
}

/// Why a tree could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The output folder exists and is not empty.
    #[error("{0}: the output folder is not empty")]
    NotEmpty(PathBuf),
    /// A filesystem operation failed.
    #[error("{path}: {source}")]
    Io {
        /// The path concerned.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ExtractError + '_ {
    move |source| ExtractError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Writes every node of `tree` but `skip` (the image itself) under `out`.
pub fn write_tree(tree: &FileTree, skip: &str, out: &Path) -> Result<ExtractReport, ExtractError> {
    match fs::read_dir(out) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(ExtractError::NotEmpty(out.to_owned()));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            fs::create_dir_all(out).map_err(io(out))?;
        }
        Err(e) => return Err(io(out)(e)),
    }
    let mut report = ExtractReport::default();
    let mut links = Vec::new();
    for (path, node) in tree.iter() {
        if path == skip {
            continue;
        }
        let target = out.join(path);
        match &node.kind {
            NodeKind::Dir => {
                make_dir(&target)?;
                report.dirs += 1;
            }
            NodeKind::File(data) => {
                if let Some(parent) = target.parent() {
                    make_dir(parent)?;
                }
                let mode = node.meta.mode.unwrap_or(0o644) & 0o777 | 0o600;
                let mut file = OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(mode)
                    .custom_flags(libc::O_NOFOLLOW)
                    .open(&target)
                    .map_err(io(&target))?;
                file.write_all(data).map_err(io(&target))?;
                report.files += 1;
            }
            NodeKind::Symlink(stored) => links.push((path, &node.root, stored)),
            NodeKind::Special(_) => report.skipped.push(Skipped {
                path: path.to_owned(),
                reason: SkipReason::SpecialFile,
            }),
        }
    }
    for (path, root, stored) in links {
        let Some(resolved) = resolve_link(root, path, stored) else {
            report.skipped.push(Skipped {
                path: path.to_owned(),
                reason: SkipReason::LinkEscape {
                    target: stored.clone(),
                },
            });
            continue;
        };
        let link = out.join(path);
        if let Some(parent) = link.parent() {
            make_dir(parent)?;
        }
        std::os::unix::fs::symlink(relative_target(path, &resolved), &link).map_err(io(&link))?;
        report.links += 1;
    }
    Ok(report)
}

/// Creates `dir` and its parents, refusing to go through anything but real directories.
fn make_dir(dir: &Path) -> Result<(), ExtractError> {
    match fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(io(dir)(std::io::Error::other(
            "exists and is not a directory",
        ))),
        Err(_) => {
            if let Some(parent) = dir.parent() {
                make_dir(parent)?;
            }
            fs::create_dir(dir).map_err(io(dir))?;
            fs::set_permissions(dir, fs::Permissions::from_mode(0o755)).map_err(io(dir))
        }
    }
}

/// The relative link text from the folder of `link` to `target` (both tree paths).
fn relative_target(link: &str, target: &str) -> String {
    let link_dir: Vec<&str> = link.split('/').collect();
    let link_dir = &link_dir[..link_dir.len() - 1];
    let target: Vec<&str> = target.split('/').collect();
    let common = link_dir
        .iter()
        .zip(&target)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; link_dir.len() - common];
    parts.extend(&target[common..]);
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::*;
    use crate::tree::{Meta, Node, Special};

    fn node(kind: NodeKind) -> Node {
        Node {
            kind,
            meta: Meta::mode(0o4755),
            root: "fw.unpacked/0x0-tar".into(),
        }
    }

    #[test]
    fn relative_targets_climb_to_the_common_folder() {
        assert_eq!(
            relative_target("r/usr/bin/sh", "r/bin/busybox"),
            "../../bin/busybox"
        );
        assert_eq!(relative_target("r/bin/sh", "r/bin/busybox"), "busybox");
        assert_eq!(relative_target("r/a", "r"), ".");
        assert_eq!(relative_target("r/a/b", "r"), "..");
    }

    #[test]
    fn links_are_made_relative_and_escapes_devices_are_not_created() {
        let root = "fw.unpacked/0x0-tar";
        let mut tree = FileTree::new();
        tree.insert(
            format!("{root}/bin/busybox"),
            node(NodeKind::File(Bytes::from_static(b"bb"))),
        );
        tree.insert(
            format!("{root}/usr/bin/sh"),
            node(NodeKind::Symlink("/bin/busybox".into())),
        );
        tree.insert(
            format!("{root}/evil"),
            node(NodeKind::Symlink("../../../../etc/passwd".into())),
        );
        tree.insert(
            format!("{root}/dev/console"),
            node(NodeKind::Special(Special::CharDevice {
                major: 5,
                minor: 1,
            })),
        );
        let out = tempfile::tempdir().unwrap();
        let report = write_tree(&tree, "fw", out.path()).unwrap();
        assert_eq!((report.files, report.links), (1, 1));
        let sh = out.path().join(root).join("usr/bin/sh");
        assert_eq!(fs::read_link(&sh).unwrap(), Path::new("../../bin/busybox"));
        assert_eq!(fs::read(&sh).unwrap(), b"bb");
        assert!(fs::symlink_metadata(out.path().join(root).join("evil")).is_err());
        assert!(fs::symlink_metadata(out.path().join(root).join("dev/console")).is_err());
        let reasons: Vec<_> = report.skipped.iter().map(|s| &s.reason).collect();
        assert!(matches!(reasons[0], SkipReason::SpecialFile));
        assert!(matches!(reasons[1], SkipReason::LinkEscape { .. }));
        let mode = fs::metadata(out.path().join(root).join("bin/busybox"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o7777, 0o755, "set-uid is not reproduced");
    }

    #[test]
    fn a_non_empty_folder_is_refused() {
        let out = tempfile::tempdir().unwrap();
        fs::write(out.path().join("x"), b"").unwrap();
        assert!(matches!(
            write_tree(&FileTree::new(), "fw", out.path()),
            Err(ExtractError::NotEmpty(_))
        ));
    }
}
