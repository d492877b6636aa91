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

use super::ProductRef;
use super::json::{valid_cpe, valid_purl};
use crate::model::AffectedProduct;
use crate::sources::csaf::product_tree::{FlatTree, MAX_DEPTH, ProductTree, flatten};

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

/// A product as VEX names it: its first valid purl, its CPE and its full name.
fn leaf(p: &AffectedProduct) -> ProductRef {
    ProductRef {
        purl: p.purls.iter().find_map(|u| valid_purl(Some(u))),
        cpe: valid_cpe(p.cpe.as_deref()),
        reference: None,
        name: Some(p.full_name.clone()),
        subcomponents: Vec::new(),
        versions: Vec::new(),
    }
}
