//! squashfs version 4 (Linux 2.6.29 and later): the superblock, inodes and directory
//! listings, in either byte order.

use crate::tree::Meta;
use crate::unpack::{Outcome, Sink, UnpackError};

use super::compression::Codec;
use super::endian::Endian;
use super::metadata::{METADATA_SIZE, Pos};
use super::reader::{FileInode, Inode, Kind, MAX_LINK, Reader, Superblock, read};

const SUPERBLOCK_LEN: usize = 96;

impl Superblock {
    /// Parses the superblock at the start of `data`.
    pub fn parse_v4(data: &[u8], endian: Endian) -> Result<Superblock, UnpackError> {
        let bad = |at: usize, message: &str| UnpackError::format(at as u64, message.to_owned());
        if data.len() < SUPERBLOCK_LEN {
            return Err(bad(0, "the superblock is truncated"));
        }
        let u16_at = |at| endian.u16(data, at).unwrap_or_default();
        let u32_at = |at| endian.u32(data, at).unwrap_or_default();
        let u64_at = |at| endian.u64(data, at).unwrap_or_default();
        let compressor = u16_at(20);
        let codec = Codec::from_v4_id(compressor)
            .ok_or_else(|| bad(20, &format!("unknown compressor id {compressor}")))?;
        let block_size = u32_at(12);
        if !block_size.is_power_of_two() || !(4096..=(1 << 20)).contains(&block_size) {
            return Err(bad(
                12,
                &format!("block size {block_size} is not a power of two from 4 KiB to 1 MiB"),
            ));
        }
        if u32::from(u16_at(22)) != block_size.trailing_zeros() {
            return Err(bad(22, "the block log does not match the block size"));
        }
        Ok(Superblock {
            version: 4,
            endian,
            codec,
            block_size,
            fragment_count: u32_at(16),
            id_count: u16_at(26),
            gid_count: 0,
            root_inode: u64_at(32),
            bytes_used: u64_at(40),
            id_table: u64_at(48),
            inode_table: u64_at(64),
            dir_table: u64_at(72),
            fragment_table: u64_at(80),
        })
    }
}

/// Reads the version 4 image at the start of `data` into `sink`.
pub fn unpack(data: &[u8], endian: Endian, sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
    let sb = Superblock::parse_v4(data, endian)?;
    if sb.bytes_used < SUPERBLOCK_LEN as u64 {
        return Err(UnpackError::format(
            40,
            "bytes used is smaller than the superblock",
        ));
    }
    read(data, sb, sink)
}

impl Reader<'_> {
    pub(super) fn read_ids_v4(&mut self) -> Result<Vec<u32>, UnpackError> {
        let count = usize::from(self.sb.id_count);
        let blocks = (count * 4).div_ceil(METADATA_SIZE);
        let mut ids = Vec::with_capacity(count);
        for i in 0..blocks {
            let at = self.sb.id_table + 8 * i as u64;
            let block = self.table_pointer(at, "id table")?;
            let mut pos = Pos { block, offset: 0 };
            let n = (count - ids.len()).min(METADATA_SIZE / 4);
            for _ in 0..n {
                ids.push(self.u32(&mut pos)?);
            }
        }
        Ok(ids)
    }

    pub(super) fn read_inode_v4(&mut self, reference: u64) -> Result<Inode, UnpackError> {
        let mut pos = self.inode_pos(reference);
        let at = pos.block;
        let header = self.meta.read(&mut pos, 16)?;
        let e = self.sb.endian;
        let kind = e.u16(&header, 0).unwrap_or_default();
        let mode = e.u16(&header, 2).unwrap_or_default();
        let uid = e.u16(&header, 4).unwrap_or_default();
        let gid = e.u16(&header, 6).unwrap_or_default();
        let meta = Meta {
            mode: Some(u32::from(mode) & 0o7777),
            uid: self.ids.get(usize::from(uid)).copied(),
            gid: self.ids.get(usize::from(gid)).copied(),
        };
        let m = self;
        let kind = match kind {
            1 => {
                let start = m.u32(&mut pos)?;
                let _nlink = m.u32(&mut pos)?;
                let size = u32::from(m.u16(&mut pos)?);
                let offset = m.u16(&mut pos)?;
                Kind::Dir {
                    start,
                    offset,
                    size,
                }
            }
            8 => {
                let _nlink = m.u32(&mut pos)?;
                let size = m.u32(&mut pos)?;
                let start = m.u32(&mut pos)?;
                let _parent = m.u32(&mut pos)?;
                let _index_count = m.u16(&mut pos)?;
                let offset = m.u16(&mut pos)?;
                Kind::Dir {
                    start,
                    offset,
                    size,
                }
            }
            2 => {
                let blocks_start = u64::from(m.u32(&mut pos)?);
                let fragment = m.u32(&mut pos)?;
                let fragment_offset = m.u32(&mut pos)?;
                let size = u64::from(m.u32(&mut pos)?);
                Kind::File(FileInode {
                    blocks_start,
                    size,
                    fragment,
                    fragment_offset,
                    nlink: 1,
                    sizes: pos,
                })
            }
            9 => {
                let blocks_start = m.u64(&mut pos)?;
                let size = m.u64(&mut pos)?;
                let _sparse = m.u64(&mut pos)?;
                let nlink = m.u32(&mut pos)?;
                let fragment = m.u32(&mut pos)?;
                let fragment_offset = m.u32(&mut pos)?;
                let _xattr = m.u32(&mut pos)?;
                Kind::File(FileInode {
                    blocks_start,
                    size,
                    fragment,
                    fragment_offset,
                    nlink,
                    sizes: pos,
                })
            }
            3 | 10 => {
                let _nlink = m.u32(&mut pos)?;
                let len = m.u32(&mut pos)? as usize;
                if len > MAX_LINK {
                    return Err(UnpackError::format(
                        at,
                        format!("a symbolic link target of {len} bytes"),
                    ));
                }
                Kind::Symlink(m.meta.read(&mut pos, len)?)
            }
            4 | 5 | 11 | 12 => {
                let _nlink = m.u32(&mut pos)?;
                let rdev = m.u32(&mut pos)?;
                Kind::Device {
                    block: kind == 4 || kind == 11,
                    rdev,
                }
            }
            6 | 13 => Kind::Fifo,
            7 | 14 => Kind::Socket,
            other => {
                return Err(UnpackError::format(
                    at,
                    format!("unknown inode type {other}"),
                ));
            }
        };
        Ok(Inode { kind, meta })
    }

    /// The entries of a directory: names and inode references.
    pub(super) fn list_v4(
        &mut self,
        start: u32,
        offset: u16,
        size: u32,
    ) -> Result<Vec<(Vec<u8>, u64)>, UnpackError> {
        let mut pos = Pos {
            block: self.sb.dir_table.saturating_add(u64::from(start)),
            offset: usize::from(offset),
        };
        let mut left = u64::from(size.saturating_sub(3));
        let mut entries = Vec::new();
        while left > 0 {
            let at = pos.block;
            let header = self.meta.read(&mut pos, 12)?;
            let e = self.sb.endian;
            let count = u64::from(e.u32(&header, 0).unwrap_or_default()) + 1;
            let inode_block = u64::from(e.u32(&header, 4).unwrap_or_default());
            if count > 256 {
                return Err(UnpackError::format(
                    at,
                    format!("a directory header counts {count} entries (at most 256)"),
                ));
            }
            left = left.saturating_sub(12);
            for _ in 0..count {
                self.count_entry(at, entries.len())?;
                let fields = self.meta.read(&mut pos, 8)?;
                let inode_offset = e.u16(&fields, 0).unwrap_or_default();
                let name_len = usize::from(e.u16(&fields, 6).unwrap_or_default()) + 1;
                if name_len > 256 {
                    return Err(UnpackError::format(
                        at,
                        "a directory entry name over 256 bytes",
                    ));
                }
                let name = self.meta.read(&mut pos, name_len)?;
                entries.push((name, (inode_block << 16) | u64::from(inode_offset)));
                left = left.saturating_sub(8 + name_len as u64);
            }
        }
        Ok(entries)
    }
}
