//! The part of squashfs reading that versions 2 to 4 share: the image's reader, its
//! metadata accessors, tables and bounds; `walk.rs` walks directories depth first (each
//! directory read once, so a loop is a located error), decodes file blocks and fragments and
//! hands every entry to the sink. Each version parses its own superblock, inodes and
//! directory listings (`v2.rs`, `v3.rs`, `v4.rs`).

use std::collections::HashMap;
use std::sync::Arc;

use bytes::Bytes;

use crate::tree::Meta;
use crate::unpack::{Outcome, Sink, UnpackError};

use super::compression::Codec;
use super::endian::Endian;
use super::metadata::{METADATA_SIZE, Metadata, Pos};

pub(super) const NO_FRAGMENT: u32 = 0xffff_ffff;
const FRAGMENTS_PER_BLOCK: u32 = METADATA_SIZE as u32 / 16;
/// Directory entries read at most in one image: far more than any firmware holds, and what
/// ends a directory listing crafted to be read forever.
const MAX_ENTRIES: u64 = 10_000_000;
/// Entries read at most from one directory (real firmware folders hold thousands): with
/// names of at most 256 bytes, one listing stays under about 70 MiB.
const MAX_DIR_ENTRIES: usize = 1 << 18;
/// The longest symbolic link target read (Linux's PATH_MAX).
pub(super) const MAX_LINK: usize = 4096;

/// The fields of a superblock the reader uses, whatever the version.
#[derive(Debug, Clone, Copy)]
pub struct Superblock {
    /// 2, 3 or 4.
    pub version: u16,
    pub endian: Endian,
    pub codec: Codec,
    pub block_size: u32,
    pub fragment_count: u32,
    /// Version 4: entries of the id table. Version 3: uids, then `gid_count` gids.
    pub id_count: u16,
    /// Version 3 only: gids after the uids.
    pub gid_count: u16,
    pub root_inode: u64,
    pub bytes_used: u64,
    pub id_table: u64,
    pub inode_table: u64,
    pub dir_table: u64,
    pub fragment_table: u64,
}

/// What an inode is, with the fields needed to read it.
pub(super) enum Kind {
    Dir { start: u32, offset: u16, size: u32 },
    File(FileInode),
    Symlink(Vec<u8>),
    Device { block: bool, rdev: u32 },
    Fifo,
    Socket,
}

pub(super) struct FileInode {
    pub(super) blocks_start: u64,
    pub(super) size: u64,
    pub(super) fragment: u32,
    pub(super) fragment_offset: u32,
    pub(super) nlink: u32,
    /// Where the list of block sizes starts in the inode table.
    pub(super) sizes: Pos,
}

pub(super) struct Inode {
    pub(super) kind: Kind,
    pub(super) meta: Meta,
}

/// One image being read.
pub(super) struct Reader<'a> {
    pub(super) image: &'a [u8],
    pub(super) sb: Superblock,
    pub(super) meta: Metadata<'a>,
    pub(super) ids: Vec<u32>,
    pub(super) fragments: HashMap<u32, Arc<[u8]>>,
    pub(super) links: HashMap<u64, Bytes>,
    pub(super) entries: u64,
}

/// Reads the image whose superblock is `sb` at the start of `data` into `sink`.
pub fn read(data: &[u8], sb: Superblock, sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
    let used = usize::try_from(sb.bytes_used).unwrap_or(usize::MAX);
    if used > data.len() {
        return Err(UnpackError::format(
            data.len() as u64,
            format!(
                "the image is truncated: it declares {used} bytes, {} are present",
                data.len()
            ),
        ));
    }
    let image = &data[..used];
    let mut reader = Reader {
        image,
        sb,
        meta: Metadata::new(image, sb.endian, sb.codec, sb.inode_table),
        ids: Vec::new(),
        fragments: HashMap::new(),
        links: HashMap::new(),
        entries: 0,
    };
    reader.ids = if sb.version == 4 {
        reader.read_ids_v4()?
    } else {
        reader.read_ids_v3()?
    };
    sink.rooted_names();
    reader.walk(sink)?;
    Ok(Outcome { consumed: used })
}

impl Reader<'_> {
    pub(super) fn u16(&mut self, pos: &mut Pos) -> Result<u16, UnpackError> {
        let b = self.meta.read(pos, 2)?;
        Ok(self.sb.endian.u16(&b, 0).unwrap_or_default())
    }

    pub(super) fn u32(&mut self, pos: &mut Pos) -> Result<u32, UnpackError> {
        let b = self.meta.read(pos, 4)?;
        Ok(self.sb.endian.u32(&b, 0).unwrap_or_default())
    }

    pub(super) fn u64(&mut self, pos: &mut Pos) -> Result<u64, UnpackError> {
        let b = self.meta.read(pos, 8)?;
        Ok(self.sb.endian.u64(&b, 0).unwrap_or_default())
    }

    /// A `u64` block pointer of a lookup table, checked to lie inside the image.
    pub(super) fn table_pointer(&self, at: u64, table: &str) -> Result<u64, UnpackError> {
        let value = usize::try_from(at)
            .ok()
            .and_then(|at| self.sb.endian.u64(self.image, at))
            .ok_or_else(|| {
                UnpackError::format(at, format!("the {table} lies outside the image"))
            })?;
        if value >= self.image.len() as u64 {
            return Err(UnpackError::format(
                at,
                format!("the {table} points outside the image"),
            ));
        }
        Ok(value)
    }

    pub(super) fn inode_pos(&self, reference: u64) -> Pos {
        Pos {
            block: self.sb.inode_table.saturating_add(reference >> 16),
            offset: (reference & 0xffff) as usize,
        }
    }

    pub(super) fn read_inode(&mut self, reference: u64) -> Result<Inode, UnpackError> {
        match self.sb.version {
            4 => self.read_inode_v4(reference),
            3 => self.read_inode_v3(reference),
            _ => self.read_inode_v2(reference),
        }
    }

    pub(super) fn list(
        &mut self,
        start: u32,
        offset: u16,
        size: u32,
    ) -> Result<Vec<(Vec<u8>, u64)>, UnpackError> {
        match self.sb.version {
            4 => self.list_v4(start, offset, size),
            3 => self.list_v3(start, offset, size),
            _ => self.list_v2(start, offset, size),
        }
    }

    /// Counts one more directory entry of a listing holding `listed` so far, failing past
    /// [`MAX_ENTRIES`] in the image or [`MAX_DIR_ENTRIES`] in one directory (a listing is
    /// collected before it is walked, so its size must be bounded).
    pub(super) fn count_entry(&mut self, at: u64, listed: usize) -> Result<(), UnpackError> {
        if listed >= MAX_DIR_ENTRIES {
            return Err(UnpackError::format(
                at,
                format!("a directory lists more than {MAX_DIR_ENTRIES} entries"),
            ));
        }
        self.entries += 1;
        if self.entries > MAX_ENTRIES {
            return Err(UnpackError::format(
                at,
                "more than 10 million directory entries",
            ));
        }
        Ok(())
    }

    /// Where fragment block `index` is stored: its offset and its size entry (bit 24 set
    /// when stored uncompressed), read from the fragment table.
    pub(super) fn fragment_location(
        &mut self,
        index: u32,
        at: u64,
    ) -> Result<(u64, u32), UnpackError> {
        if index >= self.sb.fragment_count {
            return Err(UnpackError::format(
                at,
                format!(
                    "fragment index {index} is out of range (the image has {})",
                    self.sb.fragment_count
                ),
            ));
        }
        // Version 2 has 8-byte entries (32-bit start) behind 32-bit pointers; later ones
        // 16-byte entries behind 64-bit pointers.
        if self.sb.version == 2 {
            let per_block = METADATA_SIZE as u32 / 8;
            let pointer_at = self.sb.fragment_table + 4 * u64::from(index / per_block);
            let block = usize::try_from(pointer_at)
                .ok()
                .and_then(|at| self.sb.endian.u32(self.image, at))
                .ok_or_else(|| {
                    UnpackError::format(pointer_at, "the fragment table lies outside the image")
                })?;
            let mut pos = Pos {
                block: u64::from(block),
                offset: (index % per_block) as usize * 8,
            };
            Ok((u64::from(self.u32(&mut pos)?), self.u32(&mut pos)?))
        } else {
            let pointer_at = self.sb.fragment_table + 8 * u64::from(index / FRAGMENTS_PER_BLOCK);
            let block = self.table_pointer(pointer_at, "fragment table")?;
            let mut pos = Pos {
                block,
                offset: (index % FRAGMENTS_PER_BLOCK) as usize * 16,
            };
            Ok((self.u64(&mut pos)?, self.u32(&mut pos)?))
        }
    }
}

impl<'a> Reader<'a> {
    /// `len` bytes of the image at `at`, borrowed for as long as the image.
    pub(super) fn slice(&self, at: u64, len: u64, what: &str) -> Result<&'a [u8], UnpackError> {
        let start = usize::try_from(at).unwrap_or(usize::MAX);
        let end = start.saturating_add(usize::try_from(len).unwrap_or(usize::MAX));
        self.image.get(start..end).ok_or_else(|| {
            UnpackError::format(at, format!("{what} runs past the end of the image"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_directory_cannot_list_without_bound() {
        let sb = Superblock {
            version: 4,
            endian: Endian::Little,
            codec: Codec::Zlib,
            block_size: 4096,
            fragment_count: 0,
            id_count: 0,
            gid_count: 0,
            root_inode: 0,
            bytes_used: 0,
            id_table: 0,
            inode_table: 0,
            dir_table: 0,
            fragment_table: 0,
        };
        let mut reader = Reader {
            image: &[],
            sb,
            meta: Metadata::new(&[], Endian::Little, Codec::Zlib, 0),
            ids: Vec::new(),
            fragments: HashMap::new(),
            links: HashMap::new(),
            entries: 0,
        };
        assert!(reader.count_entry(7, MAX_DIR_ENTRIES - 1).is_ok());
        let error = reader.count_entry(7, MAX_DIR_ENTRIES).unwrap_err();
        assert_eq!(
            error,
            UnpackError::format(
                7,
                format!("a directory lists more than {MAX_DIR_ENTRIES} entries")
            )
        );
    }
}
