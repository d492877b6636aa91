//! The `vers` schemes Rampart can order, each mapped to one of the crate's version orders.

use std::cmp::Ordering;
use std::str::FromStr;

use crate::{Ecosystem, compare};

use super::VersError;

/// A `vers` versioning scheme with a known order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// `npm`: node-semver versions.
    Npm,
    /// `pypi`: PEP 440.
    Pypi,
    /// `maven`: Maven's ComparableVersion.
    Maven,
    /// `nuget`: NuGet versions.
    Nuget,
    /// `deb`: Debian versions.
    Deb,
    /// `rpm`: RPM versions.
    Rpm,
    /// `apk` (also written `alpine`): Alpine apk versions.
    Apk,
    /// `golang`: Go module versions.
    Golang,
    /// `cargo`: semver.
    Cargo,
    /// `gem`: RubyGems' `Gem::Version` order.
    Gem,
    /// `composer`: PHP's `version_compare`, as Packagist orders versions.
    Composer,
    /// `cran`: R's `package_version`.
    Cran,
    /// `hackage`: Haskell's PVP versions, as Cabal orders them.
    Hackage,
    /// `pub` (also written `dart`, as the vers-spec's table of schemes does): Dart's
    /// `pub_semver`.
    Pub,
    /// `semver`: SemVer 2.0.0.
    Semver,
    /// `generic`: Rampart's generic order for upstream and vendor versions.
    Generic,
    /// `openssl`: OpenSSL's `1.1.1k` letters, by the generic order.
    Openssl,
    /// `nginx`: nginx versions, by the generic order.
    Nginx,
    /// `lexicographic`: the versions' UTF-8 bytes, compared in order.
    Lexicographic,
    /// `datetime`: RFC 3339 instants, compared as points in time.
    Datetime,
}

impl Scheme {
    /// Every scheme's name as `vers` writes it.
    pub const NAMES: [&'static str; 20] = [
        "npm",
        "pypi",
        "maven",
        "nuget",
        "deb",
        "rpm",
        "apk",
        "golang",
        "cargo",
        "gem",
        "composer",
        "cran",
        "hackage",
        "pub",
        "semver",
        "generic",
        "openssl",
        "nginx",
        "lexicographic",
        "datetime",
    ];

    const ALL: [Scheme; 20] = [
        Scheme::Npm,
        Scheme::Pypi,
        Scheme::Maven,
        Scheme::Nuget,
        Scheme::Deb,
        Scheme::Rpm,
        Scheme::Apk,
        Scheme::Golang,
        Scheme::Cargo,
        Scheme::Gem,
        Scheme::Composer,
        Scheme::Cran,
        Scheme::Hackage,
        Scheme::Pub,
        Scheme::Semver,
        Scheme::Generic,
        Scheme::Openssl,
        Scheme::Nginx,
        Scheme::Lexicographic,
        Scheme::Datetime,
    ];

    /// The name `vers` writes.
    pub fn name(self) -> &'static str {
        let index = Scheme::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Scheme::NAMES[index]
    }

    /// The ecosystem whose order the scheme uses; `None` for lexicographic and datetime.
    pub fn ecosystem(self) -> Option<Ecosystem> {
        Some(match self {
            Scheme::Npm => Ecosystem::Npm,
            Scheme::Pypi => Ecosystem::Pypi,
            Scheme::Maven => Ecosystem::Maven,
            Scheme::Nuget => Ecosystem::Nuget,
            Scheme::Deb => Ecosystem::Debian,
            Scheme::Rpm => Ecosystem::Rpm,
            Scheme::Apk => Ecosystem::Alpine,
            Scheme::Golang => Ecosystem::Go,
            Scheme::Cargo | Scheme::Semver => Ecosystem::Semver,
            Scheme::Gem => Ecosystem::Rubygems,
            Scheme::Composer => Ecosystem::Packagist,
            Scheme::Cran => Ecosystem::Cran,
            Scheme::Hackage => Ecosystem::Hackage,
            Scheme::Pub => Ecosystem::Pub,
            Scheme::Generic | Scheme::Openssl | Scheme::Nginx => Ecosystem::Generic,
            Scheme::Lexicographic | Scheme::Datetime => return None,
        })
    }

    /// Orders two versions of this scheme.
    pub fn compare(self, a: &str, b: &str) -> Result<Ordering, VersError> {
        match self {
            Scheme::Lexicographic => Ok(a.as_bytes().cmp(b.as_bytes())),
            Scheme::Datetime => Ok(instant(a)?.cmp(&instant(b)?)),
            _ => Ok(compare(
                self.ecosystem().unwrap_or(Ecosystem::Generic),
                a,
                b,
            )?),
        }
    }

    /// Checks that `version` is valid in this scheme.
    pub fn validate(self, version: &str) -> Result<(), VersError> {
        self.compare(version, version).map(|_| ())
    }
}

fn instant(text: &str) -> Result<jiff::Timestamp, VersError> {
    text.parse::<jiff::Timestamp>()
        .map_err(|e| VersError::Invalid {
            text: text.to_owned(),
            reason: format!("not an RFC 3339 date-time with offset: {e}"),
        })
}

impl FromStr for Scheme {
    type Err = VersError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "alpine" => return Ok(Scheme::Apk),
            "dart" => return Ok(Scheme::Pub),
            _ => {}
        }
        Scheme::ALL
            .into_iter()
            .find(|scheme| scheme.name() == s)
            .ok_or_else(|| VersError::UnsupportedScheme(s.to_owned()))
    }
}
