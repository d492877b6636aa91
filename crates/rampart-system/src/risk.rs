//! The 3-2 risk assessment: initial risk per zone (ZCR 2), detailed risk per threat scenario
//! before and after countermeasures (ZCR 5), and the derivation of SL-T from those results.
//!
//! The method is written down in `docs/system-model.md` ("Risk" and "Deriving SL-T"):
//!
//! - risk = likelihood × impact on the model's matrix (5 × 5 by default); a scenario's impact
//!   is the worst over its consequence categories; a risk is tolerable if and only if its
//!   score is at most the matrix's `tolerable` line;
//! - a zone's initial risk is the worst unmitigated score over the scenarios that target it
//!   or one of its assets;
//! - residual risk lowers likelihood and impact by the steps of the scenario's
//!   countermeasures, never below 1 (an impact of 0 stays 0);
//! - SL-T per FR, for zones that ask for `derive`: see [`derive_sl_t`].

use serde::Serialize;

use crate::acceptance::AcceptanceNote;
use crate::date::IsoDate;
use crate::model::{ConsequenceCategory, SystemModel, ThreatIdx, ThreatScenario};
// The matrix is part of the model's risk configuration and the SL-T derivation is computed
// while the model is built: both live with the model (so this module depends on the model
// and not the reverse) and are re-exported here, where the method is described.
pub use crate::model::{
    FrDerivation, IgnoredScenario, Reason, Risk, RiskMatrix, SlDerivation, derive_sl_t,
};

/// The detailed assessment of one scenario (ZCR 5.1–5.11).
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioRisk {
    /// Scenario id.
    pub scenario: String,
    /// The zone or asset targeted.
    pub target: String,
    /// The zone targeted.
    pub zone: String,
    /// Threat source.
    pub source: String,
    /// Its capability.
    pub capability: crate::model::Capability,
    /// Entry vector.
    pub vector: String,
    /// Impact per consequence category rated above 0.
    pub consequences: Vec<CategoryImpact>,
    /// Before countermeasures (ZCR 5.5).
    pub unmitigated: Risk,
    /// Countermeasures applied (ids).
    pub countermeasures: Vec<String>,
    /// After countermeasures (ZCR 5.10).
    pub residual: Risk,
    /// When the residual risk is intolerable: the owner's acceptance of it, with its
    /// standing on the day of the run (see [`crate::acceptance`]); absent when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acceptance: Option<AcceptanceNote>,
}

/// The impact of one consequence category.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryImpact {
    /// The category.
    pub category: ConsequenceCategory,
    /// Impact step.
    pub impact: u8,
}

/// A zone's initial risk (ZCR 2): the worst unmitigated scenario.
#[derive(Debug, Clone, Serialize)]
pub struct ZoneRisk {
    /// Zone id.
    pub zone: String,
    /// The worst unmitigated risk; `None` when no scenario targets the zone.
    pub initial: Option<Risk>,
    /// The scenario that sets it.
    pub worst_scenario: Option<String>,
    /// The worst residual risk.
    pub residual: Option<Risk>,
    /// Scenarios targeting the zone or its assets.
    pub scenarios: usize,
}

/// The whole risk assessment.
#[derive(Debug, Clone, Serialize)]
pub struct RiskReport {
    /// The matrix used.
    pub matrix: RiskMatrix,
    /// Per zone, in file order.
    pub zones: Vec<ZoneRisk>,
    /// Per scenario, in file order.
    pub scenarios: Vec<ScenarioRisk>,
    /// For zones whose SL-T is derived: how.
    pub derivations: Vec<SlDerivation>,
    /// Scenarios whose residual risk is still above the tolerable line.
    pub intolerable_residual: Vec<String>,
}

/// The residual likelihood and impact of a scenario after its countermeasures.
pub fn residual(model: &SystemModel, t: &ThreatScenario) -> (u8, u8) {
    let (lr, ir) = t.countermeasures.iter().fold((0u8, 0u8), |(l, i), c| {
        let c = model.countermeasure(*c);
        (
            l.saturating_add(c.likelihood_reduction),
            i.saturating_add(c.impact_reduction),
        )
    });
    let likelihood = t.likelihood.saturating_sub(lr).max(1);
    let impact = match t.impact() {
        0 => 0,
        i => i.saturating_sub(ir).max(1),
    };
    (likelihood, impact)
}

/// The risk of one scenario, before and after countermeasures.
pub fn assess_scenario(model: &SystemModel, index: ThreatIdx) -> ScenarioRisk {
    let t = model.threat(index);
    let m = &model.risk().matrix;
    let (rl, ri) = residual(model, t);
    ScenarioRisk {
        scenario: t.id.clone(),
        target: model.target_id(t.target).to_owned(),
        zone: model.zone(t.zone).id.clone(),
        source: t.source.clone(),
        capability: t.capability,
        vector: t.vector.clone(),
        consequences: ConsequenceCategory::ALL
            .iter()
            .filter(|c| t.impact_of(**c) > 0)
            .map(|c| CategoryImpact {
                category: *c,
                impact: t.impact_of(*c),
            })
            .collect(),
        unmitigated: m.rate(t.likelihood, t.impact()),
        countermeasures: t
            .countermeasures
            .iter()
            .map(|c| model.countermeasure(*c).id.clone())
            .collect(),
        residual: m.rate(rl, ri),
        acceptance: None,
    }
}

/// The whole assessment: per scenario, per zone, and the SL-T derivations. Acceptances are
/// not looked at: see [`assess_as_of`].
pub fn assess(model: &SystemModel) -> RiskReport {
    let scenarios: Vec<ScenarioRisk> = model
        .threat_indexes()
        .map(|i| assess_scenario(model, i))
        .collect();
    let zones = model
        .zone_indexes()
        .zip(model.zones())
        .map(|(zi, z)| {
            let of_zone = model.threats_of_zone(zi);
            // Worst first; ties go to the scenario written first, so output is stable.
            let worst = of_zone.iter().copied().max_by_key(|i| {
                (
                    scenarios[i.index()].unmitigated.score,
                    std::cmp::Reverse(*i),
                )
            });
            let worst_residual = of_zone
                .iter()
                .map(|i| &scenarios[i.index()].residual)
                .max_by_key(|r| r.score);
            ZoneRisk {
                zone: z.id.clone(),
                initial: worst.map(|i| scenarios[i.index()].unmitigated.clone()),
                worst_scenario: worst.map(|i| scenarios[i.index()].scenario.clone()),
                residual: worst_residual.cloned(),
                scenarios: of_zone.len(),
            }
        })
        .collect();
    let intolerable_residual = scenarios
        .iter()
        .filter(|s| !s.residual.tolerable)
        .map(|s| s.scenario.clone())
        .collect();
    RiskReport {
        matrix: model.risk().matrix.clone(),
        zones,
        derivations: model
            .zone_indexes()
            .filter_map(|z| model.derivation(z).cloned())
            .collect(),
        scenarios,
        intolerable_residual,
    }
}

/// The whole assessment, as [`assess`], with the owner's acceptance of each intolerable
/// residual risk attached with its standing on `today`.
pub fn assess_as_of(model: &SystemModel, today: IsoDate) -> RiskReport {
    let mut report = assess(model);
    crate::acceptance::annotate_risk(model, &mut report, today);
    report
}
