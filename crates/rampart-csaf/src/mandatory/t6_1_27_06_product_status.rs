//! 6.1.27.6 Product Status (profiles Security Advisory and VEX).
//!
//! **What**: every vulnerability has a `product_status`.
//!
//! **Why**: the product status is the point of these profiles: which products are affected,
//! fixed or not affected.
//!
//! **Example**: a vulnerability with `notes` but no `product_status`.

use serde_json::Value;

use crate::Finding;
use crate::tree::{category, vulnerabilities};

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    if !matches!(category(doc), Some("csaf_security_advisory" | "csaf_vex")) {
        return Vec::new();
    }
    vulnerabilities(doc)
        .filter(|(_, vulnerability)| vulnerability.get("product_status").is_none())
        .map(|(v, _)| {
            Finding::new(
                format!("/vulnerabilities/{v}"),
                "the profile needs a product_status on every vulnerability",
            )
        })
        .collect()
}
