//! 6.1.24 Multiple Definition in Involvements.
//!
//! **What**: within one vulnerability, no two involvements have the same `party` and `date`.
//!
//! **Why**: an involvement records what one party did at one time; two of them for the same
//! party and time contradict each other on the status.
//!
//! **Example**: two involvements of `party: "vendor"` dated `2021-04-23T10:00:00.000Z`.

use std::collections::HashMap;

use serde_json::Value;

use crate::Finding;
use crate::tree::{items, text, vulnerabilities};

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    for (v, vulnerability) in vulnerabilities(doc) {
        let mut first: HashMap<(&str, Option<jiff::Timestamp>, Option<&str>), String> =
            HashMap::new();
        for (i, involvement) in items(vulnerability, "involvements").iter().enumerate() {
            let Some(party) = text(involvement, "party") else {
                continue;
            };
            let date_text = text(involvement, "date");
            let date = date_text.and_then(|d| d.parse().ok());
            // Dates compare as instants; an unreadable date compares as text.
            let key = (party, date, if date.is_some() { None } else { date_text });
            let pointer = format!("/vulnerabilities/{v}/involvements/{i}");
            if let Some(earlier) = first.get(&key) {
                out.push(Finding::new(
                    pointer,
                    format!(
                        "party {party:?} already has an involvement with this date at {earlier}"
                    ),
                ));
            } else {
                first.insert(key, pointer);
            }
        }
    }
    out
}
