//! YAFFS2, the NAND-flash filesystem of many Android-era and industrial devices: Rampart's own
//! parser, because no Rust crate reads YAFFS2.
//!
//! The image is a run of chunks (pages), each with tags (in the spare area or in band) naming
//! the object it belongs to, the chunk's place in that object and the block's sequence
//! number. Chunk 0 of an object is its header (type, parent, name, mode, owner, size, link
//! target); the others are file data. The newest copy of each chunk (highest sequence number,
//! then latest position) wins. The page layout is guessed ([`geometry`]); the tree is built
//! from the headers' parent links from object 1, the root ([`super::fs_tree`]).

mod geometry;

use std::collections::HashMap;

use crate::tree::Meta;

use super::endian::Endian;
use super::fs_tree::{FsEntry, FsInode, FsKind, FsTree, ROOT};
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};
use geometry::{Chunk, Geometry, Tags};

/// YAFFS2.
pub struct Yaffs2;

const TYPE_FILE: u32 = 1;
const TYPE_SYMLINK: u32 = 2;
const TYPE_DIRECTORY: u32 = 3;
const TYPE_HARDLINK: u32 = 4;
const TYPE_SPECIAL: u32 = 5;
/// The fake directories that hold unlinked and deleted objects.
const UNLINKED: u32 = 3;
const DELETED: u32 = 4;
/// Consecutive chunks that are neither YAFFS2 nor erased after which the image is over.
const MAX_BAD_RUN: usize = 64;

impl Unpacker for Yaffs2 {
    fn format(&self) -> &'static str {
        "yaffs2"
    }

    fn magics(&self) -> &'static [Magic] {
        // No magic: an image is recognised at the start of a file by its first header.
        &[]
    }

    fn detect(&self, data: &[u8]) -> bool {
        [Endian::Little, Endian::Big]
            .into_iter()
            .any(|e| geometry::looks_like_header(data, e))
            && geometry::guess(data).is_some()
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let g = geometry::guess(data)
            .ok_or_else(|| UnpackError::format(0, "no YAFFS2 page layout fits the data"))?;
        let scan = scan(&g, data, sink)?;
        let tree = build(&g, data, &scan, sink);
        tree.emit(
            &mut |object, cap, sink| Ok(file(&g, data, &scan, object, cap, sink)),
            sink,
        )?;
        Ok(Outcome { consumed: scan.end })
    }
}

/// The newest header and data chunks of every object.
#[derive(Default)]
struct Scan {
    /// Object id → (sequence, chunk index) of its newest header.
    headers: HashMap<u32, (u32, usize)>,
    /// (object, chunk id) → (sequence, chunk index, bytes) of the newest copy.
    data: HashMap<(u32, u32), (u32, usize, u32)>,
    /// The end of the last chunk that was YAFFS2 or erased.
    end: usize,
}

fn scan(g: &Geometry, image: &[u8], sink: &mut Sink<'_>) -> Result<Scan, UnpackError> {
    let mut found = Scan::default();
    let mut bad_run = 0;
    // The first unreadable chunk still waiting for a good one after it, and the first that
    // had one (damage inside the image rather than its end).
    let mut pending_bad = None;
    let mut damaged = None;
    let count = image.len() / g.stride;
    for index in 0..count {
        if index % 1024 == 0 {
            sink.check_time()?;
        }
        let newer = |old: Option<&(u32, usize)>, seq: u32| old.is_none_or(|&(s, _)| seq >= s);
        match g.chunk(image, index) {
            Chunk::Erased => bad_run = 0,
            Chunk::Header(Tags { seq, object, .. }) => {
                bad_run = 0;
                if newer(found.headers.get(&object), seq) {
                    found.headers.insert(object, (seq, index));
                }
            }
            Chunk::Data(Tags {
                seq,
                object,
                chunk,
                bytes,
            }) => {
                bad_run = 0;
                let old = found.data.get(&(object, chunk)).map(|&(s, i, _)| (s, i));
                if newer(old.as_ref(), seq) {
                    found.data.insert((object, chunk), (seq, index, bytes));
                }
            }
            Chunk::Invalid => {
                pending_bad.get_or_insert(index);
                bad_run += 1;
                if bad_run > MAX_BAD_RUN {
                    break;
                }
                continue;
            }
        }
        found.end = (index + 1) * g.stride;
        if let Some(bad) = pending_bad.take() {
            damaged.get_or_insert(bad);
        }
    }
    if let Some(index) = damaged {
        sink.problem(
            (index * g.stride) as u64,
            "chunk(s) with implausible tags skipped",
        );
    }
    Ok(found)
}

fn cstr(bytes: &[u8]) -> &[u8] {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    &bytes[..end]
}

fn build(g: &Geometry, image: &[u8], scan: &Scan, sink: &mut Sink<'_>) -> FsTree {
    let e = g.order;
    let mut tree = FsTree::default();
    let mut ids: Vec<&u32> = scan.headers.keys().collect();
    ids.sort_unstable();
    for &object in ids {
        let (_, index) = scan.headers[&object];
        let at = index * g.stride;
        let h = &image[at..at + g.data];
        let word = |offset: usize| e.u32(h, offset).unwrap_or(0);
        let (kind, parent) = (word(0), word(4));
        if parent == UNLINKED || parent == DELETED {
            continue;
        }
        let name = cstr(&h[10..266]).to_vec();
        let mode = word(268);
        let meta = Meta {
            mode: Some(mode & 0o7777),
            uid: Some(word(272)),
            gid: Some(word(276)),
        };
        let alias = cstr(&h[300..460]).to_vec();
        let child = match kind {
            TYPE_FILE => Some(FsKind::File),
            TYPE_DIRECTORY => Some(FsKind::Dir),
            TYPE_SYMLINK => Some(FsKind::Symlink(alias)),
            TYPE_SPECIAL => FsKind::from_mode(mode, word(460)),
            TYPE_HARDLINK => None,
            _ => {
                sink.problem(
                    at as u64,
                    format!("object {object} has unknown type {kind}"),
                );
                continue;
            }
        };
        // A hard link is a second entry for its target object; it has no inode of its own.
        let target = if kind == TYPE_HARDLINK {
            word(296)
        } else {
            object
        };
        if let Some(kind) = child {
            tree.inodes
                .insert(u64::from(object), FsInode { kind, meta });
        }
        if object == ROOT as u32 {
            continue;
        }
        tree.children
            .entry(u64::from(parent))
            .or_default()
            .push(FsEntry {
                name,
                child: u64::from(target),
                at: at as u64,
            });
    }
    tree.inodes.entry(ROOT).or_insert(FsInode {
        kind: FsKind::Dir,
        meta: Meta::default(),
    });
    tree
}

/// A file's bytes from its newest data chunks, or `None` (recorded) when its size is past
/// the budget.
fn file(
    g: &Geometry,
    image: &[u8],
    scan: &Scan,
    object: u64,
    cap: u64,
    sink: &mut Sink<'_>,
) -> Option<Vec<u8>> {
    let object = u32::try_from(object).ok()?;
    let (_, index) = *scan.headers.get(&object)?;
    let h = &image[index * g.stride..index * g.stride + g.data];
    let e = g.order;
    let low = u64::from(e.u32(h, 292).unwrap_or(0));
    let high = e.u32(h, 496).unwrap_or(u32::MAX);
    let size = if high == u32::MAX {
        low
    } else {
        low | (u64::from(high) << 32)
    };
    if size > cap {
        sink.problem(
            (index * g.stride) as u64,
            format!(
                "object {object} declares {size} bytes, more than the {cap} the limits allow; not placed"
            ),
        );
        return None;
    }
    let size = size as usize;
    let mut out = vec![0u8; size];
    // Data chunks of this object: walk the file's chunk ids, not the whole map.
    let chunks = size.div_ceil(g.data);
    for chunk in 1..=chunks {
        let Some(&(_, at_index, bytes)) = scan.data.get(&(object, chunk as u32)) else {
            continue;
        };
        let start = (chunk - 1) * g.data;
        let len = (bytes as usize).min(size - start);
        let from = at_index * g.stride;
        out[start..start + len].copy_from_slice(&image[from..from + len]);
    }
    Some(out)
}
