//! What Intel HEX and Motorola S-record files have in common: text lines of hexadecimal
//! records, each with a checksum, whose data records place bytes at addresses. The records'
//! data is reassembled into one binary image, gaps filled with `0xff` (erased flash), its
//! span capped by the run's budget.

use crate::tree::Meta;

use super::{Sink, UnpackError};

/// One line of a record file, without its line ending.
pub(crate) struct Line<'a> {
    /// 1-based line number.
    pub(crate) number: usize,
    /// Byte offset of the line's start in the file.
    pub(crate) offset: usize,
    /// The line's text, end-of-line characters removed.
    pub(crate) text: &'a [u8],
    /// Byte offset just after the line and its line ending.
    pub(crate) end: usize,
}

/// The lines of `data`, at most `max_len` bytes each (longer is not a record line).
pub(crate) fn lines(data: &[u8], max_len: usize) -> impl Iterator<Item = Line<'_>> {
    let mut offset = 0;
    let mut number = 0;
    std::iter::from_fn(move || {
        if offset >= data.len() {
            return None;
        }
        let rest = &data[offset..];
        let window = &rest[..rest.len().min(max_len + 2)];
        let (text_len, end_len) = match window.iter().position(|&b| b == b'\n') {
            Some(n) => (n, n + 1),
            None if rest.len() <= max_len => (rest.len(), rest.len()),
            None => (window.len(), window.len()),
        };
        let mut text = &rest[..text_len];
        if let [head @ .., b'\r'] = text {
            text = head;
        }
        number += 1;
        let line = Line {
            number,
            offset,
            text,
            end: offset + end_len,
        };
        offset += end_len;
        Some(line)
    })
}

/// Bytes as hexadecimal digits, upper case (`digits(&[0xab]) == "AB"`).
pub(crate) fn digits(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02X}");
        out
    })
}

/// Decodes hexadecimal digit pairs; `None` for an odd length or a non-hex digit.
pub(crate) fn decode_hex(text: &[u8]) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    text.chunks(2)
        .map(|pair| {
            let digit = |b: u8| (b as char).to_digit(16);
            Some((digit(pair[0])? * 16 + digit(pair[1])?) as u8)
        })
        .collect()
}

/// Data records collected by address.
#[derive(Default)]
pub(crate) struct Segments {
    parts: Vec<(u64, Vec<u8>)>,
}

impl Segments {
    /// Adds `bytes` at `address`.
    pub(crate) fn add(&mut self, address: u64, bytes: Vec<u8>) {
        if !bytes.is_empty() {
            self.parts.push((address, bytes));
        }
    }

    /// Whether no data was collected.
    pub(crate) fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Places the reassembled image as `name`, with its base address as an attribute. An
    /// image spanning more than the budget leaves is refused before anything is allocated;
    /// bytes written twice keep the later record's value (as a programmer would).
    pub(crate) fn place(self, name: &str, sink: &mut Sink<'_>) -> Result<(), UnpackError> {
        let Some(base) = self.parts.iter().map(|(a, _)| *a).min() else {
            return Ok(());
        };
        let end = self
            .parts
            .iter()
            .map(|(a, b)| a + b.len() as u64)
            .max()
            .unwrap_or(base);
        let span = end - base;
        if span > sink.file_bytes_left() {
            return Err(UnpackError::format(
                0,
                format!(
                    "the records span {span} bytes from address {base:#x}, more than the {} the budget leaves",
                    sink.file_bytes_left()
                ),
            ));
        }
        let mut image = vec![0xffu8; span as usize];
        for (address, bytes) in &self.parts {
            let at = (address - base) as usize;
            image[at..at + bytes.len()].copy_from_slice(bytes);
        }
        sink.attribute("base_address", format!("{base:#x}"));
        sink.file(name.as_bytes(), image, Meta::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_their_numbers_offsets_and_ends() {
        let lines: Vec<_> = lines(b"ab\r\ncd\nef", 80)
            .map(|l| (l.number, l.offset, l.text.to_vec(), l.end))
            .collect();
        assert_eq!(
            lines,
            vec![
                (1, 0, b"ab".to_vec(), 4),
                (2, 4, b"cd".to_vec(), 7),
                (3, 7, b"ef".to_vec(), 9)
            ]
        );
    }

    #[test]
    fn hex_pairs_decode_and_junk_does_not() {
        assert_eq!(decode_hex(b"00fF").unwrap(), vec![0, 255]);
        assert!(decode_hex(b"0").is_none());
        assert!(decode_hex(b"0g").is_none());
    }
}
