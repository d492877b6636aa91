//! `rampart csaf validate` end to end: verdicts, the JSON form and exit codes. Runs in a
//! temporary folder so that file names in outputs are short and snapshots stable.

use std::path::Path;

use serde_json::{Value, json};

use crate::common::{Run, rampart_in};

/// A small valid CSAF 2.0 security advisory.
fn advisory() -> Value {
    json!({
        "document": {
            "category": "csaf_security_advisory",
            "csaf_version": "2.0",
            "lang": "en",
            "notes": [{"category": "summary", "text": "A flaw in the controller's web server."}],
            "publisher": {"category": "vendor", "name": "Example Vendor", "namespace": "https://vendor.example"},
            "title": "Controller web server flaw",
            "tracking": {
                "current_release_date": "2024-01-01T00:00:00Z",
                "id": "EXAMPLE-2024-0001",
                "initial_release_date": "2024-01-01T00:00:00Z",
                "revision_history": [{"date": "2024-01-01T00:00:00Z", "number": "1", "summary": "Initial"}],
                "status": "final",
                "version": "1"
            }
        },
        "product_tree": {"full_product_names": [{"name": "Controller 1.0", "product_id": "CTRL-1.0"}]},
        "vulnerabilities": [{
            "cve": "CVE-2024-0001",
            "notes": [{"category": "description", "text": "Buffer overflow."}],
            "product_status": {"known_affected": ["CTRL-1.0"]}
        }]
    })
}

fn write(dir: &Path, name: &str, doc: &Value) {
    std::fs::write(dir.join(name), serde_json::to_string_pretty(doc).unwrap()).unwrap();
}

/// `advisory()` with an undefined product and a status the schema does not know.
fn broken() -> Value {
    let mut doc = advisory();
    doc["vulnerabilities"][0]["product_status"]["known_affected"] = json!(["CTRL-9"]);
    doc["document"]["tracking"]["status"] = json!("published");
    doc
}

fn csaf(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["csaf", "validate"];
    all.extend_from_slice(args);
    rampart_in(Some(dir), &all)
}

#[test]
fn validate_reports_a_valid_document_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "advisory.json", &advisory());
    let run = csaf(dir.path(), &["advisory.json"]);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn validate_lists_each_failure_with_test_and_pointer_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "advisory.json", &advisory());
    write(dir.path(), "broken.json", &broken());
    let run = csaf(dir.path(), &["advisory.json", "broken.json"]);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn validate_json_carries_its_schema_and_every_failure() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "broken.json", &broken());
    let run = csaf(dir.path(), &["--format", "json", "broken.json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let out: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(out["schema"], "rampart.csaf-validate/1");
    let file = &out["files"][0];
    assert_eq!(file["verdict"], "invalid");
    let failures = file["failures"].as_array().unwrap();
    assert!(failures.contains(&json!({
        "test": "6.1.1",
        "pointer": "/vulnerabilities/0/product_status/known_affected/0",
        "message": "product id \"CTRL-9\" is not defined in the product tree"
    })));
    assert!(
        failures
            .iter()
            .any(|f| f["test"] == "schema" && f["pointer"] == "/document/tracking/status")
    );
}

#[test]
fn validate_places_invalid_json_and_exits_2_after_checking_every_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "broken.json", &broken());
    std::fs::write(dir.path().join("truncated.json"), "{\n  \"document\": {\n").unwrap();
    let run = csaf(
        dir.path(),
        &["broken.json", "truncated.json", "missing.json"],
    );
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stdout
            .contains("truncated.json:3:1: not valid JSON: EOF while parsing an object"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("missing.json: No such file"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("broken.json: invalid CSAF 2.0"),
        "{}",
        run.stdout
    );
}

#[test]
fn validate_refuses_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("feed")).unwrap();
    let run = csaf(dir.path(), &["feed"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stdout.contains("feed: is a directory"),
        "{}",
        run.stdout
    );
}
