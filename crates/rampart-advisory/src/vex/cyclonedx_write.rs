//! Writing the neutral model as a CycloneDX 1.6 VEX BOM; the mapping of states,
//! justifications, responses and version statuses is [`cyclonedx`](super::cyclonedx)'s,
//! so that what is written reads back the same.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::cyclonedx::{justification_of, state_of, version_status_of};
use super::json::{document_time, document_uuid};
use super::{ProductRef, ProductVersion, VexDocument, VexStatement, VexStatus};

/// Writes `doc` as a CycloneDX 1.6 VEX BOM: each product a component whose `bom-ref` is the
/// product's reference (the input SBOM's bom-ref or SPDXID, so results join back to it),
/// else its purl or CPE; each statement a vulnerability whose `affects[].ref` points at them.
pub fn write(doc: &VexDocument) -> Value {
    let mut components = Vec::new();
    let mut seen = BTreeSet::new();
    let mut vulnerabilities = Vec::new();
    for s in &doc.statements {
        let mut affects = Vec::new();
        let flat = s
            .products
            .iter()
            .flat_map(|p| std::iter::once(p).chain(&p.subcomponents));
        for p in flat {
            let bom_ref = p.reference.as_deref().unwrap_or(p.label()).to_owned();
            if seen.insert(bom_ref.clone()) {
                components.push(component(p, &bom_ref));
            }
            affects.push(affects_entry(p, &bom_ref, s.status));
        }
        vulnerabilities.push(vulnerability(s, &affects));
    }
    let serial = match &doc.id {
        Some(id) if is_urn_uuid(id) => id.clone(),
        _ => format!("urn:uuid:{}", document_uuid(doc).hyphenated()),
    };
    let mut metadata = Map::new();
    metadata.insert("timestamp".into(), json!(document_time(doc)));
    if let Some(author) = &doc.author {
        metadata.insert("authors".into(), json!([{ "name": author }]));
    }
    metadata.insert(
        "tools".into(),
        json!({ "components": [{ "type": "application", "name": "rampart" }] }),
    );
    json!({
        "$schema": "http://cyclonedx.org/schema/bom-1.6.schema.json",
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": serial,
        "version": 1,
        "metadata": metadata,
        "components": components,
        "vulnerabilities": vulnerabilities,
    })
}

/// One `affects[]` entry: the ref, and the product's versions when it is limited to some.
fn affects_entry(p: &ProductRef, bom_ref: &str, status: VexStatus) -> Value {
    if p.versions.is_empty() {
        return json!({ "ref": bom_ref });
    }
    let versions: Vec<Value> = p
        .versions
        .iter()
        .map(|v| match v {
            ProductVersion::Exact(version) => {
                json!({ "version": version, "status": version_status_of(status) })
            }
            ProductVersion::Range(range) => {
                json!({ "range": range, "status": version_status_of(status) })
            }
        })
        .collect();
    json!({ "ref": bom_ref, "versions": versions })
}

fn component(p: &ProductRef, bom_ref: &str) -> Value {
    let name = p
        .name
        .clone()
        .or_else(|| {
            let purl = rampart_sbom::Purl::parse(p.purl.as_deref()?).ok()?;
            Some(purl.name().to_owned())
        })
        .or_else(|| {
            let cpe = rampart_sbom::Cpe::parse(p.cpe.as_deref()?).ok()?;
            cpe.product().as_literal()
        })
        .unwrap_or_else(|| bom_ref.to_owned());
    let mut out = Map::new();
    out.insert("type".into(), json!("library"));
    out.insert("bom-ref".into(), json!(bom_ref));
    out.insert("name".into(), json!(name));
    if let Some(purl) = &p.purl {
        out.insert("purl".into(), json!(purl));
    }
    if let Some(cpe) = &p.cpe {
        out.insert("cpe".into(), json!(cpe));
    }
    Value::Object(out)
}

fn vulnerability(s: &VexStatement, affects: &[Value]) -> Value {
    let mut out = Map::new();
    out.insert("id".into(), json!(s.vulnerability));
    if let Some(source) = source_of(&s.vulnerability) {
        out.insert("source".into(), source);
    }
    if !s.aliases.is_empty() {
        let references: Vec<Value> = s
            .aliases
            .iter()
            .map(|a| json!({ "id": a, "source": source_of(a).unwrap_or_else(|| json!({})) }))
            .collect();
        out.insert("references".into(), json!(references));
    }
    if let Some(detail) = &s.detail {
        out.insert("detail".into(), json!(detail));
    }
    if let Some(action) = &s.action_statement {
        out.insert("recommendation".into(), json!(action));
    }
    let mut analysis = Map::new();
    analysis.insert("state".into(), json!(state_of(s.status)));
    if let Some(j) = s.justification {
        analysis.insert("justification".into(), json!(justification_of(j)));
    }
    if !s.responses.is_empty() {
        let responses: Vec<&str> = s.responses.iter().map(|r| r.as_str()).collect();
        analysis.insert("response".into(), json!(responses));
    }
    if let Some(impact) = &s.impact_statement {
        analysis.insert("detail".into(), json!(impact));
    }
    if let Some(t) = &s.timestamp {
        analysis.insert("lastUpdated".into(), json!(t));
    }
    out.insert("analysis".into(), Value::Object(analysis));
    out.insert("affects".into(), json!(affects));
    Value::Object(out)
}

/// The database an id comes from, by its prefix, for `source`.
fn source_of(id: &str) -> Option<Value> {
    let upper = id.to_ascii_uppercase();
    if upper.starts_with("CVE-") {
        Some(json!({ "name": "NVD", "url": format!("https://nvd.nist.gov/vuln/detail/{id}") }))
    } else if upper.starts_with("GHSA-") {
        Some(json!({ "name": "GitHub", "url": format!("https://github.com/advisories/{id}") }))
    } else {
        None
    }
}

fn is_urn_uuid(id: &str) -> bool {
    id.strip_prefix("urn:uuid:")
        .is_some_and(|u| uuid::Uuid::try_parse(u).is_ok() && u.len() == 36)
}
