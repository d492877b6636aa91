//! Conformance against real data kept outside the repository (`../shared/corpora`), one
//! module per kind of source. Built only with `--features conformance`; `.ci/run` sets
//! `RAMPART_CORPORA`.

mod csaf;
mod sources;
mod vex;
