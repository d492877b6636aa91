//! The risk method as configured in a model: the matrix and the SL-T derivation.

use rampart_catalog::{Fr, SecurityLevel};

use super::types::{Capability, ConsequenceCategory};
use crate::risk::RiskMatrix;

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

    /// True when a vector counts as external (case-insensitive).
    pub fn is_external(&self, vector: &str) -> bool {
        self.external_vectors
            .iter()
            .any(|v| v.eq_ignore_ascii_case(vector.trim()))
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
