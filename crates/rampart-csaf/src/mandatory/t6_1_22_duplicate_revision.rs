//! 6.1.22 Multiple Definition in Revision History.
//!
//! **What**: no two revision history items have the same number.
//!
//! **Why**: a number must identify one revision; two items with one number hide which text
//! was published under it.
//!
//! **Example**: two revisions numbered `1`.

use std::collections::HashMap;

use serde_json::Value;

use crate::Finding;
use crate::version::revisions;

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let mut first: HashMap<String, String> = HashMap::new();
    let mut out = Vec::new();
    for revision in revisions(doc) {
        let pointer = format!("{}/number", revision.pointer());
        if let Some(earlier) = first.get(&revision.number_text) {
            out.push(Finding::new(
                pointer,
                format!(
                    "revision {} is already listed at {earlier}",
                    revision.number_text
                ),
            ));
        } else {
            first.insert(revision.number_text, pointer);
        }
    }
    out
}
