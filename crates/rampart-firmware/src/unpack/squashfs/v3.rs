//! squashfs version 3 (Linux 2.6.x before 2.6.29, and the firmware of that era), in either
//! byte order, zlib or the vendors' raw-LZMA builds (minor version 76). Its inodes and
//! directory entries are packed C bitfields, read here by bit position: from the low bit of a
//! little-endian stream, or from the high bit of a big-endian one, as mksquashfs laid them.

use crate::tree::Meta;
use crate::unpack::{Outcome, Sink, UnpackError};

use super::compression::Codec;
use super::endian::Endian;
use super::metadata::Pos;
use super::reader::{FileInode, Inode, Kind, MAX_LINK, Reader, Superblock, read};

const SUPERBLOCK_LEN: usize = 119;
/// The flag for images with a check byte after every metadata header (never set by default).
const CHECK_DATA: u8 = 0x04;
/// A gid index meaning "the same as the uid".
const GID_IS_UID: usize = 255;

/// The `bits`-wide field `pos` bits into `buf`, in `endian`'s bitfield order.
pub(super) fn bits(endian: Endian, buf: &[u8], pos: usize, width: u32) -> u64 {
    let mut word = [0u8; 8];
    let start = pos / 8;
    let available = buf.len().saturating_sub(start).min(8);
    word[..available].copy_from_slice(&buf[start..start + available]);
    let shift = (pos % 8) as u32;
    let mask = if width == 64 {
        u64::MAX
    } else {
        (1u64 << width) - 1
    };
    match endian {
        Endian::Little => (u64::from_le_bytes(word) >> shift) & mask,
        Endian::Big => (u64::from_be_bytes(word) >> (64 - width - shift)) & mask,
    }
}

/// Parses a version 3 superblock, or a version 2 one (the same layout, with 32-bit table
/// offsets where version 3 has 64-bit ones).
pub(super) fn superblock(
    data: &[u8],
    endian: Endian,
    version: u16,
) -> Result<(Superblock, u8), UnpackError> {
    if data.len() < SUPERBLOCK_LEN {
        return Err(UnpackError::format(0, "the superblock is truncated"));
    }
    let u16_at = |at| endian.u16(data, at).unwrap_or_default();
    let u32_at = |at| endian.u32(data, at).unwrap_or_default();
    let u64_at = |at| endian.u64(data, at).unwrap_or_default();
    let block_size = u32_at(51);
    if !block_size.is_power_of_two() || !(1024..=(1 << 20)).contains(&block_size) {
        return Err(UnpackError::format(
            51,
            format!("block size {block_size} is not a power of two from 1 KiB to 1 MiB"),
        ));
    }
    if u32::from(u16_at(34)) != block_size.trailing_zeros() {
        return Err(UnpackError::format(
            34,
            "the block log does not match the block size",
        ));
    }
    let codec = if u16_at(30) == 76 {
        Codec::LzmaRaw {
            dict: block_size.max(8192),
        }
    } else {
        Codec::ZlibOrLzma {
            dict: block_size.max(8192),
        }
    };
    let v2 = version == 2;
    let table = |at2: usize, at3: usize| {
        if v2 {
            u64::from(u32_at(at2))
        } else {
            u64_at(at3)
        }
    };
    let sb = Superblock {
        version,
        endian,
        codec,
        block_size,
        fragment_count: u32_at(55),
        id_count: u16::from(data[37]),
        gid_count: u16::from(data[38]),
        root_inode: u64_at(43),
        bytes_used: table(8, 63),
        id_table: table(12, 71),
        inode_table: table(20, 87),
        dir_table: table(24, 95),
        fragment_table: table(59, 103),
    };
    Ok((sb, data[36]))
}

/// Reads the version 2 or 3 image at the start of `data` into `sink`.
pub fn unpack(
    data: &[u8],
    endian: Endian,
    version: u16,
    sink: &mut Sink<'_>,
) -> Result<Outcome, UnpackError> {
    let (sb, flags) = superblock(data, endian, version)?;
    if flags & CHECK_DATA != 0 {
        return Err(UnpackError::format(
            36,
            "images built with check data are not supported",
        ));
    }
    if sb.bytes_used < SUPERBLOCK_LEN as u64 {
        return Err(UnpackError::format(
            63,
            "bytes used is smaller than the superblock",
        ));
    }
    read(data, sb, sink)
}

impl Reader<'_> {
    /// The uid table then the gid table: plain arrays of 32-bit ids, not metadata blocks.
    pub(super) fn read_ids_v3(&mut self) -> Result<Vec<u32>, UnpackError> {
        let count = usize::from(self.sb.id_count) + usize::from(self.sb.gid_count);
        let start = usize::try_from(self.sb.id_table).unwrap_or(usize::MAX);
        (0..count)
            .map(|i| {
                self.sb
                    .endian
                    .u32(self.image, start.saturating_add(4 * i))
                    .ok_or_else(|| {
                        UnpackError::format(self.sb.id_table, "the id table lies outside the image")
                    })
            })
            .collect()
    }

    pub(super) fn meta_v3(&self, header: &[u8]) -> Meta {
        let e = self.sb.endian;
        let uid_index = bits(e, header, 16, 8) as usize;
        let gid_index = bits(e, header, 24, 8) as usize;
        let uid = self.ids.get(uid_index).copied();
        let gid = if gid_index == GID_IS_UID {
            uid
        } else {
            self.ids
                .get(usize::from(self.sb.id_count) + gid_index)
                .copied()
        };
        Meta {
            mode: Some(bits(e, header, 4, 12) as u32),
            uid,
            gid,
        }
    }

    pub(super) fn read_inode_v3(&mut self, reference: u64) -> Result<Inode, UnpackError> {
        let mut pos = self.inode_pos(reference);
        let at = pos.block;
        let mut header = self.meta.read(&mut pos, 12)?;
        let e = self.sb.endian;
        let kind = bits(e, &header, 0, 4);
        let total = match kind {
            1 => 28,
            8 => 31,
            2 => 32,
            9 => 40,
            3..=5 => 18,
            6 | 7 => 16,
            other => {
                return Err(UnpackError::format(
                    at,
                    format!("unknown inode type {other}"),
                ));
            }
        };
        header.extend(self.meta.read(&mut pos, total - 12)?);
        let meta = self.meta_v3(&header);
        let field = |p, w| bits(e, &header, p, w);
        let kind = match kind {
            1 => Kind::Dir {
                size: field(128, 19) as u32,
                offset: field(147, 13) as u16,
                start: field(160, 32) as u32,
            },
            8 => Kind::Dir {
                size: field(128, 27) as u32,
                offset: field(155, 13) as u16,
                start: field(168, 32) as u32,
            },
            2 => Kind::File(FileInode {
                blocks_start: field(96, 64),
                fragment: field(160, 32) as u32,
                fragment_offset: field(192, 32) as u32,
                size: field(224, 32),
                nlink: 1,
                sizes: pos,
            }),
            9 => Kind::File(FileInode {
                nlink: field(96, 32) as u32,
                blocks_start: field(128, 64),
                fragment: field(192, 32) as u32,
                fragment_offset: field(224, 32) as u32,
                size: field(256, 64),
                sizes: pos,
            }),
            3 => {
                let len = field(128, 16) as usize;
                if len > MAX_LINK {
                    return Err(UnpackError::format(
                        at,
                        format!("a symbolic link target of {len} bytes"),
                    ));
                }
                Kind::Symlink(self.meta.read(&mut pos, len)?)
            }
            4 | 5 => Kind::Device {
                block: kind == 4,
                rdev: field(128, 16) as u32,
            },
            6 => Kind::Fifo,
            _ => Kind::Socket,
        };
        Ok(Inode { kind, meta })
    }

    pub(super) fn list_v3(
        &mut self,
        start: u32,
        offset: u16,
        size: u32,
    ) -> Result<Vec<(Vec<u8>, u64)>, UnpackError> {
        let mut pos = Pos {
            block: self.sb.dir_table.saturating_add(u64::from(start)),
            offset: usize::from(offset),
        };
        let e = self.sb.endian;
        let mut left = u64::from(size.saturating_sub(3));
        let mut entries = Vec::new();
        while left > 0 {
            let at = pos.block;
            let header = self.meta.read(&mut pos, 9)?;
            let count = bits(e, &header, 0, 8) + 1;
            let inode_block = bits(e, &header, 8, 32);
            left = left.saturating_sub(9);
            for _ in 0..count {
                self.count_entry(at, entries.len())?;
                let fields = self.meta.read(&mut pos, 5)?;
                let inode_offset = bits(e, &fields, 0, 13);
                let name_len = bits(e, &fields, 16, 8) as usize + 1;
                let name = self.meta.read(&mut pos, name_len)?;
                entries.push((name, (inode_block << 16) | inode_offset));
                left = left.saturating_sub(5 + name_len as u64);
            }
        }
        Ok(entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bitfields_are_read_from_the_low_bit_in_little_endian_and_the_high_bit_in_big_endian() {
        // An inode header with type 2 and mode 0o644, laid out as each byte order packs
        // `inode_type:4, mode:12`.
        let little = [0x42, 0x1a];
        assert_eq!(bits(Endian::Little, &little, 0, 4), 2);
        assert_eq!(bits(Endian::Little, &little, 4, 12), 0o644);
        let big = [0x21, 0xa4];
        assert_eq!(bits(Endian::Big, &big, 0, 4), 2);
        assert_eq!(bits(Endian::Big, &big, 4, 12), 0o644);
        // A field running past the buffer reads zeros, not out of bounds.
        assert_eq!(bits(Endian::Big, &big, 8, 32), 0xa400_0000);
    }
}
