//! 6.1.32 Flag without Product Reference.
//!
//! **What**: every flag has `product_ids` or `group_ids`.
//!
//! **Why**: a flag is the justification for a product being not affected; one that names no
//! product justifies nothing.
//!
//! **Example**: a flag with only `label: "component_not_present"`.

use serde_json::Value;

use crate::Finding;
use crate::tree::{items, vulnerabilities};

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    for (v, vulnerability) in vulnerabilities(doc) {
        for (i, flag) in items(vulnerability, "flags").iter().enumerate() {
            if flag.get("product_ids").is_none() && flag.get("group_ids").is_none() {
                out.push(Finding::new(
                    format!("/vulnerabilities/{v}/flags/{i}"),
                    "the flag names no product_ids or group_ids",
                ));
            }
        }
    }
    out
}
