//! `rampart sbom …` end to end: exit codes, formats and files. Runs in the repository root so
//! that paths in outputs are relative and snapshots are stable.

use std::path::PathBuf;

use crate::common::{Run, rampart_in};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

const OLD: &str = "crates/rampart-sbom/tests/fixtures/proton-bridge-1.6.3.cdx.json";
const NEW: &str = "crates/rampart-sbom/tests/fixtures/proton-bridge-1.8.0.cdx.json";
const SPDX: &str = "crates/rampart-sbom/tests/fixtures/spdx-example-2.3.spdx.json";

fn sbom(args: &[&str]) -> Run {
    let mut all = vec!["sbom"];
    all.extend_from_slice(args);
    rampart_in(Some(&root()), &all)
}

#[test]
fn validate_reports_valid_files_and_exits_0() {
    let run = sbom(&["validate", NEW, SPDX]);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn validate_reports_every_problem_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.cdx.json");
    std::fs::write(
        &bad,
        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[\n {\"type\":\"gadget\",\"name\":\"a\"},\n {\"type\":\"library\",\"name\":\"b\",\"purl\":\"pkg:npm\"}]}",
    )
    .unwrap();
    let run = rampart_in(Some(dir.path()), &["sbom", "validate", "bad.cdx.json"]);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn validate_exits_2_when_a_file_cannot_be_read() {
    // Unreadable beats invalid: the worst outcome decides the exit code.
    let run = sbom(&["validate", NEW, "no/such/file.json"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stdout.contains("no/such/file.json: No such file"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("proton-bridge-1.8.0.cdx.json: valid"),
        "{}",
        run.stdout
    );
}

#[test]
fn convert_to_spdx_writes_a_document_that_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.spdx.json");
    let run = sbom(&[
        "convert",
        NEW,
        "--to",
        "spdx-json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.is_empty());
    let text = std::fs::read_to_string(&out).unwrap();
    insta::assert_snapshot!(text);
    let back = rampart_in(Some(dir.path()), &["sbom", "validate", "out.spdx.json"]);
    assert_eq!(back.stdout, "out.spdx.json: valid SPDX-2.3, 5 components\n");
}

#[test]
fn convert_to_cyclonedx_writes_to_standard_output() {
    let run = sbom(&["convert", SPDX, "--to", "cyclonedx-json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn convert_of_an_invalid_file_prints_its_problems_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("cut.json"),
        "{\"bomFormat\": \"CycloneDX\",\n \"specVersion\": ",
    )
    .unwrap();
    let run = rampart_in(
        Some(dir.path()),
        &["sbom", "convert", "cut.json", "--to", "spdx-json"],
    );
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "cut.json:2:16: EOF while parsing a value\n");
}

#[test]
fn diff_table_shows_upgrades_and_additions() {
    let run = sbom(&["diff", OLD, NEW, "--width", "0"]);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn diff_json_carries_its_schema() {
    let run = sbom(&["diff", OLD, NEW, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn diff_of_identical_sboms_says_so() {
    let run = sbom(&["diff", NEW, NEW]);
    assert_eq!(run.stdout, "no differences\n");
}

/// The identities `sbom diff --format json` reports as upgraded when each of `purls` (a
/// versionless purl) goes from its `old` to its `new` version, sorted.
fn upgraded(purls: &[&str], old: &[&str], new: &[&str]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let bom = |versions: &[&str]| {
        let components: Vec<serde_json::Value> = purls
            .iter()
            .zip(versions)
            .map(|(purl, version)| {
                serde_json::json!({"type": "library", "name": purl.rsplit('/').next().unwrap(),
                    "version": version, "purl": format!("{purl}@{version}")})
            })
            .collect();
        serde_json::json!({"bomFormat": "CycloneDX", "specVersion": "1.6",
            "components": components})
        .to_string()
    };
    std::fs::write(dir.path().join("old.json"), bom(old)).unwrap();
    std::fs::write(dir.path().join("new.json"), bom(new)).unwrap();
    let run = rampart_in(
        Some(dir.path()),
        &["sbom", "diff", "old.json", "new.json", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let diff: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut upgraded: Vec<String> = diff["upgraded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["identity"].as_str().unwrap_or_default().to_owned())
        .collect();
    upgraded.sort_unstable();
    upgraded
}

#[test]
fn diff_orders_gem_and_composer_versions_by_their_rules() {
    // RubyGems puts 1.0.a10 after 1.0.a9 and a pre-release (1.0-rc1, read 1.0.pre.rc1)
    // before its release; PHP puts 6.2.0RC1 before 6.2.0 (the generic order would not). All
    // three are upgrades.
    let purls = [
        "pkg:gem/rack",
        "pkg:gem/nokogiri",
        "pkg:composer/symfony/http-kernel",
    ];
    assert_eq!(
        upgraded(
            &purls,
            &["1.0.a9", "1.0-rc1", "6.2.0RC1"],
            &["1.0.a10", "1.0", "6.2.0"]
        ),
        [
            "pkg:composer/symfony/http-kernel",
            "pkg:gem/nokogiri",
            "pkg:gem/rack"
        ]
    );
}

#[test]
fn diff_orders_cran_hackage_and_pub_versions_by_their_rules() {
    // R and Cabal put 1.8 before 1.8.0 (more numbers, the greater version), and Dart puts a
    // pre-release before its release; the generic order calls the first two equal (so
    // "changed") and puts 1.0.0-nullsafety.0 after 1.0.0 (so "downgraded"). All three are
    // upgrades.
    let purls = ["pkg:cran/readxl", "pkg:hackage/aeson", "pkg:pub/http"];
    assert_eq!(
        upgraded(
            &purls,
            &["1.8", "2.0.1", "1.0.0-nullsafety.0"],
            &["1.8.0", "2.0.1.0", "1.0.0"]
        ),
        ["pkg:cran/readxl", "pkg:hackage/aeson", "pkg:pub/http"]
    );
}
