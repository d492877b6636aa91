//! TP-LINK firmware headers of Linux-based routers (OpenWrt's tools/firmware-utils
//! `mktplinkfw`): a 512-byte big-endian header, version 1 (vendor `TP-LINK Technologies` and
//! a firmware version) or version 2 (a 48-byte firmware version), with the hardware id and
//! revision and the offsets and lengths of the kernel, the root filesystem and, rarely, a
//! boot loader, all from the header's start. Own parser.
//!
//! The parts are placed as `kernel`, `rootfs` and `bootloader`; vendor, version and hardware
//! fields are kept on the container. The header's MD5 sums are salted with per-model keys
//! and not checked.

use crate::tree::Meta;

use super::fields::{be_u32, text};
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// TP-LINK firmware header.
pub struct TpLink;

const HEADER: usize = 512;
const V1_MAGIC: &[u8] = b"\x00\x00\x00\x01TP-LINK Technologies\x00";

/// The header fields, from either version.
struct Header {
    version: u32,
    vendor: Option<String>,
    firmware: Option<String>,
    hw_id: u32,
    hw_rev: u32,
    length: usize,
    parts: [(&'static str, usize, usize); 3],
}

impl Header {
    fn read(data: &[u8]) -> Option<Header> {
        if data.len() < HEADER {
            return None;
        }
        let version = be_u32(data, 0)?;
        // Where the hardware id sits; the words after it keep their order in both versions.
        let (vendor, firmware, hw) = match version {
            1 => (text(&data[4..28]), text(&data[28..64]), 0x40),
            2 => (None, text(&data[4..52]), 0x34),
            _ => return None,
        };
        let word = |i: usize| be_u32(data, hw + 4 * i).map(|v| v as usize);
        // hw_id, hw_rev, unk, md5 (4 words), unk, md5 (4 words), unk, load, entry, then:
        let length = word(15)?;
        let part = |name, i| Some((name, word(i)?, word(i + 1)?));
        let header = Header {
            version,
            vendor,
            firmware,
            hw_id: u32::try_from(word(0)?).ok()?,
            hw_rev: u32::try_from(word(1)?).ok()?,
            length,
            parts: [
                part("kernel", 16)?,
                part("rootfs", 18)?,
                part("bootloader", 20)?,
            ],
        };
        header.plausible().then_some(header)
    }

    /// A firmware version in text, a length past the header, and parts inside it: version 2
    /// has no magic beyond its version word, so this is what tells it from random bytes.
    fn plausible(&self) -> bool {
        let firmware_ok = self.firmware.as_ref().is_some_and(|f| !f.is_empty());
        let vendor_ok = self.version == 2 || self.vendor.as_deref() == Some("TP-LINK Technologies");
        let (_, kernel_at, kernel_len) = self.parts[0];
        firmware_ok
            && vendor_ok
            && self.length > HEADER
            && self.length <= 1 << 30
            && kernel_len > 0
            && kernel_at >= HEADER
            && self.parts.iter().all(|&(_, at, len)| {
                len == 0 || at.checked_add(len).is_some_and(|end| end <= self.length)
            })
    }
}

impl Unpacker for TpLink {
    fn format(&self) -> &'static str {
        "tplink"
    }

    /// Version 1 by its vendor string; version 2 only at the start of a file.
    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[Magic::at_start(V1_MAGIC)];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        Header::read(data).is_some()
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let header = Header::read(data)
            .ok_or_else(|| UnpackError::format(0, "inconsistent TP-LINK header"))?;
        sink.attribute("version", header.version.to_string());
        if let Some(vendor) = header.vendor {
            sink.attribute("vendor", vendor);
        }
        if let Some(firmware) = header.firmware {
            sink.attribute("firmware_version", firmware);
        }
        sink.attribute("hardware_id", format!("{:#010x}", header.hw_id));
        sink.attribute("hardware_revision", header.hw_rev.to_string());
        let end = header.length.min(data.len());
        if header.length > data.len() {
            sink.problem(
                0,
                format!(
                    "image of {} bytes truncated to the {} present",
                    header.length,
                    data.len()
                ),
            );
        }
        for (name, at, len) in header.parts {
            if len == 0 {
                continue;
            }
            let Some(bytes) = data.get(at..(at + len).min(end)).filter(|b| !b.is_empty()) else {
                continue;
            };
            sink.file(name.as_bytes(), bytes.to_vec(), Meta::default())?;
        }
        Ok(Outcome { consumed: end })
    }
}

/// A TP-LINK image of `version` with a kernel and a root filesystem after the header.
#[cfg(test)]
pub(crate) fn build(version: u32, kernel: &[u8], rootfs: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; HEADER];
    out[..4].copy_from_slice(&version.to_be_bytes());
    let hw = if version == 1 {
        out[4..24].copy_from_slice(b"TP-LINK Technologies");
        out[28..36].copy_from_slice(b"ver. 1.0");
        0x40
    } else {
        out[4..12].copy_from_slice(b"ver. 2.0");
        0x34
    };
    let total = HEADER + kernel.len() + rootfs.len();
    let mut put = |i: usize, v: usize| {
        out[hw + 4 * i..hw + 4 * i + 4].copy_from_slice(&(v as u32).to_be_bytes());
    };
    put(0, 0x0841_0001);
    put(1, 1);
    put(15, total);
    put(16, HEADER);
    put(17, kernel.len());
    put(18, HEADER + kernel.len());
    put(19, rootfs.len());
    out.extend_from_slice(kernel);
    out.extend_from_slice(rootfs);
    out
}

#[cfg(test)]
mod tests {
    use crate::limits::Limits;
    use crate::unpack::unpack_one;

    use super::*;

    #[test]
    fn kernel_and_rootfs_are_placed_for_both_versions() {
        for version in [1, 2] {
            let mut data = build(version, b"KERNEL", b"hsqs rootfs");
            let size = data.len() as u64;
            data.extend_from_slice(b"\xff\xff");
            let unpacked = unpack_one("tplink", &data, &Limits::default()).unwrap();
            let get = |name: &str| {
                unpacked
                    .tree
                    .get(&format!("input.unpacked/0x0-tplink/{name}"))
                    .unwrap()
                    .data()
                    .unwrap()
                    .to_vec()
            };
            assert_eq!(get("kernel"), b"KERNEL");
            assert_eq!(get("rootfs"), b"hsqs rootfs");
            let container = &unpacked.report.containers[0];
            assert_eq!(container.size, size);
            assert!(
                container
                    .attributes
                    .contains(&("hardware_id".into(), "0x08410001".into()))
            );
        }
    }

    #[test]
    fn parts_outside_the_image_are_not_a_header() {
        let mut data = build(1, b"KERNEL", b"rootfs");
        data[0x40 + 4 * 17] = 0x7f;
        assert!(!TpLink.detect(&data));
        let mut data = build(2, b"KERNEL", b"rootfs");
        data[4..12].fill(0);
        assert!(!TpLink.detect(&data));
    }
}
