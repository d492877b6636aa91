//! The block compressors a squashfs image may name, each decoded by a pure-Rust decoder into
//! at most the size the caller allows (a data block or an 8 KiB metadata block), so a hostile
//! block can never make a decoder allocate more.

use std::io::Read;

use flate2::bufread::ZlibDecoder;
use flate2::{Decompress, FlushDecompress, Status};
use lzma_rust2::{LzmaReader, XzReader};

use crate::codec::lzo;

/// A block compressor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// zlib streams (squashfs calls it gzip).
    Zlib,
    /// The `.lzma` ("LZMA alone") format with its 13-byte header.
    Lzma,
    /// LZO1X.
    Lzo,
    /// xz streams.
    Xz,
    /// LZ4 blocks.
    Lz4,
    /// zstd frames.
    Zstd,
    /// Raw LZMA streams without a header (lc=3, lp=0, pb=2), as the LZMA builds of
    /// squashfs 2 and 3 (minor version 76) write them; the dictionary is the block size.
    LzmaRaw {
        /// Dictionary size in bytes.
        dict: u32,
    },
    /// squashfs 2 and 3 without a compressor field: zlib, or in the DD-WRT-style LZMA builds
    /// that kept the version unchanged, LZMA blocks behind a 5-byte header (properties and
    /// dictionary size, no length). A block is LZMA when it is not a zlib stream and starts
    /// with the usual properties byte; the dictionary used is the block size (no block holds
    /// a match further back), whatever the header asks.
    ZlibOrLzma {
        /// Dictionary size in bytes.
        dict: u32,
    },
}

/// Whether `block` starts with a zlib header (deflate, valid check bits).
fn is_zlib(block: &[u8]) -> bool {
    block.len() >= 2
        && block[0] & 0x0f == 8
        && (u16::from(block[0]) << 8 | u16::from(block[1])) % 31 == 0
}

/// The LZMA properties byte nearly every encoder writes (lc=3, lp=0, pb=2).
const LZMA_DEFAULT_PROPS: u8 = 0x5d;

/// The dictionary memory an LZMA or xz stream may ask for, in KiB: squashfs blocks are at
/// most 1 MiB, so no honest image needs a larger window; a header asking for more is refused
/// rather than allocated.
const LZMA_MEM_LIMIT_KIB: u32 = 64 << 10;

/// The window a zstd frame may ask for (bytes), for the same reason.
const ZSTD_MAX_WINDOW: u64 = 8 << 20;

impl Codec {
    /// The codec for a version 4 superblock's compressor id.
    pub fn from_v4_id(id: u16) -> Option<Codec> {
        Some(match id {
            1 => Codec::Zlib,
            2 => Codec::Lzma,
            3 => Codec::Lzo,
            4 => Codec::Xz,
            5 => Codec::Lz4,
            6 => Codec::Zstd,
            _ => return None,
        })
    }

    /// The compressor's name as mksquashfs spells it.
    pub fn name(self) -> &'static str {
        match self {
            Codec::Zlib => "gzip",
            Codec::Lzma => "lzma",
            Codec::Lzo => "lzo",
            Codec::Xz => "xz",
            Codec::Lz4 => "lz4",
            Codec::Zstd => "zstd",
            Codec::LzmaRaw { .. } => "lzma (raw)",
            Codec::ZlibOrLzma { .. } => "gzip or lzma",
        }
    }

    /// Decodes one block into `out` as [`Codec::decompress`] would with `max_out`, and
    /// returns how many bytes the block decodes to (at most `max_out`; those past
    /// `out.len()` are dropped). zlib and LZ4 blocks are decoded in place; the other codecs,
    /// and a zlib or LZ4 block that does not end cleanly within `out` (longer, or damaged),
    /// go through [`Codec::decompress`], whose limits and messages are the reference.
    pub fn decompress_into(
        self,
        block: &[u8],
        out: &mut [u8],
        max_out: usize,
    ) -> Result<usize, String> {
        match self {
            Codec::Zlib => {
                let mut zlib = Decompress::new(true);
                if let Ok(Status::StreamEnd) = zlib.decompress(block, out, FlushDecompress::Finish)
                {
                    return usize::try_from(zlib.total_out()).map_err(|e| e.to_string());
                }
            }
            Codec::Lz4 => {
                if let Ok(len) = lz4_flex::block::decompress_into(block, out) {
                    return Ok(len);
                }
            }
            _ => {}
        }
        let decoded = self.decompress(block, max_out)?;
        let n = decoded.len().min(out.len());
        out[..n].copy_from_slice(&decoded[..n]);
        Ok(decoded.len())
    }

    /// Decodes one block into at most `max_out` bytes.
    pub fn decompress(self, block: &[u8], max_out: usize) -> Result<Vec<u8>, String> {
        let cap = max_out as u64 + 1;
        let mut out = Vec::with_capacity(max_out.min(block.len().saturating_mul(8)));
        let read = match self {
            Codec::Zlib => ZlibDecoder::new(block).take(cap).read_to_end(&mut out),
            Codec::Lzma => LzmaReader::new_mem_limit(block, LZMA_MEM_LIMIT_KIB, None)
                .map_err(|e| format!("bad lzma header: {e}"))?
                .take(cap)
                .read_to_end(&mut out),
            Codec::Xz => XzReader::new_mem_limit(block, false, LZMA_MEM_LIMIT_KIB)
                .take(cap)
                .read_to_end(&mut out),
            Codec::Zstd => {
                ruzstd::decoding::StreamingDecoder::new_with_max_window_size(block, ZSTD_MAX_WINDOW)
                    .map_err(|e| format!("bad zstd frame: {e}"))?
                    .take(cap)
                    .read_to_end(&mut out)
            }
            Codec::Lz4 => {
                out.resize(max_out, 0);
                let len = lz4_flex::block::decompress_into(block, &mut out)
                    .map_err(|e| format!("bad lz4 block: {e}"))?;
                out.truncate(len);
                Ok(len)
            }
            Codec::Lzo => return lzo::decompress(block, max_out).map_err(|e| e.to_string()),
            Codec::ZlibOrLzma { dict } => {
                if !is_zlib(block) && block.len() > 5 && block[0] == LZMA_DEFAULT_PROPS {
                    return Codec::LzmaRaw { dict }.decompress(&block[5..], max_out);
                }
                return Codec::Zlib.decompress(block, max_out);
            }
            Codec::LzmaRaw { dict } => {
                let reader = LzmaReader::new(block, u64::MAX, 3, 0, 2, dict, None)
                    .map_err(|e| format!("bad lzma stream: {e}"))?;
                // These streams may end without an end marker: what decoded before the input
                // ran out is the block.
                match reader.take(cap).read_to_end(&mut out) {
                    Err(_) if !out.is_empty() => Ok(out.len()),
                    other => other,
                }
            }
        };
        read.map_err(|e| format!("bad {} block: {e}", self.name()))?;
        if out.len() > max_out {
            return Err(format!(
                "a {} block decodes to more than {max_out} bytes",
                self.name()
            ));
        }
        Ok(out)
    }
}

#[cfg(test)]
pub(super) mod tests {
    use std::io::Write;

    use super::*;

    /// `data` as one zlib stream, as mksquashfs's gzip compressor writes a block.
    pub(in crate::unpack::squashfs) fn zlib(data: &[u8]) -> Vec<u8> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(data).unwrap();
        z.finish().unwrap()
    }

    #[test]
    fn decoding_in_place_agrees_with_decoding_to_a_buffer() {
        let text: Vec<u8> = (0..5000u32).flat_map(u32::to_le_bytes).collect();
        let lz4 = lz4_flex::block::compress(&text);
        for (codec, block) in [(Codec::Zlib, zlib(&text)), (Codec::Lz4, lz4)] {
            // Exactly the block's length, in place.
            let mut place = vec![0u8; text.len()];
            assert_eq!(
                codec.decompress_into(&block, &mut place, 1 << 17),
                Ok(text.len())
            );
            assert_eq!(place, text, "{codec:?}");
            // A shorter place keeps the first bytes and still tells the whole length.
            let mut short = vec![0u8; 100];
            assert_eq!(
                codec.decompress_into(&block, &mut short, 1 << 17),
                Ok(text.len())
            );
            assert_eq!(short, text[..100]);
            // Past `max_out`, and damage, give decompress's own errors.
            assert_eq!(
                codec.decompress_into(&block, &mut short, 1000),
                Err(codec.decompress(&block, 1000).unwrap_err())
            );
            let damaged = &block[..block.len() / 2];
            assert_eq!(
                codec.decompress_into(damaged, &mut place, 1 << 17),
                Err(codec.decompress(damaged, 1 << 17).unwrap_err())
            );
        }
        // The other codecs go through decompress and are copied.
        let mut place = vec![0u8; 100];
        let either = Codec::ZlibOrLzma { dict: 1 << 17 };
        assert_eq!(
            either.decompress_into(&zlib(&text), &mut place, 1 << 17),
            Ok(text.len())
        );
        assert_eq!(place, text[..100]);
        assert!(
            Codec::Zstd
                .decompress_into(b"junk", &mut place, 10)
                .is_err()
        );
    }
}
