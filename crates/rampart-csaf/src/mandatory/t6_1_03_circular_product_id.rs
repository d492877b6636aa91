//! 6.1.3 Circular Definition of Product ID.
//!
//! **What**: no relationship defines a product id in terms of itself, directly or through other
//! relationships (`product_reference` / `relates_to_product_reference`).
//!
//! **Why**: a product built from itself cannot be resolved to real components; tools following
//! the chain would loop forever.
//!
//! **Example**: relationship defining `CSAFPID-9080701` with `product_reference:
//! "CSAFPID-9080701"`.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::Finding;
use crate::tree::{items, text};

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let relationships = doc
        .get("product_tree")
        .map(|tree| items(tree, "relationships"))
        .unwrap_or_default();
    let mut parts: HashMap<&str, Vec<&str>> = HashMap::new();
    for relationship in relationships {
        if let Some(id) = relationship
            .get("full_product_name")
            .and_then(|p| text(p, "product_id"))
        {
            let entry = parts.entry(id).or_default();
            for key in ["product_reference", "relates_to_product_reference"] {
                entry.extend(text(relationship, key));
            }
        }
    }
    let mut out = Vec::new();
    for (i, relationship) in relationships.iter().enumerate() {
        let Some(id) = relationship
            .get("full_product_name")
            .and_then(|p| text(p, "product_id"))
        else {
            continue;
        };
        if reaches(id, &parts) {
            out.push(Finding::new(
                format!("/product_tree/relationships/{i}/full_product_name/product_id"),
                format!("product id {id:?} is defined in terms of itself"),
            ));
        }
    }
    out
}

/// Whether following the relationships from `start` leads back to it.
fn reaches(start: &str, parts: &HashMap<&str, Vec<&str>>) -> bool {
    let mut seen = HashSet::new();
    let mut stack: Vec<&str> = parts.get(start).cloned().unwrap_or_default();
    while let Some(id) = stack.pop() {
        if id == start {
            return true;
        }
        if seen.insert(id) {
            stack.extend(parts.get(id).into_iter().flatten().copied());
        }
    }
    false
}
