//! The feed formats Rampart reads, one file each, and what they share.
//!
//! Every JSON source checks the whole input's syntax first (a cheap pass that builds
//! nothing), so an input that is not valid JSON is refused before any record reaches the
//! sink; then it deserializes one record at a time straight into the model, and a record
//! that cannot be used is skipped with its place and reason instead of stopping the feed.

pub mod csaf;
pub mod debian_tracker;
pub mod epss;
pub mod kev;
pub mod nvd;
pub mod osv;

mod head;
mod json;

pub use debian_tracker::DebianTracker;
pub use epss::Epss;
pub use kev::Kev;
pub use nvd::Nvd;
pub use osv::Osv;
