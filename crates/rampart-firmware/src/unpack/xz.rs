//! xz containers (tukaani's `.xz`: stream header, LZMA2/BCJ blocks, index, footer) with
//! `lzma-rust2`'s pure-Rust decoder. One stream; a second concatenated stream is found again
//! by the carver. Each block's dictionary is checked against a memory cap before allocation.

use lzma_rust2::XzReader;

use super::stream::add_stream;
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// xz.
pub struct Xz;

const MAGIC: &[u8] = b"\xfd7zXZ\0";

/// The largest LZMA2 decoder state accepted, in KiB: xz's own presets stop at a 64 MiB
/// dictionary (`-9`), so a header asking for more is hostile or broken.
const MEM_LIMIT_KB: u32 = 96 << 10;

impl Unpacker for Xz {
    fn format(&self) -> &'static str {
        "xz"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[Magic::at_start(MAGIC)];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        // Stream flags: the first byte is reserved (zero), the second names a check type
        // (0x00, 0x01, 0x04, 0x0a; the high nibble is reserved).
        data.len() >= 24 && data.starts_with(MAGIC) && data[6] == 0 && data[7] & 0xf0 == 0
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let mut rest = data;
        let mut decoder = XzReader::new_mem_limit(&mut rest, false, MEM_LIMIT_KB);
        add_stream(sink, &mut decoder)?;
        drop(decoder);
        Ok(Outcome {
            consumed: data.len() - rest.len(),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use lzma_rust2::{XzOptions, XzWriter};

    use super::*;
    use crate::limits::Limits;
    use crate::unpack::unpack_one;

    fn xz(content: &[u8]) -> Vec<u8> {
        let mut writer = XzWriter::new(Vec::new(), XzOptions::with_preset(1)).unwrap();
        writer.write_all(content).unwrap();
        writer.finish().unwrap()
    }

    #[test]
    fn one_stream_is_decoded_and_its_exact_length_consumed() {
        let mut data = xz(b"firmware");
        let len = data.len();
        data.extend_from_slice(b"trailing bytes after the stream");
        let unpacked = unpack_one("xz", &data, &Limits::default()).unwrap();
        let container = &unpacked.report.containers[0];
        assert_eq!(container.size, len as u64);
        assert_eq!(
            unpacked
                .tree
                .get("input.unpacked/0x0-xz/data")
                .unwrap()
                .data()
                .unwrap()
                .as_ref(),
            b"firmware"
        );
    }

    #[test]
    fn detect_refuses_reserved_stream_flags() {
        let mut data = xz(b"x");
        assert!(Xz.detect(&data));
        data[7] |= 0x10;
        assert!(!Xz.detect(&data));
    }
}
