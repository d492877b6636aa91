//! Maturity per 4-1 practice, and per 2-1 element for an organisation's programme: both
//! parts rate items on the same ML 1–4 scale, grouped by the catalog (an item's `group`).
//!
//! An item's maturity evidence is four yes/no facts about its process — *defined*
//! (written down), *executed* (records show it followed), *measured* (metrics kept),
//! *improving* (the metrics drive changes) — giving ML 1–4 ([`maturity_from_evidence`]).
//! An item's level then also depends on its status ([`item_maturity`]), and a practice is
//! as mature as its weakest item, which is named as blocking.

use rampart_catalog::{Catalog, MaturityLevel, Part, RequirementId};

use crate::results::{PracticeMaturity, RequirementResult, Status};

/// What an assessor can show of one process item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MaturityEvidence {
    /// The process is written down (policy, procedure, template).
    pub defined: bool,
    /// Records show it is followed, on more than one product or release.
    pub executed: bool,
    /// Its effectiveness is measured (metrics, KPIs).
    pub measured: bool,
    /// The measurements lead to recorded improvements.
    pub improving: bool,
}

/// ML from evidence: ML 1 (Initial) without a defined process, whatever else is shown;
/// ML 2 (Managed) defined; ML 3 (Defined, practised) defined and executed; ML 4
/// (Improving) defined, executed, measured and improving. Measurement without improvement
/// stays ML 3: 4-1 asks that the metrics be acted on.
pub fn maturity_from_evidence(e: MaturityEvidence) -> MaturityLevel {
    match (e.defined, e.executed, e.measured && e.improving) {
        (false, _, _) => MaturityLevel::Initial,
        (true, false, _) => MaturityLevel::Managed,
        (true, true, false) => MaturityLevel::Defined,
        (true, true, true) => MaturityLevel::Improving,
    }
}

/// The level one 4-1 item supports: `None` when it is not assessed (unknown) or not
/// applicable (left out); ML 1 when not satisfied; its maturity evidence capped at ML 2
/// when partially satisfied (ML 1 without evidence); its maturity evidence when satisfied
/// (ML 2 without evidence: met, but nothing shows it is practised).
pub fn item_maturity(item: &RequirementResult) -> Option<MaturityLevel> {
    match item.status {
        Status::NotAssessed | Status::NotApplicable => None,
        Status::NotSatisfied => Some(MaturityLevel::Initial),
        Status::Partially => Some(
            item.maturity
                .unwrap_or(MaturityLevel::Initial)
                .min(MaturityLevel::Managed),
        ),
        Status::Satisfied => Some(item.maturity.unwrap_or(MaturityLevel::Managed)),
    }
}

/// Per 4-1 practice with at least one item among `requirements`, in catalog order: the
/// lowest level of its applicable items and the first item (catalog order) at that level
/// when it is below ML 4. While any item is not assessed the level is `None` and the first
/// such item is named as blocking.
pub fn maturity(catalog: &Catalog, requirements: &[RequirementResult]) -> Vec<PracticeMaturity> {
    maturity_of(catalog, Part::P4_1, requirements)
}

/// [`maturity`] for the groups of any maturity-rated part: the 4-1 practices, or the 2-1
/// elements (`ORG 1`, `CM 1`, …), each from the items whose `group` it is. Groups without an
/// item among `requirements` (the 2-1 security programme elements `SPE1`…, which only
/// parent other groups) are left out.
pub fn maturity_of(
    catalog: &Catalog,
    of: Part,
    requirements: &[RequirementResult],
) -> Vec<PracticeMaturity> {
    let Some(part) = catalog.part(of) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for practice in &part.groups {
        let mut items: Vec<(usize, &RequirementResult)> = requirements
            .iter()
            .filter_map(|r| {
                let id = RequirementId::parse(&r.id).ok()?;
                let position = catalog.items_of(of).position(|i| i.id == id)?;
                let item = catalog.get(&id)?;
                (item.group.as_deref() == Some(practice.id.as_str())).then_some((position, r))
            })
            .collect();
        if items.is_empty() {
            continue;
        }
        items.sort_by_key(|(position, _)| *position);
        let satisfied = items
            .iter()
            .filter(|(_, r)| r.status == Status::Satisfied)
            .count();
        let unassessed = items
            .iter()
            .find(|(_, r)| r.status == Status::NotAssessed)
            .map(|(_, r)| r.id.clone());
        let (level, blocking) = if unassessed.is_some() {
            (None, unassessed)
        } else {
            let rated: Vec<(MaturityLevel, &RequirementResult)> = items
                .iter()
                .filter_map(|(_, r)| item_maturity(r).map(|ml| (ml, *r)))
                .collect();
            match rated.iter().map(|(ml, _)| *ml).min() {
                None => (None, None),
                Some(lowest) => {
                    let blocking = (lowest < MaturityLevel::Improving)
                        .then(|| rated.iter().find(|(ml, _)| *ml == lowest))
                        .flatten()
                        .map(|(_, r)| r.id.clone());
                    (Some(lowest), blocking)
                }
            }
        };
        out.push(PracticeMaturity {
            practice: practice.id.clone(),
            title: practice.title.clone(),
            level,
            items: items.len(),
            satisfied,
            blocking,
            readiness: None,
        });
    }
    out
}
