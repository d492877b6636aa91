//! Unix `compress` files (`.Z`, `1f 9d`): LZW with 9- to 16-bit codes, as old firmware
//! tarballs and some bootloaders carry them. Rampart's own decoder (no maintained pure-Rust
//! crate reads the format); its tables are fixed-size (64 Ki entries) whatever the header
//! says, and output is produced a string at a time as the sink reads.
//!
//! The format's quirk is kept: codes are written in groups of eight, and when the code width
//! grows or the table is cleared, the rest of the current group is padding. The stream has no
//! end marker, so it occupies the rest of the data.

use std::io::{self, Read};

use super::stream::add_stream;
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// Unix compress.
pub struct Compress;

const MAGIC: &[u8] = b"\x1f\x9d";
const HEADER: usize = 3;
const BLOCK_MODE: u8 = 0x80;
const RESERVED: u8 = 0x60;
const CLEAR: usize = 256;
const INIT_BITS: u32 = 9;
const MAX_BITS: u32 = 16;
/// Output decoded by `detect` before it trusts a header.
const TRIAL_BYTES: u64 = 1024;

fn flags_ok(flags: u8) -> bool {
    let bits = u32::from(flags & 0x1f);
    flags & RESERVED == 0 && (INIT_BITS..=MAX_BITS).contains(&bits)
}

impl Unpacker for Compress {
    fn format(&self) -> &'static str {
        "compress"
    }

    fn magics(&self) -> &'static [Magic] {
        // Block mode with 16-bit codes: what `compress` and `ncompress` write by default.
        const MAGICS: &[Magic] = &[Magic::at_start(b"\x1f\x9d\x90")];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        // The first code is a literal byte: 9 bits, below 256. Then the first KiB must
        // decode: random bytes after a chance magic name a code beyond the table within a
        // few codes.
        data.len() >= HEADER + 2
            && data.starts_with(MAGIC)
            && flags_ok(data[2])
            && (usize::from(data[3]) | usize::from(data[4] & 1) << 8) < CLEAR
            && io::copy(&mut Lzw::new(data).take(TRIAL_BYTES), &mut io::sink()).is_ok()
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        if !self.detect(data) {
            return Err(UnpackError::format(0, "bad compress header"));
        }
        let mut decoder = Lzw::new(data);
        add_stream(sink, &mut decoder)?;
        Ok(Outcome {
            consumed: data.len(),
        })
    }
}

/// The LZW decoder state over the whole input.
struct Lzw<'a> {
    data: &'a [u8],
    /// Bit position of the next code.
    pos: usize,
    /// Bit position where the current group of eight codes started counting.
    group_start: usize,
    n_bits: u32,
    max_bits: u32,
    block_mode: bool,
    free_entry: usize,
    old_code: Option<usize>,
    first_char: u8,
    prefix: Vec<u16>,
    suffix: Vec<u8>,
    /// The current string, reversed, and how much of it was handed out.
    string: Vec<u8>,
    done: bool,
    /// An error met after some output was handed out, reported by the next read.
    pending: Option<io::Error>,
}

impl<'a> Lzw<'a> {
    fn new(data: &'a [u8]) -> Lzw<'a> {
        let flags = data[2];
        let block_mode = flags & BLOCK_MODE != 0;
        Lzw {
            data,
            pos: HEADER * 8,
            group_start: HEADER * 8,
            n_bits: INIT_BITS,
            max_bits: u32::from(flags & 0x1f),
            block_mode,
            free_entry: if block_mode { CLEAR + 1 } else { CLEAR },
            old_code: None,
            first_char: 0,
            prefix: vec![0; 1 << MAX_BITS],
            // Only entries from 257 on are read: codes below 256 are their own byte.
            suffix: vec![0; 1 << MAX_BITS],
            string: Vec::new(),
            done: false,
            pending: None,
        }
    }

    /// Skips the rest of the current group of eight codes.
    fn skip_group(&mut self) {
        let group = 8 * self.n_bits as usize;
        let used = self.pos - self.group_start;
        self.pos = self.group_start + used.div_ceil(group) * group;
        self.group_start = self.pos;
    }

    fn read_code(&mut self) -> Option<usize> {
        let n = self.n_bits as usize;
        if self.pos + n > self.data.len() * 8 {
            return None;
        }
        // A code of at most 16 bits spans at most three bytes.
        let byte = self.pos / 8;
        let mut window = 0u32;
        for (i, b) in self.data[byte..].iter().take(3).enumerate() {
            window |= u32::from(*b) << (8 * i);
        }
        let code = (window >> (self.pos % 8)) & ((1 << n) - 1);
        self.pos += n;
        Some(code as usize)
    }

    /// Decodes codes until one yields a string; false at the end of the input.
    fn next_string(&mut self) -> io::Result<bool> {
        loop {
            let max_code = if self.n_bits == self.max_bits {
                1 << self.max_bits
            } else {
                (1 << self.n_bits) - 1
            };
            if self.free_entry > max_code && self.n_bits < self.max_bits {
                self.skip_group();
                self.n_bits += 1;
                continue;
            }
            let Some(code) = self.read_code() else {
                return Ok(false);
            };
            let Some(old) = self.old_code else {
                if code >= CLEAR {
                    return Err(bad("the first code is not a literal"));
                }
                self.first_char = code as u8;
                self.old_code = Some(code);
                self.string.push(code as u8);
                return Ok(true);
            };
            if code == CLEAR && self.block_mode {
                self.skip_group();
                self.n_bits = INIT_BITS;
                self.free_entry = CLEAR;
                continue;
            }
            let mut current = code;
            if code >= self.free_entry {
                if code > self.free_entry {
                    return Err(bad("a code beyond the table"));
                }
                self.string.push(self.first_char);
                current = old;
            }
            while current >= CLEAR {
                self.string.push(self.suffix[current]);
                current = usize::from(self.prefix[current]);
            }
            self.first_char = current as u8;
            self.string.push(self.first_char);
            if self.free_entry < 1 << self.max_bits {
                self.prefix[self.free_entry] = old as u16;
                self.suffix[self.free_entry] = self.first_char;
                self.free_entry += 1;
            }
            self.old_code = Some(code);
            return Ok(true);
        }
    }
}

fn bad(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("LZW data: {message}"))
}

impl Read for Lzw<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(e) = self.pending.take() {
            self.done = true;
            return Err(e);
        }
        let mut n = 0;
        while n < buf.len() {
            if let Some(b) = self.string.pop() {
                buf[n] = b;
                n += 1;
                continue;
            }
            if self.done {
                break;
            }
            match self.next_string() {
                Ok(true) => {}
                Ok(false) => self.done = true,
                // Hand out what was decoded first; the error comes with the next read.
                Err(e) if n == 0 => {
                    self.done = true;
                    return Err(e);
                }
                Err(e) => {
                    self.pending = Some(e);
                    break;
                }
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Limits;
    use crate::unpack::unpack_one;

    /// The text the fixtures hold (see tests/fixtures/compress/README.md).
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

    #[test]
    fn files_from_ncompress_decode_to_their_input() {
        for fixture in [
            &include_bytes!("../../tests/fixtures/compress/fox.txt.Z")[..],
            &include_bytes!("../../tests/fixtures/compress/fox9.txt.Z")[..],
        ] {
            let unpacked = unpack_one("compress", fixture, &Limits::default()).unwrap();
            let out = unpacked
                .tree
                .get("input.unpacked/0x0-compress/data")
                .unwrap();
            assert_eq!(out.data().unwrap().as_ref(), fox());
            assert!(unpacked.report.problems.is_empty());
        }
    }

    #[test]
    fn detect_decodes_a_trial() {
        let mut noise = b"\x1f\x9d\x90\x41\x00".to_vec();
        let mut state = 7u32;
        noise.extend((0..2000).map(|_| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (state >> 16) as u8
        }));
        assert!(!Compress.detect(&noise));
    }

    #[test]
    fn detect_checks_the_flags_and_the_first_code() {
        assert!(Compress.detect(b"\x1f\x9d\x90\x41\x00"));
        assert!(!Compress.detect(b"\x1f\x9d\xf0\x41\x00"));
        assert!(!Compress.detect(b"\x1f\x9d\x88\x41\x00"));
        assert!(!Compress.detect(b"\x1f\x9d\x90\x00\x01"));
    }

    #[test]
    fn a_code_beyond_the_table_is_an_error_after_the_good_part() {
        // 'A' (0x41) then code 300 at 9 bits, while the table's next entry is 257.
        let codes = [0x41usize, 300];
        let mut bits = 0usize;
        let mut data = vec![0x1f, 0x9d, 0x90, 0, 0, 0];
        for code in codes {
            for i in 0..9 {
                if code >> i & 1 == 1 {
                    data[3 + (bits + i) / 8] |= 1 << ((bits + i) % 8);
                }
            }
            bits += 9;
        }
        let mut out = Vec::new();
        let error = Lzw::new(&data).read_to_end(&mut out).unwrap_err();
        assert_eq!(out, b"A");
        assert!(error.to_string().contains("beyond the table"));
        // Too short a good part to pass `detect`'s trial.
        assert!(!Compress.detect(&data));
    }
}
