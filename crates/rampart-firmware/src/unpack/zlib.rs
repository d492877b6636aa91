//! Raw zlib streams (RFC 1950), as bootloaders, vendor containers and PNG-less blobs embed
//! them, with `flate2`'s pure-Rust inflater.
//!
//! A zlib header is two bytes (`78 01`, `78 5e`, `78 9c`, `78 da`) that occur by chance in
//! any binary, so `detect` also requires the header check, no preset dictionary and a trial
//! inflate of the first KiB, and `unpack` keeps the stream only when it inflates to its end
//! with a matching Adler-32: a partial zlib stream is indistinguishable from noise.

use std::io::Read;

use flate2::bufread::ZlibDecoder;

use super::stream::add_if_intact;
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// zlib.
pub struct Zlib;

const FDICT: u8 = 0x20;
/// Output inflated by `detect` before it trusts a header.
const TRIAL_BYTES: u64 = 1024;

impl Unpacker for Zlib {
    fn format(&self) -> &'static str {
        "zlib"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[
            Magic::at_start(b"\x78\x01"),
            Magic::at_start(b"\x78\x5e"),
            Magic::at_start(b"\x78\x9c"),
            Magic::at_start(b"\x78\xda"),
        ];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        header_ok(data) && trial_inflate(data)
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let mut decoder = ZlibDecoder::new(data);
        add_if_intact(sink, &mut decoder, "zlib")?;
        let rest = decoder.into_inner();
        Ok(Outcome {
            consumed: data.len() - rest.len(),
        })
    }
}

/// Deflate (method 8), a window of at most 32 KiB, the check bits and no preset dictionary.
fn header_ok(data: &[u8]) -> bool {
    let [cmf, flg, ..] = *data else {
        return false;
    };
    cmf & 0x0f == 8
        && cmf >> 4 <= 7
        && flg & FDICT == 0
        && (u16::from(cmf) << 8 | u16::from(flg)) % 31 == 0
}

/// Whether the first [`TRIAL_BYTES`] inflate (or the whole stream does, if shorter) and
/// produce something.
fn trial_inflate(data: &[u8]) -> bool {
    let mut out = Vec::new();
    ZlibDecoder::new(data)
        .take(TRIAL_BYTES)
        .read_to_end(&mut out)
        .is_ok_and(|n| n > 0)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::{Compression, write::ZlibEncoder};

    use super::*;
    use crate::limits::Limits;
    use crate::unpack::unpack_one;

    fn zlib(content: &[u8]) -> Vec<u8> {
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(content).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn a_stream_is_inflated_and_its_exact_length_consumed() {
        let mut data = zlib(&b"zlib ".repeat(300));
        let len = data.len();
        data.extend_from_slice(b"more");
        let unpacked = unpack_one("zlib", &data, &Limits::default()).unwrap();
        assert_eq!(unpacked.report.containers[0].size, len as u64);
        let out = unpacked.tree.get("input.unpacked/0x0-zlib/data").unwrap();
        assert_eq!(out.data().unwrap().len(), 1500);
    }

    #[test]
    fn a_stream_with_a_wrong_checksum_yields_no_file() {
        // Incompressible and far longer than the trial, so only the Adler-32 at the end
        // tells it is broken.
        let mut state = 1u32;
        let noise: Vec<u8> = (0..100_000)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (state >> 16) as u8
            })
            .collect();
        let mut data = zlib(&noise);
        let last = data.len() - 1;
        data[last] ^= 0xff;
        assert!(Zlib.detect(&data));
        let unpacked = unpack_one("zlib", &data, &Limits::default()).unwrap();
        assert!(unpacked.tree.get("input.unpacked/0x0-zlib/data").is_none());
        assert!(unpacked.report.problems[0].message.contains("zlib"));
    }

    #[test]
    fn detect_needs_the_header_check_and_a_trial_inflate() {
        let data = zlib(b"abc");
        assert!(Zlib.detect(&data));
        assert!(!Zlib.detect(b"\x78\x9d\x01\x02\x03"));
        assert!(!Zlib.detect(b"\x78\x9c\xff\xff\xff\xff"));
        let mut with_dict = data.clone();
        with_dict[1] = 0xbb; // 0x78bb % 31 == 0 with FDICT set
        assert!(!Zlib.detect(&with_dict));
    }
}
