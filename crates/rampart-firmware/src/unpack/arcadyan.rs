//! Arcadyan-built router firmware: an LZMA stream obfuscated by swapping two 32-byte blocks
//! (at 4 and 0x68) and, in the one moved to the front, the nibbles of each byte and the bytes
//! of each pair. Own implementation after binwalk's `arcadyan.rs` (MIT), found by the
//! obfuscated LZMA header `00 d5 08 00` at 0x68.
//!
//! The de-obfuscated stream is placed as `data.lzma` for the LZMA unpacker. The stream's
//! end is only known by decoding it, so the rest of the file is taken.

use crate::tree::Meta;

use super::fields::le_u32;
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// Arcadyan obfuscated LZMA.
pub struct Arcadyan;

const MAGIC: &[u8] = b"\x00\xd5\x08\x00";
const MAGIC_AT: usize = 0x68;
const BLOCK: usize = 32;
const FIRST: usize = 4;
/// binwalk's bounds: smaller is not a firmware, larger has not been seen.
const MIN_SIZE: usize = 0x100;
const MAX_SIZE: usize = 0x1b_0000;

/// The de-obfuscated bytes of `data[..len]`.
fn deobfuscate(data: &[u8], len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    out.extend_from_slice(&data[..FIRST]);
    out.extend_from_slice(&data[MAGIC_AT..MAGIC_AT + BLOCK]);
    out.extend_from_slice(&data[FIRST + BLOCK..MAGIC_AT]);
    out.extend_from_slice(&data[FIRST..FIRST + BLOCK]);
    out.extend_from_slice(&data[MAGIC_AT + BLOCK..len]);
    for byte in &mut out[FIRST..FIRST + BLOCK] {
        *byte = byte.rotate_left(4);
    }
    for pair in out[FIRST..FIRST + BLOCK].chunks_exact_mut(2) {
        pair.swap(0, 1);
    }
    out
}

impl Unpacker for Arcadyan {
    fn format(&self) -> &'static str {
        "arcadyan"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[Magic {
            bytes: MAGIC,
            offset: MAGIC_AT,
        }];
        MAGICS
    }

    /// The magic, a size in bounds, and an LZMA header whose dictionary is a power of two
    /// and whose stated size is unknown or under 1 GiB.
    fn detect(&self, data: &[u8]) -> bool {
        if data.len() <= MIN_SIZE || data.get(MAGIC_AT..MAGIC_AT + 4) != Some(MAGIC) {
            return false;
        }
        let header = deobfuscate(data, MAGIC_AT + BLOCK + 1);
        let dictionary = le_u32(&header, FIRST + 1).unwrap_or_default();
        let size = u64::from(le_u32(&header, FIRST + 5).unwrap_or_default())
            | u64::from(le_u32(&header, FIRST + 9).unwrap_or_default()) << 32;
        dictionary.is_power_of_two() && (size == u64::MAX || size < 1 << 30)
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let len = data.len().min(MAX_SIZE);
        if len <= MIN_SIZE || data.get(MAGIC_AT..MAGIC_AT + 4) != Some(MAGIC) {
            return Err(UnpackError::format(
                MAGIC_AT as u64,
                "not an Arcadyan image",
            ));
        }
        let mut plain = deobfuscate(data, len);
        plain.drain(..FIRST);
        sink.file(b"data.lzma", plain, Meta::default())?;
        Ok(Outcome { consumed: len })
    }
}

#[cfg(test)]
mod tests {
    use crate::limits::Limits;
    use crate::unpack::unpack_one;

    use super::*;

    /// Obfuscates `stream` (an LZMA stream) the way Arcadyan's tools do, the inverse of
    /// [`deobfuscate`].
    fn obfuscate(stream: &[u8]) -> Vec<u8> {
        let mut plain = b"head".to_vec();
        plain.extend_from_slice(stream);
        let mut block = plain[FIRST..FIRST + BLOCK].to_vec();
        for pair in block.chunks_exact_mut(2) {
            pair.swap(0, 1);
        }
        for byte in &mut block {
            *byte = byte.rotate_left(4);
        }
        let mut out = plain[..FIRST].to_vec();
        out.extend_from_slice(&plain[MAGIC_AT..MAGIC_AT + BLOCK]);
        out.extend_from_slice(&plain[FIRST + BLOCK..MAGIC_AT]);
        out.extend_from_slice(&block);
        out.extend_from_slice(&plain[MAGIC_AT + BLOCK..]);
        out
    }

    #[test]
    fn the_lzma_stream_is_restored() {
        let mut stream = b"\x5d\x00\x00\x80\x00\xff\xff\xff\xff\xff\xff\xff\xff".to_vec();
        stream.extend((0..600u32).map(|i| (i * 7) as u8));
        let data = obfuscate(&stream);
        assert_eq!(&data[MAGIC_AT..MAGIC_AT + 4], MAGIC);
        assert!(Arcadyan.detect(&data));
        let unpacked = unpack_one("arcadyan", &data, &Limits::default()).unwrap();
        let file = unpacked
            .tree
            .get("input.unpacked/0x0-arcadyan/data.lzma")
            .unwrap();
        assert_eq!(file.data().unwrap().as_ref(), stream.as_slice());
    }

    #[test]
    fn the_magic_without_a_plausible_header_is_not_arcadyan() {
        let mut data = vec![0u8; 0x200];
        data[MAGIC_AT..MAGIC_AT + 4].copy_from_slice(MAGIC);
        data[MAGIC_AT + 5] = 0x30;
        assert!(!Arcadyan.detect(&data));
    }
}
