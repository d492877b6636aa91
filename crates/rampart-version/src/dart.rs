//! Pub (Dart and Flutter packages) versions, ordered as Dart's `pub_semver` orders them.
//!
//! Pub versions are written as SemVer 2.0.0 but do not order as semver does: build metadata
//! counts. Hand-written because no Rust crate implements `pub_semver`'s `Version.compareTo`.
//! Rules, from `pub_semver`'s `version.dart` as OSV applies them:
//! - `MAJOR.MINOR.PATCH`, numbers compared numerically (any length);
//! - then a pre-release (`-beta.2`) sorts before the same version without one;
//! - then a version with build metadata (`+1`) sorts after the same version without it, where
//!   semver would call them equal (`1.2.3 < 1.2.3+1`, and `1.2.3+1 < 1.2.3+2`);
//! - pre-release and build are each split at `.` and compared part by part: a part of digits
//!   is a number and compares numerically, any other part as text (ASCII, so `R2 < r100` and
//!   `r100 < r2`), a number before text, and a missing part before a present one
//!   (`1.2.3-a < 1.2.3-a.b`).
//!
//! One leading `v` is accepted and ignored, as OSV's vectors and Git tags write it (Rampart's
//! semver does the same); `pub_semver` itself refuses it. Anything `pub_semver` refuses
//! otherwise is refused: fewer or more than three release numbers (`1.2`, `1.2.3.4`), an empty
//! part, a character other than ASCII letters, digits and `-` in a part.

use std::cmp::Ordering;

use crate::{Ecosystem, VersionError, cmp_digits};

/// A Pub version, borrowing the validated text: its three numbers, pre-release and build.
#[derive(Debug)]
pub(crate) struct Version<'a> {
    release: [&'a str; 3],
    prerelease: Option<&'a str>,
    build: Option<&'a str>,
}

impl<'a> Version<'a> {
    pub(crate) fn parse(text: &'a str) -> Result<Self, VersionError> {
        let fail = |reason: String| VersionError::invalid(Ecosystem::Pub, text, reason);
        let unprefixed = text.strip_prefix('v').unwrap_or(text);
        let (head, build) = match unprefixed.split_once('+') {
            Some((head, build)) => (head, Some(build)),
            None => (unprefixed, None),
        };
        let (release, prerelease) = match head.split_once('-') {
            Some((release, prerelease)) => (release, Some(prerelease)),
            None => (head, None),
        };
        let mut numbers = release.split('.');
        let (Some(major), Some(minor), Some(patch), None) = (
            numbers.next(),
            numbers.next(),
            numbers.next(),
            numbers.next(),
        ) else {
            return Err(fail(format!(
                "the release {release:?} is not MAJOR.MINOR.PATCH"
            )));
        };
        for number in [major, minor, patch] {
            if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
                return Err(fail(format!("{number:?} is not a release number")));
            }
        }
        for (what, identifiers) in [("pre-release", prerelease), ("build", build)] {
            let Some(identifiers) = identifiers else {
                continue;
            };
            for part in identifiers.split('.') {
                if part.is_empty() {
                    return Err(fail(format!("the {what} has an empty part")));
                }
                if let Some(c) = part
                    .chars()
                    .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
                {
                    return Err(fail(format!("the {what} contains the character {c:?}")));
                }
            }
        }
        Ok(Version {
            release: [major, minor, patch],
            prerelease,
            build,
        })
    }
}

/// `pub_semver`'s `_compareLists` over the `.`-separated parts of a pre-release or build.
fn compare_parts(a: &str, b: &str) -> Ordering {
    let is_number = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    let (mut a, mut b) = (a.split('.'), b.split('.'));
    loop {
        let order = match (a.next(), b.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => match (is_number(x), is_number(y)) {
                (true, true) => cmp_digits(x, y),
                (false, false) => x.as_bytes().cmp(y.as_bytes()),
                (true, false) => Ordering::Less,
                (false, true) => Ordering::Greater,
            },
        };
        if order != Ordering::Equal {
            return order;
        }
    }
}

impl Ord for Version<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.release
            .iter()
            .zip(&other.release)
            .map(|(a, b)| cmp_digits(a, b))
            .find(|order| order.is_ne())
            .unwrap_or(Ordering::Equal)
            .then_with(|| match (self.prerelease, other.prerelease) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
                (Some(a), Some(b)) => compare_parts(a, b),
            })
            .then_with(|| match (self.build, other.build) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Less,
                (Some(_), None) => Ordering::Greater,
                (Some(a), Some(b)) => compare_parts(a, b),
            })
    }
}

order_traits_from_ord!(Version<'_>);

#[cfg(test)]
mod tests {
    use std::cmp::Ordering::{Equal, Greater, Less};

    use crate::{Ecosystem, compare};

    fn cmp(a: &str, b: &str) -> std::cmp::Ordering {
        compare(Ecosystem::Pub, a, b).unwrap()
    }

    #[test]
    fn build_metadata_counts_where_semver_ignores_it() {
        assert_eq!(cmp("1.0.0", "1.0.0+build"), Less);
        assert_eq!(cmp("1.2.3+1", "1.2.3+2"), Less);
        assert_eq!(cmp("1.2.3+900", "1.2.3+a"), Less);
        assert_eq!(cmp("1.2.3+9a", "1.2.3+1z"), Greater);
        assert_eq!(cmp("1.0.0-pre", "1.0.0-pre+build"), Less);
        assert_eq!(cmp("1.0.0-pre+build", "1.0.0"), Less);
    }

    #[test]
    fn prereleases_sort_before_their_release_part_by_part() {
        assert_eq!(cmp("1.2.3-asdf", "1.2.3"), Less);
        assert_eq!(cmp("1.2.3-a.5", "1.2.3-a.10"), Less);
        assert_eq!(cmp("1.2.3-a.5", "1.2.3-a.b"), Less);
        assert_eq!(cmp("1.2.3-a", "1.2.3-a.b"), Less);
        // A part with a `-` is text, so after the number it starts with.
        assert_eq!(cmp("1.2.3-5", "1.2.3-5-foo"), Less);
        assert_eq!(cmp("1.2.3-r100", "1.2.3-r2"), Less);
        assert_eq!(cmp("1.2.3-R2", "1.2.3-r100"), Less);
    }

    #[test]
    fn release_numbers_compare_numerically_and_a_leading_v_is_ignored() {
        assert_eq!(cmp("0.10.0", "0.9.0"), Greater);
        assert_eq!(cmp("v1.2.3", "1.2.3"), Equal);
        assert_eq!(
            cmp(
                "999999999999999999999999999991.0.0",
                "999999999999999999999999999999.0.0"
            ),
            Less
        );
    }

    #[test]
    fn malformed_versions_are_refused_with_the_reason() {
        for (bad, reason) in [
            ("", "not MAJOR.MINOR.PATCH"),
            ("1.2", "not MAJOR.MINOR.PATCH"),
            ("1.1.3.4.5", "not MAJOR.MINOR.PATCH"),
            ("1.x.3", "\"x\" is not a release number"),
            ("1.2.3-", "pre-release has an empty part"),
            ("1.2.3-a..b", "pre-release has an empty part"),
            ("1.2.3+b_1", "build contains the character '_'"),
            ("1.2.3+a+b", "build contains the character '+'"),
        ] {
            let err = compare(Ecosystem::Pub, bad, "1.0.0")
                .unwrap_err()
                .to_string();
            assert!(err.contains(reason), "{bad:?}: {err}");
            assert!(err.starts_with("invalid pub version"), "{err}");
        }
    }
}
