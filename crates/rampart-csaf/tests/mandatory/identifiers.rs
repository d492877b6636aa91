//! §6.1.11–6.1.13 and §6.1.28: CWE ids, language tags (of the document and of a
//! translation's source) and package URLs.

use serde_json::json;

use crate::support::{fails_at, insert, passes, set, with};

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

#[test]
fn t6_1_28_translation() {
    let source = |lang: &str| with(|d| insert(d, "/document", "source_lang", json!(lang)));
    fails_at(&source("EN"), "6.1.28", "/document/source_lang");
    passes(&source("de"), "6.1.28");
}
