//! Flattening a CSAF product tree into one [`AffectedProduct`] template per product id.
//!
//! A CSAF product is named by the path of branches down to it (`vendor` → `product_family`
//! → `product_name` → `product_version` / `product_version_range`), by its
//! `full_product_name` and by identification helpers. Matching wants each product's
//! vendor, product name, version and identifiers side by side, so the tree is walked once
//! and every product id gets them:
//!
//! - the nearest `vendor` branch above it gives `vendor`; the nearest `product_name` (or,
//!   when there is none, `product_family`) gives `product_name`; a `product_version` or
//!   `product_version_range` branch gives `version` (a range branch, or a version that
//!   parses as more than one exact version, sets `version_is_range`);
//! - a product with no version branch whose full name is its product name followed by more
//!   text that parses as a version expression (`Intuition 9: < 4.21`) takes that text as its
//!   version;
//! - a relationship (`default_component_of`, `installed_on`, `installed_with`,
//!   `optional_component_of`, `external_component_of`) defines a new product id: it is the
//!   `product_reference` (the component, the thing an SBOM lists) as part of or on the
//!   `relates_to_product_reference` (the platform). It takes the component's vendor, product
//!   name, version and identifiers, and the relationship's own full name (which names both).
//!   A relationship whose category is unknown or whose references are not defined defines
//!   nothing, so statuses naming its product id are reported as unknown. Relationships may
//!   build on products other relationships define, listed in any order (chains up to
//!   `MAX_DEPTH`, 64, deep; a cycle defines nothing).
//! - product groups map a group id to its product ids; a group id listed twice (which CSAF
//!   mandatory test 6.1.5 forbids) keeps the members of both.
//!
//! This is the one reading of a product tree in Rampart: the advisory source uses the
//! product templates, and CSAF VEX (`vex/csaf_tree.rs`) turns the same flat tree into VEX
//! products, using `FlatTree::links` to tell a component inside a platform
//! (`default_component_of`…) from one merely installed on it.

use std::collections::HashMap;

pub(crate) use super::document::ProductTree;
use super::document::{Branch, FullProductName, IdentificationHelper, Relationship};
use super::version_expr::VersionExpression;
use crate::model::AffectedProduct;

/// Branch nesting and relationship chains deeper than this are not followed (serde_json's
/// recursion limit stops far deeper branches before they get here; this bounds the walk
/// itself, and the relationship chains, which JSON nesting does not bound).
pub(crate) const MAX_DEPTH: usize = 64;

/// The relationship categories of CSAF 2.0; another leaves its product undefined.
const RELATIONSHIPS: &[&str] = &[
    "default_component_of",
    "external_component_of",
    "installed_on",
    "installed_with",
    "optional_component_of",
];

/// Every product of a tree by id, and its product groups.
#[derive(Debug, Default)]
pub(crate) struct FlatTree {
    /// Product templates (status and remediations still empty), by product id.
    pub products: HashMap<String, AffectedProduct>,
    /// Product ids of each group id.
    pub groups: HashMap<String, Vec<String>>,
    /// How each product a relationship defines was built, by its product id.
    pub links: HashMap<String, Link>,
    /// The full names of the products relationships name but do not define (unknown
    /// category, undefined references, cycles), by product id: shown, never matched.
    pub undefined_names: HashMap<String, String>,
}

/// A product defined by a relationship: `component` as part of or on `platform`.
#[derive(Debug, Clone)]
pub(crate) struct Link {
    /// The relationship's category (one of the CSAF 2.0 five).
    pub category: String,
    /// `product_reference`: the component.
    pub component: String,
    /// `relates_to_product_reference`: the platform.
    pub platform: String,
    /// The CPE of the relationship's own identification helper, which names the combined
    /// product (the template's `cpe` may be the component's).
    pub own_cpe: Option<String>,
    /// The purls of the relationship's own identification helper.
    pub own_purls: Vec<String>,
}

impl Link {
    /// True when the component is a part of the platform (`default_component_of`,
    /// `optional_component_of`, `external_component_of`), false when it is only installed
    /// on or with it (`installed_on`, `installed_with`): a statement about the latter is
    /// about the component alone.
    pub fn is_part_of(&self) -> bool {
        !matches!(self.category.as_str(), "installed_on" | "installed_with")
    }
}

#[derive(Clone, Default)]
struct Path<'a> {
    vendor: Option<&'a str>,
    family: Option<&'a str>,
    product_name: Option<&'a str>,
    version: Option<(&'a str, bool)>,
}

/// Flattens `tree`.
pub(crate) fn flatten(tree: &ProductTree) -> FlatTree {
    let mut flat = FlatTree::default();
    walk(&tree.branches, &Path::default(), 0, &mut flat);
    for product in &tree.full_product_names {
        let entry = template(product, &Path::default());
        flat.products.insert(entry.product_id.clone(), entry);
    }
    for group in &tree.product_groups {
        flat.groups
            .entry(group.group_id.clone())
            .or_default()
            .extend(group.product_ids.iter().cloned());
    }
    // Relationships may refer to products defined by other relationships: each is resolved
    // once, its references first (depth-limited, so cycles and hostile chains stay bounded).
    let defined_by: HashMap<&str, &Relationship> = tree
        .relationships
        .iter()
        .map(|r| (r.full_product_name.product_id.as_str(), r))
        .collect();
    for relationship in &tree.relationships {
        if !resolve(relationship, &defined_by, 0, &mut flat) {
            let full = &relationship.full_product_name;
            flat.undefined_names
                .insert(full.product_id.clone(), full.name.clone());
        }
    }
    flat
}

/// Defines the product of `relationship` once both its references are defined (resolving
/// them first when other relationships define them); returns whether it is defined.
fn resolve(
    relationship: &Relationship,
    defined_by: &HashMap<&str, &Relationship>,
    depth: usize,
    flat: &mut FlatTree,
) -> bool {
    let full = &relationship.full_product_name;
    if flat.products.contains_key(&full.product_id) {
        return true;
    }
    if depth > MAX_DEPTH || !RELATIONSHIPS.contains(&relationship.category.as_str()) {
        return false;
    }
    for reference in [
        &relationship.product_reference,
        &relationship.relates_to_product_reference,
    ] {
        if !flat.products.contains_key(reference) {
            let Some(other) = defined_by.get(reference.as_str()) else {
                return false;
            };
            if !resolve(other, defined_by, depth + 1, flat) {
                return false;
            }
        }
    }
    let Some(component) = flat.products.get(&relationship.product_reference) else {
        return false;
    };
    let mut product = component.clone();
    product.product_id.clone_from(&full.product_id);
    product.full_name.clone_from(&full.name);
    let mut link = Link {
        category: relationship.category.clone(),
        component: relationship.product_reference.clone(),
        platform: relationship.relates_to_product_reference.clone(),
        own_cpe: None,
        own_purls: Vec::new(),
    };
    if let Some(helper) = &full.product_identification_helper {
        add_helpers(&mut product, helper);
        link.own_cpe.clone_from(&helper.cpe);
        link.own_purls = helper.purl.iter().chain(&helper.purls).cloned().collect();
    }
    flat.products.insert(full.product_id.clone(), product);
    flat.links.insert(full.product_id.clone(), link);
    true
}

fn walk<'a>(branches: &'a [Branch], path: &Path<'a>, depth: usize, flat: &mut FlatTree) {
    if depth > MAX_DEPTH {
        return;
    }
    for branch in branches {
        let mut path = path.clone();
        let name = branch.name.as_str();
        match branch.category.as_str() {
            "vendor" => path.vendor = Some(name),
            "product_family" => path.family = Some(name),
            "product_name" => path.product_name = Some(name),
            "product_version" => path.version = Some((name, false)),
            "product_version_range" => path.version = Some((name, true)),
            _ => {}
        }
        if let Some(product) = &branch.product {
            let entry = template(product, &path);
            flat.products.insert(entry.product_id.clone(), entry);
        }
        walk(&branch.branches, &path, depth + 1, flat);
    }
}

fn template(product: &FullProductName, path: &Path<'_>) -> AffectedProduct {
    let product_name = path.product_name.or(path.family).map(str::to_owned);
    let mut version = path
        .version
        .map(|(text, range)| (text.trim().to_owned(), range));
    if version.is_none() {
        version =
            version_in_full_name(&product.name, product_name.as_deref()).map(|text| (text, false));
    }
    let version_is_range = version
        .as_ref()
        .is_some_and(|(text, range)| *range || VersionExpression::parse(text).is_range());
    let mut entry = AffectedProduct {
        product_id: product.product_id.clone(),
        vendor: path.vendor.map(str::to_owned),
        product_name,
        full_name: product.name.clone(),
        version: version.map(|(text, _)| text),
        version_is_range,
        ..AffectedProduct::default()
    };
    if let Some(helper) = &product.product_identification_helper {
        add_helpers(&mut entry, helper);
    }
    entry
}

fn add_helpers(entry: &mut AffectedProduct, helper: &IdentificationHelper) {
    if helper.cpe.is_some() {
        entry.cpe.clone_from(&helper.cpe);
    }
    for purl in helper.purl.iter().chain(&helper.purls) {
        if !entry.purls.contains(purl) {
            entry.purls.push(purl.clone());
        }
    }
    entry
        .model_numbers
        .extend(helper.model_numbers.iter().cloned());
    entry.skus.extend(helper.skus.iter().cloned());
}

/// The text after the product name in a full name, when it parses as a version expression:
/// `Intuition 9: < 4.21` with product name `Intuition 9` gives `< 4.21`.
fn version_in_full_name(full_name: &str, product_name: Option<&str>) -> Option<String> {
    let product_name = product_name?;
    let rest = full_name
        .get(..product_name.len())
        .filter(|head| head.eq_ignore_ascii_case(product_name))
        .map(|_| &full_name[product_name.len()..])?;
    let rest = rest.trim_start_matches([':', ' ', '-', ',']).trim();
    if rest.is_empty() || !VersionExpression::parse(rest).is_structured() {
        return None;
    }
    Some(rest.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(json: &str) -> FlatTree {
        flatten(&serde_json::from_str(json).unwrap())
    }

    #[test]
    fn branch_path_gives_vendor_product_and_version() {
        let flat = tree(
            r#"{"branches":[{"category":"vendor","name":"Walchem","branches":[
                {"category":"product_name","name":"Intuition 9","branches":[
                  {"category":"product_version_range","name":"< 4.21",
                   "product":{"name":"Intuition 9: < 4.21","product_id":"P1",
                     "product_identification_helper":{"model_numbers":["I9"]}}}]}]}]}"#,
        );
        let product = &flat.products["P1"];
        assert_eq!(product.vendor.as_deref(), Some("Walchem"));
        assert_eq!(product.product_name.as_deref(), Some("Intuition 9"));
        assert_eq!(product.version.as_deref(), Some("< 4.21"));
        assert!(product.version_is_range);
        assert_eq!(product.model_numbers, ["I9"]);
    }

    #[test]
    fn family_stands_in_for_a_missing_product_name() {
        let flat = tree(
            r#"{"branches":[{"category":"vendor","name":"Siemens","branches":[
                {"category":"product_family","name":"SIMATIC S7-1500","branches":[
                  {"category":"product_version","name":"V2.9.4",
                   "product":{"name":"S7-1500 V2.9.4","product_id":"P1"}}]}]}]}"#,
        );
        let product = &flat.products["P1"];
        assert_eq!(product.product_name.as_deref(), Some("SIMATIC S7-1500"));
        assert!(!product.version_is_range);
    }

    #[test]
    fn text_in_a_version_branch_is_no_range() {
        // Red Hat writes package names in product_version branches.
        let flat = tree(
            r#"{"branches":[{"category":"vendor","name":"Red Hat","branches":[
                {"category":"product_version","name":"openssl-1:1.1.1g-15.el8_3",
                 "product":{"name":"openssl-1:1.1.1g-15.el8_3","product_id":"P1"}}]}]}"#,
        );
        assert!(!flat.products["P1"].version_is_range);
    }

    #[test]
    fn version_is_taken_from_the_full_name_after_the_product_name() {
        let flat = tree(
            r#"{"branches":[{"category":"vendor","name":"Walchem","branches":[
                {"category":"product_name","name":"Intuition 9",
                 "product":{"name":"Intuition 9: < 4.21","product_id":"P1"}}]}]}"#,
        );
        assert_eq!(flat.products["P1"].version.as_deref(), Some("< 4.21"));
    }

    #[test]
    fn relationships_take_the_component_identity() {
        let flat = tree(
            r#"{"branches":[{"category":"vendor","name":"Red Hat","branches":[
                 {"category":"product_name","name":"openssl","branches":[
                   {"category":"product_version","name":"1.1.1g",
                    "product":{"name":"openssl-1.1.1g","product_id":"openssl-1.1.1g",
                      "product_identification_helper":{"purl":"pkg:rpm/redhat/openssl@1.1.1g"}}}]},
                 {"category":"product_name","name":"Red Hat Enterprise Linux 8",
                  "product":{"name":"RHEL 8","product_id":"rhel8"}}]}],
               "relationships":[{"category":"default_component_of",
                 "product_reference":"openssl-1.1.1g","relates_to_product_reference":"rhel8",
                 "full_product_name":{"name":"RHEL 8: openssl-1.1.1g","product_id":"rhel8:openssl"}}],
               "product_groups":[{"group_id":"G1","product_ids":["rhel8:openssl","rhel8"]}]}"#,
        );
        let product = &flat.products["rhel8:openssl"];
        assert_eq!(product.product_name.as_deref(), Some("openssl"));
        assert_eq!(product.version.as_deref(), Some("1.1.1g"));
        assert_eq!(product.purls, ["pkg:rpm/redhat/openssl@1.1.1g"]);
        assert_eq!(product.full_name, "RHEL 8: openssl-1.1.1g");
        assert_eq!(flat.groups["G1"].len(), 2);
    }

    /// VEX reading kept the members of a group id listed twice; the advisory source kept
    /// only the last list. Both now keep both (mandatory test 6.1.5 forbids the duplicate,
    /// but a reader loses nothing by merging).
    #[test]
    fn a_group_id_listed_twice_keeps_the_members_of_both() {
        let flat = tree(
            r#"{"full_product_names":[{"name":"a","product_id":"A"},{"name":"b","product_id":"B"}],
               "product_groups":[{"group_id":"G","product_ids":["A"]},
                                 {"group_id":"G","product_ids":["B"]}]}"#,
        );
        assert_eq!(flat.groups["G"], ["A", "B"]);
    }

    /// VEX reading accepted branches without `category` or `name`; the advisory source
    /// refused the whole document. Both now read the products below such a branch.
    #[test]
    fn a_branch_without_category_or_name_still_gives_its_products() {
        let flat = tree(
            r#"{"branches":[{"branches":[{"category":"product_version","name":"1.0",
                 "product":{"name":"Router 1.0","product_id":"R1"}}]}]}"#,
        );
        assert_eq!(flat.products["R1"].version.as_deref(), Some("1.0"));
    }

    #[test]
    fn relationships_record_their_link_and_undefined_ones_their_name() {
        let flat = tree(
            r#"{"full_product_names":[{"name":"lib","product_id":"lib"},
                 {"name":"os","product_id":"os"}],
               "relationships":[
                 {"category":"default_component_of","product_reference":"lib",
                  "relates_to_product_reference":"os",
                  "full_product_name":{"name":"lib in os","product_id":"os:lib",
                    "product_identification_helper":{"purl":"pkg:generic/os-lib@1"}}},
                 {"category":"installed_on","product_reference":"lib",
                  "relates_to_product_reference":"missing",
                  "full_product_name":{"name":"lib on nothing","product_id":"x:lib"}}]}"#,
        );
        let link = &flat.links["os:lib"];
        assert!(link.is_part_of());
        assert_eq!(
            (link.component.as_str(), link.platform.as_str()),
            ("lib", "os")
        );
        assert_eq!(link.own_purls, ["pkg:generic/os-lib@1"]);
        assert_eq!(flat.undefined_names["x:lib"], "lib on nothing");
        assert!(!flat.products.contains_key("x:lib"));
    }

    #[test]
    fn relationships_resolve_in_any_order_and_cycles_define_nothing() {
        let relationship = |id: &str, component: &str, platform: &str| {
            format!(
                r#"{{"category":"installed_on","product_reference":"{component}",
                    "relates_to_product_reference":"{platform}",
                    "full_product_name":{{"name":"{id}","product_id":"{id}"}}}}"#
            )
        };
        let flat = tree(&format!(
            r#"{{"full_product_names":[{{"name":"lib","product_id":"lib"}},
                 {{"name":"os","product_id":"os"}}],
               "relationships":[{},{},{},{}]}}"#,
            // `outer` is listed before the `inner` it builds on.
            relationship("outer", "inner", "os"),
            relationship("inner", "lib", "os"),
            relationship("a", "b", "os"),
            relationship("b", "a", "os"),
        ));
        assert_eq!(flat.products["outer"].full_name, "outer");
        assert!(flat.products.contains_key("inner"));
        assert!(!flat.products.contains_key("a") && !flat.products.contains_key("b"));
    }
}
