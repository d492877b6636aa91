//! squashfs, the read-only compressed filesystem of most Linux firmware, read by Rampart's own
//! parser: version 4 in both byte orders with every compressor (gzip, lzma, lzo, xz, lz4,
//! zstd), the vendor variants that change only the magic (AVM and others), and versions 3
//! and 2 (zlib and the vendors' LZMA). Version 1 is recognised and reported as unsupported.
//!
//! Why not the `backhand` crate: it decodes xz and zstd through C libraries (liblzma, libzstd)
//! and LZO through a machine-translated C port full of `unsafe`, and it reads whole tables
//! sized by superblock fields before checking them against the image. Here every size read
//! from the image is checked against the image and the run's budget before anything is
//! allocated, metadata is decoded block by block into a bounded cache, and every decoder is
//! pure Rust with its output capped at one block.

mod compression;
mod endian;
mod metadata;
mod reader;
mod v2;
mod v3;
mod v4;
mod walk;

use endian::Endian;

use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// squashfs.
pub struct Squashfs;

/// The standard magics in each byte order, then vendor ones seen in firmware (the byte order
/// is read from the version field, not the magic).
const MAGICS: &[Magic] = &[
    Magic::at_start(b"hsqs"),
    Magic::at_start(b"sqsh"),
    Magic::at_start(b"shsq"),
    Magic::at_start(b"qshs"),
    Magic::at_start(b"hsqt"),
    Magic::at_start(b"tqsh"),
    Magic::at_start(b"sqlz"),
];

/// The byte order and major version of a superblock, from its version field (offset 28 in
/// every version).
fn version(data: &[u8]) -> Option<(Endian, u16)> {
    if data.len() < 96 || !MAGICS.iter().any(|m| data.starts_with(m.bytes)) {
        return None;
    }
    for endian in [Endian::Little, Endian::Big] {
        let major = endian.u16(data, 28)?;
        let minor = endian.u16(data, 30)?;
        // Minor 76 (`L`) marks the LZMA builds of squashfs 2 and 3 used by router vendors.
        if (1..=4).contains(&major) && (minor <= 1 || minor == 76) {
            return Some((endian, major));
        }
    }
    None
}

impl Unpacker for Squashfs {
    fn format(&self) -> &'static str {
        "squashfs"
    }

    fn magics(&self) -> &'static [Magic] {
        MAGICS
    }

    /// Version 1 is detected too, so that an image of it is reported as unsupported rather
    /// than passed over in silence.
    fn detect(&self, data: &[u8]) -> bool {
        version(data).is_some()
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        match version(data) {
            Some((endian, 4)) => v4::unpack(data, endian, sink),
            Some((endian, major @ (2 | 3))) => v3::unpack(data, endian, major, sink),
            Some((_, major)) => Err(UnpackError::format(
                28,
                format!("squashfs version {major} is not supported"),
            )),
            None => Err(UnpackError::format(0, "not a squashfs superblock")),
        }
    }
}
