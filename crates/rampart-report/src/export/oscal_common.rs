//! What the two OSCAL exports share: Rampart's property namespace, the metadata block, the
//! back-matter resources that stand for the catalog parts (with the very UUIDs Rampart's
//! OSCAL catalog export gives them, so a consumer can join the two), the subject as an OSCAL
//! component, and the assessors as parties.

use rampart_assess::AssessmentResults;
use rampart_assess::results::SubjectKind;
use rampart_catalog::{Catalog, ComponentType, Part, oscal};
use serde_json::{Value, json};

use super::{midnight, one_line, stable_uuid, subject_key, subject_label};

pub(super) use oscal::{NAMESPACE, OSCAL_VERSION, control_id};

/// A property in Rampart's namespace.
pub(super) fn prop(name: &str, value: impl Into<String>) -> Value {
    json!({ "name": name, "ns": NAMESPACE, "value": one_line(&value.into()) })
}

/// The metadata block: title, last-modified = the day of the run, version, OSCAL version,
/// Rampart's tool and schema as properties, and the assessors as parties.
pub(super) fn metadata(results: &AssessmentResults, title: &str) -> Value {
    let mut metadata = json!({
        "title": one_line(title),
        "last-modified": midnight(&results.generated),
        "version": results.subject.version.clone().unwrap_or_else(|| results.generated.clone()),
        "oscal-version": OSCAL_VERSION,
        "props": [prop("tool", results.tool.clone()), prop("results-schema", results.schema.clone())],
    });
    let parties: Vec<Value> = assessors(results)
        .into_iter()
        .map(|name| json!({ "uuid": party_uuid(name), "type": "person", "name": name }))
        .collect();
    if !parties.is_empty() {
        metadata["roles"] = json!([{ "id": "assessor", "title": "Assessor" }]);
        metadata["parties"] = Value::Array(parties);
        metadata["responsible-parties"] = json!([{
            "role-id": "assessor",
            "party-uuids": assessors(results).into_iter().map(party_uuid).collect::<Vec<_>>(),
        }]);
    }
    metadata
}

/// The assessors named in the results, in order of first appearance.
fn assessors(results: &AssessmentResults) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for r in &results.requirements {
        if let Some(a) = r.assessor.as_deref().map(str::trim)
            && !a.is_empty()
            && !names.contains(&a)
        {
            names.push(a);
        }
    }
    names
}

/// The party UUID of an assessor (by name, so it is the same in every export).
pub(super) fn party_uuid(name: &str) -> String {
    stable_uuid(&format!("rampart/party/{}", name.trim()))
}

/// The UUID of the subject as an OSCAL component.
pub(super) fn subject_uuid(results: &AssessmentResults) -> String {
    stable_uuid(&format!("rampart/subject/{}", subject_key(results)))
}

/// The catalog parts in scope, in the results' order, that Rampart knows.
pub(super) fn parts(results: &AssessmentResults) -> Vec<Part> {
    let mut out: Vec<Part> = Vec::new();
    for p in &results.subject.parts {
        if let Ok(part) = p.parse::<Part>()
            && !out.contains(&part)
        {
            out.push(part);
        }
    }
    out
}

/// The UUID of Rampart's OSCAL catalog of `part` (the built-in catalog, no local overrides),
/// as `rampart catalog export --format oscal` writes it.
pub(super) fn catalog_uuid(part: Part) -> String {
    oscal::export_part(Catalog::builtin(), part)["catalog"]["uuid"]
        .as_str()
        .expect("the catalog export has a uuid")
        .to_owned()
}

/// Back-matter resources for the catalog parts in scope (uuid = the catalog's own).
pub(super) fn catalog_resources(results: &AssessmentResults) -> Vec<Value> {
    parts(results)
        .into_iter()
        .map(|part| {
            json!({
                "uuid": catalog_uuid(part),
                "title": format!("IEC 62443-{part} (Rampart OSCAL catalog)"),
                "description": format!(
                    "The OSCAL catalog Rampart exports for IEC 62443-{part} \
                     (`rampart catalog export --format oscal --part {part}`); control ids here are its control ids."
                ),
                "props": [prop("part", part.as_str())],
            })
        })
        .collect()
}

/// The OSCAL component type of the subject.
pub(super) fn component_type(results: &AssessmentResults) -> &'static str {
    match (results.subject.kind, results.subject.component_type) {
        (SubjectKind::Product, Some(ComponentType::SoftwareApplication)) => "software",
        (SubjectKind::Product, _) => "hardware",
        (SubjectKind::System, _) => "this-system",
        (SubjectKind::Organisation, _) => "process-procedure",
    }
}

/// Properties describing the subject: its kind, version, component type, SL-T and artifact.
pub(super) fn subject_props(results: &AssessmentResults) -> Vec<Value> {
    let s = &results.subject;
    let kind = match s.kind {
        SubjectKind::Product => "product",
        SubjectKind::System => "system",
        SubjectKind::Organisation => "organisation",
    };
    let mut props = vec![prop("subject-kind", kind)];
    if let Some(v) = &s.version {
        props.push(json!({ "name": "version", "value": one_line(v) }));
    }
    if let Some(ty) = s.component_type {
        props.push(prop("component-type", ty.as_str()));
    }
    if let Some(sl_t) = &s.sl_t {
        props.push(prop("sl-t", sl_t.to_string()));
    }
    if let Some(a) = &s.artifact {
        props.push(prop("artifact", a.path.clone()));
        if let Some(sha) = &a.sha256 {
            props.push(prop("artifact-sha256", sha.clone()));
        }
    }
    if let Some(p) = &s.placement {
        props.push(prop("asset", p.asset.clone()));
        props.push(prop("zone", p.zone.clone()));
    }
    props
}

/// A one-sentence description of the subject.
pub(super) fn subject_description(results: &AssessmentResults) -> String {
    let s = &results.subject;
    let mut text = format!(
        "{} assessed against {}",
        subject_label(results),
        s.parts
            .iter()
            .map(|p| format!("IEC 62443-{p}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if let Some(sl_t) = &s.sl_t {
        text.push_str(&format!(" at SL-T {sl_t}"));
    }
    if let Some(ty) = s.component_type {
        text.push_str(&format!(" as {} component", ty.as_str()));
    }
    text.push('.');
    text
}
