//! The CSAF product tree, as far as VEX needs it: each product id resolved to the purl, CPE
//! and name of its `product_identification_helper`, relationships to a product with a
//! subcomponent, and product groups to their product ids.
//!
//! The CSAF advisory source (src/sources/csaf/) resolves product ids too, for advisories;
//! the two are to be unified once both are merged.

use std::collections::HashMap;

use serde::Deserialize;

use super::ProductRef;
use super::json::classify;

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
    groups: HashMap<String, Vec<String>>,
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
            let part = by_id.get(&r.product_reference).cloned();
            let whole = by_id.get(&r.relates_to_product_reference).cloned();
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
        let groups = tree
            .product_groups
            .into_iter()
            .map(|g| (g.group_id, g.product_ids))
            .collect();
        Products { by_id, groups }
    }

    /// The product with id `id`; an id the tree does not define is kept as a name only, so
    /// it is shown but never matched.
    pub(super) fn resolve(&self, id: &str) -> ProductRef {
        self.by_id.get(id).cloned().unwrap_or_else(|| ProductRef {
            name: Some(id.to_owned()),
            ..ProductRef::default()
        })
    }

    /// Whether `id` is among `product_ids` or in one of the groups `group_ids`.
    pub(super) fn covers(&self, id: &str, product_ids: &[String], group_ids: &[String]) -> bool {
        product_ids.iter().any(|p| p == id)
            || group_ids
                .iter()
                .filter_map(|g| self.groups.get(g))
                .any(|members| members.iter().any(|p| p == id))
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
    let canonical = |text: Option<String>, want_purl: bool| {
        text.map(|t| match classify(&t) {
            Some((Some(purl), _)) if want_purl => purl,
            Some((_, Some(cpe))) if !want_purl => cpe,
            _ => t,
        })
    };
    let (purl, cpe) = match helper {
        Some(h) => (canonical(h.purl, true), canonical(h.cpe, false)),
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
