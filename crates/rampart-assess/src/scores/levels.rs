//! SL-A per FR and the item that blocks the next level.

use std::collections::HashSet;

use rampart_catalog::{Catalog, Fr, LevelScope, RequirementId, SecurityLevel, SlVector};

use crate::results::{FrLevels, RequirementResult, Status};

/// The ids of the items that count as met for SL-A: status `satisfied` or `not-applicable`.
/// Ids that do not parse are left out (they name nothing in the catalog).
pub fn met_ids(requirements: &[RequirementResult]) -> HashSet<RequirementId> {
    requirements
        .iter()
        .filter(|r| matches!(r.status, Status::Satisfied | Status::NotApplicable))
        .filter_map(|r| RequirementId::parse(&r.id).ok())
        .collect()
}

/// SL-A per FR given the met items.
pub(crate) fn achieved(
    catalog: &Catalog,
    scope: LevelScope,
    met: &HashSet<RequirementId>,
) -> SlVector {
    catalog.achieved_levels(scope, met)
}

/// The first item (catalog order) of `fr` in `scope` that the level above `sl_a` requires
/// and that is not met; `None` at SL 4.
fn blocking_item(
    catalog: &Catalog,
    scope: LevelScope,
    fr: Fr,
    sl_a: SecurityLevel,
    met: &HashSet<RequirementId>,
) -> Option<String> {
    let next = SecurityLevel::new(sl_a.get() + 1)?;
    catalog
        .scope_items(scope)
        .filter(|i| i.fr == Some(fr) && i.required_at(next))
        .find(|i| !met.contains(&i.id))
        .map(|i| i.id.to_string())
}

/// Per FR 1–7, in order: SL-T, SL-C (given by the caller, when known), SL-A and the item
/// that blocks SL-A + 1.
pub fn fr_levels(
    catalog: &Catalog,
    scope: LevelScope,
    sl_t: &SlVector,
    sl_c: Option<&SlVector>,
    requirements: &[RequirementResult],
) -> Vec<FrLevels> {
    let met = met_ids(requirements);
    let sl_a = achieved(catalog, scope, &met);
    Fr::ALL
        .iter()
        .map(|&fr| FrLevels {
            fr,
            sl_t: sl_t.get(fr),
            sl_c: sl_c.map(|c| c.get(fr)),
            sl_a: sl_a.get(fr),
            blocking: blocking_item(catalog, scope, fr, sl_a.get(fr), &met),
        })
        .collect()
}
