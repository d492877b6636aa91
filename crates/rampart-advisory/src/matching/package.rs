//! Package matches: an OSV-style affected package (OSV records, the Debian tracker) against a
//! component's purl or source package. The ecosystem must be the component's, a distro
//! record's release the component's release, and the version inside a range by the
//! ecosystem's own order (rampart-version); a version that cannot be ordered is never
//! compared as text: it gives a note instead of a match.

use std::sync::OnceLock;

use rampart_version::osv::{Event, Range};
use rampart_version::{Ecosystem, VersionError, VersionKey};

use crate::key::{ecosystem_release, normalise_package_name};
use crate::model::{AffectedPackage, Confidence, OsvRange, RangeEvent, RangeKind};

use super::identity::PackageId;
use super::release::osv_release;

/// What an affected package says of a component's package id.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PackageVerdict {
    /// Another ecosystem, package or release.
    Unrelated,
    /// This package; the version lies outside every range.
    NotAffected,
    /// This package; the version lies in a range or the version list.
    Affected(PackageMatch),
    /// This package; the version could not be judged (the note says why).
    Undecided(String),
}

/// A package match.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PackageMatch {
    /// `Debian:12/openssl`.
    pub matched: String,
    /// The ranges as written.
    pub range: String,
    /// `fixed` versions of the ranges.
    pub fixed: Vec<String>,
    /// High, or Medium when the component's release is unknown.
    pub confidence: Confidence,
    /// Why the confidence is lower.
    pub notes: Vec<String>,
}

/// The version order of an OSV base ecosystem (lower case), where rampart-version has one.
pub(crate) fn version_order(ecosystem: &str) -> Option<Ecosystem> {
    Some(match ecosystem {
        "debian" | "ubuntu" => Ecosystem::Debian,
        "alpine" | "wolfi" | "chainguard" | "alpaquita" => Ecosystem::Alpine,
        "almalinux" | "rocky linux" | "red hat" | "opensuse" | "suse" | "mageia" => Ecosystem::Rpm,
        "pypi" => Ecosystem::Pypi,
        "rubygems" => Ecosystem::Rubygems,
        "packagist" => Ecosystem::Packagist,
        "cran" => Ecosystem::Cran,
        "hackage" => Ecosystem::Hackage,
        "pub" => Ecosystem::Pub,
        "maven" => Ecosystem::Maven,
        "npm" | "crates.io" | "go" | "hex" | "swifturl" => Ecosystem::Semver,
        _ => return None,
    })
}

/// One OSV range made ready for evaluation.
#[derive(Debug)]
pub(crate) enum Prepared {
    /// A `GIT` range: never evaluated.
    Git,
    /// An `ECOSYSTEM` range of an ecosystem Rampart has no order for.
    NoOrder,
    /// Events that are not a valid range in the ecosystem (the cause).
    Invalid(String),
    /// Validated and sorted.
    Range(Range),
}

/// Every range of `package`, in the order of its ecosystem (the component's, which
/// [`judge_package`] requires to be the same before it looks at ranges).
pub(crate) fn prepare_all(package: &AffectedPackage) -> Box<[Prepared]> {
    let order = version_order(&base_of(package).to_ascii_lowercase());
    package.ranges.iter().map(|r| prepare(r, order)).collect()
}

/// The package's ecosystem without its release (`Debian` of `Debian:12`), as written.
fn base_of(package: &AffectedPackage) -> &str {
    package
        .ecosystem
        .split(':')
        .next()
        .unwrap_or_default()
        .trim()
}

/// A component version parsed once for each order it is compared in: a package's ranges
/// are in its ecosystem's order, `SEMVER` ranges in semver. A cache: a clone starts empty.
#[derive(Debug, Default)]
pub(crate) struct VersionKeys([OnceLock<Result<VersionKey, VersionError>>; Ecosystem::ALL.len()]);

impl VersionKeys {
    fn get(&self, order: Ecosystem, version: &str) -> &Result<VersionKey, VersionError> {
        self.0[order as usize].get_or_init(|| order.key(version))
    }
}

impl Clone for VersionKeys {
    fn clone(&self) -> Self {
        VersionKeys::default()
    }
}

fn prepare(range: &OsvRange, order: Option<Ecosystem>) -> Prepared {
    let order = match (range.kind, order) {
        (RangeKind::Git, _) => return Prepared::Git,
        (RangeKind::Semver, _) => Ecosystem::Semver,
        (RangeKind::Ecosystem, Some(order)) => order,
        (RangeKind::Ecosystem, None) => return Prepared::NoOrder,
    };
    let events = range.events.iter().map(|e| match e {
        RangeEvent::Introduced(v) => Event::Introduced(v.clone()),
        RangeEvent::Fixed(v) => Event::Fixed(v.clone()),
        RangeEvent::LastAffected(v) => Event::LastAffected(v.clone()),
        RangeEvent::Limit(v) => Event::Limit(v.clone()),
    });
    match Range::new(order, events.collect()) {
        Ok(range) => Prepared::Range(range),
        Err(e) => Prepared::Invalid(e.to_string()),
    }
}

/// Judges `package` for the component's package id `id`.
/// `ranges` gives the package's prepared ranges ([`super::ready::ReadyAdvisory::ranges`]),
/// asked only once the package is known to be the component's.
pub(crate) fn judge_package<'r>(
    id: &PackageId,
    package: &AffectedPackage,
    ranges: impl FnOnce() -> &'r [Prepared],
) -> PackageVerdict {
    // Checked without allocating first: most candidates under a key are this package.
    if !base_of(package).eq_ignore_ascii_case(&id.ecosystem) {
        return PackageVerdict::Unrelated;
    }
    let ecosystem = id.ecosystem.as_str();
    if package.name != id.name && normalise_package_name(ecosystem, &package.name) != id.name {
        return PackageVerdict::Unrelated;
    }
    // Built only when a match or a note needs it: most packages judged are not affected.
    let matched = || format!("{}/{}", package.ecosystem, package.name);
    let mut notes = Vec::new();
    let mut confidence = Confidence::High;
    if let Some(release) =
        ecosystem_release(&package.ecosystem).and_then(|r| osv_release(ecosystem, r))
    {
        match &id.release {
            Some(own) if *own != release => return PackageVerdict::Unrelated,
            Some(_) => {}
            None => {
                confidence = Confidence::Medium;
                notes.push(format!(
                    "the component's purl has no distro qualifier, so the record's release {} could not be checked",
                    package.ecosystem
                ));
            }
        }
    }
    let Some(version) = id.version.as_deref() else {
        return PackageVerdict::Undecided(format!(
            "{}: the component has no version to compare",
            matched()
        ));
    };
    let affected = |confidence, notes| {
        PackageVerdict::Affected(PackageMatch {
            matched: matched(),
            range: describe(package),
            fixed: fixed_versions(package),
            confidence,
            notes,
        })
    };
    let order = version_order(ecosystem);
    if package
        .versions
        .iter()
        .any(|listed| same_version(order, listed, version))
    {
        return affected(confidence, notes);
    }
    let mut undecided = Vec::new();
    for prepared in ranges() {
        match prepared {
            Prepared::Git => {}
            Prepared::NoOrder => undecided.push(format!(
                "{}: Rampart knows no version order for ecosystem {}",
                matched(),
                package.ecosystem
            )),
            Prepared::Invalid(e) => {
                undecided.push(format!("{}: range not evaluated: {e}", matched()));
            }
            Prepared::Range(range) => match id.version_keys.get(range.ecosystem(), version) {
                Ok(key) if range.affects_key(key) => return affected(confidence, notes),
                Ok(_) => {}
                Err(e) => undecided.push(format!("{}: range not evaluated: {e}", matched())),
            },
        }
    }
    match undecided.into_iter().next() {
        Some(note) => PackageVerdict::Undecided(note),
        None => PackageVerdict::NotAffected,
    }
}

/// A version listed one by one: equal as written, or equal by the ecosystem's order.
fn same_version(order: Option<Ecosystem>, listed: &str, version: &str) -> bool {
    listed == version
        || order.is_some_and(|o| {
            rampart_version::compare(o, listed, version) == Ok(std::cmp::Ordering::Equal)
        })
}

/// The ranges and list as one line: `ECOSYSTEM >=0 <1.1.1n-0+deb11u4; versions 1.0, 1.1`.
fn describe(package: &AffectedPackage) -> String {
    let mut parts: Vec<String> = package
        .ranges
        .iter()
        .map(|r| {
            let kind = match r.kind {
                RangeKind::Semver => "SEMVER",
                RangeKind::Ecosystem => "ECOSYSTEM",
                RangeKind::Git => "GIT",
            };
            let events: Vec<String> = r
                .events
                .iter()
                .map(|e| match e {
                    RangeEvent::Introduced(v) => format!("introduced {v}"),
                    RangeEvent::Fixed(v) => format!("fixed {v}"),
                    RangeEvent::LastAffected(v) => format!("last_affected {v}"),
                    RangeEvent::Limit(v) => format!("limit {v}"),
                })
                .collect();
            format!("{kind} {}", events.join(", "))
        })
        .collect();
    if !package.versions.is_empty() {
        parts.push(format!("versions {}", package.versions.join(", ")));
    }
    parts.join("; ")
}

fn fixed_versions(package: &AffectedPackage) -> Vec<String> {
    package
        .ranges
        .iter()
        .filter(|r| r.kind != RangeKind::Git)
        .flat_map(|r| &r.events)
        .filter_map(|e| match e {
            RangeEvent::Fixed(v) => Some(v.clone()),
            _ => None,
        })
        .collect()
}
