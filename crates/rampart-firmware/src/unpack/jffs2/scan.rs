//! The node scan of a JFFS2 image: every 4-byte-aligned offset is tried for a node header
//! (magic `0x1985`, a node type, a length and the header's CRC), so erase-block padding,
//! cleanmarkers, obsolete nodes and half-written blocks are stepped over as the kernel's own
//! mount scan steps over them.

use std::ops::Range;

use crate::codec::crc;

use super::super::endian::Endian;
use super::super::{Sink, UnpackError};

pub(super) const MAGIC: u16 = 0x1985;
/// Directory entry: `JFFS2_FEATURE_INCOMPAT | JFFS2_NODE_ACCURATE | 1`.
pub(super) const DIRENT: u16 = 0xe001;
/// Inode (metadata and one run of data).
pub(super) const INODE: u16 = 0xe002;
/// Marks an erase block as cleanly erased.
pub(super) const CLEANMARKER: u16 = 0x2003;
const PADDING: u16 = 0x2004;
const SUMMARY: u16 = 0x2006;
const XATTR: u16 = 0xe008;
const XREF: u16 = 0xe009;

const HEADER_LEN: usize = 12;
const DIRENT_LEN: usize = 40;
const INODE_LEN: usize = 68;

/// A stretch without a node, and not erased flash, longer than this ends the filesystem: the
/// carver then looks for whatever follows.
const MAX_GAP: usize = 128 << 10;

/// A directory entry node.
#[derive(Debug, Clone)]
pub(super) struct Dirent {
    pub pino: u32,
    pub version: u32,
    pub ino: u32,
    pub name: Vec<u8>,
    pub at: usize,
}

/// An inode node: the inode's metadata as of `version` and one run of its data.
#[derive(Debug, Clone)]
pub(super) struct InodeNode {
    pub ino: u32,
    pub version: u32,
    pub mode: u32,
    pub uid: u16,
    pub gid: u16,
    pub isize: u32,
    pub offset: u32,
    pub dsize: u32,
    pub compr: u8,
    /// The stored (compressed) bytes, as a range of the image.
    pub data: Range<usize>,
    pub at: usize,
}

/// Every live node of an image, in the order found.
#[derive(Debug, Default)]
pub(super) struct Scan {
    pub dirents: Vec<Dirent>,
    pub inodes: Vec<InodeNode>,
    /// The end of the last valid node: the filesystem's extent.
    pub end: usize,
}

/// The byte order of a node header at the start of `data` whose magic, type and CRC check.
pub(super) fn header_order(data: &[u8]) -> Option<Endian> {
    [Endian::Little, Endian::Big].into_iter().find(|&e| {
        e.u16(data, 0) == Some(MAGIC)
            && matches!(
                e.u16(data, 2),
                Some(DIRENT | INODE | CLEANMARKER | PADDING | SUMMARY | XATTR | XREF)
            )
            && header_crc_ok(e, data, 0)
    })
}

fn header_crc_ok(e: Endian, data: &[u8], at: usize) -> bool {
    match (data.get(at..at + 8), e.u32(data, at + 8)) {
        (Some(head), Some(stored)) => crc::jffs2(head) == stored,
        _ => false,
    }
}

/// Counts of what the scan stepped over, reported once rather than node by node.
#[derive(Default)]
struct Damage {
    bad_crc: usize,
    first_bad: Option<usize>,
}

impl Damage {
    fn note(&mut self, at: usize) {
        self.bad_crc += 1;
        self.first_bad.get_or_insert(at);
    }
}

/// Scans `data` in byte order `e` for nodes.
pub(super) fn scan(e: Endian, data: &[u8], sink: &mut Sink<'_>) -> Result<Scan, UnpackError> {
    let mut found = Scan::default();
    let mut damage = Damage::default();
    let mut at = 0usize;
    while at + HEADER_LEN <= data.len() {
        if at.is_multiple_of(64 << 10) {
            sink.check_time()?;
        }
        let word = &data[at..at + 4];
        if e.u16(data, at) != Some(MAGIC) {
            if word != [0xff; 4] && word != [0; 4] && at - found.end > MAX_GAP {
                break;
            }
            at += 4;
            continue;
        }
        if !header_crc_ok(e, data, at) {
            damage.note(at);
            at += 4;
            continue;
        }
        let node_type = e.u16(data, at + 2).unwrap_or(0);
        let total = e.u32(data, at + 4).unwrap_or(0) as usize;
        let Some(node) = at
            .checked_add(total)
            .and_then(|end| data.get(at..end))
            .filter(|_| total >= HEADER_LEN)
        else {
            sink.problem(
                at as u64,
                format!(
                    "node of {total} bytes runs past the end of the data ({} bytes)",
                    data.len()
                ),
            );
            at += 4;
            continue;
        };
        let parsed = match node_type {
            DIRENT => parse_dirent(e, node, at).map(|d| found.dirents.push(d)),
            INODE => parse_inode(e, node, at).map(|i| found.inodes.push(i)),
            // Obsolete nodes (ACCURATE cleared), cleanmarkers, padding, summaries, xattrs and
            // node types of later kernels carry no file content: stepped over whole.
            _ => Some(()),
        };
        if parsed.is_none() {
            damage.note(at);
            at += 4;
            continue;
        }
        at += total.next_multiple_of(4);
        found.end = at.min(data.len());
    }
    if let Some(first) = damage.first_bad {
        sink.problem(
            first as u64,
            format!(
                "{} node(s) with a bad CRC or a malformed body skipped",
                damage.bad_crc
            ),
        );
    }
    Ok(found)
}

fn parse_dirent(e: Endian, node: &[u8], at: usize) -> Option<Dirent> {
    let fixed = node.get(..DIRENT_LEN)?;
    if crc::jffs2(&fixed[..DIRENT_LEN - 8]) != e.u32(node, 32)? {
        return None;
    }
    let nsize = usize::from(node[28]);
    let name = node.get(DIRENT_LEN..DIRENT_LEN + nsize)?;
    if crc::jffs2(name) != e.u32(node, 36)? {
        return None;
    }
    Some(Dirent {
        pino: e.u32(node, 12)?,
        version: e.u32(node, 16)?,
        ino: e.u32(node, 20)?,
        name: name.to_vec(),
        at,
    })
}

fn parse_inode(e: Endian, node: &[u8], at: usize) -> Option<InodeNode> {
    let fixed = node.get(..INODE_LEN)?;
    if crc::jffs2(&fixed[..INODE_LEN - 8]) != e.u32(node, 64)? {
        return None;
    }
    let csize = e.u32(node, 48)? as usize;
    let data = node.get(INODE_LEN..INODE_LEN.checked_add(csize)?)?;
    if crc::jffs2(data) != e.u32(node, 60)? {
        return None;
    }
    Some(InodeNode {
        ino: e.u32(node, 12)?,
        version: e.u32(node, 16)?,
        mode: e.u32(node, 20)?,
        uid: e.u16(node, 24)?,
        gid: e.u16(node, 26)?,
        isize: e.u32(node, 28)?,
        offset: e.u32(node, 44)?,
        dsize: e.u32(node, 52)?,
        compr: node[56],
        data: at + INODE_LEN..at + INODE_LEN + csize,
        at,
    })
}
