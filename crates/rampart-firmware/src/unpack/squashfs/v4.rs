//! squashfs version 4 (Linux 2.6.29 and later): the superblock, inodes, directories, file
//! data and fragments, in either byte order.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use bytes::Bytes;

use crate::tree::{Meta, Special};
use crate::unpack::{Outcome, Sink, UnpackError};

use super::compression::Codec;
use super::endian::Endian;
use super::metadata::{METADATA_SIZE, Metadata, Pos};

const SUPERBLOCK_LEN: usize = 96;
const NO_FRAGMENT: u32 = 0xffff_ffff;
const FRAGMENTS_PER_BLOCK: u32 = METADATA_SIZE as u32 / 16;
/// Directory entries read at most in one image: far more than any firmware holds, and what
/// ends a directory listing crafted to be read forever.
const MAX_ENTRIES: u64 = 10_000_000;
/// The longest symbolic link target read (Linux's PATH_MAX).
const MAX_LINK: usize = 4096;

/// The fields of a version 4 superblock the reader uses.
#[derive(Debug, Clone, Copy)]
pub struct Superblock {
    pub endian: Endian,
    pub codec: Codec,
    pub block_size: u32,
    pub fragment_count: u32,
    pub id_count: u16,
    pub root_inode: u64,
    pub bytes_used: u64,
    pub id_table: u64,
    pub inode_table: u64,
    pub dir_table: u64,
    pub fragment_table: u64,
}

impl Superblock {
    /// Parses the superblock at the start of `data`.
    pub fn parse(data: &[u8], endian: Endian) -> Result<Superblock, UnpackError> {
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
            endian,
            codec,
            block_size,
            fragment_count: u32_at(16),
            id_count: u16_at(26),
            root_inode: u64_at(32),
            bytes_used: u64_at(40),
            id_table: u64_at(48),
            inode_table: u64_at(64),
            dir_table: u64_at(72),
            fragment_table: u64_at(80),
        })
    }
}

/// What an inode is, with the fields needed to read it.
enum Kind {
    Dir { start: u32, offset: u16, size: u32 },
    File(FileInode),
    Symlink(Vec<u8>),
    Device { block: bool, rdev: u32 },
    Fifo,
    Socket,
}

struct FileInode {
    blocks_start: u64,
    size: u64,
    fragment: u32,
    fragment_offset: u32,
    nlink: u32,
    /// Where the list of block sizes starts in the inode table.
    sizes: Pos,
}

struct Inode {
    kind: Kind,
    meta: Meta,
}

/// One image being read.
pub struct Reader<'a> {
    image: &'a [u8],
    sb: Superblock,
    meta: Metadata<'a>,
    ids: Vec<u32>,
    fragments: HashMap<u32, Rc<[u8]>>,
    links: HashMap<u64, Bytes>,
    entries: u64,
}

/// Reads the version 4 image at the start of `data` into `sink`.
pub fn unpack(data: &[u8], endian: Endian, sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
    let sb = Superblock::parse(data, endian)?;
    let used = usize::try_from(sb.bytes_used).unwrap_or(usize::MAX);
    if used < SUPERBLOCK_LEN {
        return Err(UnpackError::format(
            40,
            "bytes used is smaller than the superblock",
        ));
    }
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
        meta: Metadata::new(image, endian, sb.codec, sb.inode_table),
        ids: Vec::new(),
        fragments: HashMap::new(),
        links: HashMap::new(),
        entries: 0,
    };
    reader.ids = reader.read_ids()?;
    sink.rooted_names();
    reader.walk(sink)?;
    Ok(Outcome { consumed: used })
}

impl Reader<'_> {
    fn u16(&mut self, pos: &mut Pos) -> Result<u16, UnpackError> {
        let b = self.meta.read(pos, 2)?;
        Ok(self.sb.endian.u16(&b, 0).unwrap_or_default())
    }

    fn u32(&mut self, pos: &mut Pos) -> Result<u32, UnpackError> {
        let b = self.meta.read(pos, 4)?;
        Ok(self.sb.endian.u32(&b, 0).unwrap_or_default())
    }

    fn u64(&mut self, pos: &mut Pos) -> Result<u64, UnpackError> {
        let b = self.meta.read(pos, 8)?;
        Ok(self.sb.endian.u64(&b, 0).unwrap_or_default())
    }

    fn read_ids(&mut self) -> Result<Vec<u32>, UnpackError> {
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

    /// A `u64` block pointer of a lookup table, checked to lie inside the image.
    fn table_pointer(&self, at: u64, table: &str) -> Result<u64, UnpackError> {
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

    fn inode_pos(&self, reference: u64) -> Pos {
        Pos {
            block: self.sb.inode_table.saturating_add(reference >> 16),
            offset: (reference & 0xffff) as usize,
        }
    }

    fn read_inode(&mut self, reference: u64) -> Result<Inode, UnpackError> {
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

    fn walk(&mut self, sink: &mut Sink<'_>) -> Result<(), UnpackError> {
        let root = self.read_inode(self.sb.root_inode)?;
        let Kind::Dir { .. } = root.kind else {
            return Err(UnpackError::format(
                self.inode_pos(self.sb.root_inode).block,
                "the root inode is not a directory",
            ));
        };
        let mut seen = HashSet::from([self.sb.root_inode]);
        let mut stack = vec![(root.kind, Vec::<u8>::new())];
        while let Some((dir, path)) = stack.pop() {
            sink.check_time()?;
            let Kind::Dir {
                start,
                offset,
                size,
            } = dir
            else {
                continue;
            };
            for (name, reference) in self.list(start, offset, size)? {
                let mut child = path.clone();
                child.push(b'/');
                child.extend_from_slice(&name);
                if !sink.check_name(&path, &name) {
                    continue;
                }
                let inode = self.read_inode(reference)?;
                match inode.kind {
                    Kind::Dir { .. } => {
                        if !seen.insert(reference) {
                            return Err(UnpackError::format(
                                self.inode_pos(reference).block,
                                format!(
                                    "directory loop: {} names a directory already read",
                                    String::from_utf8_lossy(&child)
                                ),
                            ));
                        }
                        sink.dir(&child, inode.meta)?;
                        stack.push((inode.kind, child));
                    }
                    Kind::File(file) => {
                        if let Some(data) = self.links.get(&reference) {
                            let data = data.clone();
                            sink.file(&child, data, inode.meta)?;
                            continue;
                        }
                        let data = Bytes::from(self.read_file(&file, &child, sink)?);
                        if file.nlink > 1 {
                            self.links.insert(reference, data.clone());
                        }
                        sink.file(&child, data, inode.meta)?;
                    }
                    Kind::Symlink(target) => sink.symlink(&child, &target, inode.meta)?,
                    Kind::Device { block, rdev } => {
                        let major = (rdev >> 8) & 0xfff;
                        let minor = (rdev & 0xff) | ((rdev >> 12) & 0xf_ff00);
                        let special = if block {
                            Special::BlockDevice { major, minor }
                        } else {
                            Special::CharDevice { major, minor }
                        };
                        sink.special(&child, special, inode.meta)?;
                    }
                    Kind::Fifo => sink.special(&child, Special::Fifo, inode.meta)?,
                    Kind::Socket => sink.special(&child, Special::Socket, inode.meta)?,
                }
            }
        }
        Ok(())
    }

    /// The entries of a directory: names and inode references.
    fn list(
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
                self.entries += 1;
                if self.entries > MAX_ENTRIES {
                    return Err(UnpackError::format(
                        at,
                        "more than 10 million directory entries",
                    ));
                }
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

    /// A regular file's bytes: its full blocks, then the tail from its fragment.
    fn read_file(
        &mut self,
        file: &FileInode,
        name: &[u8],
        sink: &Sink<'_>,
    ) -> Result<Vec<u8>, UnpackError> {
        let at = file.sizes.block;
        if file.size > sink.file_bytes_left() {
            return Err(UnpackError::format(
                at,
                format!(
                    "{} declares {} bytes, more than the {} the limits leave for one file",
                    String::from_utf8_lossy(name),
                    file.size,
                    sink.file_bytes_left()
                ),
            ));
        }
        let block_size = u64::from(self.sb.block_size);
        let has_fragment = file.fragment != NO_FRAGMENT;
        let blocks = if has_fragment {
            file.size / block_size
        } else {
            file.size.div_ceil(block_size)
        };
        let size = usize::try_from(file.size)
            .map_err(|_| UnpackError::format(at, "a file too large for this machine"))?;
        let mut out = Vec::with_capacity(size.min(self.image.len().saturating_mul(4)));
        let mut sizes = file.sizes;
        let mut disk = file.blocks_start;
        for _ in 0..blocks {
            let entry = self.u32(&mut sizes)?;
            let want = (size - out.len()).min(self.sb.block_size as usize);
            if entry == 0 {
                out.resize(out.len() + want, 0);
                continue;
            }
            let len = u64::from(entry & 0x00ff_ffff);
            let chunk = self.slice(disk, len, "a data block")?;
            if entry & (1 << 24) != 0 {
                out.extend_from_slice(&chunk[..chunk.len().min(want)]);
            } else {
                let decoded = self
                    .sb
                    .codec
                    .decompress(chunk, self.sb.block_size as usize)
                    .map_err(|e| UnpackError::format(disk, format!("data block: {e}")))?;
                out.extend_from_slice(&decoded[..decoded.len().min(want)]);
            }
            disk += len;
        }
        if has_fragment {
            let tail = size - out.len();
            let fragment = self.fragment(file.fragment, at)?;
            let start = file.fragment_offset as usize;
            let bytes = fragment
                .get(start..start.saturating_add(tail))
                .ok_or_else(|| {
                    UnpackError::format(
                        at,
                        format!("a file's tail lies outside fragment {}", file.fragment),
                    )
                })?;
            out.extend_from_slice(bytes);
        }
        if out.len() != size {
            return Err(UnpackError::format(
                at,
                format!(
                    "{} decodes to {} bytes, its inode says {size}",
                    String::from_utf8_lossy(name),
                    out.len()
                ),
            ));
        }
        Ok(out)
    }

    fn slice(&self, at: u64, len: u64, what: &str) -> Result<&[u8], UnpackError> {
        let start = usize::try_from(at).unwrap_or(usize::MAX);
        let end = start.saturating_add(usize::try_from(len).unwrap_or(usize::MAX));
        self.image.get(start..end).ok_or_else(|| {
            UnpackError::format(at, format!("{what} runs past the end of the image"))
        })
    }

    /// The decoded fragment block `index`.
    fn fragment(&mut self, index: u32, at: u64) -> Result<Rc<[u8]>, UnpackError> {
        if let Some(data) = self.fragments.get(&index) {
            return Ok(Rc::clone(data));
        }
        if index >= self.sb.fragment_count {
            return Err(UnpackError::format(
                at,
                format!(
                    "fragment index {index} is out of range (the image has {})",
                    self.sb.fragment_count
                ),
            ));
        }
        let pointer_at = self.sb.fragment_table + 8 * u64::from(index / FRAGMENTS_PER_BLOCK);
        let block = self.table_pointer(pointer_at, "fragment table")?;
        let mut pos = Pos {
            block,
            offset: (index % FRAGMENTS_PER_BLOCK) as usize * 16,
        };
        let start = self.u64(&mut pos)?;
        let entry = self.u32(&mut pos)?;
        let len = u64::from(entry & 0x00ff_ffff);
        let chunk = self.slice(start, len, "a fragment block")?;
        let data: Rc<[u8]> = if entry & (1 << 24) != 0 {
            Rc::from(chunk)
        } else {
            Rc::from(
                self.sb
                    .codec
                    .decompress(chunk, self.sb.block_size as usize)
                    .map_err(|e| UnpackError::format(start, format!("fragment block: {e}")))?,
            )
        };
        if self.fragments.len() >= 64 {
            self.fragments.clear();
        }
        self.fragments.insert(index, Rc::clone(&data));
        Ok(data)
    }
}
