//! Metadata blocks: the inode, directory, fragment and id tables are chains of blocks of at
//! most 8 KiB decoded, each behind a 2-byte header (size, and a flag for "stored"). A position
//! in a table is a block's offset plus an offset inside the decoded block.

use std::collections::HashMap;
use std::rc::Rc;

use crate::unpack::UnpackError;

use super::compression::Codec;
use super::endian::Endian;

/// The decoded size of a metadata block.
pub const METADATA_SIZE: usize = 8192;

/// Decoded metadata kept at most, in bytes: past it the cache starts again, so a hostile
/// image of tiny blocks that each inflate to 8 KiB costs time, not memory.
const CACHE_BYTES: usize = 32 << 20;

/// A place in a metadata table: the block's byte offset in the image and an offset into its
/// decoded bytes (which may run past the block: reading continues in the next one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pos {
    /// Byte offset of the metadata block in the image.
    pub block: u64,
    /// Offset in the decoded block.
    pub offset: usize,
}

/// Reads metadata blocks of one image, decoding each once while the cache holds.
pub struct Metadata<'a> {
    image: &'a [u8],
    /// The byte order of the blocks' 2-byte headers: the image's, except in AVM's big-endian
    /// images, whose tools write them little-endian.
    endian: Endian,
    codec: Codec,
    cache: HashMap<u64, (Rc<[u8]>, u64)>,
    cached: usize,
}

impl<'a> Metadata<'a> {
    /// A reader of `image`'s metadata; `first` is the offset of a metadata block (the inode
    /// table's first), used to tell which byte order the block headers use.
    pub fn new(image: &'a [u8], endian: Endian, codec: Codec, first: u64) -> Metadata<'a> {
        let plausible = |e: Endian| {
            usize::try_from(first)
                .ok()
                .and_then(|at| e.u16(image, at))
                .is_some_and(|h| usize::from(h & 0x7fff) <= METADATA_SIZE)
        };
        let endian =
            if endian == Endian::Big && !plausible(Endian::Big) && plausible(Endian::Little) {
                Endian::Little
            } else {
                endian
            };
        Metadata {
            image,
            endian,
            codec,
            cache: HashMap::new(),
            cached: 0,
        }
    }

    /// The decoded block at `at` and the offset of the block after it.
    pub fn block(&mut self, at: u64) -> Result<(Rc<[u8]>, u64), UnpackError> {
        if let Some((data, next)) = self.cache.get(&at) {
            return Ok((Rc::clone(data), *next));
        }
        let start = usize::try_from(at).unwrap_or(usize::MAX);
        let header = self.endian.u16(self.image, start).ok_or_else(|| {
            UnpackError::format(at, "a metadata block lies past the end of the image")
        })?;
        let stored = header & 0x8000 != 0;
        let len = usize::from(header & 0x7fff);
        let body = self
            .image
            .get(start + 2..start + 2 + len)
            .ok_or_else(|| UnpackError::format(at, "a metadata block runs past the image"))?;
        let data: Rc<[u8]> = if stored {
            if len > METADATA_SIZE {
                return Err(UnpackError::format(at, "a metadata block is over 8 KiB"));
            }
            Rc::from(body)
        } else {
            Rc::from(
                self.codec
                    .decompress(body, METADATA_SIZE)
                    .map_err(|e| UnpackError::format(at, format!("metadata block: {e}")))?,
            )
        };
        if self.cached + data.len() > CACHE_BYTES {
            self.cache.clear();
            self.cached = 0;
        }
        self.cached += data.len();
        let next = at + 2 + len as u64;
        self.cache.insert(at, (Rc::clone(&data), next));
        Ok((data, next))
    }

    /// Reads `len` bytes at `pos`, moving it past them (into the following blocks if needed).
    pub fn read(&mut self, pos: &mut Pos, len: usize) -> Result<Vec<u8>, UnpackError> {
        let mut out = Vec::with_capacity(len.min(METADATA_SIZE));
        while out.len() < len {
            let (data, next) = self.block(pos.block)?;
            if data.is_empty() {
                return Err(UnpackError::format(pos.block, "an empty metadata block"));
            }
            if pos.offset >= data.len() {
                pos.offset -= data.len();
                pos.block = next;
                continue;
            }
            let take = (len - out.len()).min(data.len() - pos.offset);
            out.extend_from_slice(&data[pos.offset..pos.offset + take]);
            pos.offset += take;
        }
        Ok(out)
    }
}
