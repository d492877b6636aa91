use rampart_catalog::{Catalog, Part, oscal};
use rampart_testkit::{OSCAL_COMPLETE_SCHEMA, oscal_validator, schema_errors};
use serde_json::Value;

#[test]
fn every_part_exports_a_valid_oscal_catalog() {
    let validator = oscal_validator("catalog");
    for part in Part::ALL {
        let doc = oscal::export_part(Catalog::builtin(), part);
        let errs = schema_errors(&validator, &doc);
        assert!(errs.is_empty(), "part {part}: {errs:#?}");
    }
}

#[test]
fn export_with_overrides_stays_valid_and_changes_uuid() {
    let validator = oscal_validator("catalog");
    let mut c = Catalog::builtin().clone();
    c.apply_overrides(
        "o.yaml",
        "overrides:\n  - id: SR 3.4\n    sl: [1, 2, 3, 4]\n    reason: pre-corrigendum copy\n",
    )
    .unwrap();
    let doc = oscal::export_part(&c, Part::P3_3);
    assert!(schema_errors(&validator, &doc).is_empty());
    let base = oscal::export_part(Catalog::builtin(), Part::P3_3);
    assert_ne!(doc["catalog"]["uuid"], base["catalog"]["uuid"]);
}

#[test]
fn export_is_deterministic_and_nests_enhancements() {
    let a = oscal::export_part(Catalog::builtin(), Part::P3_3);
    let b = oscal::export_part(Catalog::builtin(), Part::P3_3);
    assert_eq!(a, b);
    let fr1 = &a["catalog"]["groups"][0];
    assert_eq!(fr1["id"], "fr1");
    let sr11 = &fr1["controls"][0];
    assert_eq!(sr11["id"], "sr-1.1");
    assert_eq!(
        sr11["params"][0]["values"],
        serde_json::json!(["1", "2", "3", "4"])
    );
    assert_eq!(sr11["controls"][0]["id"], "sr-1.1.re-1");
    assert_eq!(a["catalog"]["params"].as_array().unwrap().len(), 7);
}

/// Guards against a vacuous validation: a document the schema must reject is rejected.
#[test]
fn the_schema_rejects_a_broken_catalog() {
    let validator = oscal_validator("catalog");
    let mut doc = oscal::export_part(Catalog::builtin(), Part::P4_1);
    doc["catalog"]["groups"][0]["controls"][0]["id"] = Value::String("has space".into());
    doc["catalog"]["metadata"]["last-modified"] = Value::String("yesterday".into());
    assert!(schema_errors(&validator, &doc).len() >= 2);
}

/// The export says which OSCAL version it conforms to: the one of the schema it is validated
/// against, not an older one.
#[test]
fn export_declares_the_oscal_version_it_is_validated_against() {
    let schema: Value = serde_json::from_str(OSCAL_COMPLETE_SCHEMA).unwrap();
    let schema_id = schema["$id"].as_str().unwrap();
    let version = schema_id.split('/').rev().nth(1).unwrap();
    assert_eq!(version, "1.2.3", "{schema_id}");
    assert_eq!(oscal::OSCAL_VERSION, version);
    let doc = oscal::export_part(Catalog::builtin(), Part::P4_1);
    assert_eq!(doc["catalog"]["metadata"]["oscal-version"], version);
}
