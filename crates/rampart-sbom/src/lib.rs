//! Software bills of materials and the identifiers in them, for vulnerability matching.
//!
//! - [`purl`]: package URLs per the purl specification, behind Rampart's own [`Purl`] type.
//! - [`cpe`]: CPE 2.3 names (formatted-string and 2.2 URI bindings) and NISTIR 7696 matching.
//! - [`normalise`]: package names of embedded software mapped to the CPE vendor/product pairs
//!   NVD uses for them (`libssl3` → `openssl:openssl`).
//! - [`component`]: the format-neutral [`Sbom`] and [`Component`] that CycloneDX and SPDX are
//!   read into and written from.
//!
//! - [`evidence`]: how a component was identified and where it was seen (CycloneDX 1.6
//!   `evidence`), carried by both formats.
//! - [`diff`]: what changed between two SBOMs of one product.
//! - [`formats`]: CycloneDX and SPDX documents read into and written from [`Sbom`]
//!   ([`read`], [`read_path`], [`write()`]).
//!
//! Of the other Rampart crates it uses only `rampart-yaml`, for capped reading and located
//! problems.

pub mod component;
pub mod cpe;
pub mod diff;
mod error;
pub mod evidence;
pub mod formats;
pub mod normalise;
pub mod purl;

pub use component::{Component, Dependency, Hash, Sbom};
pub use cpe::{Cpe, CpeError, Part};
pub use error::SbomError;
pub use evidence::{Confidence, Evidence, Identity, Method, Occurrence};
pub use formats::{
    Format, MAX_SBOM_BYTES, OutputFormat, detect, json_pointer_place, read, read_as, read_path,
    validate, validate_path, write,
};

pub use purl::{Purl, PurlError};
