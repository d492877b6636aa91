//! The CycloneDX XSD's rules on elements the XML reader does not map but a valid document
//! must get right: enumerations (`scope`, patch and issue types, data flows, SPDX licence
//! ids), required attributes (`swid/@tagId`, `property/@name`), how many `id`/`name` a
//! licence has, the one allowed text encoding, and licences mixed with expressions. No
//! maintained XSD validator exists in Rust; these are the rules the spec's test BOMs
//! exercise, applied wherever the elements occur.

use std::collections::HashSet;
use std::sync::OnceLock;

use rampart_yaml::Problem;
use roxmltree::{Document, Node};

use super::cyclonedx_xml::elements;

const SPDX_SCHEMA: &str = include_str!("../../schemas/spdx.schema.json");

/// The SPDX licence ids the embedded CycloneDX `spdx.schema.json` lists.
fn spdx_ids() -> &'static HashSet<String> {
    static IDS: OnceLock<HashSet<String>> = OnceLock::new();
    IDS.get_or_init(|| {
        let schema: serde_json::Value =
            serde_json::from_str(SPDX_SCHEMA).expect("the embedded schema is JSON");
        schema["enum"]
            .as_array()
            .map(|ids| {
                ids.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// Every rule broken in `doc` (from `file`), placed at the element.
pub(crate) fn check(file: &str, doc: &Document<'_>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut problem = |node: Node<'_, '_>, message: String| {
        let pos = doc.text_pos_at(node.range().start);
        problems.push(Problem {
            file: file.to_owned(),
            line: pos.row,
            col: pos.col,
            message,
        });
    };
    let one_of = |node: Node<'_, '_>, value: Option<&str>, allowed: &[&str]| -> Option<String> {
        let value = value.unwrap_or_default();
        (!allowed.contains(&value)).then(|| {
            format!(
                "<{}> has {value:?}, expected one of {}",
                node.tag_name().name(),
                allowed.join(", ")
            )
        })
    };
    for node in doc.descendants().filter(Node::is_element) {
        let text = || node.text().unwrap_or_default().trim();
        let message = match node.tag_name().name() {
            "scope" => one_of(node, Some(text()), &["required", "optional", "excluded"]),
            "patch" => one_of(
                node,
                node.attribute("type"),
                &["unofficial", "monkey", "backport", "cherry-pick"],
            ),
            "issue" => one_of(
                node,
                node.attribute("type"),
                &["defect", "enhancement", "security"],
            ),
            "classification" if node.has_attribute("flow") => one_of(
                node,
                node.attribute("flow"),
                &["inbound", "outbound", "bi-directional", "unknown"],
            ),
            "swid" if node.attribute("tagId").is_none() => {
                Some("<swid> has no tagId attribute".to_owned())
            }
            "property" if node.attribute("name").is_none() => {
                Some("<property> has no name attribute".to_owned())
            }
            "text" => node
                .attribute("encoding")
                .filter(|e| *e != "base64")
                .map(|e| format!("<text> has encoding {e:?}; only \"base64\" is allowed")),
            "license" => licence(node),
            "licenses" => licences(node),
            _ => None,
        };
        if let Some(message) = message {
            problem(node, message);
        }
    }
    problems
}

/// One licence: at most one `id` or `name`, and an `id` the SPDX list knows.
fn licence(node: Node<'_, '_>) -> Option<String> {
    let count = |name: &str| {
        elements(node)
            .filter(|c| c.tag_name().name() == name)
            .count()
    };
    if count("id") > 1 || count("name") > 1 {
        return Some("a <license> has more than one <id> or <name>".to_owned());
    }
    let id = elements(node).find(|c| c.tag_name().name() == "id")?;
    let id = id.text().unwrap_or_default().trim();
    (!spdx_ids().contains(id)).then(|| format!("licence id {id:?} is not an SPDX licence id"))
}

/// A licence list: licences, or exactly one expression, never both.
fn licences(node: Node<'_, '_>) -> Option<String> {
    let expressions = elements(node)
        .filter(|c| c.tag_name().name() == "expression")
        .count();
    let licences = elements(node)
        .filter(|c| c.tag_name().name() == "license")
        .count();
    (expressions > 1 || (expressions == 1 && licences > 0)).then(|| {
        "<licenses> holds either licences or one expression, not both or several".to_owned()
    })
}
