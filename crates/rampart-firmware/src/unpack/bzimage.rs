//! x86 Linux kernels (`bzImage`): a boot sector and real-mode setup, whose `HdrS` setup header
//! (the kernel's Documentation/arch/x86/boot.rst, protocol 2.08 and later) gives the
//! compressed kernel's place in the protected-mode part: `payload_offset` and
//! `payload_length`. Own parser: a handful of fixed fields.
//!
//! The compressed payload is placed as `vmlinux.<codec>` (the codec read from its magic), so
//! the compression unpackers turn it into the `vmlinux` ELF.

use crate::tree::Meta;

use super::fields::{le_u16, le_u32};
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// x86 bzImage.
pub struct BzImage;

const SETUP_SECTS: usize = 0x1f1;
const SYSSIZE: usize = 0x1f4;
const BOOT_FLAG: usize = 0x1fe;
const HDRS: usize = 0x202;
const VERSION: usize = 0x206;
const PAYLOAD_OFFSET: usize = 0x248;
const PAYLOAD_LENGTH: usize = 0x24c;
/// `payload_offset` and `payload_length` exist from boot protocol 2.08.
const PAYLOAD_FIELDS_SINCE: u16 = 0x0208;

/// The codecs a kernel payload may use, by magic, and the file suffix each gets.
const CODECS: &[(&[u8], &str, &str)] = &[
    (b"\x1f\x8b", "gzip", "gz"),
    (b"BZh", "bzip2", "bz2"),
    (b"\x5d\x00\x00", "lzma", "lzma"),
    (b"\xfd7zXZ\x00", "xz", "xz"),
    (b"\x89LZO", "lzo", "lzo"),
    (b"\x02\x21\x4c\x18", "lz4", "lz4"),
    (b"\x28\xb5\x2f\xfd", "zstd", "zst"),
];

/// Where the setup header puts things.
struct Layout {
    version: u16,
    payload: (usize, usize),
    end: usize,
}

fn layout(data: &[u8]) -> Option<Layout> {
    if data.get(HDRS..HDRS + 4)? != b"HdrS" || data.get(BOOT_FLAG..BOOT_FLAG + 2)? != b"\x55\xaa" {
        return None;
    }
    let version = le_u16(data, VERSION)?;
    if version < PAYLOAD_FIELDS_SINCE {
        return None;
    }
    let setup_sects = match data[SETUP_SECTS] {
        0 => 4,
        n => usize::from(n),
    };
    let protected = (setup_sects + 1) * 512;
    let end = protected.checked_add(le_u32(data, SYSSIZE)? as usize * 16)?;
    let start = protected.checked_add(le_u32(data, PAYLOAD_OFFSET)? as usize)?;
    let len = le_u32(data, PAYLOAD_LENGTH)? as usize;
    (len > 0 && start.checked_add(len)? <= end).then_some(Layout {
        version,
        payload: (start, len),
        end,
    })
}

impl Unpacker for BzImage {
    fn format(&self) -> &'static str {
        "bzimage"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[Magic {
            bytes: b"HdrS",
            offset: HDRS,
        }];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        layout(data).is_some()
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let layout = layout(data)
            .ok_or_else(|| UnpackError::format(HDRS as u64, "inconsistent bzImage setup header"))?;
        sink.attribute(
            "boot_protocol",
            format!("{}.{:02}", layout.version >> 8, layout.version & 0xff),
        );
        let (start, len) = layout.payload;
        let Some(payload) = data.get(start..start + len) else {
            return Err(UnpackError::format(
                PAYLOAD_LENGTH as u64,
                format!(
                    "payload of {len} bytes at {start:#x} runs past the {} bytes present",
                    data.len()
                ),
            ));
        };
        let (codec, suffix) = CODECS
            .iter()
            .find(|(magic, ..)| payload.starts_with(magic))
            .map_or(("unknown", "bin"), |&(_, codec, suffix)| (codec, suffix));
        sink.attribute("compression", codec);
        sink.file(
            format!("vmlinux.{suffix}").as_bytes(),
            payload.to_vec(),
            Meta::default(),
        )?;
        Ok(Outcome {
            consumed: layout.end.min(data.len()),
        })
    }
}

/// A minimal bzImage around `payload`: two setup sectors, protocol 2.15.
#[cfg(test)]
pub(crate) fn build(payload: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; 3 * 512];
    out[SETUP_SECTS] = 2;
    out[BOOT_FLAG..BOOT_FLAG + 2].copy_from_slice(b"\x55\xaa");
    out[HDRS..HDRS + 4].copy_from_slice(b"HdrS");
    out[VERSION..VERSION + 2].copy_from_slice(&0x020fu16.to_le_bytes());
    let body_len = (0x40 + payload.len() + 8).next_multiple_of(16);
    out[SYSSIZE..SYSSIZE + 4].copy_from_slice(&((body_len / 16) as u32).to_le_bytes());
    out[PAYLOAD_OFFSET..PAYLOAD_OFFSET + 4].copy_from_slice(&0x40u32.to_le_bytes());
    out[PAYLOAD_LENGTH..PAYLOAD_LENGTH + 4].copy_from_slice(&(payload.len() as u32).to_le_bytes());
    let mut body = vec![0x90u8; body_len];
    body[0x40..0x40 + payload.len()].copy_from_slice(payload);
    out.extend_from_slice(&body);
    out
}

#[cfg(test)]
mod tests {
    use crate::limits::Limits;
    use crate::unpack::unpack_one;

    use super::*;

    #[test]
    fn the_compressed_payload_is_placed_by_its_codec() {
        let mut data = build(b"\xfd7zXZ\x00 compressed kernel");
        let size = data.len() as u64;
        data.extend_from_slice(b"appended initramfs");
        let unpacked = unpack_one("bzimage", &data, &Limits::default()).unwrap();
        let file = unpacked
            .tree
            .get("input.unpacked/0x0-bzimage/vmlinux.xz")
            .unwrap();
        assert_eq!(
            file.data().unwrap().as_ref(),
            b"\xfd7zXZ\x00 compressed kernel"
        );
        let container = &unpacked.report.containers[0];
        assert_eq!(container.size, size);
        assert!(
            container
                .attributes
                .contains(&("boot_protocol".into(), "2.15".into()))
        );
    }

    #[test]
    fn a_payload_outside_the_kernel_is_refused() {
        let mut data = build(b"\x1f\x8b payload");
        data[PAYLOAD_LENGTH..PAYLOAD_LENGTH + 4].copy_from_slice(&0xffffu32.to_le_bytes());
        assert!(!BzImage.detect(&data));
        data[PAYLOAD_LENGTH..PAYLOAD_LENGTH + 4].copy_from_slice(&8u32.to_le_bytes());
        data[VERSION] = 0x07;
        assert!(!BzImage.detect(&data));
    }
}
