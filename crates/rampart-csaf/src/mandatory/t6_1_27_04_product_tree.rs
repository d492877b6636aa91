//! 6.1.27.4 Product Tree (profiles Security Advisory and VEX).
//!
//! **What**: the document has a `/product_tree`.
//!
//! **Why**: these profiles state which products a vulnerability affects; without a product
//! tree no product can be named.
//!
//! **Example**: a `csaf_security_advisory` without `product_tree`.

use serde_json::Value;

use crate::Finding;
use crate::tree::category;

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    if matches!(category(doc), Some("csaf_security_advisory" | "csaf_vex"))
        && doc.get("product_tree").is_none()
    {
        return vec![Finding::new("", "the profile needs a product_tree")];
    }
    Vec::new()
}
