//! `rampart assess product|system` (issue 9): the report set from an SBOM, an image-less
//! run without an index, answers that contradict the command line, the review recorded in
//! the answers file, and a plant.

use std::path::{Path, PathBuf};

use crate::common::{rampart, rampart_in};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// An index with the example's real advisories.
fn example_index(dir: &Path) -> PathBuf {
    let db = dir.join("index.redb");
    let advisories = repo().join("examples/water-treatment/advisories");
    let run = rampart(&[
        "db",
        "import",
        "--db",
        db.to_str().unwrap(),
        advisories.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    db
}

fn results(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("results.json")).unwrap()).unwrap()
}

#[test]
fn product_from_an_sbom_placed_in_a_plant_writes_the_whole_set() {
    let tmp = tempfile::tempdir().unwrap();
    let db = example_index(tmp.path());
    let out = tmp.path().join("out");
    let sbom = repo().join("examples/water-treatment/sboms/ra-ewon.cdx.json");
    let model = repo().join("examples/water-treatment/system.yaml");
    let run = rampart(&[
        "assess",
        "product",
        sbom.to_str().unwrap(),
        "--component-type",
        "network-device",
        "--sl-t",
        "SL-T(3,3,3,2,2,2,2)",
        "--system",
        model.to_str().unwrap(),
        "--asset",
        "ra-ewon",
        "--db",
        db.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for file in [
        "results.json",
        "report.html",
        "requirements.xlsx",
        "report.docx",
        "assessment-results.oscal.json",
        "component-definition.oscal.json",
        "findings.sarif",
        "advisory.csaf.json",
        "vex.cdx.json",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    // The PDF comes with the `pdf` feature (on by default) and only then.
    assert_eq!(out.join("report.pdf").is_file(), cfg!(feature = "pdf"));
    // No temporary file is left behind.
    assert!(
        std::fs::read_dir(&out).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".tmp"))
    );
    let r = results(&out);
    assert_eq!(r["schema"], "rampart.assessment-results/1");
    assert_eq!(r["generated"], crate::common::TEST_DAY);
    assert_eq!(r["subject"]["kind"], "product");
    assert_eq!(r["subject"]["component_type"], "network-device");
    assert_eq!(r["subject"]["placement"]["asset"], "ra-ewon");
    assert_eq!(r["subject"]["placement"]["zone"], "remote-access");
    assert_eq!(r["levels"].as_array().unwrap().len(), 7);
    assert_eq!(r["levels"][0]["sl_t"], 3);
    let ids: Vec<&str> = r["vulnerabilities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"CVE-2023-38545"), "{ids:?}");
    // Without answers nothing was reviewed: due today.
    assert_eq!(r["review"]["state"], "due");
    // An internet-exposed asset: the gaps carry its exposure.
    assert_eq!(r["gaps"][0]["exposure"], "internet");
    // The artifact is recorded with its hash.
    assert_eq!(r["inputs"][0]["role"], "sbom");
    assert_eq!(r["inputs"][0]["sha256"].as_str().unwrap().len(), 64);
    assert!(run.stdout.contains("Wrote "), "{}", run.stdout);
    assert!(
        run.stdout.contains("SL-T (3,3,3,2,2,2,2)"),
        "{}",
        run.stdout
    );
}

#[test]
fn without_an_index_the_run_warns_and_matches_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let sbom = repo().join("examples/water-treatment/sboms/ra-ewon.cdx.json");
    let missing = tmp.path().join("no-index.redb");
    let run = rampart(&[
        "assess",
        "product",
        sbom.to_str().unwrap(),
        "--component-type",
        "network-device",
        "--sl-t",
        "2",
        "--db",
        missing.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("no advisory index at"),
        "{}",
        run.stderr
    );
    assert!(!out.join("vex.cdx.json").exists());
    assert!(!out.join("advisory.csaf.json").exists());
    assert_eq!(
        results(&out)["vulnerabilities"].as_array().unwrap().len(),
        0
    );
}

#[test]
fn answers_for_another_component_type_are_refused_with_the_file_named() {
    let tmp = tempfile::tempdir().unwrap();
    let example = repo().join("examples/assessment/northwind-rtu40");
    let run = rampart(&[
        "assess",
        "product",
        example.join("sbom.cdx.json").to_str().unwrap(),
        "--component-type",
        "network-device",
        "--sl-t",
        "2",
        "--answers",
        example.join("assessment.yaml").to_str().unwrap(),
        "--db",
        tmp.path().join("none.redb").to_str().unwrap(),
        "-o",
        tmp.path().join("out").to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("assessment.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("embedded-device"), "{}", run.stderr);
    assert!(
        !tmp.path().join("out").exists(),
        "nothing written on refusal"
    );
}

#[test]
fn answers_decide_statuses_and_the_review_is_recorded_on_request() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("rtu40");
    copy_dir(&repo().join("examples/assessment/northwind-rtu40"), &folder);
    let before = std::fs::read_to_string(folder.join("assessment.yaml")).unwrap();
    let run = rampart_in(
        Some(&folder),
        &[
            "assess",
            "product",
            "sbom.cdx.json",
            "--component-type",
            "embedded-device",
            "--sl-t",
            "SL-T(2,2,2,1,1,1,2)",
            "--answers",
            "assessment.yaml",
            "--record-review",
            "--db",
            "none.redb",
            "-o",
            "out",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = results(&folder.join("out"));
    assert_eq!(r["subject"]["name"], "Northwind Controls RTU-40");
    assert!(
        r["subject"]["parts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "4-1")
    );
    assert!(!r["maturity"].as_array().unwrap().is_empty());
    let sm1 = r["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "SM-1")
        .expect("SM-1 in scope");
    assert_eq!(sm1["status"], "satisfied");
    assert_eq!(sm1["decided_by"], "assessor");
    let after = std::fs::read_to_string(folder.join("assessment.yaml")).unwrap();
    assert_ne!(before, after);
    assert!(
        after.contains(&format!("last: {}", crate::common::TEST_DAY)),
        "{after}"
    );
    // Only the review block changed: the answers are still there, byte for byte.
    let answers_before = &before[before.find("requirements:").unwrap()..];
    let answers_after = &after[after.find("requirements:").unwrap()..];
    assert_eq!(answers_before, answers_after);
}

#[test]
fn a_plant_gets_zones_the_diagram_and_the_heat_map() {
    let tmp = tempfile::tempdir().unwrap();
    let db = example_index(tmp.path());
    let out = tmp.path().join("plant");
    let model = repo().join("examples/water-treatment/system.yaml");
    let run = rampart(&[
        "assess",
        "system",
        model.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = results(&out);
    assert_eq!(r["subject"]["kind"], "system");
    let zones = r["system"]["zones"].as_array().unwrap();
    assert!(zones.len() >= 5);
    assert!(
        zones
            .iter()
            .all(|z| z["levels"].as_array().unwrap().len() == 7)
    );
    let inherent: u64 = r["system"]["risk"]["inherent"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row.as_array().unwrap().iter().map(|c| c.as_u64().unwrap()))
        .sum();
    assert!(inherent > 0);
    // The zone diagram travels in results.json, so a report rebuilt from it has it too.
    assert!(
        r["system"]["diagram_svg"]
            .as_str()
            .is_some_and(|svg| svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"")),
        "no zone diagram in results.json"
    );
    // The assets' vulnerabilities are named with their asset.
    assert!(
        r["vulnerabilities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["component"].as_str().unwrap().ends_with("(sw-intake)"))
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("<svg"),
        "the zone diagram and charts are inline SVG"
    );
    assert!(!out.join("component-definition.oscal.json").exists());
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The `results.json` of the example assessment, as a snapshot: the documented schema
/// (`docs/assessment.md`) is a contract, so any change to it shows up here for review.
#[test]
fn results_json_of_the_example_assessment_is_stable() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("rtu40");
    copy_dir(&repo().join("examples/assessment/northwind-rtu40"), &folder);
    let run = rampart_in(
        Some(&folder),
        &[
            "assess",
            "product",
            "sbom.cdx.json",
            "--component-type",
            "embedded-device",
            "--sl-t",
            "SL-T(2,2,2,1,1,1,2)",
            "--answers",
            "assessment.yaml",
            "--db",
            "none.redb",
            "-o",
            "out",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut results: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.join("out/results.json")).unwrap()).unwrap();
    // The tool's version moves with every release; everything else is fixed by the inputs.
    results["tool"] = "[tool]".into();
    insta::assert_json_snapshot!(results);
}
