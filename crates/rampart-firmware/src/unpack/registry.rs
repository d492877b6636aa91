//! Every unpacker Rampart knows, in the order they are tried on the same bytes.

use super::Unpacker;

/// The unpackers, most specific first: when two detect the same offset, the first that
/// unpacks anything wins.
pub fn registry() -> &'static [&'static dyn Unpacker] {
    &[
        &super::tar::Tar,
        &super::gzip::Gzip,
        &super::jffs2::Jffs2,
        &super::ubi::Ubi,
        &super::ubifs::Ubifs,
        &super::yaffs2::Yaffs2,
    ]
}
