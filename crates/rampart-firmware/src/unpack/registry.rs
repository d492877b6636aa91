//! Every unpacker Rampart knows, in the order they are tried on the same bytes.

use super::Unpacker;

/// The unpackers, most specific first: when two detect the same offset, the first that
/// unpacks anything wins. The weak-magic formats (LZMA-alone, zlib) come last.
pub fn registry() -> &'static [&'static dyn Unpacker] {
    &[
        // Vendor headers and firmware containers, whose payloads are often compressed: they
        // must win over the compression formats that would find the payload inside them.
        &super::uimage::UImage,
        &super::fit::Fit,
        &super::dtb::Dtb,
        &super::trx::Trx,
        &super::tplink::TpLink,
        &super::tplink_rtos::TpLinkRtos,
        &super::xiaomi::Xiaomi,
        &super::dahua::DahuaZip,
        &super::arcadyan::Arcadyan,
        &super::android_sparse::AndroidSparse,
        &super::bzimage::BzImage,
        &super::zimage::ZImage,
        &super::ikconfig::IkConfig,
        &super::ihex::IntelHex,
        &super::srec::Srec,
        &super::tar::Tar,
        &super::squashfs::Squashfs,
        &super::ext::Ext,
        &super::romfs::Romfs,
        &super::cramfs::Cramfs,
        &super::jffs2::Jffs2,
        &super::ubi::Ubi,
        &super::ubifs::Ubifs,
        &super::yaffs2::Yaffs2,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Format names are folder names and report keys: each must be unique and plain.
    #[test]
    fn format_names_are_unique_lowercase_ids() {
        let mut names: Vec<&str> = registry().iter().map(|u| u.format()).collect();
        for name in &names {
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{name}"
            );
        }
        names.sort_unstable();
        let count = names.len();
        names.dedup();
        assert_eq!(names.len(), count, "duplicate format names");
    }
}
