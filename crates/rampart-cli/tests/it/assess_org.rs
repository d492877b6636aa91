//! `rampart assess organisation` (issue 9): the report set of an asset owner's 2-1 programme
//! from the example answers file, and answers about another kind of subject refused.

use std::path::{Path, PathBuf};

use crate::common::{rampart, rampart_in};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/organisation/acme-water/assessment.yaml")
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn an_organisation_gets_its_report_set_with_maturity_and_readiness_per_element() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(example(), tmp.path().join("assessment.yaml")).unwrap();
    let run = rampart_in(
        Some(tmp.path()),
        &[
            "assess",
            "organisation",
            "--answers",
            "assessment.yaml",
            "--today",
            "2026-12-05",
            "--record-review",
            "-o",
            "out",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = tmp.path().join("out");
    let mut expected = vec![
        "results.json",
        "report.html",
        "requirements.xlsx",
        "report.docx",
        "assessment-results.oscal.json",
    ];
    if cfg!(feature = "pdf") {
        expected.push("report.pdf");
    }
    for file in &expected {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    // Only the files that apply to a programme: no component definition, SARIF, CSAF, VEX
    // or SBOM.
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    expected.sort_unstable();
    assert_eq!(written, expected);

    let r = json(&out.join("results.json"));
    assert_eq!(r["subject"]["kind"], "organisation");
    assert_eq!(r["subject"]["name"], "Acme Water");
    assert_eq!(r["subject"]["parts"], serde_json::json!(["2-1"]));
    assert!(r["levels"].as_array().unwrap().is_empty());
    let requirements = r["requirements"].as_array().unwrap();
    let item = |id: &str| requirements.iter().find(|q| q["id"] == id).unwrap();
    assert_eq!(item("ORG 1.1")["status"], "satisfied");
    assert_eq!(item("ORG 1.1")["maturity"], "ML4");
    // CM 1.4's answer expired on 2026-02-09: not given.
    assert_eq!(item("CM 1.4")["status"], "not-assessed");
    assert!(
        item("CM 1.4")["rationale"]
            .as_str()
            .unwrap()
            .contains("expired on 2026-02-09")
    );
    let readiness = &r["readiness"];
    assert_eq!(readiness["required"], requirements.len());
    assert_eq!(readiness["satisfied"], 5);
    assert_eq!(readiness["not_applicable"], 3);
    let elements = r["maturity"].as_array().unwrap();
    let element = |id: &str| elements.iter().find(|m| m["practice"] == id).unwrap();
    assert_eq!(element("ORG 3")["level"], "ML3");
    assert_eq!(element("CM 1")["level"], serde_json::Value::Null);
    assert_eq!(element("CM 1")["blocking"], "CM 1.4");
    assert_eq!(element("NET 2")["readiness"]["percent"], 100.0);
    assert_eq!(element("NET 2")["readiness"]["not_applicable"], 3);
    // Not satisfied first, in catalog order, each with its element's guidance.
    let gaps = r["gaps"].as_array().unwrap();
    assert_eq!(gaps[0]["requirement"], "CM 1.3");
    assert_eq!(gaps[1]["requirement"], "NET 3.1");
    assert!(
        gaps.iter()
            .all(|g| !g["remediation"].as_str().unwrap().is_empty())
    );

    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Security Programme Maturity Report"));
    assert!(html.contains("Maturity and readiness by IEC 62443-2-1 element"));
    assert!(html.contains("<svg"), "the maturity chart");
    for absent in [
        "id=\"levels\"",
        "id=\"compliance\"",
        "id=\"vulnerability-charts\"",
        "id=\"system\"",
        "id=\"findings\"",
        "id=\"vulnerabilities\"",
        "FRs at their target level",
        "Components analysed",
    ] {
        assert!(
            !html.contains(absent),
            "{absent} in an organisation's report"
        );
    }
    let oscal = json(&out.join("assessment-results.oscal.json"));
    assert!(oscal["assessment-results"].is_object());

    assert!(
        run.stdout.starts_with("Organisation Acme Water 2026\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("ORG 3 ML3"), "{}", run.stdout);
    let answers = std::fs::read_to_string(tmp.path().join("assessment.yaml")).unwrap();
    assert!(answers.contains("last: 2026-12-05"), "{answers}");
}

#[test]
fn answers_about_a_product_are_refused_at_the_subject_kind_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let product = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/assessment/northwind-rtu40/assessment.yaml");
    let out = tmp.path().join("out");
    let run = rampart(&[
        "assess",
        "organisation",
        "--answers",
        product.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("assessment.yaml:7:9: the answers are for a product assessment"),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "nothing is written");
}
