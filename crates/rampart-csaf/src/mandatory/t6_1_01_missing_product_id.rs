//! 6.1.1 Missing Definition of Product ID.
//!
//! **What**: every product id used (in product groups, relationships, product status, scores,
//! remediations, threats, flags) is defined by a full product name in the product tree.
//!
//! **Why**: a reference to an undefined product says nothing a reader can act on: the advisory
//! claims something about a product nobody can identify.
//!
//! **Example**: `known_affected: ["CSAFPID-9080700"]` with no product `CSAFPID-9080700`.

use std::collections::HashSet;

use serde_json::Value;

use crate::Finding;
use crate::tree::{product_definitions, product_references};

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let defined: HashSet<&str> = product_definitions(doc).iter().map(|d| d.value).collect();
    product_references(doc)
        .into_iter()
        .filter(|r| !defined.contains(r.value))
        .map(|r| {
            Finding::new(
                r.pointer,
                format!(
                    "product id {:?} is not defined in the product tree",
                    r.value
                ),
            )
        })
        .collect()
}
