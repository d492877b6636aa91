//! squashfs version 2: version 3's superblock and bitfield order, with smaller inodes (no
//! inode number or link count, 24-bit directory starts) and directory entries without an
//! inode number. Still found in old router firmware, often with the vendors' raw LZMA.

use crate::unpack::UnpackError;

use super::metadata::Pos;
use super::reader::{FileInode, Inode, Kind, MAX_LINK, Reader};
use super::v3::bits;

impl Reader<'_> {
    pub(super) fn read_inode_v2(&mut self, reference: u64) -> Result<Inode, UnpackError> {
        let mut pos = self.inode_pos(reference);
        let at = pos.block;
        let mut header = self.meta.read(&mut pos, 4)?;
        let e = self.sb.endian;
        let kind = bits(e, &header, 0, 4);
        let total = match kind {
            1 => 15,
            8 => 18,
            2 => 24,
            3..=5 => 6,
            6 | 7 => 4,
            other => {
                return Err(UnpackError::format(
                    at,
                    format!("unknown inode type {other}"),
                ));
            }
        };
        header.extend(self.meta.read(&mut pos, total - 4)?);
        let meta = self.meta_v3(&header);
        let field = |p, w| bits(e, &header, p, w);
        let kind = match kind {
            1 => Kind::Dir {
                size: field(32, 19) as u32,
                offset: field(51, 13) as u16,
                start: field(96, 24) as u32,
            },
            8 => Kind::Dir {
                size: field(32, 27) as u32,
                offset: field(59, 13) as u16,
                start: field(104, 24) as u32,
            },
            2 => Kind::File(FileInode {
                blocks_start: field(64, 32),
                fragment: field(96, 32) as u32,
                fragment_offset: field(128, 32) as u32,
                size: field(160, 32),
                nlink: 1,
                sizes: pos,
            }),
            3 => {
                let len = field(32, 16) as usize;
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
                rdev: field(32, 16) as u32,
            },
            6 => Kind::Fifo,
            _ => Kind::Socket,
        };
        Ok(Inode { kind, meta })
    }

    pub(super) fn list_v2(
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
            let header = self.meta.read(&mut pos, 4)?;
            let count = bits(e, &header, 0, 8) + 1;
            let inode_block = bits(e, &header, 8, 24);
            left = left.saturating_sub(4);
            for _ in 0..count {
                self.count_entry(at, entries.len())?;
                let fields = self.meta.read(&mut pos, 3)?;
                let inode_offset = bits(e, &fields, 0, 13);
                let name_len = bits(e, &fields, 16, 8) as usize + 1;
                let name = self.meta.read(&mut pos, name_len)?;
                entries.push((name, (inode_block << 16) | inode_offset));
                left = left.saturating_sub(3 + name_len as u64);
            }
        }
        Ok(entries)
    }
}
