//! The IEC 62443 knowledge base: requirements of parts 2-1, 2-4, 3-2, 3-3, 4-1 and 4-2 as
//! data, and the types every other Rampart crate speaks in.
//!
//! - [`SecurityLevel`], [`SlVector`], [`Fr`] and [`MaturityLevel`]: the levels of the series.
//! - [`RequirementId`]: ids parsed and normalised however they were typed.
//! - [`Catalog`]: the items, compiled into the binary from `data/*.yaml`, with the queries
//!   "which items does this SL vector need" and its inverse "which level do these satisfied
//!   items reach" ([`Catalog::required_for`], [`Catalog::achieved_levels`]).
//! - Local overrides ([`Catalog::apply_overrides`]) for organisations holding the standard.
//! - [`oscal`]: export as OSCAL 1.x catalogs.
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
pub use level::{Fr, MaturityLevel, ParseLevelError, SecurityLevel, SlKind, SlVector};
pub use model::{
    AppliedOverride, ComponentType, Group, ItemKind, Part, PartInfo, Provenance, Requirement,
    Scale, UnknownNameError,
};
pub use overrides::OverrideProblem;

/// Parser limits for YAML from users: deep nesting and alias bombs fail fast instead of
/// exhausting memory.
pub fn yaml_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = 64;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_events = 2_000_000;
    serde_saphyr::options! { budget: Some(budget) }
}

/// A YAML error as one line, without the source snippet (callers print the location).
pub fn yaml_error_message(e: &serde_saphyr::Error) -> String {
    let text = e.to_string();
    let first = text.lines().next().unwrap_or("invalid YAML").trim();
    // serde-saphyr appends " at line L, column C"; callers put the place first instead.
    match first.rfind(" at line ") {
        Some(cut) => first[..cut].to_owned(),
        None => first.to_owned(),
    }
}
