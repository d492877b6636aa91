//! §6.1.1–6.1.6 and §6.1.31: product and group ids in the product tree, contradicting
//! product statuses, and version ranges written into branch names.

use serde_json::{Value, json};

use crate::support::{at, base, fails_at, insert, passes, set, with};

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
