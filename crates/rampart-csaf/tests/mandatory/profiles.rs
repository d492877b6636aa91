//! §6.1.26–6.1.27.11: the document category and what each CSAF profile requires.

use serde_json::{Value, json};

use crate::support::{at, fails_at, insert, passes, set, with};

#[test]
fn t6_1_26_prohibited_category() {
    fails_at(
        &with(|d| set(d, "/document/category", json!("Security_Incident_Response"))),
        "6.1.26",
        "/document/category",
    );
    fails_at(
        &with(|d| set(d, "/document/category", json!("csaf_vex_2"))),
        "6.1.26",
        "/document/category",
    );
    passes(
        &with(|d| set(d, "/document/category", json!("Product Bulletin"))),
        "6.1.26",
    );
}

/// A document of `category` with notes and references as its profile asks, so that only the
/// test at hand can fail.
fn profile(category: &str) -> Value {
    with(|d| {
        set(d, "/document/category", json!(category));
        insert(
            d,
            "/document",
            "notes",
            json!([{"category": "summary", "text": "What happened."}]),
        );
        insert(
            d,
            "/document",
            "references",
            json!([{"category": "external", "summary": "Details", "url": "https://vendor.example/info"}]),
        );
        insert(
            d,
            "/vulnerabilities/0",
            "notes",
            json!([{"category": "description", "text": "A flaw."}]),
        );
        insert(
            d,
            "/vulnerabilities/0",
            "remediations",
            json!([{"category": "vendor_fix", "details": "Update to 2.0", "product_ids": ["A"]}]),
        );
    })
}

#[test]
fn t6_1_27_1_document_notes() {
    let mut doc = profile("csaf_security_incident_response");
    set(
        &mut doc,
        "/document/notes/0/category",
        json!("legal_disclaimer"),
    );
    fails_at(&doc, "6.1.27.1", "/document/notes");
    passes(&profile("csaf_security_incident_response"), "6.1.27.1");
}

#[test]
fn t6_1_27_2_document_references() {
    let mut doc = profile("csaf_security_incident_response");
    set(&mut doc, "/document/references/0/category", json!("self"));
    fails_at(&doc, "6.1.27.2", "/document/references");
    passes(&profile("csaf_security_incident_response"), "6.1.27.2");
}

#[test]
fn t6_1_27_3_no_vulnerabilities() {
    fails_at(
        &profile("csaf_informational_advisory"),
        "6.1.27.3",
        "/vulnerabilities",
    );
    let mut doc = profile("csaf_informational_advisory");
    doc.as_object_mut().unwrap().remove("vulnerabilities");
    passes(&doc, "6.1.27.3");
}

#[test]
fn t6_1_27_4_product_tree() {
    let mut doc = profile("csaf_security_advisory");
    doc.as_object_mut().unwrap().remove("product_tree");
    fails_at(&doc, "6.1.27.4", "");
    passes(&profile("csaf_security_advisory"), "6.1.27.4");
}

#[test]
fn t6_1_27_5_vulnerability_notes() {
    let mut doc = profile("csaf_security_advisory");
    at(&mut doc, "/vulnerabilities/0")
        .as_object_mut()
        .unwrap()
        .remove("notes");
    fails_at(&doc, "6.1.27.5", "/vulnerabilities/0");
    passes(&profile("csaf_security_advisory"), "6.1.27.5");
}

#[test]
fn t6_1_27_6_product_status() {
    let mut doc = profile("csaf_security_advisory");
    at(&mut doc, "/vulnerabilities/0")
        .as_object_mut()
        .unwrap()
        .remove("product_status");
    fails_at(&doc, "6.1.27.6", "/vulnerabilities/0");
    passes(&profile("csaf_security_advisory"), "6.1.27.6");
}

#[test]
fn t6_1_27_7_vex_product_status() {
    let mut doc = profile("csaf_vex");
    set(
        &mut doc,
        "/vulnerabilities/0/product_status",
        json!({"recommended": ["A"]}),
    );
    fails_at(&doc, "6.1.27.7", "/vulnerabilities/0/product_status");
    passes(&profile("csaf_vex"), "6.1.27.7");
}

#[test]
fn t6_1_27_8_vulnerability_id() {
    let mut doc = profile("csaf_vex");
    at(&mut doc, "/vulnerabilities/0")
        .as_object_mut()
        .unwrap()
        .remove("cve");
    fails_at(&doc, "6.1.27.8", "/vulnerabilities/0");
    insert(
        &mut doc,
        "/vulnerabilities/0",
        "ids",
        json!([{"system_name": "Vendor", "text": "VND-1"}]),
    );
    passes(&doc, "6.1.27.8");
}

#[test]
fn t6_1_27_9_impact_statement() {
    let mut doc = profile("csaf_vex");
    set(
        &mut doc,
        "/vulnerabilities/0/product_status",
        json!({"known_not_affected": ["A", "B"]}),
    );
    at(&mut doc, "/vulnerabilities/0")
        .as_object_mut()
        .unwrap()
        .remove("remediations");
    insert(
        &mut doc,
        "/vulnerabilities/0",
        "threats",
        json!([{"category": "impact", "details": "Not reachable.", "product_ids": ["A"]}]),
    );
    fails_at(
        &doc,
        "6.1.27.9",
        "/vulnerabilities/0/product_status/known_not_affected/1",
    );
    // A flag through the product group covers B.
    insert(
        &mut doc,
        "/vulnerabilities/0",
        "flags",
        json!([{"label": "component_not_present", "group_ids": ["G"]}]),
    );
    passes(&doc, "6.1.27.9");
}

#[test]
fn t6_1_27_10_action_statement() {
    let mut doc = profile("csaf_vex");
    set(
        &mut doc,
        "/vulnerabilities/0/remediations/0/product_ids",
        json!(["B"]),
    );
    fails_at(
        &doc,
        "6.1.27.10",
        "/vulnerabilities/0/product_status/known_affected/0",
    );
    passes(&profile("csaf_vex"), "6.1.27.10");
}

#[test]
fn t6_1_27_11_vulnerabilities() {
    let mut doc = profile("csaf_vex");
    doc.as_object_mut().unwrap().remove("vulnerabilities");
    fails_at(&doc, "6.1.27.11", "");
    passes(&profile("csaf_vex"), "6.1.27.11");
}
