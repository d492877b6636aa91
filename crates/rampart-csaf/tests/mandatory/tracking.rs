//! §6.1.14–6.1.22 and §6.1.30: the document's tracking: revision history order, numbering and
//! versions, translator and draft status.

use serde_json::{Value, json};

use crate::support::{base, fails_at, insert, passes, set, with};

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
