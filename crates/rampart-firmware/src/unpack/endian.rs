//! Fixed-width integers read from untrusted bytes in either byte order: `None` past the end,
//! never a panic. The flash filesystems store their headers in the CPU's order, so one image
//! may be big-endian and the next little-endian.

/// A byte order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Endian {
    Little,
    Big,
}

impl Endian {
    pub(crate) fn u16(self, data: &[u8], at: usize) -> Option<u16> {
        let bytes: [u8; 2] = data.get(at..at.checked_add(2)?)?.try_into().ok()?;
        Some(match self {
            Endian::Little => u16::from_le_bytes(bytes),
            Endian::Big => u16::from_be_bytes(bytes),
        })
    }

    pub(crate) fn u32(self, data: &[u8], at: usize) -> Option<u32> {
        let bytes: [u8; 4] = data.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(match self {
            Endian::Little => u32::from_le_bytes(bytes),
            Endian::Big => u32::from_be_bytes(bytes),
        })
    }

    pub(crate) fn u64(self, data: &[u8], at: usize) -> Option<u64> {
        let bytes: [u8; 8] = data.get(at..at.checked_add(8)?)?.try_into().ok()?;
        Some(match self {
            Endian::Little => u64::from_le_bytes(bytes),
            Endian::Big => u64::from_be_bytes(bytes),
        })
    }
}

/// A Linux `dev_t` as `new_encode_dev` packs it into 32 bits (also glibc's `makedev` for
/// numbers that fit): major and minor numbers.
pub(crate) fn decode_dev(dev: u32) -> (u32, u32) {
    let major = (dev & 0xfff00) >> 8;
    let minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
    (major, minor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_past_the_end_are_none() {
        assert_eq!(Endian::Big.u32(&[1, 2, 3, 4], 0), Some(0x0102_0304));
        assert_eq!(Endian::Little.u16(&[1, 2], 0), Some(0x0201));
        assert_eq!(Endian::Little.u32(&[1, 2, 3], 0), None);
        assert_eq!(Endian::Big.u64(&[0; 8], usize::MAX), None);
    }

    #[test]
    fn device_numbers_decode_as_linux_packs_them() {
        // /dev/ttyS0 is 4:64; a minor above 255 lands in the high bits.
        assert_eq!(decode_dev((4 << 8) | 64), (4, 64));
        assert_eq!(decode_dev((8 << 8) | 0x12 | (0x3 << 20)), (8, 0x312));
    }
}
