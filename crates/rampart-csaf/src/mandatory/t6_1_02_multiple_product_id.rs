//! 6.1.2 Multiple Definition of Product ID.
//!
//! **What**: no product id is defined by more than one full product name.
//!
//! **Why**: a product id must name one product; defined twice, every statement about it is
//! ambiguous.
//!
//! **Example**: a branch product and a `full_product_names` entry both with `CSAFPID-9080700`.

use std::collections::HashMap;

use serde_json::Value;

use crate::Finding;
use crate::tree::product_definitions;

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let mut first: HashMap<&str, String> = HashMap::new();
    let mut out = Vec::new();
    for definition in product_definitions(doc) {
        if let Some(earlier) = first.get(definition.value) {
            out.push(Finding::new(
                definition.pointer,
                format!(
                    "product id {:?} is already defined at {earlier}",
                    definition.value
                ),
            ));
        } else {
            first.insert(definition.value, definition.pointer);
        }
    }
    out
}
