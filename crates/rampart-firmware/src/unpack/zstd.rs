//! Zstandard frames with `ruzstd`'s pure-Rust decoder (window capped at its 128 MiB default,
//! the buffer growing with the output, not with the header). One frame; a following frame is
//! found again by the carver.

use ruzstd::decoding::StreamingDecoder;

use super::stream::add_stream;
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// zstd.
pub struct Zstd;

const MAGIC: &[u8] = b"\x28\xb5\x2f\xfd";

impl Unpacker for Zstd {
    fn format(&self) -> &'static str {
        "zstd"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[Magic::at_start(MAGIC)];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        // The frame header descriptor's bit 3 is reserved and must be clear.
        data.len() >= 9 && data.starts_with(MAGIC) && data[4] & 0x08 == 0
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let mut rest = data;
        let mut decoder = StreamingDecoder::new(&mut rest)
            .map_err(|e| UnpackError::format(0, format!("bad zstd frame header: {e}")))?;
        add_stream(sink, &mut decoder)?;
        drop(decoder);
        Ok(Outcome {
            consumed: data.len() - rest.len(),
        })
    }
}

#[cfg(test)]
mod tests {
    use ruzstd::encoding::{CompressionLevel, compress_to_vec};

    use super::*;
    use crate::limits::Limits;
    use crate::unpack::unpack_one;

    #[test]
    fn one_frame_is_decoded_and_its_exact_length_consumed() {
        let mut data = compress_to_vec(&b"zstd payload"[..], CompressionLevel::Fastest);
        let len = data.len();
        data.extend_from_slice(b"trailer");
        let unpacked = unpack_one("zstd", &data, &Limits::default()).unwrap();
        assert_eq!(unpacked.report.containers[0].size, len as u64);
        let out = unpacked.tree.get("input.unpacked/0x0-zstd/data").unwrap();
        assert_eq!(out.data().unwrap().as_ref(), b"zstd payload");
    }

    #[test]
    fn detect_refuses_the_reserved_descriptor_bit() {
        let mut data = compress_to_vec(&b"x"[..], CompressionLevel::Fastest);
        assert!(Zstd.detect(&data));
        data[4] |= 0x08;
        assert!(!Zstd.detect(&data));
    }
}
