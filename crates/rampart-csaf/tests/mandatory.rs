//! Each mandatory test against a small document written here: one change that must fail the
//! test, and a near miss that must pass it. The base document passes the schema and every
//! test, so a failure can only come from the change.

use rampart_csaf::{MANDATORY_TESTS, validate};
use serde_json::{Value, json};

/// A minimal valid CSAF 2.0 document (profile CSAF Base): two products, one group, one CVE.
fn base() -> Value {
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
fn with(change: impl FnOnce(&mut Value)) -> Value {
    let mut doc = base();
    change(&mut doc);
    doc
}

fn at<'a>(doc: &'a mut Value, pointer: &str) -> &'a mut Value {
    doc.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in the test document"))
}

fn set(doc: &mut Value, pointer: &str, value: Value) {
    *at(doc, pointer) = value;
}

fn insert(doc: &mut Value, pointer: &str, key: &str, value: Value) {
    at(doc, pointer)
        .as_object_mut()
        .expect("an object")
        .insert(key.to_owned(), value);
}

/// The pointers at which `doc` fails `test`.
fn failures(doc: &Value, test: &str) -> Vec<String> {
    validate(doc)
        .of_test(test)
        .map(|f| f.pointer.clone())
        .collect()
}

#[track_caller]
fn fails_at(doc: &Value, test: &str, pointer: &str) {
    let found = failures(doc, test);
    assert!(
        found.iter().any(|p| p == pointer),
        "expected {test} to fail at {pointer:?}, got {found:?}"
    );
}

#[track_caller]
fn passes(doc: &Value, test: &str) {
    let report = validate(doc);
    assert!(
        report.of_test(test).next().is_none(),
        "expected {test} to pass, got {:?}",
        report.failures
    );
}

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
fn t6_1_1_missing_product_id() {
    let doc = with(|d| {
        set(
            d,
            "/vulnerabilities/0/product_status/known_affected",
            json!(["X"]),
        );
    });
    fails_at(
        &doc,
        "6.1.1",
        "/vulnerabilities/0/product_status/known_affected/0",
    );
    passes(
        &with(|d| {
            set(
                d,
                "/vulnerabilities/0/product_status/known_affected",
                json!(["B"]),
            );
        }),
        "6.1.1",
    );
}

#[test]
fn t6_1_2_multiple_product_id() {
    let doc = with(|d| {
        set(
            d,
            "/product_tree/full_product_names/1/product_id",
            json!("A"),
        );
    });
    fails_at(
        &doc,
        "6.1.2",
        "/product_tree/full_product_names/1/product_id",
    );
    passes(&base(), "6.1.2");
}

fn relationship(id: &str, reference: &str, relates_to: &str) -> Value {
    json!({
        "category": "installed_on",
        "full_product_name": {"name": "Combined", "product_id": id},
        "product_reference": reference,
        "relates_to_product_reference": relates_to
    })
}

#[test]
fn t6_1_3_circular_product_id() {
    let doc = with(|d| {
        insert(
            d,
            "/product_tree",
            "relationships",
            json!([relationship("C", "C", "A")]),
        );
    });
    fails_at(
        &doc,
        "6.1.3",
        "/product_tree/relationships/0/full_product_name/product_id",
    );
    let ok = with(|d| {
        insert(
            d,
            "/product_tree",
            "relationships",
            json!([relationship("C", "B", "A")]),
        );
    });
    passes(&ok, "6.1.3");
}

#[test]
fn t6_1_4_missing_group_id() {
    let remediation = |group: &str| json!([{"category": "vendor_fix", "details": "Update", "group_ids": [group]}]);
    fails_at(
        &with(|d| insert(d, "/vulnerabilities/0", "remediations", remediation("H"))),
        "6.1.4",
        "/vulnerabilities/0/remediations/0/group_ids/0",
    );
    passes(
        &with(|d| insert(d, "/vulnerabilities/0", "remediations", remediation("G"))),
        "6.1.4",
    );
}

#[test]
fn t6_1_5_multiple_group_id() {
    let doc = with(|d| {
        at(d, "/product_tree/product_groups")
            .as_array_mut()
            .unwrap()
            .push(json!({"group_id": "G", "product_ids": ["A", "B"]}));
    });
    fails_at(&doc, "6.1.5", "/product_tree/product_groups/1/group_id");
    passes(&base(), "6.1.5");
}

#[test]
fn t6_1_6_contradicting_status() {
    let doc = with(|d| {
        insert(
            d,
            "/vulnerabilities/0/product_status",
            "known_not_affected",
            json!(["A"]),
        );
    });
    fails_at(
        &doc,
        "6.1.6",
        "/vulnerabilities/0/product_status/known_not_affected/0",
    );
    // First affected and known affected are one group: no contradiction.
    passes(
        &with(|d| {
            insert(
                d,
                "/vulnerabilities/0/product_status",
                "first_affected",
                json!(["A"]),
            );
        }),
        "6.1.6",
    );
}

fn v31(vector: &str, score: f64, severity: &str, products: &[&str]) -> Value {
    json!({"products": products, "cvss_v3": {"version": "3.1", "vectorString": vector, "baseScore": score, "baseSeverity": severity}})
}

const CRITICAL: &str = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";

#[test]
fn t6_1_7_multiple_scores() {
    let two = with(|d| {
        insert(
            d,
            "/vulnerabilities/0",
            "scores",
            json!([
                v31(CRITICAL, 9.8, "CRITICAL", &["A"]),
                v31(CRITICAL, 9.8, "CRITICAL", &["A"])
            ]),
        );
    });
    fails_at(&two, "6.1.7", "/vulnerabilities/0/scores/1/products/0");
    let ok = with(|d| {
        insert(
            d,
            "/vulnerabilities/0",
            "scores",
            json!([
                v31(CRITICAL, 9.8, "CRITICAL", &["A"]),
                v31(CRITICAL, 9.8, "CRITICAL", &["B"])
            ]),
        );
    });
    passes(&ok, "6.1.7");
}

#[test]
fn t6_1_8_invalid_cvss() {
    let doc = with(|d| {
        insert(
            d,
            "/vulnerabilities/0",
            "scores",
            json!([v31(CRITICAL, 9.8, "CRITICAL", &["A"])]),
        );
        at(d, "/vulnerabilities/0/scores/0/cvss_v3")
            .as_object_mut()
            .unwrap()
            .remove("baseSeverity");
    });
    fails_at(&doc, "6.1.8", "/vulnerabilities/0/scores/0/cvss_v3");
    passes(
        &with(|d| {
            insert(
                d,
                "/vulnerabilities/0",
                "scores",
                json!([v31(CRITICAL, 9.8, "CRITICAL", &["A"])]),
            );
        }),
        "6.1.8",
    );
}

#[test]
fn t6_1_9_cvss_computation() {
    let doc = with(|d| {
        insert(
            d,
            "/vulnerabilities/0",
            "scores",
            json!([v31(CRITICAL, 10.0, "CRITICAL", &["A"])]),
        );
    });
    fails_at(
        &doc,
        "6.1.9",
        "/vulnerabilities/0/scores/0/cvss_v3/baseScore",
    );
    let severity = with(|d| {
        insert(
            d,
            "/vulnerabilities/0",
            "scores",
            json!([v31(CRITICAL, 9.8, "HIGH", &["A"])]),
        );
    });
    fails_at(
        &severity,
        "6.1.9",
        "/vulnerabilities/0/scores/0/cvss_v3/baseSeverity",
    );
    passes(
        &with(|d| {
            insert(
                d,
                "/vulnerabilities/0",
                "scores",
                json!([v31(CRITICAL, 9.8, "CRITICAL", &["A"])]),
            );
        }),
        "6.1.9",
    );
}

#[test]
fn t6_1_10_inconsistent_cvss() {
    let scored = |attack_vector: &str| {
        with(|d| {
            insert(
                d,
                "/vulnerabilities/0",
                "scores",
                json!([v31(CRITICAL, 9.8, "CRITICAL", &["A"])]),
            );
            insert(
                d,
                "/vulnerabilities/0/scores/0/cvss_v3",
                "attackVector",
                json!(attack_vector),
            );
        })
    };
    fails_at(
        &scored("LOCAL"),
        "6.1.10",
        "/vulnerabilities/0/scores/0/cvss_v3/attackVector",
    );
    passes(&scored("NETWORK"), "6.1.10");
}

#[test]
fn t6_1_11_cwe() {
    let cwe = |name: &str| {
        with(|d| {
            insert(
                d,
                "/vulnerabilities/0",
                "cwe",
                json!({"id": "CWE-79", "name": name}),
            );
        })
    };
    fails_at(
        &cwe("Improper Input Validation"),
        "6.1.11",
        "/vulnerabilities/0/cwe/name",
    );
    passes(
        &cwe(
            "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')",
        ),
        "6.1.11",
    );
}

#[test]
fn t6_1_12_language() {
    fails_at(
        &with(|d| set(d, "/document/lang", json!("EZ"))),
        "6.1.12",
        "/document/lang",
    );
    passes(
        &with(|d| set(d, "/document/lang", json!("de-AT"))),
        "6.1.12",
    );
}

#[test]
fn t6_1_13_purl() {
    let purl = |p: &str| {
        with(|d| {
            insert(
                d,
                "/product_tree/full_product_names/0",
                "product_identification_helper",
                json!({"purl": p}),
            );
        })
    };
    fails_at(
        &purl("pkg:maven/@1.3.4"),
        "6.1.13",
        "/product_tree/full_product_names/0/product_identification_helper/purl",
    );
    passes(&purl("pkg:maven/org.example/controller@1.0"), "6.1.13");
}

fn history(items: &[(&str, &str)]) -> Value {
    Value::Array(
        items
            .iter()
            .map(|(date, number)| json!({"date": date, "number": number, "summary": "Change"}))
            .collect(),
    )
}

#[test]
fn t6_1_14_sorted_revision_history() {
    let doc = with(|d| {
        set(
            d,
            "/document/tracking/revision_history",
            history(&[("2024-01-01T00:00:00Z", "2"), ("2024-01-02T00:00:00Z", "1")]),
        );
        set(d, "/document/tracking/version", json!("2"));
    });
    fails_at(
        &doc,
        "6.1.14",
        "/document/tracking/revision_history/1/number",
    );
    let ok = with(|d| {
        set(
            d,
            "/document/tracking/revision_history",
            history(&[("2024-01-02T00:00:00Z", "2"), ("2024-01-01T00:00:00Z", "1")]),
        );
        set(d, "/document/tracking/version", json!("2"));
    });
    passes(&ok, "6.1.14");
}

#[test]
fn t6_1_15_translator() {
    let translator = with(|d| set(d, "/document/publisher/category", json!("translator")));
    fails_at(&translator, "6.1.15", "/document");
    let ok = with(|d| {
        set(d, "/document/publisher/category", json!("translator"));
        insert(d, "/document", "source_lang", json!("de"));
    });
    passes(&ok, "6.1.15");
}

#[test]
fn t6_1_16_latest_document_version() {
    fails_at(
        &with(|d| set(d, "/document/tracking/version", json!("2"))),
        "6.1.16",
        "/document/tracking/version",
    );
    let ok = with(|d| {
        set(
            d,
            "/document/tracking/revision_history",
            history(&[
                ("2024-01-01T00:00:00Z", "1.0.0"),
                ("2024-01-02T00:00:00Z", "1.1.0"),
            ]),
        );
        // Build metadata is ignored.
        set(d, "/document/tracking/version", json!("1.1.0+build.7"));
    });
    passes(&ok, "6.1.16");
}

#[test]
fn t6_1_17_document_status_draft() {
    let zero = with(|d| {
        set(d, "/document/tracking/version", json!("0"));
        set(
            d,
            "/document/tracking/revision_history/0/number",
            json!("0"),
        );
    });
    fails_at(&zero, "6.1.17", "/document/tracking/status");
    let draft = with(|d| {
        set(d, "/document/tracking/version", json!("0"));
        set(
            d,
            "/document/tracking/revision_history/0/number",
            json!("0"),
        );
        set(d, "/document/tracking/status", json!("draft"));
    });
    passes(&draft, "6.1.17");
}

#[test]
fn t6_1_18_released_revision_history() {
    let doc = with(|d| {
        set(
            d,
            "/document/tracking/revision_history",
            history(&[("2023-12-01T00:00:00Z", "0"), ("2024-01-01T00:00:00Z", "1")]),
        );
    });
    fails_at(
        &doc,
        "6.1.18",
        "/document/tracking/revision_history/0/number",
    );
    let draft = with(|d| {
        set(
            d,
            "/document/tracking/revision_history",
            history(&[("2023-12-01T00:00:00Z", "0"), ("2024-01-01T00:00:00Z", "1")]),
        );
        set(d, "/document/tracking/status", json!("draft"));
    });
    passes(&draft, "6.1.18");
}

#[test]
fn t6_1_19_prerelease_revisions() {
    let semantic = |number: &str| {
        with(|d| {
            set(
                d,
                "/document/tracking/revision_history/0/number",
                json!(number),
            );
            set(d, "/document/tracking/version", json!("1.0.0"));
        })
    };
    fails_at(
        &semantic("1.0.0-rc"),
        "6.1.19",
        "/document/tracking/revision_history/0/number",
    );
    passes(&semantic("1.0.0"), "6.1.19");
}

#[test]
fn t6_1_20_non_draft_version() {
    let doc = |status: &str| {
        with(|d| {
            set(
                d,
                "/document/tracking/revision_history/0/number",
                json!("1.0.0"),
            );
            set(d, "/document/tracking/version", json!("1.0.0-alpha"));
            set(d, "/document/tracking/status", json!(status));
        })
    };
    fails_at(&doc("interim"), "6.1.20", "/document/tracking/version");
    passes(&doc("draft"), "6.1.20");
}

#[test]
fn t6_1_21_missing_revision() {
    let doc = |numbers: [&str; 2]| {
        with(|d| {
            set(
                d,
                "/document/tracking/revision_history",
                history(&[
                    ("2024-01-01T00:00:00Z", numbers[0]),
                    ("2024-01-02T00:00:00Z", numbers[1]),
                ]),
            );
            set(d, "/document/tracking/version", json!(numbers[1]));
        })
    };
    fails_at(
        &doc(["1", "3"]),
        "6.1.21",
        "/document/tracking/revision_history",
    );
    fails_at(
        &doc(["2", "3"]),
        "6.1.21",
        "/document/tracking/revision_history/0/number",
    );
    passes(&doc(["1", "2"]), "6.1.21");
}

#[test]
fn t6_1_22_duplicate_revision() {
    let doc = with(|d| {
        set(
            d,
            "/document/tracking/revision_history",
            history(&[("2024-01-01T00:00:00Z", "1"), ("2024-01-02T00:00:00Z", "1")]),
        );
    });
    fails_at(
        &doc,
        "6.1.22",
        "/document/tracking/revision_history/1/number",
    );
    passes(&base(), "6.1.22");
}

#[test]
fn t6_1_23_duplicate_cve() {
    let second = |cve: &str| {
        with(|d| {
            at(d, "/vulnerabilities")
                .as_array_mut()
                .unwrap()
                .push(json!({"cve": cve}));
        })
    };
    fails_at(&second("CVE-2024-0001"), "6.1.23", "/vulnerabilities/1/cve");
    passes(&second("CVE-2024-0002"), "6.1.23");
}

#[test]
fn t6_1_24_duplicate_involvement() {
    let involvements = |second_date: &str| {
        with(|d| {
            insert(
                d,
                "/vulnerabilities/0",
                "involvements",
                json!([
                    {"party": "vendor", "status": "in_progress", "date": "2024-01-01T10:00:00Z"},
                    {"party": "vendor", "status": "completed", "date": second_date}
                ]),
            );
        })
    };
    // The same instant written with another offset is the same date.
    fails_at(
        &involvements("2024-01-01T11:00:00+01:00"),
        "6.1.24",
        "/vulnerabilities/0/involvements/1",
    );
    passes(&involvements("2024-01-02T10:00:00Z"), "6.1.24");
}

#[test]
fn t6_1_25_duplicate_hash_algorithm() {
    let hashes = |second: &str| {
        with(|d| {
            insert(
                d,
                "/product_tree/full_product_names/0",
                "product_identification_helper",
                json!({"hashes": [{
                    "filename": "fw.bin",
                    "file_hashes": [
                        {"algorithm": "sha256", "value": "026a37919b182ef7c63791e82c9645e2f897a3f0b73c7a6028c7febf62e93838"},
                        {"algorithm": second, "value": "0a853ce2337f0608489ac596a308dc5b7b19d35a52b10bf31261586ac368b175"}
                    ]
                }]}),
            );
        })
    };
    fails_at(
        &hashes("sha256"),
        "6.1.25",
        "/product_tree/full_product_names/0/product_identification_helper/hashes/0/file_hashes/1/algorithm",
    );
    passes(&hashes("sha384"), "6.1.25");
}

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

#[test]
fn t6_1_28_translation() {
    let source = |lang: &str| with(|d| insert(d, "/document", "source_lang", json!(lang)));
    fails_at(&source("EN"), "6.1.28", "/document/source_lang");
    passes(&source("de"), "6.1.28");
}

#[test]
fn t6_1_29_remediation_without_product() {
    let remediation =
        |r: Value| with(|d| insert(d, "/vulnerabilities/0", "remediations", json!([r])));
    fails_at(
        &remediation(json!({"category": "vendor_fix", "details": "Update"})),
        "6.1.29",
        "/vulnerabilities/0/remediations/0",
    );
    passes(
        &remediation(json!({"category": "vendor_fix", "details": "Update", "group_ids": ["G"]})),
        "6.1.29",
    );
}

#[test]
fn t6_1_30_mixed_versioning() {
    let doc = with(|d| {
        set(
            d,
            "/document/tracking/revision_history",
            history(&[
                ("2024-01-01T00:00:00Z", "1.0.0"),
                ("2024-01-02T00:00:00Z", "2"),
            ]),
        );
        set(d, "/document/tracking/version", json!("2"));
    });
    fails_at(
        &doc,
        "6.1.30",
        "/document/tracking/revision_history/0/number",
    );
    passes(&base(), "6.1.30");
}

#[test]
fn t6_1_31_version_range() {
    let branch = |name: &str| {
        with(|d| {
            insert(
                d,
                "/product_tree",
                "branches",
                json!([{
                    "category": "product_version",
                    "name": name,
                    "product": {"name": "Controller", "product_id": "C"}
                }]),
            );
        })
    };
    fails_at(
        &branch("prior to 4.2"),
        "6.1.31",
        "/product_tree/branches/0/name",
    );
    fails_at(&branch("<=4.1"), "6.1.31", "/product_tree/branches/0/name");
    // "all" only as a word: "Install" contains it but is no range.
    passes(&branch("4.1 Install"), "6.1.31");
    // Words are separated by white space: a hyphenated name is one word (OASIS 6-1-31-12).
    passes(&branch("after-eight"), "6.1.31");
}

#[test]
fn t6_1_32_flag_without_product() {
    let flag = |f: Value| with(|d| insert(d, "/vulnerabilities/0", "flags", json!([f])));
    fails_at(
        &flag(json!({"label": "component_not_present"})),
        "6.1.32",
        "/vulnerabilities/0/flags/0",
    );
    passes(
        &flag(json!({"label": "component_not_present", "product_ids": ["B"]})),
        "6.1.32",
    );
}

#[test]
fn t6_1_33_multiple_flags() {
    let flags = |second: Value| {
        with(|d| {
            insert(
                d,
                "/vulnerabilities/0",
                "flags",
                json!([
                    {"label": "component_not_present", "product_ids": ["A"]},
                    second
                ]),
            );
        })
    };
    // The group G holds A: a second flag through it is a second flag for A.
    fails_at(
        &flags(json!({"label": "vulnerable_code_not_present", "group_ids": ["G"]})),
        "6.1.33",
        "/vulnerabilities/0/flags/1",
    );
    passes(
        &flags(json!({"label": "vulnerable_code_not_present", "product_ids": ["B"]})),
        "6.1.33",
    );
}

#[test]
fn unreadable_json_names_the_file_line_and_column() {
    let e = rampart_csaf::parse("advisory.json", "{\n  \"document\": ,\n}").unwrap_err();
    assert_eq!(
        e.to_string(),
        "advisory.json:2:15: not valid JSON: expected value"
    );
}
