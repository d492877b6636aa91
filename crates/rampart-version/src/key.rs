//! A version parsed once and compared many times.
//!
//! Matching compares one component version with every event of every range of every
//! candidate record, and each range's events with each other when sorting them: parsing both
//! sides on every comparison made parsing most of a scan's time (Debian's parser runs a
//! regular expression). A [`VersionKey`] holds the parsed form where the parser builds one
//! (semver, npm, Go, Debian, PyPI, Maven); the hand-written schemes whose parsers borrow the
//! text and cost no more than the comparison itself (RPM, NuGet, Alpine, generic, RubyGems,
//! Packagist, CRAN, Hackage, Pub) keep the validated text and parse it again when compared.

use std::cmp::Ordering;

use crate::{Ecosystem, VersionError, compare, maven, parse_debian, parse_pypi, parse_semver};

/// A version valid in its ecosystem, ready to compare.
///
/// Keys order as [`compare`] orders their texts. Keys of different ecosystems never meet in
/// Rampart; should they, they order by ecosystem (in [`Ecosystem::ALL`] order) so that the
/// order stays total.
#[derive(Debug)]
pub struct VersionKey {
    ecosystem: Ecosystem,
    parsed: Parsed,
}

#[derive(Debug)]
enum Parsed {
    Semver(semver::Version),
    Debian(debversion::Version),
    Pypi(pep440_rs::Version),
    Maven(maven::Version),
    /// Validated text of a scheme compared by re-parsing.
    Text(String),
}

impl VersionKey {
    pub(crate) fn parse(ecosystem: Ecosystem, text: &str) -> Result<VersionKey, VersionError> {
        let parsed = match ecosystem {
            Ecosystem::Semver | Ecosystem::Go => Parsed::Semver(parse_semver(ecosystem, text)?),
            Ecosystem::Npm => Parsed::Semver(parse_semver(
                ecosystem,
                text.strip_prefix('=').unwrap_or(text),
            )?),
            Ecosystem::Debian => Parsed::Debian(parse_debian(text)?),
            Ecosystem::Pypi => Parsed::Pypi(parse_pypi(text)?),
            Ecosystem::Maven => Parsed::Maven(maven::Version::parse(text)?),
            Ecosystem::Rpm
            | Ecosystem::Nuget
            | Ecosystem::Alpine
            | Ecosystem::Generic
            | Ecosystem::Rubygems
            | Ecosystem::Packagist
            | Ecosystem::Cran
            | Ecosystem::Hackage
            | Ecosystem::Pub => {
                ecosystem.validate(text)?;
                Parsed::Text(text.to_owned())
            }
        };
        Ok(VersionKey { ecosystem, parsed })
    }

    /// The ecosystem whose order the key follows.
    pub fn ecosystem(&self) -> Ecosystem {
        self.ecosystem
    }
}

impl Ord for VersionKey {
    fn cmp(&self, other: &Self) -> Ordering {
        let rank = |e: Ecosystem| Ecosystem::ALL.iter().position(|x| *x == e);
        if self.ecosystem != other.ecosystem {
            return rank(self.ecosystem).cmp(&rank(other.ecosystem));
        }
        match (&self.parsed, &other.parsed) {
            (Parsed::Semver(a), Parsed::Semver(b)) => a.cmp(b),
            (Parsed::Debian(a), Parsed::Debian(b)) => a.cmp(b),
            (Parsed::Pypi(a), Parsed::Pypi(b)) => a.cmp(b),
            (Parsed::Maven(a), Parsed::Maven(b)) => a.cmp(b),
            // Both were validated when the keys were made, so the comparison cannot fail.
            (Parsed::Text(a), Parsed::Text(b)) => {
                compare(self.ecosystem, a, b).unwrap_or(Ordering::Equal)
            }
            // One ecosystem always parses to one variant.
            _ => Ordering::Equal,
        }
    }
}

order_traits_from_ord!(VersionKey);

#[cfg(test)]
mod tests {
    use super::*;

    /// Pairs from every ecosystem, including the cases their schemes are known for.
    const PAIRS: &[(Ecosystem, &str, &str)] = &[
        (Ecosystem::Semver, "1.0.0-alpha", "1.0.0-alpha.1"),
        (Ecosystem::Semver, "1.0.0+build.5", "1.0.0+build.1"),
        (Ecosystem::Npm, "=1.2.3", "v1.2.3"),
        (Ecosystem::Npm, "1.2.3-beta.2", "1.2.3-beta.10"),
        (
            Ecosystem::Go,
            "v0.0.0-20191109021931-daa7c04131f5",
            "v0.0.0",
        ),
        (Ecosystem::Nuget, "1.0.0.1", "1.0.0"),
        (Ecosystem::Debian, "1:1.0-1", "2.0-1"),
        (Ecosystem::Debian, "3.0.11-1~deb12u2", "3.0.11-1"),
        (Ecosystem::Debian, "0:1.0-1", "1.0-1"),
        (Ecosystem::Rpm, "1.0^20240101git1", "1.0.1"),
        (Ecosystem::Alpine, "1.2.3_rc1-r2", "1.2.3-r0"),
        (Ecosystem::Pypi, "1.0", "1.0.0"),
        (Ecosystem::Pypi, "1.0.dev1", "1.0a1"),
        (Ecosystem::Maven, "1.0-SNAPSHOT", "1.0"),
        (Ecosystem::Maven, "5.3.0.Final", "5.3.0"),
        (Ecosystem::Generic, "1.1.1k", "1.1.1"),
        (Ecosystem::Generic, "3.0.22", "3.0.8"),
        (Ecosystem::Rubygems, "1.0.a10", "1.0.a.9"),
        (Ecosystem::Rubygems, "1.0", "1"),
        (Ecosystem::Packagist, "1.0RC1", "1.0rc1"),
        (Ecosystem::Packagist, "1.0.0", "1.0"),
        (Ecosystem::Cran, "1.8", "1.8.0"),
        (Ecosystem::Cran, "0.01.0", "0.1-0"),
        (Ecosystem::Hackage, "1.0.0", "1.0"),
        (Ecosystem::Pub, "1.0.0", "1.0.0+build"),
        (Ecosystem::Pub, "v1.2.3-r100", "1.2.3-r2"),
    ];

    #[test]
    fn keys_order_as_compare_orders_the_texts() {
        for &(ecosystem, a, b) in PAIRS {
            let expected = compare(ecosystem, a, b).unwrap();
            let (ka, kb) = (ecosystem.key(a).unwrap(), ecosystem.key(b).unwrap());
            assert_eq!(ka.cmp(&kb), expected, "{ecosystem} {a} vs {b}");
            assert_eq!(kb.cmp(&ka), expected.reverse(), "{ecosystem} {b} vs {a}");
            assert_eq!(
                ka == kb,
                expected == Ordering::Equal,
                "{ecosystem} {a} == {b}"
            );
        }
    }

    #[test]
    fn an_invalid_version_fails_with_the_error_compare_gives() {
        for (ecosystem, bad) in [
            (Ecosystem::Semver, "1.2"),
            (Ecosystem::Debian, "1.0 beta"),
            (Ecosystem::Rpm, "1.0-"),
            (Ecosystem::Pypi, "1.0-bulbasaur"),
        ] {
            let from_compare = compare(ecosystem, bad, bad).unwrap_err();
            assert_eq!(ecosystem.key(bad).unwrap_err(), from_compare, "{bad}");
        }
    }

    #[test]
    fn keys_of_different_ecosystems_order_by_ecosystem() {
        let semver = Ecosystem::Semver.key("9.0.0").unwrap();
        let generic = Ecosystem::Generic.key("1.0").unwrap();
        assert_eq!(semver.cmp(&generic), Ordering::Less);
        assert_ne!(semver, Ecosystem::Npm.key("9.0.0").unwrap());
    }
}
