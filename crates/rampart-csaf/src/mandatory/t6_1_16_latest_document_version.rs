//! 6.1.16 Latest Document Version.
//!
//! **What**: `/document/tracking/version` equals the number of the latest revision history item
//! (sorted by date, highest number among the latest), build metadata ignored; in a `draft`
//! document, the pre-release part is ignored as well.
//!
//! **Why**: the version is what consumers compare to know whether they have the newest
//! advisory; one that is not the last revision means the history or the version is stale.
//!
//! **Example**: `version: "2"` with a revision history whose latest item is `1`.

use serde_json::Value;

use crate::Finding;
use crate::version::{by_date, document_version, status};

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let Some((text, Some(version))) = document_version(doc) else {
        return Vec::new();
    };
    let sorted = by_date(doc);
    let Some(latest) = sorted.last() else {
        return Vec::new();
    };
    let Some(latest_number) = &latest.number else {
        return Vec::new();
    };
    let draft = status(doc) == Some("draft");
    if version.trimmed(draft) != latest_number.trimmed(draft) {
        return vec![Finding::new(
            "/document/tracking/version",
            format!(
                "version {text} is not the latest revision history number {}",
                latest.number_text
            ),
        )];
    }
    Vec::new()
}
