//! The model's JSON Schema accepts the example and every check fixture.

use serde_json::Value;

use crate::common::{example_path, fixtures};

fn as_json(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn example_and_fixtures_validate_against_the_schema() {
    let schema = rampart_system::schema::model_schema();
    let validator = jsonschema::options()
        .build(&schema)
        .expect("the schema compiles");
    let mut files = vec![
        example_path(),
        fixtures().join("risk/model.yaml"),
        fixtures().join("acceptance/accepted.yaml"),
    ];
    for entry in std::fs::read_dir(fixtures().join("checks")).unwrap() {
        let dir = entry.unwrap().path();
        if dir.is_dir() {
            files.push(dir.join("triggers.yaml"));
            files.push(dir.join("clean.yaml"));
        }
    }
    for file in files {
        let doc = as_json(&file);
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .take(5)
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
    }
}

#[test]
fn schema_rejects_an_unknown_field_and_a_level_out_of_range() {
    let schema = rampart_system::schema::model_schema();
    let validator = jsonschema::options().build(&schema).unwrap();
    let bad: Value = serde_json::json!({"system": {"name": "x"}, "zones": [{"id": "z", "sl_t": [1, 2, 3, 4, 5, 1, 1]}]});
    assert!(!validator.is_valid(&bad));
    let bad: Value = serde_json::json!({"system": {"name": "x"}, "extra": 1});
    assert!(!validator.is_valid(&bad));
}

#[test]
fn assessment_fixtures_validate_against_their_schema() {
    let schema = rampart_system::schema::assessment_schema();
    let validator = jsonschema::options()
        .build(&schema)
        .expect("the schema compiles");
    let dir = fixtures().join("assessment/assessments");
    for name in ["plc.yaml", "overclaimed.yaml", "wrong-type.yaml"] {
        let doc = as_json(&dir.join(name));
        assert!(validator.is_valid(&doc), "{name}");
    }
    let bad: Value = serde_json::json!({"component": "x", "type": "plc"});
    assert!(!validator.is_valid(&bad));
}
