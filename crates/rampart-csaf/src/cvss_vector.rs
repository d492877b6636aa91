//! The metrics of a CVSS vector string and the JSON properties of FIRST's CVSS schemas that
//! restate them (tests 6.1.9 and 6.1.10): `attackVector: "NETWORK"` is `AV:N` in v3.

use std::collections::HashMap;

/// The metrics of a vector string (`CVSS:3.1/AV:N/…` or v2's `AV:N/AC:L/…`), by abbreviation.
pub(crate) fn metrics(vector: &str) -> HashMap<&str, &str> {
    vector
        .split('/')
        .filter(|part| !part.starts_with("CVSS:"))
        .filter_map(|part| part.split_once(':'))
        .collect()
}

/// One JSON property: its name, the vector metric it restates, and each JSON value with the
/// vector value it stands for.
pub(crate) struct Property {
    pub name: &'static str,
    pub metric: &'static str,
    pub values: &'static [(&'static str, &'static str)],
}

const V3_AV: &[(&str, &str)] = &[
    ("NETWORK", "N"),
    ("ADJACENT_NETWORK", "A"),
    ("LOCAL", "L"),
    ("PHYSICAL", "P"),
];
const V3_LH: &[(&str, &str)] = &[("LOW", "L"), ("HIGH", "H")];
const V3_HLN: &[(&str, &str)] = &[("HIGH", "H"), ("LOW", "L"), ("NONE", "N")];
const V3_UI: &[(&str, &str)] = &[("NONE", "N"), ("REQUIRED", "R")];
const V3_S: &[(&str, &str)] = &[("UNCHANGED", "U"), ("CHANGED", "C")];
const V3_E: &[(&str, &str)] = &[
    ("UNPROVEN", "U"),
    ("PROOF_OF_CONCEPT", "P"),
    ("FUNCTIONAL", "F"),
    ("HIGH", "H"),
    ("NOT_DEFINED", "X"),
];
const V3_RL: &[(&str, &str)] = &[
    ("OFFICIAL_FIX", "O"),
    ("TEMPORARY_FIX", "T"),
    ("WORKAROUND", "W"),
    ("UNAVAILABLE", "U"),
    ("NOT_DEFINED", "X"),
];
const V3_RC: &[(&str, &str)] = &[
    ("UNKNOWN", "U"),
    ("REASONABLE", "R"),
    ("CONFIRMED", "C"),
    ("NOT_DEFINED", "X"),
];
const V3_REQ: &[(&str, &str)] = &[
    ("LOW", "L"),
    ("MEDIUM", "M"),
    ("HIGH", "H"),
    ("NOT_DEFINED", "X"),
];
const V3_MAV: &[(&str, &str)] = &[
    ("NETWORK", "N"),
    ("ADJACENT_NETWORK", "A"),
    ("LOCAL", "L"),
    ("PHYSICAL", "P"),
    ("NOT_DEFINED", "X"),
];
const V3_MLH: &[(&str, &str)] = &[("LOW", "L"), ("HIGH", "H"), ("NOT_DEFINED", "X")];
const V3_MHLN: &[(&str, &str)] = &[
    ("HIGH", "H"),
    ("LOW", "L"),
    ("NONE", "N"),
    ("NOT_DEFINED", "X"),
];
const V3_MUI: &[(&str, &str)] = &[("NONE", "N"), ("REQUIRED", "R"), ("NOT_DEFINED", "X")];
const V3_MS: &[(&str, &str)] = &[("UNCHANGED", "U"), ("CHANGED", "C"), ("NOT_DEFINED", "X")];

/// The properties of FIRST's CVSS v3.0/v3.1 schemas that restate a vector metric.
pub(crate) const V3: &[Property] = &[
    p("attackVector", "AV", V3_AV),
    p("attackComplexity", "AC", V3_LH),
    p("privilegesRequired", "PR", V3_HLN),
    p("userInteraction", "UI", V3_UI),
    p("scope", "S", V3_S),
    p("confidentialityImpact", "C", V3_HLN),
    p("integrityImpact", "I", V3_HLN),
    p("availabilityImpact", "A", V3_HLN),
    p("exploitCodeMaturity", "E", V3_E),
    p("remediationLevel", "RL", V3_RL),
    p("reportConfidence", "RC", V3_RC),
    p("confidentialityRequirement", "CR", V3_REQ),
    p("integrityRequirement", "IR", V3_REQ),
    p("availabilityRequirement", "AR", V3_REQ),
    p("modifiedAttackVector", "MAV", V3_MAV),
    p("modifiedAttackComplexity", "MAC", V3_MLH),
    p("modifiedPrivilegesRequired", "MPR", V3_MHLN),
    p("modifiedUserInteraction", "MUI", V3_MUI),
    p("modifiedScope", "MS", V3_MS),
    p("modifiedConfidentialityImpact", "MC", V3_MHLN),
    p("modifiedIntegrityImpact", "MI", V3_MHLN),
    p("modifiedAvailabilityImpact", "MA", V3_MHLN),
];

const V2_AV: &[(&str, &str)] = &[("NETWORK", "N"), ("ADJACENT_NETWORK", "A"), ("LOCAL", "L")];
const V2_AC: &[(&str, &str)] = &[("HIGH", "H"), ("MEDIUM", "M"), ("LOW", "L")];
const V2_AU: &[(&str, &str)] = &[("MULTIPLE", "M"), ("SINGLE", "S"), ("NONE", "N")];
const V2_IMPACT: &[(&str, &str)] = &[("NONE", "N"), ("PARTIAL", "P"), ("COMPLETE", "C")];
const V2_E: &[(&str, &str)] = &[
    ("UNPROVEN", "U"),
    ("PROOF_OF_CONCEPT", "POC"),
    ("FUNCTIONAL", "F"),
    ("HIGH", "H"),
    ("NOT_DEFINED", "ND"),
];
const V2_RL: &[(&str, &str)] = &[
    ("OFFICIAL_FIX", "OF"),
    ("TEMPORARY_FIX", "TF"),
    ("WORKAROUND", "W"),
    ("UNAVAILABLE", "U"),
    ("NOT_DEFINED", "ND"),
];
const V2_RC: &[(&str, &str)] = &[
    ("UNCONFIRMED", "UC"),
    ("UNCORROBORATED", "UR"),
    ("CONFIRMED", "C"),
    ("NOT_DEFINED", "ND"),
];
const V2_CDP: &[(&str, &str)] = &[
    ("NONE", "N"),
    ("LOW", "L"),
    ("LOW_MEDIUM", "LM"),
    ("MEDIUM_HIGH", "MH"),
    ("HIGH", "H"),
    ("NOT_DEFINED", "ND"),
];
const V2_TD: &[(&str, &str)] = &[
    ("NONE", "N"),
    ("LOW", "L"),
    ("MEDIUM", "M"),
    ("HIGH", "H"),
    ("NOT_DEFINED", "ND"),
];
const V2_REQ: &[(&str, &str)] = &[
    ("LOW", "L"),
    ("MEDIUM", "M"),
    ("HIGH", "H"),
    ("NOT_DEFINED", "ND"),
];

/// The properties of FIRST's CVSS v2.0 schema that restate a vector metric.
pub(crate) const V2: &[Property] = &[
    p("accessVector", "AV", V2_AV),
    p("accessComplexity", "AC", V2_AC),
    p("authentication", "Au", V2_AU),
    p("confidentialityImpact", "C", V2_IMPACT),
    p("integrityImpact", "I", V2_IMPACT),
    p("availabilityImpact", "A", V2_IMPACT),
    p("exploitability", "E", V2_E),
    p("remediationLevel", "RL", V2_RL),
    p("reportConfidence", "RC", V2_RC),
    p("collateralDamagePotential", "CDP", V2_CDP),
    p("targetDistribution", "TD", V2_TD),
    p("confidentialityRequirement", "CR", V2_REQ),
    p("integrityRequirement", "IR", V2_REQ),
    p("availabilityRequirement", "AR", V2_REQ),
];

const fn p(
    name: &'static str,
    metric: &'static str,
    values: &'static [(&'static str, &'static str)],
) -> Property {
    Property {
        name,
        metric,
        values,
    }
}

/// The vector value a JSON property value stands for.
pub(crate) fn abbreviation(property: &Property, value: &str) -> Option<&'static str> {
    property
        .values
        .iter()
        .find(|(name, _)| *name == value)
        .map(|(_, short)| *short)
}
