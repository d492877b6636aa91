//! 6.1.7 Multiple Scores with same Version per Product.
//!
//! **What**: within one vulnerability, a product has at most one CVSS score per CVSS version
//! (one `cvss_v2`, one `cvss_v3` of version 3.0, one of version 3.1).
//!
//! **Why**: two scores of the same version for one product contradict each other; a consumer
//! cannot tell which one to prioritise by.
//!
//! **Example**: two `scores` entries, both `cvss_v3` version `3.1`, both listing
//! `CSAFPID-9080700`.

use std::collections::HashMap;

use serde_json::Value;

use crate::Finding;
use crate::tree::{items, strings, text, vulnerabilities};

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    for (v, vulnerability) in vulnerabilities(doc) {
        let mut seen: HashMap<(&str, &str), String> = HashMap::new();
        for (s, score) in items(vulnerability, "scores").iter().enumerate() {
            let pointer = format!("/vulnerabilities/{v}/scores/{s}");
            let mut versions = Vec::new();
            for key in ["cvss_v2", "cvss_v3"] {
                if let Some(cvss) = score.get(key) {
                    versions.push(text(cvss, "version").unwrap_or(key));
                }
            }
            for product in strings(score, &pointer, "products") {
                for &version in &versions {
                    if let Some(earlier) = seen.get(&(product.value, version)) {
                        out.push(Finding::new(
                            product.pointer.clone(),
                            format!(
                                "product {:?} already has a CVSS {version} score at {earlier}",
                                product.value
                            ),
                        ));
                    } else {
                        seen.insert((product.value, version), pointer.clone());
                    }
                }
            }
        }
    }
    out
}
