//! CRAN (R) package versions, ordered as R's `package_version` orders them.
//!
//! Hand-written because no Rust crate implements R's order, and the rules are few. From R's
//! `numeric_version` documentation and `base/R/version.R`, as OSV applies them:
//! - a version is non-negative integers separated by `.` or `-`, and the two separators weigh
//!   the same (`1.0-1 = 1.0.1`);
//! - the integers compare numerically (any length, so `0.01 = 0.1` and `0.9 < 0.75`), pairwise
//!   from the left;
//! - when one version is the other followed by more numbers, it is the greater, even when the
//!   extra numbers are zeros (`1.8 < 1.8.0`): R compares the lists, not padded numbers.
//!
//! R's `package_version` asks for two numbers at least; one is accepted here, as R's
//! `numeric_version` accepts it and OSV ranges start at `0`. Anything else (a letter, an empty
//! number as in `1..2` or `1.`, whitespace) is refused.

use std::cmp::Ordering;

use crate::{Ecosystem, VersionError, cmp_number_lists};

/// A CRAN version, borrowing the validated text.
#[derive(Debug)]
pub(crate) struct Version<'a> {
    text: &'a str,
}

impl<'a> Version<'a> {
    pub(crate) fn parse(text: &'a str) -> Result<Self, VersionError> {
        let fail = |reason: String| VersionError::invalid(Ecosystem::Cran, text, reason);
        if let Some(c) = text
            .chars()
            .find(|c| !(c.is_ascii_digit() || *c == '.' || *c == '-'))
        {
            return Err(fail(format!("it contains the character {c:?}")));
        }
        if text.split(['.', '-']).any(str::is_empty) {
            return Err(fail(
                "it has an empty number (R's versions are numbers separated by '.' or '-')"
                    .to_owned(),
            ));
        }
        Ok(Version { text })
    }

    fn numbers(&self) -> impl Iterator<Item = &'a str> {
        self.text.split(['.', '-'])
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
        compare(Ecosystem::Cran, a, b).unwrap()
    }

    #[test]
    fn dots_and_dashes_weigh_the_same() {
        assert_eq!(cmp("1.0-1", "1.0.1"), Equal);
        assert_eq!(cmp("0.1-2", "0.2-2"), Less);
        assert_eq!(cmp("1.0-0", "1.0-1"), Less);
    }

    #[test]
    fn numbers_compare_numerically_not_as_decimals() {
        assert_eq!(cmp("0.9", "0.75"), Less);
        assert_eq!(cmp("0.1.4", "0.1.18"), Less);
        assert_eq!(cmp("0.01.0", "0.1-0"), Equal);
        assert_eq!(cmp("1.99999999999999999999999", "1.9"), Greater);
    }

    #[test]
    fn more_numbers_make_the_greater_version_even_zeros() {
        assert_eq!(cmp("1.8", "1.8.0"), Less);
        assert_eq!(cmp("0.01", "0.1-0"), Less);
        assert_eq!(cmp("1.9", "1.8.1"), Greater);
        assert_eq!(cmp("0", "0.0"), Less);
    }

    #[test]
    fn malformed_versions_are_refused_with_the_reason() {
        for (bad, reason) in [
            ("", "an empty number"),
            ("1..2", "an empty number"),
            ("1.", "an empty number"),
            ("-1", "an empty number"),
            ("1.0a", "the character 'a'"),
            ("1.0 ", "the character ' '"),
            ("1_0", "the character '_'"),
        ] {
            let err = compare(Ecosystem::Cran, bad, "1").unwrap_err().to_string();
            assert!(err.contains(reason), "{bad:?}: {err}");
            assert!(err.starts_with("invalid cran version"), "{err}");
        }
    }
}
