//! The feed formats Rampart reads, one module each.

pub mod csaf;
