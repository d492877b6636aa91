//! Every unpacker Rampart knows, in the order they are tried on the same bytes.

use super::Unpacker;

/// The unpackers, most specific first: when two detect the same offset, the first that
/// unpacks anything wins.
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
        &super::gzip::Gzip,
    ]
}
