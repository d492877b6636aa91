//! 6.1.27.3 Vulnerabilities (profile Informational Advisory).
//!
//! **What**: a `csaf_informational_advisory` has no `/vulnerabilities`.
//!
//! **Why**: an informational advisory is about something that is not a vulnerability (a
//! configuration, a campaign); one that lists vulnerabilities belongs to the Security
//! Advisory profile and its stricter tests.
//!
//! **Example**: `category: "csaf_informational_advisory"` with a `vulnerabilities` array.

use serde_json::Value;

use crate::Finding;
use crate::tree::category;

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    if category(doc) == Some("csaf_informational_advisory") && doc.get("vulnerabilities").is_some()
    {
        return vec![Finding::new(
            "/vulnerabilities",
            "an informational advisory must not list vulnerabilities (use csaf_security_advisory)",
        )];
    }
    Vec::new()
}
