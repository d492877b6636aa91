//! CycloneDX JSON checked against the official JSON schema of its spec version (embedded,
//! see `schemas/README.md`): what `rampart sbom validate` adds to reading. Reading alone
//! checks only the fields Rampart keeps, so that an SBOM with, say, a licence id newer than
//! the schema's SPDX list still reads; validation reports every schema violation, placed at
//! the offending value.

use std::sync::OnceLock;

use jsonschema::{Registry, Validator};
use rampart_yaml::Problem;
use serde_json::Value;

use super::{pointer, text};

const SPDX: &str = include_str!("../../schemas/spdx.schema.json");
const JSF: &str = include_str!("../../schemas/jsf-0.82.schema.json");
const BOM_1_4: &str = include_str!("../../schemas/bom-1.4.schema.json");
const BOM_1_5: &str = include_str!("../../schemas/bom-1.5.schema.json");
const BOM_1_6: &str = include_str!("../../schemas/bom-1.6.schema.json");

/// The most problems reported per file: a document generated wrong repeats one mistake
/// thousands of times.
const MAX_REPORTED: usize = 100;

fn validator(version: &str) -> Option<&'static Validator> {
    static V14: OnceLock<Option<Validator>> = OnceLock::new();
    static V15: OnceLock<Option<Validator>> = OnceLock::new();
    static V16: OnceLock<Option<Validator>> = OnceLock::new();
    let (cell, schema) = match version {
        "1.4" => (&V14, BOM_1_4),
        "1.5" => (&V15, BOM_1_5),
        "1.6" => (&V16, BOM_1_6),
        _ => return None,
    };
    cell.get_or_init(|| build(schema)).as_ref()
}

fn build(schema: &str) -> Option<Validator> {
    let parse = |s: &str| serde_json::from_str::<Value>(s).expect("embedded schemas are JSON");
    let registry = Registry::new()
        .add("http://cyclonedx.org/schema/spdx.schema.json", parse(SPDX))
        .ok()?
        .add(
            "http://cyclonedx.org/schema/jsf-0.82.schema.json",
            parse(JSF),
        )
        .ok()?
        .prepare()
        .ok()?;
    jsonschema::options()
        .with_registry(&registry)
        .build(&parse(schema))
        .ok()
}

/// The schema violations of the CycloneDX JSON `text` (from `file`), whose spec version is
/// `version`; empty for a version without an embedded schema.
pub(crate) fn check(file: &str, text: &str, version: &str) -> Vec<Problem> {
    let Some(validator) = validator(version) else {
        return Vec::new();
    };
    let Ok(instance) = serde_json::from_str::<Value>(text) else {
        return Vec::new();
    };
    let mut problems: Vec<Problem> = validator
        .iter_errors(&instance)
        .take(MAX_REPORTED)
        .map(|e| {
            let path = e.instance_path().to_string();
            let (line, col) = pointer::offset(text, &path)
                .map_or((0, 0), |at| text::line_col(text.as_bytes(), at));
            let place = if path.is_empty() {
                "/".to_owned()
            } else {
                path
            };
            Problem {
                file: file.to_owned(),
                line,
                col,
                message: format!("CycloneDX {version} schema: {} (at {place})", e.masked()),
            }
        })
        .collect();
    problems.sort();
    problems.dedup();
    problems
}
