//! The model file as written: serde structs that keep the source position of every value a
//! validation message may need to point at. Validation ([`crate::model`]) reads them; the JSON
//! Schemas (`rampart schema system|component-assessment`) are derived from them, so the
//! schemas describe exactly what the parser reads. Doc comments on fields become the
//! schema's descriptions.
//!
//! Values whose checks should be reported all at once (enumerations, levels, ports) are read
//! as text or wide integers here and checked in validation; only YAML syntax and gross type
//! errors (a list where a mapping belongs) stop parsing.

mod values;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::schema::{
    capability_keys, capability_names, category_keys, component_type, criticality_names,
    direction_names, domain_names, known_vectors, role_names, sl_t, unique,
};
pub(crate) use values::{RawLevel, RawSl, RawVersion, S};

/// A system under consideration: assets, zones, conduits, data flows, threat scenarios,
/// countermeasures and the risk method. See docs/system-model.md.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Rampart system model (IEC 62443-3-2 zones and conduits)")]
pub(crate) struct RawModel {
    /// The system under consideration (ZCR 1).
    pub system: RawSystem,
    /// The risk matrix and the SL-T derivation; every field has a default.
    #[serde(default)]
    pub risk: Option<RawRisk>,
    /// The components of the system.
    #[serde(default)]
    pub assets: Vec<RawAsset>,
    /// Groups of assets that share security requirements.
    #[serde(default)]
    pub zones: Vec<RawZone>,
    /// The communication paths between two zones.
    #[serde(default)]
    pub conduits: Vec<RawConduit>,
    /// Data flows between assets or zones.
    #[serde(default)]
    pub flows: Vec<RawFlow>,
    /// Threat scenarios of the detailed risk assessment (ZCR 5.1).
    #[serde(default)]
    pub threats: Vec<RawThreat>,
    /// Countermeasures: lower scenario risk and/or meet or compensate for requirements.
    #[serde(default)]
    pub countermeasures: Vec<RawCountermeasure>,
    /// The owner's acceptances: each covers the findings of one check on one element (the
    /// residual risk of a scenario: check `intolerable-residual-risk`). Covered findings stay
    /// listed, marked, but do not count for --fail-on while the acceptance is in force, from
    /// `date` to the day before `expires`.
    #[serde(default)]
    pub acceptances: Vec<RawAcceptance>,
}

/// The system under consideration (ZCR 1).
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSystem {
    /// Its name.
    #[schemars(length(min = 1))]
    pub name: S<String>,
    /// What is inside the SUC and what is outside.
    #[serde(default)]
    pub boundary: Option<String>,
    /// The asset owner.
    #[serde(default)]
    pub owner: Option<String>,
    /// Free text.
    #[serde(default)]
    pub description: Option<String>,
}

/// The risk matrix and the SL-T derivation; every field has a default.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRisk {
    /// Likelihood labels, lowest first (default rare, unlikely, possible, likely,
    /// almost-certain).
    #[serde(default)]
    #[schemars(length(min = 2, max = 10))]
    pub likelihood: Option<S<Vec<String>>>,
    /// Impact labels, lowest first (default negligible, minor, moderate, major,
    /// catastrophic).
    #[serde(default)]
    #[schemars(length(min = 2, max = 10))]
    pub impact: Option<S<Vec<String>>>,
    /// The highest tolerable likelihood × impact score (default 4).
    #[serde(default)]
    #[schemars(range(min = 0))]
    pub tolerable: Option<S<i64>>,
    /// How `sl_t: derive` turns risk into SL-T per FR.
    #[serde(default)]
    pub derivation: Option<RawDerivation>,
}

/// How `sl_t: derive` turns risk into SL-T per FR.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDerivation {
    /// Every FR of a derived zone starts here (default 1).
    #[serde(default)]
    #[schemars(range(min = 0, max = 4))]
    pub baseline: Option<S<i64>>,
    /// A consequence category drives its FRs at or above this impact (default: the middle of
    /// the scale).
    #[serde(default)]
    pub min_impact: Option<S<RawLevel>>,
    /// SL asked for per threat-source capability (default casual 1, simple 2, sophisticated
    /// 3, extended 4).
    #[serde(default)]
    #[schemars(transform = capability_keys)]
    pub capability: Option<BTreeMap<String, S<i64>>>,
    /// FRs every intentional scenario drives (default FR1, FR2).
    #[serde(default)]
    #[schemars(transform = unique)]
    pub intentional: Option<Vec<S<String>>>,
    /// FRs a scenario with an external vector drives (default FR5, FR6).
    #[serde(default)]
    #[schemars(transform = unique)]
    pub external: Option<Vec<S<String>>>,
    /// Vectors that count as external; a word not among the known vectors becomes a vector
    /// scenarios may name.
    #[serde(default)]
    #[schemars(transform = unique)]
    pub external_vectors: Option<Vec<S<String>>>,
    /// FRs each consequence category drives (default safety and environment FR3, FR6, FR7;
    /// production FR3, FR7; financial and reputation FR4).
    #[serde(default)]
    #[schemars(transform = category_keys)]
    pub categories: Option<BTreeMap<String, S<Vec<S<String>>>>>,
}

/// A component of the system: device, host or application.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAsset {
    /// Unique across all elements of the model.
    #[schemars(length(min = 1))]
    pub id: S<String>,
    /// Display name (the id when not given).
    #[serde(default)]
    pub name: Option<String>,
    /// 4-2 component type: embedded-device, host-device, network-device,
    /// software-application (or ED, HD, ND, SA).
    #[schemars(schema_with = "component_type")]
    pub kind: S<String>,
    /// What it does on the network; a conduit's boundary devices are a firewall, gateway or
    /// data-diode.
    #[serde(default)]
    #[schemars(schema_with = "role_names")]
    pub role: Option<S<String>>,
    /// Manufacturer.
    #[serde(default)]
    pub vendor: Option<String>,
    /// Product name.
    #[serde(default)]
    pub product: Option<String>,
    /// Product or firmware version, as text: quote numbers (YAML reads 3.10 as 3.1).
    #[serde(default)]
    pub version: Option<S<RawVersion>>,
    /// Free text.
    #[serde(default)]
    pub description: Option<String>,
    /// ZCR 3.2: business (enterprise IT) or control (IACS); default control.
    #[serde(default)]
    #[schemars(schema_with = "domain_names")]
    pub domain: Option<S<String>>,
    /// How much the operation depends on it; default medium.
    #[serde(default)]
    #[schemars(schema_with = "criticality_names")]
    pub criticality: Option<S<String>>,
    /// Part of a safety function (ZCR 3.3).
    #[serde(default)]
    pub safety_related: bool,
    /// Connects over a wireless link (ZCR 3.5).
    #[serde(default)]
    pub wireless: bool,
    /// Connected only now and then (ZCR 3.4).
    #[serde(default)]
    pub temporarily_connected: bool,
    /// Reachable from outside the SUC (ZCR 3.6).
    #[serde(default)]
    pub externally_reachable: bool,
    /// Path or URL of its SBOM.
    #[serde(default)]
    pub sbom: Option<String>,
    /// Path or URL of its firmware image.
    #[serde(default)]
    pub firmware: Option<String>,
    /// Path, relative to the model file, of the component assessment (`rampart schema
    /// component-assessment`) that establishes its SL-C; not together with sl_c.
    #[serde(default)]
    pub component_assessment: Option<S<String>>,
    /// Capability SL-C; absent means unknown.
    #[serde(default)]
    pub sl_c: Option<S<RawSl>>,
    /// 4-2 items it meets beyond those its SL-C implies.
    #[serde(default)]
    #[schemars(transform = unique)]
    pub satisfies: Vec<S<String>>,
}

/// A zone: assets sharing security requirements.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawZone {
    /// Unique across all elements of the model.
    #[schemars(length(min = 1))]
    pub id: S<String>,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Free text.
    #[serde(default)]
    pub description: Option<String>,
    /// Purdue level, for diagram layout only.
    #[serde(default)]
    #[schemars(range(min = 0, max = 5))]
    pub level: Option<S<i64>>,
    /// Asset ids; each asset is in exactly one zone.
    #[serde(default)]
    #[schemars(transform = unique)]
    pub assets: Vec<S<String>>,
    /// Target SL-T, or `derive` to derive it from the threat scenarios.
    #[schemars(schema_with = "sl_t")]
    pub sl_t: S<RawSl>,
    /// Achieved SL-A, if known.
    #[serde(default)]
    pub sl_a: Option<S<RawSl>>,
    /// 3-3 items the zone meets.
    #[serde(default)]
    #[schemars(transform = unique)]
    pub satisfies: Vec<S<String>>,
}

/// A conduit: the communication paths between two zones.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConduit {
    /// Unique across all elements of the model.
    #[schemars(length(min = 1))]
    pub id: S<String>,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Free text.
    #[serde(default)]
    pub description: Option<String>,
    /// The two zones joined.
    #[schemars(length(min = 2, max = 2))]
    pub zones: S<Vec<S<String>>>,
    /// Its channels.
    #[serde(default)]
    pub channels: Vec<RawChannel>,
    /// Assets that enforce the conduit: a `role` of firewall, gateway or data-diode, in one
    /// of the two zones or in a zone with conduits to both.
    #[serde(default)]
    #[schemars(transform = unique)]
    pub boundary_devices: Vec<S<String>>,
}

/// One communication channel of a conduit.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawChannel {
    /// Protocol name, e.g. `opc-ua`, `modbus-tcp`.
    pub protocol: S<String>,
    /// TCP/UDP port.
    #[serde(default)]
    #[schemars(range(min = 1, max = 65535))]
    pub port: Option<S<i64>>,
    /// Which way data flows, relative to the order of the conduit's `zones`; default
    /// bidirectional.
    #[serde(default)]
    #[schemars(schema_with = "direction_names")]
    pub direction: Option<S<String>>,
    /// Confidentiality protection on the wire.
    #[serde(default)]
    pub encrypted: bool,
    /// Peers authenticate each other.
    #[serde(default)]
    pub authenticated: bool,
}

/// A data flow between two assets or zones.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFlow {
    /// Unique across all elements of the model.
    #[schemars(length(min = 1))]
    pub id: S<String>,
    /// Free text.
    #[serde(default)]
    pub description: Option<String>,
    /// Sender: an asset or zone id.
    pub from: S<String>,
    /// Receiver: an asset or zone id.
    pub to: S<String>,
    /// Protocol.
    #[serde(default)]
    pub protocol: Option<S<String>>,
    /// Port.
    #[serde(default)]
    #[schemars(range(min = 1, max = 65535))]
    pub port: Option<S<i64>>,
}

/// A threat scenario of the detailed risk assessment (ZCR 5.1).
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawThreat {
    /// Unique across all elements of the model.
    #[schemars(length(min = 1))]
    pub id: S<String>,
    /// Free text.
    #[serde(default)]
    pub description: Option<String>,
    /// The threat source.
    pub source: String,
    /// The source's means.
    #[schemars(schema_with = "capability_names")]
    pub capability: S<String>,
    /// False for accidents and errors; default: true unless capability is casual.
    #[serde(default)]
    pub intentional: Option<bool>,
    /// Entry vector: one of the known vectors (see examples) or one listed in
    /// risk.derivation.external_vectors.
    #[schemars(schema_with = "known_vectors")]
    pub vector: S<String>,
    /// Zone or asset id.
    pub target: S<String>,
    /// Unmitigated likelihood: 1 to the scale's length, or a label.
    pub likelihood: S<RawLevel>,
    /// Impact per category: 0 (none) to the scale's length, or a label.
    #[serde(default)]
    #[schemars(transform = category_keys)]
    pub consequences: BTreeMap<String, S<RawLevel>>,
    /// Countermeasures in place against this scenario; each must apply to the target or the
    /// target asset's zone.
    #[serde(default)]
    #[schemars(transform = unique)]
    pub countermeasures: Vec<S<String>>,
}

/// A countermeasure: reduces scenario risk and/or meets or compensates for requirements.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCountermeasure {
    /// Unique across all elements of the model.
    #[schemars(length(min = 1))]
    pub id: S<String>,
    /// Free text.
    #[serde(default)]
    pub description: Option<String>,
    /// Zones and assets it protects.
    #[serde(default)]
    #[schemars(transform = unique)]
    pub applies_to: Vec<S<String>>,
    /// 3-3 or 4-2 items it meets, or compensates for when `compensating`.
    #[serde(default)]
    #[schemars(transform = unique)]
    pub requirements: Vec<S<String>>,
    /// It stands in for requirements the protected elements do not meet.
    #[serde(default)]
    pub compensating: bool,
    /// Steps it lowers a scenario's likelihood.
    #[serde(default)]
    #[schemars(range(min = 0))]
    pub likelihood_reduction: Option<S<i64>>,
    /// Steps it lowers a scenario's impact.
    #[serde(default)]
    #[schemars(range(min = 0))]
    pub impact_reduction: Option<S<i64>>,
}

/// What one component (a product and version) is known to meet of IEC 62443-4-2. Linked
/// from an asset's `component_assessment`; gives the asset its SL-C.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Rampart component assessment",
    extend("anyOf" = [{"required": ["satisfied"]}, {"required": ["sl_c"]}])
)]
pub(crate) struct RawAssessment {
    /// The product assessed, e.g. vendor, product and model.
    #[schemars(length(min = 1))]
    pub component: S<String>,
    /// Its 4-2 component type; must match the asset's kind.
    #[serde(rename = "type")]
    #[schemars(schema_with = "component_type")]
    pub component_type: S<String>,
    /// The version assessed, as text (quoted).
    #[serde(default)]
    pub version: Option<S<RawVersion>>,
    /// The SL-C claimed (e.g. from a certificate). With `satisfied`, a claim above what the
    /// items reach is an error.
    #[serde(default)]
    pub sl_c: Option<S<RawSl>>,
    /// The 4-2 requirement ids the component meets, e.g. `CR 1.1`, `EDR 2.4 RE 1`; the SL-C
    /// per FR is the highest level all of whose items are listed.
    #[serde(default)]
    #[schemars(transform = unique)]
    pub satisfied: Vec<S<String>>,
}

/// An owner's acceptance of the findings of one check on one element.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAcceptance {
    /// A check id (`rampart system checks`).
    #[schemars(length(min = 1))]
    pub check: S<String>,
    /// The id of the element the findings are about, of the kind the check reports on.
    #[schemars(length(min = 1))]
    pub element: S<String>,
    /// Who accepts: name and role.
    #[schemars(length(min = 1))]
    pub by: S<String>,
    /// When it was given, YYYY-MM-DD.
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub date: S<String>,
    /// The first day it no longer holds, YYYY-MM-DD; after `date`.
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub expires: S<String>,
    /// Why the risk is acceptable.
    #[schemars(length(min = 1))]
    pub rationale: S<String>,
}
