//! The CRC-32 (IEEE, reflected) as the Linux flash filesystems store it: started from a seed
//! of their choosing and never inverted at the end (JFFS2 seeds 0, UBI and UBIFS seed
//! `0xFFFF_FFFF`). `crc32fast` computes the standard, inverted form; this undoes the two
//! inversions so its table-driven speed is kept.

/// The raw CRC-32 register after `data`, starting from `seed`, without the final inversion.
pub fn crc32_raw(seed: u32, data: &[u8]) -> u32 {
    let mut hasher = crc32fast::Hasher::new_with_initial(!seed);
    hasher.update(data);
    !hasher.finalize()
}

/// JFFS2's checksum: seed 0.
pub fn jffs2(data: &[u8]) -> u32 {
    crc32_raw(0, data)
}

/// UBI's and UBIFS's checksum: seed `0xFFFF_FFFF`.
pub fn ubi(data: &[u8]) -> u32 {
    crc32_raw(0xFFFF_FFFF, data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_raw_form_matches_the_standard_crc_with_both_inversions_undone() {
        // The standard CRC-32 of "123456789" is 0xCBF43926: seed !0 and a final inversion.
        assert_eq!(!crc32_raw(0xFFFF_FFFF, b"123456789"), 0xCBF4_3926);
        assert_eq!(ubi(b"123456789"), !0xCBF4_3926);
        // Seed 0, no inversion: the bare polynomial division, 0 for empty input.
        assert_eq!(jffs2(b""), 0);
        assert_ne!(jffs2(b"123456789"), ubi(b"123456789"));
    }
}
