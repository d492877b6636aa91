//! 6.1.27.2 Document References (profiles Informational Advisory and Security Incident
//! Response).
//!
//! **What**: `/document/references` has at least one reference of category `external`.
//!
//! **Why**: these profiles point the reader to further information; without an external
//! reference the document cites nothing outside itself.
//!
//! **Example**: a `csaf_security_incident_response` whose only reference is `category: "self"`.

use serde_json::Value;

use crate::Finding;
use crate::tree::{category, items, text};

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    if !matches!(
        category(doc),
        Some("csaf_informational_advisory" | "csaf_security_incident_response")
    ) {
        return Vec::new();
    }
    let references = doc
        .get("document")
        .map(|d| items(d, "references"))
        .unwrap_or_default();
    // `category` defaults to `external` (section 3.1.3.6.1).
    if references
        .iter()
        .any(|r| text(r, "category").unwrap_or("external") == "external")
    {
        return Vec::new();
    }
    vec![Finding::new(
        "/document/references",
        "the profile needs a document reference of category external",
    )]
}
