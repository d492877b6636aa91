//! Joining candidates that are one component.
//!
//! - A signature hit in a file a package owns, or of a component a package ships (the rule
//!   file's `packages`, or the package's source), whose version is the package's upstream
//!   version, is more evidence of that package: its method and occurrence are added to the
//!   package, which keeps its exact distro purl (the package database wins).
//! - Other hits are grouped by component and version: one component with an occurrence per
//!   file.
//!
//! The result is sorted by name, version and purl, so the same tree always gives the same
//! SBOM.

use std::collections::BTreeMap;

use super::{Found, Origin, upstream_version};

/// The merged components.
pub(crate) fn merge(found: Vec<Found>) -> Vec<Found> {
    let (packages, hits): (Vec<Found>, Vec<Found>) = found
        .into_iter()
        .partition(|f| matches!(f.origin, Origin::Package { .. }));
    let mut packages = join_same_reference(packages);
    let mut owner: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, p) in packages.iter().enumerate() {
        if let Origin::Package { files, .. } = &p.origin {
            for f in files {
                owner.entry(f.as_str()).or_insert(i);
            }
        }
    }
    let owner: BTreeMap<String, usize> =
        owner.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    let mut grouped: BTreeMap<(String, String), Found> = BTreeMap::new();
    for hit in hits {
        let target = hit
            .occurrences
            .first()
            .and_then(|o| owner.get(&o.location))
            .copied()
            .filter(|&i| agrees(&packages[i], &hit))
            .or_else(|| {
                packages
                    .iter()
                    .position(|p| ships(p, &hit) && agrees(p, &hit))
            });
        match target {
            Some(i) => absorb(&mut packages[i], hit),
            None => match grouped.entry((hit.name.clone(), hit.version.clone())) {
                std::collections::btree_map::Entry::Occupied(mut e) => absorb(e.get_mut(), hit),
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert(hit);
                }
            },
        }
    }
    let mut out = join_same_reference(packages.into_iter().chain(grouped.into_values()).collect());
    out.sort_by(|a, b| (&a.name, &a.version, &a.purl).cmp(&(&b.name, &b.version, &b.purl)));
    out
}

/// Whether the hit's version is the package's upstream version (or its start: a binary may
/// say `3.0` for `3.0.15`, never a different release).
fn agrees(package: &Found, hit: &Found) -> bool {
    let upstream = upstream_version(&package.version);
    let lowercase = |s: &str| s.starts_with(|c: char| c.is_ascii_lowercase());
    // A longer upstream version names the same release with more parts (`1.2.13.1`), a
    // letter release (`1.1.1w`) or a release word (libevent's `2.1.12-stable`, packaged by
    // Debian as `2.1.12-stable-8`, whose binary says `2.1.12`).
    upstream == hit.version
        || upstream
            .strip_prefix(hit.version.as_str())
            .is_some_and(|rest| {
                rest.starts_with('.')
                    || lowercase(rest)
                    || rest.strip_prefix('-').is_some_and(lowercase)
            })
}

/// Whether the package ships the hit's component: by the rule file's package names, the
/// component's own name, or the package's source package.
fn ships(package: &Found, hit: &Found) -> bool {
    let Origin::Signature { packages, .. } = &hit.origin else {
        return false;
    };
    let source = match &package.origin {
        Origin::Package { source, .. } => source.as_deref(),
        Origin::Signature { .. } => None,
    };
    package.name == hit.name
        || packages.contains(&package.name)
        || source.is_some_and(|s| s == hit.name)
}

/// `found` with the candidates that share an SBOM reference joined into the first of them:
/// a package listed twice in its database, or installed in two root filesystems (an A/B
/// firmware), has one purl, and an SBOM names each reference once.
fn join_same_reference(found: Vec<Found>) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::with_capacity(found.len());
    let mut at: BTreeMap<String, usize> = BTreeMap::new();
    for f in found {
        match at.entry(f.bom_ref()) {
            std::collections::btree_map::Entry::Occupied(e) => {
                let into = &mut out[*e.get()];
                if let (Origin::Package { files, .. }, Origin::Package { files: more, .. }) =
                    (&mut into.origin, &f.origin)
                {
                    files.extend(more.iter().cloned());
                }
                absorb(into, f);
            }
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(out.len());
                out.push(f);
            }
        }
    }
    out
}

/// Adds `other`'s methods and occurrences to `into`, without repeating one.
fn absorb(into: &mut Found, other: Found) {
    for m in other.methods {
        if !into.methods.contains(&m) {
            into.methods.push(m);
        }
    }
    for o in other.occurrences {
        if !into.occurrences.contains(&o) {
            into.occurrences.push(o);
        }
    }
    into.occurrences
        .sort_by(|a, b| (&a.location, a.offset).cmp(&(&b.location, b.offset)));
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use rampart_sbom::{Confidence, Method, Occurrence};

    use super::*;

    fn hit(name: &str, version: &str, path: &str) -> Found {
        Found {
            name: name.into(),
            version: version.into(),
            kind: "library",
            purl: Some(format!("pkg:generic/{name}@{version}")),
            cpes: Vec::new(),
            supplier: None,
            origin: Origin::Signature {
                rule: format!("{name}-banner"),
                packages: vec!["libssl3".into()],
            },
            methods: vec![Method {
                technique: "binary-analysis".into(),
                confidence: Confidence::from_thousandths(900),
                value: Some(format!("{name}-banner")),
            }],
            occurrences: vec![Occurrence {
                location: path.into(),
                offset: Some(10),
                symbol: None,
                additional_context: None,
            }],
        }
    }

    fn package(name: &str, version: &str, files: &[&str]) -> Found {
        Found {
            origin: Origin::Package {
                database: "r/var/lib/dpkg/status".into(),
                source: Some("openssl".into()),
                files: files
                    .iter()
                    .map(|f| (*f).to_owned())
                    .collect::<BTreeSet<_>>(),
            },
            purl: Some(format!("pkg:deb/debian/{name}@{version}")),
            ..hit(name, version, "r/var/lib/dpkg/status")
        }
    }

    #[test]
    fn one_component_seen_in_several_files_is_one_component() {
        let merged = merge(vec![
            hit("openssl", "3.0.15", "r/usr/lib/libssl.so.3"),
            hit("openssl", "3.0.15", "r/usr/lib/libcrypto.so.3"),
            hit("openssl", "1.1.1w", "r/opt/old/libssl.so.1.1"),
        ]);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[1].occurrences.len(), 2);
    }

    #[test]
    fn a_package_database_entry_wins_and_keeps_both_evidences() {
        let merged = merge(vec![
            hit("openssl", "3.0.15", "r/usr/lib/libssl.so.3"),
            package("libssl3", "3.0.15-1~deb12u1", &["r/usr/lib/libssl.so.3"]),
        ]);
        assert_eq!(merged.len(), 1, "{merged:#?}");
        assert_eq!(merged[0].name, "libssl3");
        assert_eq!(merged[0].methods.len(), 2);
        assert_eq!(merged[0].occurrences.len(), 2);
    }

    #[test]
    fn a_package_listed_twice_is_one_component_with_both_places() {
        let mut other_root = package("libssl3", "3.0.15-1~deb12u1", &["s/usr/lib/libssl.so.3"]);
        other_root.occurrences[0].location = "s/var/lib/dpkg/status".into();
        let merged = merge(vec![
            package("libssl3", "3.0.15-1~deb12u1", &["r/usr/lib/libssl.so.3"]),
            other_root,
            hit("openssl", "3.0.15", "s/usr/lib/libssl.so.3"),
        ]);
        assert_eq!(merged.len(), 1, "{merged:#?}");
        assert_eq!(merged[0].occurrences.len(), 3);
    }

    #[test]
    fn a_release_word_after_the_upstream_version_is_the_same_release() {
        // Debian's libevent-2.1-7: the binary says 2.1.12, the package 2.1.12-stable-8.
        let merged = merge(vec![
            hit("libevent", "2.1.12", "r/usr/lib/libevent-2.1.so.7.0.1"),
            package(
                "libevent-2.1-7",
                "2.1.12-stable-8",
                &["r/usr/lib/libevent-2.1.so.7.0.1"],
            ),
        ]);
        assert_eq!(merged.len(), 1, "{merged:#?}");
        assert_eq!(merged[0].name, "libevent-2.1-7");
        // A number after the dash is another version, not a release word.
        let merged = merge(vec![
            hit("libevent", "2.1.12", "r/usr/lib/libevent-2.1.so.7.0.1"),
            package(
                "libevent-2.1-7",
                "2.1.12-2-1",
                &["r/usr/lib/libevent-2.1.so.7.0.1"],
            ),
        ]);
        assert_eq!(merged.len(), 2, "{merged:#?}");
    }

    #[test]
    fn a_different_version_in_an_owned_file_stays_a_component_of_its_own() {
        let merged = merge(vec![
            hit("openssl", "1.1.1w", "r/usr/lib/libssl.so.3"),
            package("libssl3", "3.0.15-1~deb12u1", &["r/usr/lib/libssl.so.3"]),
        ]);
        assert_eq!(merged.len(), 2);
    }
}
