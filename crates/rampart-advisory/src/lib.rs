//! Vulnerability advisories: one model for every source, and what is built on it.
//!
//! - [`model`]: the source-neutral [`Advisory`] (OSV, NVD, CSAF and distro trackers are all read
//!   into it) and the enrichment records of CISA KEV and FIRST EPSS.
//! - [`key`]: the [`MatchKey`]s under which an advisory is indexed and a component looked up,
//!   and the mapping between purl types and OSV ecosystems they rest on.
//! - [`lookup`]: the [`AdvisoryLookup`] matching reads candidates through, and an in-memory
//!   implementation.
//! - [`index`]: the on-disk advisory index (redb), its importer and status.
//! - [`matching`]: components against advisories: findings with evidence and confidence,
//!   merged per vulnerability, scored (CVSS) and ranked (KEV, EPSS).
//! - [`source`]: the [`AdvisorySource`] trait each feed format implements, and the registry
//!   that picks one for a file.
//! - [`sources`]: the feed formats: OSV, NVD CVE API 2.0, CISA KEV, FIRST EPSS, the Debian
//!   security tracker, CSAF 2.0.
//! - [`vex`]: VEX statements (OpenVEX, CycloneDX, CSAF) read, applied and written, and the
//!   user's triage file.
//!
//! The crate depends only on rampart-yaml (located problems), rampart-version (version order)
//! and rampart-sbom (identifiers and components).

pub mod index;
pub mod key;
pub mod lookup;
pub mod matching;
pub mod model;
pub mod source;
pub mod sources;
pub mod vex;

pub use key::MatchKey;
pub use lookup::{AdvisoryLookup, LookupError, MemoryIndex};
pub use matching::{FailOn, Finding, ReadyAdvisory, ScanReport, scan};
pub use model::{Advisory, Affected, Confidence, EpssScore, KevEntry, Record};
pub use source::{AdvisorySource, Input, ReadSummary, SourceError};
