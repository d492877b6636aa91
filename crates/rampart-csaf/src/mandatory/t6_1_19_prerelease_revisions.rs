//! 6.1.19 Revision History Entries for Pre-release Versions.
//!
//! **What**: no revision history number has a pre-release part (`1.0.0-rc.1`).
//!
//! **Why**: the revision history records published revisions; pre-releases are drafts and
//! are not part of it.
//!
//! **Example**: a revision numbered `1.0.0-rc`.

use serde_json::Value;

use crate::Finding;
use crate::version::revisions;

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    revisions(doc)
        .into_iter()
        .filter(|r| {
            r.number
                .as_ref()
                .is_some_and(crate::version::Version::is_prerelease)
        })
        .map(|r| {
            Finding::new(
                format!("{}/number", r.pointer()),
                format!("revision {} has a pre-release part", r.number_text),
            )
        })
        .collect()
}
