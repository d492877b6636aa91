//! The IEC 62443 knowledge base: requirements of parts 2-1, 2-4, 3-2, 3-3, 4-1 and 4-2 as
//! data, and the types every other Rampart crate speaks in.
//!
//! - [`SecurityLevel`], [`SlVector`], [`Fr`] and [`MaturityLevel`]: the levels of the series.
//! - [`RequirementId`]: ids parsed and normalised however they were typed.
//! - [`Catalog`]: the items, compiled into the binary from `data/*.yaml`, with the queries
//!   "which items does this SL vector need" and its inverse "which level do these satisfied
//!   items reach" ([`Catalog::required_for`], [`Catalog::achieved_levels`]).
//! - Local overrides ([`Catalog::apply_overrides`]) for organisations holding the standard.
//! - [`oscal`]: export as OSCAL catalogs (OSCAL 1.2.3).
//! - [`overrides_schema`]: the JSON Schema of the override file, derived from its parser.
//!
//! Titles and levels come from cross-checked public sources (see `data/`); descriptions are
//! Rampart's own words. Where sources disagree the item says so ([`Requirement::disputed`]).

mod catalog;
mod id;
mod level;
mod model;
pub mod oscal;
mod overrides;

pub use catalog::{Catalog, CatalogError, DATA_VERSION, LevelScope, LookupError};
pub use id::{ParseIdError, RequirementId};
pub use level::{
    Fr, MaturityLevel, ParseLevelError, SecurityLevel, SlKind, SlVector, SlVectorError,
};
pub use model::{
    AppliedOverride, ComponentType, Group, ItemKind, Part, PartInfo, Provenance, Requirement,
    Scale, UnknownNameError,
};
pub use overrides::overrides_schema;
pub use rampart_yaml::Problem;
