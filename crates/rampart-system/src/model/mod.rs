//! The validated system model: what every check, the risk assessment and the gap read.
//!
//! [`SystemModel::parse`] turns the file's text into raw serde structs ([`crate::raw`]) and
//! validates them into these types, collecting every problem with its place; downstream code
//! never sees an invalid model. Cross references (a zone's assets, a conduit's zones, a
//! scenario's target) are resolved to indexes into the model's lists, so no later stage looks
//! an id up again or meets a dangling one; each list has its own index type ([`index`]), so
//! an index cannot look up an element of another list.

mod derive;
mod index;
mod risk_config;
mod types;
mod validate;
mod vectors;

use std::collections::HashMap;

use rampart_catalog::Catalog;
use rampart_yaml::{Limits, Problems};

use crate::error::ModelError;
use crate::raw;

pub use derive::{FrDerivation, IgnoredScenario, Reason, SlDerivation, derive_sl_t};
pub use index::{AssetIdx, ConduitIdx, CountermeasureIdx, FlowIdx, ThreatIdx, ZoneIdx};
pub use rampart_yaml::Span;
pub use risk_config::{DerivationConfig, Risk, RiskConfig, RiskMatrix};
pub use types::{
    Asset, Capability, Channel, Conduit, ConsequenceCategory, Countermeasure, Criticality,
    DataFlow, Direction, Domain, Endpoint, Role, SlSource, SystemInfo, Target, ThreatScenario,
    Zone,
};
use validate::Validator;
pub use vectors::KNOWN_VECTORS;
pub(crate) use vectors::normal_vector;

/// Any element, by kind and index: what an id resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementRef {
    /// An asset.
    Asset(AssetIdx),
    /// A zone.
    Zone(ZoneIdx),
    /// A conduit.
    Conduit(ConduitIdx),
    /// A data flow.
    Flow(FlowIdx),
    /// A threat scenario.
    Threat(ThreatIdx),
    /// A countermeasure.
    Countermeasure(CountermeasureIdx),
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

    /// The kind with its indefinite article, for "… is an asset, not a zone".
    fn with_article(self) -> &'static str {
        match self {
            ElementRef::Asset(_) => "an asset",
            ElementRef::Zone(_) => "a zone",
            ElementRef::Conduit(_) => "a conduit",
            ElementRef::Flow(_) => "a flow",
            ElementRef::Threat(_) => "a threat scenario",
            ElementRef::Countermeasure(_) => "a countermeasure",
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
    conduits_between: HashMap<(ZoneIdx, ZoneIdx), Vec<ConduitIdx>>,
    /// Per zone, the scenarios that target it or one of its assets.
    threats_of_zone: Vec<Vec<ThreatIdx>>,
    /// Per zone, the countermeasures that apply to it.
    countermeasures_of_zone: Vec<Vec<CountermeasureIdx>>,
    /// Per asset, the countermeasures that apply to it.
    countermeasures_of_asset: Vec<Vec<CountermeasureIdx>>,
    /// Per zone, the derivation of its SL-T when derived.
    derivations: Vec<Option<SlDerivation>>,
    /// The owner's acceptances of findings, in file order.
    acceptances: Vec<crate::acceptance::Acceptance>,
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
        let raw = SystemModel::parse_raw(&shown, &text)?;
        // The text (up to 64 MiB) is not needed once parsed: free it before validation
        // builds the model, so the two never count together in peak memory.
        drop(text);
        SystemModel::from_raw(&shown, raw, base, catalog)
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
        let raw = SystemModel::parse_raw(file, text)?;
        SystemModel::from_raw(file, raw, base_dir, catalog)
    }

    /// The text as raw serde structs, within the size limit and the parser's budget.
    fn parse_raw(file: &str, text: &str) -> Result<raw::RawModel, ModelError> {
        if text.len() as u64 > MAX_MODEL_BYTES {
            let mut problems = Problems::new(file);
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
        rampart_yaml::parse(file, text, Limits::LARGE_MODEL).map_err(|problem| {
            ModelError::Invalid {
                problems: vec![problem],
            }
        })
    }

    /// Validates the raw structs into a model and derives the SL-T of zones that ask for it.
    fn from_raw(
        file: &str,
        raw: raw::RawModel,
        base_dir: &std::path::Path,
        catalog: &Catalog,
    ) -> Result<SystemModel, ModelError> {
        let mut problems = Problems::new(file);
        let mut model = Validator::new(file, &mut problems, base_dir, catalog).validate(raw);
        if !problems.is_empty() {
            return Err(ModelError::Invalid {
                problems: problems.into_sorted(),
            });
        }
        model.derivations = ZoneIdx::all(model.zones.len())
            .map(|z| {
                (model.zone(z).sl_t_source == SlSource::Derived).then(|| derive_sl_t(&model, z))
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
    /// One asset.
    pub fn asset(&self, a: AssetIdx) -> &Asset {
        &self.assets[a]
    }
    /// One zone.
    pub fn zone(&self, z: ZoneIdx) -> &Zone {
        &self.zones[z]
    }
    /// One conduit.
    pub fn conduit(&self, c: ConduitIdx) -> &Conduit {
        &self.conduits[c]
    }
    /// One data flow.
    pub fn flow(&self, f: FlowIdx) -> &DataFlow {
        &self.flows[f]
    }
    /// One threat scenario.
    pub fn threat(&self, t: ThreatIdx) -> &ThreatScenario {
        &self.threats[t]
    }
    /// One countermeasure.
    pub fn countermeasure(&self, c: CountermeasureIdx) -> &Countermeasure {
        &self.countermeasures[c]
    }
    /// The index of every asset, in file order.
    pub fn asset_indexes(
        &self,
    ) -> impl DoubleEndedIterator<Item = AssetIdx> + ExactSizeIterator + use<> {
        AssetIdx::all(self.assets.len())
    }
    /// The index of every zone, in file order.
    pub fn zone_indexes(
        &self,
    ) -> impl DoubleEndedIterator<Item = ZoneIdx> + ExactSizeIterator + use<> {
        ZoneIdx::all(self.zones.len())
    }
    /// The index of every conduit, in file order.
    pub fn conduit_indexes(
        &self,
    ) -> impl DoubleEndedIterator<Item = ConduitIdx> + ExactSizeIterator + use<> {
        ConduitIdx::all(self.conduits.len())
    }
    /// The index of every data flow, in file order.
    pub fn flow_indexes(
        &self,
    ) -> impl DoubleEndedIterator<Item = FlowIdx> + ExactSizeIterator + use<> {
        FlowIdx::all(self.flows.len())
    }
    /// The index of every threat scenario, in file order.
    pub fn threat_indexes(
        &self,
    ) -> impl DoubleEndedIterator<Item = ThreatIdx> + ExactSizeIterator + use<> {
        ThreatIdx::all(self.threats.len())
    }
    /// The index of every countermeasure, in file order.
    pub fn countermeasure_indexes(
        &self,
    ) -> impl DoubleEndedIterator<Item = CountermeasureIdx> + ExactSizeIterator + use<> {
        CountermeasureIdx::all(self.countermeasures.len())
    }
    /// The risk method.
    pub fn risk(&self) -> &RiskConfig {
        &self.risk
    }
    /// The owner's acceptances of findings and residual risks, in file order.
    pub fn acceptances(&self) -> &[crate::acceptance::Acceptance] {
        &self.acceptances
    }
    /// The element an id names.
    pub fn find(&self, id: &str) -> Option<ElementRef> {
        self.ids.get(id).copied()
    }
    /// The conduits joining two zones (either order).
    pub fn conduits_between(&self, a: ZoneIdx, b: ZoneIdx) -> &[ConduitIdx] {
        self.conduits_between
            .get(&(a.min(b), a.max(b)))
            .map_or(&[], Vec::as_slice)
    }
    /// The scenarios that target a zone or one of its assets.
    pub fn threats_of_zone(&self, zone: ZoneIdx) -> &[ThreatIdx] {
        &self.threats_of_zone[zone.index()]
    }
    /// The countermeasures applied to a zone.
    pub fn countermeasures_of_zone(&self, zone: ZoneIdx) -> &[CountermeasureIdx] {
        &self.countermeasures_of_zone[zone.index()]
    }
    /// The countermeasures applied to an asset.
    pub fn countermeasures_of_asset(&self, asset: AssetIdx) -> &[CountermeasureIdx] {
        &self.countermeasures_of_asset[asset.index()]
    }
    /// How a zone's SL-T was derived; `None` when it was declared.
    pub fn derivation(&self, zone: ZoneIdx) -> Option<&SlDerivation> {
        self.derivations.get(zone.index()).and_then(Option::as_ref)
    }
    /// The id of an endpoint.
    pub fn endpoint_id(&self, e: Endpoint) -> &str {
        match e {
            Endpoint::Asset(a) => &self.asset(a).id,
            Endpoint::Zone(z) => &self.zone(z).id,
        }
    }
    /// The zone of an endpoint.
    pub fn endpoint_zone(&self, e: Endpoint) -> ZoneIdx {
        match e {
            Endpoint::Asset(a) => self.asset(a).zone,
            Endpoint::Zone(z) => z,
        }
    }
    /// The id of a scenario's target.
    pub fn target_id(&self, t: Target) -> &str {
        match t {
            Target::Asset(a) => &self.asset(a).id,
            Target::Zone(z) => &self.zone(z).id,
        }
    }
}
