//! 6.1.10 Inconsistent CVSS.
//!
//! **What**: the metric properties of a CVSS object (`attackVector`, `scope`,
//! `exploitCodeMaturity`, …) say the same as its `vectorString`; a property whose metric the
//! vector leaves out must be `NOT_DEFINED`.
//!
//! **Why**: tools read either the vector or the properties; when they disagree, two consumers
//! of one advisory rank the same vulnerability differently.
//!
//! **Example**: `vectorString: "CVSS:3.1/AV:N/…"` with `attackVector: "LOCAL"`.

use serde_json::Value;

use crate::Finding;
use crate::cvss_vector::{Property, V2, V3, abbreviation, metrics};
use crate::tree::{items, text, vulnerabilities};

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    for (v, vulnerability) in vulnerabilities(doc) {
        for (s, score) in items(vulnerability, "scores").iter().enumerate() {
            for (key, properties) in [("cvss_v2", V2), ("cvss_v3", V3)] {
                let Some(cvss) = score.get(key) else {
                    continue;
                };
                let Some(vector) = text(cvss, "vectorString") else {
                    continue;
                };
                let pointer = format!("/vulnerabilities/{v}/scores/{s}/{key}");
                compare(cvss, vector, properties, &pointer, &mut out);
            }
        }
    }
    out
}

fn compare(
    cvss: &Value,
    vector: &str,
    properties: &[Property],
    pointer: &str,
    out: &mut Vec<Finding>,
) {
    let in_vector = metrics(vector);
    for property in properties {
        let Some(value) = text(cvss, property.name) else {
            continue;
        };
        let Some(short) = abbreviation(property, value) else {
            continue; // not a value of the schema's enumeration: the schema reports it
        };
        let agrees = match in_vector.get(property.metric) {
            Some(&given) => given == short,
            None => value == "NOT_DEFINED",
        };
        if !agrees {
            let given = in_vector.get(property.metric).map_or_else(
                || "leaves it out".to_owned(),
                |g| format!("says {}:{g}", property.metric),
            );
            out.push(Finding::new(
                format!("{pointer}/{}", property.name),
                format!(
                    "{} is {value:?} but the vector string {given}",
                    property.name
                ),
            ));
        }
    }
}
