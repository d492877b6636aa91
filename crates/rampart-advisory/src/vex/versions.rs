//! Statements limited to some versions of a product: CycloneDX `affects[].versions[]`, each
//! a `version` or a `vers:` `range` (<https://github.com/package-url/vers-spec>).
//!
//! A product with versions matches a component only when the component's version (its
//! `version`, else its purl's version) is one of them: equal to an exact version as
//! written, or inside a range by the `vers` containment algorithm of `rampart-version`. A
//! component without a version, or whose version the range's scheme cannot read, is not
//! covered: a statement limited to some versions says nothing about an unknown one. A range
//! whose own versions its scheme refuses is evaluated in the generic order
//! ([`ProductVersion::range`]).
//!
//! OpenVEX and CSAF (as written) have no version constraint on a product, so their writers
//! narrow such a product to identifiers instead ([`ProductRef::without_versions`]): an exact
//! version of a product with a versionless purl becomes that purl at the version; a range,
//! or a version without such a purl, cannot be said and is left out, because writing the
//! product without it would widen the statement to every version.

use rampart_sbom::purl::PurlParts;
use rampart_sbom::{Component, Purl};
use rampart_version::vers::{Vers, VersError};
use serde::{Deserialize, Serialize};

use super::ProductRef;

/// One version, or range of versions, of a product a statement is limited to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductVersion {
    /// One version, compared as written.
    Exact(String),
    /// A `vers:` range: in canonical form when its scheme accepts its versions, else as
    /// written (see [`ProductVersion::range`]).
    Range(String),
}

impl ProductVersion {
    /// A range read from `vers:` text, checked and brought to canonical form (constraints
    /// sorted). A range whose syntax is right but whose versions its scheme refuses is kept
    /// as written and evaluated in the `generic` order: the CycloneDX specification's own
    /// example writes jackson-databind's four-part versions as `vers:semver/<2.6.7.5`, and
    /// the generic order reads dotted numbers as their author meant. Bad syntax and
    /// unknown schemes are errors.
    pub fn range(text: &str) -> Result<ProductVersion, VersError> {
        evaluable(text)?;
        let canonical = Vers::normalise(text).map_or_else(|_| text.to_owned(), |v| v.to_string());
        Ok(ProductVersion::Range(canonical))
    }

    /// Whether `version` is this version or inside this range.
    pub fn covers(&self, version: &str) -> bool {
        match self {
            ProductVersion::Exact(exact) => exact == version,
            ProductVersion::Range(range) => evaluable(range)
                .and_then(|vers| vers.contains(version))
                .unwrap_or(false),
        }
    }
}

/// The range `text` as evaluated: in its own scheme, or in the generic order when that
/// scheme refuses one of its versions ([`ProductVersion::range`]).
fn evaluable(text: &str) -> Result<Vers, VersError> {
    match Vers::normalise(text) {
        Err(error @ VersError::Version(_)) => {
            let constraints = text
                .strip_prefix("vers:")
                .and_then(|rest| rest.split_once('/'))
                .map(|(_, constraints)| constraints);
            constraints
                .and_then(|c| Vers::normalise(&format!("vers:generic/{c}")).ok())
                .ok_or(error)
        }
        other => other,
    }
}

/// The version of `component`: its own, else its purl's.
pub(crate) fn version_of(component: &Component) -> Option<String> {
    if let Some(v) = component.version.as_deref().filter(|v| !v.is_empty()) {
        return Some(v.to_owned());
    }
    let purl = Purl::parse(component.purl.as_deref()?).ok()?;
    purl.version().map(str::to_owned)
}

impl ProductRef {
    /// Whether the version of `component` is one this product is limited to (always, when
    /// it is not limited).
    pub fn covers_version_of(&self, component: &Component) -> bool {
        if self.versions.is_empty() {
            return true;
        }
        version_of(component).is_some_and(|v| self.versions.iter().any(|pv| pv.covers(&v)))
    }

    /// The products that say what this one says without a version constraint, for formats
    /// that have none (module doc): itself when it has no versions, else one product per
    /// exact version it can name by a versioned purl.
    pub fn without_versions(&self) -> Vec<ProductRef> {
        if self.versions.is_empty() {
            return vec![self.clone()];
        }
        let Some(purl) = self.purl.as_deref().and_then(|p| Purl::parse(p).ok()) else {
            return Vec::new();
        };
        let mut out: Vec<ProductRef> = Vec::new();
        for v in &self.versions {
            let ProductVersion::Exact(version) = v else {
                continue;
            };
            let narrowed = match purl.version() {
                Some(own) if own == version => Some(ProductRef {
                    versions: Vec::new(),
                    ..self.clone()
                }),
                Some(_) => None,
                None => with_version(&purl, version).map(|p| ProductRef {
                    purl: Some(p),
                    cpe: None,
                    reference: None,
                    name: self.name.clone(),
                    subcomponents: self.subcomponents.clone(),
                    versions: Vec::new(),
                }),
            };
            if let Some(p) = narrowed
                && !out.contains(&p)
            {
                out.push(p);
            }
        }
        out
    }
}

/// The canonical text of `purl` at `version`, `None` when the purl spec refuses it.
fn with_version(purl: &Purl, version: &str) -> Option<String> {
    let parts = PurlParts {
        ty: purl.ty().to_owned(),
        namespace: purl.namespace().map(str::to_owned),
        name: purl.name().to_owned(),
        version: Some(version.to_owned()),
        qualifiers: purl
            .qualifiers()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        subpath: purl.subpath().map(str::to_owned),
    };
    Purl::from_parts(&parts).ok().map(|p| p.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn component(purl: &str) -> Component {
        Component {
            name: "c".into(),
            purl: Some(purl.into()),
            ..Component::default()
        }
    }

    fn limited(purl: &str, versions: Vec<ProductVersion>) -> ProductRef {
        ProductRef {
            versions,
            ..ProductRef::purl(purl)
        }
    }

    #[test]
    fn an_exact_version_covers_only_itself() {
        let p = limited(
            "pkg:npm/lodash",
            vec![ProductVersion::Exact("1.2.3".into())],
        );
        assert!(p.covers_version_of(&component("pkg:npm/lodash@1.2.3")));
        assert!(!p.covers_version_of(&component("pkg:npm/lodash@1.2.4")));
        assert!(
            !p.covers_version_of(&component("pkg:npm/lodash")),
            "no version"
        );
    }

    #[test]
    fn a_range_covers_the_versions_inside_it_by_its_schemes_order() {
        let range = ProductVersion::range("vers:npm/<1.10.0|>=1.2.0").unwrap();
        assert_eq!(
            range,
            ProductVersion::Range("vers:npm/>=1.2.0|<1.10.0".into())
        );
        let p = limited("pkg:npm/lodash", vec![range]);
        assert!(p.covers_version_of(&component("pkg:npm/lodash@1.2.4")));
        assert!(p.covers_version_of(&component("pkg:npm/lodash@1.9.0")));
        // Compared as text, 1.10.0 would sort before 1.2.0.
        assert!(!p.covers_version_of(&component("pkg:npm/lodash@1.10.0")));
        assert!(!p.covers_version_of(&component("pkg:npm/lodash@1.1.9")));
        // A version the scheme cannot read is not covered.
        assert!(!p.covers_version_of(&component("pkg:npm/lodash@not-a-version")));
    }

    #[test]
    fn the_components_own_version_wins_over_its_purls() {
        let p = limited(
            "pkg:npm/lodash",
            vec![ProductVersion::Exact("2.0.0".into())],
        );
        let mut c = component("pkg:npm/lodash@1.0.0");
        c.version = Some("2.0.0".into());
        assert!(p.covers_version_of(&c));
    }

    #[test]
    fn an_unlimited_product_covers_every_version() {
        assert!(ProductRef::purl("pkg:npm/lodash").covers_version_of(&component("pkg:npm/x")));
    }

    #[test]
    fn a_bad_range_is_refused() {
        assert!(ProductVersion::range("vers:npm/>=x|").is_err());
        assert!(ProductVersion::range("1.2.3").is_err());
        assert!(ProductVersion::range("vers:nosuch/1.0").is_err());
        assert!(ProductVersion::range("vers:npm/>=1.0.0|<<2").is_err());
    }

    /// The CycloneDX spec's `valid-vulnerability-1.6.json` writes `vers:semver/<2.6.7.5`.
    #[test]
    fn a_range_its_scheme_refuses_is_kept_and_read_in_the_generic_order() {
        let range = ProductVersion::range("vers:semver/<2.6.7.5").unwrap();
        assert_eq!(range, ProductVersion::Range("vers:semver/<2.6.7.5".into()));
        assert!(range.covers("2.6.7.4"));
        assert!(range.covers("2.6.7"));
        assert!(!range.covers("2.6.7.5"));
        assert!(!range.covers("2.10.0"));
    }

    #[test]
    fn without_versions_names_exact_versions_by_purl_and_drops_ranges() {
        let p = ProductRef {
            reference: Some("lodash-ref".into()),
            cpe: Some("cpe:2.3:a:lodash:lodash:*:*:*:*:*:*:*:*".into()),
            ..limited(
                "pkg:npm/lodash",
                vec![
                    ProductVersion::Exact("1.2.3".into()),
                    ProductVersion::range("vers:npm/>=2.0.0").unwrap(),
                ],
            )
        };
        let out = p.without_versions();
        assert_eq!(out, [ProductRef::purl("pkg:npm/lodash@1.2.3")]);
        let pinned = limited(
            "pkg:npm/lodash@1.2.3",
            vec![ProductVersion::Exact("1.2.4".into())],
        );
        assert!(pinned.without_versions().is_empty());
        let same = limited(
            "pkg:npm/lodash@1.2.3",
            vec![ProductVersion::Exact("1.2.3".into())],
        );
        assert_eq!(
            same.without_versions(),
            [ProductRef::purl("pkg:npm/lodash@1.2.3")]
        );
        let unlimited = ProductRef::purl("pkg:npm/lodash");
        assert_eq!(
            unlimited.without_versions(),
            std::slice::from_ref(&unlimited)
        );
    }
}
