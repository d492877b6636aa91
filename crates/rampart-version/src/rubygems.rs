//! RubyGems versions, ordered as `Gem::Version#<=>` orders them.
//!
//! Hand-written because no Rust crate implements RubyGems' order. Rules, from RubyGems'
//! `version.rb` as OSV applies them:
//! - every `-` reads as `.pre.` (so `1.0-rc1` is a pre-release of `1.0`);
//! - the version is its runs of digits and of letters (`1.0.a10` and `1.0.a.10` are both
//!   `1, 0, a, 10`); other characters only separate;
//! - the segments before the first letters are the release, the rest the pre-release, and
//!   trailing zeros are dropped from each part (`1.0 = 1`, `1.0.a2 = 1.a.2`);
//! - segments compare pairwise, a missing one counting as 0: numbers numerically (any
//!   length), letters as bytes (`B < a`), and a number after letters (`1 > 1.b1`).
//!
//! RubyGems requires a leading digit; so does Rampart, and it refuses characters other than
//! ASCII letters, digits, `.` and `-`, and empty segments (`1..2`, `1.`). Letters right after
//! digits (`1beta`), which OSV's vectors use, are accepted as RubyGems' own scan reads them.

use std::cmp::Ordering;

use crate::{Ecosystem, VersionError, cmp_digits};

/// One segment of a version.
#[derive(Debug, Clone, Copy)]
enum Segment<'a> {
    Number(&'a str),
    Letters(&'a str),
}

impl Segment<'_> {
    fn is_zero(self) -> bool {
        matches!(self, Segment::Number(n) if n.bytes().all(|b| b == b'0'))
    }
}

/// A RubyGems version, borrowing the text: its canonical segments.
#[derive(Debug)]
pub(crate) struct Version<'a> {
    segments: Vec<Segment<'a>>,
}

impl<'a> Version<'a> {
    pub(crate) fn parse(text: &'a str) -> Result<Self, VersionError> {
        let fail = |reason: &str| VersionError::invalid(Ecosystem::Rubygems, text, reason);
        let trimmed = text.trim();
        if !trimmed.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(fail("it does not start with a digit"));
        }
        if let Some(c) = trimmed
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '.' || *c == '-'))
        {
            return Err(fail(&format!("it contains the character {c:?}")));
        }
        if trimmed.split(['.', '-']).any(str::is_empty) {
            return Err(fail("it has an empty segment"));
        }
        let mut segments = Vec::new();
        let bytes = trimmed.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'-' {
                segments.push(Segment::Letters("pre"));
                i += 1;
            } else if b.is_ascii_digit() || b.is_ascii_alphabetic() {
                let digits = b.is_ascii_digit();
                let start = i;
                while i < bytes.len()
                    && (bytes[i].is_ascii_digit() == digits)
                    && bytes[i].is_ascii_alphanumeric()
                {
                    i += 1;
                }
                let run = &trimmed[start..i];
                segments.push(if digits {
                    Segment::Number(run)
                } else {
                    Segment::Letters(run)
                });
            } else {
                i += 1;
            }
        }
        Ok(Version {
            segments: canonical(&segments),
        })
    }
}

/// The release and the pre-release, each without trailing zeros, joined again.
fn canonical<'a>(segments: &[Segment<'a>]) -> Vec<Segment<'a>> {
    let split = segments
        .iter()
        .position(|s| matches!(s, Segment::Letters(_)))
        .unwrap_or(segments.len());
    let (release, prerelease) = segments.split_at(split);
    let mut out = without_trailing_zeros(release).to_vec();
    out.extend_from_slice(without_trailing_zeros(prerelease));
    out
}

fn without_trailing_zeros<'s, 'a>(part: &'s [Segment<'a>]) -> &'s [Segment<'a>] {
    let keep = part.len() - part.iter().rev().take_while(|s| s.is_zero()).count();
    &part[..keep]
}

impl Ord for Version<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        let zero = Segment::Number("0");
        for i in 0..self.segments.len().max(other.segments.len()) {
            let a = self.segments.get(i).copied().unwrap_or(zero);
            let b = other.segments.get(i).copied().unwrap_or(zero);
            let order = match (a, b) {
                (Segment::Number(a), Segment::Number(b)) => cmp_digits(a, b),
                (Segment::Letters(a), Segment::Letters(b)) => a.as_bytes().cmp(b.as_bytes()),
                (Segment::Number(_), Segment::Letters(_)) => Ordering::Greater,
                (Segment::Letters(_), Segment::Number(_)) => Ordering::Less,
            };
            if order != Ordering::Equal {
                return order;
            }
        }
        Ordering::Equal
    }
}

order_traits_from_ord!(Version<'_>);

#[cfg(test)]
mod tests {
    use std::cmp::Ordering::{Equal, Greater, Less};

    use crate::{Ecosystem, compare};

    fn cmp(a: &str, b: &str) -> std::cmp::Ordering {
        compare(Ecosystem::Rubygems, a, b).unwrap()
    }

    #[test]
    fn numbers_compare_numerically_at_any_length() {
        assert_eq!(cmp("3.10", "3.2"), Greater);
        assert_eq!(
            cmp(
                "999999999999999999999999999991",
                "999999999999999999999999999999"
            ),
            Less
        );
    }

    #[test]
    fn letters_make_a_prerelease_that_sorts_before_its_release() {
        assert_eq!(cmp("1.2.4.beta", "1.2.4"), Less);
        assert_eq!(cmp("1", "1beta"), Greater);
        assert_eq!(cmp("1.0", "1.0.b1"), Greater);
        assert_eq!(cmp("1.0.b1", "1.0.a.2"), Greater);
        assert_eq!(cmp("1.0.a.2", "0.9"), Greater);
        // `-` reads as `.pre.`.
        assert_eq!(cmp("1.0-rc1", "1.0"), Less);
        assert_eq!(cmp("1.0-rc1", "1.0.pre.rc1"), Equal);
    }

    #[test]
    fn runs_of_digits_and_letters_are_the_segments() {
        assert_eq!(cmp("1.0.a2", "1.0.a.2"), Equal);
        assert_eq!(cmp("1.0.a10", "1.0.a.9"), Greater);
        assert_eq!(cmp("1.0.a.9", "1.0.b.9"), Less);
    }

    #[test]
    fn trailing_zeros_do_not_count_in_either_part() {
        assert_eq!(cmp("1.0", "1"), Equal);
        assert_eq!(cmp("1.0.0", "1"), Equal);
        assert_eq!(cmp("1.a.0", "1.a"), Equal);
        assert_eq!(cmp("1.0.a", "1.a"), Equal);
    }

    #[test]
    fn letters_compare_as_bytes() {
        assert_eq!(cmp("1.B", "1.a"), Less);
    }

    #[test]
    fn malformed_versions_are_refused_with_the_reason() {
        for (bad, reason) in [
            ("", "does not start with a digit"),
            ("beta", "does not start with a digit"),
            ("1.0_1", "the character '_'"),
            ("1..2", "an empty segment"),
            ("1.", "an empty segment"),
        ] {
            let err = compare(Ecosystem::Rubygems, bad, "1")
                .unwrap_err()
                .to_string();
            assert!(err.contains(reason), "{bad:?}: {err}");
            assert!(err.starts_with("invalid rubygems version"), "{err}");
        }
    }
}
