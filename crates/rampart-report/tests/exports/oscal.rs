//! OSCAL assessment results and component definition: valid against the committed OSCAL
//! 1.2.3 schema (the one rampart-catalog validates its catalog export against), deterministic,
//! and naming the catalog's controls.

use rampart_assess::synthetic::synthetic;
use rampart_catalog::{Catalog, Part, oscal};
use rampart_report::export::{oscal_assessment_results, oscal_component_definition};
use rampart_testkit::{oscal_validator, schema_errors};
use serde_json::Value;

use crate::fixture;

#[test]
fn assessment_results_validate_against_the_oscal_schema() {
    let validator = oscal_validator("assessment-results");
    let doc = oscal_assessment_results(&fixture::small());
    assert_eq!(schema_errors(&validator, &doc), Vec::<String>::new());
    let big = oscal_assessment_results(&synthetic(Catalog::builtin(), 50, 40));
    assert_eq!(schema_errors(&validator, &big), Vec::<String>::new());
}

#[test]
fn component_definition_validates_against_the_oscal_schema() {
    let validator = oscal_validator("component-definition");
    let doc = oscal_component_definition(&fixture::small());
    assert_eq!(schema_errors(&validator, &doc), Vec::<String>::new());
    let big = oscal_component_definition(&synthetic(Catalog::builtin(), 50, 40));
    assert_eq!(schema_errors(&validator, &big), Vec::<String>::new());
}

/// Guards against a vacuous validation: the narrowed schema rejects a broken document.
#[test]
fn the_schema_rejects_broken_exports() {
    let mut ar = oscal_assessment_results(&fixture::small());
    ar["assessment-results"]["results"][0]["findings"][0]["target"]["status"]["state"] =
        Value::String("partially".into());
    ar["assessment-results"]["uuid"] = Value::String("not-a-uuid".into());
    assert!(schema_errors(&oscal_validator("assessment-results"), &ar).len() >= 2);
    let mut cd = oscal_component_definition(&fixture::small());
    cd["component-definition"]["components"][0]["control-implementations"][0]["implemented-requirements"]
        [0]["control-id"] = Value::String("cr 1.1".into());
    assert!(!schema_errors(&oscal_validator("component-definition"), &cd).is_empty());
}

#[test]
fn exports_are_byte_identical_for_the_same_results() {
    let a = serde_json::to_string(&oscal_assessment_results(&fixture::small())).unwrap();
    let b = serde_json::to_string(&oscal_assessment_results(&fixture::small())).unwrap();
    assert_eq!(a, b);
    let mut later = fixture::small();
    later.generated = "2026-12-02".into();
    let c = oscal_assessment_results(&later);
    let a: Value = serde_json::from_str(&a).unwrap();
    assert_ne!(
        a["assessment-results"]["uuid"],
        c["assessment-results"]["uuid"]
    );
    assert_eq!(
        oscal_component_definition(&fixture::small()),
        oscal_component_definition(&fixture::small())
    );
}

/// Findings target the catalog's control ids and reference the catalog by the UUID its own
/// OSCAL export carries, so a consumer can join results to the catalog.
#[test]
fn findings_target_catalog_controls_with_mapped_statuses() {
    let doc = oscal_assessment_results(&fixture::small());
    let ar = &doc["assessment-results"];
    let findings = ar["results"][0]["findings"].as_array().unwrap();
    let catalog = oscal::export_part(Catalog::builtin(), Part::P4_2);
    let catalog_text = catalog.to_string();
    let state = |id: &str| {
        let f = findings
            .iter()
            .find(|f| f["target"]["target-id"] == id)
            .unwrap_or_else(|| panic!("no finding for {id}"));
        assert!(
            catalog_text.contains(&format!("\"id\":\"{id}\"")),
            "{id} is not a control of the 4-2 catalog export"
        );
        (
            f["target"]["status"]["state"].as_str().unwrap().to_owned(),
            f["target"]["status"]["reason"].as_str().unwrap().to_owned(),
        )
    };
    assert_eq!(state("cr-1.1"), ("satisfied".into(), "pass".into()));
    assert_eq!(state("cr-1.5"), ("not-satisfied".into(), "fail".into()));
    assert_eq!(state("cr-3.3"), ("not-satisfied".into(), "fail".into()));
    assert_eq!(state("cr-7.2"), ("satisfied".into(), "other".into()));
    assert_eq!(state("cr-3.1"), ("not-satisfied".into(), "other".into()));
    let resources = ar["back-matter"]["resources"].as_array().unwrap();
    assert!(
        resources
            .iter()
            .any(|r| r["uuid"] == catalog["catalog"]["uuid"]),
        "the 4-2 catalog is a back-matter resource with the catalog export's UUID"
    );
}

/// Evidence travels as relevant-evidence with its SHA-256; a path with a space stays a valid
/// URI reference.
#[test]
fn observations_carry_evidence_with_hashes() {
    let doc = oscal_assessment_results(&fixture::small());
    let observations = doc["assessment-results"]["results"][0]["observations"]
        .as_array()
        .unwrap();
    let evidence = &observations[0]["relevant-evidence"];
    assert_eq!(evidence[0]["href"], "evidence/login%20review.pdf");
    assert!(
        evidence[0]["props"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "sha256" && p["value"] == "a".repeat(64))
    );
    assert_eq!(evidence[1]["href"], "https://example.com/acme/hardening");
}

/// Risks come from findings and vulnerabilities, and a requirement's finding links the risks
/// behind it: through a finding's requirements and through its proposals' facts.
#[test]
fn risks_come_from_findings_and_vulnerabilities_and_are_linked() {
    let doc = oscal_assessment_results(&fixture::small());
    let result = &doc["assessment-results"]["results"][0];
    let risks = result["risks"].as_array().unwrap();
    assert_eq!(risks.len(), 2 + 4);
    let risk = |title: &str| {
        risks
            .iter()
            .find(|r| r["title"].as_str().unwrap().starts_with(title))
            .unwrap_or_else(|| panic!("no risk {title}"))
    };
    assert_eq!(risk("CVE-2023-0286")["status"], "open");
    assert_eq!(risk("CVE-2021-3449")["status"], "closed");
    assert_eq!(risk("GHSA-abcd")["status"], "investigating");
    let linked = |control: &str| -> Vec<Value> {
        let f = result["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["target"]["target-id"] == control)
            .unwrap();
        f["related-risks"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|r| r["risk-uuid"].clone())
            .collect()
    };
    assert_eq!(linked("cr-1.5"), vec![risk("FW-PWD-002")["uuid"].clone()]);
    assert_eq!(
        linked("cr-3.1"),
        vec![risk("CVE-2023-0286")["uuid"].clone()]
    );
}

#[test]
fn component_definition_lists_implemented_requirements_with_statuses() {
    let doc = oscal_component_definition(&fixture::small());
    let ci = &doc["component-definition"]["components"][0]["control-implementations"][0];
    assert_eq!(
        ci["source"],
        format!(
            "#{}",
            oscal::export_part(Catalog::builtin(), Part::P4_2)["catalog"]["uuid"]
                .as_str()
                .unwrap()
        )
    );
    assert_eq!(ci["set-parameters"][0]["param-id"], "sl-t-fr1");
    assert_eq!(ci["set-parameters"][0]["values"][0], "2");
    let reqs = ci["implemented-requirements"].as_array().unwrap();
    let implementation = |id: &str| {
        reqs.iter().find(|r| r["control-id"] == id).unwrap()["props"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "implementation-status")
            .unwrap()["value"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(implementation("cr-1.1"), "implemented");
    assert_eq!(implementation("cr-3.3"), "partial");
    assert_eq!(implementation("cr-7.2"), "not-applicable");
    assert_eq!(implementation("cr-1.5"), "planned");
}

#[test]
fn snapshot_of_the_small_case() {
    insta::assert_json_snapshot!(
        "oscal_assessment_results",
        oscal_assessment_results(&fixture::small())
    );
    insta::assert_json_snapshot!(
        "oscal_component_definition",
        oscal_component_definition(&fixture::small())
    );
}

/// A system assessed without a version, artifact or assessor still gives valid documents:
/// the optional parts are left out, not filled with made-up values.
#[test]
fn a_system_subject_without_version_or_artifact_exports_valid_documents() {
    use rampart_assess::results::{DecidedBy, SubjectKind};
    let mut results = fixture::small();
    results.subject.kind = SubjectKind::System;
    results.subject.name = "Water treatment plant".into();
    results.subject.version = None;
    results.subject.component_type = None;
    results.subject.artifact = None;
    results.subject.parts = vec!["3-3".into()];
    results.inputs.clear();
    for (r, id) in results
        .requirements
        .iter_mut()
        .zip(["SR 1.1", "SR 1.5", "SR 3.1", "SR 3.3", "SR 7.2"])
    {
        r.id = id.into();
        r.part = "3-3".into();
        r.assessor = None;
        r.decided_by = DecidedBy::Automatic;
    }
    let ar = oscal_assessment_results(&results);
    assert_eq!(
        schema_errors(&oscal_validator("assessment-results"), &ar),
        Vec::<String>::new()
    );
    let result = &ar["assessment-results"]["results"][0];
    assert_eq!(
        result["local-definitions"]["components"][0]["type"],
        "this-system"
    );
    assert!(ar["assessment-results"]["metadata"]["parties"].is_null());
    assert_eq!(result["findings"][0]["target"]["target-id"], "sr-1.1");
    let cd = oscal_component_definition(&results);
    assert_eq!(
        schema_errors(&oscal_validator("component-definition"), &cd),
        Vec::<String>::new()
    );
    assert_eq!(
        cd["component-definition"]["components"][0]["control-implementations"][0]
            ["implemented-requirements"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
}

/// An organisation's 2-1 programme (`rampart assess organisation`): the assessment results
/// validate too, with the 2-1 requirements as controls.
#[test]
fn an_organisations_assessment_results_validate_against_the_oscal_schema() {
    let catalog = rampart_catalog::Catalog::builtin();
    let answers = rampart_assess::AssessmentFile::parse_in(
        "org.yaml",
        "schema: rampart.assessment/1\nsubject:\n  kind: organisation\n  name: Acme Water\nrequirements:\n  - id: ORG 1.1\n    status: satisfied\n    maturity: {defined: true}\n  - id: NET 3.1\n    status: not-satisfied\n  - id: NET 2.1\n    status: not-applicable\n    rationale: no wireless\n",
        std::path::Path::new("/nonexistent-rampart-test"),
        catalog,
    )
    .unwrap();
    let results = rampart_assess::organisation::assess_organisation(
        &rampart_assess::organisation::OrganisationInput {
            catalog,
            answers: &answers,
            previous: &[],
            inputs: Vec::new(),
            today: "2026-12-05".parse().unwrap(),
        },
    )
    .unwrap();
    let doc = rampart_report::export::oscal_assessment_results(&results);
    assert_eq!(
        schema_errors(&oscal_validator("assessment-results"), &doc),
        Vec::<String>::new()
    );
    assert!(
        doc.to_string().contains("org-1.1"),
        "2-1 controls are targeted"
    );
}
