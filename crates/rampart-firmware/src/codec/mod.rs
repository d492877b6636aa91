//! Block codecs that filesystem images need and no sound crate provides.

pub mod lzo;
