//! bzip2 streams with the `bzip2` crate on its pure-Rust backend (libbz2-rs-sys). One stream;
//! a concatenated stream after it is found again by the carver.

use bzip2::bufread::BzDecoder;

use super::stream::add_stream;
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// bzip2.
pub struct Bzip2;

/// The block magic (π in BCD) that follows the `BZh1`…`BZh9` stream header.
const BLOCK_MAGIC: &[u8] = b"\x31\x41\x59\x26\x53\x59";
/// An empty stream: the end-of-stream magic (√π) right after the header.
const END_MAGIC: &[u8] = b"\x17\x72\x45\x38\x50\x90";

impl Unpacker for Bzip2 {
    fn format(&self) -> &'static str {
        "bzip2"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[Magic::at_start(b"BZh")];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        data.len() >= 10
            && data.starts_with(b"BZh")
            && (b'1'..=b'9').contains(&data[3])
            && (&data[4..10] == BLOCK_MAGIC || &data[4..10] == END_MAGIC)
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let mut decoder = BzDecoder::new(data);
        add_stream(sink, &mut decoder)?;
        let rest = decoder.into_inner();
        Ok(Outcome {
            consumed: data.len() - rest.len(),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use bzip2::{Compression, write::BzEncoder};

    use super::*;
    use crate::limits::Limits;
    use crate::unpack::unpack_one;

    pub(crate) fn bz(content: &[u8]) -> Vec<u8> {
        let mut encoder = BzEncoder::new(Vec::new(), Compression::fast());
        encoder.write_all(content).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn one_stream_is_decoded_and_its_exact_length_consumed() {
        let mut data = bz(b"rootfs");
        let len = data.len();
        data.extend_from_slice(b"BZh9 not a second stream");
        let unpacked = unpack_one("bzip2", &data, &Limits::default()).unwrap();
        assert_eq!(unpacked.report.containers[0].size, len as u64);
        let out = unpacked.tree.get("input.unpacked/0x0-bzip2/data").unwrap();
        assert_eq!(out.data().unwrap().as_ref(), b"rootfs");
    }

    #[test]
    fn detect_needs_a_block_size_digit_and_a_block_magic() {
        let data = bz(b"x");
        assert!(Bzip2.detect(&data));
        let mut bad = data.clone();
        bad[3] = b'0';
        assert!(!Bzip2.detect(&bad));
        assert!(!Bzip2.detect(b"BZh91AY&SX"));
    }
}
