//! 6.1.18 Released Revision History.
//!
//! **What**: a `final` or `interim` document has no revision history item numbered `0` or
//! `0.y.z`.
//!
//! **Why**: version 0 marks pre-release drafts; the history of a released document starts at
//! its first release, so drafts do not appear as published revisions.
//!
//! **Example**: `status: "final"` with a revision numbered `0`.

use serde_json::Value;

use crate::Finding;
use crate::version::{is_released, revisions};

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    if !is_released(doc) {
        return Vec::new();
    }
    revisions(doc)
        .into_iter()
        .filter(|r| r.number.as_ref().is_some_and(|n| n.major() == 0))
        .map(|r| {
            Finding::new(
                format!("{}/number", r.pointer()),
                format!(
                    "revision {} is a pre-release number in a released document",
                    r.number_text
                ),
            )
        })
        .collect()
}
