//! gzip (RFC 1952) streams, with flate2's pure-Rust decoder: one member, its stored file name
//! kept. Concatenated members after the first are found again by the carver.

use flate2::bufread::GzDecoder;

use crate::tree::Meta;

use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// gzip.
pub struct Gzip;

const FEXTRA: u8 = 0x04;
const FNAME: u8 = 0x08;
const FCOMMENT: u8 = 0x10;
const FHCRC: u8 = 0x02;
const RESERVED: u8 = 0xe0;

impl Unpacker for Gzip {
    fn format(&self) -> &'static str {
        "gzip"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[Magic::at_start(b"\x1f\x8b\x08")];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        data.len() >= 18 && data.starts_with(b"\x1f\x8b\x08") && data[3] & RESERVED == 0
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let name = stored_name(data).unwrap_or_else(|| sink.stream_name().as_bytes().to_vec());
        let mut decoder = GzDecoder::new(data);
        sink.file_from_reader(&name, &mut decoder, Meta::default())?;
        let rest = decoder.into_inner();
        Ok(Outcome {
            consumed: data.len() - rest.len(),
        })
    }
}

/// The header's FNAME field, last path component only (a name is a hint, not a path).
fn stored_name(data: &[u8]) -> Option<Vec<u8>> {
    let flags = *data.get(3)?;
    if flags & FNAME == 0 {
        return None;
    }
    let mut at = 10;
    if flags & FEXTRA != 0 {
        let len = u16::from_le_bytes([*data.get(10)?, *data.get(11)?]) as usize;
        at += 2 + len;
    }
    let rest = data.get(at..)?;
    let end = rest.iter().take(1024).position(|&b| b == 0)?;
    let name = &rest[..end];
    let base = name.rsplit(|&b| b == b'/').next().unwrap_or(name);
    let _ = (FCOMMENT, FHCRC);
    (!base.is_empty() && base != b"." && base != b"..").then(|| base.to_vec())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::{Compression, GzBuilder};

    use super::*;

    fn gz(name: Option<&str>, content: &[u8]) -> Vec<u8> {
        let mut builder = GzBuilder::new();
        if let Some(name) = name {
            builder = builder.filename(name);
        }
        let mut encoder = builder.write(Vec::new(), Compression::fast());
        encoder.write_all(content).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn the_stored_name_is_kept_without_its_folders() {
        assert_eq!(
            stored_name(&gz(Some("../etc/x.tar"), b"a")).unwrap(),
            b"x.tar"
        );
        assert_eq!(stored_name(&gz(None, b"a")), None);
    }

    #[test]
    fn detect_needs_the_magic_and_clear_reserved_flags() {
        let mut data = gz(None, b"abc");
        assert!(Gzip.detect(&data));
        data[3] |= 0x80;
        assert!(!Gzip.detect(&data));
        assert!(!Gzip.detect(b"\x1f\x8b\x08"));
    }
}
