//! Intel HEX files (microcontroller and FPGA firmware): `:LLAAAATT…CC` records whose data
//! (type 00) is placed at a 16-bit address extended by segment (02) or linear (04) address
//! records, up to the end-of-file record (01). Own parser: the format is one line long.
//!
//! The data is reassembled into one image, `image.bin`. A record whose checksum does not
//! match, or a line with the record mark that does not decode, is reported with its line
//! number and left out; the other records are kept. The format ends at the end record or
//! the first line that is not a record.

use super::fields::be_u16;
use super::hex_image::{Line, Segments, decode_hex, digits, lines};
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// Intel HEX.
pub struct IntelHex;

/// A record line is at most 1 + 2 * (5 + 255) characters.
const MAX_LINE: usize = 521;
/// Valid records needed at the start before a file is taken for Intel HEX.
const RECORDS_TO_DETECT: usize = 2;
const FIRST: u8 = b':';

/// One decoded record.
struct Record {
    kind: u8,
    address: u16,
    data: Vec<u8>,
}

/// Why a line is not a good record.
enum Bad {
    /// Not a record at all: the format ends before it.
    NotRecord,
    /// A line with the record mark that does not decode as a record.
    Malformed,
    /// A record whose checksum does not match.
    Checksum { stored: u8, computed: u8 },
}

fn record(line: &Line<'_>) -> Result<Record, Bad> {
    let text = line.text.strip_prefix(b":").ok_or(Bad::NotRecord)?;
    let bytes = decode_hex(text).ok_or(Bad::Malformed)?;
    if bytes.len() < 5 || bytes.len() != 5 + usize::from(bytes[0]) || bytes[3] > 5 {
        return Err(Bad::Malformed);
    }
    let (body, checksum) = bytes.split_at(bytes.len() - 1);
    let computed = body
        .iter()
        .fold(0u8, |sum, &b| sum.wrapping_add(b))
        .wrapping_neg();
    if computed != checksum[0] {
        return Err(Bad::Checksum {
            stored: checksum[0],
            computed,
        });
    }
    Ok(Record {
        kind: body[3],
        address: be_u16(body, 1).unwrap_or_default(),
        data: body[4..].to_vec(),
    })
}

impl Unpacker for IntelHex {
    fn format(&self) -> &'static str {
        "ihex"
    }

    /// Recognised at the start of a file only: `:` and two hex digits are everywhere.
    fn magics(&self) -> &'static [Magic] {
        &[]
    }

    /// The first line a record, and two good records among the first four lines (the others
    /// may be damaged).
    fn detect(&self, data: &[u8]) -> bool {
        let mut good = 0;
        for (index, line) in lines(data, MAX_LINE).take(4).enumerate() {
            match (index, record(&line)) {
                (_, Ok(_)) => good += 1,
                (_, Err(Bad::Checksum { .. })) => {}
                (0, Err(_)) => return false,
                (_, Err(Bad::Malformed)) => {}
                (_, Err(Bad::NotRecord)) => break,
            }
        }
        data.first() == Some(&FIRST) && good >= RECORDS_TO_DETECT
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let mut segments = Segments::default();
        let mut upper = 0u64;
        let mut consumed = 0;
        let mut ended = false;
        for line in lines(data, MAX_LINE) {
            if line.text.is_empty() {
                consumed = line.end;
                continue;
            }
            match record(&line) {
                Err(Bad::NotRecord) => break,
                Err(Bad::Malformed) => sink.problem(
                    line.offset as u64,
                    format!("line {}: not a valid record; left out", line.number),
                ),
                Err(Bad::Checksum { stored, computed }) => sink.problem(
                    line.offset as u64,
                    format!(
                        "line {}: checksum {stored:#04x}, the record sums to {computed:#04x}; its data is left out",
                        line.number
                    ),
                ),
                Ok(rec) => match rec.kind {
                    0 => segments.add(upper + u64::from(rec.address), rec.data),
                    1 => ended = true,
                    2 if rec.data.len() == 2 => {
                        upper = u64::from(be_u16(&rec.data, 0).unwrap_or_default()) << 4;
                    }
                    4 if rec.data.len() == 2 => {
                        upper = u64::from(be_u16(&rec.data, 0).unwrap_or_default()) << 16;
                    }
                    3 | 5 => sink.attribute("start_address", hex(&rec.data)),
                    _ => sink.problem(
                        line.offset as u64,
                        format!("line {}: address record of {} bytes, not 2", line.number, rec.data.len()),
                    ),
                },
            }
            consumed = line.end;
            if ended {
                break;
            }
        }
        if !ended {
            sink.problem(consumed as u64, "no end-of-file record");
        }
        if segments.is_empty() {
            return Err(UnpackError::format(0, "no data records"));
        }
        segments.place("image.bin", sink)?;
        Ok(Outcome { consumed })
    }
}

fn hex(bytes: &[u8]) -> String {
    format!("0x{}", digits(bytes).to_lowercase())
}

#[cfg(test)]
mod tests {
    use crate::limits::Limits;
    use crate::unpack::unpack_one;

    use super::*;

    /// An Intel HEX record line with a correct checksum.
    fn rec(kind: u8, address: u16, data: &[u8]) -> String {
        let mut bytes = vec![data.len() as u8];
        bytes.extend_from_slice(&address.to_be_bytes());
        bytes.push(kind);
        bytes.extend_from_slice(data);
        let sum = bytes
            .iter()
            .fold(0u8, |s, &b| s.wrapping_add(b))
            .wrapping_neg();
        bytes.push(sum);
        format!(":{}\n", digits(&bytes))
    }

    fn image(unpacked: &crate::unpack::Unpacked) -> Vec<u8> {
        unpacked
            .tree
            .get("input.unpacked/0x0-ihex/image.bin")
            .unwrap()
            .data()
            .unwrap()
            .to_vec()
    }

    #[test]
    fn records_are_reassembled_with_gaps_of_0xff() {
        let text = [
            rec(4, 0, &[0x08, 0x00]),
            rec(0, 0x10, b"ab"),
            rec(0, 0x14, b"cd"),
            rec(5, 0, &[0x08, 0, 0, 0x10]),
            rec(1, 0, b""),
        ]
        .concat();
        let mut data = text.clone().into_bytes();
        data.extend_from_slice(b"\x00binary after");
        let unpacked = unpack_one("ihex", &data, &Limits::default()).unwrap();
        assert_eq!(image(&unpacked), b"ab\xff\xffcd");
        let container = &unpacked.report.containers[0];
        assert_eq!(container.size, text.len() as u64);
        assert!(
            container
                .attributes
                .contains(&("base_address".into(), "0x8000010".into()))
        );
        assert!(unpacked.report.problems.is_empty());
    }

    #[test]
    fn a_bad_checksum_names_the_line_and_keeps_the_rest() {
        let mut bad = rec(0, 2, b"zz").into_bytes();
        let n = bad.len();
        bad[n - 2] = if bad[n - 2] == b'0' { b'1' } else { b'0' };
        let data = [
            rec(0, 0, b"ok").into_bytes(),
            bad,
            rec(0, 4, b"go").into_bytes(),
            rec(1, 0, b"").into_bytes(),
        ]
        .concat();
        let unpacked = unpack_one("ihex", &data, &Limits::default()).unwrap();
        assert_eq!(image(&unpacked), b"ok\xff\xffgo");
        let problem = &unpacked.report.problems[0];
        assert!(
            problem.message.starts_with("line 2: checksum"),
            "{problem:?}"
        );
        assert_eq!(problem.offset, rec(0, 0, b"ok").len() as u64);
    }

    #[test]
    fn detect_needs_two_valid_records() {
        assert!(!IntelHex.detect(b":"));
        assert!(!IntelHex.detect(rec(0, 0, b"a").as_bytes()));
        assert!(IntelHex.detect([rec(0, 0, b"a"), rec(1, 0, b"")].concat().as_bytes()));
    }

    #[test]
    fn a_span_beyond_the_budget_is_refused() {
        let data = [
            rec(0, 0, b"a"),
            rec(4, 0, &[0x7f, 0xff]),
            rec(0, 0, b"b"),
            rec(1, 0, b""),
        ]
        .concat();
        let limits = Limits {
            min_budget_bytes: 1 << 20,
            max_expansion_ratio: 0,
            ..Limits::default()
        };
        let unpacked = unpack_one("ihex", data.as_bytes(), &limits).unwrap();
        assert!(unpacked.tree.is_empty());
        assert!(
            unpacked.report.problems[0]
                .message
                .contains("the records span")
        );
    }
}
