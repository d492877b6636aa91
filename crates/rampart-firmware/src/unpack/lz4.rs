//! LZ4 with `lz4_flex`'s safe decoder: the frame format (`04 22 4d 18`) and the legacy format
//! (`02 21 4c 18`) that Linux kernels (`CONFIG_KERNEL_LZ4`) and initramfs images use.
//!
//! A frame's end is found by walking its block headers before decoding, so the carver resumes
//! exactly after it. A legacy stream has no end mark: it runs until a block header that cannot
//! be one (the next magic, the kernel's appended size, the end of data) or a block that does
//! not decode after at least one that did.

use std::io::{self, Read};

use lz4_flex::frame::FrameDecoder;

use super::stream::add_stream;
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// LZ4.
pub struct Lz4;

const FRAME_MAGIC: &[u8] = b"\x04\x22\x4d\x18";
const LEGACY_MAGIC: &[u8] = b"\x02\x21\x4c\x18";
/// The legacy format's fixed uncompressed block size.
const LEGACY_BLOCK: usize = 8 << 20;
/// The largest compressed legacy block: LZ4's worst-case bound for 8 MiB.
const LEGACY_BOUND: usize = LEGACY_BLOCK + LEGACY_BLOCK / 255 + 16;

impl Unpacker for Lz4 {
    fn format(&self) -> &'static str {
        "lz4"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[Magic::at_start(FRAME_MAGIC), Magic::at_start(LEGACY_MAGIC)];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        if data.starts_with(FRAME_MAGIC) {
            return data.len() >= 7 && descriptor(data).is_some();
        }
        data.starts_with(LEGACY_MAGIC)
            && read_u32(data, 4).is_some_and(|size| size > 0 && size <= LEGACY_BOUND)
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        if data.starts_with(LEGACY_MAGIC) {
            let mut blocks = LegacyBlocks::new(data);
            add_stream(sink, &mut blocks)?;
            return Ok(Outcome {
                consumed: blocks.pos,
            });
        }
        let end = frame_end(data);
        let mut decoder = FrameDecoder::new(&data[..end.unwrap_or(data.len())]);
        add_stream(sink, &mut decoder)?;
        match end {
            Some(consumed) => Ok(Outcome { consumed }),
            None => Err(UnpackError::format(
                data.len() as u64,
                "the LZ4 frame ends before its end mark",
            )),
        }
    }
}

fn read_u32(data: &[u8], at: usize) -> Option<usize> {
    let bytes = data.get(at..at + 4)?;
    Some(u32::from_le_bytes(bytes.try_into().ok()?) as usize)
}

/// The frame descriptor: its length (flags, block descriptor, optional fields, header
/// checksum), whether blocks carry checksums, whether the content does, and the largest
/// block. `None` when a reserved bit or the version is wrong.
struct Descriptor {
    len: usize,
    block_checksums: bool,
    content_checksum: bool,
    max_block: usize,
}

fn descriptor(data: &[u8]) -> Option<Descriptor> {
    let flags = *data.get(4)?;
    let block = *data.get(5)?;
    if flags >> 6 != 0b01 || flags & 0b10 != 0 || block & 0x8f != 0 {
        return None;
    }
    let max_block = match (block >> 4) & 0x07 {
        4 => 64 << 10,
        5 => 256 << 10,
        6 => 1 << 20,
        7 => 4 << 20,
        _ => return None,
    };
    let content_size = if flags & 0x08 != 0 { 8 } else { 0 };
    let dict_id = if flags & 0x01 != 0 { 4 } else { 0 };
    Some(Descriptor {
        len: 2 + content_size + dict_id + 1,
        block_checksums: flags & 0x10 != 0,
        content_checksum: flags & 0x04 != 0,
        max_block,
    })
}

/// Where the frame starting `data` ends, walking block headers only; `None` if it is cut off.
fn frame_end(data: &[u8]) -> Option<usize> {
    let descriptor = descriptor(data)?;
    let mut at = 4 + descriptor.len;
    loop {
        let header = read_u32(data, at)?;
        at += 4;
        if header == 0 {
            break;
        }
        let size = header & 0x7fff_ffff;
        if size > descriptor.max_block {
            return None;
        }
        at += size + if descriptor.block_checksums { 4 } else { 0 };
    }
    if descriptor.content_checksum {
        at += 4;
    }
    (at <= data.len()).then_some(at)
}

/// A legacy stream decoded one 8 MiB block at a time, as the sink reads it.
struct LegacyBlocks<'a> {
    data: &'a [u8],
    /// Just after the last block decoded.
    pos: usize,
    out: Vec<u8>,
    out_len: usize,
    out_pos: usize,
    decoded_any: bool,
    done: bool,
}

impl<'a> LegacyBlocks<'a> {
    fn new(data: &'a [u8]) -> LegacyBlocks<'a> {
        LegacyBlocks {
            data,
            pos: LEGACY_MAGIC.len(),
            out: Vec::new(),
            out_len: 0,
            out_pos: 0,
            decoded_any: false,
            done: false,
        }
    }

    /// Decodes the next block into `out`; false at the end of the stream.
    fn next_block(&mut self) -> io::Result<bool> {
        let Some(size) = read_u32(self.data, self.pos) else {
            return Ok(false);
        };
        let body = self.pos + 4;
        if size == 0
            || size > LEGACY_BOUND
            || &self.data[self.pos..body] == LEGACY_MAGIC
            || body + size > self.data.len()
        {
            return Ok(false);
        }
        if self.out.is_empty() {
            self.out = vec![0; LEGACY_BLOCK];
        }
        match lz4_flex::block::decompress_into(&self.data[body..body + size], &mut self.out) {
            Ok(len) => {
                self.out_len = len;
                self.out_pos = 0;
                self.pos = body + size;
                self.decoded_any = true;
                Ok(true)
            }
            Err(_) if self.decoded_any => Ok(false),
            Err(e) => Err(io::Error::new(io::ErrorKind::InvalidData, e)),
        }
    }
}

impl Read for LegacyBlocks<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.out_pos == self.out_len {
            if self.done || !self.next_block()? {
                self.done = true;
                return Ok(0);
            }
        }
        let n = buf.len().min(self.out_len - self.out_pos);
        buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use lz4_flex::frame::FrameEncoder;

    use super::*;
    use crate::limits::Limits;
    use crate::unpack::unpack_one;

    fn frame(content: &[u8]) -> Vec<u8> {
        let mut encoder = FrameEncoder::new(Vec::new());
        encoder.write_all(content).unwrap();
        encoder.finish().unwrap()
    }

    fn legacy(blocks: &[&[u8]]) -> Vec<u8> {
        let mut out = LEGACY_MAGIC.to_vec();
        for block in blocks {
            let compressed = lz4_flex::block::compress(block);
            out.extend_from_slice(&(compressed.len() as u32).to_le_bytes());
            out.extend_from_slice(&compressed);
        }
        out
    }

    fn output(data: &[u8]) -> (Vec<u8>, u64) {
        let unpacked = unpack_one("lz4", data, &Limits::default()).unwrap();
        let node = unpacked.tree.get("input.unpacked/0x0-lz4/data").unwrap();
        (
            node.data().unwrap().to_vec(),
            unpacked.report.containers[0].size,
        )
    }

    #[test]
    fn a_frame_is_decoded_and_ends_at_its_end_mark() {
        let mut data = frame(&b"lz4 frame ".repeat(100));
        let len = data.len();
        data.extend_from_slice(b"\0\0\0\0trailer");
        assert_eq!(output(&data), (b"lz4 frame ".repeat(100), len as u64));
    }

    #[test]
    fn a_legacy_stream_ends_at_the_kernels_appended_size() {
        let mut data = legacy(&[b"first block ", b"second block"]);
        let len = data.len();
        // The kernel build appends the uncompressed size, which reads as a block header
        // pointing past the end.
        data.extend_from_slice(&24u32.to_le_bytes());
        assert_eq!(
            output(&data),
            (b"first block second block".to_vec(), len as u64)
        );
    }

    #[test]
    fn detect_checks_the_descriptor_and_the_first_legacy_block() {
        let mut data = frame(b"x");
        assert!(Lz4.detect(&data));
        data[4] |= 0x02;
        assert!(!Lz4.detect(&data));
        assert!(Lz4.detect(&legacy(&[b"x"])));
        assert!(!Lz4.detect(b"\x02\x21\x4c\x18\0\0\0\0"));
    }
}
