//! The validated system model: what every check, the risk assessment and the gap read.
//!
//! [`SystemModel::parse`] turns the file's text into raw serde structs ([`crate::raw`]) and
//! validates them into these types, collecting every problem with its place; downstream code
//! never sees an invalid model. Cross references (a zone's assets, a conduit's zones, a
//! scenario's target) are resolved to indexes into the model's lists, so no later stage looks
//! an id up again or meets a dangling one.

use std::collections::HashMap;
use std::fmt;

use rampart_catalog::{
    Catalog, ComponentType, Fr, LevelScope, Part, RequirementId, SecurityLevel, SlVector,
};
use serde::Serialize;

use rampart_yaml::{Limits, Problems};

use crate::error::ModelError;
use crate::raw::{self, RawLevel, RawSl, S};
use crate::risk::{self, RiskMatrix, SlDerivation};

pub use rampart_yaml::Span;

fn span<T>(s: &S<T>) -> Span {
    Span::of(s)
}

macro_rules! named_enum {
    ($(#[$doc:meta])* $name:ident, $what:literal { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name used in model files and output.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            fn parse(text: &str) -> Result<$name, String> {
                let t = text.trim().to_ascii_lowercase().replace(['_', ' '], "-");
                $name::ALL
                    .iter()
                    .find(|v| v.as_str() == t)
                    .copied()
                    .ok_or_else(|| format!(
                        "unknown {} `{}`: expected one of {}",
                        $what,
                        text,
                        $name::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
                    ))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

named_enum! {
    /// Which side of the business/IACS divide an asset serves; ZCR 3.2 keeps the two apart.
    Domain, "domain" {
        /// Enterprise IT: ERP, e-mail, office workstations.
        Business = "business",
        /// The industrial automation and control system.
        Control = "control",
    }
}

named_enum! {
    /// How much the operation depends on an asset; shown in reports, orders the gap's assets.
    Criticality, "criticality" {
        /// Loss is an inconvenience.
        Low = "low",
        /// Loss degrades operation.
        Medium = "medium",
        /// Loss stops a process area.
        High = "high",
        /// Loss stops the plant or endangers people.
        Critical = "critical",
    }
}

named_enum! {
    /// The means of a threat source, in the words of the SL definitions of 3-3: the
    /// default SL-T derivation maps them to SL 1–4.
    Capability, "threat-source capability" {
        /// Casual or coincidental violation (SL 1).
        Casual = "casual",
        /// Simple means, low resources, generic skills (SL 2).
        Simple = "simple",
        /// Sophisticated means, moderate resources, IACS-specific skills (SL 3).
        Sophisticated = "sophisticated",
        /// Sophisticated means, extended resources, high motivation (SL 4).
        Extended = "extended",
    }
}

named_enum! {
    /// The kinds of consequence a threat scenario is rated on.
    ConsequenceCategory, "consequence category" {
        /// Harm to people.
        Safety = "safety",
        /// Harm to the environment (a spill, a discharge).
        Environment = "environment",
        /// Lost or degraded production or service.
        Production = "production",
        /// Direct financial loss, including theft of data.
        Financial = "financial",
        /// Loss of trust: customers, regulators, the public.
        Reputation = "reputation",
    }
}

named_enum! {
    /// Which way a channel carries data between the conduit's two zones (in the order listed).
    Direction, "direction" {
        /// From the first zone to the second only.
        AToB = "a-to-b",
        /// From the second zone to the first only.
        BToA = "b-to-a",
        /// Both ways.
        Bidirectional = "bidirectional",
    }
}

impl ConsequenceCategory {
    fn index(self) -> usize {
        self as usize
    }
}

/// Where a zone's SL-T comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SlSource {
    /// Written in the model.
    Declared,
    /// Derived from the risk assessment (`sl_t: derive`); see [`SystemModel::derivation`].
    Derived,
}

/// The system under consideration (ZCR 1).
#[derive(Debug, Clone, Serialize)]
pub struct SystemInfo {
    /// Its name.
    pub name: String,
    /// Where the SUC ends: what is in scope and what is outside.
    pub boundary: Option<String>,
    /// The asset owner.
    pub owner: Option<String>,
    /// Free text.
    pub description: Option<String>,
}

/// A component of the system: device, host or application.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Unique id.
    pub id: String,
    /// Display name (the id when not given).
    pub name: String,
    /// The 4-2 component type: decides which CRs and EDR/HDR/NDR/SARs apply.
    pub kind: ComponentType,
    /// Manufacturer.
    pub vendor: Option<String>,
    /// Product name.
    pub product: Option<String>,
    /// Product or firmware version.
    pub version: Option<String>,
    /// Free text.
    pub description: Option<String>,
    /// Business or control side (ZCR 3.2).
    pub domain: Domain,
    /// How much the operation depends on it.
    pub criticality: Criticality,
    /// Part of a safety function (ZCR 3.3).
    pub safety_related: bool,
    /// Connects over a wireless link (ZCR 3.5).
    pub wireless: bool,
    /// Connected only now and then: a laptop, a USB device, a vendor's service PC (ZCR 3.4).
    pub temporarily_connected: bool,
    /// Reachable from networks outside the SUC (ZCR 3.6).
    pub externally_reachable: bool,
    /// Path or URL of its SBOM.
    pub sbom: Option<String>,
    /// Path or URL of its firmware image.
    pub firmware: Option<String>,
    /// Path or URL of its 4-2 component assessment.
    pub component_assessment: Option<String>,
    /// Its capability SL-C, if declared; `None` means unknown, never "zero".
    pub sl_c: Option<SlVector>,
    /// 4-2 items the component is known to meet beyond those its SL-C implies.
    pub satisfies: Vec<RequirementId>,
    /// The zone it sits in (index into [`SystemModel::zones`]).
    pub zone: usize,
    /// Where it is defined.
    pub span: Span,
}

/// A zone: assets sharing security requirements.
#[derive(Debug, Clone)]
pub struct Zone {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// Purdue level 0–5, used only to lay out diagrams.
    pub level: Option<u8>,
    /// Its assets (indexes into [`SystemModel::assets`]), in file order.
    pub assets: Vec<usize>,
    /// The target security level: declared or derived.
    pub sl_t: SlVector,
    /// Whether [`Zone::sl_t`] was declared or derived.
    pub sl_t_source: SlSource,
    /// The achieved level, if declared.
    pub sl_a: Option<SlVector>,
    /// 3-3 items the zone is known to meet.
    pub satisfies: Vec<RequirementId>,
    /// Where it is defined.
    pub span: Span,
}

/// One communication channel of a conduit.
#[derive(Debug, Clone, Serialize)]
pub struct Channel {
    /// Protocol name, e.g. `opc-ua`, `modbus-tcp`.
    pub protocol: String,
    /// TCP/UDP port, if any.
    pub port: Option<u16>,
    /// Which way data flows.
    pub direction: Direction,
    /// Confidentiality protection on the wire (TLS, IPsec, …).
    pub encrypted: bool,
    /// Peers authenticate each other (certificates, keys, …).
    pub authenticated: bool,
    /// Where it is defined.
    #[serde(skip)]
    pub span: Span,
}

/// A conduit: the communication paths between two zones.
#[derive(Debug, Clone)]
pub struct Conduit {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// The two zones joined (indexes), in the order written.
    pub zones: [usize; 2],
    /// Its channels.
    pub channels: Vec<Channel>,
    /// Firewalls, data diodes or gateways that enforce it (asset indexes).
    pub boundary_devices: Vec<usize>,
    /// Where it is defined.
    pub span: Span,
}

/// One end of a data flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// An asset (index).
    Asset(usize),
    /// A whole zone (index).
    Zone(usize),
}

/// A data flow between two assets or zones.
#[derive(Debug, Clone)]
pub struct DataFlow {
    /// Unique id.
    pub id: String,
    /// Free text.
    pub description: Option<String>,
    /// Sender.
    pub from: Endpoint,
    /// Receiver.
    pub to: Endpoint,
    /// Protocol, if given.
    pub protocol: Option<String>,
    /// Port, if given.
    pub port: Option<u16>,
    /// The conduit carrying it (index); `None` when both ends are in one zone.
    pub conduit: Option<usize>,
    /// Where it is defined.
    pub span: Span,
}

/// What a threat scenario targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A zone (index).
    Zone(usize),
    /// An asset (index).
    Asset(usize),
}

/// A threat scenario of the detailed risk assessment (ZCR 5.1).
#[derive(Debug, Clone)]
pub struct ThreatScenario {
    /// Unique id.
    pub id: String,
    /// Free text.
    pub description: Option<String>,
    /// The threat source, e.g. "ransomware affiliate", "disgruntled contractor".
    pub source: String,
    /// The source's means.
    pub capability: Capability,
    /// False for accidents and errors: then the source counts as casual.
    pub intentional: bool,
    /// How it gets in, e.g. `remote-access`, `removable-media`.
    pub vector: String,
    /// The zone or asset attacked.
    pub target: Target,
    /// The zone attacked: the target, or the target asset's zone.
    pub zone: usize,
    /// Unmitigated likelihood, 1 to the matrix's size.
    pub likelihood: u8,
    /// Impact per consequence category (0 = none), in [`ConsequenceCategory::ALL`] order.
    pub consequences: [u8; 5],
    /// Countermeasures in place (indexes).
    pub countermeasures: Vec<usize>,
    /// Where it is defined.
    pub span: Span,
}

impl ThreatScenario {
    /// The impact of one category.
    pub fn impact_of(&self, category: ConsequenceCategory) -> u8 {
        self.consequences[category.index()]
    }

    /// The scenario's impact: the worst over its consequence categories.
    pub fn impact(&self) -> u8 {
        self.consequences.iter().copied().max().unwrap_or(0)
    }
}

/// A countermeasure: reduces scenario risk and/or meets or compensates for requirements.
#[derive(Debug, Clone)]
pub struct Countermeasure {
    /// Unique id.
    pub id: String,
    /// Free text.
    pub description: Option<String>,
    /// Zones it protects (indexes).
    pub zones: Vec<usize>,
    /// Assets it protects (indexes).
    pub assets: Vec<usize>,
    /// 3-3 or 4-2 items it meets (or compensates for, when [`Countermeasure::compensating`]).
    pub requirements: Vec<RequirementId>,
    /// True when it stands in for requirements the protected elements do not meet
    /// themselves (3-3 clause 5.5, compensating countermeasures).
    pub compensating: bool,
    /// Steps it lowers the likelihood of scenarios that list it.
    pub likelihood_reduction: u8,
    /// Steps it lowers the impact of scenarios that list it.
    pub impact_reduction: u8,
    /// Where it is defined.
    pub span: Span,
}

/// The configurable SL-T derivation (see `docs/system-model.md`, "Deriving SL-T").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerivationConfig {
    /// Every FR of a derived zone starts at this level.
    pub baseline: SecurityLevel,
    /// A consequence category drives its FRs only at or above this impact.
    pub min_impact: u8,
    /// The level each capability asks for, in [`Capability::ALL`] order.
    pub capability: [SecurityLevel; 4],
    /// FRs every intentional scenario drives.
    pub intentional: Vec<Fr>,
    /// FRs a scenario with an external vector drives.
    pub external: Vec<Fr>,
    /// Vectors that count as external.
    pub external_vectors: Vec<String>,
    /// FRs each consequence category drives, in [`ConsequenceCategory::ALL`] order.
    pub categories: [Vec<Fr>; 5],
}

impl DerivationConfig {
    /// The level a capability asks for.
    pub fn level_of(&self, capability: Capability) -> SecurityLevel {
        self.capability[capability as usize]
    }

    /// The FRs a category drives.
    pub fn frs_of(&self, category: ConsequenceCategory) -> &[Fr] {
        &self.categories[category.index()]
    }

    /// True when a vector counts as external (case-insensitive).
    pub fn is_external(&self, vector: &str) -> bool {
        self.external_vectors
            .iter()
            .any(|v| v.eq_ignore_ascii_case(vector.trim()))
    }

    /// The documented defaults, for a model of `impact_levels` impact steps.
    pub fn default_for(impact_levels: u8) -> DerivationConfig {
        use Fr::{Dc, Iac, Ra, Rdf, Si, Tre, Uc};
        DerivationConfig {
            baseline: SecurityLevel::SL1,
            // The middle of the scale: "moderate" on the default five steps.
            min_impact: impact_levels.div_ceil(2),
            capability: [
                SecurityLevel::SL1,
                SecurityLevel::SL2,
                SecurityLevel::SL3,
                SecurityLevel::SL4,
            ],
            intentional: vec![Iac, Uc],
            external: vec![Rdf, Tre],
            external_vectors: [
                "internet",
                "remote-access",
                "wireless",
                "external-network",
                "supply-chain-update",
            ]
            .map(str::to_owned)
            .to_vec(),
            categories: [
                vec![Si, Tre, Ra],
                vec![Si, Tre, Ra],
                vec![Si, Ra],
                vec![Dc],
                vec![Dc],
            ],
        }
    }
}

/// The risk method: the matrix and the SL-T derivation.
#[derive(Debug, Clone)]
pub struct RiskConfig {
    /// Likelihood × impact, with the tolerable line.
    pub matrix: RiskMatrix,
    /// How SL-T is derived from the risk results.
    pub derivation: DerivationConfig,
}

/// Any element, by kind and index: what an id resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementRef {
    /// An asset.
    Asset(usize),
    /// A zone.
    Zone(usize),
    /// A conduit.
    Conduit(usize),
    /// A data flow.
    Flow(usize),
    /// A threat scenario.
    Threat(usize),
    /// A countermeasure.
    Countermeasure(usize),
}

impl ElementRef {
    fn kind(self) -> &'static str {
        match self {
            ElementRef::Asset(_) => "asset",
            ElementRef::Zone(_) => "zone",
            ElementRef::Conduit(_) => "conduit",
            ElementRef::Flow(_) => "flow",
            ElementRef::Threat(_) => "threat scenario",
            ElementRef::Countermeasure(_) => "countermeasure",
        }
    }
}

/// A validated system model.
#[derive(Debug, Clone)]
pub struct SystemModel {
    file: String,
    system: SystemInfo,
    assets: Vec<Asset>,
    zones: Vec<Zone>,
    conduits: Vec<Conduit>,
    flows: Vec<DataFlow>,
    threats: Vec<ThreatScenario>,
    countermeasures: Vec<Countermeasure>,
    risk: RiskConfig,
    ids: HashMap<String, ElementRef>,
    /// Conduits by the (smaller, larger) zone-index pair they join.
    conduits_between: HashMap<(usize, usize), Vec<usize>>,
    /// Per zone, the scenarios that target it or one of its assets.
    threats_of_zone: Vec<Vec<usize>>,
    /// Per zone, the countermeasures that apply to it.
    countermeasures_of_zone: Vec<Vec<usize>>,
    /// Per asset, the countermeasures that apply to it.
    countermeasures_of_asset: Vec<Vec<usize>>,
    /// Per zone, the derivation of its SL-T when derived.
    derivations: Vec<Option<SlDerivation>>,
}

/// The largest model file accepted: far above a 10,000-asset plant (about 4 MB), small enough
/// to bound memory.
pub const MAX_MODEL_BYTES: u64 = 64 * 1024 * 1024;

/// The largest component assessment accepted: one component's list of 4-2 items is a few KB.
pub const MAX_ASSESSMENT_BYTES: u64 = 4 * 1024 * 1024;

impl SystemModel {
    /// Reads and validates a model file against the built-in catalog; `path` as given is the
    /// name in messages.
    pub fn load(path: &std::path::Path) -> Result<SystemModel, ModelError> {
        SystemModel::load_with(path, Catalog::builtin())
    }

    /// Reads and validates a model file; component assessments are evaluated against
    /// `catalog` (the built-in one, or one with an organisation's overrides).
    pub fn load_with(path: &std::path::Path, catalog: &Catalog) -> Result<SystemModel, ModelError> {
        let shown = if path.as_os_str() == "-" {
            rampart_yaml::STDIN_NAME.to_owned()
        } else {
            path.display().to_string()
        };
        let text =
            rampart_yaml::read_input(path, MAX_MODEL_BYTES).map_err(|e| ModelError::Read {
                path: shown.clone(),
                message: e.to_string(),
            })?;
        let base = path.parent().unwrap_or_else(|| std::path::Path::new(""));
        SystemModel::parse_in(&shown, &text, base, catalog)
    }

    /// Parses and validates a model's text, named `file` in messages; linked component
    /// assessments are resolved from the current directory.
    pub fn parse(file: &str, text: &str) -> Result<SystemModel, ModelError> {
        SystemModel::parse_in(file, text, std::path::Path::new(""), Catalog::builtin())
    }

    /// Parses and validates a model's text, named `file` in messages; linked component
    /// assessments are resolved from `base_dir` (the model file's folder when loading) and
    /// evaluated against `catalog`.
    pub fn parse_in(
        file: &str,
        text: &str,
        base_dir: &std::path::Path,
        catalog: &Catalog,
    ) -> Result<SystemModel, ModelError> {
        let mut problems = Problems::new(file);
        if text.len() as u64 > MAX_MODEL_BYTES {
            problems.push(
                Span::default(),
                format!(
                    "the model has {} bytes; the limit is {MAX_MODEL_BYTES}",
                    text.len()
                ),
            );
            return Err(ModelError::Invalid {
                problems: problems.into_sorted(),
            });
        }
        let raw: raw::RawModel = match rampart_yaml::parse(file, text, Limits::LARGE_MODEL) {
            Ok(raw) => raw,
            Err(problem) => {
                return Err(ModelError::Invalid {
                    problems: vec![problem],
                });
            }
        };
        let mut model = Validator::new(file, &mut problems, base_dir, catalog).validate(raw);
        if !problems.is_empty() {
            return Err(ModelError::Invalid {
                problems: problems.into_sorted(),
            });
        }
        model.derivations = (0..model.zones.len())
            .map(|z| {
                (model.zones[z].sl_t_source == SlSource::Derived)
                    .then(|| risk::derive_sl_t(&model, z))
            })
            .collect();
        for (zone, derivation) in model.zones.iter_mut().zip(&model.derivations) {
            if let Some(d) = derivation {
                zone.sl_t = d.sl_t;
            }
        }
        Ok(model)
    }

    /// The file name given when loading.
    pub fn file(&self) -> &str {
        &self.file
    }
    /// The system under consideration.
    pub fn system(&self) -> &SystemInfo {
        &self.system
    }
    /// Every asset, in file order.
    pub fn assets(&self) -> &[Asset] {
        &self.assets
    }
    /// Every zone, in file order.
    pub fn zones(&self) -> &[Zone] {
        &self.zones
    }
    /// Every conduit, in file order.
    pub fn conduits(&self) -> &[Conduit] {
        &self.conduits
    }
    /// Every data flow, in file order.
    pub fn flows(&self) -> &[DataFlow] {
        &self.flows
    }
    /// Every threat scenario, in file order.
    pub fn threats(&self) -> &[ThreatScenario] {
        &self.threats
    }
    /// Every countermeasure, in file order.
    pub fn countermeasures(&self) -> &[Countermeasure] {
        &self.countermeasures
    }
    /// The risk method.
    pub fn risk(&self) -> &RiskConfig {
        &self.risk
    }
    /// The element an id names.
    pub fn find(&self, id: &str) -> Option<ElementRef> {
        self.ids.get(id).copied()
    }
    /// The conduits joining two zones (either order).
    pub fn conduits_between(&self, a: usize, b: usize) -> &[usize] {
        self.conduits_between
            .get(&(a.min(b), a.max(b)))
            .map_or(&[], Vec::as_slice)
    }
    /// The scenarios that target a zone or one of its assets.
    pub fn threats_of_zone(&self, zone: usize) -> &[usize] {
        &self.threats_of_zone[zone]
    }
    /// The countermeasures applied to a zone.
    pub fn countermeasures_of_zone(&self, zone: usize) -> &[usize] {
        &self.countermeasures_of_zone[zone]
    }
    /// The countermeasures applied to an asset.
    pub fn countermeasures_of_asset(&self, asset: usize) -> &[usize] {
        &self.countermeasures_of_asset[asset]
    }
    /// How a zone's SL-T was derived; `None` when it was declared.
    pub fn derivation(&self, zone: usize) -> Option<&SlDerivation> {
        self.derivations.get(zone).and_then(Option::as_ref)
    }
    /// The id of an endpoint.
    pub fn endpoint_id(&self, e: Endpoint) -> &str {
        match e {
            Endpoint::Asset(a) => &self.assets[a].id,
            Endpoint::Zone(z) => &self.zones[z].id,
        }
    }
    /// The zone of an endpoint.
    pub fn endpoint_zone(&self, e: Endpoint) -> usize {
        match e {
            Endpoint::Asset(a) => self.assets[a].zone,
            Endpoint::Zone(z) => z,
        }
    }
    /// The id of a scenario's target.
    pub fn target_id(&self, t: Target) -> &str {
        match t {
            Target::Asset(a) => &self.assets[a].id,
            Target::Zone(z) => &self.zones[z].id,
        }
    }
}

/// One validation pass over the raw model; pushes every problem it meets.
struct Validator<'p> {
    file: String,
    problems: &'p mut Problems,
    ids: HashMap<String, (ElementRef, Span)>,
    /// Where linked files (component assessments) are resolved from.
    base_dir: std::path::PathBuf,
    /// The catalog ids are resolved in and assessments evaluated against.
    catalog: &'p Catalog,
    /// Assessments already read, by file and component type.
    assessments: HashMap<(std::path::PathBuf, ComponentType), Assessed>,
}

/// What reading a linked component assessment gave.
#[derive(Clone)]
enum Assessed {
    /// The SL-C it establishes and the 4-2 items it lists.
    Valid(SlVector, Vec<RequirementId>),
    /// The file could not be read: the reason.
    Unreadable(String),
    /// The file has problems (recorded at their place in it).
    Invalid,
}

const NO_ZONE: usize = usize::MAX;

impl<'p> Validator<'p> {
    fn new(
        file: &str,
        problems: &'p mut Problems,
        base_dir: &std::path::Path,
        catalog: &'p Catalog,
    ) -> Self {
        Validator {
            file: file.to_owned(),
            problems,
            ids: HashMap::new(),
            base_dir: base_dir.to_owned(),
            catalog,
            assessments: HashMap::new(),
        }
    }

    /// Reads a linked component assessment and returns the capability it establishes and
    /// the 4-2 items it lists. Its own problems are reported at their place in its file, and
    /// the link is reported at the asset.
    fn component_assessment(
        &mut self,
        link: &S<String>,
        kind: ComponentType,
    ) -> Option<(SlVector, Vec<RequirementId>)> {
        let path = self.base_dir.join(link.value.trim());
        let shown = path.display().to_string();
        // Many assets of one product link one assessment: read and check it once per type.
        let key = (path, kind);
        let outcome = if let Some(outcome) = self.assessments.get(&key) {
            outcome.clone()
        } else {
            let outcome = self.read_assessment(&key.0, kind);
            self.assessments.insert(key, outcome.clone());
            outcome
        };
        match outcome {
            Assessed::Valid(sl_c, items) => Some((sl_c, items)),
            Assessed::Unreadable(e) => {
                self.problem(
                    span(link),
                    format!("cannot read the component assessment `{shown}`: {e}"),
                );
                None
            }
            Assessed::Invalid => {
                self.problem(span(link), format!("the component assessment `{shown}` is invalid (its problems are listed at their place)"));
                None
            }
        }
    }

    /// Reads and checks one assessment file for assets of type `kind`; its own problems are
    /// recorded (once) at their place in it.
    fn read_assessment(&mut self, path: &std::path::Path, kind: ComponentType) -> Assessed {
        let shown = path.display().to_string();
        let text = rampart_yaml::read_input(path, MAX_ASSESSMENT_BYTES).map_err(|e| e.to_string());
        let text = match text {
            Ok(text) => text,
            Err(e) => return Assessed::Unreadable(e),
        };
        let mut own = Problems::new(&shown);
        let result =
            match rampart_yaml::parse::<raw::RawAssessment>(&shown, &text, Limits::SMALL_FILE) {
                Ok(raw) => Validator::new(&shown, &mut own, &self.base_dir, self.catalog)
                    .assessment(&raw, kind),
                Err(problem) => {
                    own.push(
                        Span {
                            line: problem.line,
                            col: problem.col,
                        },
                        problem.message,
                    );
                    None
                }
            };
        match result {
            Some((sl_c, items)) if own.is_empty() => Assessed::Valid(sl_c, items),
            _ => {
                self.problems.absorb(own);
                Assessed::Invalid
            }
        }
    }

    /// Validates an assessment's content for an asset of type `kind`.
    fn assessment(
        &mut self,
        raw: &raw::RawAssessment,
        kind: ComponentType,
    ) -> Option<(SlVector, Vec<RequirementId>)> {
        if raw.component.value.trim().is_empty() {
            self.problem(span(&raw.component), "the component name is empty");
        }
        // An assessment of another type of component says nothing about this asset: stop here
        // rather than bury the mismatch under findings measured against the wrong type.
        match raw.component_type.value.parse::<ComponentType>() {
            Ok(ty) if ty == kind => {}
            Ok(ty) => {
                self.problem(
                    span(&raw.component_type),
                    format!(
                        "this assessment of `{}`{} is for component type `{ty}`, but the asset linking it is `{kind}`",
                        raw.component.value.trim(),
                        raw.version.as_ref().map(|v| format!(" {}", v.0)).unwrap_or_default()
                    ),
                );
                return None;
            }
            Err(e) => {
                self.problem(span(&raw.component_type), e.to_string());
                return None;
            }
        }
        let declared = raw.sl_c.as_ref().and_then(|s| self.sl_vector(s, "sl_c"));
        let mut satisfied = Vec::new();
        for s in &raw.satisfied {
            if let Some(id) = self.requirement(s) {
                let item = self.catalog.get(&id).expect("looked up in the catalog");
                if item.part == Part::P4_2 && item.applies_to(kind) {
                    satisfied.push(id);
                } else {
                    self.problem(
                        span(s),
                        format!("`{id}` is not a 4-2 requirement for component type `{kind}`"),
                    );
                }
            }
        }
        satisfied.sort();
        satisfied.dedup();
        if raw.satisfied.is_empty() {
            if declared.is_none() {
                self.problem(
                    span(&raw.component),
                    "give `satisfied` (the 4-2 items met) or `sl_c`, or both",
                );
            }
            return declared.map(|d| (d, satisfied));
        }
        let set: std::collections::HashSet<RequirementId> = satisfied.iter().cloned().collect();
        let reached = self
            .catalog
            .achieved_levels(LevelScope::Component(kind), &set);
        if let (Some(d), Some(at)) = (declared, raw.sl_c.as_ref()) {
            for (fr, level) in d.iter() {
                if level > reached.get(fr) {
                    let next = SecurityLevel::new(reached.get(fr).get() + 1).unwrap_or(level);
                    let missing: Vec<String> = self
                        .catalog
                        .scope_items(LevelScope::Component(kind))
                        .filter(|i| i.fr == Some(fr) && i.required_at(next) && !set.contains(&i.id))
                        .map(|i| i.id.to_string())
                        .collect();
                    self.problem(
                        span(at),
                        format!(
                            "sl_c claims {fr} {level}, but the satisfied items reach only {}: missing {}",
                            reached.get(fr),
                            missing.join(", ")
                        ),
                    );
                }
            }
        }
        Some((reached, satisfied))
    }

    fn problem(&mut self, at: Span, message: impl Into<String>) {
        self.problems.push(at, message);
    }

    /// Registers an id; ids share one namespace because flows and scenarios may name a zone
    /// or an asset.
    fn register(&mut self, id: &S<String>, element: ElementRef) -> String {
        let at = span(id);
        let text = id.value.trim().to_owned();
        if text.is_empty() {
            self.problem(at, format!("the {} id is empty", element.kind()));
        } else if let Some((prev, prev_at)) = self.ids.get(&text) {
            let message = format!(
                "duplicate id `{text}`: already used by the {} at line {}",
                prev.kind(),
                prev_at.line
            );
            self.problem(at, message);
        } else {
            self.ids.insert(text.clone(), (element, at));
        }
        text
    }

    fn lookup(&self, id: &str) -> Option<ElementRef> {
        self.ids.get(id.trim()).map(|(e, _)| *e)
    }

    /// Resolves a reference that must name an element of the kind `pick` accepts (`noun`,
    /// e.g. "zone or asset"; `expected` with articles, "a zone or an asset"); otherwise
    /// records a problem saying what the id names instead, or that nothing has it.
    fn reference<T>(
        &mut self,
        id: &S<String>,
        role: &str,
        (noun, expected): (&str, &str),
        pick: impl Fn(ElementRef) -> Option<T>,
    ) -> Option<T> {
        let found = self.lookup(&id.value);
        if let Some(value) = found.and_then(&pick) {
            return Some(value);
        }
        let message = match found {
            Some(other) => format!(
                "{role} `{}` is a {}, not {expected}",
                id.value,
                other.kind()
            ),
            None => format!("{role} `{}`: no {noun} has this id", id.value),
        };
        self.problem(span(id), message);
        None
    }

    fn asset_ref(&mut self, id: &S<String>, role: &str) -> Option<usize> {
        self.reference(id, role, ("asset", "an asset"), |e| match e {
            ElementRef::Asset(a) => Some(a),
            _ => None,
        })
    }

    fn zone_ref(&mut self, id: &S<String>, role: &str) -> Option<usize> {
        self.reference(id, role, ("zone", "a zone"), |e| match e {
            ElementRef::Zone(z) => Some(z),
            _ => None,
        })
    }

    fn zone_or_asset(&mut self, id: &S<String>, role: &str) -> Option<Endpoint> {
        self.reference(
            id,
            role,
            ("zone or asset", "a zone or an asset"),
            |e| match e {
                ElementRef::Zone(z) => Some(Endpoint::Zone(z)),
                ElementRef::Asset(a) => Some(Endpoint::Asset(a)),
                _ => None,
            },
        )
    }

    fn named<T: Copy>(&mut self, s: &S<String>, parse: fn(&str) -> Result<T, String>) -> Option<T> {
        match parse(&s.value) {
            Ok(v) => Some(v),
            Err(m) => {
                self.problem(span(s), m);
                None
            }
        }
    }

    fn sl_vector(&mut self, s: &S<RawSl>, what: &str) -> Option<SlVector> {
        let at = span(s);
        let result = match &s.value {
            RawSl::One(n) => SlVector::from_level(*n).map_err(|e| format!("{what}: {e}")),
            RawSl::List(list) => SlVector::from_list(list).map_err(|e| format!("{what}: {e}")),
            RawSl::Text(t) => t.parse::<SlVector>().map_err(|e| format!("{what}: {e}")),
        };
        match result {
            Ok(v) => Some(v),
            Err(m) => {
                self.problem(at, m);
                None
            }
        }
    }

    fn requirement(&mut self, s: &S<String>) -> Option<RequirementId> {
        match self.catalog.lookup(&s.value) {
            Ok(item) if matches!(item.part, Part::P3_3 | Part::P4_2) => Some(item.id.clone()),
            Ok(item) => {
                self.problem(
                    span(s),
                    format!(
                        "`{}` is a {} item: only 3-3 (zone) and 4-2 (component) requirements can be met here",
                        item.id, item.part
                    ),
                );
                None
            }
            Err(e) => {
                self.problem(span(s), e.to_string());
                None
            }
        }
    }

    fn small_int(
        &mut self,
        s: &S<i64>,
        what: &str,
        range: std::ops::RangeInclusive<i64>,
    ) -> Option<u8> {
        if range.contains(&s.value) {
            u8::try_from(s.value).ok()
        } else {
            self.problem(
                span(s),
                format!(
                    "{what} {} is out of range: expected {} to {}",
                    s.value,
                    range.start(),
                    range.end()
                ),
            );
            None
        }
    }

    fn port(&mut self, s: Option<&S<i64>>) -> Option<u16> {
        let s = s?;
        match u16::try_from(s.value) {
            Ok(p) if p > 0 => Some(p),
            _ => {
                self.problem(
                    span(s),
                    format!("port {} is out of range: expected 1 to 65535", s.value),
                );
                None
            }
        }
    }

    /// A likelihood or impact: number `min..=labels.len()`, or a label.
    fn level(&mut self, s: &S<RawLevel>, what: &str, labels: &[String], min: u8) -> Option<u8> {
        let max = labels.len();
        match &s.value {
            RawLevel::Number(n) => match u8::try_from(*n) {
                Ok(v) if v >= min && usize::from(v) <= max => Some(v),
                _ => {
                    self.problem(
                        span(s),
                        format!("{what} {n} is out of range: expected {min} to {max}"),
                    );
                    None
                }
            },
            RawLevel::Label(t) => {
                let t = t.trim();
                if let Some(i) = labels.iter().position(|l| l.eq_ignore_ascii_case(t)) {
                    return Some(i as u8 + 1);
                }
                if min == 0 && t.eq_ignore_ascii_case("none") {
                    return Some(0);
                }
                self.problem(
                    span(s),
                    format!(
                        "unknown {what} `{t}`: expected a number or one of {}",
                        labels.join(", ")
                    ),
                );
                None
            }
        }
    }

    fn fr_list(&mut self, list: &[S<String>]) -> Vec<Fr> {
        let mut out = Vec::new();
        for s in list {
            match s.value.parse::<Fr>() {
                Ok(fr) => {
                    if !out.contains(&fr) {
                        out.push(fr);
                    }
                }
                Err(e) => self.problem(span(s), e.to_string()),
            }
        }
        out.sort();
        out
    }

    fn risk_config(&mut self, raw: Option<raw::RawRisk>) -> RiskConfig {
        let mut matrix = RiskMatrix::default();
        let Some(raw) = raw else {
            let derivation = DerivationConfig::default_for(matrix.impact_levels());
            return RiskConfig { matrix, derivation };
        };
        for (labels, target, what) in [
            (&raw.likelihood, &mut matrix.likelihood, "likelihood"),
            (&raw.impact, &mut matrix.impact, "impact"),
        ] {
            if let Some(l) = labels {
                if (2..=10).contains(&l.value.len()) {
                    *target = l.value.iter().map(|s| s.trim().to_owned()).collect();
                } else {
                    self.problems.push(
                        span(l),
                        format!(
                            "the {what} scale has {} steps: give 2 to 10 labels, lowest first",
                            l.value.len()
                        ),
                    );
                }
            }
        }
        if let Some(t) = &raw.tolerable {
            let max = i64::from(matrix.max_score());
            if (0..=max).contains(&t.value) {
                matrix.tolerable = u16::try_from(t.value).unwrap_or(0);
            } else {
                self.problem(
                    span(t),
                    format!(
                        "tolerable risk {} is out of range: expected 0 to {max} (likelihood × impact)",
                        t.value
                    ),
                );
            }
        }
        let mut derivation = DerivationConfig::default_for(matrix.impact_levels());
        if let Some(d) = raw.derivation {
            if let Some(b) = &d.baseline
                && let Some(v) = self.small_int(b, "baseline level", 0..=4)
            {
                derivation.baseline = SecurityLevel::new(v).unwrap_or_default();
            }
            if let Some(m) = &d.min_impact
                && let Some(v) = self.level(m, "impact", &matrix.impact, 1)
            {
                derivation.min_impact = v;
            }
            for (name, level) in d.capability.iter().flatten() {
                match Capability::parse(name) {
                    Ok(c) => {
                        if let Some(v) = self.small_int(level, "security level", 0..=4) {
                            derivation.capability[c as usize] =
                                SecurityLevel::new(v).unwrap_or_default();
                        }
                    }
                    Err(m) => self.problem(span(level), m),
                }
            }
            if let Some(list) = &d.intentional {
                derivation.intentional = self.fr_list(list);
            }
            if let Some(list) = &d.external {
                derivation.external = self.fr_list(list);
            }
            if let Some(v) = d.external_vectors {
                derivation.external_vectors = v;
            }
            for (name, list) in d.categories.iter().flatten() {
                let frs = self.fr_list(list);
                match ConsequenceCategory::parse(name) {
                    Ok(c) => derivation.categories[c.index()] = frs,
                    Err(m) => {
                        let at = list.first().map(span).unwrap_or_default();
                        self.problem(at, m);
                    }
                }
            }
        }
        RiskConfig { matrix, derivation }
    }

    fn requirements(&mut self, list: &[S<String>]) -> Vec<RequirementId> {
        let mut out: Vec<RequirementId> = list.iter().filter_map(|s| self.requirement(s)).collect();
        out.sort();
        out.dedup();
        out
    }

    fn validate(mut self, raw: raw::RawModel) -> SystemModel {
        if raw.system.name.value.trim().is_empty() {
            self.problem(span(&raw.system.name), "the system name is empty");
        }
        let system = SystemInfo {
            name: raw.system.name.value.trim().to_owned(),
            boundary: raw.system.boundary,
            owner: raw.system.owner,
            description: raw.system.description,
        };
        let risk = self.risk_config(raw.risk);

        // Ids first, so references may point forwards.
        for (i, a) in raw.assets.iter().enumerate() {
            self.register(&a.id, ElementRef::Asset(i));
        }
        for (i, z) in raw.zones.iter().enumerate() {
            self.register(&z.id, ElementRef::Zone(i));
        }
        for (i, c) in raw.conduits.iter().enumerate() {
            self.register(&c.id, ElementRef::Conduit(i));
        }
        for (i, f) in raw.flows.iter().enumerate() {
            self.register(&f.id, ElementRef::Flow(i));
        }
        for (i, t) in raw.threats.iter().enumerate() {
            self.register(&t.id, ElementRef::Threat(i));
        }
        for (i, c) in raw.countermeasures.iter().enumerate() {
            self.register(&c.id, ElementRef::Countermeasure(i));
        }

        let mut assets = Vec::with_capacity(raw.assets.len());
        for a in &raw.assets {
            let kind = match a.kind.value.parse::<ComponentType>() {
                Ok(k) => k,
                Err(e) => {
                    self.problem(span(&a.kind), e.to_string());
                    ComponentType::EmbeddedDevice
                }
            };
            let domain = a
                .domain
                .as_ref()
                .and_then(|d| self.named(d, Domain::parse))
                .unwrap_or(Domain::Control);
            let criticality = a
                .criticality
                .as_ref()
                .and_then(|c| self.named(c, Criticality::parse))
                .unwrap_or(Criticality::Medium);
            let mut sl_c = a.sl_c.as_ref().and_then(|s| self.sl_vector(s, "sl_c"));
            let mut satisfies = self.requirements(&a.satisfies);
            if let Some(link) = &a.component_assessment {
                if a.sl_c.is_some() {
                    self.problem(
                        span(link),
                        "give `sl_c` or `component_assessment`, not both: the assessment establishes the SL-C",
                    );
                } else if let Some((assessed, items)) = self.component_assessment(link, kind) {
                    sl_c = Some(assessed);
                    satisfies.extend(items);
                    satisfies.sort();
                    satisfies.dedup();
                }
            }
            let id = a.id.value.trim().to_owned();
            assets.push(Asset {
                name: a.name.clone().unwrap_or_else(|| id.clone()),
                id,
                kind,
                vendor: a.vendor.clone(),
                product: a.product.clone(),
                version: a.version.as_ref().map(|v| v.value.0.clone()),
                description: a.description.clone(),
                domain,
                criticality,
                safety_related: a.safety_related,
                wireless: a.wireless,
                temporarily_connected: a.temporarily_connected,
                externally_reachable: a.externally_reachable,
                sbom: a.sbom.clone(),
                firmware: a.firmware.clone(),
                component_assessment: a.component_assessment.as_ref().map(|l| l.value.clone()),
                sl_c,
                satisfies,
                zone: NO_ZONE,
                span: span(&a.id),
            });
        }

        let mut zones = Vec::with_capacity(raw.zones.len());
        for (zi, z) in raw.zones.iter().enumerate() {
            let id = z.id.value.trim().to_owned();
            let (sl_t, sl_t_source) = match &z.sl_t.value {
                RawSl::Text(t) if t.trim().eq_ignore_ascii_case("derive") => {
                    (SlVector::ZERO, SlSource::Derived)
                }
                _ => (
                    self.sl_vector(&z.sl_t, "sl_t (an SL vector or `derive`)")
                        .unwrap_or_default(),
                    SlSource::Declared,
                ),
            };
            let sl_a = z.sl_a.as_ref().and_then(|s| self.sl_vector(s, "sl_a"));
            let level = z
                .level
                .as_ref()
                .and_then(|l| self.small_int(l, "Purdue level", 0..=5));
            let mut members = Vec::with_capacity(z.assets.len());
            for a in &z.assets {
                let Some(ai) = self.asset_ref(a, "zone member") else {
                    continue;
                };
                let current = assets[ai].zone;
                if current == NO_ZONE {
                    assets[ai].zone = zi;
                    members.push(ai);
                } else if current == zi {
                    self.problem(
                        span(a),
                        format!("asset `{}` is listed twice in zone `{id}`", a.value),
                    );
                } else {
                    let other = raw.zones[current].id.value.trim().to_owned();
                    self.problem(
                        span(a),
                        format!(
                            "asset `{}` is in zones `{other}` and `{id}`: an asset belongs to exactly one zone",
                            a.value
                        ),
                    );
                }
            }
            let satisfies = self.requirements(&z.satisfies);
            zones.push(Zone {
                name: z.name.clone().unwrap_or_else(|| id.clone()),
                id,
                description: z.description.clone(),
                level,
                assets: members,
                sl_t,
                sl_t_source,
                sl_a,
                satisfies,
                span: span(&z.id),
            });
        }
        for (i, a) in assets.iter().enumerate() {
            // A duplicate id is reported once, as a duplicate; its zone cannot be told apart.
            let registered = self.ids.get(&a.id).map(|(e, _)| *e) == Some(ElementRef::Asset(i));
            if a.zone == NO_ZONE && registered {
                self.problem(
                    a.span,
                    format!(
                        "asset `{}` is in no zone: list it under the `assets` of one zone",
                        a.id
                    ),
                );
            }
        }

        let mut conduits = Vec::with_capacity(raw.conduits.len());
        let mut conduits_between: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
        for (ci, c) in raw.conduits.iter().enumerate() {
            let id = c.id.value.trim().to_owned();
            let ends: Vec<Option<usize>> = c
                .zones
                .value
                .iter()
                .map(|z| self.zone_ref(z, "conduit end"))
                .collect();
            let joined = match ends.as_slice() {
                [Some(a), Some(b)] if a == b => {
                    self.problem(
                        span(&c.zones),
                        format!("conduit `{id}` joins zone `{}` to itself", zones[*a].id),
                    );
                    None
                }
                [Some(a), Some(b)] => Some([*a, *b]),
                [_, _] => None,
                _ => {
                    self.problem(
                        span(&c.zones),
                        format!(
                            "conduit `{id}` lists {} zones: a conduit joins exactly two",
                            ends.len()
                        ),
                    );
                    None
                }
            };
            let mut channels = Vec::with_capacity(c.channels.len());
            for ch in &c.channels {
                let direction = ch
                    .direction
                    .as_ref()
                    .and_then(|d| self.named(d, Direction::parse))
                    .unwrap_or(Direction::Bidirectional);
                channels.push(Channel {
                    protocol: ch.protocol.value.trim().to_owned(),
                    port: self.port(ch.port.as_ref()),
                    direction,
                    encrypted: ch.encrypted,
                    authenticated: ch.authenticated,
                    span: span(&ch.protocol),
                });
            }
            let boundary_devices = c
                .boundary_devices
                .iter()
                .filter_map(|d| self.asset_ref(d, "boundary device"))
                .collect();
            if let Some([a, b]) = joined {
                conduits_between
                    .entry((a.min(b), a.max(b)))
                    .or_default()
                    .push(ci);
            }
            conduits.push(Conduit {
                name: c.name.clone().unwrap_or_else(|| id.clone()),
                id,
                description: c.description.clone(),
                zones: joined.unwrap_or([0, 0]),
                channels,
                boundary_devices,
                span: span(&c.id),
            });
        }

        let mut flows = Vec::with_capacity(raw.flows.len());
        for f in &raw.flows {
            let id = f.id.value.trim().to_owned();
            let from = self.zone_or_asset(&f.from, "flow source");
            let to = self.zone_or_asset(&f.to, "flow destination");
            let port = self.port(f.port.as_ref());
            let mut conduit = None;
            if let (Some(from), Some(to)) = (from, to) {
                let zone_of = |e: Endpoint| match e {
                    Endpoint::Asset(a) => assets[a].zone,
                    Endpoint::Zone(z) => z,
                };
                let (za, zb) = (zone_of(from), zone_of(to));
                if za != NO_ZONE && zb != NO_ZONE && za != zb {
                    match conduits_between.get(&(za.min(zb), za.max(zb))) {
                        Some(list) => conduit = list.first().copied(),
                        None => self.problem(
                            span(&f.id),
                            format!(
                                "flow `{id}` goes from zone `{}` to zone `{}`, but no conduit joins them",
                                zones[za].id, zones[zb].id
                            ),
                        ),
                    }
                }
            }
            flows.push(DataFlow {
                id,
                description: f.description.clone(),
                from: from.unwrap_or(Endpoint::Zone(0)),
                to: to.unwrap_or(Endpoint::Zone(0)),
                protocol: f.protocol.as_ref().map(|p| p.value.trim().to_owned()),
                port,
                conduit,
                span: span(&f.id),
            });
        }

        let max_l = i64::from(risk.matrix.likelihood_levels()) - 1;
        let max_i = i64::from(risk.matrix.impact_levels()) - 1;
        let mut countermeasures = Vec::with_capacity(raw.countermeasures.len());
        let mut cm_zone = vec![Vec::new(); zones.len()];
        let mut cm_asset = vec![Vec::new(); assets.len()];
        for (ci, c) in raw.countermeasures.iter().enumerate() {
            let mut cz = Vec::new();
            let mut ca = Vec::new();
            for target in &c.applies_to {
                match self.zone_or_asset(target, "countermeasure target") {
                    Some(Endpoint::Zone(z)) => {
                        cz.push(z);
                        cm_zone[z].push(ci);
                    }
                    Some(Endpoint::Asset(a)) => {
                        ca.push(a);
                        cm_asset[a].push(ci);
                    }
                    None => {}
                }
            }
            let requirements = self.requirements(&c.requirements);
            let lr = c
                .likelihood_reduction
                .as_ref()
                .and_then(|r| self.small_int(r, "likelihood reduction", 0..=max_l))
                .unwrap_or(0);
            let ir = c
                .impact_reduction
                .as_ref()
                .and_then(|r| self.small_int(r, "impact reduction", 0..=max_i))
                .unwrap_or(0);
            countermeasures.push(Countermeasure {
                id: c.id.value.trim().to_owned(),
                description: c.description.clone(),
                zones: cz,
                assets: ca,
                requirements,
                compensating: c.compensating,
                likelihood_reduction: lr,
                impact_reduction: ir,
                span: span(&c.id),
            });
        }

        let mut threats = Vec::with_capacity(raw.threats.len());
        let mut threats_of_zone = vec![Vec::new(); zones.len()];
        for (ti, t) in raw.threats.iter().enumerate() {
            let capability = self
                .named(&t.capability, Capability::parse)
                .unwrap_or(Capability::Casual);
            let target = match self.zone_or_asset(&t.target, "threat target") {
                Some(Endpoint::Zone(z)) => Some(Target::Zone(z)),
                Some(Endpoint::Asset(a)) => Some(Target::Asset(a)),
                None => None,
            };
            let zone = match target {
                Some(Target::Zone(z)) => z,
                Some(Target::Asset(a)) => assets[a].zone,
                None => NO_ZONE,
            };
            if zone != NO_ZONE {
                threats_of_zone[zone].push(ti);
            }
            let likelihood = self
                .level(&t.likelihood, "likelihood", &risk.matrix.likelihood, 1)
                .unwrap_or(1);
            let mut consequences = [0u8; 5];
            for (name, impact) in &t.consequences {
                match ConsequenceCategory::parse(name) {
                    Ok(c) => {
                        consequences[c.index()] = self
                            .level(impact, "impact", &risk.matrix.impact, 0)
                            .unwrap_or(0);
                    }
                    Err(m) => self.problem(span(impact), m),
                }
            }
            let cms = t
                .countermeasures
                .iter()
                .filter_map(|c| {
                    if let Some(ElementRef::Countermeasure(i)) = self.lookup(&c.value) {
                        Some(i)
                    } else {
                        self.problem(
                            span(c),
                            format!(
                                "countermeasure `{}`: no countermeasure has this id",
                                c.value
                            ),
                        );
                        None
                    }
                })
                .collect();
            threats.push(ThreatScenario {
                id: t.id.value.trim().to_owned(),
                description: t.description.clone(),
                source: t.source.clone(),
                capability,
                intentional: t.intentional.unwrap_or(capability != Capability::Casual),
                vector: t.vector.trim().to_owned(),
                target: target.unwrap_or(Target::Zone(0)),
                zone: if zone == NO_ZONE { 0 } else { zone },
                likelihood,
                consequences,
                countermeasures: cms,
                span: span(&t.id),
            });
        }

        let ids = self.ids.into_iter().map(|(k, (e, _))| (k, e)).collect();
        SystemModel {
            file: self.file,
            system,
            assets,
            zones,
            conduits,
            flows,
            threats,
            countermeasures,
            risk,
            ids,
            conduits_between,
            threats_of_zone,
            countermeasures_of_zone: cm_zone,
            countermeasures_of_asset: cm_asset,
            derivations: Vec::new(),
        }
    }
}
