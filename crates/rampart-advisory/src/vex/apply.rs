//! Applying VEX statements to the components of a scan.
//!
//! A statement applies to a component for a vulnerability when both match:
//! - the vulnerability: the statement's id or one of its aliases equals one of the ids the
//!   finding goes by (ASCII case-insensitive: `cve-2021-44228` is `CVE-2021-44228`);
//! - a product: one of its identifiers, or one of its subcomponents' (a scan looks at the
//!   components inside the product, which is what subcomponents name), matches the component:
//!   - purl: type, namespace, name and subpath equal after canonicalisation; a statement purl
//!     without version covers every version, one with a version only that version; every
//!     qualifier the statement gives must be on the component with the same value, the ones
//!     it leaves out are free (qualifiers are optional extra data in the purl spec, so a
//!     statement naming `?arch=amd64` says nothing about `arm64`);
//!   - CPE: the statement's CPE is the source and each of the component's CPEs the target of
//!     NISTIR 7696 name matching (CPE_EQUAL or CPE_SUPERSET);
//!   - reference: equal to the component's bom-ref (CycloneDX) or SPDXID;
//!
//!   and, when the product is limited to some versions (CycloneDX `affects[].versions[]`),
//!   the component's version is one of them (rules in the `versions` module).
//!
//! When several statements apply to one (component, vulnerability), [`effective`] keeps the
//! one with the latest timestamp. A statement without one counts as older than any with one;
//! between equal times the later in input order wins (a later file, or later in the file),
//! the way a VEX author appends a newer statement to a document.

use std::cmp::Ordering;

use rampart_sbom::cpe::compare_names;
use rampart_sbom::{Component, Cpe, Purl};

use super::json::parse_time;
use super::{ProductRef, VexStatement};

impl VexStatement {
    /// Whether this statement speaks about `component` for a vulnerability known by
    /// `vulnerability_ids` (its id and aliases).
    pub fn applies_to(&self, component: &Component, vulnerability_ids: &[String]) -> bool {
        self.names_vulnerability(vulnerability_ids)
            && self.products.iter().any(|p| p.matches(component))
    }

    /// Whether the statement's id or an alias is one of `ids`.
    pub fn names_vulnerability(&self, ids: &[String]) -> bool {
        std::iter::once(&self.vulnerability)
            .chain(&self.aliases)
            .any(|mine| ids.iter().any(|id| id.eq_ignore_ascii_case(mine)))
    }
}

impl ProductRef {
    /// Whether this product, or one of its subcomponents, is `component`.
    pub fn matches(&self, component: &Component) -> bool {
        self.matches_itself(component) || self.subcomponents.iter().any(|s| s.matches(component))
    }

    fn matches_itself(&self, component: &Component) -> bool {
        let by_purl = self
            .purl
            .as_deref()
            .zip(component.purl.as_deref())
            .is_some_and(|(mine, theirs)| purl_covers(mine, theirs));
        let by_cpe = self
            .cpe
            .as_deref()
            .is_some_and(|mine| component.cpes.iter().any(|theirs| cpe_covers(mine, theirs)));
        let by_reference = self
            .reference
            .as_deref()
            .is_some_and(|r| component.bom_ref.as_deref() == Some(r));
        (by_purl || by_cpe || by_reference) && self.covers_version_of(component)
    }
}

/// Whether the purl `statement` covers the purl `component` (rules in the module doc).
/// Either failing to parse is no match.
pub fn purl_covers(statement: &str, component: &str) -> bool {
    let (Ok(mine), Ok(theirs)) = (Purl::parse(statement), Purl::parse(component)) else {
        return false;
    };
    if mine.ty() != theirs.ty() || mine.namespace() != theirs.namespace() {
        return false;
    }
    if mine.name() != theirs.name() {
        return false;
    }
    if mine.version().is_some() && mine.version() != theirs.version() {
        return false;
    }
    if mine.subpath().is_some() && mine.subpath() != theirs.subpath() {
        return false;
    }
    let their_qualifiers = theirs.qualifiers();
    mine.qualifiers()
        .iter()
        .all(|(k, v)| their_qualifiers.get(k) == Some(v))
}

/// Whether the CPE `statement` matches the CPE `component` (NISTIR 7696, statement as
/// source). Either failing to parse is no match.
pub fn cpe_covers(statement: &str, component: &str) -> bool {
    match (Cpe::parse(statement), Cpe::parse(component)) {
        (Ok(mine), Ok(theirs)) => compare_names(&mine, &theirs).matches(),
        _ => false,
    }
}

/// The statement that decides for `component` and the vulnerability `vulnerability_ids`
/// among `statements` (in input order): the latest of those that apply, `None` when none do.
pub fn effective<'a>(
    statements: impl IntoIterator<Item = &'a VexStatement>,
    component: &Component,
    vulnerability_ids: &[String],
) -> Option<&'a VexStatement> {
    statements
        .into_iter()
        .filter(|s| s.applies_to(component, vulnerability_ids))
        .fold(None, |best: Option<&VexStatement>, s| match best {
            Some(b) if newer(b, s) == Ordering::Greater => Some(b),
            _ => Some(s),
        })
}

/// How `a` compares with `b` in time: no timestamp is older than any.
fn newer(a: &VexStatement, b: &VexStatement) -> Ordering {
    let time = |s: &VexStatement| s.timestamp.as_deref().and_then(parse_time);
    time(a).cmp(&time(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vex::VexStatus;

    fn component(purl: &str) -> Component {
        Component {
            name: "c".into(),
            purl: Some(purl.into()),
            ..Component::default()
        }
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    fn statement(vuln: &str, product: ProductRef) -> VexStatement {
        VexStatement::new(vuln, vec![product], VexStatus::NotAffected)
    }

    #[test]
    fn the_vulnerability_matches_by_id_or_alias_ignoring_case() {
        let c = component("pkg:npm/lodash@4.17.20");
        let mut s = statement("GHSA-35jh-r3h4-6jhm", ProductRef::purl("pkg:npm/lodash"));
        assert!(s.applies_to(&c, &ids(&["ghsa-35jh-r3h4-6jhm"])));
        assert!(!s.applies_to(&c, &ids(&["CVE-2021-23337"])));
        s.aliases.push("CVE-2021-23337".into());
        assert!(s.applies_to(&c, &ids(&["OSV-1", "CVE-2021-23337"])));
    }

    #[test]
    fn a_versionless_purl_covers_every_version_a_versioned_one_only_its_own() {
        let v = ids(&["CVE-1"]);
        let any = statement("CVE-1", ProductRef::purl("pkg:deb/debian/openssl"));
        let one = statement("CVE-1", ProductRef::purl("pkg:deb/debian/openssl@3.0.11-1"));
        assert!(any.applies_to(&component("pkg:deb/debian/openssl@3.0.11-1"), &v));
        assert!(any.applies_to(&component("pkg:deb/debian/openssl@3.0.13-1"), &v));
        assert!(one.applies_to(&component("pkg:deb/debian/openssl@3.0.11-1"), &v));
        assert!(!one.applies_to(&component("pkg:deb/debian/openssl@3.0.13-1"), &v));
        assert!(!any.applies_to(&component("pkg:deb/ubuntu/openssl@3.0.11-1"), &v));
        assert!(!any.applies_to(&component("pkg:deb/debian/libssl3@3.0.11-1"), &v));
    }

    #[test]
    fn purls_compare_in_canonical_form() {
        // The type is case-insensitive and npm names are lower-cased by the purl spec.
        let s = statement("CVE-1", ProductRef::purl("pkg:NPM/LoDash"));
        assert!(s.applies_to(&component("pkg:npm/lodash@4.17.21"), &ids(&["CVE-1"])));
    }

    #[test]
    fn statement_qualifiers_must_be_on_the_component_others_are_free() {
        let v = ids(&["CVE-1"]);
        let amd = statement("CVE-1", ProductRef::purl("pkg:deb/debian/curl?arch=amd64"));
        let plain = statement("CVE-1", ProductRef::purl("pkg:deb/debian/curl"));
        let on_amd = component("pkg:deb/debian/curl@8.0?arch=amd64&distro=debian-12");
        let on_arm = component("pkg:deb/debian/curl@8.0?arch=arm64");
        let unqualified = component("pkg:deb/debian/curl@8.0");
        assert!(amd.applies_to(&on_amd, &v));
        assert!(!amd.applies_to(&on_arm, &v));
        assert!(!amd.applies_to(&unqualified, &v));
        assert!(plain.applies_to(&on_arm, &v));
    }

    #[test]
    fn cpes_match_as_nistir_7696_says_with_the_statement_as_source() {
        let v = ids(&["CVE-1"]);
        let product = ProductRef {
            cpe: Some("cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*".into()),
            ..ProductRef::default()
        };
        let s = statement("CVE-1", product);
        let mut c = component("pkg:generic/openssl@3.0.11");
        c.cpes = vec!["cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*".into()];
        assert!(s.applies_to(&c, &v));
        c.cpes = vec!["cpe:2.3:a:openbsd:openssh:9.0:*:*:*:*:*:*:*".into()];
        assert!(!s.applies_to(&c, &v));
        // A versioned statement CPE does not cover another version.
        let pinned = ProductRef {
            cpe: Some("cpe:2.3:a:openssl:openssl:3.0.10:*:*:*:*:*:*:*".into()),
            ..ProductRef::default()
        };
        c.cpes = vec!["cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*".into()];
        assert!(!statement("CVE-1", pinned).applies_to(&c, &v));
    }

    #[test]
    fn references_match_the_bom_ref_or_spdxid_exactly() {
        let v = ids(&["CVE-1"]);
        let product = ProductRef {
            reference: Some("SPDXRef-Package-zlib".into()),
            ..ProductRef::default()
        };
        let s = statement("CVE-1", product);
        let mut c = component("pkg:generic/zlib@1.3");
        c.bom_ref = Some("SPDXRef-Package-zlib".into());
        assert!(s.applies_to(&c, &v));
        c.bom_ref = Some("SPDXRef-Package-zlib2".into());
        assert!(!s.applies_to(&c, &v));
    }

    #[test]
    fn a_subcomponent_of_the_product_matches_too() {
        let product = ProductRef {
            purl: Some("pkg:oci/router-firmware@4.2".into()),
            subcomponents: vec![ProductRef::purl("pkg:generic/busybox")],
            ..ProductRef::default()
        };
        let s = statement("CVE-1", product);
        assert!(s.applies_to(&component("pkg:generic/busybox@1.36.1"), &ids(&["CVE-1"])));
        assert!(!s.applies_to(&component("pkg:generic/dropbear@2022.83"), &ids(&["CVE-1"])));
    }

    #[test]
    fn the_latest_statement_wins_and_ties_go_to_the_later_one() {
        let c = component("pkg:generic/busybox@1.36.1");
        let v = ids(&["CVE-1"]);
        let at = |status, time: Option<&str>| {
            let mut s = statement("CVE-1", ProductRef::purl("pkg:generic/busybox"));
            s.status = status;
            s.timestamp = time.map(str::to_owned);
            s
        };
        let list = [
            at(VexStatus::Affected, Some("2024-03-01T00:00:00Z")),
            at(VexStatus::NotAffected, Some("2024-01-01T00:00:00Z")),
            at(VexStatus::Fixed, None),
        ];
        assert_eq!(
            effective(&list, &c, &v).unwrap().status,
            VexStatus::Affected
        );
        // Same instant written in another offset: a tie, the later statement wins.
        let tie = [
            at(VexStatus::Affected, Some("2024-03-01T01:00:00+01:00")),
            at(VexStatus::NotAffected, Some("2024-03-01T00:00:00Z")),
        ];
        assert_eq!(
            effective(&tie, &c, &v).unwrap().status,
            VexStatus::NotAffected
        );
        let undated = [at(VexStatus::Affected, None), at(VexStatus::Fixed, None)];
        assert_eq!(
            effective(&undated, &c, &v).unwrap().status,
            VexStatus::Fixed
        );
        assert!(effective(&list, &c, &ids(&["CVE-2"])).is_none());
    }

    #[test]
    fn a_product_limited_to_versions_applies_only_to_them() {
        use crate::vex::ProductVersion;
        let v = ids(&["CVE-1"]);
        let limited = |versions| {
            statement(
                "CVE-1",
                ProductRef {
                    versions,
                    ..ProductRef::purl("pkg:npm/lodash")
                },
            )
        };
        let one = limited(vec![ProductVersion::Exact("1.2.3".into())]);
        assert!(one.applies_to(&component("pkg:npm/lodash@1.2.3"), &v));
        assert!(!one.applies_to(&component("pkg:npm/lodash@1.2.4"), &v));
        let range = limited(vec![
            ProductVersion::range("vers:npm/>=1.2.0|<1.3.0").unwrap(),
        ]);
        assert!(range.applies_to(&component("pkg:npm/lodash@1.2.4"), &v));
        assert!(!range.applies_to(&component("pkg:npm/lodash@1.3.0"), &v));
        // The identifiers must still match: the version alone names nothing.
        assert!(!one.applies_to(&component("pkg:npm/underscore@1.2.3"), &v));
    }
}
