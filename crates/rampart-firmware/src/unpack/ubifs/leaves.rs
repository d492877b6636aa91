//! The live leaf nodes of a UBIFS image (inodes, directory entries, data blocks), keyed as
//! the filesystem keys them, the newest (highest sequence number) of each key winning: the
//! index's leaves first, then the journal's newer nodes on top. From them, the tree and each
//! file's bytes.

use std::collections::HashMap;

use crate::codec::{block, lzo};
use crate::tree::Meta;

use super::super::Sink;
use super::super::fs_tree::{FsEntry, FsInode, FsKind, FsTree};
use super::node::{self, LE, Node};

/// UBIFS file data is cut into blocks of this size, one data node each.
const BLOCK_SIZE: usize = 4096;

/// The leaves, each with its offset in the volume.
#[derive(Default)]
pub(super) struct Leaves<'a> {
    inodes: HashMap<u64, (Node<'a>, usize)>,
    /// Data nodes by inode number and block number.
    data: HashMap<(u64, u32), (Node<'a>, usize)>,
    /// Entries by directory and name: the child (0 once the journal deleted the name), the
    /// entry's sequence number and offset.
    dents: HashMap<(u64, &'a [u8]), (u64, u64, usize)>,
}

fn newer(old: Option<u64>, sqnum: u64) -> bool {
    old.is_none_or(|old| sqnum > old)
}

impl<'a> Leaves<'a> {
    /// Adds a leaf node unless a newer one of the same key is known; other node types carry
    /// no file content and are ignored.
    pub(super) fn add(&mut self, n: Node<'a>, at: usize) {
        let Some((inum, key_type, value)) = node::key(n.bytes, 24) else {
            return;
        };
        match n.kind {
            node::INO if newer(self.inodes.get(&inum).map(|(o, _)| o.sqnum), n.sqnum) => {
                self.inodes.insert(inum, (n, at));
            }
            node::DATA
                if key_type == node::KEY_DATA
                    && newer(self.data.get(&(inum, value)).map(|(o, _)| o.sqnum), n.sqnum) =>
            {
                self.data.insert((inum, value), (n, at));
            }
            node::DENT => {
                let child = LE.u64(n.bytes, 40);
                let nlen = LE.u16(n.bytes, 50).map(usize::from);
                let name = nlen.and_then(|l| n.bytes.get(56..56 + l));
                if let (Some(child), Some(name)) = (child, name) {
                    let key = (inum, name);
                    if newer(self.dents.get(&key).map(|d| d.1), n.sqnum) {
                        self.dents.insert(key, (child, n.sqnum, at));
                    }
                }
            }
            _ => {}
        }
    }

    /// The inodes and entries as a tree; deleted inodes (no links left) and deleted names
    /// left out.
    pub(super) fn tree(&self, sink: &mut Sink<'_>) -> FsTree {
        let mut tree = FsTree::default();
        for (&inum, &(n, at)) in &self.inodes {
            let b = n.bytes;
            if LE.u32(b, 92) == Some(0) {
                continue;
            }
            let mode = LE.u32(b, 104).unwrap_or(0);
            let data_len = LE.u32(b, 112).unwrap_or(0) as usize;
            let inline = b.get(160..160 + data_len).unwrap_or_default();
            let rdev = match inline.len() {
                4 | 8 => LE.u32(inline, 0).unwrap_or(0),
                _ => 0,
            };
            let kind = match FsKind::from_mode(mode, rdev) {
                Some(FsKind::Symlink(_)) => FsKind::Symlink(inline.to_vec()),
                Some(kind) => kind,
                None => {
                    sink.problem(
                        at as u64,
                        format!("inode {inum} has an unknown file type (mode {mode:#o})"),
                    );
                    continue;
                }
            };
            let meta = Meta {
                mode: Some(mode & 0o7777),
                uid: LE.u32(b, 96),
                gid: LE.u32(b, 100),
            };
            tree.inodes.insert(inum, FsInode { kind, meta });
        }
        for (&(parent, name), &(child, _, at)) in &self.dents {
            if child == 0 {
                continue;
            }
            tree.children.entry(parent).or_default().push(FsEntry {
                name: name.to_vec(),
                child,
                at: at as u64,
            });
        }
        tree
    }

    /// A regular file's bytes from its data nodes, or `None` (recorded) when the budget
    /// cannot hold its size.
    pub(super) fn file(&self, inum: u64, cap: u64, sink: &mut Sink<'_>) -> Option<Vec<u8>> {
        let &(inode, inode_at) = self.inodes.get(&inum)?;
        let size = LE.u64(inode.bytes, 48).unwrap_or(0);
        if size > cap {
            sink.problem(
                inode_at as u64,
                format!(
                    "inode {inum} declares {size} bytes, more than the {cap} the limits allow; not placed"
                ),
            );
            return None;
        }
        let size = size as usize;
        let mut file = vec![0u8; size];
        for start in (0..size).step_by(BLOCK_SIZE) {
            let block_no = (start / BLOCK_SIZE) as u32;
            let Some(&(n, at)) = self.data.get(&(inum, block_no)) else {
                continue;
            };
            match decode_block(&n) {
                Ok(bytes) => {
                    let end = (start + bytes.len()).min(size);
                    file[start..end].copy_from_slice(&bytes[..end - start]);
                }
                Err(message) => sink.problem(
                    at as u64,
                    format!("inode {inum} block {block_no}: {message}"),
                ),
            }
        }
        Some(file)
    }
}

/// One data node's block, decompressed.
fn decode_block(n: &Node<'_>) -> Result<Vec<u8>, String> {
    let b = n.bytes;
    let size = LE.u32(b, 40).unwrap_or(0) as usize;
    if size > BLOCK_SIZE {
        return Err(format!(
            "block claims {size} bytes, more than a block holds"
        ));
    }
    let stored = b.get(48..).unwrap_or_default();
    let out = match LE.u16(b, 44).unwrap_or(u16::MAX) {
        0 => stored.get(..size).ok_or("stored block is short")?.to_vec(),
        1 => lzo::decompress(stored, size).map_err(|e| e.to_string())?,
        2 => block::deflate(stored, size)?,
        3 => block::zstd(stored, size)?,
        other => return Err(format!("unknown compression {other}")),
    };
    if out.len() != size {
        return Err(format!("block decodes to {} bytes, not {size}", out.len()));
    }
    Ok(out)
}
