//! What a component is known as: the package ids (its purl, and for a distro package its
//! source package) and CPE names (its own, or derived from its name) matching looks it up by.
//! Worked out once per component, so the per-record checks only compare.

use rampart_sbom::normalise::candidates;
use rampart_sbom::{Component, Cpe, Purl};

use crate::key::{MatchKey, ecosystem_of_purl_type, normalise_package_name};

use super::package::VersionKeys;
use super::release::{DISTRO_ECOSYSTEMS, distro_release};
use super::report::{ComponentRef, Identifier};

/// A component's identities.
#[derive(Debug, Clone)]
pub(crate) struct Identity<'a> {
    /// The component as the SBOM gave it (CSAF product judgement reads its supplier and name).
    pub original: &'a Component,
    /// As findings name it.
    pub component: ComponentRef,
    /// Package ids: the purl's, then the source package's.
    pub packages: Vec<PackageId>,
    /// CPE names: the component's own, or else derived ones.
    pub cpes: Vec<CpeId>,
    /// Every key to look the component up by, sorted, without duplicates.
    pub keys: Vec<MatchKey>,
}

/// The component as a package of an OSV ecosystem.
#[derive(Debug, Clone)]
pub(crate) struct PackageId {
    /// The index key.
    pub key: MatchKey,
    /// OSV base ecosystem, lower case (`debian`, `pypi`).
    pub ecosystem: String,
    /// The distro release from the purl's `distro` qualifier, canonical (`12`, `22.04`,
    /// `3.18`), when the purl has one.
    pub release: Option<String>,
    /// Package name, normalised for the ecosystem.
    pub name: String,
    /// The version to compare, when known.
    pub version: Option<String>,
    /// The purl, or the source package's name.
    pub via: Identifier,
    /// What evidence shows as the identifier used.
    pub text: String,
    /// `version` parsed, per order, when first compared.
    pub version_keys: VersionKeys,
}

/// The component as a CPE name.
#[derive(Debug, Clone)]
pub(crate) struct CpeId {
    /// The index key (vendor, product).
    pub key: MatchKey,
    /// The parsed name.
    pub cpe: Cpe,
    /// The version to compare with NVD's bounds: the CPE's own version, or else the
    /// component's (a distro version reduced to its upstream part).
    pub version: Option<String>,
    /// Own or derived.
    pub via: Identifier,
    /// The CPE as written (own) or formatted (derived).
    pub text: String,
}

impl Identity<'_> {
    /// The identities of `component`.
    pub fn of(component: &Component) -> Identity<'_> {
        let purl = component.purl.as_deref().and_then(|p| Purl::parse(p).ok());
        let epoch = purl.as_ref().and_then(rpm_epoch);
        let with_epoch = |version: String| match &epoch {
            Some(epoch) if !version.contains(':') => format!("{epoch}:{version}"),
            _ => version,
        };
        let version = purl
            .as_ref()
            .and_then(|p| p.version().map(str::to_owned))
            .map(&with_epoch)
            .or_else(|| component.version.clone());
        let ecosystem = purl
            .as_ref()
            .and_then(|p| ecosystem_of_purl_type(p.ty(), p.namespace()));
        let is_distro = ecosystem
            .as_deref()
            .is_some_and(|e| DISTRO_ECOSYSTEMS.contains(&e));
        let distro = purl
            .as_ref()
            .and_then(|p| p.qualifiers().get("distro").map(|d| (*d).to_owned()));
        let mut packages = Vec::new();
        let mut source_names = Vec::new();
        if let (Some(purl), Some(ecosystem)) = (&purl, &ecosystem) {
            let text = component.purl.clone().unwrap_or_default();
            if let Some(key) = crate::key::purl_key_of(purl) {
                let MatchKey::Package { name, .. } = &key else {
                    unreachable!("purl keys are package keys")
                };
                let release = distro.as_deref().and_then(|d| distro_release(ecosystem, d));
                packages.push(PackageId {
                    name: name.clone(),
                    key: key.clone(),
                    ecosystem: ecosystem.clone(),
                    release: release.clone(),
                    version: version.clone(),
                    via: Identifier::Purl,
                    text,
                    version_keys: VersionKeys::default(),
                });
                if is_distro && let Some((source, source_version)) = source_package(purl) {
                    {
                        let name = normalise_package_name(ecosystem, &source);
                        if packages.iter().all(|p| p.name != name) {
                            packages.push(PackageId {
                                key: MatchKey::package(ecosystem, &name),
                                text: format!("source package {name} of {}", packages[0].text),
                                name: name.clone(),
                                ecosystem: ecosystem.clone(),
                                release,
                                version: source_version
                                    .map(&with_epoch)
                                    .or_else(|| version.clone()),
                                via: Identifier::SourcePackage,
                                version_keys: VersionKeys::default(),
                            });
                        }
                        source_names.push(name);
                    }
                }
            }
        }
        let cpe_version = version.as_deref().map(|v| {
            if is_distro {
                upstream_version(v)
            } else {
                v.to_owned()
            }
        });
        let mut cpes: Vec<CpeId> = component
            .cpes
            .iter()
            .filter_map(|text| {
                let cpe = Cpe::parse(text).ok()?;
                let key = crate::key::cpe_key_of(&cpe)?;
                let version = cpe.version().as_literal().or_else(|| cpe_version.clone());
                Some(CpeId {
                    key,
                    cpe,
                    version,
                    via: Identifier::Cpe,
                    text: text.clone(),
                })
            })
            .collect();
        // Language packages are never given name-derived CPEs: a JavaScript package named
        // `openssl` is not OpenSSL.
        let language_package = ecosystem.is_some() && !is_distro;
        if component.cpes.is_empty() && !language_package {
            let name = purl.as_ref().map_or(component.name.as_str(), Purl::name);
            let mut names = vec![name.to_owned()];
            names.extend(source_names);
            for name in names {
                for pair in candidates(
                    &name,
                    distro
                        .as_deref()
                        .or(ecosystem.as_deref().filter(|_| is_distro)),
                ) {
                    let cpe = pair.to_cpe(None);
                    let text = pair.to_cpe(cpe_version.as_deref()).to_formatted_string();
                    if cpes.iter().any(|c| c.text == text) {
                        continue;
                    }
                    cpes.push(CpeId {
                        key: MatchKey::cpe(pair.vendor, pair.product),
                        cpe,
                        version: cpe_version.clone(),
                        via: Identifier::DerivedCpe,
                        text,
                    });
                }
            }
        }
        let mut keys = keys_of(&packages, &cpes);
        // CSAF product trees name vendors and products in words: a component whose supplier
        // (or group) and name fold to the same words is a candidate for them.
        if let Some(vendor) = component.supplier.as_deref().or(component.group.as_deref()) {
            keys.push(MatchKey::product(vendor, &component.name));
            keys.sort();
            keys.dedup();
        }
        Identity {
            original: component,
            component: ComponentRef {
                bom_ref: component.bom_ref.clone(),
                name: component.name.clone(),
                version: component.version.clone(),
                purl: component.purl.clone(),
            },
            keys,
            packages,
            cpes,
        }
    }
}

/// The lookup keys of a component's package ids and CPE names.
fn keys_of(packages: &[PackageId], cpes: &[CpeId]) -> Vec<MatchKey> {
    let mut keys: Vec<MatchKey> = packages
        .iter()
        .map(|p| p.key.clone())
        .chain(cpes.iter().map(|c| c.key.clone()))
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// The epoch of an rpm purl, from the purl spec's `epoch` qualifier
/// (`pkg:rpm/fedora/curl@7.76.1-26.fc39?epoch=1`), when it is a number other than 0: rpm
/// orders `1:7.76.1` after every `7.x` of epoch 0, so the version is compared with it.
fn rpm_epoch(purl: &Purl) -> Option<String> {
    if purl.ty() != "rpm" {
        return None;
    }
    let epoch = purl.qualifiers().get("epoch")?.trim();
    (!epoch.is_empty() && epoch.bytes().all(|b| b.is_ascii_digit()))
        .then(|| epoch.trim_start_matches('0').to_owned())
        .filter(|e| !e.is_empty())
}

/// The source package a distro purl names, with its version when given: the purl spec's
/// `upstream` qualifier (deb, apk: `openssl` or `openssl@3.0.11-1`; rpm: the source RPM file
/// name, `openssl-3.0.7-24.el9.src.rpm`) or the `source` qualifier some tools write.
fn source_package(purl: &Purl) -> Option<(String, Option<String>)> {
    let qualifiers = purl.qualifiers();
    let value = qualifiers
        .get("upstream")
        .or_else(|| qualifiers.get("source"))?
        .trim();
    if value.is_empty() {
        return None;
    }
    if let Some((name, version)) = value.split_once('@') {
        return Some((
            name.to_owned(),
            Some(version.to_owned()).filter(|v| !v.is_empty()),
        ));
    }
    if purl.ty() == "rpm"
        && let Some(stem) = value.strip_suffix(".src.rpm")
    {
        {
            // name-version-release: the name is all before the last two dashes.
            let mut parts = stem.rsplitn(3, '-');
            let release = parts.next()?;
            let version = parts.next()?;
            let name = parts.next()?;
            return Some((name.to_owned(), Some(format!("{version}-{release}"))));
        }
    }
    Some((value.to_owned(), None))
}

/// The upstream part of a distro package version, which NVD's bounds are written in: no
/// epoch, no packaging revision (`-1~deb12u2`, `-r5`, `-24.el9`), no repack suffix
/// (`+dfsg`, `~rc1` stays: it is upstream's pre-release only before the revision).
pub(crate) fn upstream_version(version: &str) -> String {
    let no_epoch = match version.split_once(':') {
        Some((epoch, rest)) if epoch.chars().all(|c| c.is_ascii_digit()) => rest,
        _ => version,
    };
    let no_revision = no_epoch
        .rsplit_once('-')
        .map_or(no_epoch, |(upstream, _)| upstream);
    let no_repack = ["+dfsg", "+ds", "+really", ".dfsg"]
        .iter()
        .filter_map(|marker| no_revision.find(marker))
        .min()
        .map_or(no_revision, |at| &no_revision[..at]);
    no_repack.to_owned()
}

#[cfg(test)]
mod tests {
    use super::upstream_version;

    #[test]
    fn distro_versions_reduce_to_their_upstream_part() {
        assert_eq!(upstream_version("1.1.1n-0+deb11u4"), "1.1.1n");
        assert_eq!(upstream_version("1:2.36-9+deb12u4"), "2.36");
        assert_eq!(upstream_version("3.0.8-r0"), "3.0.8");
        assert_eq!(upstream_version("3.0.7-24.el9"), "3.0.7");
        assert_eq!(upstream_version("1.2.13.dfsg-1"), "1.2.13");
        assert_eq!(upstream_version("2.9.14+dfsg-1.3~deb12u1"), "2.9.14");
        assert_eq!(upstream_version("1.36.1"), "1.36.1");
    }
}
