//! An LZO1X decompressor (the format of `lzop` blocks, `CONFIG_KERNEL_LZO` kernels and
//! squashfs/UBIFS LZO), written here in safe Rust with every read and back-reference
//! bounds-checked and the output capped by the caller.
//!
//! Why not a crate: the pure-Rust ports on crates.io are either GPL-2.0 (`lzo1x`, incompatible
//! with Rampart's MIT/Apache-2.0), bindings to the C library (`minilzo-rs`, `rust-lzo`), or an
//! unmaintained 0.1 port (`lzokay-native`). The decoder is small: it follows the instruction
//! set as Linux's `lib/lzo/lzo1x_decompress_safe.c` documents it, without its unchecked copies.

/// Why a block did not decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LzoError {
    /// The input ended inside an instruction or before the end marker.
    Truncated,
    /// A match reaches back before the start of the output.
    BadDistance,
    /// The output would pass the caller's cap.
    OutputLimit,
    /// The end marker came with a wrong length.
    BadEnd,
}

impl std::fmt::Display for LzoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            LzoError::Truncated => "LZO data ends before its end marker",
            LzoError::BadDistance => "LZO match reaches before the start of the output",
            LzoError::OutputLimit => "LZO output is larger than declared",
            LzoError::BadEnd => "malformed LZO end marker",
        })
    }
}

/// Distance base of the 3-byte match after a literal run (`M2_MAX_OFFSET + 1`).
const AFTER_RUN_BASE: usize = 0x801;
/// Distance base of the long-distance match (`M3_MAX_OFFSET`).
const FAR_BASE: usize = 0x4000;
/// No length may grow past this by zero-byte extensions (the input would need more bytes).
const MAX_LENGTH: usize = 1 << 30;

struct Input<'a> {
    src: &'a [u8],
    pos: usize,
}

impl Input<'_> {
    fn byte(&mut self) -> Result<usize, LzoError> {
        let b = *self.src.get(self.pos).ok_or(LzoError::Truncated)?;
        self.pos += 1;
        Ok(usize::from(b))
    }

    fn le16(&mut self) -> Result<usize, LzoError> {
        Ok(self.byte()? | self.byte()? << 8)
    }

    /// A length whose instruction field was zero: 255 per zero byte, then `base` plus the
    /// first non-zero byte.
    fn extended(&mut self, base: usize) -> Result<usize, LzoError> {
        let mut length = 0usize;
        loop {
            let b = self.byte()?;
            if b != 0 {
                return Ok(length + base + b);
            }
            length += 255;
            if length > MAX_LENGTH {
                return Err(LzoError::Truncated);
            }
        }
    }

    fn take(&mut self, n: usize) -> Result<&[u8], LzoError> {
        let end = self.pos.checked_add(n).ok_or(LzoError::Truncated)?;
        let slice = self.src.get(self.pos..end).ok_or(LzoError::Truncated)?;
        self.pos = end;
        Ok(slice)
    }
}

struct Output<'a> {
    out: &'a mut Vec<u8>,
    limit: usize,
}

impl Output<'_> {
    fn literals(&mut self, bytes: &[u8]) -> Result<(), LzoError> {
        if self.out.len() + bytes.len() > self.limit {
            return Err(LzoError::OutputLimit);
        }
        self.out.extend_from_slice(bytes);
        Ok(())
    }

    /// Copies `length` bytes from `back` bytes before the end, overlapping as LZ77 does.
    fn copy_match(&mut self, back: usize, length: usize) -> Result<(), LzoError> {
        if back == 0 || back > self.out.len() {
            return Err(LzoError::BadDistance);
        }
        if self.out.len() + length > self.limit {
            return Err(LzoError::OutputLimit);
        }
        let start = self.out.len() - back;
        for i in 0..length {
            let b = self.out[start + i];
            self.out.push(b);
        }
        Ok(())
    }
}

/// Decompresses one LZO1X block from `src` onto the end of `out`, producing at most `limit`
/// bytes in `out` in all. Returns the input bytes the block occupied, end marker included.
pub(crate) fn decompress(src: &[u8], out: &mut Vec<u8>, limit: usize) -> Result<usize, LzoError> {
    let base = out.len();
    let mut input = Input { src, pos: 0 };
    let mut output = Output {
        out,
        limit: base.saturating_add(limit),
    };
    // After a literal run of 4 or more, state 4; after a match, its 0–3 trailing literals.
    let mut state = 0usize;
    if src.first().is_some_and(|&b| b > 17) {
        let t = input.byte()? - 17;
        let literals = input.take(t)?;
        output.literals(literals)?;
        state = if t < 4 { t } else { 4 };
    }
    loop {
        let t = input.byte()?;
        let (back, length, next) = if t < 16 {
            match state {
                0 => {
                    let run = if t == 0 { input.extended(15)? } else { t } + 3;
                    let literals = input.take(run)?;
                    output.literals(literals)?;
                    state = 4;
                    continue;
                }
                4 => (AFTER_RUN_BASE + (t >> 2) + (input.byte()? << 2), 3, t & 3),
                _ => (1 + (t >> 2) + (input.byte()? << 2), 2, t & 3),
            }
        } else if t >= 64 {
            let back = 1 + ((t >> 2) & 7) + (input.byte()? << 3);
            (back, (t >> 5) + 1, t & 3)
        } else if t >= 32 {
            let length = match t & 31 {
                0 => input.extended(31)? + 2,
                short => short + 2,
            };
            let word = input.le16()?;
            (1 + (word >> 2), length, word & 3)
        } else {
            let length = match t & 7 {
                0 => input.extended(7)? + 2,
                short => short + 2,
            };
            let word = input.le16()?;
            let back = ((t & 8) << 11) + (word >> 2);
            if back == 0 {
                return if length == 3 {
                    Ok(input.pos)
                } else {
                    Err(LzoError::BadEnd)
                };
            }
            (back + FAR_BASE, length, word & 3)
        };
        output.copy_match(back, length)?;
        let literals = input.take(next)?;
        output.literals(literals)?;
        state = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand-made block: a first literal run of 12 (17 + 12), then the end marker. Real
    /// blocks from `lzop` are decoded in `lzop.rs`'s tests.
    const HELLO: &[u8] = &[
        0x1d, b'h', b'e', b'l', b'l', b'o', b' ', b'h', b'e', b'l', b'l', b'o', b' ', 0x11, 0x00,
        0x00,
    ];

    #[test]
    fn a_literal_only_block_decodes_and_reports_its_length() {
        let mut out = Vec::new();
        assert_eq!(decompress(HELLO, &mut out, 100), Ok(HELLO.len()));
        assert_eq!(out, b"hello hello ");
    }

    #[test]
    fn hostile_blocks_fail_cleanly() {
        let mut out = Vec::new();
        // One literal, then a match 129 bytes back.
        assert_eq!(
            decompress(&[0x12, b'a', 0x40, 0x10, 0x11, 0, 0], &mut out, 100),
            Err(LzoError::BadDistance)
        );
        // Cut inside a literal run.
        assert_eq!(
            decompress(&HELLO[..5], &mut out, 100),
            Err(LzoError::Truncated)
        );
        // More output than allowed.
        out.clear();
        assert_eq!(decompress(HELLO, &mut out, 4), Err(LzoError::OutputLimit));
        // Zero-length extensions running off the end.
        assert_eq!(
            decompress(&[0x00, 0x00, 0x00], &mut Vec::new(), 100),
            Err(LzoError::Truncated)
        );
    }
}
