//! Hackage (Haskell) package versions, ordered as Cabal orders them.
//!
//! Hand-written because no Rust crate implements Cabal's `Version`, and the rules are few.
//! From the Haskell Package Versioning Policy (<https://pvp.haskell.org/>) and Cabal's
//! `Distribution.Types.Version`, as OSV applies them:
//! - a version is non-negative integers separated by `.` (`A.B.C`, any number of them: PVP's
//!   major version is `A.B`);
//! - versions compare as lists: the integers pairwise from the left, numerically (any length),
//!   and when one version is the other followed by more numbers, it is the greater, even when
//!   the extra numbers are zeros (`1.0 < 1.0.0`).
//!
//! Cabal refuses a number with a leading zero (`1.01`), and so does Rampart; Cabal's
//! deprecated tags (`1.0-beta`), which Hackage no longer accepts and which never take part in
//! the order, are refused too, as is anything else.

use std::cmp::Ordering;

use crate::{Ecosystem, VersionError, cmp_number_lists};

/// A Hackage version, borrowing the validated text.
#[derive(Debug)]
pub(crate) struct Version<'a> {
    text: &'a str,
}

impl<'a> Version<'a> {
    pub(crate) fn parse(text: &'a str) -> Result<Self, VersionError> {
        let fail = |reason: String| VersionError::invalid(Ecosystem::Hackage, text, reason);
        if let Some(c) = text.chars().find(|c| !(c.is_ascii_digit() || *c == '.')) {
            return Err(fail(format!(
                "it contains the character {c:?} (PVP versions are numbers separated by '.')"
            )));
        }
        for number in text.split('.') {
            if number.is_empty() {
                return Err(fail("it has an empty number".to_owned()));
            }
            if number.len() > 1 && number.starts_with('0') {
                return Err(fail(format!("the number {number:?} has a leading zero")));
            }
        }
        Ok(Version { text })
    }

    fn numbers(&self) -> impl Iterator<Item = &'a str> {
        self.text.split('.')
    }
}

impl Ord for Version<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_number_lists(self.numbers(), other.numbers())
    }
}

order_traits_from_ord!(Version<'_>);

#[cfg(test)]
mod tests {
    use std::cmp::Ordering::{Equal, Greater, Less};

    use crate::{Ecosystem, compare};

    fn cmp(a: &str, b: &str) -> std::cmp::Ordering {
        compare(Ecosystem::Hackage, a, b).unwrap()
    }

    #[test]
    fn numbers_compare_pairwise_and_numerically() {
        assert_eq!(cmp("1.0.0.0", "0.11.3.0"), Greater);
        assert_eq!(cmp("0.10.1", "0.9.9"), Greater);
        assert_eq!(cmp("0.1.0.0", "0.1.0.0"), Equal);
        assert_eq!(cmp("2.99999999999999999999999", "2.9"), Greater);
    }

    #[test]
    fn more_numbers_make_the_greater_version_even_zeros() {
        assert_eq!(cmp("1.0.0", "1.0"), Greater);
        assert_eq!(cmp("0.1.26.0", "0"), Greater);
        assert_eq!(cmp("2.0", "2.0.0.1"), Less);
    }

    #[test]
    fn malformed_versions_are_refused_with_the_reason() {
        for (bad, reason) in [
            ("", "an empty number"),
            ("1..2", "an empty number"),
            ("1.", "an empty number"),
            ("1.01", "leading zero"),
            ("1.0-beta", "the character '-'"),
            ("v1.0", "the character 'v'"),
        ] {
            let err = compare(Ecosystem::Hackage, bad, "1")
                .unwrap_err()
                .to_string();
            assert!(err.contains(reason), "{bad:?}: {err}");
            assert!(err.starts_with("invalid hackage version"), "{err}");
        }
    }
}
