//! Version ordering per package ecosystem, and OSV range evaluation on top of it.
//!
//! Vulnerability data names affected versions in each ecosystem's own scheme: Debian's
//! `1:2.3-4+deb12u1`, RPM's `2.0~rc1`, PyPI's `1.0.post1`, a vendor's `V4.3.8`. Comparing them
//! as strings or as semver gives wrong answers, so each [`Ecosystem`] orders versions by its
//! own rules: the ecosystem's reference crate where a well-kept one exists, hand-written code
//! where none does (see `docs/versions.md`). [`osv`] decides whether a version lies in an OSV
//! `affected[].ranges[]` entry using only [`compare`]. This crate knows nothing of the rest of
//! Rampart.

/// `PartialOrd`, `PartialEq` and `Eq` from a type's `Ord`: every version type here is equal
/// exactly when it orders equal (`1.0 = 1.0.0` in several schemes), never field by field.
macro_rules! order_traits_from_ord {
    ($t:ty) => {
        impl PartialOrd for $t {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl PartialEq for $t {
            fn eq(&self, other: &Self) -> bool {
                self.cmp(other) == std::cmp::Ordering::Equal
            }
        }

        impl Eq for $t {}
    };
}

mod alpine;
mod cran;
mod dart;
mod error;
mod generic;
mod hackage;
mod key;
mod maven;
mod nuget;
pub mod osv;
mod packagist;
mod rubygems;
pub mod vers;

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

pub use error::VersionError;
pub use key::VersionKey;

/// A versioning scheme: how one ecosystem writes and orders its versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ecosystem {
    /// Semantic Versioning 2.0.0 (crates.io, Hex): precedence by the semver crate.
    Semver,
    /// npm packages: SemVer 2.0.0 as node-semver reads a single version (one leading `v` or
    /// `=` allowed), by the semver crate.
    Npm,
    /// Go modules: SemVer 2.0.0 with Go's leading `v` (optional here, as OSV omits it);
    /// pseudo-versions are pre-releases and `+incompatible` is build metadata, so both order
    /// as Go orders them.
    Go,
    /// NuGet packages: SemVer 2.0.0 with up to four numeric parts, case-insensitive;
    /// hand-written, no maintained crate exists.
    Nuget,
    /// Debian and Ubuntu packages (`epoch:upstream-revision`, `~` before everything), by debversion.
    Debian,
    /// RPM packages (Red Hat, SUSE, Rocky…): `epoch:version-release` with rpmvercmp, by rpm-version.
    Rpm,
    /// Alpine apk packages (`1.2.3a_rc1-r2`); hand-written, no maintained crate exists.
    Alpine,
    /// Python packages, PEP 440, by pep440_rs.
    Pypi,
    /// Maven artifacts (`1.0-SNAPSHOT`, `5.3.0.Final`); hand-written, no maintained crate exists.
    Maven,
    /// Upstream C projects and vendor firmware (`1.1.1k`, `V4.3.8`, `A11_U05`); hand-written.
    Generic,
    /// Ruby gems, as `Gem::Version` orders them; hand-written, no Rust crate implements it.
    Rubygems,
    /// PHP packages (Composer), as PHP's `version_compare` orders them; hand-written.
    Packagist,
    /// R packages (CRAN), as R's `package_version` orders them; hand-written.
    Cran,
    /// Haskell packages (Hackage), PVP versions as Cabal orders them; hand-written.
    Hackage,
    /// Dart and Flutter packages (pub.dev), as Dart's `pub_semver` orders them (semver whose
    /// build metadata counts); hand-written.
    Pub,
}

impl Ecosystem {
    /// Every ecosystem, in declaration order.
    pub const ALL: [Ecosystem; 15] = [
        Ecosystem::Semver,
        Ecosystem::Npm,
        Ecosystem::Go,
        Ecosystem::Nuget,
        Ecosystem::Debian,
        Ecosystem::Rpm,
        Ecosystem::Alpine,
        Ecosystem::Pypi,
        Ecosystem::Maven,
        Ecosystem::Generic,
        Ecosystem::Rubygems,
        Ecosystem::Packagist,
        Ecosystem::Cran,
        Ecosystem::Hackage,
        Ecosystem::Pub,
    ];

    /// The lower-case name used on the command line and in `docs/versions.md`.
    pub fn name(self) -> &'static str {
        match self {
            Ecosystem::Semver => "semver",
            Ecosystem::Npm => "npm",
            Ecosystem::Go => "go",
            Ecosystem::Nuget => "nuget",
            Ecosystem::Debian => "debian",
            Ecosystem::Rpm => "rpm",
            Ecosystem::Alpine => "alpine",
            Ecosystem::Pypi => "pypi",
            Ecosystem::Maven => "maven",
            Ecosystem::Generic => "generic",
            Ecosystem::Rubygems => "rubygems",
            Ecosystem::Packagist => "packagist",
            Ecosystem::Cran => "cran",
            Ecosystem::Hackage => "hackage",
            Ecosystem::Pub => "pub",
        }
    }

    /// Checks that `version` is valid in this ecosystem, without comparing it to anything.
    pub fn validate(self, version: &str) -> Result<(), VersionError> {
        compare(self, version, version).map(|_| ())
    }

    /// `version` parsed once, to be compared with other keys of this ecosystem many times
    /// (range evaluation compares one version with every event of every range). Fails as
    /// [`compare`] does for an invalid version.
    pub fn key(self, version: &str) -> Result<VersionKey, VersionError> {
        VersionKey::parse(self, version)
    }
}

impl fmt::Display for Ecosystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Ecosystem {
    type Err = VersionError;

    /// Accepts the names of [`Ecosystem::name`], case-insensitively, so OSV's `Debian`,
    /// `Alpine`, `PyPI`, `Go`, `NuGet`, `RubyGems`, `CRAN`, `Hackage` and `Pub` parse too, and
    /// the OSV ecosystems that share a scheme: `crates.io` and `Hex` (semver), `Ubuntu` (debian), `Red Hat`,
    /// `Rocky Linux`, `AlmaLinux`, `SUSE`, `openSUSE` and `Mageia` (rpm), `Wolfi`,
    /// `Chainguard` and `Alpaquita` (alpine). A release suffix (`Debian:12`) is ignored.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let base = s.split(':').next().unwrap_or(s).trim().to_ascii_lowercase();
        let shared = match base.as_str() {
            "crates.io" | "hex" => Some(Ecosystem::Semver),
            "ubuntu" => Some(Ecosystem::Debian),
            "red hat" | "rocky linux" | "almalinux" | "suse" | "opensuse" | "mageia" => {
                Some(Ecosystem::Rpm)
            }
            "wolfi" | "chainguard" | "alpaquita" => Some(Ecosystem::Alpine),
            _ => None,
        };
        shared
            .or_else(|| Ecosystem::ALL.into_iter().find(|e| e.name() == base))
            .ok_or_else(|| VersionError::UnknownEcosystem(s.to_owned()))
    }
}

/// Orders `a` against `b` by the rules of `ecosystem`.
///
/// Fails, naming the version and the reason, when either is not valid in that ecosystem.
pub fn compare(ecosystem: Ecosystem, a: &str, b: &str) -> Result<Ordering, VersionError> {
    match ecosystem {
        Ecosystem::Semver | Ecosystem::Go => {
            Ok(parse_semver(ecosystem, a)?.cmp(&parse_semver(ecosystem, b)?))
        }
        Ecosystem::Npm => {
            let strip = |v: &'_ str| -> String { v.strip_prefix('=').unwrap_or(v).to_owned() };
            Ok(parse_semver(ecosystem, &strip(a))?.cmp(&parse_semver(ecosystem, &strip(b))?))
        }
        Ecosystem::Nuget => Ok(nuget::Version::parse(a)?.cmp(&nuget::Version::parse(b)?)),
        Ecosystem::Debian => Ok(parse_debian(a)?.cmp(&parse_debian(b)?)),
        Ecosystem::Rpm => {
            check_rpm(a)?;
            check_rpm(b)?;
            Ok(rpm_version::rpm_evr_compare(a, b))
        }
        Ecosystem::Alpine => Ok(alpine::Version::parse(a)?.cmp(&alpine::Version::parse(b)?)),
        Ecosystem::Pypi => Ok(parse_pypi(a)?.cmp(&parse_pypi(b)?)),
        Ecosystem::Maven => Ok(maven::Version::parse(a)?.cmp(&maven::Version::parse(b)?)),
        Ecosystem::Generic => Ok(generic::Version::parse(a)?.cmp(&generic::Version::parse(b)?)),
        Ecosystem::Rubygems => Ok(rubygems::Version::parse(a)?.cmp(&rubygems::Version::parse(b)?)),
        Ecosystem::Packagist => {
            Ok(packagist::Version::parse(a)?.cmp(&packagist::Version::parse(b)?))
        }
        Ecosystem::Cran => Ok(cran::Version::parse(a)?.cmp(&cran::Version::parse(b)?)),
        Ecosystem::Hackage => Ok(hackage::Version::parse(a)?.cmp(&hackage::Version::parse(b)?)),
        Ecosystem::Pub => Ok(dart::Version::parse(a)?.cmp(&dart::Version::parse(b)?)),
    }
}

/// Semver precedence by `Version`'s `Ord`, which (unlike `VersionReq`) orders pre-releases
/// among releases as OSV needs. Build metadata is ignored for precedence, as semver says. One
/// leading `v` is accepted, as Go modules and most Git tags write it (`v1.2.3 = 1.2.3`).
fn parse_semver(ecosystem: Ecosystem, text: &str) -> Result<semver::Version, VersionError> {
    let unprefixed = text.strip_prefix('v').unwrap_or(text);
    let version = semver::Version::parse(unprefixed)
        .map_err(|e| VersionError::invalid(ecosystem, text, e))?;
    Ok(semver::Version {
        build: semver::BuildMetadata::EMPTY,
        ..version
    })
}

fn parse_debian(text: &str) -> Result<debversion::Version, VersionError> {
    text.parse::<debversion::Version>()
        .map_err(|e| VersionError::invalid(Ecosystem::Debian, text, e))
}

fn parse_pypi(text: &str) -> Result<pep440_rs::Version, VersionError> {
    text.parse::<pep440_rs::Version>()
        .map_err(|e| VersionError::invalid(Ecosystem::Pypi, text, e))
}

/// rpmvercmp orders any string, so rpm-version never fails; an empty version, an empty release
/// after `-`, or whitespace or control characters are still rejected: no package carries them
/// and they are almost always a parsing mistake upstream (rpm-version would order `1-` equal
/// to `1`, OSV after it).
fn check_rpm(text: &str) -> Result<(), VersionError> {
    if text.is_empty() {
        return Err(VersionError::invalid(
            Ecosystem::Rpm,
            text,
            "the version is empty",
        ));
    }
    if text.ends_with('-') {
        return Err(VersionError::invalid(
            Ecosystem::Rpm,
            text,
            "a '-' must be followed by a release",
        ));
    }
    if let Some(c) = text.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(VersionError::invalid(
            Ecosystem::Rpm,
            text,
            format!("it contains the character {c:?}"),
        ));
    }
    Ok(())
}

/// Compares two runs of ASCII digits as unbounded integers ("" counts as 0), so a 20-digit
/// snapshot date cannot overflow.
pub(crate) fn cmp_digits(a: &str, b: &str) -> Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Orders two lists of digit runs as lists of unbounded integers (CRAN, Hackage): pairwise
/// from the left, and when one list is the other followed by more numbers, the longer is the
/// greater whatever those numbers are (`1.8 < 1.8.0`).
pub(crate) fn cmp_number_lists<'a>(
    mut a: impl Iterator<Item = &'a str>,
    mut b: impl Iterator<Item = &'a str>,
) -> Ordering {
    loop {
        match (a.next(), b.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => match cmp_digits(x, y) {
                Ordering::Equal => {}
                order => return order,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cmp::Ordering::{Equal, Greater, Less};

    use super::{Ecosystem, VersionError, compare};

    fn cmp(ecosystem: Ecosystem, a: &str, b: &str) -> std::cmp::Ordering {
        compare(ecosystem, a, b).unwrap()
    }

    #[test]
    fn semver_orders_prereleases_and_ignores_build_metadata() {
        let s = Ecosystem::Semver;
        assert_eq!(cmp(s, "1.0.0-alpha", "1.0.0-alpha.1"), Less);
        assert_eq!(cmp(s, "1.0.0-beta.11", "1.0.0-beta.2"), Greater);
        assert_eq!(cmp(s, "1.0.0-rc.1", "1.0.0"), Less);
        assert_eq!(cmp(s, "1.0.0+build.5", "1.0.0+build.1"), Equal);
        assert_eq!(cmp(s, "v1.2.3", "1.2.3"), Equal);
        let err = compare(s, "1.2", "1.2.0").unwrap_err().to_string();
        assert!(err.starts_with("invalid semver version \"1.2\": "), "{err}");
    }

    #[test]
    fn debian_epochs_tildes_and_security_updates() {
        let d = Ecosystem::Debian;
        assert_eq!(cmp(d, "1:1.0-1", "2.0-1"), Greater);
        assert_eq!(cmp(d, "1.0~rc1-1", "1.0-1"), Less);
        assert_eq!(cmp(d, "3.0.11-1~deb12u2", "3.0.11-1"), Less);
        assert_eq!(cmp(d, "1.2.3-4+deb12u1", "1.2.3-4"), Greater);
        assert_eq!(cmp(d, "2.36-9+deb12u4", "2.36-9+deb12u10"), Less);
        assert_eq!(cmp(d, "0:1.0-1", "1.0-1"), Equal);
        assert!(compare(d, "1.0 beta", "1.0").is_err());
    }

    #[test]
    fn rpm_tilde_caret_and_epochs() {
        let r = Ecosystem::Rpm;
        assert_eq!(cmp(r, "1.0~rc1", "1.0"), Less);
        assert_eq!(cmp(r, "1.0^20240101git1", "1.0"), Greater);
        assert_eq!(cmp(r, "1.0^20240101git1", "1.0.1"), Less);
        assert_eq!(cmp(r, "1:1.0-1.el9", "2.0-1.el9"), Greater);
        assert_eq!(cmp(r, "3.0.7-24.el9", "3.0.7-6.el9"), Greater);
        let err = compare(r, "1.0-", "1.0").unwrap_err().to_string();
        assert!(err.contains("must be followed by a release"), "{err}");
        assert!(compare(r, "", "1.0").is_err());
    }

    #[test]
    fn pypi_pre_post_dev_and_local_versions() {
        let p = Ecosystem::Pypi;
        assert_eq!(cmp(p, "1.0.dev1", "1.0a1"), Less);
        assert_eq!(cmp(p, "1.0a1", "1.0b1"), Less);
        assert_eq!(cmp(p, "1.0rc1", "1.0"), Less);
        assert_eq!(cmp(p, "1.0", "1.0.post1"), Less);
        assert_eq!(cmp(p, "1.0+ubuntu1", "1.0"), Greater);
        assert_eq!(cmp(p, "1!0.5", "2.0"), Greater);
        assert_eq!(cmp(p, "1.0", "1.0.0"), Equal);
        assert!(compare(p, "1.0-bulbasaur", "1.0").is_err());
    }

    #[test]
    fn ecosystem_names_parse_case_insensitively_and_unknown_ones_fail() {
        assert_eq!("PyPI".parse::<Ecosystem>(), Ok(Ecosystem::Pypi));
        assert_eq!("Debian".parse::<Ecosystem>(), Ok(Ecosystem::Debian));
        for e in Ecosystem::ALL {
            assert_eq!(e.name().parse::<Ecosystem>(), Ok(e));
        }
        assert_eq!("Debian:12".parse::<Ecosystem>(), Ok(Ecosystem::Debian));
        assert_eq!(
            "Ubuntu:22.04:LTS".parse::<Ecosystem>(),
            Ok(Ecosystem::Debian)
        );
        assert_eq!("Rocky Linux:9".parse::<Ecosystem>(), Ok(Ecosystem::Rpm));
        assert_eq!("crates.io".parse::<Ecosystem>(), Ok(Ecosystem::Semver));
        assert_eq!("NuGet".parse::<Ecosystem>(), Ok(Ecosystem::Nuget));
        // OSV's spellings of the ecosystems with their own order.
        assert_eq!("CRAN".parse::<Ecosystem>(), Ok(Ecosystem::Cran));
        assert_eq!("Hackage".parse::<Ecosystem>(), Ok(Ecosystem::Hackage));
        assert_eq!("Pub".parse::<Ecosystem>(), Ok(Ecosystem::Pub));
        assert_eq!(
            "cocoapods".parse::<Ecosystem>(),
            Err(VersionError::UnknownEcosystem("cocoapods".to_owned()))
        );
    }

    #[test]
    fn npm_and_go_read_their_prefixes_as_semver() {
        assert_eq!(cmp(Ecosystem::Npm, "=1.2.3", "v1.2.3"), Equal);
        assert_eq!(cmp(Ecosystem::Npm, "1.2.3-beta.2", "1.2.3-beta.10"), Less);
        assert_eq!(
            cmp(
                Ecosystem::Go,
                "v0.0.0-20191109021931-daa7c04131f5",
                "v0.0.0"
            ),
            Less
        );
        assert_eq!(cmp(Ecosystem::Go, "v2.0.0+incompatible", "2.0.0"), Equal);
        let err = compare(Ecosystem::Go, "v1.2", "v1.2.0")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("invalid go version \"v1.2\": "), "{err}");
    }
}
