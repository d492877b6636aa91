//! Android sparse images (`img2simg`, AOSP's libsparse `sparse_format.h`): a 28-byte
//! little-endian header (block size, output blocks, chunk count), then chunks that copy raw
//! blocks, fill blocks with a 4-byte pattern, skip blocks (zeros) or carry a CRC. Own parser
//! after binwalk's `androidsparse.rs` (MIT).
//!
//! The expanded image is placed as `unsparsed.img`, refused before allocation when it would
//! not fit the budget.

use crate::tree::Meta;

use super::fields::{le_u16, le_u32};
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// Android sparse image.
pub struct AndroidSparse;

const MAGIC: &[u8] = b"\x3a\xff\x26\xed";
const HEADER: usize = 28;
const CHUNK_HEADER: usize = 12;
const RAW: u16 = 0xcac1;
const FILL: u16 = 0xcac2;
const DONT_CARE: u16 = 0xcac3;
const CRC32: u16 = 0xcac4;

struct Header {
    block_size: usize,
    blocks: usize,
    chunks: usize,
}

fn header(data: &[u8]) -> Option<Header> {
    if !data.starts_with(MAGIC) || data.len() < HEADER {
        return None;
    }
    let ok = le_u16(data, 4)? == 1
        && le_u16(data, 8)? == HEADER as u16
        && le_u16(data, 10)? == CHUNK_HEADER as u16;
    let block_size = le_u32(data, 12)? as usize;
    (ok && block_size > 0 && block_size.is_multiple_of(4) && block_size <= 1 << 20).then_some(
        Header {
            block_size,
            blocks: le_u32(data, 16)? as usize,
            chunks: le_u32(data, 20)? as usize,
        },
    )
}

impl Unpacker for AndroidSparse {
    fn format(&self) -> &'static str {
        "android-sparse"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[Magic::at_start(MAGIC)];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        header(data).is_some()
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let header =
            header(data).ok_or_else(|| UnpackError::format(0, "inconsistent sparse header"))?;
        let size = header.blocks as u64 * header.block_size as u64;
        if size > sink.file_bytes_left() {
            return Err(UnpackError::format(
                16,
                format!(
                    "the image expands to {size} bytes, more than the {} the budget leaves",
                    sink.file_bytes_left()
                ),
            ));
        }
        let mut image = vec![0u8; size as usize];
        let mut at = HEADER;
        let mut block = 0usize;
        let mut problem = None;
        for index in 0..header.chunks {
            let (Some(kind), Some(count), Some(total)) =
                (le_u16(data, at), le_u32(data, at + 4), le_u32(data, at + 8))
            else {
                problem = Some((at, format!("chunk {index} runs past the end")));
                break;
            };
            let (count, total) = (count as usize, total as usize);
            let body = data.get(at + CHUNK_HEADER..at.saturating_add(total));
            let span = count.checked_mul(header.block_size);
            let target = span.and_then(|s| {
                let start = block.checked_mul(header.block_size)?;
                image.get_mut(start..start.checked_add(s)?)
            });
            let (Some(body), Some(target)) = (body.filter(|_| total >= CHUNK_HEADER), target)
            else {
                problem = Some((at, format!("chunk {index} lies outside the image")));
                break;
            };
            match kind {
                RAW if body.len() == target.len() => target.copy_from_slice(body),
                FILL if body.len() == 4 => {
                    for word in target.chunks_exact_mut(4) {
                        word.copy_from_slice(body);
                    }
                }
                DONT_CARE if body.is_empty() => {}
                CRC32 if body.len() == 4 => {}
                _ => {
                    problem = Some((
                        at,
                        format!("chunk {index}: type {kind:#06x} with {} bytes", body.len()),
                    ));
                    break;
                }
            }
            block += count;
            at += total;
        }
        if let Some((at, message)) = problem {
            sink.problem(at as u64, message);
            image.truncate(block * header.block_size);
        }
        sink.file(b"unsparsed.img", image, Meta::default())?;
        Ok(Outcome { consumed: at })
    }
}

#[cfg(test)]
mod tests {
    use crate::limits::Limits;
    use crate::unpack::unpack_one;

    use super::*;

    fn chunk(kind: u16, blocks: u32, body: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(&blocks.to_le_bytes());
        out.extend_from_slice(&((CHUNK_HEADER + body.len()) as u32).to_le_bytes());
        out.extend_from_slice(body);
        out
    }

    fn sparse(blocks: u32, chunks: &[Vec<u8>]) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        for v in [1u16, 0, HEADER as u16, CHUNK_HEADER as u16] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for v in [8u32, blocks, chunks.len() as u32, 0] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend(chunks.concat());
        out
    }

    #[test]
    fn raw_fill_and_skipped_blocks_are_expanded() {
        let mut data = sparse(
            4,
            &[
                chunk(RAW, 1, b"rawblock"),
                chunk(FILL, 2, b"ab\xff\x00"),
                chunk(DONT_CARE, 1, b""),
                chunk(CRC32, 0, b"\0\0\0\0"),
            ],
        );
        let size = data.len() as u64;
        data.extend_from_slice(b"after");
        let unpacked = unpack_one("android-sparse", &data, &Limits::default()).unwrap();
        let image = unpacked
            .tree
            .get("input.unpacked/0x0-android-sparse/unsparsed.img")
            .unwrap();
        assert_eq!(
            image.data().unwrap().as_ref(),
            b"rawblockab\xff\x00ab\xff\x00ab\xff\x00ab\xff\x00\0\0\0\0\0\0\0\0"
        );
        assert_eq!(unpacked.report.containers[0].size, size);
    }

    #[test]
    fn a_chunk_past_the_image_is_a_problem_and_the_blocks_before_it_are_kept() {
        let data = sparse(1, &[chunk(RAW, 1, b"rawblock"), chunk(FILL, 5, b"abcd")]);
        let unpacked = unpack_one("android-sparse", &data, &Limits::default()).unwrap();
        assert!(unpacked.report.problems[0].message.contains("chunk 1"));
        let image = unpacked
            .tree
            .get("input.unpacked/0x0-android-sparse/unsparsed.img")
            .unwrap();
        assert_eq!(image.data().unwrap().as_ref(), b"rawblock");
    }

    #[test]
    fn a_header_cut_short_is_not_a_sparse_image() {
        // Found by the fuzz target: the chunks were looked for past the end, and the
        // container claimed 28 bytes of a 24-byte input.
        let data = sparse(1, &[chunk(RAW, 1, b"rawblock")]);
        assert!(AndroidSparse.detect(&data[..HEADER]));
        assert!(!AndroidSparse.detect(&data[..HEADER - 4]));
    }

    #[test]
    fn an_image_larger_than_the_budget_is_refused_before_allocation() {
        let data = sparse(u32::MAX, &[]);
        let unpacked = unpack_one("android-sparse", &data, &Limits::default()).unwrap();
        assert!(unpacked.tree.is_empty());
        assert!(unpacked.report.problems[0].message.contains("budget"));
    }
}
