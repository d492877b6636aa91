//! 6.1.27.11 Vulnerabilities (profiles Security Advisory and VEX).
//!
//! **What**: the document has `/vulnerabilities`.
//!
//! **Why**: a security advisory or VEX document without vulnerabilities states nothing its
//! profile exists for.
//!
//! **Example**: a `csaf_vex` document with a product tree and no `vulnerabilities`.

use serde_json::Value;

use crate::Finding;
use crate::tree::category;

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    if matches!(category(doc), Some("csaf_security_advisory" | "csaf_vex"))
        && doc.get("vulnerabilities").is_none()
    {
        return vec![Finding::new("", "the profile needs vulnerabilities")];
    }
    Vec::new()
}
