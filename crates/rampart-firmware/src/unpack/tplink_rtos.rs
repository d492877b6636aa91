//! TP-LINK firmware of VxWorks-based routers (TL-WR702N and kin): a 0x94-byte big-endian
//! header (a container magic `00 14 2f c0`, zero in nested images, an MD5 sum, then `IMG0`,
//! the byte count from `IMG0` to the image's end, the device id and language, and the header
//! length 0x80 from `IMG0`'s end) followed by the payload, which itself may hold a nested
//! image (boot loader first, then the system). Own parser, after FACT's TP-WR702N unpacker
//! and binwalk's `tplink.rs` (MIT); the layout is checked against the public sample
//! `fact_extractor/plugins/unpacking/tpl/test/data/wr.fw`.
//!
//! The payload is placed as `payload` (`payload.lzma` when it starts with an LZMA header);
//! the carver finds the nested image in it by its `IMG0`.

use crate::tree::Meta;

use super::fields::{be_u16, be_u32, le_u32};
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// TP-LINK VxWorks firmware.
pub struct TpLinkRtos;

const CONTAINER_MAGIC: u32 = 0x0014_2fc0;
const IMG0_AT: usize = 20;
const HEADER: usize = 0x94;
const HEADER_LEN_AT: usize = 0x54;

/// The image's end and its device id and language, when the header holds together.
fn header(data: &[u8]) -> Option<(usize, u16, u16)> {
    let magic = be_u32(data, 0)?;
    if data.get(IMG0_AT..IMG0_AT + 4)? != b"IMG0"
        || (magic != CONTAINER_MAGIC && magic != 0)
        || be_u32(data, HEADER_LEN_AT)? != 0x80
    {
        return None;
    }
    let end = IMG0_AT.checked_add(be_u32(data, IMG0_AT + 4)? as usize)?;
    (end > HEADER && end <= data.len())
        .then(|| Some((end, be_u16(data, IMG0_AT + 8)?, be_u16(data, IMG0_AT + 10)?)))
        .flatten()
}

/// Whether `payload` starts like an LZMA-alone stream: a valid properties byte and a
/// dictionary size of a power of two between 4 KiB and 128 MiB.
fn looks_like_lzma(payload: &[u8]) -> bool {
    let dictionary = le_u32(payload, 1).unwrap_or_default();
    payload.first().is_some_and(|&p| p < 225)
        && dictionary.is_power_of_two()
        && (1 << 12..=1 << 27).contains(&dictionary)
}

impl Unpacker for TpLinkRtos {
    fn format(&self) -> &'static str {
        "tplink-rtos"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[Magic {
            bytes: b"IMG0",
            offset: IMG0_AT,
        }];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        header(data).is_some()
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let (end, device, language) = header(data)
            .ok_or_else(|| UnpackError::format(IMG0_AT as u64, "inconsistent IMG0 header"))?;
        sink.attribute("device_id", format!("{device:#06x}"));
        sink.attribute("language", format!("{language:#06x}"));
        let payload = &data[HEADER..end];
        let name: &[u8] = if looks_like_lzma(payload) {
            b"payload.lzma"
        } else {
            b"payload"
        };
        sink.file(name, payload.to_vec(), Meta::default())?;
        Ok(Outcome { consumed: end })
    }
}

#[cfg(test)]
mod tests {
    use crate::limits::Limits;
    use crate::unpack::unpack_one;

    use super::*;

    fn image(magic: u32, payload: &[u8]) -> Vec<u8> {
        let mut out = vec![0u8; HEADER];
        out[..4].copy_from_slice(&magic.to_be_bytes());
        out[IMG0_AT..IMG0_AT + 4].copy_from_slice(b"IMG0");
        let size = (HEADER - IMG0_AT + payload.len()) as u32;
        out[IMG0_AT + 4..IMG0_AT + 8].copy_from_slice(&size.to_be_bytes());
        out[IMG0_AT + 8..IMG0_AT + 12].copy_from_slice(b"\x07\x02\x11\x01");
        out[HEADER_LEN_AT..HEADER_LEN_AT + 4].copy_from_slice(&0x80u32.to_be_bytes());
        out.extend_from_slice(payload);
        out
    }

    #[test]
    fn the_payload_is_placed_and_named_by_its_compression() {
        let lzma = b"\x6e\x00\x00\x80\x00 lzma data";
        let mut data = image(CONTAINER_MAGIC, lzma);
        let size = data.len() as u64;
        data.extend_from_slice(b"tail");
        let unpacked = unpack_one("tplink-rtos", &data, &Limits::default()).unwrap();
        let payload = unpacked
            .tree
            .get("input.unpacked/0x0-tplink-rtos/payload.lzma")
            .unwrap();
        assert_eq!(payload.data().unwrap().as_ref(), lzma);
        let container = &unpacked.report.containers[0];
        assert_eq!(container.size, size);
        assert!(
            container
                .attributes
                .contains(&("device_id".into(), "0x0702".into()))
        );
    }

    #[test]
    fn a_nested_image_has_no_container_magic_and_other_magics_are_refused() {
        assert!(TpLinkRtos.detect(&image(0, b"boot")));
        assert!(!TpLinkRtos.detect(&image(0x1234_5678, b"boot")));
        let mut short = image(0, b"boot");
        short.truncate(short.len() - 1);
        assert!(!TpLinkRtos.detect(&short));
    }
}
