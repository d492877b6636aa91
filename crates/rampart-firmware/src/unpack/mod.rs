//! Unpacking: one [`Unpacker`] per format, a cheap `detect` and then `unpack`, driven
//! recursively over the whole image by [`unpack_image`], with carving of content embedded at
//! any offset.
//!
//! An unpacker never touches the disk: it hands each entry to its [`Sink`], which applies the
//! path guard, the run's [`Budget`](crate::limits::Budget) and the tree's rules (no entry below
//! a link or file, first entry of a path wins), records whatever it refuses, and places the
//! rest under the container's folder. A new format is one file here and one line in
//! [`registry`].

mod android_sparse;
mod arcadyan;
mod bzimage;
mod bzip2;
mod compress;
#[cfg(test)]
mod container_tests;
mod cpio;
mod cramfs;
mod dahua;
#[cfg(test)]
mod damage_tests;
mod driver;
mod dtb;
mod endian;
mod ext;
mod fdt;
mod fields;
mod fit;
mod fs_tree;
mod gzip;
mod hex_image;
mod ihex;
mod ikconfig;
mod jffs2;
mod lz4;
mod lzip;
mod lzma;
mod lzop;
mod registry;
mod romfs;
mod sevenz;
mod sink;
mod squashfs;
mod srec;
mod stream;
mod tar;
mod tplink;
mod tplink_rtos;
mod trx;
mod ubi;
mod ubifs;
mod uimage;
mod xiaomi;
mod xz;
mod yaffs2;
mod zimage;
mod zip;
mod zip_local;
mod zlib;
mod zstd;

pub use driver::{Container, UnpackProblem, UnpackReport, Unpacked, unpack_image, unpack_one};
pub use registry::registry;
pub use sink::Sink;

use crate::limits::LimitHit;

/// A byte string that starts a format, `offset` bytes after the format's first byte (tar's
/// `ustar` sits at 257): what the carver looks for at every offset of a file.
#[derive(Debug, Clone, Copy)]
pub struct Magic {
    /// The bytes.
    pub bytes: &'static [u8],
    /// Where they sit from the start of the format.
    pub offset: usize,
}

impl Magic {
    /// Magic bytes at the start of the format.
    pub const fn at_start(bytes: &'static [u8]) -> Magic {
        Magic { bytes, offset: 0 }
    }
}

/// How much of the input a successful unpack occupied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// Bytes from the start of the data given to [`Unpacker::unpack`] that the format
    /// occupies; the carver resumes after them.
    pub consumed: usize,
}

/// Why an unpack stopped early. Whatever reached the sink before is kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnpackError {
    /// A limit of the run.
    #[error(transparent)]
    Limit(#[from] LimitHit),
    /// The data is not what the format requires, at `offset` from the format's start.
    #[error("{message}")]
    Format {
        /// Byte offset from the start of the format.
        offset: u64,
        /// What is wrong.
        message: String,
    },
}

impl UnpackError {
    /// A format error at `offset`.
    pub fn format(offset: u64, message: impl Into<String>) -> UnpackError {
        UnpackError::Format {
            offset,
            message: message.into(),
        }
    }
}

/// One container or compression format.
pub trait Unpacker: Sync {
    /// The format's stable name, used in tree folders and reports (`gzip`, `squashfs`).
    fn format(&self) -> &'static str;

    /// The magics the carver looks for; empty for formats only recognised at the start of a
    /// file (by name or a weak signature).
    fn magics(&self) -> &'static [Magic];

    /// Whether `data` plausibly starts with this format: cheap (header fields only), may be
    /// wrong, never panics.
    fn detect(&self, data: &[u8]) -> bool;

    /// Unpacks `data`, which starts with the format (and may run on past its end), into the
    /// sink.
    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError>;

    /// Whether the carver also looks for this format inside ELF files, which it otherwise
    /// skips (their sections are not containers): true for content a linker embeds, such as
    /// the kernel's `IKCFG_ST` configuration in a `vmlinux`.
    fn scans_elf(&self) -> bool {
        false
    }
}
