//! NuGet versions: SemVer 2.0 extended to four numeric parts, compared case-insensitively.
//!
//! Hand-written because no maintained crate implements NuGet's order (`NuGet.Versioning`'s
//! `VersionComparer` is .NET). Rules, from NuGet's documentation and its comparer:
//! - `major[.minor[.patch[.revision]]]`, each a decimal number; a missing part is 0 and leading
//!   zeros do not matter (`1.0 = 1.0.0.0`, `1.0.01 = 1.0.1`);
//! - an optional `-` pre-release of dot-separated identifiers sorts before the release; its
//!   identifiers compare as SemVer says (numeric ones numerically and below alphanumeric ones,
//!   a shorter list first when all shared ones are equal) but case-insensitively;
//! - `+` build metadata is ignored for order.

use std::cmp::Ordering;

use crate::{Ecosystem, VersionError, cmp_digits};

/// A NuGet version, borrowing the text.
#[derive(Debug)]
pub(crate) struct Version<'a> {
    numbers: [&'a str; 4],
    prerelease: Vec<&'a str>,
}

impl<'a> Version<'a> {
    pub(crate) fn parse(text: &'a str) -> Result<Self, VersionError> {
        let fail = |reason: &str| VersionError::invalid(Ecosystem::Nuget, text, reason);
        let without_metadata = match text.split_once('+') {
            Some((version, metadata)) => {
                if metadata.is_empty() || !metadata.split('.').all(is_identifier) {
                    return Err(fail(
                        "the build metadata after '+' is not dot-separated [0-9A-Za-z-] identifiers",
                    ));
                }
                version
            }
            None => text,
        };
        let (release, prerelease) = match without_metadata.split_once('-') {
            Some((release, pre)) => {
                let identifiers: Vec<&str> = pre.split('.').collect();
                if !identifiers.iter().all(|i| is_identifier(i)) {
                    return Err(fail(
                        "the pre-release after '-' is not dot-separated [0-9A-Za-z-] identifiers",
                    ));
                }
                (release, identifiers)
            }
            None => (without_metadata, Vec::new()),
        };
        let parts: Vec<&str> = release.split('.').collect();
        if parts.len() > 4 {
            return Err(fail("it has more than four numeric parts"));
        }
        if parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(fail(
                "its release parts must be decimal numbers separated by '.'",
            ));
        }
        let mut numbers = ["0"; 4];
        numbers[..parts.len()].copy_from_slice(&parts);
        Ok(Version {
            numbers,
            prerelease,
        })
    }
}

fn is_identifier(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

impl Ord for Version<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        for (a, b) in self.numbers.iter().zip(&other.numbers) {
            let order = cmp_digits(a, b);
            if order != Ordering::Equal {
                return order;
            }
        }
        match (self.prerelease.is_empty(), other.prerelease.is_empty()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Greater,
            (false, true) => return Ordering::Less,
            (false, false) => {}
        }
        for (a, b) in self.prerelease.iter().zip(&other.prerelease) {
            let order = cmp_identifier(a, b);
            if order != Ordering::Equal {
                return order;
            }
        }
        self.prerelease.len().cmp(&other.prerelease.len())
    }
}

order_traits_from_ord!(Version<'_>);

fn cmp_identifier(a: &str, b: &str) -> Ordering {
    let numeric = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
    match (numeric(a), numeric(b)) {
        (true, true) => cmp_digits(a, b),
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => a
            .bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase())),
    }
}

#[cfg(test)]
mod tests {
    use std::cmp::Ordering::{Equal, Greater, Less};

    use crate::{Ecosystem, compare};

    fn cmp(a: &str, b: &str) -> std::cmp::Ordering {
        compare(Ecosystem::Nuget, a, b).unwrap()
    }

    #[test]
    fn missing_parts_are_zero_and_leading_zeros_do_not_count() {
        assert_eq!(cmp("1.0", "1.0.0.0"), Equal);
        assert_eq!(cmp("1.0.01", "1.0.1.0"), Equal);
        assert_eq!(cmp("1.0.0", "1.0.0.1"), Less);
        assert_eq!(cmp("1.999.9999", "2.1.1"), Less);
    }

    #[test]
    fn prereleases_compare_case_insensitively_before_the_release() {
        assert_eq!(cmp("1.0.0-BETA", "1.0.0-beta"), Equal);
        assert_eq!(cmp("1.0.0-beta", "1.0.0-beta2"), Less);
        assert_eq!(cmp("1.0.0-beta", "1.0.0-beta.1"), Less);
        assert_eq!(cmp("1.0.0-beta.5.77", "1.0.0-beta.5.790"), Less);
        assert_eq!(cmp("1.0.0-1", "1.0.0-alpha"), Less);
        assert_eq!(cmp("1.0.0-rc", "1.0.0"), Less);
        assert_eq!(cmp("1.0.0-pre", "1.0.0.1-alpha"), Less);
    }

    #[test]
    fn build_metadata_is_ignored() {
        assert_eq!(cmp("1.0.0+AA", "1.0.0"), Equal);
        assert_eq!(cmp("1.0.0+aa", "1.0.0-beta+AA"), Greater);
    }

    #[test]
    fn malformed_versions_are_refused() {
        for bad in [
            "",
            "1..0",
            "1.0.0.0.0",
            "1.0-",
            "1.0-beta..1",
            "1.0+",
            "a.b",
            "1.0 ",
        ] {
            assert!(compare(Ecosystem::Nuget, bad, "1.0").is_err(), "{bad:?}");
        }
    }
}
