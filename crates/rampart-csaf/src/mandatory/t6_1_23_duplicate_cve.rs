//! 6.1.23 Multiple Use of Same CVE.
//!
//! **What**: no two vulnerabilities carry the same `cve`.
//!
//! **Why**: one CVE is one vulnerability; split over two items, its product status and scores
//! can contradict each other and tools keep only one of them.
//!
//! **Example**: `vulnerabilities[0].cve` and `vulnerabilities[1].cve` both `CVE-2017-0145`.

use std::collections::HashMap;

use serde_json::Value;

use crate::Finding;
use crate::tree::{text, vulnerabilities};

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let mut first: HashMap<&str, String> = HashMap::new();
    let mut out = Vec::new();
    for (v, vulnerability) in vulnerabilities(doc) {
        let Some(cve) = text(vulnerability, "cve") else {
            continue;
        };
        let pointer = format!("/vulnerabilities/{v}/cve");
        if let Some(earlier) = first.get(cve) {
            out.push(Finding::new(
                pointer,
                format!("{cve} is already used at {earlier}"),
            ));
        } else {
            first.insert(cve, pointer);
        }
    }
    out
}
