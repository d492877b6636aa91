//! Maven versions, ordered by Maven's "Version Order Specification" (pom.html) as OSV
//! applies it.
//!
//! Hand-written: the one Rust port of ComparableVersion (`mvn_version`) had a single release in
//! 2021 and is unmaintained. The rules:
//! - the version is split at `.` and `-`, each separator becoming the prefix of the token after
//!   it, and at every change between digits and other characters, which counts as `-`;
//! - tokens are lower-cased; an empty token is `0`; `cr` is `rc`; `ga`, `final` and `release`
//!   are the empty qualifier; `a`, `b`, `m` directly followed by a digit are `alpha`, `beta`,
//!   `milestone`; numbers lose leading zeros;
//! - trailing "null" tokens (`0` or the empty qualifier) are trimmed from the end, and again
//!   before each remaining `-`, from the end to the start;
//! - tokens are compared pairwise; the shorter version is padded with nulls (`.0`, or `-`
//!   followed by the empty qualifier; `.sp` is padded with the empty qualifier). With the same
//!   prefix: numbers numerically, a (non-null) number after any qualifier, and qualifiers
//!   `alpha < beta < milestone < rc < snapshot < "" < sp < any other` (others alphabetically).
//!   With different prefixes: `.qualifier < -qualifier < -number < .number`.

use std::borrow::Cow;
use std::cmp::Ordering;

use crate::{Ecosystem, VersionError, cmp_digits};

/// The separator a token followed: none for the first token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prefix {
    Start,
    Dot,
    Hyphen,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    prefix: Prefix,
    value: String,
    /// A padding token, standing in for a token the shorter version lacks.
    padding: bool,
}

impl Token {
    fn is_number(&self) -> bool {
        !self.value.is_empty() && self.value.bytes().all(|b| b.is_ascii_digit())
    }

    fn is_null(&self) -> bool {
        self.value.is_empty() || self.value == "0"
    }

    /// The null that pads the other version where it has no token opposite `self`.
    fn padding_for(&self) -> Token {
        let value = match self.prefix {
            Prefix::Hyphen => "",
            _ if self.value == "sp" => "",
            _ => "0",
        };
        Token {
            prefix: if self.prefix == Prefix::Hyphen {
                Prefix::Hyphen
            } else {
                Prefix::Dot
            },
            value: value.to_owned(),
            padding: true,
        }
    }

    /// `.qualifier < -qualifier < -number < .number`, for tokens with different prefixes.
    fn prefix_rank(&self) -> u8 {
        match (self.prefix, self.is_number()) {
            (Prefix::Hyphen, false) => 1,
            (Prefix::Hyphen, true) => 2,
            (_, true) => 3,
            (_, false) => 0,
        }
    }

    fn same(&self, other: &Token) -> bool {
        self.prefix == other.prefix && self.value == other.value
    }

    fn cmp_token(&self, other: &Token) -> Ordering {
        if self.prefix != other.prefix {
            return self.prefix_rank().cmp(&other.prefix_rank());
        }
        match (self.is_number(), other.is_number()) {
            (true, true) => cmp_digits(&self.value, &other.value),
            (true, false) if !self.padding => Ordering::Greater,
            (false, true) if !other.padding => Ordering::Less,
            _ => {
                let (a, b) = (qualifier_rank(&self.value), qualifier_rank(&other.value));
                if a == QUALIFIERS.len() && b == QUALIFIERS.len() {
                    self.value.cmp(&other.value)
                } else {
                    a.cmp(&b)
                }
            }
        }
    }
}

/// Known qualifiers in ascending order; anything else (numbers included) ranks after them.
const QUALIFIERS: [&str; 7] = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];

fn qualifier_rank(value: &str) -> usize {
    QUALIFIERS
        .iter()
        .position(|q| *q == value)
        .unwrap_or(QUALIFIERS.len())
}

/// A parsed Maven version: its tokens after normalisation and trimming.
#[derive(Debug)]
pub(crate) struct Version {
    tokens: Vec<Token>,
}

impl Version {
    pub(crate) fn parse(text: &str) -> Result<Self, VersionError> {
        if text.is_empty() {
            return Err(VersionError::invalid(
                Ecosystem::Maven,
                text,
                "the version is empty",
            ));
        }
        if let Some(c) = text.chars().find(|c| c.is_whitespace() || c.is_control()) {
            return Err(VersionError::invalid(
                Ecosystem::Maven,
                text,
                format!("it contains the character {c:?}"),
            ));
        }
        let lower = text.to_lowercase();
        let mut tokens = Vec::new();
        let mut prefix = Prefix::Start;
        for part in lower.split_inclusive(['.', '-']) {
            let (body, next) = match part.chars().last() {
                Some('.') => (&part[..part.len() - 1], Prefix::Dot),
                Some('-') => (&part[..part.len() - 1], Prefix::Hyphen),
                _ => (part, prefix),
            };
            push_runs(&mut tokens, body, prefix);
            prefix = next;
        }
        if matches!(lower.chars().last(), Some('.' | '-')) {
            push_runs(&mut tokens, "", prefix);
        }
        trim_nulls(&mut tokens);
        Ok(Version { tokens })
    }
}

/// Splits one separator-delimited part into runs of digits and non-digits and normalises each.
fn push_runs(tokens: &mut Vec<Token>, body: &str, prefix: Prefix) {
    let mut runs: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut previous_digit = None;
    for (i, c) in body.char_indices() {
        let digit = c.is_ascii_digit();
        if previous_digit.is_some_and(|p| p != digit) {
            runs.push(&body[start..i]);
            start = i;
        }
        previous_digit = Some(digit);
    }
    runs.push(&body[start..]);
    let count = runs.len();
    for (i, run) in runs.into_iter().enumerate() {
        let followed_by_digit = i + 1 < count;
        let value = match run {
            "" => "0".to_owned(),
            "cr" => "rc".to_owned(),
            "ga" | "final" | "release" => String::new(),
            "a" if followed_by_digit => "alpha".to_owned(),
            "b" if followed_by_digit => "beta".to_owned(),
            "m" if followed_by_digit => "milestone".to_owned(),
            _ if run.bytes().all(|b| b.is_ascii_digit()) => {
                let trimmed = run.trim_start_matches('0');
                if trimmed.is_empty() { "0" } else { trimmed }.to_owned()
            }
            _ => run.to_owned(),
        };
        tokens.push(Token {
            prefix: if i == 0 { prefix } else { Prefix::Hyphen },
            value,
            padding: false,
        });
    }
}

/// Drops null tokens from the end, then from before each remaining `-`, walking backwards.
fn trim_nulls(tokens: &mut Vec<Token>) {
    let mut i = tokens.len().checked_sub(1);
    while let Some(at) = i.filter(|&at| at > 0) {
        if tokens[at].is_null() {
            tokens.remove(at);
            i = Some(at - 1);
            continue;
        }
        // Back to the nearest token that starts with '-', then continue before it.
        let hyphen = (0..=at).rev().find(|&j| tokens[j].prefix == Prefix::Hyphen);
        i = hyphen.and_then(|j| j.checked_sub(1));
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        for i in 0..self.tokens.len().max(other.tokens.len()) {
            // Borrowed where both sides exist: comparing must not allocate, range
            // evaluation compares the same parsed versions many times.
            let (left, right) = match (self.tokens.get(i), other.tokens.get(i)) {
                (Some(l), Some(r)) => (Cow::Borrowed(l), Cow::Borrowed(r)),
                (Some(l), None) => (Cow::Borrowed(l), Cow::Owned(l.padding_for())),
                (None, Some(r)) => (Cow::Owned(r.padding_for()), Cow::Borrowed(r)),
                (None, None) => break,
            };
            if left.same(&right) {
                continue;
            }
            return left.cmp_token(&right);
        }
        Ordering::Equal
    }
}

order_traits_from_ord!(Version);

#[cfg(test)]
mod tests {
    use std::cmp::Ordering::{Equal, Greater, Less};

    use crate::{Ecosystem, compare};

    fn cmp(a: &str, b: &str) -> std::cmp::Ordering {
        compare(Ecosystem::Maven, a, b).unwrap()
    }

    #[test]
    fn qualifiers_order_around_the_release() {
        assert_eq!(cmp("1.0-alpha-1", "1.0-beta-1"), Less);
        assert_eq!(cmp("1.0-beta-1", "1.0-milestone-1"), Less);
        assert_eq!(cmp("1.0-m1", "1.0-rc1"), Less);
        assert_eq!(cmp("1.0-rc1", "1.0-SNAPSHOT"), Less);
        assert_eq!(cmp("1.0-SNAPSHOT", "1.0"), Less);
        assert_eq!(cmp("1.0", "1.0-sp1"), Less);
        assert_eq!(cmp("1.0-sp1", "1.0-whatever"), Less);
        assert_eq!(cmp("1.0-whatever", "1.0.1"), Less);
    }

    #[test]
    fn aliases_and_nulls() {
        assert_eq!(cmp("1.0-cr1", "1.0-rc1"), Equal);
        assert_eq!(cmp("1.0.Final", "1.0"), Equal);
        assert_eq!(cmp("1.0-GA", "1"), Equal);
        assert_eq!(cmp("1.0.RELEASE", "1.0.0"), Equal);
        assert_eq!(cmp("1a1", "1-alpha-1"), Equal);
        assert_eq!(cmp("1.0.0", "1"), Equal);
        // Nulls are trimmed before each hyphen too, not only at the end.
        assert_eq!(cmp("1.0-1", "1-1"), Equal);
        assert_eq!(cmp("1.0.0-0.0-2", "1-2"), Equal);
    }

    #[test]
    fn numbers_compare_numerically_and_rank_after_qualifiers() {
        assert_eq!(cmp("2.10", "2.9"), Greater);
        assert_eq!(cmp("1.0.1", "1.0-1"), Greater);
        assert_eq!(cmp("1-1", "1-alpha"), Greater);
        assert_eq!(cmp("5.3.0.Final", "5.3.0.CR2"), Greater);
        assert_eq!(cmp("2.17.1", "2.17.0"), Greater);
    }

    #[test]
    fn invalid_versions_name_the_cause() {
        let err = compare(Ecosystem::Maven, "1.0 final", "1")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("\"1.0 final\"") && err.contains("' '"),
            "{err}"
        );
        assert!(compare(Ecosystem::Maven, "", "1").is_err());
    }
}
