//! 6.1.29 Remediation without Product Reference.
//!
//! **What**: every remediation has `product_ids` or `group_ids`.
//!
//! **Why**: a remediation that names no product cannot be applied: nobody knows what to patch.
//!
//! **Example**: a remediation with only `category` and `details`.

use serde_json::Value;

use crate::Finding;
use crate::tree::{items, vulnerabilities};

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    for (v, vulnerability) in vulnerabilities(doc) {
        for (i, remediation) in items(vulnerability, "remediations").iter().enumerate() {
            if remediation.get("product_ids").is_none() && remediation.get("group_ids").is_none() {
                out.push(Finding::new(
                    format!("/vulnerabilities/{v}/remediations/{i}"),
                    "the remediation names no product_ids or group_ids",
                ));
            }
        }
    }
    out
}
