//! 6.1.11 CWE.
//!
//! **What**: a vulnerability's `cwe` names an existing weakness (`CWE-<number>`) with its
//! name as MITRE's CWE list gives it (any published CWE version: names changed over the years,
//! and an advisory keeps the name of its day).
//!
//! **Why**: consumers group and search advisories by weakness; a wrong id or a name belonging
//! to another weakness puts the advisory in the wrong group.
//!
//! **Example**: `{"id": "CWE-79", "name": "Improper Input Validation"}` (that is CWE-20's name).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;

use crate::Finding;
use crate::tree::{text, vulnerabilities};

/// Every (number, name) pair of every CWE version, see `data/README.md`.
const NAMES: &str = include_str!("../../data/cwe-names.tsv");

fn names() -> &'static HashMap<u32, Vec<&'static str>> {
    static NAMES_BY_ID: OnceLock<HashMap<u32, Vec<&'static str>>> = OnceLock::new();
    NAMES_BY_ID.get_or_init(|| {
        let mut map: HashMap<u32, Vec<&str>> = HashMap::new();
        for line in NAMES.lines() {
            if let Some((id, name)) = line.split_once('\t')
                && let Ok(id) = id.parse()
            {
                map.entry(id).or_default().push(name);
            }
        }
        map
    })
}

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    for (v, vulnerability) in vulnerabilities(doc) {
        let Some(cwe) = vulnerability.get("cwe") else {
            continue;
        };
        let pointer = format!("/vulnerabilities/{v}/cwe");
        let Some(id) = text(cwe, "id") else {
            continue;
        };
        let known = id
            .strip_prefix("CWE-")
            .and_then(|n| n.parse::<u32>().ok())
            .and_then(|n| names().get(&n));
        let Some(known) = known else {
            out.push(Finding::new(
                format!("{pointer}/id"),
                format!("{id} is not a weakness of the CWE list"),
            ));
            continue;
        };
        if let Some(name) = text(cwe, "name")
            && !known.contains(&name)
        {
            out.push(Finding::new(
                format!("{pointer}/name"),
                format!(
                    "{name:?} is not the name of {id}, which is {:?}",
                    known.last().copied().unwrap_or_default()
                ),
            ));
        }
    }
    out
}
