//! Legacy LZMA-alone streams (`.lzma`, LZMA SDK / `xz --format=lzma`), as old kernels, uImage
//! payloads and squashfs-era root filesystems carry them, with `lzma-rust2`'s pure-Rust
//! decoder.
//!
//! The 13-byte header (properties byte, dictionary size, uncompressed size or all ones) has no
//! real magic: `5d 00 00` starts countless unrelated byte runs. `detect` therefore checks
//! every field's range and decodes the first KiBs with a small dictionary, and the decoder's
//! dictionary is never larger than the run's remaining budget.

use std::io::Read;

use lzma_rust2::LzmaReader;

use super::stream::add_stream;
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// LZMA-alone.
pub struct Lzma;

const HEADER: usize = 13;
/// Properties above this encode lc/lp/pb out of range.
const MAX_PROPS: u8 = 224;
/// Dictionary sizes LZMA encoders write: the SDK's minimum to xz's largest preset doubled.
const DICT_RANGE: std::ops::RangeInclusive<u32> = (1 << 12)..=(1 << 27);
/// Declared sizes above this (16 GiB) are not firmware.
const MAX_DECLARED: u64 = 1 << 34;
const UNKNOWN_SIZE: u64 = u64::MAX;
/// Bytes decoded by `detect` before it trusts the header.
const TRIAL_BYTES: u64 = 4096;

/// The header fields.
struct Header {
    props: u8,
    dict_size: u32,
    size: u64,
}

fn header(data: &[u8]) -> Option<Header> {
    let bytes = data.get(..HEADER)?;
    let props = bytes[0];
    let dict_size = u32::from_le_bytes(bytes[1..5].try_into().ok()?);
    let size = u64::from_le_bytes(bytes[5..13].try_into().ok()?);
    let plausible = props <= MAX_PROPS
        && DICT_RANGE.contains(&dict_size)
        && (size == UNKNOWN_SIZE || (size > 0 && size <= MAX_DECLARED));
    plausible.then_some(Header {
        props,
        dict_size,
        size,
    })
}

/// Whether the first [`TRIAL_BYTES`] (or the whole declared size, if smaller) decode without
/// error. The decoder gets a trial-sized dictionary: no match distance in the first KiBs can
/// reach further back than that.
fn trial_decode(data: &[u8], header: &Header) -> bool {
    let want = header.size.min(TRIAL_BYTES);
    let Ok(decoder) = LzmaReader::new_with_props(
        &data[HEADER..],
        header.size,
        header.props,
        TRIAL_BYTES as u32,
        None,
    ) else {
        return false;
    };
    let mut out = Vec::new();
    match decoder.take(want).read_to_end(&mut out) {
        Ok(read) => read as u64 == want || (header.size == UNKNOWN_SIZE && read > 0),
        Err(_) => false,
    }
}

impl Unpacker for Lzma {
    fn format(&self) -> &'static str {
        "lzma"
    }

    fn magics(&self) -> &'static [Magic] {
        // The properties and dictionary sizes nearly every encoder writes: lc=3 lp=0 pb=2
        // with a power-of-two dictionary of 64 KiB to 64 MiB.
        const MAGICS: &[Magic] = &[
            Magic::at_start(b"\x5d\x00\x00\x01\x00"),
            Magic::at_start(b"\x5d\x00\x00\x02\x00"),
            Magic::at_start(b"\x5d\x00\x00\x04\x00"),
            Magic::at_start(b"\x5d\x00\x00\x08\x00"),
            Magic::at_start(b"\x5d\x00\x00\x10\x00"),
            Magic::at_start(b"\x5d\x00\x00\x20\x00"),
            Magic::at_start(b"\x5d\x00\x00\x40\x00"),
            Magic::at_start(b"\x5d\x00\x00\x80\x00"),
            Magic::at_start(b"\x5d\x00\x00\x00\x01"),
            Magic::at_start(b"\x5d\x00\x00\x00\x02"),
            Magic::at_start(b"\x5d\x00\x00\x00\x04"),
            // OpenWrt's kernels: lc=1 lp=2 pb=2.
            Magic::at_start(b"\x6d\x00\x00\x80\x00"),
            Magic::at_start(b"\x6d\x00\x00\x00\x01"),
        ];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        header(data).is_some_and(|h| trial_decode(data, &h))
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let header = header(data).ok_or_else(|| UnpackError::format(0, "not an LZMA header"))?;
        // Output past the budget is never read, so no distance can need a larger window.
        let budget = sink.file_bytes_left().saturating_add(1);
        let dict_size = u32::try_from(u64::from(header.dict_size).min(budget)).unwrap_or(u32::MAX);
        let mut rest = &data[HEADER..];
        let mut decoder =
            LzmaReader::new_with_props(&mut rest, header.size, header.props, dict_size, None)
                .map_err(|e| UnpackError::format(0, format!("bad LZMA header: {e}")))?;
        let result = add_stream(sink, &mut decoder);
        let (_, buffered) = decoder.into_parts();
        let buffered = buffered.len();
        result?;
        Ok(Outcome {
            consumed: data.len() - rest.len() - buffered,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use lzma_rust2::{LzmaOptions, LzmaWriter};

    use super::*;
    use crate::limits::Limits;
    use crate::unpack::unpack_one;

    pub(crate) fn lzma(content: &[u8]) -> Vec<u8> {
        let mut writer =
            LzmaWriter::new_use_header(Vec::new(), &LzmaOptions::with_preset(1), None).unwrap();
        writer.write_all(content).unwrap();
        writer.finish().unwrap()
    }

    #[test]
    fn a_stream_with_an_end_marker_is_decoded_and_its_length_consumed() {
        let mut data = lzma(&b"kernel ".repeat(500));
        let len = data.len();
        data.extend_from_slice(&[0xff; 64]);
        let unpacked = unpack_one("lzma", &data, &Limits::default()).unwrap();
        assert_eq!(unpacked.report.containers[0].size, len as u64);
        let out = unpacked.tree.get("input.unpacked/0x0-lzma/data").unwrap();
        assert_eq!(out.data().unwrap().len(), 3500);
    }

    #[test]
    fn detect_checks_every_header_field_and_decodes_a_trial() {
        let good = lzma(b"some data to compress");
        assert!(Lzma.detect(&good));
        let mut bad_props = good.clone();
        bad_props[0] = 225;
        assert!(!Lzma.detect(&bad_props));
        let mut tiny_dict = good.clone();
        tiny_dict[1..5].copy_from_slice(&16u32.to_le_bytes());
        assert!(!Lzma.detect(&tiny_dict));
        let mut huge_size = good.clone();
        huge_size[5..13].copy_from_slice(&(1u64 << 40).to_le_bytes());
        assert!(!Lzma.detect(&huge_size));
        // A plausible header over bytes that are not LZMA data.
        let mut garbage = good[..HEADER].to_vec();
        garbage.extend(std::iter::repeat_n(0xffu8, 64));
        assert!(!Lzma.detect(&garbage));
    }
}
