//! Broadcom TRX images (`HDR0`), the container of most Broadcom-based routers' firmware: a
//! little-endian header with the image length, a CRC-32 over everything after the CRC field,
//! flags, the version (1: three partition offsets, 2: four) and the partitions (typically
//! loader, kernel, root filesystem) one after the other. Own parser, after OpenWrt's `trx.c`
//! and binwalk's `trx.rs` (MIT).
//!
//! Each partition is placed as `partition1` … `partition4` (numbered as the header's
//! fields), running to the next partition or the image's end.

use crate::tree::Meta;

use super::fields::{le_u16, le_u32};
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// Broadcom TRX.
pub struct Trx;

const MAGIC: &[u8] = b"HDR0";
/// The header size of version 1 (three offsets); version 2 adds a fourth.
const HEADER_V1: usize = 28;
/// Images larger than this are not TRX headers but random bytes.
const MAX_LEN: usize = 1 << 30;

struct Header {
    len: usize,
    crc: u32,
    flags: u16,
    version: u16,
    offsets: Vec<usize>,
}

impl Header {
    fn read(data: &[u8]) -> Option<Header> {
        if !data.starts_with(MAGIC) {
            return None;
        }
        let len = le_u32(data, 4)? as usize;
        let version = le_u16(data, 14)?;
        let count = match version {
            1 => 3,
            2 => 4,
            _ => return None,
        };
        let size = HEADER_V1 + 4 * (count - 3);
        let offsets: Vec<usize> = (0..count)
            .map(|i| le_u32(data, 16 + 4 * i).map(|o| o as usize))
            .collect::<Option<_>>()?;
        let used: Vec<usize> = offsets.iter().copied().filter(|&o| o != 0).collect();
        let ok = (size..=MAX_LEN).contains(&len)
            && !used.is_empty()
            && used.iter().all(|&o| (size..len).contains(&o))
            && used.windows(2).all(|w| w[0] < w[1]);
        ok.then(|| Header {
            len,
            crc: le_u32(data, 8).unwrap_or_default(),
            flags: le_u16(data, 12).unwrap_or_default(),
            version,
            offsets,
        })
    }
}

/// Broadcom's CRC-32: the standard polynomial and initial value without the final inversion.
fn trx_crc(bytes: &[u8]) -> u32 {
    !crc32fast::hash(bytes)
}

impl Unpacker for Trx {
    fn format(&self) -> &'static str {
        "trx"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[Magic::at_start(MAGIC)];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        Header::read(data).is_some()
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let header = Header::read(data)
            .ok_or_else(|| UnpackError::format(0, "TRX header fields are inconsistent"))?;
        sink.attribute("version", header.version.to_string());
        sink.attribute("flags", format!("{:#06x}", header.flags));
        let end = header.len.min(data.len());
        if header.len > data.len() {
            sink.problem(
                4,
                format!(
                    "image of {} bytes truncated to the {} present",
                    header.len,
                    data.len()
                ),
            );
        } else {
            let computed = trx_crc(&data[12..end]);
            if computed != header.crc {
                sink.problem(
                    8,
                    format!(
                        "CRC-32 is {:#010x}, the image sums to {computed:#010x}",
                        header.crc
                    ),
                );
            }
        }
        let used: Vec<(usize, usize)> = header
            .offsets
            .iter()
            .enumerate()
            .filter(|&(_, &o)| o != 0)
            .map(|(i, &o)| (i + 1, o))
            .collect();
        for (k, &(number, start)) in used.iter().enumerate() {
            let stop = used.get(k + 1).map_or(end, |&(_, next)| next).min(end);
            if start >= stop {
                continue;
            }
            sink.file(
                format!("partition{number}").as_bytes(),
                data[start..stop].to_vec(),
                Meta::default(),
            )?;
        }
        Ok(Outcome { consumed: end })
    }
}

/// A TRX image of `version` holding `parts`, each placed four-byte aligned after the header.
#[cfg(test)]
pub(crate) fn build(version: u16, parts: &[&[u8]]) -> Vec<u8> {
    let size = if version == 1 {
        HEADER_V1
    } else {
        HEADER_V1 + 4
    };
    let mut out = vec![0u8; size];
    out[..4].copy_from_slice(MAGIC);
    out[14..16].copy_from_slice(&version.to_le_bytes());
    for (i, part) in parts.iter().enumerate() {
        let at = out.len() as u32;
        out[16 + 4 * i..20 + 4 * i].copy_from_slice(&at.to_le_bytes());
        out.extend_from_slice(part);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    let len = out.len() as u32;
    out[4..8].copy_from_slice(&len.to_le_bytes());
    let crc = trx_crc(&out[12..]);
    out[8..12].copy_from_slice(&crc.to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use crate::limits::Limits;
    use crate::unpack::unpack_one;

    use super::*;

    fn part(unpacked: &crate::unpack::Unpacked, n: u32) -> Vec<u8> {
        unpacked
            .tree
            .get(&format!("input.unpacked/0x0-trx/partition{n}"))
            .unwrap()
            .data()
            .unwrap()
            .to_vec()
    }

    #[test]
    fn version_1_partitions_run_to_the_next_one() {
        let mut data = build(1, &[b"loader", b"kernel!!", b"rootfs"]);
        let len = data.len() as u64;
        data.extend_from_slice(b"not in the image");
        let unpacked = unpack_one("trx", &data, &Limits::default()).unwrap();
        assert_eq!(part(&unpacked, 1), b"loader\0\0");
        assert_eq!(part(&unpacked, 2), b"kernel!!");
        assert_eq!(part(&unpacked, 3), b"rootfs\0\0");
        assert_eq!(unpacked.report.containers[0].size, len);
        assert!(
            unpacked.report.problems.is_empty(),
            "{:?}",
            unpacked.report.problems
        );
    }

    #[test]
    fn version_2_has_a_fourth_partition() {
        let data = build(2, &[b"a", b"b", b"c", b"d"]);
        let unpacked = unpack_one("trx", &data, &Limits::default()).unwrap();
        assert_eq!(part(&unpacked, 4), b"d\0\0\0");
    }

    #[test]
    fn a_crc_mismatch_is_reported_and_the_partitions_kept() {
        let mut data = build(1, &[b"kernel"]);
        let last = data.len() - 1;
        data[last] ^= 0x55;
        let unpacked = unpack_one("trx", &data, &Limits::default()).unwrap();
        assert_eq!(unpacked.report.problems[0].offset, 8);
        assert!(
            unpacked
                .tree
                .get("input.unpacked/0x0-trx/partition1")
                .is_some()
        );
    }

    #[test]
    fn offsets_outside_the_image_are_not_trx() {
        let mut data = build(1, &[b"kernel"]);
        data[16..20].copy_from_slice(&0xffffu32.to_le_bytes());
        assert!(!Trx.detect(&data));
        assert!(!Trx.detect(b"HDR0"));
    }
}
