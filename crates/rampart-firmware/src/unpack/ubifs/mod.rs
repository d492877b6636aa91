//! UBIFS, the filesystem of UBI volumes on NAND-flash devices: Rampart's own parser, because
//! no Rust crate reads UBIFS.
//!
//! The superblock (LEB 0) gives the LEB size; the newest master node (LEBs 1 and 2) gives the
//! root of the index, a B-tree whose leaves are the live inode, directory-entry and data
//! nodes. The walk from the root is bounded (depth cap, each node visited once), every node's
//! CRC is checked, and data blocks are decompressed with LZO (own decoder), zlib (raw deflate,
//! `flate2`) or zstd (`ruzstd`). Nodes written since the last commit, which only the journal
//! holds, are laid over the index's leaves ([`journal`]). A UBI volume holding UBIFS
//! is unpacked by the recursion, since the volume file starts with the superblock.

mod journal;
mod leaves;
mod node;

use std::collections::HashSet;

use super::{Magic, Outcome, Sink, UnpackError, Unpacker};
use leaves::Leaves;
use node::{LE, Master, Superblock};

/// UBIFS.
pub struct Ubifs;

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
        let mut leaves = walk_index(data, &sb, master, sink)?;
        journal::replay(data, &sb, &master, &mut leaves, sink)?;
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
            _ => leaves.add(n, at),
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
