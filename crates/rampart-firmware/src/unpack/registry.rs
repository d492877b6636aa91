//! Every unpacker Rampart knows, in the order they are tried on the same bytes.

use super::Unpacker;

/// The unpackers, most specific first: when two detect the same offset, the first that
/// unpacks anything wins. The weak-magic formats (LZMA-alone, zlib) come last.
pub fn registry() -> &'static [&'static dyn Unpacker] {
    &[
        &super::tar::Tar,
        &super::squashfs::Squashfs,
        &super::ext::Ext,
        &super::romfs::Romfs,
        &super::cramfs::Cramfs,
        &super::zip::Zip,
        &super::cpio::Cpio,
        &super::sevenz::SevenZ,
        &super::gzip::Gzip,
        &super::xz::Xz,
        &super::bzip2::Bzip2,
        &super::zstd::Zstd,
        &super::lz4::Lz4,
        &super::lzop::Lzop,
        &super::compress::Compress,
        &super::lzip::Lzip,
        &super::lzma::Lzma,
        &super::zlib::Zlib,
    ]
}
