//! The security-level gap per zone: SL-T against SL-C and SL-A, per FR, with the 3-3 items
//! the zone and the 4-2 items each asset still miss, and the compensating countermeasures
//! declared for them.
//!
//! Per zone:
//!
//! - **SL-T**: declared, or derived from the risk assessment ([`crate::risk::derive_sl_t`]).
//! - **SL-C**: the element-wise minimum of its assets' declared `sl_c`. Assets without one are
//!   listed in [`ZoneGap::capability_unknown`], never silently skipped; when no asset declares
//!   one, SL-C is unknown (`null`).
//! - **SL-A**: declared, if at all.
//! - **Zone items missing** (3-3): required at SL-T but not at the zone's *reference level*
//!   (SL-A if declared, else SL-C, else nothing), minus the items the zone `satisfies` and
//!   those met by countermeasures applied to it; items covered by a `compensating`
//!   countermeasure are listed apart as compensated.
//! - **Asset items missing** (4-2, by component type): for an asset with a declared SL-C below
//!   the zone's SL-T, the items required at SL-T but not at its SL-C, minus those it
//!   `satisfies` or countermeasures (on the asset or its zone) meet; compensated apart.
//!
//! A zone's status is `unknown` when it has neither SL-A nor any asset SL-C (its items are then
//! all listed, as unverified); otherwise `gap` if and only if some item is missing and not
//! compensated; otherwise `unknown` when some asset's capability is unknown and no SL-A is
//! declared, and `met` when not.

use std::collections::{BTreeMap, HashMap, HashSet};

use rampart_catalog::{
    Catalog, ComponentType, Fr, LevelScope, Requirement, RequirementId, SlVector,
};
use serde::Serialize;

use crate::model::{CountermeasureIdx, SlSource, SystemModel, ZoneIdx};

/// The gap of the whole system.
#[derive(Debug, Clone, Serialize)]
pub struct GapReport {
    /// The system's name.
    pub system: String,
    /// True if and only if some zone has status `gap`.
    pub has_gap: bool,
    /// Per zone, in file order.
    pub zones: Vec<ZoneGap>,
    /// The catalog items the zones refer to (missing or compensated), each once, by id in
    /// natural order: the zones name items by id only, so the report grows with the
    /// findings, not with the catalog.
    pub items: BTreeMap<RequirementId, ItemInfo>,
}

impl GapReport {
    /// True if and only if some zone has an asset whose SL-C is unknown (no `sl_c`, no
    /// component assessment): that zone's SL-C, the minimum over its assets, is then not
    /// established, whatever its status says. `--fail-on unknown` gates on this.
    pub fn has_unknown_capability(&self) -> bool {
        self.zones.iter().any(|z| !z.capability_unknown.is_empty())
    }
}

/// A zone's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GapStatus {
    /// Nothing missing.
    Met,
    /// Something missing and not compensated.
    Gap,
    /// Nothing known missing, but some asset's capability is unknown (and no SL-A declared).
    Unknown,
}

impl GapStatus {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            GapStatus::Met => "met",
            GapStatus::Gap => "gap",
            GapStatus::Unknown => "unknown",
        }
    }
}

/// Which level the missing items are counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reference {
    /// The declared SL-A.
    SlA,
    /// The zone's SL-C.
    SlC,
    /// Nothing known: every item required at SL-T counts.
    None,
}

/// One zone's gap.
#[derive(Debug, Clone, Serialize)]
pub struct ZoneGap {
    /// Zone id.
    pub zone: String,
    /// Zone name.
    pub name: String,
    /// The verdict.
    pub status: GapStatus,
    /// Target.
    pub sl_t: SlVector,
    /// Declared or derived.
    pub sl_t_source: SlSource,
    /// Capability: minimum over the assets that declare one; `null` when none does.
    pub sl_c: Option<SlVector>,
    /// Achieved, if declared.
    pub sl_a: Option<SlVector>,
    /// The level the zone's missing items are counted from.
    pub reference: Reference,
    /// Assets with no declared SL-C.
    pub capability_unknown: Vec<String>,
    /// Per FR, FR1 first.
    pub frs: Vec<FrGap>,
    /// Assets whose SL-C falls short of the zone's SL-T, most critical first.
    pub assets: Vec<AssetGap>,
}

/// One FR of a zone.
#[derive(Debug, Clone, Serialize)]
pub struct FrGap {
    /// The FR.
    pub fr: Fr,
    /// SL-T element.
    pub sl_t: u8,
    /// SL-C element, if known.
    pub sl_c: Option<u8>,
    /// SL-A element, if declared.
    pub sl_a: Option<u8>,
    /// SL-T minus the reference level, 0 when met.
    pub shortfall: u8,
    /// 3-3 items missing, not compensated: ids, described in [`GapReport::items`].
    pub missing: Vec<String>,
    /// 3-3 items missing but covered by compensating countermeasures.
    pub compensated: Vec<Compensated>,
    /// 4-2 items of this FR missing over all the zone's assets.
    pub asset_items_missing: usize,
}

/// A catalog item the report refers to, described once in [`GapReport::items`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemInfo {
    /// Title.
    pub title: String,
    /// Its FR.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fr: Option<Fr>,
}

/// An item covered by compensating countermeasures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Compensated {
    /// Canonical id, described in [`GapReport::items`].
    pub id: String,
    /// The countermeasures' ids.
    pub by: Vec<String>,
}

/// One asset below its zone's SL-T.
#[derive(Debug, Clone, Serialize)]
pub struct AssetGap {
    /// Asset id.
    pub asset: String,
    /// 4-2 component type.
    pub kind: ComponentType,
    /// Declared capability.
    pub sl_c: SlVector,
    /// FRs where SL-C is below the zone's SL-T: `(fr, levels short)`.
    pub shortfall: Vec<(Fr, u8)>,
    /// 4-2 items missing, not compensated: ids, described in [`GapReport::items`].
    pub missing: Vec<String>,
    /// 4-2 items missing but compensated.
    pub compensated: Vec<Compensated>,
}

type Needed<'c> = Vec<&'c Requirement>;

/// Items needed at `target` and not already implied by `reference`, memoised: 10,000 assets
/// share a handful of (type, SL-C, SL-T) triples.
struct NeededCache<'c> {
    catalog: &'c Catalog,
    memo: HashMap<(Option<ComponentType>, SlVector, SlVector), Needed<'c>>,
}

impl<'c> NeededCache<'c> {
    fn get(
        &mut self,
        ty: Option<ComponentType>,
        target: SlVector,
        reference: SlVector,
    ) -> &Needed<'c> {
        let catalog = self.catalog;
        self.memo.entry((ty, target, reference)).or_insert_with(|| {
            let scope = ty.map_or(LevelScope::Zone, LevelScope::Component);
            let mut list: Needed = catalog
                .required_for(scope, &target)
                .into_iter()
                .filter(|i| i.fr.is_some_and(|fr| !i.required_at(reference.get(fr))))
                .collect();
            list.sort_by(|a, b| a.id.cmp(&b.id));
            list
        })
    }
}

/// What meets or compensates for items on one element.
struct Cover<'a> {
    satisfied: HashSet<&'a RequirementId>,
    compensating: HashMap<&'a RequirementId, Vec<&'a str>>,
}

impl<'a> Cover<'a> {
    fn new(
        model: &'a SystemModel,
        own: &'a [RequirementId],
        cms: impl Iterator<Item = CountermeasureIdx>,
    ) -> Self {
        let mut cover = Cover {
            satisfied: own.iter().collect(),
            compensating: HashMap::new(),
        };
        for c in cms {
            let cm = &model.countermeasures()[c];
            for r in &cm.requirements {
                if cm.compensating {
                    cover.compensating.entry(r).or_default().push(&cm.id);
                } else {
                    cover.satisfied.insert(r);
                }
            }
        }
        cover
    }

    /// Splits the `needed` items not met into missing and compensated ones, recording each
    /// in `referenced` and counting the missing ones per FR in `missing_per_fr`.
    fn split<'c>(
        &self,
        needed: &[&'c Requirement],
        referenced: &mut Referenced<'c>,
        missing_per_fr: &mut [usize; 7],
    ) -> (Vec<String>, Vec<Compensated>) {
        let mut missing = Vec::new();
        let mut compensated = Vec::new();
        for item in needed {
            if self.satisfied.contains(&item.id) {
                continue;
            }
            let id = referenced.id_of(item);
            if let Some(by) = self.compensating.get(&item.id) {
                compensated.push(Compensated {
                    id,
                    by: by.iter().map(|s| (*s).to_owned()).collect(),
                });
            } else {
                if let Some(fr) = item.fr {
                    missing_per_fr[fr.index()] += 1;
                }
                missing.push(id);
            }
        }
        (missing, compensated)
    }
}

/// The catalog items a report refers to, with their ids as text (formatted once each).
#[derive(Default)]
struct Referenced<'c> {
    items: HashMap<&'c RequirementId, (&'c Requirement, String)>,
}

impl<'c> Referenced<'c> {
    fn id_of(&mut self, item: &'c Requirement) -> String {
        self.items
            .entry(&item.id)
            .or_insert_with(|| (item, item.id.to_string()))
            .1
            .clone()
    }

    fn into_items(self) -> BTreeMap<RequirementId, ItemInfo> {
        self.items
            .into_values()
            .map(|(item, _)| {
                (
                    item.id.clone(),
                    ItemInfo {
                        title: item.title.clone(),
                        fr: item.fr,
                    },
                )
            })
            .collect()
    }
}

/// Computes the gap of every zone against the built-in catalog.
pub fn analyse(model: &SystemModel) -> GapReport {
    analyse_with(model, Catalog::builtin())
}

/// Computes the gap of every zone against `catalog`: the built-in one, or one with an
/// organisation's overrides applied (its SL lists decide which items a level needs).
pub fn analyse_with(model: &SystemModel, catalog: &Catalog) -> GapReport {
    let mut cache = NeededCache {
        catalog,
        memo: HashMap::new(),
    };
    let mut referenced = Referenced::default();
    let zones: Vec<ZoneGap> = model
        .zone_indexes()
        .map(|z| zone_gap(model, z, &mut cache, &mut referenced))
        .collect();
    GapReport {
        system: model.system().name.clone(),
        has_gap: zones.iter().any(|z| z.status == GapStatus::Gap),
        zones,
        items: referenced.into_items(),
    }
}

fn zone_gap<'c>(
    model: &SystemModel,
    zi: ZoneIdx,
    cache: &mut NeededCache<'c>,
    referenced: &mut Referenced<'c>,
) -> ZoneGap {
    let zone = &model.zones()[zi];
    let mut sl_c: Option<SlVector> = None;
    let mut unknown = Vec::new();
    for a in &zone.assets {
        let asset = &model.assets()[*a];
        match asset.sl_c {
            Some(c) => sl_c = Some(sl_c.map_or(c, |s| s.min(&c))),
            None => unknown.push(asset.id.clone()),
        }
    }
    let (reference, ref_level) = match (zone.sl_a, sl_c) {
        (Some(a), _) => (Reference::SlA, a),
        (None, Some(c)) => (Reference::SlC, c),
        (None, None) => (Reference::None, SlVector::ZERO),
    };

    let zone_cover = Cover::new(
        model,
        &zone.satisfies,
        model.countermeasures_of_zone(zi).iter().copied(),
    );
    let needed = cache.get(None, zone.sl_t, ref_level).clone();

    let mut assets = Vec::new();
    let mut asset_missing_per_fr = [0usize; 7];
    for &ai in &zone.assets {
        let asset = &model.assets()[ai];
        let Some(c) = asset.sl_c else { continue };
        if c.meets(&zone.sl_t) {
            continue;
        }
        let needed = cache.get(Some(asset.kind), zone.sl_t, c).clone();
        let cover = Cover::new(
            model,
            &asset.satisfies,
            model
                .countermeasures_of_asset(ai)
                .iter()
                .chain(model.countermeasures_of_zone(zi))
                .copied(),
        );
        let (missing, compensated) = cover.split(&needed, referenced, &mut asset_missing_per_fr);
        assets.push((
            asset.criticality,
            AssetGap {
                asset: asset.id.clone(),
                kind: asset.kind,
                sl_c: c,
                shortfall: c.shortfall(&zone.sl_t),
                missing,
                compensated,
            },
        ));
    }
    assets.sort_by_key(|a| std::cmp::Reverse(a.0));
    let assets: Vec<AssetGap> = assets.into_iter().map(|(_, g)| g).collect();

    let frs: Vec<FrGap> = Fr::ALL
        .iter()
        .map(|fr| {
            let of_fr: Vec<&Requirement> = needed
                .iter()
                .copied()
                .filter(|i| i.fr == Some(*fr))
                .collect();
            let (missing, compensated) = zone_cover.split(&of_fr, referenced, &mut [0; 7]);
            FrGap {
                fr: *fr,
                sl_t: zone.sl_t.get(*fr).get(),
                sl_c: sl_c.map(|c| c.get(*fr).get()),
                sl_a: zone.sl_a.map(|a| a.get(*fr).get()),
                shortfall: zone
                    .sl_t
                    .get(*fr)
                    .get()
                    .saturating_sub(ref_level.get(*fr).get()),
                missing,
                compensated,
                asset_items_missing: asset_missing_per_fr[fr.index()],
            }
        })
        .collect();

    let gap =
        frs.iter().any(|f| !f.missing.is_empty()) || assets.iter().any(|a| !a.missing.is_empty());
    let status = if reference == Reference::None {
        // Nothing declared to measure against: every item is unverified, not known missing.
        GapStatus::Unknown
    } else if gap {
        GapStatus::Gap
    } else if !unknown.is_empty() && zone.sl_a.is_none() {
        GapStatus::Unknown
    } else {
        GapStatus::Met
    };
    ZoneGap {
        zone: zone.id.clone(),
        name: zone.name.clone(),
        status,
        sl_t: zone.sl_t,
        sl_t_source: zone.sl_t_source,
        sl_c,
        sl_a: zone.sl_a,
        reference,
        capability_unknown: unknown,
        frs,
        assets,
    }
}
