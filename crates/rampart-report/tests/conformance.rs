//! Conformance of the exports against the official schemas kept outside the repository
//! (`../shared/corpora`): SARIF 2.1.0 (OASIS), CSAF 2.0 (OASIS, with the FIRST CVSS schemas
//! it references) and OSCAL 1.2.3 (NIST). Built only with `--features conformance`; `.ci/run`
//! sets `RAMPART_CORPORA` and runs it. Each validator is first shown to accept the official
//! examples (or to reject a broken export), so a pass means something.
//!
//! Without the corpora (a newcomer's checkout), each test says so and passes.

use std::path::{Path, PathBuf};

use rampart_assess::synthetic::synthetic;
use rampart_catalog::Catalog;
use rampart_report::export::{
    CsafPublisher, CsafPublisherCategory, csaf_advisory, oscal_assessment_results,
    oscal_component_definition, sarif,
};
use rampart_testkit::{read_json, schema_errors, schema_validator};
use serde_json::Value;

#[path = "exports/fixture.rs"]
mod fixture;

/// The corpora folder, or `None` (with a message) when it is not there.
fn corpora() -> Option<PathBuf> {
    let dir = std::env::var_os("RAMPART_CORPORA").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora"),
        PathBuf::from,
    );
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "conformance skipped: no corpora at {} (set RAMPART_CORPORA)",
            dir.display()
        );
        None
    }
}

/// The cases every export is validated on: the small hand-written one and a synthetic one.
fn cases() -> Vec<rampart_assess::AssessmentResults> {
    vec![fixture::small(), synthetic(Catalog::builtin(), 100, 120)]
}

#[test]
fn sarif_validates_against_the_oasis_schema() {
    let Some(corpora) = corpora() else { return };
    let dir = corpora.join("sarif-schema");
    let validator = schema_validator(&dir.join("sarif-schema-2.1.0.json"), vec![dir]);
    for results in cases() {
        let log = sarif(&results);
        assert_eq!(schema_errors(&validator, &log), Vec::<String>::new());
        let mut broken = log.clone();
        broken["runs"][0]["results"][0]["level"] = Value::String("fatal".into());
        assert!(!validator.is_valid(&broken), "the schema checks levels");
    }
}

#[test]
fn csaf_validates_against_the_oasis_schema() {
    let Some(corpora) = corpora() else { return };
    let root = corpora.join("csaf-oasis/csaf_2.0");
    let validator = schema_validator(
        &root.join("json_schema/csaf_json_schema.json"),
        vec![root.join("referenced_schema/first")],
    );
    // The oracle accepts OASIS's own security advisories.
    let examples = root.join("examples/csaf");
    let mut checked = 0;
    for entry in std::fs::read_dir(&examples).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let doc = read_json(&path);
            if doc["document"]["category"] == "csaf_security_advisory" {
                assert_eq!(
                    schema_errors(&validator, &doc),
                    Vec::<String>::new(),
                    "{}",
                    path.display()
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked > 0,
        "no security advisories in {}",
        examples.display()
    );
    let vendor = CsafPublisher {
        name: "ACME PSIRT".into(),
        namespace: "https://psirt.acme.example".into(),
        category: CsafPublisherCategory::Vendor,
    };
    for results in cases() {
        for publisher in [CsafPublisher::default(), vendor.clone()] {
            let doc = csaf_advisory(&results, &publisher).expect("the cases have vulnerabilities");
            assert_eq!(schema_errors(&validator, &doc), Vec::<String>::new());
        }
    }
}

#[test]
fn oscal_exports_validate_against_the_corpus_schema() {
    let Some(corpora) = corpora() else { return };
    let schema = corpora.join("oscal-schema/oscal_complete_schema_1.2.3.json");
    let validator = schema_validator(&schema, Vec::new());
    for example in [
        "ar/json/ifa_assessment-results-example.json",
        "component-definition/json/example-component-definition.json",
    ] {
        let path = corpora.join("oscal-content/examples").join(example);
        assert!(validator.is_valid(&read_json(&path)), "{}", path.display());
    }
    for results in cases() {
        for doc in [
            oscal_assessment_results(&results),
            oscal_component_definition(&results),
        ] {
            assert_eq!(schema_errors(&validator, &doc), Vec::<String>::new());
        }
    }
}
