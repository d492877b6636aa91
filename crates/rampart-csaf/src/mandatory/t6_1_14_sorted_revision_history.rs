//! 6.1.14 Sorted Revision History.
//!
//! **What**: sorted by date, the revision history's numbers ascend.
//!
//! **Why**: the revision history is the audit trail of the advisory; a later date with an
//! earlier number means a version was reused or mis-dated, and readers cannot tell which
//! text is current.
//!
//! **Example**: revision `1` dated 2021-07-22 and revision `2` dated 2021-07-21.

use serde_json::Value;

use crate::Finding;
use crate::version::by_date;

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let sorted = by_date(doc);
    let mut out = Vec::new();
    for pair in sorted.windows(2) {
        let [earlier, later] = pair else { continue };
        let (Some(a), Some(b)) = (&earlier.number, &later.number) else {
            continue;
        };
        if earlier.date.is_some() && later.date.is_some() && a.order(b).is_gt() {
            out.push(Finding::new(
                format!("{}/number", later.pointer()),
                format!(
                    "revision {} is dated after revision {} but has a lower number",
                    later.number_text, earlier.number_text
                ),
            ));
        }
    }
    out
}
