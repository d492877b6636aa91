//! The risk method as configured in a model: the matrix and the SL-T derivation.

use rampart_catalog::{Fr, SecurityLevel};
use serde::Serialize;

use super::types::{Capability, ConsequenceCategory};
use super::vectors::normal_vector;

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

/// The configurable SL-T derivation (see `docs/system-model.md`, "Deriving SL-T").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerivationConfig {
    /// Every FR of a derived zone starts at this level.
    pub baseline: SecurityLevel,
    /// A consequence category drives its FRs only at or above this impact.
    pub min_impact: u8,
    /// The level each capability asks for, in [`Capability::ALL`] order.
    pub capability: [SecurityLevel; 4],
    /// FRs every intentional scenario drives.
    pub intentional: Vec<Fr>,
    /// FRs a scenario with an external vector drives.
    pub external: Vec<Fr>,
    /// Vectors that count as external.
    pub external_vectors: Vec<String>,
    /// FRs each consequence category drives, in [`ConsequenceCategory::ALL`] order.
    pub categories: [Vec<Fr>; 5],
}

impl DerivationConfig {
    /// The level a capability asks for.
    pub fn level_of(&self, capability: Capability) -> SecurityLevel {
        self.capability[capability as usize]
    }

    /// The FRs a category drives.
    pub fn frs_of(&self, category: ConsequenceCategory) -> &[Fr] {
        &self.categories[category.index()]
    }

    /// True when a vector counts as external, compared in normal form (`Remote Access` is
    /// `remote-access`), as validation compares them.
    pub fn is_external(&self, vector: &str) -> bool {
        let vector = normal_vector(vector);
        self.external_vectors
            .iter()
            .any(|v| normal_vector(v) == vector)
    }

    /// The documented defaults, for a model of `impact_levels` impact steps.
    pub fn default_for(impact_levels: u8) -> DerivationConfig {
        use Fr::{Dc, Iac, Ra, Rdf, Si, Tre, Uc};
        DerivationConfig {
            baseline: SecurityLevel::SL1,
            // The middle of the scale: "moderate" on the default five steps.
            min_impact: impact_levels.div_ceil(2),
            capability: [
                SecurityLevel::SL1,
                SecurityLevel::SL2,
                SecurityLevel::SL3,
                SecurityLevel::SL4,
            ],
            intentional: vec![Iac, Uc],
            external: vec![Rdf, Tre],
            external_vectors: [
                "internet",
                "remote-access",
                "wireless",
                "external-network",
                "supply-chain-update",
            ]
            .map(str::to_owned)
            .to_vec(),
            categories: [
                vec![Si, Tre, Ra],
                vec![Si, Tre, Ra],
                vec![Si, Ra],
                vec![Dc],
                vec![Dc],
            ],
        }
    }
}

/// The risk method: the matrix and the SL-T derivation.
#[derive(Debug, Clone)]
pub struct RiskConfig {
    /// Likelihood × impact, with the tolerable line.
    pub matrix: RiskMatrix,
    /// How SL-T is derived from the risk results.
    pub derivation: DerivationConfig,
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
