//! 6.1.27.10 Action Statement (profile VEX).
//!
//! **What**: every product in `known_affected` has a remediation naming it (directly or
//! through a product group).
//!
//! **Why**: telling a user a product is affected without saying what to do (patch, mitigate,
//! no fix planned) leaves them without a decision.
//!
//! **Example**: `known_affected: ["CSAFPID-9080700"]` and no remediation for it.

use std::collections::HashSet;

use serde_json::Value;

use crate::Finding;
use crate::tree::{category, group_members, items, products_of, strings, vulnerabilities};

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    if category(doc) != Some("csaf_vex") {
        return Vec::new();
    }
    let groups = group_members(doc);
    let mut out = Vec::new();
    for (v, vulnerability) in vulnerabilities(doc) {
        let Some(status) = vulnerability.get("product_status") else {
            continue;
        };
        let remediated: HashSet<&str> = items(vulnerability, "remediations")
            .iter()
            .flat_map(|r| products_of(r, &groups))
            .collect();
        let base = format!("/vulnerabilities/{v}/product_status");
        for product in strings(status, &base, "known_affected") {
            if !remediated.contains(product.value) {
                out.push(Finding::new(
                    product.pointer,
                    format!(
                        "product {:?} is known_affected without a remediation (action statement)",
                        product.value
                    ),
                ));
            }
        }
    }
    out
}
