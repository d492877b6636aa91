//! 6.1.27.1 Document Notes (profiles Informational Advisory and Security Incident Response).
//!
//! **What**: `/document/notes` has at least one note of category `description`, `details`,
//! `general` or `summary`.
//!
//! **Why**: these profiles carry no machine-readable vulnerability data; the note is where the
//! reader learns what the document is about.
//!
//! **Example**: a `csaf_informational_advisory` with only a `legal_disclaimer` note.

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
    let notes = doc
        .get("document")
        .map(|d| items(d, "notes"))
        .unwrap_or_default();
    let has_description = notes.iter().any(|note| {
        matches!(
            text(note, "category"),
            Some("description" | "details" | "general" | "summary")
        )
    });
    if has_description {
        return Vec::new();
    }
    vec![Finding::new(
        "/document/notes",
        "the profile needs a document note of category description, details, general or summary",
    )]
}
