//! Walks over the parts of a CSAF document the mandatory tests share: where product ids and
//! product group ids are defined and referenced, every full product name, every branch, every
//! vulnerability. Values of the wrong type are skipped (the schema reports them), so the tests
//! never panic on a malformed document.

use std::collections::HashMap;

use serde_json::Value;

/// The items of the array at `key` of `value`, or none.
pub(crate) fn items<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The string at `key` of `value`.
pub(crate) fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

/// The string at the JSON pointer `pointer` of `doc`.
pub(crate) fn text_at<'a>(doc: &'a Value, pointer: &str) -> Option<&'a str> {
    doc.pointer(pointer).and_then(Value::as_str)
}

/// A string and the JSON pointer where it stands.
pub(crate) struct Located<'a> {
    pub value: &'a str,
    pub pointer: String,
}

/// The strings of the array at `key` of `value` (at `pointer`), each with its pointer.
pub(crate) fn strings<'a>(value: &'a Value, pointer: &str, key: &str) -> Vec<Located<'a>> {
    items(value, key)
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            v.as_str().map(|s| Located {
                value: s,
                pointer: format!("{pointer}/{key}/{i}"),
            })
        })
        .collect()
}

/// Every branch of the product tree, depth first, with its pointer.
pub(crate) fn branches(doc: &Value) -> Vec<(&Value, String)> {
    fn walk<'a>(branch_list: &'a [Value], pointer: &str, out: &mut Vec<(&'a Value, String)>) {
        for (i, branch) in branch_list.iter().enumerate() {
            let here = format!("{pointer}/{i}");
            walk(items(branch, "branches"), &format!("{here}/branches"), out);
            out.push((branch, here));
        }
    }
    let mut out = Vec::new();
    if let Some(tree) = doc.get("product_tree") {
        walk(items(tree, "branches"), "/product_tree/branches", &mut out);
    }
    out
}

/// Every full product name object (in branches, in `full_product_names`, in relationships),
/// with its pointer.
pub(crate) fn full_product_names(doc: &Value) -> Vec<(&Value, String)> {
    let mut out: Vec<(&Value, String)> = branches(doc)
        .into_iter()
        .filter_map(|(branch, pointer)| {
            branch
                .get("product")
                .map(|product| (product, format!("{pointer}/product")))
        })
        .collect();
    if let Some(tree) = doc.get("product_tree") {
        for (i, product) in items(tree, "full_product_names").iter().enumerate() {
            out.push((product, format!("/product_tree/full_product_names/{i}")));
        }
        for (i, relationship) in items(tree, "relationships").iter().enumerate() {
            if let Some(product) = relationship.get("full_product_name") {
                out.push((
                    product,
                    format!("/product_tree/relationships/{i}/full_product_name"),
                ));
            }
        }
    }
    out
}

/// Every product id definition (`product_id` of a full product name), with its pointer.
pub(crate) fn product_definitions(doc: &Value) -> Vec<Located<'_>> {
    full_product_names(doc)
        .into_iter()
        .filter_map(|(product, pointer)| {
            text(product, "product_id").map(|id| Located {
                value: id,
                pointer: format!("{pointer}/product_id"),
            })
        })
        .collect()
}

/// The product status lists of a vulnerability (section 3.2.3.9).
pub(crate) const PRODUCT_STATUSES: [&str; 8] = [
    "first_affected",
    "first_fixed",
    "fixed",
    "known_affected",
    "known_not_affected",
    "last_affected",
    "recommended",
    "under_investigation",
];

/// Every reference to a product id outside its definition, with its pointer.
pub(crate) fn product_references(doc: &Value) -> Vec<Located<'_>> {
    let mut out = Vec::new();
    if let Some(tree) = doc.get("product_tree") {
        for (i, group) in items(tree, "product_groups").iter().enumerate() {
            let pointer = format!("/product_tree/product_groups/{i}");
            out.extend(strings(group, &pointer, "product_ids"));
        }
        for (i, relationship) in items(tree, "relationships").iter().enumerate() {
            for key in ["product_reference", "relates_to_product_reference"] {
                if let Some(id) = text(relationship, key) {
                    out.push(Located {
                        value: id,
                        pointer: format!("/product_tree/relationships/{i}/{key}"),
                    });
                }
            }
        }
    }
    for (v, vulnerability) in vulnerabilities(doc) {
        let base = format!("/vulnerabilities/{v}");
        if let Some(status) = vulnerability.get("product_status") {
            for key in PRODUCT_STATUSES {
                out.extend(strings(status, &format!("{base}/product_status"), key));
            }
        }
        for (list, key) in [
            ("remediations", "product_ids"),
            ("scores", "products"),
            ("threats", "product_ids"),
            ("flags", "product_ids"),
        ] {
            for (i, item) in items(vulnerability, list).iter().enumerate() {
                out.extend(strings(item, &format!("{base}/{list}/{i}"), key));
            }
        }
    }
    out
}

/// Every product group id definition, with its pointer.
pub(crate) fn group_definitions(doc: &Value) -> Vec<Located<'_>> {
    let Some(tree) = doc.get("product_tree") else {
        return Vec::new();
    };
    items(tree, "product_groups")
        .iter()
        .enumerate()
        .filter_map(|(i, group)| {
            text(group, "group_id").map(|id| Located {
                value: id,
                pointer: format!("/product_tree/product_groups/{i}/group_id"),
            })
        })
        .collect()
}

/// Every reference to a product group id, with its pointer.
pub(crate) fn group_references(doc: &Value) -> Vec<Located<'_>> {
    let mut out = Vec::new();
    for (v, vulnerability) in vulnerabilities(doc) {
        for list in ["remediations", "threats", "flags"] {
            for (i, item) in items(vulnerability, list).iter().enumerate() {
                let pointer = format!("/vulnerabilities/{v}/{list}/{i}");
                out.extend(strings(item, &pointer, "group_ids"));
            }
        }
    }
    out
}

/// The product ids of each product group.
pub(crate) fn group_members(doc: &Value) -> HashMap<&str, Vec<&str>> {
    let mut out: HashMap<&str, Vec<&str>> = HashMap::new();
    if let Some(tree) = doc.get("product_tree") {
        for group in items(tree, "product_groups") {
            if let Some(id) = text(group, "group_id") {
                out.entry(id)
                    .or_default()
                    .extend(items(group, "product_ids").iter().filter_map(Value::as_str));
            }
        }
    }
    out
}

/// The product ids an item (remediation, threat, flag) applies to: its `product_ids` and the
/// members of its `group_ids`.
pub(crate) fn products_of<'a>(
    item: &'a Value,
    groups: &HashMap<&'a str, Vec<&'a str>>,
) -> Vec<&'a str> {
    let mut out: Vec<&str> = items(item, "product_ids")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for group in items(item, "group_ids").iter().filter_map(Value::as_str) {
        if let Some(members) = groups.get(group) {
            out.extend(members.iter().copied());
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The vulnerabilities with their index.
pub(crate) fn vulnerabilities(doc: &Value) -> impl Iterator<Item = (usize, &Value)> {
    items(doc, "vulnerabilities").iter().enumerate()
}

/// The document's category (`/document/category`).
pub(crate) fn category(doc: &Value) -> Option<&str> {
    text_at(doc, "/document/category")
}
