//! Exposure of assets' vulnerabilities through the plant: which zones can reach an asset, over
//! which conduits and services, and how that ranks its vulnerabilities.
//!
//! A vulnerability scanner knows a component is vulnerable; only the zone model knows whether
//! an attacker can get to it. A remote-access gateway with a medium flaw, reachable from the
//! internet, matters more than a critical flaw in a controller that no conduit reaches. This
//! module computes reachability from the model alone; the vulnerabilities come from the
//! caller (the CLI matches each asset's SBOM), so the crate stays independent of advisories.
//!
//! Rules (documented in `docs/system-model.md`, "Exposure"):
//! - Zone Y reaches zone Z over a conduit joining them when one of its channels carries data
//!   from Y towards Z (`bidirectional`, or the one-way direction pointing at Z). A conduit
//!   without channels is taken as open both ways, and the reach says so: an unknown conduit is
//!   never assumed closed.
//! - Reach is transitive: Y reaches Z through intermediate zones; the shortest chain of
//!   conduits is reported, with the services (channel protocol and port) of its last hop into Z.
//! - Y is an *external entry* when it holds an externally reachable asset; Y is *lower* when its
//!   SL-T is below Z's in at least one FR.
//! - An asset's exposure is `internet` when it is itself externally reachable or an external
//!   entry zone reaches its zone (its own zone included), `lower-sl` when a lower zone reaches
//!   it, `internal` when only other zones at or above its SL-T do, and `isolated` when no other
//!   zone does.
//! - Priority = base score (5.0 when unknown) + 4 if known exploited (KEV) + 3 × EPSS
//!   probability + 3 / 2 / 1 / 0 for internet / lower-sl / internal / isolated exposure +
//!   0.5 per SL-T level above 1 of the asset's zone (its highest FR). Higher first; ties by
//!   vulnerability id, then asset id.

use std::collections::VecDeque;

use serde::Serialize;

use crate::model::{AssetIdx, ConduitIdx, Direction, SystemModel, ZoneIdx};

/// One vulnerability of one asset, as the caller matched it.
#[derive(Debug, Clone, PartialEq)]
pub struct AssetVulnerability {
    /// The asset whose SBOM holds the vulnerable component.
    pub asset: AssetIdx,
    /// The vulnerability id (CVE preferred).
    pub id: String,
    /// The vulnerable component, as `name version`.
    pub component: String,
    /// Base score 0–10, if known.
    pub score: Option<f32>,
    /// Severity word (`critical`, `high`, …), if known.
    pub severity: Option<String>,
    /// In CISA's Known Exploited Vulnerabilities catalog.
    pub kev: bool,
    /// FIRST EPSS probability 0–1, if scored.
    pub epss: Option<f32>,
}

/// How exposed an asset is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Exposure {
    /// No other zone reaches the asset's zone.
    Isolated,
    /// Only zones at or above the asset's SL-T reach it.
    Internal,
    /// A zone with a lower SL-T reaches it.
    LowerSl,
    /// It is externally reachable, or a zone holding an externally reachable asset reaches it.
    Internet,
}

impl Exposure {
    /// The word used in tables and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Exposure::Isolated => "isolated",
            Exposure::Internal => "internal",
            Exposure::LowerSl => "lower-sl",
            Exposure::Internet => "internet",
        }
    }

    fn weight(self) -> f32 {
        match self {
            Exposure::Isolated => 0.0,
            Exposure::Internal => 1.0,
            Exposure::LowerSl => 2.0,
            Exposure::Internet => 3.0,
        }
    }
}

/// One zone that reaches a target zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    /// The zone the attack starts from.
    pub from: ZoneIdx,
    /// The shortest chain of conduits from it to the target zone, in order.
    pub path: Vec<ConduitIdx>,
    /// Services (`protocol/port`) of the last conduit that carry data into the target zone;
    /// empty when that conduit declares no channels.
    pub services: Vec<String>,
    /// A conduit on the path declares no channels, so its direction is unknown.
    pub through_unknown_conduit: bool,
    /// The zone holds an externally reachable asset.
    pub external_entry: bool,
    /// The zone's SL-T is below the target's in at least one FR.
    pub lower_sl: bool,
}

/// The zones reaching `target`, nearest first (ties in zone order). The target itself is not
/// listed.
pub fn reaching_zones(model: &SystemModel, target: ZoneIdx) -> Vec<Reach> {
    let zones = model.zones().len();
    // The conduits touching each zone, so the walk costs O(zones + conduits), not
    // O(zones × conduits).
    let mut touching: Vec<Vec<ConduitIdx>> = vec![Vec::new(); zones];
    for c in model.conduit_indexes() {
        let [a, b] = model.conduit(c).zones;
        touching[a.index()].push(c);
        if b != a {
            touching[b.index()].push(c);
        }
    }
    // Walk backwards from the target: `next[y]` is the conduit Y sends over and the zone it
    // reaches one step closer to the target.
    let mut next: Vec<Option<(ConduitIdx, ZoneIdx)>> = vec![None; zones];
    let mut seen = vec![false; zones];
    seen[target.index()] = true;
    let mut order = Vec::new();
    let mut queue = VecDeque::from([target]);
    while let Some(zone) = queue.pop_front() {
        for &conduit_idx in &touching[zone.index()] {
            let conduit = model.conduit(conduit_idx);
            let Some(other) = other_end(conduit.zones, zone) else {
                continue;
            };
            if seen[other.index()] || !carries(model, conduit_idx, other, zone) {
                continue;
            }
            seen[other.index()] = true;
            next[other.index()] = Some((conduit_idx, zone));
            order.push(other);
            queue.push_back(other);
        }
    }
    let target_zone = model.zone(target);
    order
        .into_iter()
        .map(|from| {
            let mut path = Vec::new();
            let mut at = from;
            while let Some((conduit, closer)) = next[at.index()] {
                path.push(conduit);
                at = closer;
            }
            let last = *path.last().expect("a reaching zone has a path");
            let from_zone = model.zone(from);
            let into = if path.len() == 1 {
                from
            } else {
                // The zone sending over the last conduit.
                other_end(model.conduit(last).zones, target).unwrap_or(from)
            };
            Reach {
                from,
                services: services_into(model, last, into, target),
                through_unknown_conduit: path.iter().any(|c| model.conduit(*c).channels.is_empty()),
                external_entry: from_zone
                    .assets
                    .iter()
                    .any(|a| model.asset(*a).externally_reachable),
                lower_sl: from_zone
                    .sl_t
                    .iter()
                    .any(|(fr, level)| level < target_zone.sl_t.get(fr)),
                path,
            }
        })
        .collect()
}

fn other_end(ends: [ZoneIdx; 2], zone: ZoneIdx) -> Option<ZoneIdx> {
    match ends {
        [a, b] if a == zone && b != zone => Some(b),
        [a, b] if b == zone && a != zone => Some(a),
        _ => None,
    }
}

/// Whether conduit `c` carries data from zone `from` into zone `to` (which it joins).
fn carries(model: &SystemModel, c: ConduitIdx, from: ZoneIdx, to: ZoneIdx) -> bool {
    let conduit = model.conduit(c);
    conduit.channels.is_empty()
        || conduit
            .channels
            .iter()
            .any(|ch| direction_allows(ch.direction, conduit.zones, from, to))
}

fn direction_allows(direction: Direction, ends: [ZoneIdx; 2], from: ZoneIdx, to: ZoneIdx) -> bool {
    match direction {
        Direction::Bidirectional => true,
        Direction::AToB => ends == [from, to],
        Direction::BToA => ends == [to, from],
    }
}

fn services_into(model: &SystemModel, c: ConduitIdx, from: ZoneIdx, to: ZoneIdx) -> Vec<String> {
    let conduit = model.conduit(c);
    let mut services: Vec<String> = conduit
        .channels
        .iter()
        .filter(|ch| direction_allows(ch.direction, conduit.zones, from, to))
        .map(|ch| match ch.port {
            Some(port) => format!("{}/{port}", ch.protocol),
            None => ch.protocol.clone(),
        })
        .collect();
    services.dedup();
    services
}

/// How one asset is exposed.
#[derive(Debug, Clone, PartialEq)]
pub struct AssetExposure {
    /// The asset.
    pub asset: AssetIdx,
    /// Its exposure level.
    pub exposure: Exposure,
    /// The asset itself is externally reachable.
    pub externally_reachable: bool,
    /// The zone holds an externally reachable asset (so its neighbours are one hop from outside).
    pub zone_is_external_entry: bool,
    /// Zones reaching the asset's zone.
    pub reached_from: Vec<Reach>,
}

/// The exposure of `asset`.
pub fn asset_exposure(model: &SystemModel, asset: AssetIdx) -> AssetExposure {
    exposure_with(model, asset, reaching_zones(model, model.asset(asset).zone))
}

/// The exposure of `asset`, given the zones reaching its zone.
fn exposure_with(model: &SystemModel, asset: AssetIdx, reached_from: Vec<Reach>) -> AssetExposure {
    let a = model.asset(asset);
    let zone = model.zone(a.zone);
    let zone_is_external_entry = zone
        .assets
        .iter()
        .any(|x| model.asset(*x).externally_reachable);
    let exposure = if a.externally_reachable
        || zone_is_external_entry
        || reached_from.iter().any(|r| r.external_entry)
    {
        Exposure::Internet
    } else if reached_from.iter().any(|r| r.lower_sl) {
        Exposure::LowerSl
    } else if reached_from.is_empty() {
        Exposure::Isolated
    } else {
        Exposure::Internal
    };
    AssetExposure {
        asset,
        exposure,
        externally_reachable: a.externally_reachable,
        zone_is_external_entry,
        reached_from,
    }
}

/// A vulnerability with its asset's exposure and its priority.
#[derive(Debug, Clone, PartialEq)]
pub struct RankedVulnerability {
    /// The vulnerability as given.
    pub vulnerability: AssetVulnerability,
    /// The asset's exposure level.
    pub exposure: Exposure,
    /// The priority (see the module documentation for the formula).
    pub priority: f32,
    /// Why, one phrase per term of the formula that counted.
    pub reasons: Vec<String>,
}

/// Ranks `vulnerabilities` by priority, highest first, with each asset's exposure.
pub fn rank(
    model: &SystemModel,
    vulnerabilities: &[AssetVulnerability],
) -> (Vec<RankedVulnerability>, Vec<AssetExposure>) {
    let mut exposures: Vec<Option<AssetExposure>> = vec![None; model.assets().len()];
    // Reach depends on the zone only: walked once per zone, however many assets share it.
    let mut reach: Vec<Option<Vec<Reach>>> = vec![None; model.zones().len()];
    let mut ranked: Vec<RankedVulnerability> = vulnerabilities
        .iter()
        .map(|v| {
            let zone = model.asset(v.asset).zone;
            let exposure = exposures[v.asset.index()]
                .get_or_insert_with(|| {
                    let reached = reach[zone.index()]
                        .get_or_insert_with(|| reaching_zones(model, zone))
                        .clone();
                    exposure_with(model, v.asset, reached)
                })
                .exposure;
            let zone = model.zone(model.asset(v.asset).zone);
            let (priority, reasons) = priority(
                v,
                exposure,
                zone.sl_t
                    .levels()
                    .iter()
                    .map(|l| l.get())
                    .max()
                    .unwrap_or(1),
            );
            RankedVulnerability {
                vulnerability: v.clone(),
                exposure,
                priority,
                reasons,
            }
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.priority
            .total_cmp(&a.priority)
            .then_with(|| a.vulnerability.id.cmp(&b.vulnerability.id))
            .then_with(|| {
                model
                    .asset(a.vulnerability.asset)
                    .id
                    .cmp(&model.asset(b.vulnerability.asset).id)
            })
    });
    (ranked, exposures.into_iter().flatten().collect())
}

fn priority(v: &AssetVulnerability, exposure: Exposure, zone_sl_t: u8) -> (f32, Vec<String>) {
    let mut reasons = Vec::new();
    let base = if let Some(score) = v.score {
        reasons.push(format!("base score {score:.1}"));
        score.clamp(0.0, 10.0)
    } else {
        reasons.push("base score unknown, taken as 5.0".to_owned());
        5.0
    };
    let mut total = base;
    if v.kev {
        total += 4.0;
        reasons.push("known exploited (CISA KEV) +4".to_owned());
    }
    if let Some(epss) = v.epss {
        let term = 3.0 * epss.clamp(0.0, 1.0);
        total += term;
        reasons.push(format!("EPSS {epss:.3} +{term:.2}"));
    }
    let weight = exposure.weight();
    total += weight;
    reasons.push(format!("{} exposure +{weight:.0}", exposure.as_str()));
    let sl_term = 0.5 * f32::from(zone_sl_t.saturating_sub(1));
    if sl_term > 0.0 {
        total += sl_term;
        reasons.push(format!("zone SL-T {zone_sl_t} +{sl_term:.1}"));
    }
    (total, reasons)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLANT: &str = "
system: {name: Exposure test}
assets:
  - {id: vpn, kind: network-device, sl_c: 2, externally_reachable: true}
  - {id: hist, kind: host-device, sl_c: 2}
  - {id: scada, kind: host-device, sl_c: 2}
  - {id: plc, kind: embedded-device, sl_c: 2}
  - {id: sis, kind: embedded-device, sl_c: 3}
  - {id: lab-pc, kind: host-device, sl_c: 1}
zones:
  - {id: dmz, assets: [vpn], sl_t: 1}
  - {id: ops, assets: [hist], sl_t: 2}
  - {id: control, assets: [scada, plc], sl_t: 2}
  - {id: safety, assets: [sis], sl_t: 3}
  - {id: lab, assets: [lab-pc], sl_t: 1}
conduits:
  - id: c-dmz-ops
    zones: [dmz, ops]
    channels: [{protocol: https, port: 443, direction: a-to-b}]
  - id: c-ops-control
    zones: [ops, control]
    channels: [{protocol: opc-ua, port: 4840, direction: bidirectional}]
  - id: c-diode
    zones: [safety, control]
    channels: [{protocol: modbus-tcp, port: 502, direction: a-to-b}]
";

    fn model() -> SystemModel {
        SystemModel::parse("plant.yaml", PLANT).unwrap()
    }

    fn asset(model: &SystemModel, id: &str) -> AssetIdx {
        model
            .asset_indexes()
            .find(|a| model.asset(*a).id == id)
            .unwrap()
    }

    fn zone(model: &SystemModel, id: &str) -> ZoneIdx {
        model
            .zone_indexes()
            .find(|z| model.zone(*z).id == id)
            .unwrap()
    }

    fn vulnerability(
        model: &SystemModel,
        asset_id: &str,
        id: &str,
        score: f32,
    ) -> AssetVulnerability {
        AssetVulnerability {
            asset: asset(model, asset_id),
            id: id.to_owned(),
            component: "x 1".to_owned(),
            score: Some(score),
            severity: None,
            kev: false,
            epss: None,
        }
    }

    #[test]
    fn reach_follows_channel_direction_over_several_hops() {
        let m = model();
        let reach = reaching_zones(&m, zone(&m, "control"));
        let from: Vec<&str> = reach.iter().map(|r| m.zone(r.from).id.as_str()).collect();
        // ops over c-ops-control, dmz through ops; the safety diode sends into control too.
        assert_eq!(from, ["ops", "safety", "dmz"]);
        let dmz = &reach[2];
        let path: Vec<&str> = dmz.path.iter().map(|c| m.conduit(*c).id.as_str()).collect();
        assert_eq!(path, ["c-dmz-ops", "c-ops-control"]);
        assert_eq!(dmz.services, ["opc-ua/4840"]);
        assert!(dmz.external_entry && dmz.lower_sl);
    }

    #[test]
    fn a_one_way_conduit_does_not_carry_attacks_against_its_direction() {
        let m = model();
        assert!(reaching_zones(&m, zone(&m, "safety")).is_empty());
        assert_eq!(
            asset_exposure(&m, asset(&m, "sis")).exposure,
            Exposure::Isolated
        );
        // The DMZ receives nothing: its only conduit points away from it.
        assert!(reaching_zones(&m, zone(&m, "dmz")).is_empty());
    }

    #[test]
    fn a_conduit_without_channels_is_open_both_ways_and_marked() {
        let text = PLANT.to_owned() + "  - {id: c-lab, zones: [lab, safety]}\n";
        let m = SystemModel::parse("plant.yaml", &text).unwrap();
        let reach = reaching_zones(&m, zone(&m, "safety"));
        assert_eq!(reach.len(), 1);
        assert!(reach[0].through_unknown_conduit && reach[0].services.is_empty());
        assert_eq!(
            asset_exposure(&m, asset(&m, "sis")).exposure,
            Exposure::LowerSl
        );
    }

    #[test]
    fn exposure_levels() {
        let m = model();
        let level = |id| asset_exposure(&m, asset(&m, id)).exposure;
        assert_eq!(level("vpn"), Exposure::Internet); // itself external
        assert_eq!(level("plc"), Exposure::Internet); // the DMZ reaches control through ops
        assert_eq!(level("lab-pc"), Exposure::Isolated);
        let text = PLANT.replace("externally_reachable: true", "externally_reachable: false");
        let m = SystemModel::parse("plant.yaml", &text).unwrap();
        assert_eq!(
            asset_exposure(&m, asset(&m, "plc")).exposure,
            Exposure::LowerSl
        );
        assert_eq!(
            asset_exposure(&m, asset(&m, "hist")).exposure,
            Exposure::LowerSl
        );
        let text = text.replace(
            "{id: dmz, assets: [vpn], sl_t: 1}",
            "{id: dmz, assets: [vpn], sl_t: 2}",
        );
        let m = SystemModel::parse("plant.yaml", &text).unwrap();
        assert_eq!(
            asset_exposure(&m, asset(&m, "hist")).exposure,
            Exposure::Internal
        );
    }

    #[test]
    fn exposure_and_kev_outrank_a_higher_score_on_an_isolated_asset() {
        let m = model();
        let mut exposed = vulnerability(&m, "vpn", "CVE-2024-0001", 6.5);
        exposed.kev = true;
        exposed.epss = Some(0.5);
        let isolated = vulnerability(&m, "sis", "CVE-2024-0002", 9.8);
        let (ranked, exposures) = rank(&m, &[isolated, exposed]);
        assert_eq!(ranked[0].vulnerability.id, "CVE-2024-0001");
        // 6.5 + 4 (KEV) + 1.5 (EPSS) + 3 (internet) = 15.0; 9.8 + 0 + 1.0 (SL-T 3) = 10.8
        assert!(
            (ranked[0].priority - 15.0).abs() < 1e-4,
            "{}",
            ranked[0].priority
        );
        assert!(
            (ranked[1].priority - 10.8).abs() < 1e-4,
            "{}",
            ranked[1].priority
        );
        assert!(ranked[0].reasons.iter().any(|r| r.contains("KEV")));
        assert_eq!(exposures.len(), 2);
    }

    #[test]
    fn an_unknown_score_counts_as_five_and_says_so() {
        let m = model();
        let mut v = vulnerability(&m, "lab-pc", "CVE-2024-0003", 0.0);
        v.score = None;
        let (ranked, _) = rank(&m, &[v]);
        assert!((ranked[0].priority - 5.0).abs() < 1e-4);
        assert!(ranked[0].reasons[0].contains("unknown"));
    }
}
