//! 6.1.27.9 Impact Statement (profile VEX).
//!
//! **What**: every product in `known_not_affected` has an impact statement: a flag or a
//! threat of category `impact` naming it (directly or through a product group).
//!
//! **Why**: "not affected" is the claim that lets a user ignore a scanner finding; VEX
//! requires the justification with it, so the claim can be checked.
//!
//! **Example**: `known_not_affected: ["CSAFPID-9080701"]` with no flag and no impact threat.

use std::collections::HashSet;

use serde_json::Value;

use crate::Finding;
use crate::tree::{category, group_members, items, products_of, strings, text, vulnerabilities};

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
        let mut stated: HashSet<&str> = HashSet::new();
        for flag in items(vulnerability, "flags") {
            stated.extend(products_of(flag, &groups));
        }
        for threat in items(vulnerability, "threats") {
            if text(threat, "category") == Some("impact") {
                stated.extend(products_of(threat, &groups));
            }
        }
        let base = format!("/vulnerabilities/{v}/product_status");
        for product in strings(status, &base, "known_not_affected") {
            if !stated.contains(product.value) {
                out.push(Finding::new(
                    product.pointer,
                    format!(
                        "product {:?} is known_not_affected without an impact statement (a flag or an impact threat)",
                        product.value
                    ),
                ));
            }
        }
    }
    out
}
