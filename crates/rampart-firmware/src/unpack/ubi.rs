//! UBI, the volume layer of raw NAND flash: Rampart's own parser, because no Rust crate
//! reads UBI images.
//!
//! The flash is a run of physical erase blocks (PEBs), each opening with an erase-counter
//! header (`UBI#`) and, when in use, a volume-id header (`UBI!`) saying which logical block
//! (LEB) of which volume it holds, with a sequence number so the newest copy wins. The layout
//! volume holds the volume table (names, sizes, types). Each volume is put back together from
//! its LEBs, headers and static data CRC-checked, and emitted as one file named after the
//! volume; the recursion then unpacks what the volume holds (UBIFS, squashfs, …).

use std::collections::{BTreeMap, HashMap};

use crate::codec::crc;
use crate::tree::Meta;

use super::endian::Endian;
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// UBI.
pub struct Ubi;

const EC_MAGIC: &[u8] = b"UBI#";
const VID_MAGIC: &[u8] = b"UBI!";
const HEADER_LEN: usize = 64;
/// The internal volume that holds the volume table.
const LAYOUT_VOLUME: u32 = 0x7fff_efff;
const VTBL_RECORD_LEN: usize = 172;
const MAX_VOLUMES: usize = 128;
const STATIC: u8 = 2;
/// Erase-block sizes tried, smallest first: every power of two from 512 bytes (simulators
/// and test images) to 2 MiB (large NAND parts).
const PEB_SIZES: std::ops::RangeInclusive<u32> = 9..=21;

const BE: Endian = Endian::Big;

impl Unpacker for Ubi {
    fn format(&self) -> &'static str {
        "ubi"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[Magic::at_start(b"UBI#\x01")];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        EcHeader::read(data, 0).is_some()
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let first = EcHeader::read(data, 0)
            .ok_or_else(|| UnpackError::format(0, "no valid UBI erase-counter header"))?;
        let peb = peb_size(data, &first).ok_or_else(|| {
            UnpackError::format(0, "cannot tell the erase-block size from the headers")
        })?;
        if first.data_offset >= peb || first.vid_offset + HEADER_LEN > peb {
            return Err(UnpackError::format(
                0,
                "header offsets lie outside the erase block",
            ));
        }
        let (blocks, end) = read_blocks(data, peb, &first, sink)?;
        let lebs = newest_lebs(data, &blocks, sink);
        let table = volume_table(data, &lebs, sink);
        let mut volumes: BTreeMap<u32, Vec<&Block>> = BTreeMap::new();
        for block in lebs.values() {
            if block.vol_id < LAYOUT_VOLUME {
                volumes.entry(block.vol_id).or_default().push(block);
            }
        }
        for (vol_id, blocks) in volumes {
            sink.check_time()?;
            let record = table.get(&vol_id);
            let name = record.map_or_else(|| format!("volume_{vol_id}"), |r| r.name.clone());
            let data_pad = record.map_or(blocks[0].data_pad, |r| r.data_pad);
            let leb_size =
                peb - first.data_offset - (data_pad as usize).min(peb - first.data_offset);
            // A LEB number past the volume's reserved size (or, without a table, past the
            // blocks the image has) is corrupt: it would make a volume of mostly nothing.
            let max_lebs = record
                .map_or(0, |r| r.reserved_pebs)
                .max(data.len().div_ceil(peb) as u32);
            let Some(volume) = assemble(data, &blocks, leb_size, max_lebs, sink) else {
                continue;
            };
            sink.file(name.as_bytes(), volume, Meta::default())?;
        }
        if sink.entries() == 0 {
            return Err(UnpackError::format(0, "no volume holds any data"));
        }
        Ok(Outcome { consumed: end })
    }
}

/// An erase-counter header.
struct EcHeader {
    vid_offset: usize,
    data_offset: usize,
    image_seq: u32,
}

impl EcHeader {
    fn read(data: &[u8], at: usize) -> Option<EcHeader> {
        let head = data.get(at..at + HEADER_LEN)?;
        if &head[..4] != EC_MAGIC || head[4] != 1 || crc::ubi(&head[..60]) != BE.u32(head, 60)? {
            return None;
        }
        Some(EcHeader {
            vid_offset: BE.u32(head, 16)? as usize,
            data_offset: BE.u32(head, 20)? as usize,
            image_seq: BE.u32(head, 24)?,
        })
    }
}

/// The PEB size: the smallest standard size at which the next erase-counter header of the
/// same image sits; a single-block image is as long as it is.
fn peb_size(data: &[u8], first: &EcHeader) -> Option<usize> {
    let sizes = || PEB_SIZES.map(|shift| 1usize << shift);
    sizes()
        .filter(|&size| size > first.data_offset)
        .find(|&size| {
            EcHeader::read(data, size).is_some_and(|next| next.image_seq == first.image_seq)
        })
        .or_else(|| sizes().find(|&size| size == data.len()))
}

/// One PEB that holds a LEB.
#[derive(Debug, Clone)]
struct Block {
    vol_id: u32,
    lnum: u32,
    sqnum: u64,
    vol_type: u8,
    copy_flag: bool,
    data_size: usize,
    used_ebs: u32,
    data_pad: u32,
    data_crc: u32,
    /// Offset of the PEB's data area, and the area's length.
    data_at: usize,
    data_len: usize,
    peb_at: usize,
}

/// Every PEB's volume-id header, and where the UBI image ends.
fn read_blocks(
    data: &[u8],
    peb: usize,
    first: &EcHeader,
    sink: &mut Sink<'_>,
) -> Result<(Vec<Block>, usize), UnpackError> {
    let mut blocks = Vec::new();
    let mut end = 0;
    let mut at = 0;
    while at + peb <= data.len() {
        sink.check_time()?;
        match EcHeader::read(data, at) {
            // Another UBI image starts here: the carver finds it on its own.
            Some(ec) if ec.image_seq != first.image_seq => break,
            Some(_) => {}
            // Erased blocks (never written) may sit among used ones; anything else ends UBI.
            None if data[at..at + HEADER_LEN].iter().all(|&b| b == 0xff) => {
                at += peb;
                continue;
            }
            None => break,
        }
        end = at + peb;
        let vid_at = at + first.vid_offset;
        let head = &data[vid_at..vid_at + HEADER_LEN];
        if &head[..4] == VID_MAGIC {
            if Some(crc::ubi(&head[..60])) == BE.u32(head, 60) {
                blocks.push(Block {
                    vol_type: head[5],
                    copy_flag: head[6] != 0,
                    vol_id: BE.u32(head, 8).unwrap_or(0),
                    lnum: BE.u32(head, 12).unwrap_or(0),
                    data_size: BE.u32(head, 20).unwrap_or(0) as usize,
                    used_ebs: BE.u32(head, 24).unwrap_or(0),
                    data_pad: BE.u32(head, 28).unwrap_or(0),
                    data_crc: BE.u32(head, 32).unwrap_or(0),
                    sqnum: BE.u64(head, 40).unwrap_or(0),
                    data_at: at + first.data_offset,
                    data_len: peb - first.data_offset,
                    peb_at: at,
                });
            } else {
                sink.problem(
                    vid_at as u64,
                    "volume-id header with a bad CRC; block skipped",
                );
            }
        }
        at += peb;
    }
    Ok((blocks, end))
}

/// The newest valid copy of each (volume, LEB): highest sequence number whose data CRC, when
/// recorded, holds.
fn newest_lebs<'b>(
    data: &[u8],
    blocks: &'b [Block],
    sink: &mut Sink<'_>,
) -> BTreeMap<(u32, u32), &'b Block> {
    let mut by_leb: HashMap<(u32, u32), Vec<&Block>> = HashMap::new();
    for block in blocks {
        by_leb
            .entry((block.vol_id, block.lnum))
            .or_default()
            .push(block);
    }
    let mut chosen = BTreeMap::new();
    for (key, mut copies) in by_leb {
        copies.sort_by_key(|b| std::cmp::Reverse(b.sqnum));
        let valid = copies.into_iter().find(|b| {
            let checked = b.vol_type == STATIC || b.copy_flag;
            if !checked {
                return true;
            }
            let ok = b.data_size <= b.data_len
                && crc::ubi(&data[b.data_at..b.data_at + b.data_size]) == b.data_crc;
            if !ok {
                sink.problem(
                    b.peb_at as u64,
                    format!(
                        "LEB {} of volume {} fails its data CRC; an older copy is used if any",
                        b.lnum, b.vol_id
                    ),
                );
            }
            ok
        });
        if let Some(block) = valid {
            chosen.insert(key, block);
        }
    }
    chosen
}

/// One volume-table record.
struct VolumeRecord {
    name: String,
    data_pad: u32,
    reserved_pebs: u32,
}

/// The volume table, from the first layout-volume LEB whose records check.
fn volume_table(
    data: &[u8],
    lebs: &BTreeMap<(u32, u32), &Block>,
    sink: &mut Sink<'_>,
) -> HashMap<u32, VolumeRecord> {
    let mut table = HashMap::new();
    for lnum in 0..2 {
        let Some(block) = lebs.get(&(LAYOUT_VOLUME, lnum)) else {
            continue;
        };
        let area = &data[block.data_at..block.data_at + block.data_len];
        let count = (area.len() / VTBL_RECORD_LEN).min(MAX_VOLUMES);
        let mut bad = 0;
        for vol_id in 0..count {
            let record = &area[vol_id * VTBL_RECORD_LEN..(vol_id + 1) * VTBL_RECORD_LEN];
            if Some(crc::ubi(&record[..168])) != BE.u32(record, 168) {
                bad += 1;
                continue;
            }
            if BE.u32(record, 0) == Some(0) {
                continue;
            }
            let name_len = usize::from(BE.u16(record, 14).unwrap_or(0)).min(127);
            let name = String::from_utf8_lossy(&record[16..16 + name_len]).into_owned();
            table.insert(
                vol_id as u32,
                VolumeRecord {
                    name: if name.is_empty() {
                        format!("volume_{vol_id}")
                    } else {
                        name
                    },
                    data_pad: BE.u32(record, 8).unwrap_or(0),
                    reserved_pebs: BE.u32(record, 0).unwrap_or(0),
                },
            );
        }
        if bad == 0 {
            return table;
        }
        sink.problem(
            block.peb_at as u64,
            format!(
                "{bad} volume-table record(s) fail their CRC in LEB {lnum} of the layout volume"
            ),
        );
    }
    table
}

/// A volume's bytes: a static volume is its LEBs' recorded data in order, a dynamic one its
/// LEBs at their logical places (unmapped LEBs read as erased flash, as UBI reads them).
fn assemble(
    data: &[u8],
    blocks: &[&Block],
    leb_size: usize,
    max_lebs: u32,
    sink: &mut Sink<'_>,
) -> Option<Vec<u8>> {
    let (blocks, beyond): (Vec<&Block>, Vec<&Block>) =
        blocks.iter().partition(|b| b.lnum < max_lebs);
    if let Some(b) = beyond.first() {
        sink.problem(
            b.peb_at as u64,
            format!(
                "{} block(s) of volume {} claim LEB numbers past its {max_lebs} blocks; ignored",
                beyond.len(),
                b.vol_id
            ),
        );
    }
    let first = *blocks.first()?;
    let cap = sink.file_bytes_left();
    if first.vol_type == STATIC {
        let mut volume = Vec::new();
        for lnum in 0..first.used_ebs {
            // Sorted by LEB number (they come from a map keyed by volume and LEB).
            let Ok(found) = blocks.binary_search_by_key(&lnum, |b| b.lnum) else {
                sink.problem(
                    first.peb_at as u64,
                    format!("static volume {} lacks LEB {lnum}; cut there", first.vol_id),
                );
                break;
            };
            let block = blocks[found];
            let len = block.data_size.min(block.data_len);
            if (volume.len() + len) as u64 > cap {
                sink.problem(
                    block.peb_at as u64,
                    "volume larger than the limits allow; cut",
                );
                break;
            }
            volume.extend_from_slice(&data[block.data_at..block.data_at + len]);
        }
        return Some(volume);
    }
    let last = blocks.iter().map(|b| b.lnum).max()? as usize;
    let size = (last + 1).checked_mul(leb_size)?;
    if size as u64 > cap {
        sink.problem(
            first.peb_at as u64,
            format!(
                "volume {} spans {size} bytes, more than the {cap} the limits allow; not placed",
                first.vol_id
            ),
        );
        return None;
    }
    let mut volume = vec![0xff; size];
    for block in &blocks {
        let at = block.lnum as usize * leb_size;
        let len = leb_size.min(block.data_len);
        volume[at..at + len].copy_from_slice(&data[block.data_at..block.data_at + len]);
    }
    Some(volume)
}
