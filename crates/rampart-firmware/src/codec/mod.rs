//! Decoders and checksums that the flash filesystems need: LZO1X (JFFS2 and UBIFS nodes,
//! squashfs blocks), which no well-kept permissively licensed pure-Rust crate decodes; small
//! compressed blocks of a known size through the pure-Rust crates (`flate2`, `lzma-rs`,
//! `ruzstd`), each capped; and the seeded, un-inverted CRC-32 of JFFS2 and UBI/UBIFS headers.

pub mod block;
pub mod crc;
pub mod lzo;
