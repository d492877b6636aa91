//! The CSAF product tree, as far as VEX needs it: each product id resolved to the purl, CPE
//! and name of its `product_identification_helper`, relationships to a product with a
//! subcomponent, and product ids to the product groups they are in.
//!
//! The CSAF advisory source (src/sources/csaf/) resolves product ids too, for advisories;
//! the two are to be unified once both are merged.

use std::collections::HashMap;

use serde::Deserialize;

use super::ProductRef;
use super::json::{valid_cpe, valid_purl};

#[derive(Deserialize, Default)]
pub(super) struct RawTree {
    #[serde(default)]
    branches: Vec<Branch>,
    #[serde(default)]
    full_product_names: Vec<FullProductName>,
    #[serde(default)]
    relationships: Vec<Relationship>,
    #[serde(default)]
    product_groups: Vec<ProductGroup>,
}

#[derive(Deserialize)]
struct Branch {
    #[serde(default)]
    branches: Vec<Branch>,
    product: Option<FullProductName>,
}

#[derive(Deserialize)]
struct FullProductName {
    name: String,
    product_id: String,
    product_identification_helper: Option<Helper>,
}

#[derive(Deserialize)]
struct Helper {
    purl: Option<String>,
    cpe: Option<String>,
}

#[derive(Deserialize)]
struct Relationship {
    category: String,
    product_reference: String,
    relates_to_product_reference: String,
    full_product_name: FullProductName,
}

#[derive(Deserialize)]
struct ProductGroup {
    group_id: String,
    product_ids: Vec<String>,
}

/// Product ids resolved to products, and group ids to product ids.
pub(super) struct Products {
    by_id: HashMap<String, ProductRef>,
    /// For each product id, the groups it is in.
    groups_of: HashMap<String, Vec<String>>,
}

impl Products {
    /// Resolves every product of `tree`.
    pub(super) fn new(tree: RawTree) -> Products {
        let mut by_id = HashMap::new();
        let mut stack: Vec<Branch> = tree.branches;
        // Iterative: branch depth is bounded only by the JSON nesting limit.
        while let Some(branch) = stack.pop() {
            if let Some(p) = branch.product {
                by_id.insert(p.product_id.clone(), leaf(p));
            }
            stack.extend(branch.branches);
        }
        for p in tree.full_product_names {
            by_id.insert(p.product_id.clone(), leaf(p));
        }
        for r in tree.relationships {
            // One level deep: a relationship over relationships would otherwise double in
            // size at each level (a hostile tree of 100 of them would not fit in memory).
            let part = by_id.get(&r.product_reference).map(without_subcomponents);
            let whole = by_id
                .get(&r.relates_to_product_reference)
                .map(without_subcomponents);
            let combined = match (r.category.as_str(), part, whole) {
                // "A installed on B": the statement is about A; B is a platform, not a part.
                ("installed_on" | "installed_with", Some(part), _) => ProductRef {
                    name: Some(r.full_product_name.name.clone()),
                    ..part
                },
                (_, Some(part), Some(whole)) => ProductRef {
                    name: Some(r.full_product_name.name.clone()),
                    subcomponents: vec![part],
                    ..whole
                },
                _ => leaf(r.full_product_name.clone_shallow()),
            };
            by_id.insert(r.full_product_name.product_id, combined);
        }
        let mut groups_of: HashMap<String, Vec<String>> = HashMap::new();
        for g in tree.product_groups {
            for p in g.product_ids {
                groups_of.entry(p).or_default().push(g.group_id.clone());
            }
        }
        Products { by_id, groups_of }
    }

    /// The product with id `id`; an id the tree does not define is kept as a name only, so
    /// it is shown but never matched.
    pub(super) fn resolve(&self, id: &str) -> ProductRef {
        self.by_id.get(id).cloned().unwrap_or_else(|| ProductRef {
            name: Some(id.to_owned()),
            ..ProductRef::default()
        })
    }

    /// The ids of the product groups `id` is in.
    pub(super) fn groups_of(&self, id: &str) -> &[String] {
        self.groups_of.get(id).map_or(&[], Vec::as_slice)
    }
}

fn without_subcomponents(p: &ProductRef) -> ProductRef {
    ProductRef {
        purl: p.purl.clone(),
        cpe: p.cpe.clone(),
        reference: p.reference.clone(),
        name: p.name.clone(),
        subcomponents: Vec::new(),
    }
}

impl FullProductName {
    fn clone_shallow(&self) -> FullProductName {
        FullProductName {
            name: self.name.clone(),
            product_id: self.product_id.clone(),
            product_identification_helper: None,
        }
    }
}

fn leaf(p: FullProductName) -> ProductRef {
    let helper = p.product_identification_helper;
    let (purl, cpe) = match helper {
        Some(h) => (valid_purl(h.purl.as_deref()), valid_cpe(h.cpe.as_deref())),
        None => (None, None),
    };
    ProductRef {
        purl,
        cpe,
        reference: None,
        name: Some(p.name),
        subcomponents: Vec::new(),
    }
}
