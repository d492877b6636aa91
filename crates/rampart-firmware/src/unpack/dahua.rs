//! Dahua firmware (IP cameras and recorders): a zip archive whose first local header's `PK`
//! is replaced by `DH`. Own parser after binwalk's `dahua_zip.rs` (MIT): the archive runs to
//! its end-of-central-directory record; it is placed as `dahua.zip` with the `PK` restored,
//! for the zip unpacker.

use crate::tree::Meta;

use super::fields::le_u16;
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// Dahua zip.
pub struct DahuaZip;

const MAGIC: &[u8] = b"DH\x03\x04";
const END_OF_DIRECTORY: &[u8] = b"PK\x05\x06";
const END_RECORD: usize = 22;

impl Unpacker for DahuaZip {
    fn format(&self) -> &'static str {
        "dahua-zip"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[Magic::at_start(MAGIC)];
        MAGICS
    }

    /// The local header after the magic: a known version, stored or deflated, a name.
    fn detect(&self, data: &[u8]) -> bool {
        let (Some(version), Some(method), Some(name_len)) =
            (le_u16(data, 4), le_u16(data, 8), le_u16(data, 26))
        else {
            return false;
        };
        // The version's low byte is the zip specification version, the high byte the host.
        data.starts_with(MAGIC) && version & 0xff <= 63 && matches!(method, 0 | 8) && name_len > 0
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let end = data
            .windows(END_OF_DIRECTORY.len())
            .position(|w| w == END_OF_DIRECTORY)
            .and_then(|at| {
                let comment = usize::from(le_u16(data, at + 20)?);
                let end = at + END_RECORD + comment;
                (end <= data.len()).then_some(end)
            })
            .ok_or_else(|| UnpackError::format(0, "no zip end-of-central-directory record"))?;
        let mut zip = data[..end].to_vec();
        zip[..2].copy_from_slice(b"PK");
        sink.file(b"dahua.zip", zip, Meta::default())?;
        Ok(Outcome { consumed: end })
    }
}

#[cfg(test)]
mod tests {
    use crate::limits::Limits;
    use crate::unpack::unpack_one;

    use super::*;

    #[test]
    fn the_zip_magic_is_restored_up_to_the_end_record() {
        let mut local = b"DH\x03\x04\x14\x00\x00\x00\x00\x00".to_vec();
        local.resize(26, 0);
        local.extend_from_slice(&1u16.to_le_bytes());
        local.extend_from_slice(&[0, 0]);
        local.push(b'a');
        let mut end = END_OF_DIRECTORY.to_vec();
        end.resize(END_RECORD, 0);
        let mut data = [local.clone(), end].concat();
        let size = data.len() as u64;
        data.extend_from_slice(b"trailer");
        assert!(DahuaZip.detect(&data));
        let unpacked = unpack_one("dahua-zip", &data, &Limits::default()).unwrap();
        let zip = unpacked
            .tree
            .get("input.unpacked/0x0-dahua-zip/dahua.zip")
            .unwrap();
        assert!(zip.data().unwrap().starts_with(b"PK\x03\x04\x14"));
        assert_eq!(unpacked.report.containers[0].size, size);
    }
}
