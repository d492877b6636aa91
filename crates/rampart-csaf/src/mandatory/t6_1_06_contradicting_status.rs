//! 6.1.6 Contradicting Product Status.
//!
//! **What**: within one vulnerability, no product is in more than one of the status groups
//! *affected* (`first_affected`, `known_affected`, `last_affected`), *not affected*
//! (`known_not_affected`), *fixed* (`first_fixed`, `fixed`) and *under investigation*.
//!
//! **Why**: a product cannot be both affected and fixed; a consumer acting on one claim would
//! be wrong by the other.
//!
//! **Example**: `CSAFPID-9080700` in both `known_affected` and `known_not_affected`.

use std::collections::HashMap;

use serde_json::Value;

use crate::Finding;
use crate::tree::{strings, vulnerabilities};

const GROUPS: [(&str, &[&str]); 4] = [
    (
        "affected",
        &["first_affected", "known_affected", "last_affected"],
    ),
    ("not affected", &["known_not_affected"]),
    ("fixed", &["first_fixed", "fixed"]),
    ("under investigation", &["under_investigation"]),
];

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    for (v, vulnerability) in vulnerabilities(doc) {
        let Some(status) = vulnerability.get("product_status") else {
            continue;
        };
        let base = format!("/vulnerabilities/{v}/product_status");
        let mut group_of: HashMap<&str, &str> = HashMap::new();
        for (group, lists) in GROUPS {
            for list in lists {
                for id in strings(status, &base, list) {
                    match group_of.get(id.value) {
                        Some(&other) if other != group => out.push(Finding::new(
                            id.pointer,
                            format!(
                                "product {:?} is both {other} and {group} in this vulnerability",
                                id.value
                            ),
                        )),
                        Some(_) => {}
                        None => {
                            group_of.insert(id.value, group);
                        }
                    }
                }
            }
        }
    }
    out
}
