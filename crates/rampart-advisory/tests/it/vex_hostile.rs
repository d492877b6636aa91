//! Hostile VEX documents: a reader's time and memory stay in proportion to the input.

use rampart_advisory::vex;
use serde_json::json;

fn csaf(product_tree: &serde_json::Value, vulnerability: &serde_json::Value) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "document": {"category": "csaf_vex", "csaf_version": "2.0",
            "tracking": {"id": "X", "current_release_date": "2024-01-01T00:00:00Z"}},
        "product_tree": product_tree,
        "vulnerabilities": [vulnerability],
    }))
    .unwrap()
}

/// Relationships over relationships once doubled the product at each level (2^200 here).
#[test]
fn nested_csaf_relationships_stay_one_level_deep() {
    let mut relationships = Vec::new();
    for i in 1..=200 {
        relationships.push(json!({"category": "default_component_of",
            "product_reference": format!("P{}", i - 1),
            "relates_to_product_reference": format!("P{}", i - 1),
            "full_product_name": {"name": "n", "product_id": format!("P{i}")}}));
    }
    let tree = json!({
        "full_product_names": [{"name": "base", "product_id": "P0",
            "product_identification_helper": {"purl": "pkg:generic/base@1"}}],
        "relationships": relationships,
    });
    let bytes = csaf(
        &tree,
        &json!({"cve": "CVE-2024-0001",
        "product_status": {"fixed": ["P200"]}}),
    );
    let doc = vex::read("deep.json", &bytes).unwrap();
    let product = &doc.statements[0].products[0];
    assert_eq!(product.subcomponents.len(), 1);
    assert!(product.subcomponents[0].subcomponents.is_empty());
}

/// Many remediations naming one large group: each product's action text is capped, and
/// equal statements share one.
#[test]
fn remediations_through_a_large_group_are_capped() {
    let ids: Vec<String> = (0..2_000).map(|i| format!("P{i}")).collect();
    let names: Vec<_> = ids
        .iter()
        .map(|id| json!({"name": id, "product_id": id}))
        .collect();
    let tree = json!({"full_product_names": names,
        "product_groups": [{"group_id": "G", "product_ids": ids}]});
    let remediations: Vec<_> = (0..2_000)
        .map(|i| json!({"category": "vendor_fix", "details": format!("fix {i}"), "group_ids": ["G"]}))
        .collect();
    let bytes = csaf(
        &tree,
        &json!({"cve": "CVE-2024-0001",
        "product_status": {"known_affected": ids}, "remediations": remediations}),
    );
    let doc = vex::read("wide.json", &bytes).unwrap();
    assert_eq!(doc.statements.len(), 1);
    let action = doc.statements[0].action_statement.as_deref().unwrap();
    assert_eq!(action.lines().count(), 8, "{action}");
    assert_eq!(doc.statements[0].products.len(), 2_000);
}
