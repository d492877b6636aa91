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
    assert_eq!(json["schema"], "rampart.system.gap/2");
    assert_eq!(json["has_gap"], false);
}

#[test]
fn gap_fail_on_unknown_exits_1_when_an_asset_capability_is_unknown() {
    // Guards `--fail-on unknown`: `--fail-on gap` passes a zone whose SL-C is unknown.
    let unknown = fixture("checks/asset-capability-unknown/triggers.yaml");
    let known = fixture("checks/asset-capability-unknown/clean.yaml");
    let code = |model: &str, on: &[&str]| {
        let mut args = vec!["system", "gap", model];
        for o in on {
            args.extend(["--fail-on", o]);
        }
        let run = rampart(&args);
        assert!(run.stderr.is_empty(), "{}", run.stderr);
        run.code
    };
    assert_eq!(code(&unknown, &["gap"]), 0);
    assert_eq!(code(&unknown, &["unknown"]), 1);
    assert_eq!(code(&unknown, &["gap,unknown"]), 1);
    assert_eq!(code(&known, &["unknown"]), 0);
    assert_eq!(code(&known, &["gap", "unknown"]), 0);
    // The example has both: a gap, and assets of unknown SL-C.
    assert_eq!(code(&example(), &["unknown"]), 1);
}

#[test]
fn accepted_findings_are_shown_but_do_not_trip_fail_on_while_in_force() {
    // Guards risk acceptance: an accepted high risk kept `--fail-on high` red for ever.
    let model = fixture("acceptance/accepted.yaml");
    let check = |today: &str, fail_on: &str| {
        rampart(&[
            "system",
            "check",
            &model,
            "--today",
            today,
            "--fail-on",
            fail_on,
        ])
    };
    let run = check("2026-06-01", "high");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("high (accepted)"), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "intolerable-residual-risk `t1`: by A. Owner, plant manager on 2026-01-15, expires 2027-01-15: The line is replaced"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("3 findings: 0 high, 1 medium, 0 low, 0 info, 2 accepted"),
        "{}",
        run.stdout
    );
    // The unaccepted medium finding still counts.
    assert_eq!(check("2026-06-01", "findings").code, 1);
    // Expired (and not yet given): the findings count again, and the table says why.
    let run = check("2027-01-15", "high");
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("high (acceptance expired)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Acceptances not in force"),
        "{}",
        run.stdout
    );
    assert_eq!(check("2026-01-14", "high").code, 1);
    // RAMPART_TODAY does what --today does; JSON carries the acceptance and its standing.
    let out = assert_cmd::Command::cargo_bin("rampart")
        .unwrap()
        .args([
            "system",
            "check",
            &model,
            "--format",
            "json",
            "--fail-on",
            "high",
        ])
        .env("RAMPART_TODAY", "2026-06-01")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["accepted"], 2);
    assert_eq!(json["summary"]["high"], 0);
    let t1 = &json["findings"][0];
    assert_eq!(t1["element"], "t1");
    assert_eq!(t1["acceptance"]["status"], "in-force");
    assert_eq!(t1["acceptance"]["expires"], "2027-01-15");
    // The risk report marks the accepted residual risk.
    let run = rampart(&["system", "risk", &model, "--today", "2026-06-01"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("(intolerable) (accepted)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Residual risk accepted by the owner:"),
        "{}",
        run.stdout
    );
    // A malformed day is a usage error.
    let run = check("1 June 2026", "high");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("YYYY-MM-DD"), "{}", run.stderr);
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
    // Every line is `file:line:col: message`, the form problem matchers read.
    for line in run.stderr.lines() {
        let mut parts = line.splitn(4, ':');
        let (file, row, col) = (parts.next(), parts.next(), parts.next());
        assert!(file.is_some_and(|f| f.ends_with("problems.yaml")), "{line}");
        assert!(
            row.is_some_and(|r| r.parse::<u32>().is_ok_and(|r| r > 0)),
            "{line}"
        );
        assert!(col.is_some_and(|c| c.parse::<u32>().is_ok()), "{line}");
    }
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
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    // Issue 6: the list carries the `schema` field every JSON document promises.
    assert_eq!(doc["schema"], "rampart.system.checks/1");
    let list = &doc["checks"];
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

/// Issue 6: `check`, `risk` and `gap` take `-o FILE` like `diagram`: the file holds what
/// standard output would (full rows), and nothing is printed.
#[test]
fn reports_write_to_a_file_with_o() {
    let dir = tempfile::tempdir().unwrap();
    for (command, format) in [
        ("check", "table"),
        ("check", "json"),
        ("risk", "table"),
        ("risk", "json"),
        ("gap", "table"),
        ("gap", "json"),
    ] {
        let file = dir.path().join(format!("{command}.{format}"));
        let to_file = rampart(&[
            "system",
            command,
            &example(),
            "--format",
            format,
            "-o",
            file.to_str().unwrap(),
        ]);
        let to_stdout = rampart(&["system", command, &example(), "--format", format]);
        assert_eq!(to_file.code, to_stdout.code, "{command} {format}");
        assert_eq!(to_file.stdout, "", "{command} {format}");
        let written = std::fs::read_to_string(&file).unwrap();
        assert_eq!(written, to_stdout.stdout, "{command} {format}");
    }
    // An unwritable file is an error naming it.
    let missing = dir.path().join("no-such-dir/gap.txt");
    let run = rampart(&["system", "gap", &example(), "-o", missing.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no-such-dir"), "{}", run.stderr);
}

/// Issue 6: tables fit `--width`; output to a pipe keeps full rows whatever `COLUMNS` says,
/// so scripts see whole lines.
#[test]
fn width_fits_tables_and_pipes_keep_full_rows() {
    let fitted = rampart(&["--width", "80", "system", "gap", &example()]);
    assert_eq!(fitted.code, 0, "{}", fitted.stderr);
    assert!(fitted.stdout.lines().all(|l| l.chars().count() <= 80));
    let mut cmd = assert_cmd::Command::cargo_bin("rampart").unwrap();
    let piped = cmd
        .args(["system", "gap", &example()])
        .env("COLUMNS", "80")
        .env_remove("RAMPART_CATALOG_OVERRIDES")
        .output()
        .unwrap();
    let piped = String::from_utf8(piped.stdout).unwrap();
    assert!(piped.lines().any(|l| l.chars().count() > 200));
    assert_eq!(
        piped,
        rampart(&["--width", "0", "system", "gap", &example()]).stdout
    );
}
