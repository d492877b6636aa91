//! A generic scheme for versions no package ecosystem governs: upstream C projects and vendor
//! firmware (`1.1.1k`, `2022.83`, `V4.3.8`, `A11_U05`, `R2.1-build7`).
//!
//! Hand-written because it is Rampart's own convention, not a published scheme. A version is
//! split into runs of digits and runs of letters; `.`, `-`, `_` and `+` only separate runs.
//! Runs are compared pairwise: numbers numerically, letters case-insensitively, and a number
//! sorts after letters (`1.0.1 > 1.0a`). A missing run counts as 0 against a number
//! (`1.0 = 1.0.0`) and sorts before letters, so OpenSSL's `1.1.1 < 1.1.1a < 1.1.1k`. A leading
//! `v` or `V` directly before a digit is a prefix, not a run (`V4.3.8 = 4.3.8`).

use std::cmp::Ordering;

use crate::{Ecosystem, VersionError, cmp_digits};

#[derive(Debug, Clone, Copy)]
enum Run<'a> {
    Number(&'a str),
    Letters(&'a str),
}

/// A version checked against the scheme, borrowing the text; its runs are read again when
/// compared rather than kept in a list, so that a comparison allocates nothing (matching
/// compares every CPE bound this way).
#[derive(Debug)]
pub(crate) struct Version<'a> {
    /// The text after any `v`/`V` prefix.
    text: &'a str,
}

impl<'a> Version<'a> {
    pub(crate) fn parse(text: &'a str) -> Result<Self, VersionError> {
        let fail = |reason: String| VersionError::invalid(Ecosystem::Generic, text, reason);
        let bytes = text.as_bytes();
        let mut start = 0;
        if bytes.len() > 1 && matches!(bytes[0], b'v' | b'V') && bytes[1].is_ascii_digit() {
            start = 1;
        }
        if let Some(i) = (start..bytes.len()).find(|&i| {
            !(bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'.' | b'-' | b'_' | b'+'))
        }) {
            let ch = text[i..].chars().next().unwrap_or_default();
            return Err(fail(format!(
                "{ch:?} at byte {i} is not a letter, digit or one of the separators . - _ +"
            )));
        }
        if !bytes[start..].iter().any(u8::is_ascii_digit) {
            return Err(fail("it contains no number".to_owned()));
        }
        Ok(Version {
            text: &text[start..],
        })
    }

    /// Its runs of digits and of letters, in order.
    fn runs(&self) -> Runs<'a> {
        Runs {
            text: self.text,
            at: 0,
        }
    }
}

/// The runs of a checked version's text; separators are skipped.
struct Runs<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for Runs<'a> {
    type Item = Run<'a>;

    fn next(&mut self) -> Option<Run<'a>> {
        let bytes = self.text.as_bytes();
        while self.at < bytes.len() && !bytes[self.at].is_ascii_alphanumeric() {
            self.at += 1;
        }
        let first = *bytes.get(self.at)?;
        let digit = first.is_ascii_digit();
        let len = bytes[self.at..]
            .iter()
            .take_while(|b| {
                if digit {
                    b.is_ascii_digit()
                } else {
                    b.is_ascii_alphabetic()
                }
            })
            .count();
        let run = &self.text[self.at..self.at + len];
        self.at += len;
        Some(if digit {
            Run::Number(run)
        } else {
            Run::Letters(run)
        })
    }
}

fn cmp_runs(a: Option<Run<'_>>, b: Option<Run<'_>>) -> Ordering {
    match (a, b) {
        (Some(Run::Number(x)), Some(Run::Number(y))) => cmp_digits(x, y),
        (Some(Run::Letters(x)), Some(Run::Letters(y))) => x
            .bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(y.bytes().map(|c| c.to_ascii_lowercase())),
        // A number after letters (1.0.1 > 1.0a); letters after nothing (1.1.1a > 1.1.1).
        (Some(Run::Number(_)), Some(Run::Letters(_))) | (Some(Run::Letters(_)), None) => {
            Ordering::Greater
        }
        (Some(Run::Letters(_)), Some(Run::Number(_))) | (None, Some(Run::Letters(_))) => {
            Ordering::Less
        }
        (Some(Run::Number(x)), None) => cmp_digits(x, ""),
        (None, Some(Run::Number(y))) => cmp_digits("", y),
        (None, None) => Ordering::Equal,
    }
}

impl Ord for Version<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        let (mut mine, mut theirs) = (self.runs(), other.runs());
        loop {
            let (a, b) = (mine.next(), theirs.next());
            if a.is_none() && b.is_none() {
                return Ordering::Equal;
            }
            let order = cmp_runs(a, b);
            if order != Ordering::Equal {
                return order;
            }
        }
    }
}

order_traits_from_ord!(Version<'_>);

#[cfg(test)]
mod tests {
    use std::cmp::Ordering::{Equal, Greater, Less};

    use crate::{Ecosystem, compare};

    fn cmp(a: &str, b: &str) -> std::cmp::Ordering {
        compare(Ecosystem::Generic, a, b).unwrap()
    }

    #[test]
    fn openssl_letter_releases_follow_the_bare_number() {
        assert_eq!(cmp("1.1.1", "1.1.1a"), Less);
        assert_eq!(cmp("1.1.1k", "1.1.1l"), Less);
        assert_eq!(cmp("1.1.1zz", "1.1.2"), Less);
        assert_eq!(cmp("1.0.2u", "1.1.0"), Less);
    }

    #[test]
    fn numbers_compare_numerically_and_missing_ones_count_as_zero() {
        assert_eq!(cmp("2022.83", "2022.9"), Greater);
        assert_eq!(cmp("1.0", "1.0.0"), Equal);
        assert_eq!(cmp("1.0.0", "1.0"), Equal);
        assert_eq!(cmp("1.0.1", "1.0"), Greater);
        assert_eq!(cmp("1.0.1", "1.0a"), Greater);
        assert_eq!(
            cmp("20240101000000000000001", "20240101000000000000000"),
            Greater
        );
    }

    #[test]
    fn vendor_firmware_forms() {
        assert_eq!(cmp("V4.3.8", "4.3.8"), Equal);
        assert_eq!(cmp("v4.3.10", "V4.3.8"), Greater);
        assert_eq!(cmp("A11_U05", "A11_U10"), Less);
        assert_eq!(cmp("a11_u05", "A11_U5"), Equal);
        assert_eq!(cmp("A11_U05", "B01_U01"), Less);
    }

    #[test]
    fn invalid_versions_name_the_cause() {
        let err = compare(Ecosystem::Generic, "1.0 beta", "1.0")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("\"1.0 beta\"") && err.contains("' ' at byte 3"),
            "{err}"
        );
        let err = compare(Ecosystem::Generic, "1.0", "latest")
            .unwrap_err()
            .to_string();
        assert!(err.contains("no number"), "{err}");
        assert!(compare(Ecosystem::Generic, "", "1").is_err());
    }
}
