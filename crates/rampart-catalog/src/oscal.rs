//! Export of a catalog part as an OSCAL catalog (JSON), conforming to OSCAL 1.2.3.
//!
//! One OSCAL catalog per part: groups per FR (3-3, 4-2), practice (4-1), security program
//! element and requirement group (2-1) or functional area (2-4); 3-2's ZCRs are top-level
//! controls. Enhancements and sub-requirements are nested controls. Security levels are
//! carried as parameters: each SL-rated control has a `<id>_sl` parameter listing the levels
//! at which it is required, and the catalog has one SL-T parameter per FR (or one target
//! maturity-level parameter for ML-rated parts) for profiles to set.
//!
//! The output is deterministic: the UUID is name-based (v5) on the part, the data version
//! and any overrides, and `last-modified` is the data version's date, so the same catalog
//! always exports byte-identically.

use serde_json::{Value, json};

use crate::catalog::{Catalog, DATA_VERSION};
use crate::level::Fr;
use crate::model::{Group, Part, Requirement, Scale};

/// The namespace of Rampart's own OSCAL properties.
pub const NAMESPACE: &str = "https://rampart-iacs.github.io/ns/oscal";
/// The OSCAL version the export conforms to.
pub const OSCAL_VERSION: &str = "1.2.3";

/// The OSCAL token for a canonical requirement id: `SR 1.1 RE 1` becomes `sr-1.1.re-1`,
/// `SP.01.02 RE(1)` becomes `sp.01.02-re-1`.
pub fn control_id(id: &str) -> String {
    id.trim()
        .to_ascii_lowercase()
        .replace(" re(", "-re-")
        .replace(')', "")
        .replace(" re ", ".re-")
        .replace(' ', "-")
}

fn group_token(id: &str) -> String {
    id.trim().to_ascii_lowercase().replace(' ', "-")
}

fn prop(name: &str, value: impl Into<String>) -> Value {
    json!({ "name": name, "ns": NAMESPACE, "value": value.into() })
}

/// The OSCAL catalog document (`{"catalog": …}`) for one part.
pub fn export_part(catalog: &Catalog, part: Part) -> Value {
    let info = catalog.part(part).expect("every part is in the catalog");
    let items: Vec<&Requirement> = catalog.items_of(part).collect();
    let overridden: Vec<String> = items
        .iter()
        .flat_map(|i| {
            i.overrides
                .iter()
                .map(move |o| format!("{}:{}={}", i.id, o.field, o.value))
        })
        .collect();
    let name = format!(
        "rampart/iec62443-{part}/{DATA_VERSION}/{}",
        overridden.join(";")
    );
    let uuid = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes());

    let mut metadata = json!({
        "title": format!("IEC 62443-{part}: {} (Rampart catalog)", info.title),
        "last-modified": format!("{}T00:00:00Z", DATA_VERSION.replace('.', "-")),
        "version": DATA_VERSION,
        "oscal-version": OSCAL_VERSION,
        "props": [prop("edition", info.edition.clone()), prop("scale", match info.scale {
            Scale::SecurityLevel => "security-level",
            Scale::MaturityLevel => "maturity-level",
            Scale::None => "none",
        })],
        "remarks": format!(
            "{} Descriptions are Rampart's own words and do not reproduce the standard's text. \
             Controls whose values the sources dispute carry the property `disputed`.",
            info.sources
        ),
    });
    if !overridden.is_empty() {
        metadata["props"]
            .as_array_mut()
            .expect("props is an array")
            .push(prop("local-overrides", overridden.len().to_string()));
    }

    let params: Vec<Value> = match info.scale {
        Scale::SecurityLevel => Fr::ALL
            .iter()
            .map(|fr| {
                json!({
                    "id": format!("sl-t-fr{}", fr.number()),
                    "label": format!("Target security level (SL-T) for FR {} {} ({})", fr.number(), fr.name(), fr.abbrev()),
                    "select": { "how-many": "one", "choice": ["0", "1", "2", "3", "4"] },
                })
            })
            .collect(),
        Scale::MaturityLevel => vec![json!({
            "id": "target-ml",
            "label": "Target maturity level",
            "select": { "how-many": "one", "choice": ["1", "2", "3", "4"] },
        })],
        Scale::None => Vec::new(),
    };

    let mut catalog_doc = json!({ "uuid": uuid.to_string(), "metadata": metadata });
    if !params.is_empty() {
        catalog_doc["params"] = Value::Array(params);
    }
    if info.groups.is_empty() {
        catalog_doc["controls"] = items
            .iter()
            .filter(|i| i.parent.is_none())
            .map(|i| control(catalog, i))
            .collect();
    } else {
        let roots = info.groups.iter().filter(|g| g.parent.is_none());
        catalog_doc["groups"] = roots
            .map(|g| group(catalog, &info.groups, &items, g))
            .collect();
    }
    json!({ "catalog": catalog_doc })
}

fn group(catalog: &Catalog, groups: &[Group], items: &[&Requirement], g: &Group) -> Value {
    let mut props = vec![json!({ "name": "label", "value": g.id })];
    if let Some(abbrev) = &g.abbrev {
        props.push(prop("abbreviation", abbrev.clone()));
    }
    if let Some(clause) = &g.clause {
        props.push(prop("clause", clause.clone()));
    }
    let token = group_token(&g.id);
    let mut out = json!({
        "id": token,
        "class": if g.id.starts_with("FR") { "foundational-requirement" } else { "requirement-group" },
        "title": g.title,
        "props": props,
        "parts": [{ "id": format!("{token}_ovw"), "name": "overview", "prose": g.description }],
    });
    let subgroups: Vec<Value> = groups
        .iter()
        .filter(|s| s.parent.as_deref() == Some(&g.id))
        .map(|s| group(catalog, groups, items, s))
        .collect();
    if !subgroups.is_empty() {
        out["groups"] = Value::Array(subgroups);
    }
    let controls: Vec<Value> = items
        .iter()
        .filter(|i| i.parent.is_none() && i.group.as_deref() == Some(&g.id))
        .map(|i| control(catalog, i))
        .collect();
    if !controls.is_empty() {
        out["controls"] = Value::Array(controls);
    }
    out
}

fn control(catalog: &Catalog, item: &Requirement) -> Value {
    let cid = control_id(&item.id.to_string());
    let mut props = vec![
        json!({ "name": "label", "value": item.id.to_string() }),
        prop("kind", item.kind.as_str()),
    ];
    if let Some(fr) = item.fr {
        props.push(prop("foundational-requirement", fr.id()));
    }
    if let Some(notation) = &item.notation {
        props.push(prop("notation", notation.clone()));
    }
    if let Some(clause) = &item.clause {
        props.push(prop("clause", clause.clone()));
    }
    for ty in &item.component_types {
        props.push(prop("component-type", ty.as_str()));
    }
    if !item.normative {
        props.push(prop("normative", "false"));
    }
    if item.disputed() {
        props.push(prop("disputed", "true"));
    }
    let mut out = json!({
        "id": cid,
        "class": item.kind.as_str().to_ascii_lowercase(),
        "title": item.title,
    });
    if !item.security_levels.is_empty() {
        out["params"] = json!([{
            "id": format!("{cid}_sl"),
            "label": "Security levels at which this requirement applies",
            "values": item.security_levels.iter().map(ToString::to_string).collect::<Vec<_>>(),
        }]);
        if let Some(low) = item.lowest_level() {
            props.push(prop("lowest-security-level", low.to_string()));
        }
    }
    out["props"] = Value::Array(props);
    out["parts"] =
        json!([{ "id": format!("{cid}_smt"), "name": "statement", "prose": item.description }]);
    if !item.delegates_to.is_empty() {
        out["links"] = item
            .delegates_to
            .iter()
            .map(
                |d| json!({ "href": format!("#{}", control_id(&d.to_string())), "rel": "related" }),
            )
            .collect();
    }
    let mut remarks = Vec::new();
    if let Some(p) = &item.provenance {
        if let Some(note) = &p.note {
            remarks.push(format!("Sources: {note}"));
        }
        for (source, levels) in &p.sl_alternatives {
            remarks.push(format!("{source} gives levels {levels:?}."));
        }
    }
    for o in &item.overrides {
        remarks.push(format!(
            "Local override of {} from {}: `{}` replaced `{}`.",
            o.field, o.source, o.value, o.previous
        ));
    }
    if !remarks.is_empty() {
        // Controls have no `remarks` in OSCAL; provenance travels as a part in our namespace.
        out["parts"]
            .as_array_mut()
            .expect("parts is an array")
            .push(json!({
                "id": format!("{cid}_prv"),
                "name": "provenance",
                "ns": NAMESPACE,
                "prose": remarks.join("\n\n"),
            }));
    }
    let children: Vec<Value> = catalog
        .children(&item.id)
        .map(|c| control(catalog, c))
        .collect();
    if !children.is_empty() {
        out["controls"] = Value::Array(children);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_ids_are_oscal_tokens() {
        assert_eq!(control_id("SR 1.1"), "sr-1.1");
        assert_eq!(control_id("SR 1.1 RE 1"), "sr-1.1.re-1");
        assert_eq!(control_id("EDR 2.4 RE 1"), "edr-2.4.re-1");
        assert_eq!(control_id("SM-1"), "sm-1");
        assert_eq!(control_id("ZCR 3"), "zcr-3");
        assert_eq!(control_id("ORG 1.1"), "org-1.1");
        assert_eq!(control_id("SP.01.02 BR"), "sp.01.02-br");
        assert_eq!(control_id("SP.01.02 RE(1)"), "sp.01.02-re-1");
    }

    #[test]
    fn control_ids_are_unique_per_part() {
        for part in Part::ALL {
            let mut seen = std::collections::HashSet::new();
            for item in Catalog::builtin().items_of(part) {
                assert!(seen.insert(control_id(&item.id.to_string())), "{}", item.id);
            }
        }
    }
}
