//! LZO1X block decompression (the format of squashfs `lzo` blocks), written here because no
//! maintained pure-Rust LZO decoder without `unsafe` exists: the C library's `lzo1x_decompress_safe`
//! semantics, on slices with every read and back-reference checked, and the output capped by
//! the caller (a squashfs block is at most 1 MiB), so a hostile stream can neither read out of
//! bounds nor allocate more than asked.

/// Why an LZO stream could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LzoError {
    /// The stream ended before its end marker.
    #[error("the LZO stream is truncated")]
    InputOverrun,
    /// The output would exceed the allowed size.
    #[error("the LZO stream decodes to more than the allowed size")]
    OutputOverrun,
    /// A match refers to bytes before the start of the output.
    #[error("an LZO match points before the start of the output")]
    LookBehind,
    /// The end marker is malformed.
    #[error("the LZO stream ends badly")]
    BadEnd,
}

struct Decoder<'a> {
    input: &'a [u8],
    ip: usize,
    out: Vec<u8>,
    max_out: usize,
}

impl Decoder<'_> {
    fn byte(&mut self) -> Result<usize, LzoError> {
        let b = *self.input.get(self.ip).ok_or(LzoError::InputOverrun)?;
        self.ip += 1;
        Ok(usize::from(b))
    }

    fn le16(&mut self) -> Result<usize, LzoError> {
        let lo = self.byte()?;
        let hi = self.byte()?;
        Ok(lo | (hi << 8))
    }

    /// A run length continued in zero bytes (each worth 255) and a final non-zero byte.
    fn long_length(&mut self, base: usize) -> Result<usize, LzoError> {
        let mut zeros = 0usize;
        while *self.input.get(self.ip).ok_or(LzoError::InputOverrun)? == 0 {
            self.ip += 1;
            zeros += 1;
            if zeros > self.max_out / 255 + 1 {
                return Err(LzoError::OutputOverrun);
            }
        }
        Ok(zeros * 255 + base + self.byte()?)
    }

    fn literals(&mut self, count: usize) -> Result<(), LzoError> {
        let end = self.ip.checked_add(count).ok_or(LzoError::InputOverrun)?;
        let run = self.input.get(self.ip..end).ok_or(LzoError::InputOverrun)?;
        if self.out.len() + count > self.max_out {
            return Err(LzoError::OutputOverrun);
        }
        self.out.extend_from_slice(run);
        self.ip = end;
        Ok(())
    }

    /// Copies `len` bytes from `distance` bytes back (they may overlap the bytes written).
    fn copy_match(&mut self, distance: usize, len: usize) -> Result<(), LzoError> {
        if distance == 0 || distance > self.out.len() {
            return Err(LzoError::LookBehind);
        }
        if self.out.len() + len > self.max_out {
            return Err(LzoError::OutputOverrun);
        }
        let start = self.out.len() - distance;
        for i in 0..len {
            let b = self.out[start + i];
            self.out.push(b);
        }
        Ok(())
    }
}

/// Decodes one LZO1X stream into at most `max_out` bytes.
pub fn decompress(input: &[u8], max_out: usize) -> Result<Vec<u8>, LzoError> {
    let mut d = Decoder {
        input,
        ip: 0,
        out: Vec::with_capacity(max_out.min(input.len().saturating_mul(4)).min(1 << 20)),
        max_out,
    };
    // `state` is how many literals followed the last instruction (0, 1-3, or 4 for a longer
    // run): it changes what a small opcode means.
    let mut state;
    let first = *input.first().ok_or(LzoError::InputOverrun)?;
    if first > 17 {
        d.ip = 1;
        let t = usize::from(first) - 17;
        d.literals(t)?;
        state = if t < 4 { t } else { 4 };
    } else {
        state = 0;
    }
    loop {
        let t = d.byte()?;
        let (distance, len, next);
        if t < 16 {
            if state == 0 {
                let count = if t == 0 { d.long_length(15)? } else { t } + 3;
                d.literals(count)?;
                state = 4;
                continue;
            }
            next = t & 3;
            let h = d.byte()?;
            if state == 4 {
                distance = 1 + 0x0800 + (t >> 2) + (h << 2);
                len = 3;
            } else {
                distance = 1 + (t >> 2) + (h << 2);
                len = 2;
            }
        } else if t >= 64 {
            next = t & 3;
            let h = d.byte()?;
            distance = 1 + ((t >> 2) & 7) + (h << 3);
            len = (t >> 5) + 1;
        } else if t >= 32 {
            let mut l = t & 31;
            if l == 0 {
                l = d.long_length(31)?;
            }
            let word = d.le16()?;
            distance = 1 + (word >> 2);
            next = word & 3;
            len = l + 2;
        } else {
            let mut l = t & 7;
            if l == 0 {
                l = d.long_length(7)?;
            }
            let word = d.le16()?;
            let back = ((t & 8) << 11) + (word >> 2);
            if back == 0 {
                // The end marker: 0x11 0x00 0x00.
                return if l + 2 == 3 {
                    Ok(d.out)
                } else {
                    Err(LzoError::BadEnd)
                };
            }
            distance = back + 0x4000;
            next = word & 3;
            len = l + 2;
        }
        d.copy_match(distance, len)?;
        d.literals(next)?;
        state = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_literal_run_and_an_overlapping_match_decode() {
        // 4 literals "abcd" (first byte 17 + 4), then an M2 match: length 3 (t>>5 = 2 → 2+1),
        // distance 4, no trailing literals; then the end marker.
        let t: u8 = (2 << 5) | ((3 & 7) << 2);
        let stream = [21, b'a', b'b', b'c', b'd', t, 0, 0x11, 0, 0];
        assert_eq!(decompress(&stream, 100).unwrap(), b"abcdabc");
    }

    #[test]
    fn hostile_streams_fail_cleanly() {
        assert_eq!(decompress(&[], 10), Err(LzoError::InputOverrun));
        assert_eq!(decompress(&[21, b'a'], 10), Err(LzoError::InputOverrun));
        // A match reaching two bytes back when one has been written.
        assert_eq!(
            decompress(&[18, b'a', 0x44, 0, 0x11, 0, 0], 10),
            Err(LzoError::LookBehind)
        );
        // More literals than allowed.
        assert_eq!(
            decompress(&[21, 1, 2, 3, 4], 2),
            Err(LzoError::OutputOverrun)
        );
    }
}
