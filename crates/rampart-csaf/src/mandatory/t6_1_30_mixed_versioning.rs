//! 6.1.30 Mixed Integer and Semantic Versioning.
//!
//! **What**: `/document/tracking/version` and every revision number use the same scheme:
//! all integer versioning or all semantic versioning.
//!
//! **Why**: the two schemes do not order against each other (is `2` after `1.5.0`?), so the
//! history could not be sorted and the latest version not found.
//!
//! **Example**: `version: "2"` with a revision numbered `1.0.0`.

use serde_json::Value;

use crate::Finding;
use crate::version::{document_version, revisions};

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let Some((text, Some(version))) = document_version(doc) else {
        return Vec::new();
    };
    let scheme = |semantic: bool| if semantic { "semantic" } else { "integer" };
    revisions(doc)
        .into_iter()
        .filter(|r| {
            r.number
                .as_ref()
                .is_some_and(|n| n.is_semantic() != version.is_semantic())
        })
        .map(|r| {
            Finding::new(
                format!("{}/number", r.pointer()),
                format!(
                    "revision {} uses {} versioning but version {text} uses {}",
                    r.number_text,
                    scheme(!version.is_semantic()),
                    scheme(version.is_semantic())
                ),
            )
        })
        .collect()
}
