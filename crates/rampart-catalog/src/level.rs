//! Security levels, foundational requirements, SL vectors and maturity levels.
//!
//! IEC 62443 never speaks of "the" security level of a zone or component: a level is
//! always given per foundational requirement (FR), as a 7-element vector in the fixed
//! order IAC, UC, SI, DC, RDF, TRE, RA. [`SlVector`] is that vector; the other types
//! here are its elements and indices.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One of the seven foundational requirements (FR 1–7) of IEC 62443-1-1, -3-3 and -4-2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fr {
    /// FR 1: identification and authentication control (IAC).
    Iac,
    /// FR 2: use control (UC).
    Uc,
    /// FR 3: system integrity (SI).
    Si,
    /// FR 4: data confidentiality (DC).
    Dc,
    /// FR 5: restricted data flow (RDF).
    Rdf,
    /// FR 6: timely response to events (TRE).
    Tre,
    /// FR 7: resource availability (RA).
    Ra,
}

impl Fr {
    /// All seven FRs in vector order.
    pub const ALL: [Fr; 7] = [Fr::Iac, Fr::Uc, Fr::Si, Fr::Dc, Fr::Rdf, Fr::Tre, Fr::Ra];

    /// The FR's number, 1 to 7.
    pub fn number(self) -> u8 {
        self.index() as u8 + 1
    }

    /// The FR's position in an [`SlVector`], 0 to 6.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The FR with number `n` (1 to 7).
    pub fn from_number(n: u8) -> Option<Fr> {
        Fr::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    /// The standard's abbreviation, e.g. `IAC`.
    pub fn abbrev(self) -> &'static str {
        match self {
            Fr::Iac => "IAC",
            Fr::Uc => "UC",
            Fr::Si => "SI",
            Fr::Dc => "DC",
            Fr::Rdf => "RDF",
            Fr::Tre => "TRE",
            Fr::Ra => "RA",
        }
    }

    /// The FR's name, e.g. "Identification and authentication control".
    pub fn name(self) -> &'static str {
        match self {
            Fr::Iac => "Identification and authentication control",
            Fr::Uc => "Use control",
            Fr::Si => "System integrity",
            Fr::Dc => "Data confidentiality",
            Fr::Rdf => "Restricted data flow",
            Fr::Tre => "Timely response to events",
            Fr::Ra => "Resource availability",
        }
    }

    /// The id used in data files and output, e.g. `FR1`.
    pub fn id(self) -> String {
        format!("FR{}", self.number())
    }
}

impl fmt::Display for Fr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FR{}", self.number())
    }
}

impl FromStr for Fr {
    type Err = ParseLevelError;

    /// Accepts `FR1`, `fr 1`, `1` and the abbreviations (`IAC`, `uc`, …).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let upper = t.to_ascii_uppercase();
        if let Some(fr) = Fr::ALL.iter().find(|fr| fr.abbrev() == upper) {
            return Ok(*fr);
        }
        let digits = upper.strip_prefix("FR").unwrap_or(&upper).trim();
        digits
            .parse::<u8>()
            .ok()
            .and_then(Fr::from_number)
            .ok_or_else(|| {
                ParseLevelError::new(
                    s,
                    "a foundational requirement FR1 to FR7 (or IAC, UC, SI, DC, RDF, TRE, RA)",
                )
            })
    }
}

impl Serialize for Fr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Fr {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A security level, SL 0 to SL 4.
///
/// SL 0 means no particular protection is asked for that FR; SL 1 protects against
/// casual or coincidental violation; SL 2 against intentional violation with simple
/// means; SL 3 with sophisticated means and IACS-specific skills; SL 4 with extended
/// resources and high motivation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SecurityLevel(u8);

impl SecurityLevel {
    /// SL 0: no specific protection.
    pub const SL0: SecurityLevel = SecurityLevel(0);
    /// SL 1.
    pub const SL1: SecurityLevel = SecurityLevel(1);
    /// SL 2.
    pub const SL2: SecurityLevel = SecurityLevel(2);
    /// SL 3.
    pub const SL3: SecurityLevel = SecurityLevel(3);
    /// SL 4: the highest level.
    pub const SL4: SecurityLevel = SecurityLevel(4);
    /// All five levels, lowest first.
    pub const ALL: [SecurityLevel; 5] = [Self::SL0, Self::SL1, Self::SL2, Self::SL3, Self::SL4];

    /// The level `n`, if `n` is 0 to 4.
    pub fn new(n: u8) -> Option<SecurityLevel> {
        (n <= 4).then_some(SecurityLevel(n))
    }

    /// The level as a number, 0 to 4.
    pub fn get(self) -> u8 {
        self.0
    }

    /// A one-line summary of the threat the level protects against.
    pub fn summary(self) -> &'static str {
        match self.0 {
            0 => "no specific protection required",
            1 => "protection against casual or coincidental violation",
            2 => {
                "protection against intentional violation using simple means, low resources, generic skills and low motivation"
            }
            3 => {
                "protection against intentional violation using sophisticated means, moderate resources, IACS-specific skills and moderate motivation"
            }
            _ => {
                "protection against intentional violation using sophisticated means, extended resources, IACS-specific skills and high motivation"
            }
        }
    }
}

impl fmt::Display for SecurityLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for SecurityLevel {
    type Err = ParseLevelError;

    /// Accepts `2`, `SL2`, `sl 2` and `SL-2`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let upper = s.trim().to_ascii_uppercase();
        let digits = upper.strip_prefix("SL").unwrap_or(&upper);
        let digits = digits.trim_start_matches(['-', ' ']);
        digits
            .parse::<u8>()
            .ok()
            .and_then(SecurityLevel::new)
            .ok_or_else(|| ParseLevelError::new(s, "a security level 0 to 4"))
    }
}

impl Serialize for SecurityLevel {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(self.0)
    }
}

impl<'de> Deserialize<'de> for SecurityLevel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let n = u8::deserialize(deserializer)?;
        SecurityLevel::new(n).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "security level {n} is out of range: expected 0 to 4"
            ))
        })
    }
}

/// Which of the three kinds of security level a vector states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SlKind {
    /// SL-T: the target level a zone or conduit must reach (the 3-2 risk assessment's output).
    Target,
    /// SL-C: the level a system or component can reach when properly configured.
    Capability,
    /// SL-A: the level actually reached by what is deployed.
    Achieved,
}

impl SlKind {
    /// The label used in the compact text form: `SL-T`, `SL-C` or `SL-A`.
    pub fn label(self) -> &'static str {
        match self {
            SlKind::Target => "SL-T",
            SlKind::Capability => "SL-C",
            SlKind::Achieved => "SL-A",
        }
    }
}

/// A security level per foundational requirement: the 7-element vector of IEC 62443.
///
/// The compact text form is `(2,2,3,1,2,1,2)`, optionally labelled `SL-T(…)`, `SL-C(…)`
/// or `SL-A(…)`; parsing also accepts spaces for commas and braces for parentheses
/// (`{2 2 0 1 3 1 3}`, the notation of 3-3 Annex A). A single number stands for the
/// same level on every FR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SlVector([SecurityLevel; 7]);

impl SlVector {
    /// The vector with every FR at SL 0.
    pub const ZERO: SlVector = SlVector([SecurityLevel::SL0; 7]);

    /// A vector from its seven levels, FR 1 first.
    pub fn new(levels: [SecurityLevel; 7]) -> SlVector {
        SlVector(levels)
    }

    /// The vector with `level` on every FR.
    pub fn uniform(level: SecurityLevel) -> SlVector {
        SlVector([level; 7])
    }

    /// A vector from seven numbers, FR 1 first; `None` if any is over 4.
    pub fn from_numbers(levels: [u8; 7]) -> Option<SlVector> {
        let mut out = [SecurityLevel::SL0; 7];
        for (slot, n) in out.iter_mut().zip(levels) {
            *slot = SecurityLevel::new(n)?;
        }
        Some(SlVector(out))
    }

    /// A vector from a list of levels as written in a file, FR 1 first; the error names the
    /// FR whose level is out of range, or the wrong length.
    pub fn from_list(list: &[i64]) -> Result<SlVector, SlVectorError> {
        if list.len() != 7 {
            return Err(SlVectorError::Length(list.len()));
        }
        let mut out = [SecurityLevel::SL0; 7];
        for ((slot, n), fr) in out.iter_mut().zip(list).zip(Fr::ALL) {
            *slot = u8::try_from(*n)
                .ok()
                .and_then(SecurityLevel::new)
                .ok_or(SlVectorError::OutOfRange { fr, level: *n })?;
        }
        Ok(SlVector(out))
    }

    /// The vector with the level `n`, as written in a file, on every FR.
    pub fn from_level(n: i64) -> Result<SlVector, SlVectorError> {
        u8::try_from(n)
            .ok()
            .and_then(SecurityLevel::new)
            .map(SlVector::uniform)
            .ok_or(SlVectorError::Level(n))
    }

    /// The level for one FR.
    pub fn get(&self, fr: Fr) -> SecurityLevel {
        self.0[fr.index()]
    }

    /// Sets the level for one FR.
    pub fn set(&mut self, fr: Fr, level: SecurityLevel) {
        self.0[fr.index()] = level;
    }

    /// The seven levels, FR 1 first.
    pub fn levels(&self) -> [SecurityLevel; 7] {
        self.0
    }

    /// Iterates over `(FR, level)` pairs in FR order.
    pub fn iter(&self) -> impl Iterator<Item = (Fr, SecurityLevel)> + '_ {
        Fr::ALL.iter().map(|fr| (*fr, self.get(*fr)))
    }

    /// The element-wise maximum: the stronger requirement of two targets.
    #[must_use]
    pub fn max(&self, other: &SlVector) -> SlVector {
        SlVector(std::array::from_fn(|i| self.0[i].max(other.0[i])))
    }

    /// The element-wise minimum: what a zone can reach when its weakest asset sets the bar.
    #[must_use]
    pub fn min(&self, other: &SlVector) -> SlVector {
        SlVector(std::array::from_fn(|i| self.0[i].min(other.0[i])))
    }

    /// True if and only if every element of `self` is at least the matching element of `other`.
    pub fn meets(&self, other: &SlVector) -> bool {
        self.0.iter().zip(other.0.iter()).all(|(a, b)| a >= b)
    }

    /// The FRs where `self` falls short of `target`, with the shortfall in levels.
    pub fn shortfall(&self, target: &SlVector) -> Vec<(Fr, u8)> {
        self.iter()
            .filter(|(fr, level)| *level < target.get(*fr))
            .map(|(fr, level)| (fr, target.get(fr).get() - level.get()))
            .collect()
    }

    /// The element-wise comparison: `Some(Ordering)` when every FR agrees, `None` when
    /// some FRs are higher and others lower (the vectors are then incomparable).
    pub fn compare(&self, other: &SlVector) -> Option<std::cmp::Ordering> {
        use std::cmp::Ordering;
        let mut result = Ordering::Equal;
        for (a, b) in self.0.iter().zip(other.0.iter()) {
            match (result, a.cmp(b)) {
                (_, Ordering::Equal) => {}
                (Ordering::Equal, o) => result = o,
                (r, o) if r == o => {}
                _ => return None,
            }
        }
        Some(result)
    }

    /// The highest level in the vector.
    pub fn highest(&self) -> SecurityLevel {
        self.0.iter().copied().max().unwrap_or_default()
    }

    /// The compact form with a label, e.g. `SL-T(2,2,3,1,2,1,2)`.
    pub fn labelled(&self, kind: SlKind) -> String {
        format!("{}{self}", kind.label())
    }

    /// Parses the text form and returns the label it carried, if any.
    pub fn parse_labelled(s: &str) -> Result<(Option<SlKind>, SlVector), ParseLevelError> {
        let t = s.trim();
        let upper = t.to_ascii_uppercase();
        let (kind, rest) = [SlKind::Target, SlKind::Capability, SlKind::Achieved]
            .iter()
            .find_map(|k| upper.strip_prefix(k.label()).map(|r| (Some(*k), r)))
            .unwrap_or_else(|| (None, upper.strip_prefix("SL").unwrap_or(&upper)));
        let rest = rest.trim();
        let inner = rest
            .strip_prefix(['(', '{', '['])
            .and_then(|r| r.strip_suffix([')', '}', ']']))
            .unwrap_or(rest);
        let parts: Vec<&str> = inner
            .split([',', ' ', ';'])
            .filter(|p| !p.is_empty())
            .collect();
        let expected = "an SL vector of seven levels 0 to 4, e.g. SL-T(2,2,3,1,2,1,2)";
        let mut levels = [SecurityLevel::SL0; 7];
        match parts.len() {
            1 => {
                let level: SecurityLevel = parts[0]
                    .parse()
                    .map_err(|_| ParseLevelError::new(s, expected))?;
                levels = [level; 7];
            }
            7 => {
                for (slot, p) in levels.iter_mut().zip(parts) {
                    *slot = p.parse().map_err(|_| ParseLevelError::new(s, expected))?;
                }
            }
            _ => return Err(ParseLevelError::new(s, expected)),
        }
        Ok((kind, SlVector(levels)))
    }
}

impl fmt::Display for SlVector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "(")?;
        for (i, level) in self.0.iter().enumerate() {
            if i > 0 {
                write!(f, ",")?;
            }
            write!(f, "{level}")?;
        }
        write!(f, ")")
    }
}

impl FromStr for SlVector {
    type Err = ParseLevelError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SlVector::parse_labelled(s).map(|(_, v)| v)
    }
}

impl Serialize for SlVector {
    /// Serialised as an array of seven numbers, FR 1 first: easy for scripts to index.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for SlVector {
    /// Accepts an array of seven numbers, a single number, or the text form.
    ///
    /// An array of the wrong length is counted to its end, so the error names its real
    /// length, but only seven levels are kept: a hostile million-element list costs no memory.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = SlVector;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "an SL vector: [2, 2, 3, 1, 2, 1, 2], a single level, or `SL-T(2,2,3,1,2,1,2)`",
                )
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<SlVector, E> {
                SlVector::from_level(n).map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<SlVector, E> {
                self.visit_i64(i64::try_from(n).unwrap_or(i64::MAX))
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<SlVector, E> {
                s.parse().map_err(E::custom)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<SlVector, A::Error> {
                let mut kept = Vec::with_capacity(7);
                let mut count = 0usize;
                while let Some(n) = seq.next_element::<i64>()? {
                    count += 1;
                    if kept.len() < 7 {
                        kept.push(n);
                    }
                }
                if count != 7 {
                    return Err(serde::de::Error::custom(SlVectorError::Length(count)));
                }
                SlVector::from_list(&kept).map_err(serde::de::Error::custom)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// A maturity level, ML 1 to ML 4, as used by 4-1, 2-1 and 2-4 to rate processes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MaturityLevel {
    /// ML 1: ad hoc, often undocumented; repeatability not assured.
    Initial = 1,
    /// ML 2: written policies and trained staff; processes defined, not all yet practised.
    Managed = 2,
    /// ML 3: repeatable across the organisation and practised, with evidence.
    Defined = 3,
    /// ML 4: process metrics drive continuous improvement.
    Improving = 4,
}

impl MaturityLevel {
    /// All four levels, lowest first.
    pub const ALL: [MaturityLevel; 4] = [
        MaturityLevel::Initial,
        MaturityLevel::Managed,
        MaturityLevel::Defined,
        MaturityLevel::Improving,
    ];

    /// The level as a number, 1 to 4.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The level's name, e.g. "Defined (practiced)".
    pub fn name(self) -> &'static str {
        match self {
            MaturityLevel::Initial => "Initial",
            MaturityLevel::Managed => "Managed",
            MaturityLevel::Defined => "Defined (practiced)",
            MaturityLevel::Improving => "Improving",
        }
    }
}

impl fmt::Display for MaturityLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ML{}", self.number())
    }
}

impl FromStr for MaturityLevel {
    type Err = ParseLevelError;

    /// Accepts `3`, `ML3`, `ml 3` and the names (`managed`, `defined`, …).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let upper = s.trim().to_ascii_uppercase();
        if let Some(ml) = MaturityLevel::ALL.iter().find(|ml| {
            ml.name().to_ascii_uppercase().starts_with(&upper)
                && !upper.is_empty()
                && !upper.starts_with("ML")
        }) {
            return Ok(*ml);
        }
        let digits = upper
            .strip_prefix("ML")
            .unwrap_or(&upper)
            .trim_start_matches(['-', ' ']);
        match digits.parse::<u8>() {
            Ok(n @ 1..=4) => Ok(MaturityLevel::ALL[usize::from(n - 1)]),
            _ => Err(ParseLevelError::new(s, "a maturity level ML1 to ML4")),
        }
    }
}

impl Serialize for MaturityLevel {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for MaturityLevel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Levels as written in a file that do not make an SL vector.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlVectorError {
    /// The list does not have one level per FR: the number of levels written (all of them,
    /// also when a reader keeps only the first few).
    #[error("an SL vector needs 7 levels (one per FR, FR1 first), but this list has {0}")]
    Length(usize),
    /// One FR's level is not 0 to 4.
    #[error("the level for {fr} is {level}, out of range: expected 0 to 4")]
    OutOfRange {
        /// The FR.
        fr: Fr,
        /// The level written.
        level: i64,
    },
    /// A single level for every FR is not 0 to 4.
    #[error("security level {0} is out of range: expected 0 to 4")]
    Level(i64),
}

/// Text that is not a valid FR, level, vector or maturity level.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not {expected}")]
pub struct ParseLevelError {
    input: String,
    expected: &'static str,
}

impl ParseLevelError {
    fn new(input: &str, expected: &'static str) -> Self {
        ParseLevelError {
            input: input.to_owned(),
            expected,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

    fn v(s: &str) -> SlVector {
        s.parse().unwrap()
    }

    #[test]
    fn vector_text_round_trips_with_label() {
        let (kind, vec) = SlVector::parse_labelled("SL-T(2,2,3,1,2,1,2)").unwrap();
        assert_eq!(kind, Some(SlKind::Target));
        assert_eq!(vec.to_string(), "(2,2,3,1,2,1,2)");
        assert_eq!(vec.labelled(SlKind::Target), "SL-T(2,2,3,1,2,1,2)");
        assert_eq!(vec.get(Fr::Si), SecurityLevel::SL3);
    }

    #[test]
    fn vector_accepts_annex_a_notation_and_uniform_level() {
        assert_eq!(
            v("{2 2 0 1 3 1 3}"),
            SlVector::from_numbers([2, 2, 0, 1, 3, 1, 3]).unwrap()
        );
        assert_eq!(v("sl-c 3"), SlVector::uniform(SecurityLevel::SL3));
        assert_eq!(
            v(" 1, 2,3,4 ,0,1,2 "),
            SlVector::from_numbers([1, 2, 3, 4, 0, 1, 2]).unwrap()
        );
    }

    #[test]
    fn vector_rejects_wrong_length_and_range() {
        for bad in [
            "(1,2,3)",
            "SL-T(1,2,3,4,5,1,1)",
            "SL-X(1,1,1,1,1,1,1)",
            "",
            "(a,b,c,d,e,f,g)",
            "(1,2,3,4,1,2,3,4)",
        ] {
            let err = bad.parse::<SlVector>().unwrap_err();
            assert!(err.to_string().contains("SL vector"), "{bad}: {err}");
        }
    }

    #[test]
    fn vector_elementwise_operations() {
        let a = v("(1,2,3,4,0,1,2)");
        let b = v("(2,2,1,4,1,0,2)");
        assert_eq!(a.max(&b), v("(2,2,3,4,1,1,2)"));
        assert_eq!(a.min(&b), v("(1,2,1,4,0,0,2)"));
        assert!(!a.meets(&b));
        assert!(a.max(&b).meets(&a));
        assert_eq!(a.compare(&b), None);
        assert_eq!(a.compare(&a), Some(Ordering::Equal));
        assert_eq!(a.min(&b).compare(&a), Some(Ordering::Less));
        assert_eq!(a.shortfall(&b), vec![(Fr::Iac, 1), (Fr::Rdf, 1)]);
        assert_eq!(a.highest(), SecurityLevel::SL4);
    }

    #[test]
    fn shortfall_is_the_distance_per_fr_below_the_target() {
        let zero = SlVector::ZERO;
        assert_eq!(
            zero.shortfall(&v("(4,3,2,1,0,0,0)")),
            vec![(Fr::Iac, 4), (Fr::Uc, 3), (Fr::Si, 2), (Fr::Dc, 1)]
        );
        assert_eq!(
            v("(1,4,1,4,1,4,1)").shortfall(&v("(4,4,4,4,4,4,4)")),
            vec![(Fr::Iac, 3), (Fr::Si, 3), (Fr::Rdf, 3), (Fr::Ra, 3)]
        );
        // Above or at the target: no shortfall, not a negative one.
        assert!(
            v("(4,4,4,4,4,4,4)")
                .shortfall(&v("(1,2,3,4,0,1,2)"))
                .is_empty()
        );
        assert!(
            v("(2,2,2,2,2,2,2)")
                .shortfall(&v("(2,2,2,2,2,2,2)"))
                .is_empty()
        );
        assert_eq!(
            v("(3,3,3,3,3,3,1)").shortfall(&v("(0,0,0,0,0,0,3)")),
            vec![(Fr::Ra, 2)]
        );
    }

    #[test]
    fn max_and_min_take_each_fr_from_the_right_side() {
        let a = v("(0,4,1,3,2,2,4)");
        let b = v("(4,0,3,1,2,1,0)");
        assert_eq!(a.max(&b), v("(4,4,3,3,2,2,4)"));
        assert_eq!(b.max(&a), v("(4,4,3,3,2,2,4)"));
        assert_eq!(a.min(&b), v("(0,0,1,1,2,1,0)"));
        assert_eq!(b.min(&a), v("(0,0,1,1,2,1,0)"));
        assert_eq!(a.max(&SlVector::ZERO), a);
        assert_eq!(a.min(&SlVector::ZERO), SlVector::ZERO);
        assert_eq!(a.max(&a), a);
        assert_eq!(a.min(&a), a);
    }

    #[test]
    fn meets_needs_every_fr_at_or_above_the_target() {
        let a = v("(2,2,3,1,2,1,2)");
        assert!(a.meets(&a));
        assert!(a.meets(&SlVector::ZERO));
        assert!(!SlVector::ZERO.meets(&a));
        // One FR short is enough to fail, wherever it is.
        for fr in Fr::ALL {
            let mut higher = a;
            higher.set(fr, SecurityLevel::SL4);
            assert!(!a.meets(&higher), "{fr}");
            assert!(higher.meets(&a), "{fr}");
        }
    }

    #[test]
    fn compare_orders_only_vectors_that_agree_on_every_fr() {
        let a = v("(2,2,2,2,2,2,2)");
        assert_eq!(a.compare(&a), Some(Ordering::Equal));
        assert_eq!(a.compare(&v("(2,2,2,2,2,2,3)")), Some(Ordering::Less));
        assert_eq!(a.compare(&v("(1,2,2,2,2,2,2)")), Some(Ordering::Greater));
        assert_eq!(a.compare(&v("(3,3,3,3,3,3,3)")), Some(Ordering::Less));
        assert_eq!(a.compare(&v("(0,0,0,0,0,0,0)")), Some(Ordering::Greater));
        assert_eq!(a.compare(&v("(1,2,2,2,2,2,3)")), None);
        assert_eq!(a.compare(&v("(3,2,2,2,2,2,1)")), None);
        assert_eq!(v("(2,2,2,2,2,2,3)").compare(&a), Some(Ordering::Greater));
        assert_eq!(SlVector::ZERO.highest(), SecurityLevel::SL0);
        assert_eq!(v("(0,0,0,0,0,3,1)").highest(), SecurityLevel::SL3);
    }

    #[test]
    fn vector_serde_forms() {
        let vec: SlVector = serde_json::from_str("[1,2,3,4,0,1,2]").unwrap();
        assert_eq!(serde_json::to_string(&vec).unwrap(), "[1,2,3,4,0,1,2]");
        let vec: SlVector = serde_json::from_str("\"SL-T(1,1,1,1,1,1,1)\"").unwrap();
        assert_eq!(vec, SlVector::uniform(SecurityLevel::SL1));
        let vec: SlVector = serde_json::from_str("3").unwrap();
        assert_eq!(vec, SlVector::uniform(SecurityLevel::SL3));
        let err = serde_json::from_str::<SlVector>("[1,2,3]")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("needs 7 levels (one per FR, FR1 first), but this list has 3"),
            "{err}"
        );
        // A long list is counted to its end, not to what is kept of it.
        let thirty = format!("[{}]", ["1"; 30].join(","));
        let err = serde_json::from_str::<SlVector>(&thirty)
            .unwrap_err()
            .to_string();
        assert!(err.contains("but this list has 30"), "{err}");
        let err = SlVector::from_list(&[2; 30]).unwrap_err().to_string();
        assert!(err.ends_with("but this list has 30"), "{err}");
        let err = serde_json::from_str::<SlVector>("[1,2,3,4,5,6,7]")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("the level for FR5 is 5, out of range"),
            "{err}"
        );
    }

    #[test]
    fn fr_parsing() {
        assert_eq!("FR3".parse::<Fr>().unwrap(), Fr::Si);
        assert_eq!("fr 7".parse::<Fr>().unwrap(), Fr::Ra);
        assert_eq!("rdf".parse::<Fr>().unwrap(), Fr::Rdf);
        assert_eq!("2".parse::<Fr>().unwrap(), Fr::Uc);
        assert!("FR8".parse::<Fr>().is_err());
        assert!("FR0".parse::<Fr>().is_err());
        assert_eq!(Fr::from_number(0), None);
    }

    #[test]
    fn security_and_maturity_levels_parse() {
        assert_eq!("SL2".parse::<SecurityLevel>().unwrap(), SecurityLevel::SL2);
        assert_eq!("sl-4".parse::<SecurityLevel>().unwrap(), SecurityLevel::SL4);
        assert!("5".parse::<SecurityLevel>().is_err());
        assert_eq!(
            "ML3".parse::<MaturityLevel>().unwrap(),
            MaturityLevel::Defined
        );
        assert_eq!(
            "managed".parse::<MaturityLevel>().unwrap(),
            MaturityLevel::Managed
        );
        assert_eq!(
            "4".parse::<MaturityLevel>().unwrap(),
            MaturityLevel::Improving
        );
        assert!("ML0".parse::<MaturityLevel>().is_err());
        assert!("ML5".parse::<MaturityLevel>().is_err());
    }
}
