//! LZO1X decompression, bounded: the compression JFFS2 and UBIFS nodes (and squashfs blocks)
//! use most on small devices.
//!
//! Written here because no crate fits: the pure-Rust `lzo1x` port is GPL-2.0 (Rampart is
//! MIT/Apache-2.0), `lzokay-native` is a single unreviewed 0.1 release, and the C bindings
//! would bring a C build and unsafe code into the unpacker. The decoder follows the Linux
//! kernel's `lzo1x_decompress_safe` instruction by instruction (documented in the kernel's
//! `Documentation/staging/lzo.rst`), with every read and every back-reference checked and the
//! output capped, so hostile input fails with an error, never a panic or an allocation past
//! the cap. The `lzo-rle` extension (bitstream version 1, zram only) is refused.

/// Why an LZO1X stream could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LzoError {
    /// The input ended inside an instruction.
    #[error("the LZO stream is truncated")]
    Truncated,
    /// The output would exceed the cap the caller allowed.
    #[error("the LZO stream expands past {0} bytes")]
    OutputLimit(usize),
    /// A back-reference points before the start of the output.
    #[error("an LZO back-reference points before the start of the data")]
    BadDistance,
    /// A run-length count is implausibly long, or the end marker is malformed.
    #[error("the LZO stream is corrupt")]
    Corrupt,
}

/// The longest run of zero bytes a length may be extended by: the kernel's bound, which keeps
/// a length within `usize` on every platform.
const MAX_255_COUNT: usize = usize::MAX / 255 - 2;

struct Decoder<'a> {
    input: &'a [u8],
    at: usize,
    out: Vec<u8>,
    cap: usize,
}

impl Decoder<'_> {
    fn byte(&mut self) -> Result<usize, LzoError> {
        let b = *self.input.get(self.at).ok_or(LzoError::Truncated)?;
        self.at += 1;
        Ok(usize::from(b))
    }

    fn le16(&mut self) -> Result<usize, LzoError> {
        let lo = self.byte()?;
        let hi = self.byte()?;
        Ok(lo | (hi << 8))
    }

    /// A length extended by zero bytes (each worth 255) and a final non-zero byte.
    fn extended(&mut self, base: usize) -> Result<usize, LzoError> {
        let mut zeros = 0usize;
        while *self.input.get(self.at).ok_or(LzoError::Truncated)? == 0 {
            self.at += 1;
            zeros += 1;
            if zeros > MAX_255_COUNT {
                return Err(LzoError::Corrupt);
            }
        }
        let last = self.byte()?;
        Ok(base + zeros * 255 + last)
    }

    fn room(&self, len: usize) -> Result<(), LzoError> {
        if self.out.len() + len > self.cap {
            return Err(LzoError::OutputLimit(self.cap));
        }
        Ok(())
    }

    fn literals(&mut self, len: usize) -> Result<(), LzoError> {
        self.room(len)?;
        let end = self.at.checked_add(len).ok_or(LzoError::Truncated)?;
        let run = self.input.get(self.at..end).ok_or(LzoError::Truncated)?;
        self.out.extend_from_slice(run);
        self.at = end;
        Ok(())
    }

    /// Copies `len` bytes from `distance` bytes back; the ranges may overlap (a run).
    fn copy_match(&mut self, distance: usize, len: usize) -> Result<(), LzoError> {
        if distance == 0 || distance > self.out.len() {
            return Err(LzoError::BadDistance);
        }
        self.room(len)?;
        // An overlapping match repeats the last `distance` bytes: copy what already exists,
        // in growing pieces, rather than byte by byte.
        let mut from = self.out.len() - distance;
        let mut left = len;
        while left > 0 {
            let piece = left.min(self.out.len() - from);
            self.out.extend_from_within(from..from + piece);
            from += piece;
            left -= piece;
        }
        Ok(())
    }
}

/// Decodes one LZO1X stream, producing at most `max_out` bytes. Input after the stream's end
/// marker is ignored.
pub fn decompress(input: &[u8], max_out: usize) -> Result<Vec<u8>, LzoError> {
    let mut d = Decoder {
        input,
        at: 0,
        out: Vec::with_capacity(max_out.min(1 << 20)),
        cap: max_out,
    };
    // The state: how many literals the last instruction copied (4 for "four or more").
    let mut state: usize = 0;
    let first = *input.first().ok_or(LzoError::Truncated)?;
    if first == 17 {
        // Bitstream version 1 (lzo-rle): never used by filesystems.
        return Err(LzoError::Corrupt);
    }
    if first > 17 {
        d.at = 1;
        let t = usize::from(first) - 17;
        d.literals(t)?;
        state = if t < 4 { t } else { 4 };
    }
    loop {
        let t = d.byte()?;
        let (distance, len, next);
        if t < 16 {
            if state == 0 {
                let len = if t == 0 { d.extended(15)? } else { t };
                d.literals(len + 3)?;
                state = 4;
                continue;
            }
            let h = d.byte()?;
            next = t & 3;
            if state == 4 {
                distance = (h << 2) + (t >> 2) + 2049;
                len = 3;
            } else {
                distance = (h << 2) + (t >> 2) + 1;
                len = 2;
            }
        } else if t >= 64 {
            let h = d.byte()?;
            next = t & 3;
            distance = (h << 3) + ((t >> 2) & 7) + 1;
            len = (t >> 5) + 1;
        } else if t >= 32 {
            let l = t & 31;
            len = if l == 0 { d.extended(31)? } else { l } + 2;
            let word = d.le16()?;
            distance = (word >> 2) + 1;
            next = word & 3;
        } else {
            let l = t & 7;
            len = if l == 0 { d.extended(7)? } else { l } + 2;
            let word = d.le16()?;
            let far = ((t & 8) << 11) + (word >> 2);
            if far == 0 {
                // The end marker: a 3-byte "copy" from 16384 bytes back.
                return if len == 3 {
                    Ok(d.out)
                } else {
                    Err(LzoError::Corrupt)
                };
            }
            distance = far + 0x4000;
            next = word & 3;
        }
        d.copy_match(distance, len)?;
        d.literals(next)?;
        state = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `abcd` as four literals after a first-byte literal run, then the end marker.
    const LITERALS_ONLY: &[u8] = &[21, b'a', b'b', b'c', b'd', 0x11, 0, 0];

    #[test]
    fn a_literal_run_and_the_end_marker_decode() {
        assert_eq!(decompress(LITERALS_ONLY, 100).unwrap(), b"abcd");
    }

    #[test]
    fn a_short_match_repeats_earlier_output() {
        // "abcd", then instruction 0x4c: 64..127 form, length 3 + ((0x4c >> 5) & 1) = 3,
        // distance ((0x4c >> 2) & 7) + (H << 3) + 1 = 3 + 0 + 1 = 4, no trailing literals.
        let stream = [21, b'a', b'b', b'c', b'd', 0x4c, 0, 0x11, 0, 0];
        assert_eq!(decompress(&stream, 100).unwrap(), b"abcdabc");
    }

    #[test]
    fn an_overlapping_match_makes_a_run() {
        // "ab", then a match of length 8 (128..255 form: 5 + ((t >> 5) & 3) = 8 with t = 0xe4)
        // at distance ((0xe4 >> 2) & 7) + 1 = 2: "abababab".
        let stream = [19, b'a', b'b', 0xe4, 0, 0x11, 0, 0];
        assert_eq!(
            decompress(&stream, 100).unwrap(),
            b"abababababab"[..10].to_vec()
        );
    }

    #[test]
    fn hostile_streams_fail_without_panicking() {
        // Truncated literal run, a match before the start, output past the cap.
        assert_eq!(decompress(&[30, b'a'], 100), Err(LzoError::Truncated));
        assert_eq!(
            decompress(&[21, b'a', b'b', b'c', b'd', 0x4c, 9, 0x11, 0, 0], 100),
            Err(LzoError::BadDistance)
        );
        assert_eq!(decompress(LITERALS_ONLY, 3), Err(LzoError::OutputLimit(3)));
        assert_eq!(decompress(&[], 3), Err(LzoError::Truncated));
        assert_eq!(decompress(&[17, 0, 0], 3), Err(LzoError::Corrupt));
        // A run of zero length-extension bytes with no end.
        assert_eq!(decompress(&[0; 64], 100), Err(LzoError::Truncated));
    }
}
