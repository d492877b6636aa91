//! Each mandatory test against a small document written here: one change that must fail the
//! test, and a near miss that must pass it. The base document passes the schema and every
//! test, so a failure can only come from the change.

mod cvss;
mod identifiers;
mod product_tree;
mod profiles;
mod support;
mod tracking;
mod vulnerabilities;

use rampart_csaf::{MANDATORY_TESTS, validate};
use serde_json::json;

use crate::support::{base, fails_at, set, with};

#[test]
fn the_base_document_is_valid() {
    let report = validate(&base());
    assert!(report.is_valid(), "{:?}", report.failures);
}

#[test]
fn every_mandatory_test_of_the_spec_is_implemented_once() {
    let ids: Vec<&str> = MANDATORY_TESTS.iter().map(|t| t.id).collect();
    let mut expected: Vec<String> = (1..=33).map(|n| format!("6.1.{n}")).collect();
    expected.retain(|id| id != "6.1.27");
    expected.extend((1..=11).map(|n| format!("6.1.27.{n}")));
    for id in &expected {
        assert_eq!(ids.iter().filter(|i| *i == id).count(), 1, "{id}");
    }
    assert_eq!(ids.len(), expected.len());
}

#[test]
fn schema_violations_are_reported_at_the_value() {
    let doc = with(|d| set(d, "/document/tracking/status", json!("published")));
    fails_at(&doc, "schema", "/document/tracking/status");
}

#[test]
fn schema_formats_are_asserted() {
    let doc = with(|d| {
        set(
            d,
            "/document/tracking/current_release_date",
            json!("yesterday"),
        );
    });
    fails_at(&doc, "schema", "/document/tracking/current_release_date");
    let doc = with(|d| {
        set(d, "/document/publisher/namespace", json!("not a uri"));
    });
    fails_at(&doc, "schema", "/document/publisher/namespace");
}

#[test]
fn unreadable_json_names_the_file_line_and_column() {
    let e = rampart_csaf::parse("advisory.json", "{\n  \"document\": ,\n}").unwrap_err();
    assert_eq!(
        e.to_string(),
        "advisory.json:2:15: not valid JSON: expected value"
    );
}
