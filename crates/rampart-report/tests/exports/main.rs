//! Tests of the standard exports (`rampart_report::export`): schema validity, determinism,
//! the mappings `docs/exports.md` documents, and snapshots of a small case.

mod csaf;
mod fixture;
mod oscal;
mod sarif;
