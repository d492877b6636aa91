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

fn json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Resolves a schema's external `$ref`s by file name from local folders: no network.
struct LocalFiles(Vec<PathBuf>);

impl jsonschema::Retrieve for LocalFiles {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri
            .path()
            .as_str()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        self.0
            .iter()
            .map(|dir| dir.join(&name))
            .find(|p| p.is_file())
            .map(|p| json(&p))
            .ok_or_else(|| format!("no local copy of {uri}").into())
    }
}

fn validator(schema: &Path, dirs: Vec<PathBuf>) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .with_retriever(LocalFiles(dirs))
        .build(&json(schema))
        .unwrap_or_else(|e| panic!("{}: {e}", schema.display()))
}

fn errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .take(5)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// The cases every export is validated on: the small hand-written one and a synthetic one.
fn cases() -> Vec<rampart_assess::AssessmentResults> {
    vec![fixture::small(), synthetic(Catalog::builtin(), 100, 120)]
}

#[test]
fn sarif_validates_against_the_oasis_schema() {
    let Some(corpora) = corpora() else { return };
    let dir = corpora.join("sarif-schema");
    let validator = validator(&dir.join("sarif-schema-2.1.0.json"), vec![dir]);
    for results in cases() {
        let log = sarif(&results);
        assert_eq!(errors(&validator, &log), Vec::<String>::new());
        let mut broken = log.clone();
        broken["runs"][0]["results"][0]["level"] = Value::String("fatal".into());
        assert!(!validator.is_valid(&broken), "the schema checks levels");
    }
}

#[test]
fn csaf_validates_against_the_oasis_schema() {
    let Some(corpora) = corpora() else { return };
    let root = corpora.join("csaf-oasis/csaf_2.0");
    let validator = validator(
        &root.join("json_schema/csaf_json_schema.json"),
        vec![root.join("referenced_schema/first")],
    );
    // The oracle accepts OASIS's own security advisories.
    let examples = root.join("examples/csaf");
    let mut checked = 0;
    for entry in std::fs::read_dir(&examples).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let doc = json(&path);
            if doc["document"]["category"] == "csaf_security_advisory" {
                assert_eq!(
                    errors(&validator, &doc),
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
            assert_eq!(errors(&validator, &doc), Vec::<String>::new());
        }
    }
}

#[test]
fn oscal_exports_validate_against_the_corpus_schema() {
    let Some(corpora) = corpora() else { return };
    let schema = corpora.join("oscal-schema/oscal_complete_schema_1.2.3.json");
    let validator = validator(&schema, Vec::new());
    for example in [
        "ar/json/ifa_assessment-results-example.json",
        "component-definition/json/example-component-definition.json",
    ] {
        let path = corpora.join("oscal-content/examples").join(example);
        assert!(validator.is_valid(&json(&path)), "{}", path.display());
    }
    for results in cases() {
        for doc in [
            oscal_assessment_results(&results),
            oscal_component_definition(&results),
        ] {
            assert_eq!(errors(&validator, &doc), Vec::<String>::new());
        }
    }
}
