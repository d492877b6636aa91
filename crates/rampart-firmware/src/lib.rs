//! Firmware analysis: a device image unpacked in-process and within bounds, then read for
//! the components it ships, how its binaries were hardened and what secrets it carries.
//!
//! The layers, each usable alone:
//! - [`unpack`]: one [`Unpacker`](unpack::Unpacker) per format and the recursive driver
//!   [`unpack_image`](unpack::unpack_image), producing a [`FileTree`](tree::FileTree) in memory;
//! - [`guard`] and [`limits`]: the path guard and the budgets every unpacker works within;
//! - [`identify`]: the components an unpacked tree ships (package databases, version
//!   signatures, ELF metadata), with purls, CPEs and evidence, and the image's SBOM;
//! - [`hardening`]: how each ELF file of the tree and its kernel were hardened;
//! - [`findings`]: secrets and risky configuration in the tree, each mapped to the
//!   IEC 62443-4-2 requirements it bears on;
//! - [`extract`]: the tree written to a folder, links checked again on the way.

pub mod analysis;
pub mod codec;
pub mod extract;
pub mod findings;
pub mod folder;
pub mod guard;
pub mod hardening;
pub mod identify;
pub mod limits;
pub mod literals;
pub mod tree;
pub mod unpack;
