//! 6.1.21 Missing Item in Revision History.
//!
//! **What**: sorted by date, the revision history starts at `0` or `1` (major version for
//! semantic versioning) and skips no number (semantic versioning: no major version).
//!
//! **Why**: a gap means a published revision is missing from the audit trail; readers cannot
//! see what changed in it.
//!
//! **Example**: revisions `1` and `3`, no `2`.

use serde_json::Value;

use crate::Finding;
use crate::version::by_date;

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let sorted: Vec<_> = by_date(doc)
        .into_iter()
        .filter(|r| r.number.is_some())
        .collect();
    let mut out = Vec::new();
    let Some(first) = sorted.first() else {
        return out;
    };
    let first_major = first
        .number
        .as_ref()
        .map_or(0, crate::version::Version::major);
    if first_major > 1 {
        out.push(Finding::new(
            format!("{}/number", first.pointer()),
            format!(
                "the earliest revision is {}, but the history must start at 0 or 1",
                first.number_text
            ),
        ));
    }
    let mut majors: Vec<u64> = sorted
        .iter()
        .filter_map(|r| r.number.as_ref().map(crate::version::Version::major))
        .collect();
    majors.sort_unstable();
    majors.dedup();
    for pair in majors.windows(2) {
        if let [a, b] = pair
            && b - a > 1
        {
            out.push(Finding::new(
                "/document/tracking/revision_history",
                format!("the revision history skips from {a} to {b}"),
            ));
        }
    }
    out
}
