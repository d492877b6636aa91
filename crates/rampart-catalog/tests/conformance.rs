//! Conformance against public corpora kept outside the repository (`../shared/corpora`).
//! Built only with `--features conformance`; `.ci/run` sets `RAMPART_CORPORA` and runs it.

use std::path::PathBuf;

use rampart_catalog::{Catalog, Part, oscal};
use serde_json::Value;

fn corpora() -> PathBuf {
    let dir = std::env::var_os("RAMPART_CORPORA")
        .expect("set RAMPART_CORPORA to the shared corpora folder to run the conformance tests");
    PathBuf::from(dir)
}

#[test]
fn oscal_exports_validate_against_the_corpus_schema() {
    let path = corpora().join("oscal-schema/oscal_complete_schema_1.2.3.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let schema: Value = serde_json::from_str(&text).expect("the corpus schema is JSON");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles");
    for part in Part::ALL {
        let doc = oscal::export_part(Catalog::builtin(), part);
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .take(5)
            .map(|e| e.instance_path().to_string())
            .collect();
        assert!(
            errors.is_empty(),
            "part {part} fails the corpus OSCAL schema at {errors:?}"
        );
    }
}

#[test]
fn nist_example_catalog_validates_with_the_same_validator() {
    // The oracle itself must accept NIST's own example catalog, or the check above means nothing.
    let schema_path = corpora().join("oscal-schema/oscal_complete_schema_1.2.3.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let examples = corpora().join("oscal-content/examples/catalog/json");
    let mut checked = 0;
    for entry in
        std::fs::read_dir(&examples).unwrap_or_else(|e| panic!("{}: {e}", examples.display()))
    {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let doc: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            assert!(validator.is_valid(&doc), "{}", path.display());
            checked += 1;
        }
    }
    assert!(
        checked > 0,
        "no example catalogs under {}",
        examples.display()
    );
}
