//! OSCAL 1.2.3 component definition of the assessed product (`component-definition.oscal.json`).
//!
//! One component, the subject, with one control implementation per catalog part in scope
//! whose `source` is that part's back-matter resource (the UUID of Rampart's OSCAL catalog
//! export of the part). Each requirement in scope is an implemented requirement naming the
//! catalog control, with Rampart's status and OSCAL's implementation status as properties and
//! the rationale as its description; the subject's SL-T is set on the catalog's `sl-t-frN`
//! parameters. A vendor can hand this to an integrator as the product's 62443 capability
//! statement, and an integrator's SSP can import it.

use rampart_assess::AssessmentResults;
use rampart_assess::results::{RequirementResult, Status};
use rampart_catalog::Fr;
use serde_json::{Value, json};

use super::oscal_common::{
    catalog_uuid, component_type, control_id, metadata, parts, prop, subject_description,
    subject_props,
};
use super::{one_line, stable_uuid, subject_key, subject_label};

/// The OSCAL component-definition document (`{"component-definition": …}`) of `results`.
pub fn oscal_component_definition(results: &AssessmentResults) -> Value {
    let key = subject_key(results);
    let component_uuid = stable_uuid(&format!("rampart/component/{key}"));
    let implementations: Vec<Value> = parts(results)
        .into_iter()
        .filter_map(|part| {
            let items: Vec<&RequirementResult> = results
                .requirements
                .iter()
                .filter(|r| r.part == part.as_str())
                .collect();
            if items.is_empty() {
                return None;
            }
            let mut seen = std::collections::HashSet::new();
            let implemented: Vec<Value> = items
                .iter()
                .filter(|r| seen.insert(r.id.as_str()))
                .map(|r| implemented_requirement(&key, r))
                .collect();
            let mut out = json!({
                "uuid": stable_uuid(&format!("rampart/control-implementation/{key}/{part}")),
                "source": format!("#{}", catalog_uuid(part)),
                "description": format!("How {} meets IEC 62443-{part}, as assessed on {}.",
                    one_line(&subject_label(results)), results.generated),
            });
            if part.has_security_levels()
                && let Some(sl_t) = &results.subject.sl_t
            {
                out["set-parameters"] = Fr::ALL
                    .iter()
                    .map(|&fr| {
                        json!({
                            "param-id": format!("sl-t-fr{}", fr.number()),
                            "values": [sl_t.get(fr).to_string()],
                        })
                    })
                    .collect();
            }
            out["implemented-requirements"] = Value::Array(implemented);
            Some(out)
        })
        .collect();

    let mut component = json!({
        "uuid": component_uuid,
        "type": component_type(results),
        "title": one_line(&subject_label(results)),
        "description": subject_description(results),
        "props": subject_props(results),
    });
    if !implementations.is_empty() {
        component["control-implementations"] = Value::Array(implementations);
    }
    let mut doc = json!({
        "uuid": stable_uuid(&format!("rampart/component-definition/{key}")),
        "metadata": metadata(results, &format!("IEC 62443 component definition: {}", subject_label(results))),
        "components": [component],
    });
    let resources = super::oscal_common::catalog_resources(results);
    if !resources.is_empty() {
        doc["back-matter"] = json!({ "resources": resources });
    }
    json!({ "component-definition": doc })
}

fn implemented_requirement(key: &str, r: &RequirementResult) -> Value {
    let implementation = match r.status {
        Status::Satisfied => "implemented",
        Status::Partially => "partial",
        Status::NotApplicable => "not-applicable",
        Status::NotSatisfied | Status::NotAssessed => "planned",
    };
    let mut props = vec![
        json!({ "name": "label", "value": one_line(&r.id) }),
        prop("status", r.status.as_str()),
        prop("implementation-status", implementation),
        prop("required", r.required.to_string()),
    ];
    if let Some(expires) = &r.expires {
        props.push(prop("expires", expires.clone()));
    }
    let description = match &r.rationale {
        Some(rationale) => rationale.clone(),
        None => format!("{} {}: {}.", r.id, one_line(&r.title), r.status.as_str()),
    };
    let mut out = json!({
        "uuid": stable_uuid(&format!("rampart/implemented-requirement/{key}/{}", r.id)),
        "control-id": control_id(&r.id),
        "description": description,
        "props": props,
    });
    let links: Vec<Value> = r
        .evidence
        .iter()
        .filter(|e| e.kind != rampart_assess::results::EvidenceKind::Tool)
        .map(|e| {
            json!({
                "href": super::uri_reference(e.location.trim()),
                "rel": "evidence",
                "text": one_line(&e.description),
            })
        })
        .collect();
    if !links.is_empty() {
        out["links"] = Value::Array(links);
    }
    out
}
