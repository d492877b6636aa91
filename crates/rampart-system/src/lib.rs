//! System models for the IEC 62443-3-2 workflow: zones, conduits, assets, data flows and
//! threat scenarios in a YAML file, and what Rampart computes from them.
//!
//! 1. [`SystemModel::load`] parses and validates a model, reporting every problem as
//!    `file:line:col: message` ([`ModelError`]).
//! 2. [`checks::run_checks`] applies the 3-2 rules (ZCR 3.1–3.6 partitioning, channel
//!    protection, risk follow-up) and returns [`Finding`]s; [`checks::run_checks_as_of`]
//!    also marks those the owner has accepted, as of a given day ([`acceptance`]).
//! 3. [`risk::assess`] rates each threat scenario before and after countermeasures, the
//!    initial risk per zone, and explains each derived SL-T ([`risk::assess_as_of`] marks
//!    accepted residual risk).
//! 4. [`gap::analyse`] compares SL-T with SL-C and SL-A per zone and FR and lists the 3-3 and
//!    4-2 items still missing.
//! 5. [`render`] turns those into tables, JSON, SVG and Graphviz DOT.
//!
//! The file format, the risk method and the JSON outputs are documented in
//! `docs/system-model.md`; [`schema::model_schema`] is the file's JSON Schema.

mod error;
mod model;
mod raw;

pub mod acceptance;
pub mod checks;
pub mod date;
pub mod exposure;
pub mod gap;
pub mod render;
pub mod risk;
pub mod schema;

pub use acceptance::{Acceptance, AcceptanceNote, Standing};
pub use checks::{Check, ElementKind, Finding, Severity, all_checks, run_checks, run_checks_as_of};
pub use date::IsoDate;
pub use error::{ModelError, Problem};
pub use gap::{GapReport, GapStatus};
pub use model::{
    Asset, AssetIdx, Capability, Channel, Conduit, ConduitIdx, ConsequenceCategory, Countermeasure,
    CountermeasureIdx, Criticality, DataFlow, DerivationConfig, Direction, Domain, ElementRef,
    Endpoint, FlowIdx, KNOWN_VECTORS, MAX_ASSESSMENT_BYTES, MAX_MODEL_BYTES, RiskConfig, Role,
    SlSource, Span, SystemInfo, SystemModel, Target, ThreatIdx, ThreatScenario, Zone, ZoneIdx,
};
pub use risk::{RiskMatrix, RiskReport, SlDerivation};
