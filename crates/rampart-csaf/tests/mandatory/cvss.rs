//! §6.1.7–6.1.10: CVSS scores: one per product and version, valid vectors, computed values
//! and properties consistent with the vector.

use serde_json::{Value, json};

use crate::support::{at, fails_at, insert, passes, with};

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
