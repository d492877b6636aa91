//! Where a YAFFS2 image keeps its tags, guessed from the data: YAFFS2 has no superblock, so
//! the page size, the spare (out-of-band) size, where the tags sit and the byte order are
//! found by reading the first chunks under each candidate layout and keeping the one under
//! which the most chunks in a row make sense.

use super::super::endian::Endian;

/// The lowest sequence number YAFFS2 gives a block; erased flash reads as all ones.
const LOWEST_SEQUENCE: u32 = 0x1000;
const HIGHEST_SEQUENCE: u32 = 0xefff_ff00;
/// The sequence numbers of the kernel's checkpoint blocks (a snapshot of its RAM state, not
/// files) and of blocks it marked bad.
const CHECKPOINT_SEQUENCE: u32 = 0x21;
const BAD_BLOCK_SEQUENCE: u32 = 0xffff_0000;
/// Object ids are 18 bits in YAFFS2.
pub(super) const MAX_OBJECT_ID: u32 = 1 << 18;
/// The packed tags: sequence number, object id, chunk id and byte count, 32 bits each.
pub(super) const TAGS_LEN: usize = 16;
/// Set in a header chunk's chunk id when the kernel stored extra header information there.
const EXTRA_HEADER_INFO: u32 = 0x8000_0000;
const OBJECT_ID_MASK: u32 = 0x0fff_ffff;
/// Object types a header may hold.
pub(super) const TYPE_FILE: u32 = 1;
pub(super) const TYPE_SPECIAL: u32 = 5;
/// How many chunks the guess reads under each layout.
const SAMPLE: usize = 64;

/// One page layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Geometry {
    /// Bytes of data per chunk (the page, less the tags when they are in band).
    pub data: usize,
    /// Bytes from one chunk to the next (page plus spare).
    pub stride: usize,
    /// Where the tags sit from the chunk's start.
    pub tags_at: usize,
    pub order: Endian,
}

/// The tags of one chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Tags {
    pub seq: u32,
    pub object: u32,
    /// 0 for an object header; 1 and up for data chunks.
    pub chunk: u32,
    pub bytes: u32,
}

/// What one chunk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Chunk {
    /// Never written, or holding no file data (checkpoint and bad blocks).
    Erased,
    Header(Tags),
    Data(Tags),
    /// Not YAFFS2 under this layout.
    Invalid,
}

/// Every layout tried: (page, spare) of common NAND parts, tags in the spare at offset 0
/// (mkyaffs2image) or 2 (after the bad-block marker, yaffs2utils and most vendor tools), and
/// tags in band at the end of the page; both byte orders.
pub(super) fn candidates() -> Vec<Geometry> {
    let mut all = Vec::new();
    for order in [Endian::Little, Endian::Big] {
        for (page, spare) in [(2048, 64), (4096, 128), (512, 16), (8192, 256)] {
            for offset in [0, 2] {
                if offset + TAGS_LEN <= spare {
                    all.push(Geometry {
                        data: page,
                        stride: page + spare,
                        tags_at: page + offset,
                        order,
                    });
                }
            }
        }
        for page in [2048, 4096, 512] {
            all.push(Geometry {
                data: page - TAGS_LEN,
                stride: page,
                tags_at: page - TAGS_LEN,
                order,
            });
        }
    }
    all
}

impl Geometry {
    /// Reads chunk `index` of `image`.
    pub(super) fn chunk(&self, image: &[u8], index: usize) -> Chunk {
        let Some(start) = index.checked_mul(self.stride) else {
            return Chunk::Invalid;
        };
        let Some(raw) = image.get(start + self.tags_at..start + self.tags_at + TAGS_LEN) else {
            return Chunk::Invalid;
        };
        if raw.iter().all(|&b| b == 0xff) {
            return Chunk::Erased;
        }
        let e = self.order;
        let word = |i: usize| e.u32(raw, i * 4).unwrap_or(u32::MAX);
        let mut tags = Tags {
            seq: word(0),
            object: word(1),
            chunk: word(2),
            bytes: word(3),
        };
        if tags.seq == CHECKPOINT_SEQUENCE || tags.seq == BAD_BLOCK_SEQUENCE {
            return Chunk::Erased;
        }
        if !(LOWEST_SEQUENCE..=HIGHEST_SEQUENCE).contains(&tags.seq) {
            return Chunk::Invalid;
        }
        if tags.chunk & EXTRA_HEADER_INFO != 0 {
            tags.chunk = 0;
            tags.object &= OBJECT_ID_MASK;
        }
        if tags.object == 0 || tags.object >= MAX_OBJECT_ID {
            return Chunk::Invalid;
        }
        if tags.chunk == 0 {
            let data = image.get(start..start + self.data).unwrap_or_default();
            return if looks_like_header(data, e) {
                Chunk::Header(tags)
            } else {
                Chunk::Invalid
            };
        }
        if tags.bytes as usize > self.data {
            return Chunk::Invalid;
        }
        Chunk::Data(tags)
    }

    /// How many chunks from the start read as YAFFS2 before the first that does not.
    fn score(&self, image: &[u8]) -> usize {
        let mut good = 0;
        for index in 0..SAMPLE {
            match self.chunk(image, index) {
                Chunk::Header(_) | Chunk::Data(_) => good += 1,
                Chunk::Erased => {}
                Chunk::Invalid => break,
            }
        }
        good
    }
}

/// Whether `data` holds a plausible object header: a known type, a parent, and a name that
/// ends within its field and holds no control bytes. YAFFS2 has no magic number, so the
/// name is most of what tells a header from any file that happens to start with two small
/// numbers (a Chromium `.pak` did). Names with `/` or `..` still count: they are reported
/// as hostile when the tree is built, which a refused header would hide.
pub(super) fn looks_like_header(data: &[u8], e: Endian) -> bool {
    let (Some(kind), Some(parent)) = (e.u32(data, 0), e.u32(data, 4)) else {
        return false;
    };
    let Some(field) = data.get(10..10 + 256) else {
        return false;
    };
    let Some(end) = field.iter().position(|&b| b == 0) else {
        return false;
    };
    let name = &field[..end];
    (TYPE_FILE..=TYPE_SPECIAL).contains(&kind)
        && parent != 0
        && parent < MAX_OBJECT_ID
        && !name.iter().any(|&b| b < 0x20 || b == 0x7f)
}

/// The layout under which the image reads best, if the first chunk is an object header.
pub(super) fn guess(image: &[u8]) -> Option<Geometry> {
    candidates()
        .into_iter()
        .filter(|g| matches!(g.chunk(image, 0), Chunk::Header(_)))
        .max_by_key(|g| (g.score(image), std::cmp::Reverse(g.stride)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(kind: u32, parent: u32, name: &[u8]) -> Vec<u8> {
        let mut data = vec![0u8; 512];
        data[..4].copy_from_slice(&kind.to_le_bytes());
        data[4..8].copy_from_slice(&parent.to_le_bytes());
        data[10..10 + name.len()].copy_from_slice(name);
        data
    }

    #[test]
    fn a_header_needs_a_known_type_a_parent_and_a_name_without_control_bytes() {
        assert!(looks_like_header(&header(1, 1, b"busybox"), Endian::Little));
        assert!(looks_like_header(&header(3, 1, b""), Endian::Little));
        // Hostile names are headers: the tree reports them.
        assert!(looks_like_header(
            &header(1, 1, b"../../etc/x"),
            Endian::Little
        ));
        assert!(!looks_like_header(&header(6, 1, b"x"), Endian::Little));
        assert!(!looks_like_header(&header(1, 0, b"x"), Endian::Little));
        // The start of Chromium's `locales/en-US.pak` (format 5, one encoding, then its
        // resource table): type 5, parent 1, and a "name" of table bytes.
        let mut pak = header(5, 1, b"");
        pak[8..24]
            .copy_from_slice(b"\x99\x2f\x84\x08\x20\x03\xb8\x3f\x01\x00\x21\x03\xca\x3f\x01\x00");
        pak[24..40]
            .copy_from_slice(b"\x22\x03\xd8\x3f\x01\x00\x23\x03\xee\x3f\x01\x00\x24\x03\xff\x3f");
        assert!(!looks_like_header(&pak, Endian::Little));
    }
}
