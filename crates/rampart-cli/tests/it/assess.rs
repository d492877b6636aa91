//! `rampart assess …` end to end, on the example assessment folder.

use std::path::PathBuf;

use crate::common::{Run, TEST_DAY};

/// Runs `rampart` with no advisory index: the default location is an empty folder.
fn rampart(args: &[&str]) -> Run {
    let data = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("rampart")
        .unwrap()
        .args(args)
        .env_remove("RAMPART_CATALOG_OVERRIDES")
        .env_remove("RAMPART_DB")
        .env("XDG_DATA_HOME", data.path())
        .env("RAMPART_TODAY", TEST_DAY)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn examples() -> String {
    root()
        .join("examples/assessment")
        .to_str()
        .unwrap()
        .to_owned()
}

#[test]
fn status_lists_the_example_as_current_and_fail_on_due_trips_a_year_later() {
    let run = rampart(&["assess", "status", &examples(), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["schema"], "rampart.assess-status/1");
    assert_eq!(doc["today"], "2026-12-01");
    let a = &doc["assessments"][0];
    assert_eq!(a["subject"], "Northwind Controls RTU-40");
    assert_eq!(a["review"]["due"], "2027-06-15");
    assert_eq!(a["review"]["state"], "current");
    let run = rampart(&["assess", "status", &examples(), "--fail-on", "due"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("1 assessment as of 2026-12-01: 1 current, 0 changed, 0 due"),
        "{}",
        run.stdout
    );
    let run = rampart(&[
        "assess",
        "status",
        &examples(),
        "--fail-on",
        "due",
        "--today",
        "2027-06-15",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("0 current, 0 changed, 1 due"),
        "{}",
        run.stdout
    );
    // CR 1.1's answer expires on 2027-06-09: counted in the table.
    assert!(
        run.stdout.contains("2 answers expired or not yet in force"),
        "{}",
        run.stdout
    );
}

#[test]
fn status_reports_a_changed_sbom_and_fail_on_changed_trips() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("rtu");
    std::fs::create_dir(&folder).unwrap();
    let example = root().join("examples/assessment/northwind-rtu40");
    for f in ["assessment.yaml", "sbom.cdx.json"] {
        std::fs::copy(example.join(f), folder.join(f)).unwrap();
    }
    std::fs::create_dir(folder.join("evidence")).unwrap();
    for f in ["pentest-summary-2026-05.md", "sdl-handbook-v4-contents.md"] {
        std::fs::copy(
            example.join("evidence").join(f),
            folder.join("evidence").join(f),
        )
        .unwrap();
    }
    let dir_arg = dir.path().to_str().unwrap();
    let run = rampart(&["assess", "status", dir_arg, "--fail-on", "changed"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    std::fs::write(
        folder.join("sbom.cdx.json"),
        "{\"bomFormat\": \"CycloneDX\"}",
    )
    .unwrap();
    let run = rampart(&["assess", "status", dir_arg, "--fail-on", "changed"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("the SBOM `sbom.cdx.json` changed"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("0 current, 1 changed, 0 due"),
        "{}",
        run.stdout
    );
    // A changed evidence file makes the assessment invalid: exit 2, located.
    std::fs::write(folder.join("evidence/pentest-summary-2026-05.md"), "edited").unwrap();
    let run = rampart(&["assess", "status", dir_arg]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("assessment.yaml:49:17: the evidence file `evidence/pentest-summary-2026-05.md` has changed since it was recorded"),
        "{}",
        run.stderr
    );
}

#[test]
fn init_writes_an_assessment_that_reads_back_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let run = rampart(&[
        "assess",
        "init",
        "--component-type",
        "embedded-device",
        "--sl-t",
        "SL-T(2,2,2,1,1,1,2)",
        "--name",
        "Northwind Controls RTU-40",
        "--version",
        "3.2.0",
        "--parts",
        "4-2,4-1",
        "-o",
        out,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.starts_with("wrote "), "{}", run.stderr);
    let text = std::fs::read_to_string(dir.path().join("assessment.yaml")).unwrap();
    assert!(text.contains("  - id: EDR 3.10\n    question: \"Can the embedded device's firmware and software be updated and patched in the field?\"\n    status: not-assessed\n"));
    assert!(text.contains("  - id: SM-1\n"));
    assert!(
        !text.contains("NDR "),
        "no network-device items for an embedded device"
    );
    // It reads back: never reviewed, so due.
    let run = rampart(&["assess", "status", out, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("\"never reviewed\""), "{}", run.stdout);
    let run = rampart(&["assess", "init", "--organisation", "Acme Water", "-o", out]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("exists: give --force to replace it"),
        "{}",
        run.stderr
    );
    // An organisation's 2-1 to standard output; a system from the example plant.
    let run = rampart(&["assess", "init", "--organisation", "Acme Water"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("  - id: ORG 1.1\n"));
    let model = root().join("examples/water-treatment/system.yaml");
    let run = rampart(&["assess", "init", "--system", model.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("  kind: system\n") && run.stdout.contains("  - id: SR 1.1\n"));
    // A product needs its SL-T.
    let run = rampart(&["assess", "init", "--component-type", "host-device"]);
    assert_eq!(run.code, 2);
}

/// What `rampart schema assessment` prints must compile and accept the example as written.
#[test]
fn schema_assessment_is_a_json_schema_the_example_satisfies() {
    let run = rampart(&["schema", "assessment"]);
    assert_eq!(run.code, 0);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(schema["properties"]["requirements"].is_object());
    let validator = jsonschema::validator_for(&schema).expect("the printed schema compiles");
    let path = root().join("examples/assessment/northwind-rtu40/assessment.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let doc: serde_json::Value = serde_saphyr::from_str(&text).expect("the example is YAML");
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .take(5)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let bad: serde_json::Value = serde_json::json!({"subject": {"kind": "product", "name": "x"}, "requirements": [{"id": "CR 1.1", "status": "done"}]});
    assert!(!validator.is_valid(&bad));
}

/// The JSON example of docs/cli.md is what `assess status` prints for the example (but for
/// the file's path, which is relative there).
#[test]
fn the_status_json_example_in_the_docs_is_the_examples_output() {
    let doc = std::fs::read_to_string(root().join("docs/cli.md")).unwrap();
    let after = &doc[doc.find("## `rampart assess status DIR…`").unwrap()..];
    let start = after.find("```json\n").unwrap() + "```json\n".len();
    let end = after[start..].find("```").unwrap();
    let shown: serde_json::Value = serde_json::from_str(&after[start..start + end]).unwrap();
    let run = rampart(&["assess", "status", &examples(), "--format", "json"]);
    let mut actual: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let file = actual["assessments"][0]["file"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        file.ends_with(shown["assessments"][0]["file"].as_str().unwrap()),
        "{file}"
    );
    actual["assessments"][0]["file"] = shown["assessments"][0]["file"].clone();
    assert_eq!(shown, actual);
}
