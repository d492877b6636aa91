//! §6.1.23–6.1.25, §6.1.29, §6.1.32 and §6.1.33: duplicates within a vulnerability
//! (CVEs, involvements, hash algorithms) and remediations and flags that name no product.

use serde_json::{Value, json};

use crate::support::{at, fails_at, insert, passes, with};

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
