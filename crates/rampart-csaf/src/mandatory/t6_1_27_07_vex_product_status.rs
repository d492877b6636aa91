//! 6.1.27.7 VEX Product Status (profile VEX).
//!
//! **What**: every vulnerability's `product_status` has at least one of `fixed`,
//! `known_affected`, `known_not_affected`, `under_investigation`.
//!
//! **Why**: a VEX document exists to say, per product, whether it is exploitable; only these
//! four lists say that.
//!
//! **Example**: a VEX vulnerability whose product status lists only `recommended`.

use serde_json::Value;

use crate::Finding;
use crate::tree::{category, vulnerabilities};

const VEX_STATUSES: [&str; 4] = [
    "fixed",
    "known_affected",
    "known_not_affected",
    "under_investigation",
];

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    if category(doc) != Some("csaf_vex") {
        return Vec::new();
    }
    vulnerabilities(doc)
        .filter(|(_, vulnerability)| {
            let status = vulnerability.get("product_status");
            !VEX_STATUSES
                .iter()
                .any(|key| status.and_then(|s| s.get(key)).is_some())
        })
        .map(|(v, _)| {
            Finding::new(
                format!("/vulnerabilities/{v}/product_status"),
                "a VEX vulnerability needs fixed, known_affected, known_not_affected or under_investigation",
            )
        })
        .collect()
}
