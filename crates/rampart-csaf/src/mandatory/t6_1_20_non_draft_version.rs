//! 6.1.20 Non-draft Document Version.
//!
//! **What**: a `final` or `interim` document's version has no pre-release part.
//!
//! **Why**: a released document with a pre-release version claims to be both released and
//! not; consumers comparing versions would order it before its own release.
//!
//! **Example**: `status: "interim"` with `version: "1.0.0-alpha"`.

use serde_json::Value;

use crate::Finding;
use crate::version::{document_version, is_released};

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let Some((text, Some(version))) = document_version(doc) else {
        return Vec::new();
    };
    if is_released(doc) && version.is_prerelease() {
        return vec![Finding::new(
            "/document/tracking/version",
            format!("version {text} has a pre-release part but the document is released"),
        )];
    }
    Vec::new()
}
