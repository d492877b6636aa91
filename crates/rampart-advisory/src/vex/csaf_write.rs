//! Writing the neutral model as a CSAF 2.0 VEX document (profile `csaf_vex`).
//!
//! The product tree lists each product once as a full product name with a
//! `product_identification_helper` (its purl and CPE), and each (product, subcomponent) pair
//! as a `default_component_of` relationship; ids are `CSAFPID-0001`, … in order of first
//! appearance, so the same statements always write the same document. Per vulnerability,
//! `product_status` lists each product under its status, `flags` carry justifications,
//! `threats` of category `impact` the impact statements and `remediations` the action
//! statements and responses, each dated with its statement's time: one remediation per
//! category the responses map to (table in [`VexResponse`]), its details the action
//! statement, else the responses' sentences (CSAF requires details); without responses, the
//! action statement under `vendor_fix` for affected and fixed products, `mitigation`
//! otherwise. A product limited to some versions is written as the versioned purls of its
//! exact versions; its ranges cannot be said in a CSAF product name and are left out
//! ([`ProductRef::without_versions`]). CSAF lets a product have one status per vulnerability, so
//! when several statements name it, only the effective one (the latest) is written. CSAF has
//! no place for a bom-ref or for a statement's detail: those are not written.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::json::{document_time, document_uuid, parse_time};
use super::response::sentences;
use super::{ProductRef, VexDocument, VexResponse, VexStatement, VexStatus};

/// Product ids given out in order of first appearance.
#[derive(Default)]
struct Tree {
    ids: HashMap<String, String>,
    full_product_names: Vec<Value>,
    relationships: Vec<Value>,
}

impl Tree {
    /// The id of `p` (with its subcomponents, a relationship per subcomponent).
    fn ids_of(&mut self, p: &ProductRef) -> Vec<String> {
        let whole = self.leaf(p);
        if p.subcomponents.is_empty() {
            return vec![whole];
        }
        p.subcomponents
            .iter()
            .map(|sub| {
                let part = self.leaf(sub);
                let key = format!("{part} in {whole}");
                if let Some(id) = self.ids.get(&key) {
                    return id.clone();
                }
                let id = self.next_id();
                self.ids.insert(key, id.clone());
                self.relationships.push(json!({
                    "category": "default_component_of",
                    "product_reference": part,
                    "relates_to_product_reference": whole,
                    "full_product_name": {
                        "name": format!("{} in {}", sub.label(), p.label()),
                        "product_id": id,
                    },
                }));
                id
            })
            .collect()
    }

    fn leaf(&mut self, p: &ProductRef) -> String {
        let key = serde_json::to_string(&ProductRef {
            subcomponents: Vec::new(),
            ..p.clone()
        })
        .unwrap_or_default();
        if let Some(id) = self.ids.get(&key) {
            return id.clone();
        }
        let id = self.next_id();
        self.ids.insert(key, id.clone());
        let mut full = Map::new();
        full.insert("name".into(), json!(p.name.as_deref().unwrap_or(p.label())));
        full.insert("product_id".into(), json!(id));
        let mut helper = Map::new();
        if let Some(purl) = &p.purl {
            helper.insert("purl".into(), json!(purl));
        }
        if let Some(cpe) = &p.cpe {
            helper.insert("cpe".into(), json!(cpe));
        }
        if !helper.is_empty() {
            full.insert(
                "product_identification_helper".into(),
                Value::Object(helper),
            );
        }
        self.full_product_names.push(Value::Object(full));
        id
    }

    fn next_id(&self) -> String {
        format!("CSAFPID-{:04}", self.ids.len() + 1)
    }
}

/// Writes `doc` as CSAF 2.0 VEX.
pub fn write(doc: &VexDocument) -> Value {
    let time = document_time(doc);
    let mut tree = Tree::default();
    // Vulnerabilities in order of first appearance, each with its products' effective
    // statements in order.
    let mut order: Vec<&str> = Vec::new();
    let mut per_vulnerability: HashMap<&str, Vec<(String, &VexStatement)>> = HashMap::new();
    let mut slots: HashMap<(&str, String), usize> = HashMap::new();
    for s in &doc.statements {
        let entry = per_vulnerability
            .entry(&s.vulnerability)
            .or_insert_with(|| {
                order.push(&s.vulnerability);
                Vec::new()
            });
        for p in s.products.iter().flat_map(ProductRef::without_versions) {
            for id in tree.ids_of(&p) {
                match slots.get(&(s.vulnerability.as_str(), id.clone())) {
                    Some(&at) if !is_older(s, entry[at].1) => entry[at].1 = s,
                    Some(_) => {}
                    None => {
                        slots.insert((&s.vulnerability, id.clone()), entry.len());
                        entry.push((id, s));
                    }
                }
            }
        }
    }
    let vulnerabilities: Vec<Value> = order
        .iter()
        .map(|v| vulnerability(v, &per_vulnerability[v]))
        .collect();
    let id = doc
        .id
        .clone()
        .unwrap_or_else(|| format!("rampart-vex-{}", document_uuid(doc).hyphenated()));
    let (publisher, namespace) = match doc.author.as_deref() {
        Some(a) if a.starts_with("https://") => (a, a),
        Some(a) => (a, "https://github.com/rampart-iacs/rampart"),
        None => ("Rampart", "https://github.com/rampart-iacs/rampart"),
    };
    let mut product_tree = Map::new();
    if !tree.full_product_names.is_empty() {
        product_tree.insert("full_product_names".into(), json!(tree.full_product_names));
    }
    if !tree.relationships.is_empty() {
        product_tree.insert("relationships".into(), json!(tree.relationships));
    }
    json!({
        "document": {
            "category": "csaf_vex",
            "csaf_version": "2.0",
            "title": format!("VEX statements ({} vulnerabilities)", order.len()),
            "publisher": { "category": "other", "name": publisher, "namespace": namespace },
            "notes": [{
                "category": "summary",
                "title": "About this document",
                "text": "The exploitability of the listed vulnerabilities in the listed products, written by Rampart from VEX statements and triage decisions.",
            }],
            "tracking": {
                "id": id,
                "status": "final",
                "version": "1",
                "initial_release_date": time,
                "current_release_date": time,
                "revision_history": [{ "date": time, "number": "1", "summary": "Initial version." }],
                "generator": { "engine": { "name": "Rampart", "version": env!("CARGO_PKG_VERSION") } },
            },
        },
        "product_tree": product_tree,
        "vulnerabilities": vulnerabilities,
    })
}

/// Whether `a` is strictly older than `b` (ties go to the later statement, `a`).
fn is_older(a: &VexStatement, b: &VexStatement) -> bool {
    let time = |s: &VexStatement| s.timestamp.as_deref().and_then(parse_time);
    time(a) < time(b)
}

fn vulnerability(id: &str, products: &[(String, &VexStatement)]) -> Value {
    let mut out = Map::new();
    let aliases = products
        .first()
        .map(|(_, s)| s.aliases.clone())
        .unwrap_or_default();
    let mut ids: Vec<Value> = Vec::new();
    if is_cve(id) {
        out.insert("cve".into(), json!(id));
    } else {
        ids.push(json!({ "system_name": system_of(id), "text": id }));
    }
    ids.extend(
        aliases
            .iter()
            .map(|a| json!({ "system_name": system_of(a), "text": a })),
    );
    if !ids.is_empty() {
        out.insert("ids".into(), json!(ids));
    }
    out.insert(
        "notes".into(),
        json!([{ "category": "description", "title": "Vulnerability", "text": format!("The status of {id} in the products listed.") }]),
    );
    let mut status: Map<String, Value> = Map::new();
    let mut flags = Vec::new();
    let mut threats = Vec::new();
    let mut remediations = Vec::new();
    // One flag, threat or remediation per statement, naming all its products.
    let mut statements: Vec<(&VexStatement, Vec<&str>)> = Vec::new();
    for (pid, s) in products {
        match statements
            .iter_mut()
            .find(|(known, _)| std::ptr::eq(*known, *s))
        {
            Some((_, ids)) => ids.push(pid),
            None => statements.push((s, vec![pid.as_str()])),
        }
    }
    for (s, pids) in &statements {
        let list = status
            .entry(category_of(s.status))
            .or_insert_with(|| json!([]));
        if let Value::Array(list) = list {
            list.extend(pids.iter().map(|p| json!(p)));
        }
        let dated = |mut v: Map<String, Value>| {
            if let Some(t) = &s.timestamp {
                v.insert("date".into(), json!(t));
            }
            Value::Object(v)
        };
        if let Some(j) = s.justification {
            let mut flag = Map::new();
            flag.insert("label".into(), json!(j.as_str()));
            flag.insert("product_ids".into(), json!(pids));
            flags.push(dated(flag));
        }
        if let Some(impact) = &s.impact_statement {
            let mut threat = Map::new();
            threat.insert("category".into(), json!("impact"));
            threat.insert("details".into(), json!(impact));
            threat.insert("product_ids".into(), json!(pids));
            threats.push(dated(threat));
        }
        for (category, details) in remediations_of(s) {
            let mut remediation = Map::new();
            remediation.insert("category".into(), json!(category));
            remediation.insert("details".into(), json!(details));
            remediation.insert("product_ids".into(), json!(pids));
            remediations.push(dated(remediation));
        }
    }
    if !status.is_empty() {
        out.insert("product_status".into(), Value::Object(status));
    }
    for (key, list) in [
        ("flags", flags),
        ("threats", threats),
        ("remediations", remediations),
    ] {
        if !list.is_empty() {
            out.insert(key.into(), json!(list));
        }
    }
    Value::Object(out)
}

/// The remediations (category, details) written for `s`: one per CSAF category its
/// responses map to ([`VexResponse::csaf_category`]), in order of first appearance, each
/// with the action statement as details, else the sentences of its responses; without
/// responses, the action statement alone under `vendor_fix` for affected and fixed products
/// and `mitigation` otherwise.
fn remediations_of(s: &VexStatement) -> Vec<(&'static str, String)> {
    if s.responses.is_empty() {
        let category = match s.status {
            VexStatus::Affected | VexStatus::Fixed => "vendor_fix",
            VexStatus::NotAffected | VexStatus::UnderInvestigation => "mitigation",
        };
        return s
            .action_statement
            .iter()
            .map(|action| (category, action.clone()))
            .collect();
    }
    let mut categories: Vec<(&'static str, Vec<VexResponse>)> = Vec::new();
    for r in &s.responses {
        let category = r.csaf_category();
        match categories.iter_mut().find(|(c, _)| *c == category) {
            Some((_, list)) => list.push(*r),
            None => categories.push((category, vec![*r])),
        }
    }
    categories
        .into_iter()
        .map(|(category, responses)| {
            let details = s
                .action_statement
                .clone()
                .or_else(|| sentences(&responses))
                .unwrap_or_default();
            (category, details)
        })
        .collect()
}

fn category_of(status: VexStatus) -> String {
    match status {
        VexStatus::Affected => "known_affected",
        VexStatus::NotAffected => "known_not_affected",
        VexStatus::Fixed => "fixed",
        VexStatus::UnderInvestigation => "under_investigation",
    }
    .to_owned()
}

/// Whether `id` fits CSAF's `cve` pattern `^CVE-[0-9]{4}-[0-9]{4,}$`.
fn is_cve(id: &str) -> bool {
    let Some(rest) = id.strip_prefix("CVE-") else {
        return false;
    };
    let Some((year, number)) = rest.split_once('-') else {
        return false;
    };
    year.len() == 4
        && number.len() >= 4
        && year
            .bytes()
            .chain(number.bytes())
            .all(|b| b.is_ascii_digit())
}

/// The `system_name` of an id: its prefix (`GHSA`, `OSV`, `DSA`, …).
fn system_of(id: &str) -> String {
    match id.split_once('-') {
        Some((prefix, _)) if !prefix.trim().is_empty() => prefix.to_owned(),
        _ => "unknown".to_owned(),
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::vex::{Origin, ProductVersion, VexFormat};

    fn remediations(s: VexStatement) -> Value {
        let doc = VexDocument {
            format: VexFormat::Csaf,
            id: None,
            author: None,
            timestamp: None,
            statements: vec![s],
        };
        write(&doc)["vulnerabilities"][0]["remediations"].clone()
    }

    fn affected(responses: Vec<VexResponse>, action: Option<&str>) -> VexStatement {
        VexStatement {
            responses,
            action_statement: action.map(str::to_owned),
            origin: Origin::default(),
            ..VexStatement::new(
                "CVE-2024-0001",
                vec![ProductRef::purl("pkg:npm/lodash@1.0.0")],
                VexStatus::Affected,
            )
        }
    }

    #[test]
    fn each_response_writes_its_category_once_with_the_action_or_its_sentences() {
        for r in VexResponse::ALL {
            let got = remediations(affected(vec![r], None));
            assert_eq!(got[0]["category"], r.csaf_category(), "{r:?}");
            assert_eq!(got[0]["details"], r.sentence(), "{r:?}");
        }
        let got = remediations(affected(
            vec![
                VexResponse::Rollback,
                VexResponse::Update,
                VexResponse::WorkaroundAvailable,
            ],
            None,
        ));
        assert_eq!(
            got,
            json!([
                {"category": "workaround", "product_ids": ["CSAFPID-0001"],
                 "details": "Roll back to a version without the vulnerability. A workaround is available."},
                {"category": "vendor_fix", "product_ids": ["CSAFPID-0001"],
                 "details": "Update to a version with the fix."}
            ])
        );
        let got = remediations(affected(
            vec![VexResponse::Update, VexResponse::CanNotFix],
            Some("Upgrade to 2.0."),
        ));
        assert_eq!(got[0]["details"], "Upgrade to 2.0.");
        assert_eq!(got[1]["details"], "Upgrade to 2.0.");
        assert_eq!(got[1]["category"], "none_available");
        // Without responses, as before: the action under the status's category.
        let got = remediations(affected(Vec::new(), Some("Upgrade.")));
        assert_eq!(got[0]["category"], "vendor_fix");
        assert_eq!(remediations(affected(Vec::new(), None)), Value::Null);
    }

    #[test]
    fn a_versioned_product_is_written_by_versioned_purl_and_never_widened() {
        let mut s = affected(Vec::new(), None);
        s.products = vec![ProductRef {
            versions: vec![
                ProductVersion::Exact("1.2.3".into()),
                ProductVersion::range("vers:npm/>=2.0.0").unwrap(),
            ],
            ..ProductRef::purl("pkg:npm/lodash")
        }];
        let doc = VexDocument {
            format: VexFormat::Csaf,
            id: None,
            author: None,
            timestamp: None,
            statements: vec![s],
        };
        let out = write(&doc);
        let names = &out["product_tree"]["full_product_names"];
        assert_eq!(names.as_array().unwrap().len(), 1, "{names}");
        assert_eq!(
            names[0]["product_identification_helper"]["purl"],
            "pkg:npm/lodash@1.2.3"
        );
    }
}
