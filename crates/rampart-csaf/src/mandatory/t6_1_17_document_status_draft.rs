//! 6.1.17 Document Status Draft.
//!
//! **What**: a document whose version is `0`, `0.y.z` or has a pre-release part is in status
//! `draft`.
//!
//! **Why**: such versions say "not released yet"; publishing one as final or interim tells
//! consumers to act on text its author has not released.
//!
//! **Example**: `version: "0.9.5"` with `status: "final"`.

use serde_json::Value;

use crate::Finding;
use crate::version::{document_version, status};

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let Some((text, Some(version))) = document_version(doc) else {
        return Vec::new();
    };
    let Some(status) = status(doc) else {
        return Vec::new();
    };
    if (version.major() == 0 || version.is_prerelease()) && status != "draft" {
        return vec![Finding::new(
            "/document/tracking/status",
            format!("version {text} is a pre-release, so the status must be draft, not {status}"),
        )];
    }
    Vec::new()
}
