//! The document against the OASIS CSAF 2.0 JSON schema (embedded with the three FIRST CVSS
//! schemas it references, see `schemas/README.md`), resolved locally: no network access, and
//! the same verdict offline as online.

use std::sync::OnceLock;

use jsonschema::{Registry, Validator};
use serde_json::Value;

use crate::{Failure, SCHEMA_TEST};

const CSAF: &str = include_str!("../schemas/csaf_json_schema.json");
pub(crate) const CVSS_V2: &str = include_str!("../schemas/cvss-v2.0.json");
pub(crate) const CVSS_V3_0: &str = include_str!("../schemas/cvss-v3.0.json");
pub(crate) const CVSS_V3_1: &str = include_str!("../schemas/cvss-v3.1.json");

/// The most schema violations reported per document: a generator that gets one thing wrong
/// repeats it thousands of times.
const MAX_REPORTED: usize = 100;

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("the embedded schemas are JSON")
}

fn csaf_validator() -> &'static Validator {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let registry = Registry::new()
            .add("https://www.first.org/cvss/cvss-v2.0.json", parse(CVSS_V2))
            .and_then(|r| {
                r.add(
                    "https://www.first.org/cvss/cvss-v3.0.json",
                    parse(CVSS_V3_0),
                )
            })
            .and_then(|r| {
                r.add(
                    "https://www.first.org/cvss/cvss-v3.1.json",
                    parse(CVSS_V3_1),
                )
            })
            .and_then(jsonschema::RegistryBuilder::prepare)
            .expect("the embedded CVSS schemas register");
        // Formats (`date-time`, `uri`, `email`) are asserted, as the OASIS schema intends:
        // draft 2020-12 makes them annotations unless a validator opts in.
        jsonschema::options()
            .with_registry(&registry)
            .should_validate_formats(true)
            .build(&parse(CSAF))
            .expect("the embedded CSAF schema compiles")
    })
}

/// A validator for one embedded schema on its own (the CVSS schemas of test 6.1.8).
pub(crate) fn standalone(text: &str) -> Validator {
    jsonschema::validator_for(&parse(text)).expect("the embedded CVSS schemas compile")
}

/// The schema violations of `doc`, each at the offending value.
pub(crate) fn check(doc: &Value) -> Vec<Failure> {
    let mut failures: Vec<Failure> = csaf_validator()
        .iter_errors(doc)
        .take(MAX_REPORTED)
        .map(|e| Failure {
            test: SCHEMA_TEST,
            pointer: e.instance_path().to_string(),
            message: e.masked().to_string(),
        })
        .collect();
    failures.sort();
    failures.dedup();
    failures
}
