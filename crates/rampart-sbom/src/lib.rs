//! Software identifiers for SBOMs and vulnerability matching.
//!
//! - [`purl`]: package URLs per the purl specification, behind Rampart's own [`Purl`] type.
//! - [`cpe`]: CPE 2.3 names (formatted-string and 2.2 URI bindings) and NISTIR 7696 matching.
//! - [`normalise`]: package names of embedded software mapped to the CPE vendor/product pairs
//!   NVD uses for them (`libssl3` → `openssl:openssl`).
//!
//! The crate knows nothing of the other Rampart crates: components, CycloneDX and SPDX build on it.

pub mod cpe;
pub mod normalise;
pub mod purl;

pub use cpe::{Cpe, CpeError, Part};

pub use purl::{Purl, PurlError};
