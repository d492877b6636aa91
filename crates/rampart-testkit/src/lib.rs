//! Test helpers shared by Rampart's test suites, so that each suite validating an export
//! against an official JSON Schema does it the same way instead of carrying its own copy of
//! the loader.
//!
//! - [`schema_validator`]: a validator from a schema file on disk (the corpora's CSAF,
//!   CycloneDX, SARIF and OSCAL schemas), its external `$ref`s resolved from local folders
//!   only: tests never touch the network.
//! - [`oscal_validator`]: the committed OSCAL 1.2.3 complete schema narrowed to one model, so
//!   the core test suites validate OSCAL exports offline and errors name the field.
//! - [`schema_errors`]: the first errors of a document, each with where it is and which
//!   schema rule it breaks, for assertion messages.
//!
//! Formats (`date-time`, `uri`, `uuid`…) are asserted by every validator: the exports promise
//! them, and the schemas leave them as annotations by default.
//!
//! A dev-dependency only (`publish = false`): it panics on a missing or broken schema, which
//! is right in a test and wrong anywhere else.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// NIST's OSCAL 1.2.3 complete JSON schema (see `schemas/README.md`).
pub const OSCAL_COMPLETE_SCHEMA: &str = include_str!("../schemas/oscal_complete_schema_1.2.3.json");

/// How many errors [`schema_errors`] lists: enough to see a pattern, few enough to read.
const MAX_ERRORS: usize = 10;

/// How much of one error's text [`schema_errors`] keeps: the end, which names the rule
/// (the start repeats the offending value, which can be a whole document).
const MAX_ERROR_TEXT: usize = 160;

/// The JSON in the file at `path`; panics naming the file when it cannot be read or parsed.
pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Resolves a schema's external `$ref`s by file name from local folders: no network.
struct LocalFiles(Vec<PathBuf>);

impl jsonschema::Retrieve for LocalFiles {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri
            .path()
            .as_str()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        self.0
            .iter()
            .map(|dir| dir.join(&name))
            .find(|p| p.is_file())
            .map(|p| read_json(&p))
            .ok_or_else(|| format!("no local copy of {uri}").into())
    }
}

/// A validator for the schema file at `schema`, its external `$ref`s looked up by file name
/// in `ref_dirs` (in order); panics naming the file when the schema does not compile.
pub fn schema_validator(schema: &Path, ref_dirs: Vec<PathBuf>) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .with_retriever(LocalFiles(ref_dirs))
        .build(&read_json(schema))
        .unwrap_or_else(|e| panic!("{}: {e}", schema.display()))
}

/// A validator for one OSCAL model (`catalog`, `assessment-results`, `component-definition`…)
/// from [`OSCAL_COMPLETE_SCHEMA`]. The complete schema is a `oneOf` over every model, which
/// reports only "not valid under any"; narrowed to the model's branch, errors name the
/// offending field.
pub fn oscal_validator(model: &str) -> jsonschema::Validator {
    let mut schema: Value =
        serde_json::from_str(OSCAL_COMPLETE_SCHEMA).expect("the committed schema is JSON");
    let branch = schema["oneOf"]
        .as_array()
        .expect("the complete schema is a oneOf over the models")
        .iter()
        .find(|b| b["required"][0] == model)
        .unwrap_or_else(|| panic!("no {model} branch in the OSCAL schema"))
        .clone();
    let root = schema.as_object_mut().expect("the schema is an object");
    root.remove("oneOf");
    for (k, v) in branch.as_object().expect("a branch is an object") {
        root.insert(k.clone(), v.clone());
    }
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the OSCAL schema compiles")
}

/// The first errors of `doc` under `validator`, each as the end of its message, the
/// instance path and the schema path; empty when `doc` is valid.
pub fn schema_errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| {
            let text = e.to_string();
            format!(
                "{} at {} (schema {})",
                &text[text.floor_char_boundary(text.len().saturating_sub(MAX_ERROR_TEXT))..],
                e.instance_path(),
                e.schema_path()
            )
        })
        .take(MAX_ERRORS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn oscal_validator_is_narrowed_to_the_model_and_names_the_field() {
        let validator = oscal_validator("catalog");
        let errors = schema_errors(&validator, &json!({"catalog": {"uuid": "not-a-uuid"}}));
        assert!(!errors.is_empty());
        assert!(
            errors.iter().any(|e| e.contains("/catalog")),
            "errors name the field, not only \"not valid under any\": {errors:#?}"
        );
    }

    #[test]
    fn external_refs_resolve_from_local_folders_only() {
        let dir = std::env::temp_dir().join(format!("rampart-testkit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let main = dir.join("main.json");
        std::fs::write(
            &main,
            r#"{"$ref": "https://example.invalid/schemas/number.json"}"#,
        )
        .unwrap();
        std::fs::write(dir.join("number.json"), r#"{"type": "number"}"#).unwrap();
        let validator = schema_validator(&main, vec![dir.clone()]);
        assert!(validator.is_valid(&json!(1)));
        assert_eq!(schema_errors(&validator, &json!("one")).len(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
