//! Rules that tie elements together beyond "the id exists": the vocabulary of threat
//! vectors, what may enforce a conduit, and which countermeasures can protect a scenario's
//! target.

use std::collections::HashMap;

use super::{NO_ZONE, Span, Validator, span};
use crate::model::{
    Asset, AssetIdx, ConduitIdx, Countermeasure, CountermeasureIdx, KNOWN_VECTORS, Target, Zone,
    ZoneIdx, normal_vector,
};
use crate::raw::S;

/// A conduit's boundary devices as written, for checking once every conduit is known.
pub(super) struct BoundaryUse {
    /// The conduit's id.
    pub conduit: String,
    /// The two zones it joins.
    pub zones: [ZoneIdx; 2],
    /// Each device (asset index) with the place it is named.
    pub devices: Vec<(AssetIdx, Span)>,
}

impl Validator<'_> {
    /// A scenario's vector in its normal form. An unknown word is refused with the closest
    /// known ones: it would silently leave out the `external` FRs of a derived SL-T.
    pub(super) fn vector(&mut self, v: &S<String>, external: &[String]) -> String {
        let normal = normal_vector(&v.value);
        let known = KNOWN_VECTORS
            .iter()
            .map(|(name, _)| *name)
            .chain(external.iter().map(String::as_str));
        if known.clone().any(|k| k == normal) {
            return normal;
        }
        let mut close: Vec<(usize, &str)> = known
            .map(|k| (strsim::levenshtein(&normal, k), k))
            .filter(|(d, k)| *d <= 2.max(k.len() / 3))
            .collect();
        close.sort_unstable();
        close.dedup();
        let hint = match close.as_slice() {
            [] => String::new(),
            list => format!(
                "; did you mean {}?",
                list.iter()
                    .take(3)
                    .map(|(_, k)| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let expected: Vec<&str> = KNOWN_VECTORS.iter().map(|(name, _)| *name).collect();
        self.problem(
            span(v),
            format!(
                "unknown threat vector `{}`: expected one of {}, or a vector listed in `risk.derivation.external_vectors`{hint}",
                v.value.trim(),
                expected.join(", ")
            ),
        );
        normal
    }

    /// Every boundary device must be able to enforce its conduit: a firewall, gateway or data
    /// diode (its `role`), standing in one of the two zones joined, or in a zone of its own
    /// that has conduits to both (a DMZ-style boundary zone).
    pub(super) fn boundary_devices(
        &mut self,
        uses: &[BoundaryUse],
        assets: &[Asset],
        zones: &[Zone],
        conduits_between: &HashMap<(ZoneIdx, ZoneIdx), Vec<ConduitIdx>>,
    ) {
        let joined = |a: ZoneIdx, b: ZoneIdx| conduits_between.contains_key(&(a.min(b), a.max(b)));
        for use_ in uses {
            let [a, b] = use_.zones;
            for &(d, at) in &use_.devices {
                let device = &assets[d];
                match device.role {
                    Some(role) if role.is_boundary() => {}
                    Some(role) => self.problem(
                        at,
                        format!(
                            "boundary device `{}` of conduit `{}` is a {role}: a conduit is enforced by a firewall, gateway or data diode (`role: firewall|gateway|data-diode`)",
                            device.id, use_.conduit
                        ),
                    ),
                    None => self.problem(
                        at,
                        format!(
                            "boundary device `{}` of conduit `{}` has no `role`: a conduit is enforced by a firewall, gateway or data diode (`role: firewall|gateway|data-diode`)",
                            device.id, use_.conduit
                        ),
                    ),
                }
                let z = device.zone;
                if z == NO_ZONE || z == a || z == b || (joined(z, a) && joined(z, b)) {
                    continue;
                }
                self.problem(
                    at,
                    format!(
                        "boundary device `{}` of conduit `{}` is in zone `{}`: it must be in `{}` or `{}`, or in a zone of its own with conduits to both",
                        device.id, use_.conduit, zones[z].id, zones[a].id, zones[b].id
                    ),
                );
            }
        }
    }

    /// A countermeasure lowers a scenario's risk only if it protects what the scenario
    /// attacks: it must apply to the target, or to the target asset's zone.
    pub(super) fn countermeasures_on_target(
        &mut self,
        target: Target,
        target_id: &str,
        listed: &[(CountermeasureIdx, Span)],
        countermeasures: &[Countermeasure],
        assets: &[Asset],
    ) {
        for &(c, at) in listed {
            let cm = &countermeasures[c];
            let protects = match target {
                Target::Zone(z) => cm.zones.contains(&z),
                Target::Asset(a) => cm.assets.contains(&a) || cm.zones.contains(&assets[a].zone),
            };
            if !protects {
                let zone_too = if matches!(target, Target::Asset(_)) {
                    " or its zone"
                } else {
                    ""
                };
                self.problem(
                    at,
                    format!(
                        "countermeasure `{}` does not apply to this scenario's target `{target_id}`{zone_too}: add the target to its `applies_to`, or take it off the scenario",
                        cm.id
                    ),
                );
            }
        }
    }
}
