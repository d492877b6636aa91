//! UBIFS, the filesystem of UBI volumes on NAND-flash devices: Rampart's own parser, because
//! no Rust crate reads UBIFS.
//!
//! The superblock (LEB 0) gives the LEB size; the newest master node (LEBs 1 and 2) gives the
//! root of the index, a B-tree whose leaves are the live inode, directory-entry and data
//! nodes. The walk from the root is bounded (depth cap, each node visited once), every node's
//! CRC is checked, and data blocks are decompressed with LZO (own decoder), zlib (raw deflate,
//! `flate2`) or zstd (`ruzstd`). Nodes only in the uncommitted journal are not replayed: an
//! image made by mkfs.ubifs or a cleanly unmounted one has none. A UBI volume holding UBIFS
//! is unpacked by the recursion, since the volume file starts with the superblock.

mod node;

use std::collections::{HashMap, HashSet};

use crate::codec::{block, lzo};
use crate::tree::Meta;

use super::fs_tree::{FsEntry, FsInode, FsKind, FsTree};
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};
use node::{LE, Master, Node, Superblock};

/// UBIFS.
pub struct Ubifs;

/// UBIFS file data is cut into blocks of this size, one data node each.
const BLOCK_SIZE: usize = 4096;
/// Far past the few levels a real index has (its fanout is 8 or more).
const MAX_INDEX_DEPTH: usize = 64;
/// The master node's LEBs.
const MASTER_LEBS: [usize; 2] = [1, 2];

impl Unpacker for Ubifs {
    fn format(&self) -> &'static str {
        "ubifs"
    }

    fn magics(&self) -> &'static [Magic] {
        // The node magic alone sits before every node; a superblock is found at the start of
        // a volume file or an image, not carved.
        &[]
    }

    fn detect(&self, data: &[u8]) -> bool {
        node::read(data, 0).is_some_and(|n| n.kind == node::SB)
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let sb = node::read(data, 0)
            .filter(|n| n.kind == node::SB)
            .and_then(|n| Superblock::parse(&n))
            .ok_or_else(|| UnpackError::format(0, "no valid UBIFS superblock"))?;
        if sb.leb_size < 4096 || sb.leb_size > 4 << 20 || sb.key_fmt != 0 {
            return Err(UnpackError::format(
                0,
                format!(
                    "unsupported geometry (LEB size {}, key format {})",
                    sb.leb_size, sb.key_fmt
                ),
            ));
        }
        if sb.flags & node::FLAG_AUTHENTICATION != 0 {
            return Err(UnpackError::format(
                0,
                "authenticated UBIFS is not supported",
            ));
        }
        if sb.flags & node::FLAG_ENCRYPTION != 0 {
            sink.problem(
                0,
                "the filesystem is encrypted: encrypted names and data are not decoded",
            );
        }
        let master = newest_master(data, sb.leb_size, sink)?
            .ok_or_else(|| UnpackError::format(sb.leb_size as u64, "no valid master node"))?;
        let leaves = walk_index(data, &sb, master, sink)?;
        let tree = leaves.tree(sink);
        tree.emit(&mut |ino, cap, sink| Ok(leaves.file(ino, cap, sink)), sink)?;
        let consumed = sb.leb_cnt.saturating_mul(sb.leb_size).min(data.len());
        Ok(Outcome { consumed })
    }
}

/// The master node with the highest sequence number in the master LEBs.
fn newest_master(
    data: &[u8],
    leb_size: usize,
    sink: &Sink<'_>,
) -> Result<Option<Master>, UnpackError> {
    let mut best: Option<(u64, Master)> = None;
    for lnum in MASTER_LEBS {
        let start = lnum * leb_size;
        let end = (start + leb_size).min(data.len());
        let mut at = start;
        while at + node::HEADER_LEN <= end {
            sink.check_time()?;
            if let Some(n) = node::read(data, at).filter(|n| n.kind == node::MST) {
                if best.is_none_or(|(sq, _)| n.sqnum > sq)
                    && let Some(m) = Master::parse(&n)
                {
                    best = Some((n.sqnum, m));
                }
                at += n.bytes.len().next_multiple_of(8);
            } else {
                at += 8;
            }
        }
    }
    Ok(best.map(|(_, m)| m))
}

/// The live leaf nodes the index points to.
#[derive(Default)]
struct Leaves<'a> {
    /// Inode nodes by inode number, with their offsets.
    inodes: HashMap<u64, (Node<'a>, usize)>,
    /// Data nodes by inode number and block number.
    data: HashMap<u64, Vec<(u32, Node<'a>, usize)>>,
    /// Directory entries: parent, child, name, offset.
    dents: Vec<(u64, u64, &'a [u8], usize)>,
}

fn walk_index<'a>(
    data: &'a [u8],
    sb: &Superblock,
    master: Master,
    sink: &mut Sink<'_>,
) -> Result<Leaves<'a>, UnpackError> {
    let branch_len = 12 + 8;
    let addr = |lnum: u32, offs: u32| {
        (lnum as usize)
            .checked_mul(sb.leb_size)?
            .checked_add(offs as usize)
    };
    let mut leaves = Leaves::default();
    let mut seen = HashSet::new();
    let mut stack = Vec::new();
    if let Some(at) = addr(master.root_lnum, master.root_offs) {
        stack.push((at, 0usize));
    }
    let mut broken = 0usize;
    let mut first_broken = None;
    while let Some((at, depth)) = stack.pop() {
        sink.check_time()?;
        if !seen.insert(at) {
            continue;
        }
        let Some(n) = node::read(data, at) else {
            broken += 1;
            first_broken.get_or_insert(at);
            continue;
        };
        match n.kind {
            node::IDX => {
                if depth >= MAX_INDEX_DEPTH {
                    sink.problem(at as u64, "index deeper than any real one; not followed");
                    continue;
                }
                let count = usize::from(LE.u16(n.bytes, 24).unwrap_or(0));
                for i in 0..count {
                    let b = 28 + i * branch_len;
                    let (Some(lnum), Some(offs)) = (LE.u32(n.bytes, b), LE.u32(n.bytes, b + 4))
                    else {
                        break;
                    };
                    if let Some(child) = addr(lnum, offs) {
                        stack.push((child, depth + 1));
                    }
                }
            }
            node::INO => {
                if let Some((inum, _, _)) = node::key(n.bytes, 24) {
                    leaves.inodes.insert(inum, (n, at));
                }
            }
            node::DATA => {
                if let Some((inum, node::KEY_DATA, block)) = node::key(n.bytes, 24) {
                    leaves.data.entry(inum).or_default().push((block, n, at));
                }
            }
            node::DENT => {
                let parent = node::key(n.bytes, 24).map(|k| k.0);
                let child = LE.u64(n.bytes, 40);
                let nlen = LE.u16(n.bytes, 50).map(usize::from);
                let name = nlen.and_then(|l| n.bytes.get(56..56 + l));
                if let (Some(parent), Some(child), Some(name)) = (parent, child, name) {
                    leaves.dents.push((parent, child, name, at));
                }
            }
            // Extended-attribute entries and truncation nodes carry no file content.
            _ => {}
        }
    }
    if let Some(first) = first_broken {
        sink.problem(
            first as u64,
            format!("{broken} index branch(es) point to no valid node; skipped"),
        );
    }
    Ok(leaves)
}

impl Leaves<'_> {
    fn tree(&self, sink: &mut Sink<'_>) -> FsTree {
        let mut tree = FsTree::default();
        for (&inum, &(n, at)) in &self.inodes {
            let b = n.bytes;
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
        for &(parent, child, name, at) in &self.dents {
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
    fn file(&self, inum: u64, cap: u64, sink: &mut Sink<'_>) -> Option<Vec<u8>> {
        let &(inode, inode_at) = self.inodes.get(&inum)?;
        let size = LE.u64(inode.bytes, 48).unwrap_or(0);
        if size > cap {
            sink.problem(
                inode_at as u64,
                format!("inode {inum} declares {size} bytes, more than the {cap} the limits allow; not placed"),
            );
            return None;
        }
        let size = size as usize;
        let mut file = vec![0u8; size];
        for &(block_no, n, at) in self.data.get(&inum).map(Vec::as_slice).unwrap_or_default() {
            let start = block_no as usize * BLOCK_SIZE;
            if start >= size {
                continue;
            }
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
