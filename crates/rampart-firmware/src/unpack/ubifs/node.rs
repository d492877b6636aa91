//! UBIFS on-flash nodes (all little-endian): the common header every node opens with, checked
//! by its CRC, and the fields Rampart reads from the superblock, master, index, inode, entry
//! and data nodes.

use crate::codec::crc;

use super::super::endian::Endian;

pub(super) const MAGIC: u32 = 0x0610_1831;
pub(super) const HEADER_LEN: usize = 24;
pub(super) const INO: u8 = 0;
pub(super) const DATA: u8 = 1;
pub(super) const DENT: u8 = 2;
pub(super) const SB: u8 = 6;
pub(super) const MST: u8 = 7;
pub(super) const REF: u8 = 8;
pub(super) const IDX: u8 = 9;
pub(super) const CS: u8 = 10;
pub(super) const PAD: u8 = 5;

/// Key types, in the top three bits of a simple key's second word.
pub(super) const KEY_DATA: u32 = 1;

pub(super) const LE: Endian = Endian::Little;

/// A node whose header and CRC check, at `at` in the volume.
#[derive(Debug, Clone, Copy)]
pub(super) struct Node<'a> {
    pub bytes: &'a [u8],
    pub kind: u8,
    pub sqnum: u64,
}

/// The node at `at`, if its magic, length and CRC hold.
pub(super) fn read(volume: &[u8], at: usize) -> Option<Node<'_>> {
    let head = volume.get(at..at.checked_add(HEADER_LEN)?)?;
    if LE.u32(head, 0)? != MAGIC {
        return None;
    }
    let len = LE.u32(head, 16)? as usize;
    if len < HEADER_LEN {
        return None;
    }
    let bytes = volume.get(at..at.checked_add(len)?)?;
    if crc::ubi(&bytes[8..]) != LE.u32(head, 4)? {
        return None;
    }
    Some(Node {
        bytes,
        kind: head[20],
        sqnum: LE.u64(head, 8)?,
    })
}

/// The superblock fields Rampart uses.
#[derive(Debug, Clone, Copy)]
pub(super) struct Superblock {
    pub key_fmt: u8,
    pub flags: u32,
    pub leb_size: usize,
    pub leb_cnt: usize,
    pub log_lebs: usize,
}

/// Authenticated images put a hash after every index branch.
pub(super) const FLAG_AUTHENTICATION: u32 = 0x20;
/// Encrypted images: names and data are ciphertext.
pub(super) const FLAG_ENCRYPTION: u32 = 0x10;

impl Superblock {
    pub(super) fn parse(node: &Node<'_>) -> Option<Superblock> {
        let b = node.bytes;
        Some(Superblock {
            key_fmt: *b.get(27)?,
            flags: LE.u32(b, 28)?,
            leb_size: LE.u32(b, 36)? as usize,
            leb_cnt: LE.u32(b, 40)? as usize,
            log_lebs: LE.u32(b, 56)? as usize,
        })
    }
}

/// Where the index's root sits, from the master node.
#[derive(Debug, Clone, Copy)]
pub(super) struct Master {
    /// Where the log starts: the commit-start node, then references to the journal's buds.
    pub log_lnum: u32,
    pub root_lnum: u32,
    pub root_offs: u32,
}

impl Master {
    pub(super) fn parse(node: &Node<'_>) -> Option<Master> {
        Some(Master {
            log_lnum: LE.u32(node.bytes, 44)?,
            root_lnum: LE.u32(node.bytes, 48)?,
            root_offs: LE.u32(node.bytes, 52)?,
        })
    }
}

/// A simple (8-byte) key: inode number, key type and the type's value (block number, name
/// hash).
pub(super) fn key(node: &[u8], at: usize) -> Option<(u64, u32, u32)> {
    let inum = LE.u32(node, at)?;
    let rest = LE.u32(node, at + 4)?;
    Some((u64::from(inum), rest >> 29, rest & 0x1fff_ffff))
}
