use crate::common::{rampart, rampart_in};

#[test]
fn demo_runs_on_the_bundled_example() {
    let dir = tempfile::tempdir().unwrap();
    let run = rampart_in(Some(dir.path()), &["demo"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Issue 9: the demo writes both report sets and says where.
    for set in ["product", "system"] {
        let folder = dir.path().join("rampart-demo").join(set);
        for file in [
            "results.json",
            "report.html",
            "requirements.xlsx",
            "report.docx",
            "assessment-results.oscal.json",
            "findings.sarif",
        ] {
            assert!(folder.join(file).is_file(), "{set}/{file} missing");
        }
        assert_eq!(
            folder.join("report.pdf").is_file(),
            cfg!(feature = "pdf"),
            "{set}/report.pdf with the pdf feature only"
        );
        let results: serde_json::Value =
            serde_json::from_slice(&std::fs::read(folder.join("results.json")).unwrap()).unwrap();
        assert_eq!(results["schema"], "rampart.assessment-results/1");
    }
    assert!(
        run.stdout.contains("report set in rampart-demo/product"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Riverside Water Treatment Works"));
    // Issue 6: the demo showed 5 of 31 findings without saying so.
    let more = run
        .stdout
        .lines()
        .find(|l| l.starts_with("… and "))
        .expect("the demo says how many findings it leaves out");
    assert!(
        more.contains(
            "more: `rampart system check examples/water-treatment/system.yaml` lists all"
        ),
        "{more}"
    );
    insta::with_settings!({ filters => vec![(r"Done in \d+ ms", "Done in [ms] ms")] }, {
        insta::assert_snapshot!(run.transcript());
    });
}

/// The demo compiles in the crate's own copy of the example (so `cargo package` ships it);
/// it must stay the same bytes as the one users open in `examples/`.
#[test]
fn bundled_example_is_the_user_facing_example() {
    let crate_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let bundled = crate_dir.join("data/water-treatment/system.yaml");
    let user_facing = crate_dir.join("../../examples/water-treatment/system.yaml");
    let read =
        |p: &std::path::Path| std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    assert!(
        read(&bundled) == read(&user_facing),
        "{} differs from {}: edit the example in examples/, then copy it over the bundled one",
        bundled.display(),
        user_facing.display()
    );
}

/// The demo's bundled SBOMs, advisories and answers are the example's, byte for byte.
#[test]
fn bundled_sboms_and_advisories_are_the_user_facing_ones() {
    let crate_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["sboms", "advisories", "assessments"] {
        let bundled_dir = crate_dir.join("data/water-treatment").join(folder);
        let user_dir = crate_dir
            .join("../../examples/water-treatment")
            .join(folder);
        let mut names: Vec<_> = std::fs::read_dir(&user_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| {
                let n = n.to_string_lossy();
                n.ends_with(".json") || n.ends_with(".yaml")
            })
            .collect();
        names.sort();
        assert!(!names.is_empty(), "{}", user_dir.display());
        for name in names {
            let bundled = std::fs::read(bundled_dir.join(&name));
            let user = std::fs::read(user_dir.join(&name)).unwrap();
            assert!(
                bundled.as_ref().is_ok_and(|b| *b == user),
                "{}/{}: the bundled copy differs or is missing: copy it from examples/",
                bundled_dir.display(),
                name.to_string_lossy()
            );
        }
    }
}

#[test]
fn completions_and_man_page_are_generated() {
    let run = rampart(&["completions", "bash"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("rampart") && run.stdout.contains("catalog"));
    let run = rampart(&["man"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.starts_with(".ie") || run.stdout.contains(".TH rampart"),
        "{}",
        &run.stdout[..200]
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man");
    let run = rampart(&["man", "--dir", out.to_str().unwrap()]);
    assert_eq!(run.code, 0);
    assert!(out.join("rampart.1").is_file() && out.join("rampart-catalog-list.1").is_file());
}

/// `rampart schema triage` is what editors check triage files against (docs/vex.md).
#[test]
fn triage_schema_is_json_schema() {
    let run = rampart(&["schema", "triage"]);
    assert_eq!(run.code, 0);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let good = serde_json::json!({"decisions": [{"vulnerability": "CVE-2023-0464",
        "component": "pkg:deb/debian/openssl", "version": "3.0.11-1", "status": "not_affected",
        "justification": "vulnerable_code_not_in_execute_path", "by": "Jane", "date": "2024-02-01"}]});
    let bad = serde_json::json!({"decisions": [{"vulnerability": "CVE-2023-0464",
        "component": "zlib", "version": "1", "status": "maybe", "by": "Jane", "date": "2024-02-01"}]});
    assert!(validator.is_valid(&good));
    assert!(!validator.is_valid(&bad));
}

#[test]
fn overrides_schema_is_json_schema() {
    let run = rampart(&["schema", "catalog-overrides"]);
    assert_eq!(run.code, 0);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let good: serde_json::Value =
        serde_json::json!({"overrides": [{"id": "SR 3.4", "sl": [1, 2, 3, 4]}]});
    let bad: serde_json::Value =
        serde_json::json!({"overrides": [{"id": "SR 3.4", "colour": "red"}]});
    assert!(validator.is_valid(&good));
    assert!(!validator.is_valid(&bad));
}

#[test]
fn closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("rampart"))
        .args(["catalog", "export", "--format", "csv"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Issue 6: on an 80-column terminal the demo and the catalog listing fit it, tables and
/// the lines around them.
#[test]
fn demo_and_catalog_fit_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["--width", "80", "demo"][..],
        &["--width", "80", "catalog", "list", "--disputed"],
        &["--width", "80", "catalog", "list", "--part", "4-2"],
    ] {
        let run = rampart_in(Some(dir.path()), args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        for line in run.stdout.lines() {
            assert!(line.chars().count() <= 80, "{args:?}: {line}");
        }
    }
}
