//! Requirement identifiers, parsed and normalised.
//!
//! People write the same requirement many ways: `SR1.1`, `sr 1.1`, `SR 1.1 RE 1`,
//! `SR 1.1(1)`, `CR 1.1 RE(1)`, `SM 1`, `sp.1.1`. [`RequirementId`] parses all of them
//! into one canonical form, so lookups never depend on how an id was typed.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The practices of IEC 62443-4-1, whose requirements are written `SM-1`, `SVV-3`, …
const PRACTICE_PREFIXES: [&str; 8] = ["SM", "SR", "SD", "SI", "SVV", "DM", "SUM", "SG"];

/// A requirement identifier in canonical form.
///
/// Canonical forms: `SR 1.1`, `SR 1.1 RE 1`, `CR 2.4`, `EDR 2.4 RE 1` (3-3, 4-2);
/// `SM-1` (4-1); `ZCR 3.2` (3-2); `ORG 1.1` (2-1); `SP.01.02 BR`, `SP.01.02 RE(1)` (2-4).
/// Ordering is natural: `SR 1.2` sorts before `SR 1.10`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RequirementId {
    prefix: String,
    numbers: Vec<u16>,
    enhancement: Option<u16>,
}

impl RequirementId {
    /// The letters that open the id, upper case: `SR`, `CR`, `EDR`, `SM`, `ZCR`, `SP`, …
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The numbers after the prefix: `[1, 1]` for `SR 1.1`.
    pub fn numbers(&self) -> &[u16] {
        &self.numbers
    }

    /// The requirement enhancement number, if this is an RE.
    pub fn enhancement(&self) -> Option<u16> {
        self.enhancement
    }

    /// The id of the base requirement this RE enhances, if it is one.
    pub fn base(&self) -> Option<RequirementId> {
        self.enhancement.map(|_| RequirementId {
            enhancement: None,
            ..self.clone()
        })
    }

    /// Parses an id; the same as `str::parse`.
    pub fn parse(s: &str) -> Result<RequirementId, ParseIdError> {
        s.parse()
    }

    /// The same numbers under another prefix: `EDR 1.1` with `CR` is `CR 1.1`.
    pub(crate) fn with_prefix(&self, prefix: &str) -> RequirementId {
        RequirementId {
            prefix: prefix.to_owned(),
            ..self.clone()
        }
    }
}

impl fmt::Display for RequirementId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.prefix == "SP" {
            write!(f, "SP")?;
            for n in &self.numbers {
                write!(f, ".{n:02}")?;
            }
            return match self.enhancement {
                Some(re) => write!(f, " RE({re})"),
                None => write!(f, " BR"),
            };
        }
        let sep = if self.numbers.len() == 1 && PRACTICE_PREFIXES.contains(&self.prefix.as_str()) {
            "-"
        } else {
            " "
        };
        write!(f, "{}{sep}", self.prefix)?;
        for (i, n) in self.numbers.iter().enumerate() {
            if i > 0 {
                write!(f, ".")?;
            }
            write!(f, "{n}")?;
        }
        if let Some(re) = self.enhancement {
            write!(f, " RE {re}")?;
        }
        Ok(())
    }
}

impl FromStr for RequirementId {
    type Err = ParseIdError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let err = |why: &'static str| ParseIdError {
            input: input.to_owned(),
            why,
        };
        let upper = input.trim().to_ascii_uppercase();
        let mut rest = upper.as_str();
        let prefix_len = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        if prefix_len == 0 {
            return Err(err(
                "it does not start with letters such as SR, CR, SM or ZCR",
            ));
        }
        let prefix = rest[..prefix_len].to_owned();
        rest = rest[prefix_len..].trim_start_matches([' ', '-', '.', '_']);

        let mut numbers = Vec::new();
        loop {
            let digits = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            if digits == 0 {
                break;
            }
            numbers.push(
                rest[..digits]
                    .parse::<u16>()
                    .map_err(|_| err("a number in it is too large"))?,
            );
            rest = &rest[digits..];
            match rest.strip_prefix('.') {
                Some(r) if r.starts_with(|c: char| c.is_ascii_digit()) => rest = r,
                _ => break,
            }
        }
        if numbers.is_empty() {
            return Err(err("no number follows the prefix"));
        }

        let mut rest = rest.trim_start();
        if prefix == "SP" {
            rest = rest.strip_prefix("BR").unwrap_or(rest).trim_start();
        }
        let enhancement = if rest.is_empty() {
            None
        } else {
            let re = rest.strip_prefix("RE").unwrap_or(rest).trim();
            let re = re
                .strip_prefix('(')
                .and_then(|r| r.strip_suffix(')'))
                .unwrap_or(re)
                .trim();
            match re.parse::<u16>() {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    return Err(err(
                        "what follows the number is not an enhancement such as `RE 1` or `(1)`",
                    ));
                }
            }
        };
        Ok(RequirementId {
            prefix,
            numbers,
            enhancement,
        })
    }
}

impl Serialize for RequirementId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for RequirementId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Text that cannot be a requirement id at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a requirement id: {why}")]
pub struct ParseIdError {
    input: String,
    why: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> String {
        s.parse::<RequirementId>().unwrap().to_string()
    }

    #[test]
    fn spellings_of_one_sr_resolve_to_one_id() {
        for s in ["SR1.1", "sr 1.1", "SR 1.1", " Sr-1.1 "] {
            assert_eq!(canon(s), "SR 1.1", "{s}");
        }
        for s in [
            "SR 1.1 RE 1",
            "SR 1.1(1)",
            "SR 1.1 RE(1)",
            "sr1.1re1",
            "SR 1.1 (1)",
        ] {
            assert_eq!(canon(s), "SR 1.1 RE 1", "{s}");
        }
    }

    #[test]
    fn other_parts_have_their_own_canonical_forms() {
        assert_eq!(canon("sm 1"), "SM-1");
        assert_eq!(canon("SVV-3"), "SVV-3");
        assert_eq!(canon("SR-2"), "SR-2");
        assert_eq!(canon("zcr3.2"), "ZCR 3.2");
        assert_eq!(canon("ZCR 5"), "ZCR 5");
        assert_eq!(canon("org 1.1"), "ORG 1.1");
        assert_eq!(canon("sp.1.2"), "SP.01.02 BR");
        assert_eq!(canon("SP.01.02 BR"), "SP.01.02 BR");
        assert_eq!(canon("SP.01.02 RE(1)"), "SP.01.02 RE(1)");
        assert_eq!(canon("SP.01.02(1)"), "SP.01.02 RE(1)");
        assert_eq!(canon("EDR 2.4 RE(1)"), "EDR 2.4 RE 1");
    }

    #[test]
    fn base_of_an_enhancement() {
        let id: RequirementId = "CR 1.1 RE 2".parse().unwrap();
        assert_eq!(id.enhancement(), Some(2));
        assert_eq!(id.base().unwrap().to_string(), "CR 1.1");
        assert_eq!("CR 1.1".parse::<RequirementId>().unwrap().base(), None);
    }

    #[test]
    fn natural_order() {
        let mut ids: Vec<RequirementId> = ["SR 1.10", "SR 1.2", "SR 1.2 RE 1", "SR 1.1"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        ids.sort();
        let shown: Vec<String> = ids.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["SR 1.1", "SR 1.2", "SR 1.2 RE 1", "SR 1.10"]);
    }

    #[test]
    fn garbage_is_rejected_with_a_reason() {
        for bad in [
            "",
            "1.1",
            "SR",
            "SR x",
            "SR 1.1 banana",
            "SR 1.1 RE 0",
            "SR 99999999.1",
        ] {
            let err = bad.parse::<RequirementId>().unwrap_err();
            assert!(
                err.to_string().contains("is not a requirement id"),
                "{bad}: {err}"
            );
        }
    }
}
