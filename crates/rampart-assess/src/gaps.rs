//! The gap list: every required item not yet satisfied, ranked by impact, with what to do.
//!
//! The score of a gap (documented in `docs/assessment-scores.md`, each factor tested):
//!
//! ```text
//! score = 100 × U  +  E × (S + K)  +  T  +  L
//! ```
//!
//! - `U`: SL steps the fix unlocks toward SL-T, summed over FRs: SL-A recomputed with this
//!   item alone also met, minus SL-A now, both capped at the FR's SL-T.
//! - `S`: the severity of the worst fact behind it (finding or affected vulnerability):
//!   critical 40, high 30, medium 20, low 10, none 0.
//! - `K`: 50 when a known-exploited (KEV) affected vulnerability is behind it.
//! - `E`: exposure of the subject (rampart-system's words): `internet` 1.5, `lower-sl` 1.25,
//!   `internal`, `isolated` or unknown 1.
//!   It weighs only the facts (what an attacker can reach), not the paperwork.
//! - `T`: status: not satisfied 3, partially 2, not assessed 1.
//! - `L`: for SL-rated items, 4 − the lowest level that requires it (foundations first).
//!
//! Ties keep catalog order; rank 1 is the first to fix.

use std::collections::HashSet;
use std::sync::OnceLock;

use rampart_catalog::{Catalog, LevelScope, RequirementId, SlVector};

use crate::results::{
    Finding, FrLevelChange, Gap, RequirementResult, Severity, Status, Vulnerability,
};
use crate::rules::for_component_type;
use crate::scores::{achieved, met_ids};

/// Points per SL step a fix unlocks.
pub const UNLOCK_POINTS: f64 = 100.0;
/// Points for a known-exploited vulnerability behind a gap.
pub const KEV_POINTS: f64 = 50.0;

/// Points for the severity of the worst fact behind a gap.
pub fn severity_points(severity: Option<Severity>) -> f64 {
    match severity {
        Some(Severity::Critical) => 40.0,
        Some(Severity::High) => 30.0,
        Some(Severity::Medium) => 20.0,
        Some(Severity::Low) => 10.0,
        Some(Severity::None) | None => 0.0,
    }
}

/// The weight of the subject's exposure on the facts behind a gap.
pub fn exposure_weight(exposure: Option<&str>) -> f64 {
    match exposure {
        Some("internet") => 1.5,
        Some("lower-sl") => 1.25,
        _ => 1.0,
    }
}

/// Points for a gap's status.
fn status_points(status: Status) -> f64 {
    match status {
        Status::NotSatisfied => 3.0,
        Status::Partially => 2.0,
        _ => 1.0,
    }
}

/// The gaps of an assessment, most impact first.
///
/// `requirements` are the decided results in catalog order; the gaps are those required at
/// SL-T whose status is not satisfied, partially or not assessed. `findings` and `vulns` are
/// the run's; a fact is behind a gap when a proposal for the item names it, or when a
/// finding lists the item among its requirements. `exposure` is the subject's (`internet`,
/// `lower-sl`, `internal`, `isolated`), from the system model when known.
pub fn gaps(
    catalog: &Catalog,
    scope: LevelScope,
    sl_t: &SlVector,
    requirements: &[RequirementResult],
    findings: &[Finding],
    vulns: &[Vulnerability],
    exposure: Option<&str>,
) -> Vec<Gap> {
    let met = met_ids(requirements);
    let now = achieved(catalog, scope, &met);
    let in_scope: HashSet<RequirementId> =
        catalog.scope_items(scope).map(|i| i.id.clone()).collect();
    let weight = exposure_weight(exposure);
    let mut out: Vec<(f64, usize, Gap)> = Vec::new();
    for (position, r) in requirements.iter().enumerate() {
        if !r.required
            || !matches!(
                r.status,
                Status::NotSatisfied | Status::Partially | Status::NotAssessed
            )
        {
            continue;
        }
        let id = RequirementId::parse(&r.id).ok();
        let unlocks = match &id {
            Some(id) if in_scope.contains(id) => {
                let mut with = met.clone();
                with.insert(id.clone());
                let after = achieved(catalog, scope, &with);
                now.iter()
                    .zip(after.iter())
                    .filter(|((_, from), (_, to))| to > from)
                    .map(|((fr, from), (_, to))| FrLevelChange { fr, from, to })
                    .collect()
            }
            _ => Vec::new(),
        };
        let facts = facts_behind(r, findings, vulns, scope);
        let severity = facts.severity;
        let unlocked: u32 = unlocks
            .iter()
            .map(|c: &FrLevelChange| {
                let target = sl_t.get(c.fr);
                u32::from(c.to.min(target).get() - c.from.min(target).get())
            })
            .sum();
        let lowest = id
            .as_ref()
            .and_then(|id| catalog.get(id))
            .and_then(rampart_catalog::Requirement::lowest_level)
            .map_or(0.0, |l| f64::from(4 - l.get()));
        let score = UNLOCK_POINTS * f64::from(unlocked)
            + weight * (severity_points(severity) + if facts.kev { KEV_POINTS } else { 0.0 })
            + status_points(r.status)
            + lowest;
        out.push((
            score,
            position,
            Gap {
                rank: 0,
                requirement: r.id.clone(),
                title: r.title.clone(),
                fr: r.fr,
                status: r.status,
                unlocks,
                severity,
                kev: facts.kev,
                exposure: exposure.map(str::to_owned),
                score,
                remediation: remediation(&r.id)
                    .or_else(|| r.group.as_deref().and_then(element_remediation))
                    .unwrap_or_default()
                    .to_owned(),
                facts: facts.ids,
            },
        ));
    }
    out.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    out.into_iter()
        .enumerate()
        .map(|(i, (_, _, mut gap))| {
            gap.rank = i + 1;
            gap
        })
        .collect()
}

/// The facts behind one gap.
struct Facts {
    ids: Vec<String>,
    severity: Option<Severity>,
    kev: bool,
}

/// Facts named by the item's proposals, and findings that list the item (read as the
/// component type's own item, so `EDR 2.13` counts for `NDR 2.13` on a network device).
fn facts_behind(
    r: &RequirementResult,
    findings: &[Finding],
    vulns: &[Vulnerability],
    scope: LevelScope,
) -> Facts {
    let named: HashSet<&str> = r
        .proposals
        .iter()
        .flat_map(|p| p.facts.iter().map(String::as_str))
        .collect();
    let lists_item = |f: &Finding| {
        f.requirements.iter().any(|req| match scope {
            LevelScope::Component(ty) => for_component_type(req, ty).as_deref() == Some(&r.id),
            LevelScope::Zone => *req == r.id,
        })
    };
    let mut ids: Vec<String> = Vec::new();
    let mut severity: Option<Severity> = None;
    let mut kev = false;
    for f in findings {
        if named.contains(f.fingerprint.as_str()) || lists_item(f) {
            ids.push(f.fingerprint.clone());
            severity = severity.max(Some(f.severity));
        }
    }
    for v in vulns {
        if v.status == "affected" && named.contains(v.id.as_str()) {
            ids.push(v.id.clone());
            severity = severity.max(Some(v.severity));
            kev |= v.kev;
        }
    }
    for fact in &named {
        if !ids.iter().any(|i| i == fact) {
            ids.push((*fact).to_owned());
        }
    }
    ids.sort();
    ids.dedup();
    Facts { ids, severity, kev }
}

/// The data files of remediation guidance, compiled in: requirement id → what to do.
const REMEDIATION_FILES: [(&str, &str); 3] = [
    (
        "data/remediation-3-3.yaml",
        include_str!("../data/remediation-3-3.yaml"),
    ),
    (
        "data/remediation-4-1.yaml",
        include_str!("../data/remediation-4-1.yaml"),
    ),
    (
        "data/remediation-4-2.yaml",
        include_str!("../data/remediation-4-2.yaml"),
    ),
];

/// The guidance table, parsed once and keyed by canonical id.
fn remediation_table() -> &'static std::collections::HashMap<RequirementId, String> {
    static TABLE: OnceLock<std::collections::HashMap<RequirementId, String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        load_remediation(REMEDIATION_FILES.iter().copied()).unwrap_or_else(|e| {
            panic!("the remediation data compiled into this binary is invalid: {e}")
        })
    })
}

/// Parses remediation files (`id: text` maps); an id that does not parse, appears twice
/// or has empty text is an error naming the file.
pub(crate) fn load_remediation<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<std::collections::HashMap<RequirementId, String>, String> {
    let mut table = std::collections::HashMap::new();
    for (name, text) in files {
        let raw: std::collections::BTreeMap<String, String> =
            rampart_yaml::parse(name, text, rampart_yaml::Limits::SMALL_FILE)
                .map_err(|p| format!("{name}:{}:{}: {}", p.line, p.col, p.message))?;
        for (id, guidance) in raw {
            let parsed = RequirementId::parse(&id).map_err(|e| format!("{name}: {e}"))?;
            if guidance.trim().is_empty() {
                return Err(format!("{name}: `{id}` has no guidance"));
            }
            if table.insert(parsed, guidance.trim().to_owned()).is_some() {
                return Err(format!("{name}: `{id}` appears twice"));
            }
        }
    }
    Ok(table)
}

/// Rampart's remediation guidance for a requirement: its own entry, or for an enhancement
/// without one, its base requirement's.
pub fn remediation(id: &str) -> Option<&'static str> {
    let id = RequirementId::parse(id).ok()?;
    let table = remediation_table();
    table
        .get(&id)
        .or_else(|| id.base().and_then(|b| table.get(&b)))
        .map(String::as_str)
}

/// The 2-1 guidance per programme element (`ORG 1`, `NET 3`, …), compiled in: a 2-1 gap
/// takes its element's guidance.
const ELEMENT_REMEDIATION: &str = include_str!("../data/remediation-2-1-elements.yaml");

/// The element guidance table, parsed once.
fn element_table() -> &'static std::collections::BTreeMap<String, String> {
    static TABLE: OnceLock<std::collections::BTreeMap<String, String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        rampart_yaml::parse(
            "data/remediation-2-1-elements.yaml",
            ELEMENT_REMEDIATION,
            rampart_yaml::Limits::SMALL_FILE,
        )
        .unwrap_or_else(|p| {
            panic!("the 2-1 remediation data compiled into this binary is invalid: {p:?}")
        })
    })
}

/// Rampart's guidance for a 2-1 programme element (a catalog group of 2-1), when it has one.
pub fn element_remediation(group: &str) -> Option<&'static str> {
    element_table().get(group).map(String::as_str)
}

#[cfg(test)]
mod tests;
