//! The base document every test changes, and the assertions they share.

use rampart_csaf::validate;
use serde_json::{Value, json};

/// A minimal valid CSAF 2.0 document (profile CSAF Base): two products, one group, one CVE.
pub fn base() -> Value {
    json!({
        "document": {
            "category": "csaf_base",
            "csaf_version": "2.0",
            "lang": "en",
            "publisher": {
                "category": "vendor",
                "name": "Example Vendor",
                "namespace": "https://vendor.example"
            },
            "title": "Example advisory",
            "tracking": {
                "current_release_date": "2024-01-02T00:00:00Z",
                "id": "EXAMPLE-2024-0001",
                "initial_release_date": "2024-01-01T00:00:00Z",
                "revision_history": [
                    {"date": "2024-01-01T00:00:00Z", "number": "1", "summary": "Initial"}
                ],
                "status": "final",
                "version": "1"
            }
        },
        "product_tree": {
            "full_product_names": [
                {"name": "Controller 1.0", "product_id": "A"},
                {"name": "Controller 2.0", "product_id": "B"}
            ],
            "product_groups": [{"group_id": "G", "product_ids": ["A", "B"]}]
        },
        "vulnerabilities": [{
            "cve": "CVE-2024-0001",
            "product_status": {"known_affected": ["A"], "fixed": ["B"]}
        }]
    })
}

/// `base()` with `change` applied.
pub fn with(change: impl FnOnce(&mut Value)) -> Value {
    let mut doc = base();
    change(&mut doc);
    doc
}

pub fn at<'a>(doc: &'a mut Value, pointer: &str) -> &'a mut Value {
    doc.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in the test document"))
}

pub fn set(doc: &mut Value, pointer: &str, value: Value) {
    *at(doc, pointer) = value;
}

pub fn insert(doc: &mut Value, pointer: &str, key: &str, value: Value) {
    at(doc, pointer)
        .as_object_mut()
        .expect("an object")
        .insert(key.to_owned(), value);
}

/// The pointers at which `doc` fails `test`.
pub fn failures(doc: &Value, test: &str) -> Vec<String> {
    validate(doc)
        .of_test(test)
        .map(|f| f.pointer.clone())
        .collect()
}

#[track_caller]
pub fn fails_at(doc: &Value, test: &str, pointer: &str) {
    let found = failures(doc, test);
    assert!(
        found.iter().any(|p| p == pointer),
        "expected {test} to fail at {pointer:?}, got {found:?}"
    );
}

#[track_caller]
pub fn passes(doc: &Value, test: &str) {
    let report = validate(doc);
    assert!(
        report.of_test(test).next().is_none(),
        "expected {test} to pass, got {:?}",
        report.failures
    );
}
