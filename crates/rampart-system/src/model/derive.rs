//! The derivation of a zone's SL-T from its threat scenarios (`sl_t: derive`), computed
//! once while the model is built and kept with it (see [`SystemModel::derivation`]); the
//! method is written down in `docs/system-model.md` ("Deriving SL-T").

use rampart_catalog::{Fr, SecurityLevel, SlVector};
use serde::Serialize;

use super::{Capability, ConsequenceCategory, SystemModel, ZoneIdx};

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
            Capability::Casual
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
