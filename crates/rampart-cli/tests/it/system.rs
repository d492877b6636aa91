//! `rampart system …` end to end: exit codes, formats and files.

use std::path::PathBuf;

use crate::common::rampart;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example() -> String {
    root()
        .join("examples/water-treatment/system.yaml")
        .to_str()
        .unwrap()
        .to_owned()
}

fn fixture(rel: &str) -> String {
    root()
        .join("crates/rampart-system/tests/fixtures")
        .join(rel)
        .to_str()
        .unwrap()
        .to_owned()
}

#[test]
fn gap_fail_on_gap_exits_1_only_when_a_gap_exists() {
    let run = rampart(&["system", "gap", &example(), "--fail-on", "gap"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("Result: gap"));
    let run = rampart(&["system", "gap", &example()]);
    assert_eq!(run.code, 0);
    let clean = fixture("checks/asset-capability-unknown/clean.yaml");
    let run = rampart(&[
        "system",
        "gap",
        &clean,
        "--fail-on",
        "gap",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["schema"], "rampart.system.gap/1");
    assert_eq!(json["has_gap"], false);
}

#[test]
fn check_fail_on_findings() {
    let run = rampart(&[
        "system",
        "check",
        &example(),
        "--format",
        "json",
        "--fail-on",
        "findings",
    ]);
    assert_eq!(run.code, 1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["schema"], "rampart.system.check/1");
    assert!(json["summary"]["high"].as_u64().unwrap() > 0);
    // Only info findings: --fail-on findings does not trip.
    let run = rampart(&[
        "system",
        "check",
        &fixture("checks/empty-zone/clean.yaml"),
        "--fail-on",
        "findings",
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn risk_and_diagram_outputs() {
    let run = rampart(&["system", "risk", &example(), "--format", "json"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("\"derivations\""));
    assert!(
        rampart(&["system", "diagram", &example()])
            .stdout
            .starts_with("<svg")
    );
    assert!(
        rampart(&["system", "diagram", &example(), "--format", "dot"])
            .stdout
            .starts_with("graph system")
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("chart.svg");
    let run = rampart(&[
        "system",
        "diagram",
        &example(),
        "--chart",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.is_empty());
    assert!(std::fs::read_to_string(&file).unwrap().starts_with("<svg"));
    let run = rampart(&[
        "system",
        "diagram",
        &example(),
        "--chart",
        "--format",
        "dot",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("SVG only"), "{}", run.stderr);
}

#[test]
fn invalid_model_exits_2_with_located_problems() {
    let run = rampart(&["system", "check", &fixture("invalid/problems.yaml")]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("problems.yaml:5:"), "{}", run.stderr);
    let run = rampart(&["system", "gap", "no/such/model.yaml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no/such/model.yaml"), "{}", run.stderr);
}

/// What `rampart schema system` prints is what editors validate against: it must compile and
/// accept the example as written.
#[test]
fn schema_system_is_a_json_schema_the_example_satisfies() {
    let run = rampart(&["schema", "system"]);
    assert_eq!(run.code, 0);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(schema["type"], "object");
    assert!(schema["properties"]["zones"].is_object());
    let validator = jsonschema::validator_for(&schema).expect("the printed schema compiles");
    let text = std::fs::read_to_string(example()).unwrap();
    let model: serde_json::Value = serde_saphyr::from_str(&text).expect("the example is YAML");
    let errors: Vec<String> = validator
        .iter_errors(&model)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .take(5)
        .collect();
    assert!(errors.is_empty(), "{}: {errors:#?}", example());
}

/// Overrides change which items a level needs, so they must reach the gap too.
#[test]
fn catalog_overrides_reach_the_gap() {
    let base = rampart(&["system", "gap", &example(), "--format", "json"]);
    let dir = tempfile::tempdir().unwrap();
    let overrides = dir.path().join("o.yaml");
    std::fs::write(&overrides, "overrides:\n  - id: SR 3.4\n    sl: [4]\n").unwrap();
    let changed = rampart(&[
        "--catalog-overrides",
        overrides.to_str().unwrap(),
        "system",
        "gap",
        &example(),
        "--format",
        "json",
    ]);
    assert_eq!(changed.code, 0, "{}", changed.stderr);
    let count = |s: &str| s.matches("\"SR 3.4\"").count();
    assert!(
        count(&base.stdout) > count(&changed.stdout),
        "SR 3.4 at SL4 only should leave fewer zones needing it"
    );
}

#[test]
fn checks_lists_every_rule_with_its_zcr() {
    let run = rampart(&["system", "checks"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.transcript());
    let run = rampart(&["system", "checks", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"safety-zone-shared") && ids.contains(&"cleartext-channel"),
        "{ids:?}"
    );
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|c| c["zcr"].as_str().unwrap().starts_with("ZCR "))
    );
}
