//! The CSAF product tree as VEX needs it: each product id as a [`ProductRef`] (the purl, CPE
//! and name of its `product_identification_helper`), and product ids to the product groups
//! they are in.
//!
//! The tree itself is read and resolved once, by the CSAF advisory source's
//! [`flatten`](crate::sources::csaf::product_tree) (branches, full product names,
//! relationships in any order, groups), so VEX and advisory import see the same products.
//! What is VEX's own is the shape of a product made by a relationship:
//!
//! - `installed_on` / `installed_with` ("A installed on B"): the statement is about A; B is a
//!   platform, not a part. The product is A's identity under the relationship's name.
//! - the `*_component_of` categories: the product is the platform B under the relationship's
//!   name, with A as its one subcomponent; the relationship's own helper (which names the
//!   combined product) overrides B's purl and CPE. One level deep: a platform or component
//!   that is itself made by a relationship contributes its identity only, so a chain of
//!   relationships cannot double the product's size at each level.
//!
//! Purls and CPEs are normalised; a broken one is dropped (the product keeps its name and
//! other identifier) rather than refusing the document.

use std::collections::HashMap;

use rampart_sbom::cpe::Value;

use super::json::{valid_cpe, valid_purl};
use super::{ProductRef, ProductVersion};
use crate::model::AffectedProduct;
use crate::sources::csaf::product_tree::{FlatTree, MAX_DEPTH, ProductTree, flatten};
use crate::sources::csaf::version_expr::{Bound, VersionExpression};

/// Product ids resolved to products, and product ids to their groups.
pub(super) struct Products {
    flat: FlatTree,
    /// For each product id, the groups it is in.
    groups_of: HashMap<String, Vec<String>>,
}

impl Products {
    /// Resolves every product of `tree`.
    pub(super) fn new(tree: &ProductTree) -> Products {
        let flat = flatten(tree);
        let mut groups_of: HashMap<String, Vec<String>> = HashMap::new();
        for (group, members) in &flat.groups {
            for p in members {
                let groups = groups_of.entry(p.clone()).or_default();
                if !groups.contains(group) {
                    groups.push(group.clone());
                }
            }
        }
        // Group order follows the map's; sorted, so a product's groups are deterministic.
        for groups in groups_of.values_mut() {
            groups.sort_unstable();
        }
        Products { flat, groups_of }
    }

    /// The product with id `id`; an id the tree does not define is kept as a name only (a
    /// relationship's full name where one names it), so it is shown but never matched.
    pub(super) fn resolve(&self, id: &str) -> ProductRef {
        let Some(product) = self.flat.products.get(id) else {
            let name = self.flat.undefined_names.get(id).map_or(id, String::as_str);
            return ProductRef {
                name: Some(name.to_owned()),
                ..ProductRef::default()
            };
        };
        match self.flat.links.get(id) {
            Some(link) if link.is_part_of() => ProductRef {
                subcomponents: vec![self.identity(&link.component)],
                ..self.identity(id)
            },
            _ => leaf(product),
        }
    }

    /// The product with id `id` without subcomponents: for a product a `*_component_of`
    /// relationship makes, the platform's identifiers (followed down a chain of such
    /// relationships, each relationship's own helper taking precedence) under its own name.
    fn identity(&self, id: &str) -> ProductRef {
        let Some(product) = self.flat.products.get(id) else {
            return ProductRef::default();
        };
        let mut identity = ProductRef {
            name: Some(product.full_name.clone()),
            ..ProductRef::default()
        };
        let mut at = id;
        // The chains were built at most MAX_DEPTH deep; the bound only guards the loop.
        for _ in 0..=MAX_DEPTH {
            let Some(product) = self.flat.products.get(at) else {
                break;
            };
            match self.flat.links.get(at) {
                Some(link) if link.is_part_of() => {
                    if identity.purl.is_none() {
                        identity.purl = link.own_purls.iter().find_map(|p| valid_purl(Some(p)));
                    }
                    if identity.cpe.is_none() {
                        identity.cpe = valid_cpe(link.own_cpe.as_deref());
                    }
                    at = &link.platform;
                }
                _ => {
                    let platform = leaf(product);
                    identity.purl = identity.purl.or(platform.purl);
                    identity.cpe = identity.cpe.or(platform.cpe);
                    break;
                }
            }
        }
        identity
    }

    /// The ids of the product groups `id` is in.
    pub(super) fn groups_of(&self, id: &str) -> &[String] {
        self.groups_of.get(id).map_or(&[], Vec::as_slice)
    }
}

/// A product as VEX names it: its first valid purl, its CPE and its full name, limited to
/// the versions its version branch names when neither identifier names one (a
/// `pkg:npm/left` helper under a `product_version_range` of `vers:npm/<2.0.0` is left-pad
/// below 2.0.0, not every left-pad).
fn leaf(p: &AffectedProduct) -> ProductRef {
    let purl = p.purls.iter().find_map(|u| valid_purl(Some(u)));
    let cpe = valid_cpe(p.cpe.as_deref());
    let purl_has_version = purl
        .as_deref()
        .and_then(|u| rampart_sbom::Purl::parse(u).ok())
        .is_some_and(|u| u.version().is_some());
    let cpe_has_version = cpe
        .as_deref()
        .and_then(|c| rampart_sbom::Cpe::parse(c).ok())
        .is_some_and(|c| !matches!(c.version(), Value::Any));
    let versions = match &p.version {
        Some(text) if !purl_has_version && !cpe_has_version => {
            versions_of(text, p.version_is_range)
        }
        _ => Vec::new(),
    };
    ProductRef {
        purl,
        cpe,
        reference: None,
        name: Some(p.full_name.clone()),
        subcomponents: Vec::new(),
        versions,
    }
}

/// The versions a CSAF version branch names, as VEX version constraints: a `vers:` range as
/// it is; a vendor expression (`<V4.5`, `V3.0 to V3.2`, `1.0 | 2.0`) as `vers:generic`
/// ranges, the order CSAF matching reads those expressions in; one version as written.
/// `All versions` is no constraint. An expression that cannot be read, or not written as a
/// range, stays one version compared as written, which no real version equals: a statement
/// (`known_not_affected` above all) is narrowed to nothing rather than widened to every
/// version.
fn versions_of(text: &str, is_range: bool) -> Vec<ProductVersion> {
    let as_written = || vec![ProductVersion::Exact(text.trim().to_owned())];
    if text.trim_start().starts_with("vers:") {
        return ProductVersion::range(text.trim()).map_or_else(|_| as_written(), |r| vec![r]);
    }
    if !is_range {
        return as_written();
    }
    let mut out = Vec::new();
    if from_expression(&VersionExpression::parse(text), &mut out) {
        out
    } else {
        as_written()
    }
}

/// Adds the constraints of `expression` to `out`; false when one cannot be written.
fn from_expression(expression: &VersionExpression, out: &mut Vec<ProductVersion>) -> bool {
    match expression {
        // No constraint: any version. Only a whole expression can say so; a union with
        // `All` in it is all versions too, which an empty list says.
        VersionExpression::All => {
            out.clear();
            true
        }
        VersionExpression::Exact(v) => {
            out.push(ProductVersion::Exact(v.clone()));
            true
        }
        VersionExpression::Interval(interval) => {
            let bound = |b: &Option<Bound>, inclusive: &str, exclusive: &str| {
                b.as_ref().map(|b| {
                    let op = if b.inclusive { inclusive } else { exclusive };
                    format!(
                        "{op}{}",
                        b.version.split_whitespace().collect::<Vec<_>>().join("_")
                    )
                })
            };
            let constraints: Vec<String> = [
                bound(&interval.lower, ">=", ">"),
                bound(&interval.upper, "<=", "<"),
            ]
            .into_iter()
            .flatten()
            .collect();
            if constraints.is_empty() {
                out.clear();
                return true;
            }
            match ProductVersion::range(&format!("vers:generic/{}", constraints.join("|"))) {
                Ok(range) => {
                    out.push(range);
                    true
                }
                Err(_) => false,
            }
        }
        VersionExpression::AnyOf(parts) => {
            for part in parts {
                if matches!(part, VersionExpression::All) {
                    out.clear();
                    return true;
                }
                if !from_expression(part, out) {
                    return false;
                }
            }
            true
        }
        VersionExpression::Text(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use rampart_sbom::Component;

    use crate::vex::{ProductVersion, VexStatement};

    /// A CSAF VEX document saying `known_not_affected` for one product: a purl helper
    /// `purl` under a version branch `category` named `version`.
    fn statement(purl: &str, category: &str, version: &str) -> VexStatement {
        let doc = serde_json::json!({
          "document": {"category": "csaf_vex", "csaf_version": "2.0",
            "publisher": {"category": "vendor", "name": "Example", "namespace": "https://example.com"},
            "title": "t",
            "tracking": {"id": "EX-1", "current_release_date": "2024-01-01T00:00:00Z",
              "initial_release_date": "2024-01-01T00:00:00Z", "status": "final", "version": "1",
              "revision_history": []}},
          "product_tree": {"branches": [{"category": "vendor", "name": "Example", "branches": [
            {"category": "product_name", "name": "left", "branches": [
              {"category": category, "name": version,
               "product": {"name": "left", "product_id": "P",
                 "product_identification_helper": {"purl": purl}}}]}]}]},
          "vulnerabilities": [{"cve": "CVE-2024-0001",
            "product_status": {"known_not_affected": ["P"]},
            "flags": [{"label": "vulnerable_code_not_present", "product_ids": ["P"]}]}]
        });
        let bytes = serde_json::to_vec(&doc).unwrap();
        let mut read = crate::vex::csaf::read("vex.json", &bytes).unwrap();
        read.statements.remove(0)
    }

    fn covers(statement: &VexStatement, version: &str) -> bool {
        let component = Component {
            name: "left".to_owned(),
            version: Some(version.to_owned()),
            purl: Some(format!("pkg:npm/left@{version}")),
            ..Component::default()
        };
        statement.products.iter().any(|p| p.matches(&component))
    }

    #[test]
    fn a_product_version_limits_a_versionless_purl_to_that_version() {
        let s = statement("pkg:npm/left", "product_version", "1.0.0");
        assert_eq!(
            s.products[0].versions,
            [ProductVersion::Exact("1.0.0".into())]
        );
        assert!(covers(&s, "1.0.0"));
        assert!(!covers(&s, "2.0.0"));
    }

    #[test]
    fn a_vers_range_limits_the_product_to_the_range() {
        let s = statement(
            "pkg:npm/left",
            "product_version_range",
            "vers:npm/>=1.0.0|<2.0.0",
        );
        assert!(covers(&s, "1.5.0"));
        assert!(!covers(&s, "2.1.0"));
        assert!(!covers(&s, "0.9.0"));
    }

    #[test]
    fn a_vendor_expression_becomes_a_generic_range() {
        let s = statement("pkg:npm/left", "product_version_range", "<V4.5");
        assert_eq!(
            s.products[0].versions,
            [ProductVersion::range("vers:generic/<V4.5").unwrap()]
        );
        assert!(covers(&s, "4.4.9"));
        assert!(!covers(&s, "4.5"));
        let s = statement("pkg:npm/left", "product_version_range", "V3.0 to V3.2");
        assert!(covers(&s, "3.1"));
        assert!(!covers(&s, "3.3"));
        let s = statement("pkg:npm/left", "product_version_range", "1.0.0 | 2.0.0");
        assert!(covers(&s, "2.0.0"));
        assert!(!covers(&s, "1.5.0"));
    }

    #[test]
    fn all_versions_is_no_limit_and_unreadable_text_covers_nothing() {
        let s = statement("pkg:npm/left", "product_version_range", "All versions");
        assert!(s.products[0].versions.is_empty());
        assert!(covers(&s, "9.9.9"));
        let s = statement(
            "pkg:npm/left",
            "product_version_range",
            "see the vendor's page",
        );
        assert!(!covers(&s, "1.0.0"));
        assert!(!covers(&s, "9.9.9"));
    }

    #[test]
    fn a_purl_with_its_own_version_needs_no_other_limit() {
        let s = statement("pkg:npm/left@1.0.0", "product_version", "1.0.0");
        assert!(s.products[0].versions.is_empty());
        assert!(covers(&s, "1.0.0"));
        assert!(!covers(&s, "2.0.0"));
    }
}
