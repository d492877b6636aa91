//! 6.1.5 Multiple Definition of Product Group ID.
//!
//! **What**: no product group id is defined twice.
//!
//! **Why**: a group id must name one set of products; defined twice, statements about it are
//! ambiguous.
//!
//! **Example**: two `product_groups` entries with `group_id: "CSAFGID-1020300"`.

use std::collections::HashMap;

use serde_json::Value;

use crate::Finding;
use crate::tree::group_definitions;

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let mut first: HashMap<&str, String> = HashMap::new();
    let mut out = Vec::new();
    for definition in group_definitions(doc) {
        if let Some(earlier) = first.get(definition.value) {
            out.push(Finding::new(
                definition.pointer,
                format!(
                    "product group id {:?} is already defined at {earlier}",
                    definition.value
                ),
            ));
        } else {
            first.insert(definition.value, definition.pointer);
        }
    }
    out
}
