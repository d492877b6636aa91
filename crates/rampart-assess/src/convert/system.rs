//! A system model, its 3-2 check findings, its risk assessment and its SL gap as the
//! results' plant view.

use std::collections::HashSet;

use rampart_catalog::{Catalog, Fr, LevelScope, RequirementId, SecurityLevel};
use rampart_system::gap::GapReport;
use rampart_system::risk::RiskReport;
use rampart_system::{Finding as CheckFinding, SystemModel};

use crate::results::{
    ConduitResult, Finding, FrLevels, Readiness, RiskMatrixCounts, Severity, SystemSection,
    ZoneResult,
};

/// The 3-2 check findings as results findings, most severe first. Findings the owner has
/// accepted (and whose acceptance is in force) are left out: the risk is owned, and the
/// report's system section says so through the model, not as an open finding.
pub fn system_findings(model: &SystemModel, findings: &[CheckFinding]) -> Vec<Finding> {
    let mut out: Vec<Finding> = findings
        .iter()
        .filter(|f| !f.is_accepted())
        .map(|f| Finding {
            code: f.check.to_owned(),
            source: "system".to_owned(),
            severity: check_severity(f.severity),
            title: f.message.clone(),
            detail: format!("ZCR {}: {}", f.zcr, f.message),
            location: format!(
                "{}:{}:{} ({} {})",
                model.file(),
                f.line,
                f.col,
                f.element_kind,
                f.element
            ),
            requirements: f.requirements.iter().map(|r| (*r).to_owned()).collect(),
            remediation: f.hint.to_owned(),
            fingerprint: f.fingerprint.clone(),
        })
        .collect();
    super::sort_findings(&mut out);
    out
}

fn check_severity(s: rampart_system::Severity) -> Severity {
    use rampart_system::Severity as S;
    match s {
        S::Info => Severity::None,
        S::Low => Severity::Low,
        S::Medium => Severity::Medium,
        S::High => Severity::High,
    }
}

/// The plant view: every zone with its levels (SL-T, SL-C from the gap, SL-A from the 3-3
/// items the zone declares satisfied plus `also_satisfied`, the items an assessment found
/// satisfied system-wide, and the item blocking the next level), every conduit with the
/// checks that fired on it, and the risk heat map.
pub fn system_section(
    catalog: &Catalog,
    model: &SystemModel,
    gap: &GapReport,
    risk: &RiskReport,
    findings: &[CheckFinding],
    also_satisfied: &HashSet<RequirementId, impl std::hash::BuildHasher>,
    diagram_svg: Option<String>,
) -> SystemSection {
    let zones = model
        .zones()
        .iter()
        .map(|zone| {
            let satisfied: HashSet<RequirementId> = zone
                .satisfies
                .iter()
                .chain(also_satisfied)
                .cloned()
                .collect();
            let zone_gap = gap.zones.iter().find(|g| g.zone == zone.id);
            let achieved = catalog.achieved_levels(LevelScope::Zone, &satisfied);
            let levels = Fr::ALL
                .iter()
                .map(|&fr| {
                    let sl_c = zone_gap.and_then(|g| g.sl_c).map(|v| v.get(fr));
                    let sl_a = zone
                        .sl_a
                        .map_or(achieved.get(fr), |declared| declared.get(fr));
                    FrLevels {
                        fr,
                        sl_t: zone.sl_t.get(fr),
                        sl_c,
                        sl_a,
                        blocking: blocking_item(catalog, fr, sl_a, &satisfied),
                    }
                })
                .collect();
            let required = catalog.required_for_zone(&zone.sl_t);
            let met = required
                .iter()
                .filter(|i| satisfied.contains(&i.id))
                .count();
            let declared =
                !zone.satisfies.is_empty() || zone.sl_a.is_some() || !also_satisfied.is_empty();
            let readiness = Readiness {
                required: required.len(),
                satisfied: met,
                partially: 0,
                not_satisfied: if declared { required.len() - met } else { 0 },
                not_applicable: 0,
                not_assessed: if declared { 0 } else { required.len() - met },
                percent: percent(met, required.len()),
            };
            ZoneResult {
                id: zone.id.clone(),
                name: zone.name.clone(),
                levels,
                readiness,
                assets: zone
                    .assets
                    .iter()
                    .map(|&a| model.asset(a).id.clone())
                    .collect(),
            }
        })
        .collect();
    let conduits = model
        .conduits()
        .iter()
        .map(|c| {
            let mut codes: Vec<String> = findings
                .iter()
                .filter(|f| f.element == c.id && !f.is_accepted())
                .map(|f| f.check.to_owned())
                .collect();
            codes.sort();
            codes.dedup();
            ConduitResult {
                id: c.id.clone(),
                name: c.name.clone(),
                zones: c.zones.iter().map(|&z| model.zone(z).id.clone()).collect(),
                findings: codes,
            }
        })
        .collect();
    SystemSection {
        name: model.system().name.clone(),
        zones,
        conduits,
        risk: risk_counts(risk),
        diagram_svg,
    }
}

/// The first item (catalog order) of `fr` that the level above `sl_a` requires and that is
/// not satisfied; `None` at SL 4 or when that level asks nothing unsatisfied.
fn blocking_item(
    catalog: &Catalog,
    fr: Fr,
    sl_a: SecurityLevel,
    satisfied: &HashSet<RequirementId>,
) -> Option<String> {
    let next = SecurityLevel::new(sl_a.get() + 1)?;
    catalog
        .scope_items(LevelScope::Zone)
        .find(|i| i.fr == Some(fr) && i.required_at(next) && !satisfied.contains(&i.id))
        .map(|i| i.id.to_string())
}

/// `satisfied / required` as a percentage with one decimal; 100 when nothing is required.
fn percent(satisfied: usize, required: usize) -> f64 {
    if required == 0 {
        100.0
    } else {
        (satisfied as f64 * 1000.0 / required as f64).round() / 10.0
    }
}

/// The risk heat map: scenario counts per (likelihood, impact) cell before and after
/// countermeasures, and each cell's band. Bands: at or below the tolerable score `low`; up
/// to twice it `medium`; up to three times `high`; above that `critical`.
pub fn risk_counts(risk: &RiskReport) -> RiskMatrixCounts {
    let matrix = &risk.matrix;
    let rows = matrix.likelihood.len();
    let cols = matrix.impact.len();
    let mut inherent = vec![vec![0usize; cols]; rows];
    let mut residual = vec![vec![0usize; cols]; rows];
    for scenario in &risk.scenarios {
        for (grid, r) in [
            (&mut inherent, &scenario.unmitigated),
            (&mut residual, &scenario.residual),
        ] {
            // Steps are 1-based; impact 0 (no impact) has no cell.
            let (l, i) = (usize::from(r.likelihood), usize::from(r.impact));
            if (1..=rows).contains(&l) && (1..=cols).contains(&i) {
                grid[l - 1][i - 1] += 1;
            }
        }
    }
    let tolerable = u32::from(matrix.tolerable.max(1));
    let cells = (1..=rows)
        .map(|l| {
            (1..=cols)
                .map(|i| {
                    let score = u32::from(matrix.score(l as u8, i as u8));
                    if score <= tolerable {
                        "low"
                    } else if score <= 2 * tolerable {
                        "medium"
                    } else if score <= 3 * tolerable {
                        "high"
                    } else {
                        "critical"
                    }
                    .to_owned()
                })
                .collect()
        })
        .collect();
    RiskMatrixCounts {
        likelihoods: matrix.likelihood.clone(),
        consequences: matrix.impact.clone(),
        inherent,
        residual,
        cells,
    }
}
