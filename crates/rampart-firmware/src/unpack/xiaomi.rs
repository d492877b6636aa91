//! Xiaomi router firmware (`HDR1`, Chinese and older images; `HDR2`, international): a
//! little-endian header with the signature's offset, a CRC-32, the device, and up to eight
//! blob offsets; each blob (`be ba 00 00`) has a flash address, a length, a type (U-Boot,
//! firmware uImage, …) and a 32-byte name, then its data. Own parser after OpenWrt's
//! firmware-utils `xiaomifw.c` layout as described by unblob and a Kaitai description (GPL
//! sources read, not copied).
//!
//! Each blob is placed as a file named from its stored name; the blob types and the device
//! are kept as attributes. The header CRC-32 is not checked: the public sample's value matches
//! none of the documented ranges.

use crate::tree::Meta;

use super::fields::{file_name, le_u16, le_u32};
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// Xiaomi HDR1/HDR2.
pub struct Xiaomi;

const BLOB_MAGIC: &[u8] = b"\xbe\xba\x00\x00";
const BLOB_HEADER: usize = 48;
const BLOBS: usize = 8;
/// The signature's own header: its length and 12 bytes of padding.
const SIGNATURE_HEADER: usize = 16;

/// Where the blob offsets start, by header version.
fn blob_table(data: &[u8]) -> Option<usize> {
    match data.get(..4)? {
        b"HDR1" => Some(0x10),
        b"HDR2" => Some(0x30),
        _ => None,
    }
}

/// The non-zero blob offsets, when each points at a blob header and all lie before the
/// signature.
fn blobs(data: &[u8]) -> Option<(Vec<usize>, usize)> {
    let table = blob_table(data)?;
    let signature = le_u32(data, 4)? as usize;
    let offsets: Vec<usize> = (0..BLOBS)
        .map(|i| le_u32(data, table + 4 * i).map(|o| o as usize))
        .collect::<Option<Vec<_>>>()?
        .into_iter()
        .filter(|&o| o != 0)
        .collect();
    let ok = !offsets.is_empty()
        && signature <= data.len()
        && offsets.iter().all(|&o| {
            o >= table + 4 * BLOBS && o < signature && data.get(o..o + 4) == Some(BLOB_MAGIC)
        });
    ok.then_some((offsets, signature))
}

fn blob_type(kind: u16) -> String {
    match kind {
        1 => "uboot".to_owned(),
        4 => "firmware_uimage".to_owned(),
        6 => "firmware_os2".to_owned(),
        7 => "firmware_uimage2".to_owned(),
        other => format!("{other:#06x}"),
    }
}

impl Unpacker for Xiaomi {
    fn format(&self) -> &'static str {
        "xiaomi"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[Magic::at_start(b"HDR1"), Magic::at_start(b"HDR2")];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        blobs(data).is_some()
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let (offsets, signature) =
            blobs(data).ok_or_else(|| UnpackError::format(0, "inconsistent Xiaomi header"))?;
        if &data[..4] == b"HDR1" {
            sink.attribute(
                "device_id",
                format!("{:#06x}", le_u16(data, 14).unwrap_or_default()),
            );
        }
        for at in offsets {
            let (Some(len), Some(kind)) = (le_u32(data, at + 8), le_u16(data, at + 12)) else {
                sink.problem(at as u64, "blob header runs past the signature");
                continue;
            };
            let start = at + BLOB_HEADER;
            let Some(bytes) = data
                .get(start..start.saturating_add(len as usize))
                .filter(|_| start + len as usize <= signature)
            else {
                sink.problem(
                    at as u64,
                    format!("blob of {len} bytes runs past the signature"),
                );
                continue;
            };
            let name = data
                .get(at + 16..at + BLOB_HEADER)
                .and_then(file_name)
                .unwrap_or_else(|| format!("blob@{at:#x}"));
            sink.attribute(format!("{name}.type"), blob_type(kind));
            sink.file(name.as_bytes(), bytes.to_vec(), Meta::default())?;
        }
        let signature_len = le_u32(data, signature).map_or(0, |l| l as usize);
        let end = signature
            .saturating_add(SIGNATURE_HEADER)
            .saturating_add(signature_len);
        let consumed = if end <= data.len() {
            end
        } else {
            sink.problem(
                signature as u64,
                format!("signature of {signature_len} bytes runs past the end"),
            );
            data.len()
        };
        Ok(Outcome { consumed })
    }
}

#[cfg(test)]
mod tests {
    use crate::limits::Limits;
    use crate::unpack::unpack_one;

    use super::*;

    fn blob(name: &str, kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = BLOB_MAGIC.to_vec();
        out.extend_from_slice(&u32::MAX.to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        let mut field = name.as_bytes().to_vec();
        field.resize(32, 0);
        out.extend_from_slice(&field);
        out.extend_from_slice(data);
        out
    }

    fn image(magic: &[u8], blobs: &[Vec<u8>]) -> Vec<u8> {
        let table = if magic == b"HDR1" { 0x10 } else { 0x30 };
        let mut out = vec![0u8; table + 4 * BLOBS];
        out[..4].copy_from_slice(magic);
        for (i, blob) in blobs.iter().enumerate() {
            let at = out.len() as u32;
            out[table + 4 * i..table + 4 * i + 4].copy_from_slice(&at.to_le_bytes());
            out.extend_from_slice(blob);
        }
        let signature = out.len() as u32;
        out[4..8].copy_from_slice(&signature.to_le_bytes());
        out.extend_from_slice(&4u32.to_le_bytes());
        out.extend_from_slice(&[0; 12]);
        out.extend_from_slice(b"SIGN");
        out
    }

    #[test]
    fn blobs_are_placed_by_name_for_both_versions() {
        for magic in [b"HDR1", b"HDR2"] {
            let mut data = image(
                magic,
                &[
                    blob("uboot", 1, b"bootloader"),
                    blob("firmware.bin", 4, b"uimage"),
                ],
            );
            let size = data.len() as u64;
            data.extend_from_slice(b"\xff\xff");
            let unpacked = unpack_one("xiaomi", &data, &Limits::default()).unwrap();
            let get = |name: &str| {
                unpacked
                    .tree
                    .get(&format!("input.unpacked/0x0-xiaomi/{name}"))
                    .unwrap()
                    .data()
                    .unwrap()
                    .to_vec()
            };
            assert_eq!(get("uboot"), b"bootloader");
            assert_eq!(get("firmware.bin"), b"uimage");
            let container = &unpacked.report.containers[0];
            assert_eq!(container.size, size);
            assert!(
                container
                    .attributes
                    .contains(&("firmware.bin.type".into(), "firmware_uimage".into()))
            );
            assert!(unpacked.report.problems.is_empty());
        }
    }

    #[test]
    fn a_blob_offset_without_a_blob_is_not_xiaomi() {
        let mut data = image(b"HDR1", &[blob("a", 1, b"x")]);
        assert!(Xiaomi.detect(&data));
        data[0x30] = 0;
        assert!(!Xiaomi.detect(&data));
    }
}
