//! Conformance against public corpora kept outside the repository (`../shared/corpora`).
//! Built only with `--features conformance`; `.ci/run` sets `RAMPART_CORPORA` and runs it.

use std::path::PathBuf;

use rampart_catalog::{Catalog, Part, oscal};
use rampart_testkit::{read_json, schema_validator};

fn corpora() -> PathBuf {
    let dir = std::env::var_os("RAMPART_CORPORA")
        .expect("set RAMPART_CORPORA to the shared corpora folder to run the conformance tests");
    PathBuf::from(dir)
}

#[test]
fn oscal_exports_validate_against_the_corpus_schema() {
    let validator = schema_validator(
        &corpora().join("oscal-schema/oscal_complete_schema_1.2.3.json"),
        Vec::new(),
    );
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
    let validator = schema_validator(
        &corpora().join("oscal-schema/oscal_complete_schema_1.2.3.json"),
        Vec::new(),
    );
    let examples = corpora().join("oscal-content/examples/catalog/json");
    let mut checked = 0;
    for entry in
        std::fs::read_dir(&examples).unwrap_or_else(|e| panic!("{}: {e}", examples.display()))
    {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            assert!(validator.is_valid(&read_json(&path)), "{}", path.display());
            checked += 1;
        }
    }
    assert!(
        checked > 0,
        "no example catalogs under {}",
        examples.display()
    );
}
