//! lzop files (`\x89LZO\0\r\n\x1a\n`), as `CONFIG_KERNEL_LZO` kernels, initramfs images and
//! vendor tools write them: a header (version, method, flags, mode, times, stored name,
//! checksum, optional extra field), then blocks of LZO1X data, each with its sizes and
//! optional checksums, ending with a zero size. Decoded by Rampart's own LZO1X decoder ([`crate::codec::lzo`])
//! one block (at most 64 MiB, lzop's own limit) at a time, as the sink reads.
//!
//! The block checksums are not verified: a broken block fails LZO1X's own bounds checks or
//! yields a wrong file, which is reported like any other corrupt content would not be.

use std::io::{self, Read};

use crate::tree::Meta;

use super::{Magic, Outcome, Sink, UnpackError, Unpacker};
use crate::codec::lzo::decompress;

/// lzop.
pub struct Lzop;

const MAGIC: &[u8] = b"\x89LZO\x00\r\n\x1a\n";
/// lzop's own block size limit.
const MAX_BLOCK: usize = 64 << 20;
/// Methods: LZO1X-1, LZO1X-1(15), LZO1X-999 — all decoded by the LZO1X decompressor.
const METHODS: [u8; 3] = [1, 2, 3];
/// Header fields appear from this version on (level, version needed, high time bits).
const V0940: u16 = 0x0940;

const F_ADLER32_D: u32 = 0x0001;
const F_ADLER32_C: u32 = 0x0002;
const F_H_EXTRA_FIELD: u32 = 0x0040;
const F_CRC32_D: u32 = 0x0100;
const F_CRC32_C: u32 = 0x0200;
const F_H_FILTER: u32 = 0x0800;

struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let slice = self.data.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(slice)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_be_bytes(self.take(2)?.try_into().ok()?))
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_be_bytes(self.take(4)?.try_into().ok()?))
    }
}

/// The parsed header: flags, stored name and where the first block starts.
struct Header<'a> {
    flags: u32,
    name: &'a [u8],
    mode: u32,
    blocks_at: usize,
}

fn header(data: &[u8]) -> Option<Header<'_>> {
    let mut c = Cursor {
        data,
        pos: MAGIC.len(),
    };
    if !data.starts_with(MAGIC) {
        return None;
    }
    let version = c.u16()?;
    let _library = c.u16()?;
    if version >= V0940 {
        let _needed = c.u16()?;
    }
    let method = c.u8()?;
    if !METHODS.contains(&method) {
        return None;
    }
    if version >= V0940 {
        let _level = c.u8()?;
    }
    let flags = c.u32()?;
    if flags & F_H_FILTER != 0 {
        let _filter = c.u32()?;
    }
    let mode = c.u32()?;
    let _mtime = c.u32()?;
    if version >= V0940 {
        let _mtime_high = c.u32()?;
    }
    let name_len = usize::from(c.u8()?);
    let name = c.take(name_len)?;
    let _checksum = c.u32()?;
    if flags & F_H_EXTRA_FIELD != 0 {
        let len = usize::try_from(c.u32()?).ok()?;
        c.take(len)?;
        let _extra_checksum = c.u32()?;
    }
    Some(Header {
        flags,
        name,
        mode,
        blocks_at: c.pos,
    })
}

impl Unpacker for Lzop {
    fn format(&self) -> &'static str {
        "lzop"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[Magic::at_start(MAGIC)];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        header(data).is_some()
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let header = header(data).ok_or_else(|| UnpackError::format(0, "bad lzop header"))?;
        let base = header.name.rsplit(|&b| b == b'/').next().unwrap_or(b"");
        let name = if base.is_empty() || base == b"." || base == b".." {
            sink.stream_name().as_bytes().to_vec()
        } else {
            base.to_vec()
        };
        let meta = Meta {
            mode: Some(header.mode & 0o7777),
            ..Meta::default()
        };
        let mut blocks = Blocks {
            data,
            pos: header.blocks_at,
            flags: header.flags,
            out: Vec::new(),
            out_pos: 0,
            ended: false,
        };
        sink.file_from_reader(&name, &mut blocks, meta)
            .map_err(|e| match e {
                UnpackError::Format { message, .. } => {
                    UnpackError::format(blocks.pos as u64, message)
                }
                limit @ UnpackError::Limit(_) => limit,
            })?;
        if !blocks.ended {
            return Err(UnpackError::format(
                blocks.pos as u64,
                "the lzop file ends before its end-of-data block",
            ));
        }
        Ok(Outcome {
            consumed: blocks.pos,
        })
    }
}

/// The blocks, decoded one at a time as the sink reads.
struct Blocks<'a> {
    data: &'a [u8],
    /// The next block header.
    pos: usize,
    flags: u32,
    out: Vec<u8>,
    out_pos: usize,
    ended: bool,
}

fn invalid(message: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.into())
}

impl Blocks<'_> {
    /// Decodes the next block; false after the end-of-data block.
    fn next_block(&mut self) -> io::Result<bool> {
        let mut c = Cursor {
            data: self.data,
            pos: self.pos,
        };
        let truncated = || invalid("truncated lzop block header");
        let dst_len = c.u32().ok_or_else(truncated)? as usize;
        if dst_len == 0 {
            self.pos = c.pos;
            self.ended = true;
            return Ok(false);
        }
        if dst_len > MAX_BLOCK {
            return Err(invalid(format!(
                "lzop block of {dst_len} bytes (limit 64 MiB)"
            )));
        }
        let src_len = c.u32().ok_or_else(truncated)? as usize;
        if src_len > dst_len {
            return Err(invalid("lzop block larger compressed than uncompressed"));
        }
        let mut checksums = 0;
        checksums += usize::from(self.flags & F_ADLER32_D != 0);
        checksums += usize::from(self.flags & F_CRC32_D != 0);
        if src_len < dst_len {
            checksums += usize::from(self.flags & F_ADLER32_C != 0);
            checksums += usize::from(self.flags & F_CRC32_C != 0);
        }
        c.take(4 * checksums).ok_or_else(truncated)?;
        let body = c
            .take(src_len)
            .ok_or_else(|| invalid("truncated lzop block"))?;
        self.out.clear();
        self.out_pos = 0;
        if src_len == dst_len {
            self.out.extend_from_slice(body);
        } else {
            self.out = decompress(body, dst_len).map_err(|e| invalid(e.to_string()))?;
            if self.out.len() != dst_len {
                return Err(invalid("lzop block decodes to another size than declared"));
            }
        }
        self.pos = c.pos;
        Ok(true)
    }
}

impl Read for Blocks<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.out_pos == self.out.len() {
            if self.ended || !self.next_block()? {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.out.len() - self.out_pos);
        buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Limits;
    use crate::unpack::unpack_one;

    /// The text both fixtures hold (see tests/fixtures/lzop/README.md).
    fn fox() -> Vec<u8> {
        let mut text = Vec::new();
        for i in 0..400u32 {
            text.extend_from_slice(
                format!(
                    "line {i}: the quick brown fox jumps over the lazy dog {}\n",
                    i * i % 97
                )
                .as_bytes(),
            );
        }
        text
    }

    const LEVEL_9: &[u8] = include_bytes!("../../tests/fixtures/lzop/fox.txt.lzo");
    const LEVEL_1: &[u8] = include_bytes!("../../tests/fixtures/lzop/fox1.txt.lzo");

    #[test]
    fn files_from_lzop_decode_to_their_input_under_the_stored_name() {
        for fixture in [LEVEL_9, LEVEL_1] {
            let mut data = fixture.to_vec();
            data.extend_from_slice(b"trailing");
            let unpacked = unpack_one("lzop", &data, &Limits::default()).unwrap();
            let out = unpacked
                .tree
                .get("input.unpacked/0x0-lzop/fox.txt")
                .unwrap();
            assert_eq!(out.data().unwrap().as_ref(), fox());
            assert_eq!(out.meta.mode, Some(0o644));
            assert_eq!(unpacked.report.containers[0].size, fixture.len() as u64);
        }
    }

    #[test]
    fn a_truncated_file_keeps_its_whole_blocks_and_is_reported() {
        let data = &LEVEL_9[..LEVEL_9.len() - 10];
        let unpacked = unpack_one("lzop", data, &Limits::default()).unwrap();
        assert!(unpacked.report.problems[0].message.contains("truncated"));
    }

    #[test]
    fn detect_needs_a_known_method() {
        assert!(Lzop.detect(LEVEL_1));
        let mut bad = LEVEL_1.to_vec();
        bad[15] = 9; // the method byte of a 0x1040 header
        assert!(!Lzop.detect(&bad));
    }
}
