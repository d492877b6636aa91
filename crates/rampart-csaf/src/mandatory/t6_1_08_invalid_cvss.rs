//! 6.1.8 Invalid CVSS.
//!
//! **What**: every `cvss_v2` object is valid against FIRST's CVSS v2.0 JSON schema and every
//! `cvss_v3` object against the CVSS v3.0 or v3.1 schema of its `version`.
//!
//! **Why**: scores are what consumers sort and filter by; a score object missing its vector or
//! with a value out of range breaks every tool downstream.
//!
//! **Example**: a `cvss_v3` object without `baseSeverity`.

use std::sync::OnceLock;

use jsonschema::Validator;
use serde_json::Value;

use crate::Finding;
use crate::schema::{CVSS_V2, CVSS_V3_0, CVSS_V3_1, standalone};
use crate::tree::{items, text, vulnerabilities};

fn validator(cell: &'static OnceLock<Validator>, schema: &str) -> &'static Validator {
    cell.get_or_init(|| standalone(schema))
}

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    static V2: OnceLock<Validator> = OnceLock::new();
    static V30: OnceLock<Validator> = OnceLock::new();
    static V31: OnceLock<Validator> = OnceLock::new();
    let mut out = Vec::new();
    for (v, vulnerability) in vulnerabilities(doc) {
        for (s, score) in items(vulnerability, "scores").iter().enumerate() {
            for key in ["cvss_v2", "cvss_v3"] {
                let Some(cvss) = score.get(key) else {
                    continue;
                };
                let pointer = format!("/vulnerabilities/{v}/scores/{s}/{key}");
                let schema = match (key, text(cvss, "version")) {
                    ("cvss_v2", _) => validator(&V2, CVSS_V2),
                    (_, Some("3.0")) => validator(&V30, CVSS_V3_0),
                    (_, Some("3.1")) => validator(&V31, CVSS_V3_1),
                    (_, version) => {
                        out.push(Finding::new(
                            format!("{pointer}/version"),
                            format!("CVSS v3 version {version:?} is neither \"3.0\" nor \"3.1\""),
                        ));
                        continue;
                    }
                };
                out.extend(schema.iter_errors(cvss).map(|e| {
                    Finding::new(
                        format!("{pointer}{}", e.instance_path()),
                        format!("invalid CVSS object: {}", e.masked()),
                    )
                }));
            }
        }
    }
    out
}
