//! The published JSON Schema of the override file agrees with the parser: every fixture the
//! parser accepts validates against the schema, and every one it refuses for its shape does not.

use std::path::{Path, PathBuf};

use rampart_catalog::{Catalog, overrides_schema};
use serde_json::Value;

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/overrides")
        .join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 2, "fixtures in {}", dir.display());
    files
}

fn as_json(name: &str, text: &str) -> Value {
    rampart_yaml::parse(name, text, rampart_yaml::Limits::SMALL_FILE).unwrap()
}

/// The override example in `docs/cli.md`, as users copy it.
fn documented_example() -> String {
    let doc = include_str!("../../../../docs/cli.md");
    let section = &doc[doc.find("## Local overrides").unwrap()..];
    let start = section.find("```yaml\n").unwrap() + "```yaml\n".len();
    let end = start + section[start..].find("```").unwrap();
    section[start..end].to_owned()
}

#[test]
fn the_schema_is_draft_2020_12_and_compiles() {
    let schema = overrides_schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["title"], "Rampart catalog overrides");
    jsonschema::validator_for(&schema).unwrap();
}

#[test]
fn valid_fixtures_and_the_documented_example_pass_schema_and_parser() {
    let validator = jsonschema::validator_for(&overrides_schema()).unwrap();
    let mut cases: Vec<(String, String)> = fixtures("valid")
        .into_iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    cases.push(("docs/cli.md".to_owned(), documented_example()));
    for (name, text) in cases {
        let errors: Vec<String> = validator
            .iter_errors(&as_json(&name, &text))
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        let mut catalog = Catalog::builtin().clone();
        catalog
            .apply_overrides(&name, &text)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn invalid_fixtures_fail_both_schema_and_parser() {
    let validator = jsonschema::validator_for(&overrides_schema()).unwrap();
    for path in fixtures("invalid") {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!validator.is_valid(&as_json(&name, &text)), "{name}");
        let mut catalog = Catalog::builtin().clone();
        assert!(catalog.apply_overrides(&name, &text).is_err(), "{name}");
    }
}
