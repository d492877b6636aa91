//! lzip files (`LZIP`, version 1): an LZMA stream (lc=3, lp=0, pb=2, with an end marker)
//! between a 6-byte header that codes the dictionary size and a 20-byte trailer (CRC-32, data
//! size, member size). Decoded with `lzma-rust2`'s LZMA decoder, the dictionary capped at the
//! remaining budget (its own lzip reader would allocate the header's size, up to 512 MiB).
//! One member; the member size in the trailer must match where the stream ended.

use lzma_rust2::LzmaReader;

use super::stream::add_stream;
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// lzip.
pub struct Lzip;

const MAGIC: &[u8] = b"LZIP\x01";
const HEADER: usize = 6;
const TRAILER: usize = 20;
/// lc=3, lp=0, pb=2: the only properties lzip writes.
const PROPS: u8 = 0x5d;
const MIN_DICT: u32 = 1 << 12;
const MAX_DICT: u32 = 1 << 29;

/// The dictionary size coded in the header's sixth byte: a power of two less up to seven
/// sixteenths of it.
fn dict_size(code: u8) -> Option<u32> {
    let exponent = u32::from(code & 0x1f);
    if !(12..=29).contains(&exponent) {
        return None;
    }
    let base = 1u32 << exponent;
    let size = base - (base / 16) * u32::from(code >> 5);
    (MIN_DICT..=MAX_DICT).contains(&size).then_some(size)
}

impl Unpacker for Lzip {
    fn format(&self) -> &'static str {
        "lzip"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[Magic::at_start(MAGIC)];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        // The range coder's first byte is always zero.
        data.len() >= HEADER + 1 + TRAILER
            && data.starts_with(MAGIC)
            && dict_size(data[5]).is_some()
            && data[HEADER] == 0
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let dict = dict_size(*data.get(5).unwrap_or(&0))
            .ok_or_else(|| UnpackError::format(5, "bad lzip dictionary size"))?;
        // Output past the budget is never read, so no distance can need a larger window.
        let budget = sink.file_bytes_left().saturating_add(1);
        let dict = u32::try_from(u64::from(dict).min(budget)).unwrap_or(u32::MAX);
        let mut rest = &data[HEADER..];
        let mut decoder = LzmaReader::new_with_props(&mut rest, u64::MAX, PROPS, dict, None)
            .map_err(|e| UnpackError::format(HEADER as u64, format!("bad lzip stream: {e}")))?;
        let result = add_stream(sink, &mut decoder);
        let (_, buffered) = decoder.into_parts();
        let buffered = buffered.len();
        result.map_err(|e| match e {
            UnpackError::Format { message, .. } => UnpackError::format(HEADER as u64, message),
            limit @ UnpackError::Limit(_) => limit,
        })?;
        let stream_end = data.len() - rest.len() - buffered;
        let end = stream_end + TRAILER;
        let Some(trailer) = data.get(stream_end..end) else {
            return Err(UnpackError::format(
                stream_end as u64,
                "the lzip trailer is cut off",
            ));
        };
        let member_size = u64::from_le_bytes(trailer[12..20].try_into().unwrap_or_default());
        if member_size != end as u64 {
            return Err(UnpackError::format(
                stream_end as u64,
                format!("the lzip trailer names a member of {member_size} bytes, not {end}"),
            ));
        }
        Ok(Outcome { consumed: end })
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use lzma_rust2::{LzipOptions, LzipWriter};

    use super::*;
    use crate::limits::Limits;
    use crate::unpack::unpack_one;

    fn lzip(content: &[u8]) -> Vec<u8> {
        let mut writer = LzipWriter::new(Vec::new(), LzipOptions::with_preset(1));
        writer.write_all(content).unwrap();
        writer.finish().unwrap()
    }

    #[test]
    fn one_member_is_decoded_and_ends_after_its_trailer() {
        let mut data = lzip(&b"lzip member ".repeat(100));
        let len = data.len();
        data.extend_from_slice(b"LZIP\x01 not a second member");
        let unpacked = unpack_one("lzip", &data, &Limits::default()).unwrap();
        assert_eq!(unpacked.report.containers[0].size, len as u64);
        let out = unpacked.tree.get("input.unpacked/0x0-lzip/data").unwrap();
        assert_eq!(out.data().unwrap().len(), 1200);
    }

    #[test]
    fn a_wrong_member_size_is_reported() {
        let mut data = lzip(b"abc");
        let last = data.len() - 1;
        data[last] ^= 0x01;
        let unpacked = unpack_one("lzip", &data, &Limits::default()).unwrap();
        assert!(unpacked.report.problems[0].message.contains("member of"));
    }

    #[test]
    fn the_dictionary_size_code_is_decoded() {
        assert_eq!(dict_size(0x0c), Some(4096));
        assert_eq!(dict_size(0x17), Some(8 << 20));
        assert_eq!(dict_size(0x77), Some((8 << 20) - 3 * (8 << 20) / 16));
        assert_eq!(dict_size(0x0b), None);
        assert_eq!(dict_size(0x1e), None);
    }
}
