//! 6.1.33 Multiple Flags with VEX Justification Codes per Product.
//!
//! **What**: within one vulnerability, a product (named directly or through a product group)
//! carries at most one flag.
//!
//! **Why**: each flag is a VEX justification for "not affected"; two different ones for one
//! product contradict each other.
//!
//! **Example**: `component_not_present` and `vulnerable_code_not_present` both for
//! `CSAFPID-9080700`.

use std::collections::HashMap;

use serde_json::Value;

use crate::Finding;
use crate::tree::{group_members, items, products_of, vulnerabilities};

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let groups = group_members(doc);
    let mut out = Vec::new();
    for (v, vulnerability) in vulnerabilities(doc) {
        let mut first: HashMap<&str, String> = HashMap::new();
        for (i, flag) in items(vulnerability, "flags").iter().enumerate() {
            let pointer = format!("/vulnerabilities/{v}/flags/{i}");
            for product in products_of(flag, &groups) {
                if let Some(earlier) = first.get(product) {
                    out.push(Finding::new(
                        pointer.clone(),
                        format!("product {product:?} already has a flag at {earlier}"),
                    ));
                } else {
                    first.insert(product, pointer.clone());
                }
            }
        }
    }
    out
}
