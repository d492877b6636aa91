//! 32-bit ARM Linux kernels (`zImage`): a self-decompressing stub with the magic `0x016f2818`
//! at byte 0x24, in the kernel's byte order, followed by its start and end addresses. Own
//! parser after the kernel's arch/arm/boot/compressed/head.S and binwalk's `linux.rs` (MIT).
//!
//! The stub is recognised and its header recorded (byte order, size), and only the header is
//! taken as the container: the carver then goes on through the same file and finds the
//! compressed kernel after the stub, where the compression unpackers take it.

use super::fields::{be_u32, le_u32};
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// ARM zImage.
pub struct ZImage;

const MAGIC_AT: usize = 0x24;
const MAGIC_LE: &[u8] = b"\x18\x28\x6f\x01";
const MAGIC_BE: &[u8] = b"\x01\x6f\x28\x18";
/// The header: eight words of code, the magic, start and end addresses.
const HEADER: usize = 0x30;
/// A zImage larger than this is not a zImage.
const MAX_SIZE: u32 = 1 << 28;

/// Reads a 32-bit word in one byte order.
type WordReader = fn(&[u8], usize) -> Option<u32>;

/// The byte order and the image size the header declares.
fn header(data: &[u8]) -> Option<(&'static str, u32)> {
    let magic = data.get(MAGIC_AT..MAGIC_AT + 4)?;
    let (order, read): (&str, WordReader) = if magic == MAGIC_LE {
        ("little", le_u32)
    } else if magic == MAGIC_BE {
        ("big", be_u32)
    } else {
        return None;
    };
    let start = read(data, 0x28)?;
    let end = read(data, 0x2c)?;
    let size = end.checked_sub(start)?;
    (u32::try_from(HEADER).is_ok_and(|h| size > h) && size <= MAX_SIZE).then_some((order, size))
}

impl Unpacker for ZImage {
    fn format(&self) -> &'static str {
        "zimage"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[
            Magic {
                bytes: MAGIC_LE,
                offset: MAGIC_AT,
            },
            Magic {
                bytes: MAGIC_BE,
                offset: MAGIC_AT,
            },
        ];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        header(data).is_some()
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let (order, size) = header(data)
            .ok_or_else(|| UnpackError::format(MAGIC_AT as u64, "inconsistent zImage header"))?;
        sink.attribute("byte_order", order);
        sink.attribute("size", size.to_string());
        if size as usize > data.len() {
            sink.problem(
                0x2c,
                format!(
                    "zImage of {size} bytes truncated to the {} present",
                    data.len()
                ),
            );
        }
        Ok(Outcome { consumed: HEADER })
    }
}

#[cfg(test)]
mod tests {
    use crate::limits::Limits;
    use crate::unpack::unpack_one;

    use super::*;

    fn zimage(big: bool, size: u32) -> Vec<u8> {
        let mut data = vec![0u8; 0x200];
        let word = |v: u32| {
            if big {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        };
        data[MAGIC_AT..MAGIC_AT + 4].copy_from_slice(&word(0x016f_2818));
        data[0x2c..0x30].copy_from_slice(&word(size));
        data
    }

    #[test]
    fn both_byte_orders_are_recognised_and_only_the_header_taken() {
        for (big, order) in [(false, "little"), (true, "big")] {
            let unpacked = unpack_one("zimage", &zimage(big, 0x200), &Limits::default()).unwrap();
            let container = &unpacked.report.containers[0];
            assert_eq!(container.size, 0x30);
            assert!(
                container
                    .attributes
                    .contains(&("byte_order".into(), order.into()))
            );
            assert!(unpacked.report.problems.is_empty());
        }
    }

    #[test]
    fn an_empty_or_huge_image_is_not_a_zimage() {
        assert!(!ZImage.detect(&zimage(false, 0)));
        assert!(!ZImage.detect(&zimage(true, u32::MAX)));
    }
}
