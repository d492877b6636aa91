//! How a component was found: the neutral form of CycloneDX 1.6 `component.evidence`
//! (`identity` and `occurrences`), which firmware identification fills in and CycloneDX and
//! SPDX carry.
//!
//! A claim such as "this image ships BusyBox 1.36.1" is only as good as what it rests on: the
//! identity part says which field was concluded, how (technique, confidence) and from what
//! value; the occurrences say where (file, byte offset) the bytes were read, so a reviewer can
//! look. Confidences are kept in thousandths so that the model stays `Eq` (documents carry
//! decimals between 0 and 1; three places are what any tool writes).

use serde::{Deserialize, Serialize};

/// The evidence of one component.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// What was concluded and how, one entry per identity field (`purl`, `cpe`, `version`).
    pub identity: Vec<Identity>,
    /// Where the component was seen.
    pub occurrences: Vec<Occurrence>,
}

impl Evidence {
    /// Whether there is nothing in it.
    pub fn is_empty(&self) -> bool {
        self.identity.is_empty() && self.occurrences.is_empty()
    }
}

/// One concluded identity field (CycloneDX `evidence.identity[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// The field concluded: one of CycloneDX's `group`, `name`, `version`, `purl`, `cpe`,
    /// `omniborId`, `swhid`, `swid`, `hash`.
    pub field: String,
    /// Overall confidence in the conclusion.
    pub confidence: Option<Confidence>,
    /// The value concluded (`pkg:generic/busybox@1.36.1`).
    pub concluded_value: Option<String>,
    /// The methods that led to it.
    pub methods: Vec<Method>,
}

/// One method of identification (CycloneDX `identity.methods[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Method {
    /// CycloneDX's technique: `binary-analysis`, `manifest-analysis`, `filename`,
    /// `hash-comparison`, `source-code-analysis`, `ast-fingerprint`, `instrumentation`,
    /// `dynamic-analysis`, `attestation` or `other`.
    pub technique: String,
    /// Confidence in this method's result.
    pub confidence: Confidence,
    /// What the method read (the rule id and matched text, the package database entry).
    pub value: Option<String>,
}

/// One place the component was seen (CycloneDX `evidence.occurrences[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occurrence {
    /// The file, as a path in the analysed tree.
    pub location: String,
    /// Byte offset in the file.
    pub offset: Option<u64>,
    /// A symbol name, when the evidence is one.
    pub symbol: Option<String>,
    /// Anything else a reviewer needs: the rule id and the bytes matched.
    pub additional_context: Option<String>,
}

/// The techniques CycloneDX 1.6 names (`identity.methods[].technique`).
pub const TECHNIQUES: [&str; 10] = [
    "source-code-analysis",
    "binary-analysis",
    "manifest-analysis",
    "ast-fingerprint",
    "hash-comparison",
    "instrumentation",
    "dynamic-analysis",
    "filename",
    "attestation",
    "other",
];

/// The identity fields CycloneDX 1.6 names (`identity.field`).
pub const IDENTITY_FIELDS: [&str; 9] = [
    "group",
    "name",
    "version",
    "purl",
    "cpe",
    "omniborId",
    "swhid",
    "swid",
    "hash",
];

/// A confidence between 0 and 1, in thousandths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Confidence(u16);

impl Confidence {
    /// Certain.
    pub const CERTAIN: Confidence = Confidence(1000);

    /// A confidence of `thousandths`/1000, capped at 1.
    pub fn from_thousandths(thousandths: u16) -> Confidence {
        Confidence(thousandths.min(1000))
    }

    /// The confidence of a decimal as documents write it; `None` outside 0..=1 or NaN.
    pub fn from_decimal(value: f64) -> Option<Confidence> {
        if (0.0..=1.0).contains(&value) {
            #[allow(clippy::cast_sign_loss)] // in 0..=1000 by the check above
            Some(Confidence((value * 1000.0).round() as u16))
        } else {
            None
        }
    }

    /// Thousandths.
    pub fn thousandths(self) -> u16 {
        self.0
    }

    /// As a decimal between 0 and 1.
    pub fn as_decimal(self) -> f64 {
        f64::from(self.0) / 1000.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidences_outside_zero_to_one_are_refused() {
        assert_eq!(Confidence::from_decimal(0.8).unwrap().thousandths(), 800);
        assert_eq!(Confidence::from_decimal(1.0), Some(Confidence::CERTAIN));
        assert!(Confidence::from_decimal(1.2).is_none());
        assert!(Confidence::from_decimal(-0.1).is_none());
        assert!(Confidence::from_decimal(f64::NAN).is_none());
        assert!((Confidence::from_thousandths(250).as_decimal() - 0.25).abs() < 1e-9);
    }
}
