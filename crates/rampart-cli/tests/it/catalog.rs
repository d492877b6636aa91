use crate::common::{rampart, rampart_in};

#[test]
fn list_3_3_at_sl1_table() {
    let run = rampart(&["catalog", "list", "--part", "3-3", "--sl", "1"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("37 items"));
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn list_network_device_fr5_json() {
    let run = rampart(&[
        "catalog",
        "list",
        "--component-type",
        "network-device",
        "--fr",
        "FR5",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0);
    let items: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        items
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["fr"] == "FR5" && i["part"] == "4-2")
    );
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn list_disputed_table() {
    let run = rampart(&["catalog", "list", "--disputed"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn list_csv_has_header_and_one_row_per_item() {
    let run = rampart(&["catalog", "list", "--part", "4-1", "--format", "csv"]);
    assert_eq!(run.code, 0);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    assert_eq!(reader.headers().unwrap().get(0), Some("id"));
    assert_eq!(reader.records().count(), 47);
}

#[test]
fn list_counts_per_component_type_and_level() {
    for (ty, counts) in [
        ("software-application", [34, 53, 67, 73]),
        ("network-device", [40, 67, 86, 92]),
    ] {
        for (sl, want) in (1..=4).zip(counts) {
            let run = rampart(&[
                "catalog",
                "list",
                "--component-type",
                ty,
                "--sl",
                &sl.to_string(),
                "--format",
                "json",
            ]);
            let items: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
            assert_eq!(items.as_array().unwrap().len(), want, "{ty} SL{sl}");
        }
    }
}

#[test]
fn show_disputed_requirement_text() {
    let run = rampart(&["catalog", "show", "sr 3.4"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn show_enhancement_json() {
    let run = rampart(&["catalog", "show", "CR 1.1(1)", "--format", "json"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn show_unknown_id_suggests_and_exits_2() {
    let run = rampart(&["catalog", "show", "SR 1.14"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn show_malformed_id_exits_2() {
    let run = rampart(&["catalog", "show", "1.1"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: `1.1` is not a requirement id"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_filters_exit_2_with_the_flag_named() {
    for (args, want) in [
        (vec!["catalog", "list", "--part", "3-9"], "--part"),
        (vec!["catalog", "list", "--fr", "FR8"], "--fr"),
        (vec!["catalog", "list", "--sl", "5"], "--sl"),
        (
            vec!["catalog", "list", "--component-type", "plc"],
            "--component-type",
        ),
        (
            vec!["catalog", "list", "--part", "4-1", "--sl", "2"],
            "part 4-1 has no security levels",
        ),
        (
            vec!["catalog", "list", "--part", "3-3", "--component-type", "ED"],
            "part 4-2 only",
        ),
    ] {
        let run = rampart(&args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.contains(want), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn usage_errors_exit_2() {
    let run = rampart(&["catalog", "list", "--format", "yaml"]);
    assert_eq!(run.code, 2);
    let run = rampart(&["no-such-command"]);
    assert_eq!(run.code, 2);
}

#[test]
fn overrides_are_applied_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("local.yaml"),
        "source: licensed copy\noverrides:\n  - id: SR 3.4\n    sl: [1, 2, 3, 4]\n    reason: pre-corrigendum edition\n",
    )
    .unwrap();
    let run = rampart_in(
        Some(dir.path()),
        &[
            "--catalog-overrides",
            "local.yaml",
            "catalog",
            "show",
            "SR 3.4",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.transcript());
    let run = rampart_in(
        Some(dir.path()),
        &[
            "--catalog-overrides",
            "local.yaml",
            "catalog",
            "list",
            "--part",
            "3-3",
            "--sl",
            "1",
        ],
    );
    assert!(run.stdout.contains("38 items"));
}

#[test]
fn invalid_overrides_report_every_problem_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.yaml"),
        "overrides:\n  - id: SR 1.14\n    title: x\n  - id: SR 1.1\n    sl: [2, 4]\n",
    )
    .unwrap();
    let run = rampart_in(
        Some(dir.path()),
        &["--catalog-overrides", "bad.yaml", "catalog", "list"],
    );
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.transcript());
    let run = rampart_in(
        Some(dir.path()),
        &["--catalog-overrides", "missing.yaml", "catalog", "list"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("missing.yaml: cannot read"),
        "{}",
        run.stderr
    );
}

#[test]
fn export_oscal_part_to_stdout_and_all_parts_to_a_directory() {
    let run = rampart(&["catalog", "export", "--format", "oscal", "--part", "4-2"]);
    assert_eq!(run.code, 0);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["catalog"]["groups"].as_array().unwrap().len(), 7);

    let run = rampart(&["catalog", "export", "--format", "oscal"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("one catalog per part"),
        "{}",
        run.stderr
    );

    let dir = tempfile::tempdir().unwrap();
    let run = rampart_in(
        Some(dir.path()),
        &["catalog", "export", "--format", "oscal", "-o", "out"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for part in ["2-1", "2-4", "3-2", "3-3", "4-1", "4-2"] {
        assert!(
            dir.path()
                .join(format!("out/iec62443-{part}.oscal.json"))
                .is_file(),
            "{part}"
        );
    }
}

#[test]
fn export_json_document_and_csv() {
    let run = rampart(&["catalog", "export", "--format", "json", "--part", "3-2"]);
    assert_eq!(run.code, 0);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["format"], "rampart-catalog");
    assert_eq!(doc["items"].as_array().unwrap().len(), 39);
    let run = rampart(&["catalog", "export", "--format", "csv"]);
    assert_eq!(
        run.stdout.lines().count(),
        1 + 100 + 137 + 47 + 39 + 87 + 122
    );
}

#[test]
fn show_a_foundational_requirement_group() {
    let run = rampart(&["catalog", "show", "FR4"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("in IEC 62443-3-3") && run.stdout.contains("in IEC 62443-4-2"));
    insta::assert_snapshot!(run.transcript());
    let run = rampart(&["catalog", "show", "sm", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc[0]["items"].as_array().unwrap().len(), 13);
}

fn ids_of(run: &crate::common::Run) -> Vec<String> {
    let items: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn show_si_finds_fr3_and_the_4_1_practice_and_part_picks_one() {
    let run = rampart(&["catalog", "show", "SI"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let headings: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains(", in IEC"))
        .collect();
    assert_eq!(
        headings,
        [
            "FR3  System integrity (SI), in IEC 62443-3-3",
            "SI  Secure implementation, in IEC 62443-4-1",
            "FR3  System integrity (SI), in IEC 62443-4-2",
        ]
    );
    let run = rampart(&["catalog", "show", "si", "--part", "4-1", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc.as_array().unwrap().len(), 1);
    assert_eq!(doc[0]["part"], "4-1");
    assert_eq!(doc[0]["items"], serde_json::json!(["SI-1", "SI-2"]));

    for (args, want) in [
        (
            vec!["catalog", "show", "SI", "--part", "2-1"],
            "error: part 2-1 has no group `SI`; parts 3-3, 4-1, 4-2 have one\n",
        ),
        (
            vec!["catalog", "show", "SR 1.1", "--part", "4-2"],
            "error: `SR 1.1` is in part 3-3, not 4-2\n",
        ),
    ] {
        let run = rampart(&args);
        assert_eq!((run.code, run.stderr.as_str()), (2, want), "{args:?}");
        assert!(run.stdout.is_empty());
    }
    let run = rampart(&["catalog", "show", "SR 1.1", "--part", "3-3"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn an_error_is_printed_once_and_real_causes_still_follow() {
    let run = rampart(&["catalog", "show", "bogus"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: `bogus` is not a requirement id: no number follows the prefix\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let run = rampart_in(
        Some(dir.path()),
        &[
            "catalog",
            "export",
            "--format",
            "csv",
            "-o",
            "no-such-dir/x.csv",
        ],
    );
    assert_eq!(run.code, 2);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines[0], "error: cannot create no-such-dir/x.csv",
        "{}",
        run.stderr
    );
    assert!(lines[1].starts_with("  caused by: "), "{}", run.stderr);
    assert_eq!(lines.len(), 2, "{}", run.stderr);
}

#[test]
fn a_missing_component_requirement_suggests_the_cr() {
    let run = rampart(&["catalog", "show", "EDR 1.1"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: unknown requirement id `EDR 1.1`; did you mean CR 1.1,"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_empty_overrides_variable_means_no_overrides() {
    let out = assert_cmd::Command::cargo_bin("rampart")
        .unwrap()
        .args(["catalog", "show", "SR 3.4", "--format", "json"])
        .env("RAMPART_CATALOG_OVERRIDES", "")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let item: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(item["security_levels"], serde_json::json!([2, 3, 4]));
    assert!(item.get("overrides").is_none());
}

#[test]
fn list_sl_accepts_every_vector_form() {
    let catalog = rampart_catalog::Catalog::builtin();
    let target: rampart_catalog::SlVector = "(2,2,3,1,2,1,2)".parse().unwrap();
    let want: Vec<String> = catalog
        .required_for_zone(&target)
        .into_iter()
        .map(|i| i.id.to_string())
        .collect();
    assert!(want.len() > 37 && want.len() < 90, "{}", want.len());
    for form in [
        "SL-T(2,2,3,1,2,1,2)",
        "(2,2,3,1,2,1,2)",
        "{2 2 3 1 2 1 2}",
        "sl-t (2, 2, 3, 1, 2, 1, 2)",
    ] {
        let run = rampart(&[
            "catalog", "list", "--part", "3-3", "--sl", form, "--format", "json",
        ]);
        assert_eq!(run.code, 0, "{form}: {}", run.stderr);
        assert_eq!(ids_of(&run), want, "{form}");
    }
    let ed: rampart_catalog::SlVector = "{2 2 0 1 3 1 3}".parse().unwrap();
    let want: Vec<String> = catalog
        .required_for_component(rampart_catalog::ComponentType::EmbeddedDevice, &ed)
        .into_iter()
        .map(|i| i.id.to_string())
        .collect();
    let run = rampart(&[
        "catalog",
        "list",
        "--component-type",
        "ED",
        "--sl",
        "{2 2 0 1 3 1 3}",
        "--format",
        "json",
    ]);
    assert_eq!(ids_of(&run), want);
    // A single level is the uniform vector.
    let one = rampart(&["catalog", "list", "--sl", "SL2", "--format", "json"]);
    let uniform = rampart(&[
        "catalog",
        "list",
        "--sl",
        "(2,2,2,2,2,2,2)",
        "--format",
        "json",
    ]);
    assert_eq!(ids_of(&one), ids_of(&uniform));
    for bad in ["(1,2,3)", "(0,0,0,0,0,0,0)", "0"] {
        let run = rampart(&["catalog", "list", "--sl", bad]);
        assert_eq!(run.code, 2, "{bad}");
        assert!(run.stderr.contains("--sl"), "{bad}: {}", run.stderr);
    }
}

#[test]
fn oscal_export_of_every_part_refuses_a_file_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("existing"), "keep me").unwrap();
    for (path, want) in [
        ("x.json", "x.json names a JSON file, not a directory"),
        ("existing", "existing is a file, not a directory"),
    ] {
        let run = rampart_in(
            Some(dir.path()),
            &["catalog", "export", "--format", "oscal", "-o", path],
        );
        assert_eq!(run.code, 2, "{path}");
        assert!(
            run.stderr.starts_with(&format!("error: {want}")) && run.stderr.contains("--part"),
            "{path}: {}",
            run.stderr
        );
    }
    assert!(!dir.path().join("x.json").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("existing")).unwrap(),
        "keep me"
    );
    // With --part, `-o x.json` is the one file it writes.
    let run = rampart_in(
        Some(dir.path()),
        &[
            "catalog", "export", "--format", "oscal", "--part", "3-3", "-o", "x.json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.path().join("x.json").is_file());
}

#[test]
fn catalog_text_outputs_end_with_one_newline() {
    for args in [
        vec!["catalog", "list", "--part", "4-1"],
        vec!["catalog", "list", "--disputed", "--part", "4-1"],
        vec!["catalog", "show", "SM-1"],
        vec!["catalog", "show", "SI"],
        vec!["catalog", "show", "CR 7.8"],
        vec!["catalog", "list", "--part", "3-2", "--format", "csv"],
    ] {
        let run = rampart(&args);
        assert_eq!(run.code, 0, "{args:?}");
        assert!(
            run.stdout.ends_with('\n') && !run.stdout.ends_with("\n\n"),
            "{args:?}"
        );
    }
}
