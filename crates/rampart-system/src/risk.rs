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

use rampart_catalog::{Fr, SecurityLevel, SlVector};
use serde::Serialize;

use crate::acceptance::AcceptanceNote;
use crate::date::IsoDate;
use crate::model::{ConsequenceCategory, SystemModel, ThreatIdx, ThreatScenario, ZoneIdx};

/// A risk matrix: likelihood and impact scales and the tolerable line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RiskMatrix {
    /// Likelihood labels, lowest first; likelihood `n` is the `n`-th.
    pub likelihood: Vec<String>,
    /// Impact labels, lowest first; impact `n` is the `n`-th (0 means no impact).
    pub impact: Vec<String>,
    /// The highest tolerable score.
    pub tolerable: u16,
}

impl Default for RiskMatrix {
    /// The 5 × 5 default, tolerable up to 4 (e.g. unlikely × minor, rare × major).
    fn default() -> Self {
        RiskMatrix {
            likelihood: ["rare", "unlikely", "possible", "likely", "almost-certain"]
                .map(str::to_owned)
                .to_vec(),
            impact: ["negligible", "minor", "moderate", "major", "catastrophic"]
                .map(str::to_owned)
                .to_vec(),
            tolerable: 4,
        }
    }
}

impl RiskMatrix {
    /// Number of likelihood steps.
    pub fn likelihood_levels(&self) -> u8 {
        self.likelihood.len() as u8
    }
    /// Number of impact steps.
    pub fn impact_levels(&self) -> u8 {
        self.impact.len() as u8
    }
    /// The highest possible score.
    pub fn max_score(&self) -> u16 {
        u16::from(self.likelihood_levels()) * u16::from(self.impact_levels())
    }
    /// The score of a likelihood and an impact.
    pub fn score(&self, likelihood: u8, impact: u8) -> u16 {
        u16::from(likelihood) * u16::from(impact)
    }
    /// True if and only if `score` is at or below the tolerable line.
    pub fn is_tolerable(&self, score: u16) -> bool {
        score <= self.tolerable
    }
    fn label(labels: &[String], n: u8) -> String {
        match n {
            0 => "none".to_owned(),
            n => labels.get(usize::from(n) - 1).cloned().unwrap_or_default(),
        }
    }
    /// The rating of a likelihood and an impact.
    pub fn rate(&self, likelihood: u8, impact: u8) -> Risk {
        let score = self.score(likelihood, impact);
        Risk {
            likelihood,
            likelihood_label: Self::label(&self.likelihood, likelihood),
            impact,
            impact_label: Self::label(&self.impact, impact),
            score,
            tolerable: self.is_tolerable(score),
        }
    }
}

/// One point on the matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Risk {
    /// Likelihood step.
    pub likelihood: u8,
    /// Its label.
    pub likelihood_label: String,
    /// Impact step.
    pub impact: u8,
    /// Its label.
    pub impact_label: String,
    /// likelihood × impact.
    pub score: u16,
    /// True if and only if `score` is at or below the tolerable line.
    pub tolerable: bool,
}

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

/// How a zone's SL-T was derived: the level per FR and every reason behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlDerivation {
    /// Zone id.
    pub zone: String,
    /// The resulting SL-T.
    pub sl_t: SlVector,
    /// Per FR, FR1 first.
    pub frs: Vec<FrDerivation>,
    /// Scenarios not used, and why.
    pub ignored: Vec<IgnoredScenario>,
}

/// The derivation of one FR element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrDerivation {
    /// The FR.
    pub fr: Fr,
    /// Its derived level.
    pub level: SecurityLevel,
    /// Every rule that asked for a level, highest first; the first sets the level.
    pub reasons: Vec<Reason>,
}

/// One rule asking for a level on one FR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The scenario, or `None` for the baseline.
    pub scenario: Option<String>,
    /// The rule: `baseline`, `intentional`, `external-vector` or `consequence:<category>`.
    pub rule: String,
    /// The level it asks for.
    pub level: SecurityLevel,
    /// Why, in words.
    pub because: String,
}

/// A scenario of the zone that did not drive its SL-T.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IgnoredScenario {
    /// Scenario id.
    pub scenario: String,
    /// Why.
    pub because: String,
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

/// Derives a zone's SL-T from its threat scenarios.
///
/// Only scenarios whose *unmitigated* risk is above the tolerable line count (the SL-T must
/// hold without relying on the countermeasures the SL-T is meant to specify). Each such
/// scenario asks for the level of its source's capability (an unintentional one counts as
/// casual) on:
///
/// - the `intentional` FRs (default FR1, FR2), if the source is intentional;
/// - the `external` FRs (default FR5, FR6), if its vector is one of `external_vectors`;
/// - the FRs of each consequence category whose impact is at least `min_impact`
///   (default: safety and environment → FR3, FR6, FR7; production → FR3, FR7;
///   financial and reputation → FR4).
///
/// Each FR is the highest level asked for, and never below `baseline` (default SL 1).
pub fn derive_sl_t(model: &SystemModel, zone: ZoneIdx) -> SlDerivation {
    let cfg = &model.risk().derivation;
    let m = &model.risk().matrix;
    let mut reasons: Vec<Vec<Reason>> = vec![Vec::new(); 7];
    let mut ignored = Vec::new();
    for &ti in model.threats_of_zone(zone) {
        let t = model.threat(ti);
        let score = m.score(t.likelihood, t.impact());
        if m.is_tolerable(score) {
            ignored.push(IgnoredScenario {
                scenario: t.id.clone(),
                because: format!(
                    "unmitigated risk {score} ({} × {}) is within the tolerable line {}",
                    t.likelihood,
                    t.impact(),
                    m.tolerable
                ),
            });
            continue;
        }
        let capability = if t.intentional {
            t.capability
        } else {
            crate::model::Capability::Casual
        };
        let level = cfg.level_of(capability);
        let source = if t.intentional {
            format!(
                "intentional source `{}`, {} capability → SL {level}",
                t.source, capability
            )
        } else {
            format!(
                "unintentional source `{}` counts as casual → SL {level}",
                t.source
            )
        };
        let mut add = |frs: &[Fr], rule: String, why: String| {
            for fr in frs {
                reasons[fr.index()].push(Reason {
                    scenario: Some(t.id.clone()),
                    rule: rule.clone(),
                    level,
                    because: format!("{why}; {source}; risk {score} > tolerable {}", m.tolerable),
                });
            }
        };
        if t.intentional {
            add(
                &cfg.intentional,
                "intentional".to_owned(),
                "an intentional threat".to_owned(),
            );
        }
        if cfg.is_external(&t.vector) {
            add(
                &cfg.external,
                "external-vector".to_owned(),
                format!("vector `{}` is external", t.vector),
            );
        }
        for c in ConsequenceCategory::ALL {
            let impact = t.impact_of(*c);
            if impact >= cfg.min_impact && impact > 0 {
                add(
                    cfg.frs_of(*c),
                    format!("consequence:{c}"),
                    format!("{c} impact {impact} ≥ {}", cfg.min_impact),
                );
            }
        }
    }
    let mut sl_t = SlVector::uniform(cfg.baseline);
    let frs = Fr::ALL
        .iter()
        .map(|fr| {
            let mut list = std::mem::take(&mut reasons[fr.index()]);
            list.push(Reason {
                scenario: None,
                rule: "baseline".to_owned(),
                level: cfg.baseline,
                because: format!("every FR of a derived zone starts at SL {}", cfg.baseline),
            });
            // Highest first; stable, so scenarios keep file order within a level.
            list.sort_by_key(|r| std::cmp::Reverse(r.level));
            let level = list[0].level;
            sl_t.set(*fr, level);
            FrDerivation {
                fr: *fr,
                level,
                reasons: list,
            }
        })
        .collect();
    SlDerivation {
        zone: model.zone(zone).id.clone(),
        sl_t,
        frs,
        ignored,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_matrix_scores_and_line() {
        let m = RiskMatrix::default();
        assert_eq!(m.max_score(), 25);
        assert_eq!(m.score(3, 4), 12);
        assert!(m.is_tolerable(4));
        assert!(!m.is_tolerable(5));
        let r = m.rate(2, 5);
        assert_eq!((r.score, r.tolerable), (10, false));
        assert_eq!(r.likelihood_label, "unlikely");
        assert_eq!(r.impact_label, "catastrophic");
        assert_eq!(m.rate(3, 0).impact_label, "none");
    }
}
