//! 6.1.4 Missing Definition of Product Group ID.
//!
//! **What**: every product group id used (in remediations, threats, flags) is defined in
//! `/product_tree/product_groups`.
//!
//! **Why**: a remediation or flag for an undefined group applies to nothing a reader can find.
//!
//! **Example**: a remediation with `group_ids: ["CSAFGID-1020301"]` and no such group.

use std::collections::HashSet;

use serde_json::Value;

use crate::Finding;
use crate::tree::{group_definitions, group_references};

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let defined: HashSet<&str> = group_definitions(doc).iter().map(|d| d.value).collect();
    group_references(doc)
        .into_iter()
        .filter(|r| !defined.contains(r.value))
        .map(|r| {
            Finding::new(
                r.pointer,
                format!("product group id {:?} is not defined", r.value),
            )
        })
        .collect()
}
