//! The JSON Schemas, derived from the parser's types: they accept the example and every
//! fixture, and refuse what the parser refuses for its shape.

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

/// Text SL vectors: the parser reads one level or seven, and so does the schema (the
/// hand-written schema accepted one to seven).
#[test]
fn sl_text_takes_one_or_seven_levels() {
    let schema = rampart_system::schema::model_schema();
    let validator = jsonschema::options().build(&schema).unwrap();
    let zone = |sl_t: &str| serde_json::json!({"system": {"name": "x"}, "zones": [{"id": "z", "sl_t": sl_t}]});
    for good in [
        "SL-T(2,2,3,1,2,1,2)",
        "{2 2 0 1 3 1 3}",
        "2",
        "sl 2",
        "derive",
    ] {
        assert!(validator.is_valid(&zone(good)), "{good}");
        let yaml = format!("system: {{name: x}}\nzones: [{{id: z, sl_t: '{good}'}}]\n");
        assert!(crate::common::parse(&yaml).is_ok(), "{good}");
    }
    for bad in ["SL-T(1,2,3)", "(1,2,3,4,1,1)", "5", "perhaps"] {
        assert!(!validator.is_valid(&zone(bad)), "{bad}");
        let yaml = format!("system: {{name: x}}\nzones: [{{id: z, sl_t: '{bad}'}}]\n");
        assert!(crate::common::parse(&yaml).is_err(), "{bad}");
    }
}

/// Files the parser refuses for their shape, the schema refuses too.
#[test]
fn schema_and_parser_refuse_the_same_shapes() {
    let schema = rampart_system::schema::model_schema();
    let validator = jsonschema::options().build(&schema).unwrap();
    let head =
        "system: {name: x}\nassets: [{id: a, kind: ED}, {id: fw, kind: ND, role: firewall}]\n";
    for rest in [
        "zones: [{id: z, assets: [a, a], sl_t: 1}]\n",
        "assets: [{id: b, kind: ED, role: hub}]\n",
        "assets: [{id: b, kind: ED, version: 3.10}]\n",
        "assets: [{id: b, kind: tablet}]\n",
        "zones: [{id: z, sl_t: 1, level: 9}]\n",
        "conduits: [{id: c, zones: [z]}]\n",
        "countermeasures: [{id: cm, applies_to: [a, a]}]\n",
        "risk: {derivation: {capability: {godlike: 2}}}\n",
        "flows: [{id: f, from: a, to: fw, port: 70000}]\n",
    ] {
        // The second `assets` key of some cases replaces the head's: written as one document.
        let yaml = if rest.starts_with("assets") {
            format!("system: {{name: x}}\n{rest}")
        } else {
            format!("{head}{rest}")
        };
        let doc: Value = serde_saphyr::from_str(&yaml).unwrap();
        assert!(!validator.is_valid(&doc), "schema accepted {rest}");
        assert!(
            crate::common::parse(&yaml).is_err(),
            "parser accepted {rest}"
        );
    }
}

#[test]
fn assessment_schema_requires_items_or_a_claim() {
    let schema = rampart_system::schema::assessment_schema();
    let validator = jsonschema::options().build(&schema).unwrap();
    let only_type: Value = serde_json::json!({"component": "x", "type": "ED"});
    assert!(!validator.is_valid(&only_type));
    let claim: Value = serde_json::json!({"component": "x", "type": "ED", "sl_c": 2});
    assert!(validator.is_valid(&claim));
    let numeric: Value =
        serde_json::json!({"component": "x", "type": "ED", "sl_c": 2, "version": 3.1});
    assert!(!validator.is_valid(&numeric));
}
