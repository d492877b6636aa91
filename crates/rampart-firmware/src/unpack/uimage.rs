//! U-Boot legacy images (`mkimage -A … -T …`): a 64-byte big-endian header with a CRC-32 of
//! itself and of the payload, then the payload. Own parser: the header is fixed and tiny.
//!
//! The payload is placed as one file named from the header's image name (or its type), with
//! the compression's usual suffix; it is not decompressed here, the recursion does that. A
//! multi-file image (type 4) is split into its parts. A CRC that does not match is reported
//! as a problem and the payload still placed: a patched image is exactly what an analyst
//! wants to look at.

use crate::tree::Meta;

use super::fields::{be_u32, compression_suffix, file_name, text};
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// U-Boot legacy uImage.
pub struct UImage;

const MAGIC: &[u8] = b"\x27\x05\x19\x56";
const HEADER: usize = 64;
/// Parts of a multi-file image read at most.
const MAX_PARTS: usize = 256;

const OS: &[&str] = &[
    "invalid",
    "openbsd",
    "netbsd",
    "freebsd",
    "4.4bsd",
    "linux",
    "svr4",
    "esix",
    "solaris",
    "irix",
    "sco",
    "dell",
    "ncr",
    "lynxos",
    "vxworks",
    "psos",
    "qnx",
    "u-boot",
    "rtems",
    "artos",
    "unity",
    "integrity",
    "ose",
    "plan9",
    "openrtos",
    "arm-trusted-firmware",
    "tee",
    "opensbi",
    "efi",
    "elf",
];
const ARCH: &[&str] = &[
    "invalid",
    "alpha",
    "arm",
    "x86",
    "ia64",
    "mips",
    "mips64",
    "ppc",
    "s390",
    "sh",
    "sparc",
    "sparc64",
    "m68k",
    "nios",
    "microblaze",
    "nios2",
    "blackfin",
    "avr32",
    "st200",
    "sandbox",
    "nds32",
    "openrisc",
    "arm64",
    "arc",
    "x86_64",
    "xtensa",
    "riscv",
];
const TYPE: &[&str] = &[
    "invalid",
    "standalone",
    "kernel",
    "ramdisk",
    "multi",
    "firmware",
    "script",
    "filesystem",
    "flat_dt",
    "kwbimage",
    "imximage",
    "ubl",
    "omap",
    "aisimage",
    "kernel_noload",
    "pblimage",
    "mxsimage",
    "gpimage",
    "atmelimage",
    "socfpgaimage",
    "x86_setup",
    "lpc32xximage",
    "loadable",
    "rkimage",
    "rksd",
    "rkspi",
    "zynqimage",
    "zynqmpimage",
    "zynqmpbif",
    "fpga",
    "vybridimage",
    "tee",
    "firmware_ivt",
    "pmmc",
    "stm32image",
    "socfpgaimage_v1",
    "mtk_image",
    "copro",
    "sunxi_egon",
    "sunxi_toc0",
    "fdt_legacy",
];
const COMPRESSION: &[&str] = &["none", "gzip", "bzip2", "lzma", "lzo", "lz4", "zstd"];
const MULTI: u8 = 4;

/// The header fields Rampart reads.
struct Header {
    stored_crc: u32,
    size: u32,
    data_crc: u32,
    os: u8,
    arch: u8,
    kind: u8,
    compression: u8,
    name: [u8; 32],
}

impl Header {
    fn read(data: &[u8]) -> Option<Header> {
        if !data.starts_with(MAGIC) || data.len() < HEADER {
            return None;
        }
        Some(Header {
            stored_crc: be_u32(data, 4)?,
            size: be_u32(data, 12)?,
            data_crc: be_u32(data, 24)?,
            os: data[28],
            arch: data[29],
            kind: data[30],
            compression: data[31],
            name: data[32..64].try_into().ok()?,
        })
    }

    /// Whether every enumerated field names a value U-Boot knows.
    fn fields_known(&self) -> bool {
        usize::from(self.os) < OS.len()
            && usize::from(self.arch) < ARCH.len()
            && (1..TYPE.len()).contains(&usize::from(self.kind))
            && usize::from(self.compression) < COMPRESSION.len()
    }
}

/// The header's CRC-32, computed with its own field read as zero.
fn header_crc(data: &[u8]) -> u32 {
    let mut header = [0u8; HEADER];
    header.copy_from_slice(&data[..HEADER]);
    header[4..8].fill(0);
    crc32fast::hash(&header)
}

fn name(table: &[&'static str], value: u8) -> String {
    table
        .get(usize::from(value))
        .map_or_else(|| format!("unknown ({value})"), |&s| s.to_owned())
}

impl Unpacker for UImage {
    fn format(&self) -> &'static str {
        "uimage"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[Magic::at_start(MAGIC)];
        MAGICS
    }

    /// The header CRC matches, or (for a patched or damaged header) every field is a known,
    /// non-zero value and the name field is text: the four magic bytes alone occur in random
    /// data, those 36 bytes together do not.
    fn detect(&self, data: &[u8]) -> bool {
        let Some(header) = Header::read(data) else {
            return false;
        };
        if header.stored_crc == header_crc(data) {
            return true;
        }
        header.fields_known() && header.os != 0 && header.arch != 0 && text(&header.name).is_some()
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let header = Header::read(data)
            .ok_or_else(|| UnpackError::format(0, "uImage header shorter than 64 bytes"))?;
        let computed = header_crc(data);
        if computed != header.stored_crc {
            sink.problem(
                4,
                format!(
                    "header CRC-32 is {:#010x}, the header sums to {computed:#010x}",
                    header.stored_crc
                ),
            );
        }
        let kind = name(TYPE, header.kind);
        let compression = name(COMPRESSION, header.compression);
        if let Some(image_name) = text(&header.name) {
            sink.attribute("name", image_name);
        }
        sink.attribute("os", name(OS, header.os));
        sink.attribute("arch", name(ARCH, header.arch));
        sink.attribute("type", kind.clone());
        sink.attribute("compression", compression.clone());
        let declared = header.size as usize;
        let available = data.len() - HEADER;
        let payload = &data[HEADER..HEADER + declared.min(available)];
        if declared > available {
            sink.problem(
                12,
                format!("payload of {declared} bytes truncated to the {available} present"),
            );
        } else {
            let computed = crc32fast::hash(payload);
            if computed != header.data_crc {
                sink.problem(
                    24,
                    format!(
                        "data CRC-32 is {:#010x}, the payload sums to {computed:#010x}",
                        header.data_crc
                    ),
                );
            }
        }
        let base = file_name(&header.name).unwrap_or_else(|| kind.clone());
        if header.kind == MULTI {
            multi_parts(payload, &base, sink)?;
        } else {
            let file = format!("{base}{}", compression_suffix(&compression));
            sink.file(file.as_bytes(), payload.to_vec(), Meta::default())?;
        }
        Ok(Outcome {
            consumed: HEADER + payload.len(),
        })
    }
}

/// A multi-file image's payload: big-endian part sizes ended by a zero, then the parts, each
/// padded to four bytes.
fn multi_parts(payload: &[u8], base: &str, sink: &mut Sink<'_>) -> Result<(), UnpackError> {
    let mut sizes = Vec::new();
    let mut at = 0;
    loop {
        let Some(size) = be_u32(payload, at) else {
            return Err(UnpackError::format(
                (HEADER + at) as u64,
                "multi-file image: the size table runs past the payload",
            ));
        };
        at += 4;
        if size == 0 {
            break;
        }
        if sizes.len() == MAX_PARTS {
            return Err(UnpackError::format(
                (HEADER + at) as u64,
                format!("multi-file image with more than {MAX_PARTS} parts"),
            ));
        }
        sizes.push(size as usize);
    }
    for (index, size) in sizes.into_iter().enumerate() {
        let Some(part) = payload.get(at..at.saturating_add(size)) else {
            return Err(UnpackError::format(
                (HEADER + at) as u64,
                format!("multi-file image: part {index} of {size} bytes runs past the payload"),
            ));
        };
        sink.file(
            format!("{base}-part{index}").as_bytes(),
            part.to_vec(),
            Meta::default(),
        )?;
        at += size.next_multiple_of(4);
    }
    Ok(())
}

/// A uImage built the way `mkimage` builds it, for tests here and in other unpackers.
#[cfg(test)]
pub(crate) fn build(kind: u8, compression: u8, name: &[u8], payload: &[u8]) -> Vec<u8> {
    let mut header = vec![0u8; HEADER];
    header[..4].copy_from_slice(MAGIC);
    header[12..16].copy_from_slice(&(payload.len() as u32).to_be_bytes());
    header[24..28].copy_from_slice(&crc32fast::hash(payload).to_be_bytes());
    header[28] = 5;
    header[29] = 2;
    header[30] = kind;
    header[31] = compression;
    header[32..32 + name.len()].copy_from_slice(name);
    let crc = crc32fast::hash(&header);
    header[4..8].copy_from_slice(&crc.to_be_bytes());
    header.extend_from_slice(payload);
    header
}

#[cfg(test)]
mod tests {
    use crate::limits::Limits;
    use crate::unpack::unpack_one;

    use super::*;

    #[test]
    fn the_payload_is_named_from_the_image_name_and_compression() {
        let image = build(2, 1, b"Linux 5.10 kernel", b"\x1f\x8b\x08 not really");
        let mut data = image.clone();
        data.extend_from_slice(b"trailing flash");
        let unpacked = unpack_one("uimage", &data, &Limits::default()).unwrap();
        let file = unpacked
            .tree
            .get("input.unpacked/0x0-uimage/Linux_5.10_kernel.gz")
            .unwrap();
        assert_eq!(file.data().unwrap().as_ref(), b"\x1f\x8b\x08 not really");
        let container = &unpacked.report.containers[0];
        assert_eq!(container.size, image.len() as u64);
        assert!(
            container
                .attributes
                .contains(&("arch".to_owned(), "arm".to_owned()))
        );
        assert!(unpacked.report.problems.is_empty());
    }

    #[test]
    fn an_unnamed_image_is_named_by_its_type() {
        let data = build(3, 0, b"", b"ramdisk bytes");
        let unpacked = unpack_one("uimage", &data, &Limits::default()).unwrap();
        assert!(
            unpacked
                .tree
                .get("input.unpacked/0x0-uimage/ramdisk")
                .is_some()
        );
    }

    #[test]
    fn a_bad_data_crc_is_a_problem_but_the_payload_is_kept() {
        let mut data = build(2, 0, b"k", b"payload");
        let last = data.len() - 1;
        data[last] ^= 1;
        let unpacked = unpack_one("uimage", &data, &Limits::default()).unwrap();
        assert!(unpacked.tree.get("input.unpacked/0x0-uimage/k").is_some());
        let problem = &unpacked.report.problems[0];
        assert_eq!(problem.offset, 24);
        assert!(problem.message.contains("data CRC-32"), "{problem:?}");
    }

    #[test]
    fn a_bad_header_crc_is_a_problem_and_detect_still_needs_known_fields() {
        let mut data = build(2, 0, b"k", b"payload");
        data[4] ^= 0xff;
        assert!(UImage.detect(&data));
        let unpacked = unpack_one("uimage", &data, &Limits::default()).unwrap();
        assert_eq!(unpacked.report.problems[0].offset, 4);
        data[30] = 200;
        assert!(!UImage.detect(&data));
    }

    #[test]
    fn a_multi_file_image_is_split_into_its_parts() {
        let mut payload = Vec::new();
        payload.extend_from_slice(&5u32.to_be_bytes());
        payload.extend_from_slice(&3u32.to_be_bytes());
        payload.extend_from_slice(&0u32.to_be_bytes());
        payload.extend_from_slice(b"kern\0\0\0\0rfs");
        let data = build(MULTI, 0, b"multi", &payload);
        let unpacked = unpack_one("uimage", &data, &Limits::default()).unwrap();
        let part = |i| {
            unpacked
                .tree
                .get(&format!("input.unpacked/0x0-uimage/multi-part{i}"))
                .unwrap()
                .data()
                .unwrap()
                .to_vec()
        };
        assert_eq!(part(0), b"kern\0");
        assert_eq!(part(1), b"rfs");
    }

    #[test]
    fn a_truncated_payload_is_kept_and_reported() {
        let mut data = build(2, 0, b"k", b"0123456789");
        data.truncate(data.len() - 4);
        let unpacked = unpack_one("uimage", &data, &Limits::default()).unwrap();
        assert_eq!(
            unpacked
                .tree
                .get("input.unpacked/0x0-uimage/k")
                .unwrap()
                .data()
                .unwrap()
                .as_ref(),
            b"012345"
        );
        assert!(unpacked.report.problems[0].message.contains("truncated"));
    }
}
