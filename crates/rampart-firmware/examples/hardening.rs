//! Prints the hardening report of a folder's files as JSON:
//! `cargo run --release -p rampart-firmware --example hardening -- DIR`.
//!
//! A stand-in until `rampart firmware analyze` is wired: the folder is loaded as a
//! [`FileTree`] (regular files read whole, links kept as links, modes from the file system),
//! which is what `bench/hardening-vs-checksec.sh` compares with checksec. Paths in the report
//! are relative to DIR.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use anyhow::{Context, Result};
use bytes::Bytes;
use rampart_firmware::hardening::check_tree;
use rampart_firmware::tree::{FileTree, Meta, Node, NodeKind};

fn main() -> Result<()> {
    let dir = std::env::args()
        .nth(1)
        .context("usage: hardening DIR (a folder of files to check)")?;
    let root = Path::new(&dir);
    let mut tree = FileTree::new();
    load(root, root, &mut tree)?;
    let report = check_tree(&tree);
    serde_json::to_writer_pretty(std::io::stdout().lock(), &report)?;
    println!();
    Ok(())
}

/// Adds every entry below `dir` to the tree, skipping what cannot be read (as checksec does).
fn load(root: &Path, dir: &Path, tree: &mut FileTree) -> Result<()> {
    let entries =
        fs::read_dir(dir).with_context(|| format!("{}: reading the folder", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        let relative = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .into_owned();
        let mode = Meta {
            mode: Some(meta.permissions().mode() & 0o7777),
            uid: Some(meta.uid()),
            gid: Some(meta.gid()),
        };
        let kind = if meta.file_type().is_symlink() {
            NodeKind::Symlink(fs::read_link(&path)?.to_string_lossy().into_owned())
        } else if meta.is_dir() {
            load(root, &path, tree)?;
            NodeKind::Dir
        } else if meta.is_file() {
            let Ok(data) = fs::read(&path) else {
                continue;
            };
            NodeKind::File(Bytes::from(data))
        } else {
            continue;
        };
        tree.insert(
            relative,
            Node {
                kind,
                meta: mode,
                root: String::new(),
            },
        );
    }
    Ok(())
}
