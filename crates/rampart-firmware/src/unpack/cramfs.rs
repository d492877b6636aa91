//! CramFS, the compressed read-only filesystem of older embedded Linux, in either byte order,
//! read by Rampart's own parser: the `cramfs` crates on crates.io are unmaintained or
//! incomplete, and the format is small (12-byte inodes, one zlib stream per 4 KiB page).
//! Every offset is checked against the image, every directory is read at most once (a
//! directory that contains itself is a located error) and every page inflates to at most
//! 4 KiB.

use std::collections::{HashMap, HashSet};
use std::io::Read;

use bytes::Bytes;
use flate2::bufread::ZlibDecoder;

use crate::tree::{Meta, Special};

use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// CramFS.
pub struct Cramfs;

const MAGIC_LE: &[u8] = b"\x45\x3d\xcd\x28";
const MAGIC_BE: &[u8] = b"\x28\xcd\x3d\x45";
const SIGNATURE: &[u8] = b"Compressed ROMFS";
const PAGE: usize = 4096;
const ROOT_INODE: usize = 64;
const FLAG_FSID_VERSION_2: u32 = 0x1;
const FLAG_EXT_BLOCK_POINTERS: u32 = 0x800;
/// Flags this reader understands (the kernel refuses images with others).
const SUPPORTED_FLAGS: u32 = 0x1 | 0x2 | 0x100 | 0x200 | 0x400;

#[derive(Clone, Copy)]
struct Order {
    big: bool,
}

impl Order {
    fn u32(self, data: &[u8], at: usize) -> Option<u32> {
        let b: [u8; 4] = data.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(if self.big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    }
}

/// One 12-byte inode and its name.
struct Inode<'a> {
    mode: u32,
    uid: u32,
    size: u32,
    gid: u32,
    /// Byte offset of the data (a directory's entries, a file's block pointers).
    offset: usize,
    name: &'a [u8],
    /// Bytes the inode and its name occupy.
    len: usize,
}

fn inode(image: &[u8], order: Order, at: usize) -> Result<Inode<'_>, UnpackError> {
    let word = |off| {
        order.u32(image, at + off).ok_or_else(|| {
            UnpackError::format(at as u64, "an inode lies past the end of the image")
        })
    };
    let (w0, w1, w2) = (word(0)?, word(4)?, word(8)?);
    let (mode, uid, size, gid, name_len, offset) = if order.big {
        (
            w0 >> 16,
            w0 & 0xffff,
            w1 >> 8,
            w1 & 0xff,
            w2 >> 26,
            w2 & 0x03ff_ffff,
        )
    } else {
        (
            w0 & 0xffff,
            w0 >> 16,
            w1 & 0x00ff_ffff,
            w1 >> 24,
            w2 & 0x3f,
            w2 >> 6,
        )
    };
    let name_len = name_len as usize * 4;
    let raw = image
        .get(at + 12..at + 12 + name_len)
        .ok_or_else(|| UnpackError::format(at as u64, "a name runs past the end of the image"))?;
    let end = raw.iter().position(|&b| b == 0).unwrap_or(raw.len());
    Ok(Inode {
        mode,
        uid,
        size,
        gid,
        offset: offset as usize * 4,
        name: &raw[..end],
        len: 12 + name_len,
    })
}

impl Unpacker for Cramfs {
    fn format(&self) -> &'static str {
        "cramfs"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[Magic::at_start(MAGIC_LE), Magic::at_start(MAGIC_BE)];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        (data.starts_with(MAGIC_LE) || data.starts_with(MAGIC_BE))
            && data.get(16..32) == Some(SIGNATURE)
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let order = Order {
            big: data.starts_with(MAGIC_BE),
        };
        let size = order.u32(data, 4).unwrap_or_default() as usize;
        let flags = order.u32(data, 8).unwrap_or_default();
        if flags & !SUPPORTED_FLAGS != 0 {
            let what = if flags & FLAG_EXT_BLOCK_POINTERS != 0 {
                "extended block pointers are not supported".to_owned()
            } else {
                format!("unknown flags {flags:#x}")
            };
            return Err(UnpackError::format(8, what));
        }
        // Version 1 images may not record their size; read them up to the end of the data.
        let size = if flags & FLAG_FSID_VERSION_2 == 0 && size == 0 {
            data.len()
        } else {
            size
        };
        if size > data.len() {
            return Err(UnpackError::format(
                data.len() as u64,
                format!(
                    "the image is truncated: it declares {size} bytes, {} are present",
                    data.len()
                ),
            ));
        }
        let image = &data[..size];
        let root = inode(image, order, ROOT_INODE)?;
        sink.rooted_names();
        let mut walk = Walk {
            image,
            order,
            seen: HashSet::new(),
            files: HashMap::new(),
        };
        walk.run(&root, sink)?;
        Ok(Outcome { consumed: size })
    }
}

const S_IFMT: u32 = 0o170_000;

struct Walk<'a> {
    image: &'a [u8],
    order: Order,
    seen: HashSet<usize>,
    files: HashMap<usize, Bytes>,
}

impl Walk<'_> {
    fn run(&mut self, root: &Inode<'_>, sink: &mut Sink<'_>) -> Result<(), UnpackError> {
        let mut pending = vec![(root.offset, root.size as usize, Vec::<u8>::new())];
        self.seen.insert(root.offset);
        while let Some((start, len, path)) = pending.pop() {
            sink.check_time()?;
            let mut at = start;
            let end = start.saturating_add(len);
            while at < end {
                let node = inode(self.image, self.order, at)?;
                at += node.len;
                if !sink.check_name(&path, node.name) {
                    continue;
                }
                let mut child = path.clone();
                child.push(b'/');
                child.extend_from_slice(node.name);
                let meta = Meta {
                    mode: Some(node.mode & 0o7777),
                    uid: Some(node.uid),
                    gid: Some(node.gid),
                };
                match node.mode & S_IFMT {
                    0o040_000 => {
                        if node.size > 0 && !self.seen.insert(node.offset) {
                            return Err(UnpackError::format(
                                (at - node.len) as u64,
                                format!(
                                    "directory loop: {} names a directory already read",
                                    String::from_utf8_lossy(&child)
                                ),
                            ));
                        }
                        sink.dir(&child, meta)?;
                        pending.push((node.offset, node.size as usize, child));
                    }
                    0o100_000 => {
                        let data = match self.files.get(&node.offset) {
                            Some(data) if node.size > 0 => data.clone(),
                            _ => {
                                let data = Bytes::from(self.content(&node, sink)?);
                                self.files.insert(node.offset, data.clone());
                                data
                            }
                        };
                        sink.file(&child, data, meta)?;
                    }
                    0o120_000 => {
                        let target = self.content(&node, sink)?;
                        sink.symlink(&child, &target, meta)?;
                    }
                    kind @ (0o020_000 | 0o060_000) => {
                        // The size field holds the device number, old 16-bit encoding.
                        let (major, minor) = ((node.size >> 8) & 0xfff, node.size & 0xff);
                        let special = if kind == 0o060_000 {
                            Special::BlockDevice { major, minor }
                        } else {
                            Special::CharDevice { major, minor }
                        };
                        sink.special(&child, special, meta)?;
                    }
                    0o010_000 => sink.special(&child, Special::Fifo, meta)?,
                    0o140_000 => sink.special(&child, Special::Socket, meta)?,
                    other => {
                        return Err(UnpackError::format(
                            (at - node.len) as u64,
                            format!("unknown file type {other:o}"),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// A file's bytes: block pointers, each the end of one zlib page; an empty page is a hole.
    fn content(&self, node: &Inode<'_>, sink: &Sink<'_>) -> Result<Vec<u8>, UnpackError> {
        let size = node.size as usize;
        if size as u64 > sink.file_bytes_left() {
            return Err(UnpackError::format(
                node.offset as u64,
                format!("a file declares {size} bytes, more than the limits leave for one file"),
            ));
        }
        let pages = size.div_ceil(PAGE);
        let mut start = node.offset + pages * 4;
        let mut out = Vec::with_capacity(size.min(self.image.len().saturating_mul(4)));
        for i in 0..pages {
            let pointer_at = node.offset + i * 4;
            let end = self.order.u32(self.image, pointer_at).ok_or_else(|| {
                UnpackError::format(
                    pointer_at as u64,
                    "a block pointer lies past the end of the image",
                )
            })? as usize;
            let want = (size - out.len()).min(PAGE);
            if end == start {
                out.resize(out.len() + want, 0);
                continue;
            }
            let block = self.image.get(start..end).ok_or_else(|| {
                UnpackError::format(pointer_at as u64, "a block lies outside the image")
            })?;
            let mut page = Vec::with_capacity(want);
            ZlibDecoder::new(block)
                .take(PAGE as u64 + 1)
                .read_to_end(&mut page)
                .map_err(|e| UnpackError::format(start as u64, format!("bad zlib block: {e}")))?;
            if page.len() != want {
                return Err(UnpackError::format(
                    start as u64,
                    format!("a block decodes to {} bytes, {want} expected", page.len()),
                ));
            }
            out.extend_from_slice(&page);
            start = end;
        }
        Ok(out)
    }
}
