//! Motorola S-record files: `S` records with a type digit, a byte count, an address of two
//! (S1), three (S2) or four (S3) bytes, data and a ones'-complement checksum; S0 is a
//! header, S5/S6 a record count, S7–S9 the start address and the end. Own parser.
//!
//! The data is reassembled into one image, `image.bin`. A record whose checksum does not
//! match, or a line with the record mark that does not decode, is reported with its line
//! number and left out; the other records are kept. The format ends at the end record or
//! the first line that is not a record.

use super::hex_image::{Line, Segments, decode_hex, lines};
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// Motorola S-record.
pub struct Srec;

/// A record line is at most 4 + 2 * 255 characters.
const MAX_LINE: usize = 514;
/// Valid records needed at the start before a file is taken for S-records.
const RECORDS_TO_DETECT: usize = 2;
const FIRST: u8 = b'S';

struct Record {
    kind: u8,
    address: u64,
    data: Vec<u8>,
}

enum Bad {
    NotRecord,
    Malformed,
    Checksum { stored: u8, computed: u8 },
}

/// Address bytes for each record type, `None` for the reserved S4.
fn address_len(kind: u8) -> Option<usize> {
    match kind {
        0 | 1 | 5 | 9 => Some(2),
        2 | 6 | 8 => Some(3),
        3 | 7 => Some(4),
        _ => None,
    }
}

fn record(line: &Line<'_>) -> Result<Record, Bad> {
    let [b'S', kind, rest @ ..] = line.text else {
        return Err(Bad::NotRecord);
    };
    let kind = kind.wrapping_sub(b'0');
    let address_len = address_len(kind).ok_or(Bad::NotRecord)?;
    let bytes = decode_hex(rest).ok_or(Bad::Malformed)?;
    if bytes.len() < 2 + address_len || bytes.len() != 1 + usize::from(bytes[0]) {
        return Err(Bad::Malformed);
    }
    let (body, checksum) = bytes.split_at(bytes.len() - 1);
    let computed = !body.iter().fold(0u8, |sum, &b| sum.wrapping_add(b));
    if computed != checksum[0] {
        return Err(Bad::Checksum {
            stored: checksum[0],
            computed,
        });
    }
    let address = body[1..=address_len]
        .iter()
        .fold(0u64, |a, &b| a << 8 | u64::from(b));
    Ok(Record {
        kind,
        address,
        data: body[1 + address_len..].to_vec(),
    })
}

impl Unpacker for Srec {
    fn format(&self) -> &'static str {
        "srec"
    }

    /// Recognised at the start of a file only: `S1` is everywhere.
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
                    0 => {
                        if let Some(text) = super::fields::text(&rec.data) {
                            sink.attribute("header", text);
                        }
                    }
                    1..=3 => segments.add(rec.address, rec.data),
                    7..=9 => {
                        sink.attribute("start_address", format!("{:#x}", rec.address));
                        ended = true;
                    }
                    _ => {}
                },
            }
            consumed = line.end;
            if ended {
                break;
            }
        }
        if !ended {
            sink.problem(consumed as u64, "no termination record (S7, S8 or S9)");
        }
        if segments.is_empty() {
            return Err(UnpackError::format(0, "no data records"));
        }
        segments.place("image.bin", sink)?;
        Ok(Outcome { consumed })
    }
}

#[cfg(test)]
mod tests {
    use crate::limits::Limits;
    use crate::unpack::unpack_one;

    use super::*;

    /// An S-record line of `kind` with an address of the type's width.
    fn rec(kind: u8, address: u64, data: &[u8]) -> String {
        let width = address_len(kind).unwrap();
        let mut bytes = vec![(width + data.len() + 1) as u8];
        bytes.extend_from_slice(&address.to_be_bytes()[8 - width..]);
        bytes.extend_from_slice(data);
        let sum = !bytes.iter().fold(0u8, |s, &b| s.wrapping_add(b));
        bytes.push(sum);
        format!("S{kind}{}\r\n", crate::unpack::hex_image::digits(&bytes))
    }

    fn image(unpacked: &crate::unpack::Unpacked) -> Vec<u8> {
        unpacked
            .tree
            .get("input.unpacked/0x0-srec/image.bin")
            .unwrap()
            .data()
            .unwrap()
            .to_vec()
    }

    #[test]
    fn records_of_every_width_are_reassembled() {
        let text = [
            rec(0, 0, b"hello"),
            rec(3, 0x2000, b"ab"),
            rec(2, 0x1000, b"zz"),
            rec(3, 0x2003, b"c"),
            rec(7, 0x2000, b""),
        ]
        .concat();
        let mut data = text.clone().into_bytes();
        data.extend_from_slice(b"\x00\x01binary");
        let unpacked = unpack_one("srec", &data, &Limits::default()).unwrap();
        let image = image(&unpacked);
        assert_eq!(image.len(), 0x2004 - 0x1000);
        assert_eq!(&image[..2], b"zz");
        assert_eq!(&image[image.len() - 4..], b"ab\xffc");
        let container = &unpacked.report.containers[0];
        assert_eq!(container.size, text.len() as u64);
        assert!(
            container
                .attributes
                .contains(&("header".into(), "hello".into()))
        );
        assert!(
            container
                .attributes
                .contains(&("start_address".into(), "0x2000".into()))
        );
    }

    #[test]
    fn a_bad_checksum_names_the_line_and_keeps_the_rest() {
        let mut bad = rec(1, 2, b"zz").into_bytes();
        let n = bad.len();
        bad[n - 3] = if bad[n - 3] == b'0' { b'1' } else { b'0' };
        let short = rec(1, 6, b"no").replacen("S1", "S1F", 1);
        let data = [
            rec(1, 0, b"ok").into_bytes(),
            bad,
            rec(1, 4, b"go").into_bytes(),
            short.into_bytes(),
            rec(9, 0, b"").into_bytes(),
        ]
        .concat();
        let unpacked = unpack_one("srec", &data, &Limits::default()).unwrap();
        assert_eq!(image(&unpacked), b"ok\xff\xffgo");
        let problems = &unpacked.report.problems;
        assert!(
            problems[0].message.starts_with("line 2: checksum"),
            "{problems:?}"
        );
        assert_eq!(problems[1].message, "line 4: not a valid record; left out");
        assert_eq!(unpacked.report.containers[0].size, data.len() as u64);
    }

    #[test]
    fn detect_needs_two_valid_records() {
        assert!(!Srec.detect(b"S1"));
        assert!(!Srec.detect(rec(1, 0, b"a").as_bytes()));
        assert!(Srec.detect([rec(1, 0, b"a"), rec(9, 0, b"")].concat().as_bytes()));
    }
}
