//! A CSAF 2.0 security advisory (profile `csaf_security_advisory`) of the assessed product's
//! vulnerabilities, for the vendor's PSIRT to review and publish.
//!
//! One vulnerability item per CVE (or per advisory id when there is no CVE): its components'
//! statuses in the product (`known_affected`, `fixed`, `known_not_affected` with the VEX
//! justification as a flag, `under_investigation`), a CVSS v3 score recomputed from the
//! vector, `vendor_fix` remediations naming the fixed component versions (or `none_available`),
//! and an `exploit_status` threat for known-exploited ones. The document is built so that the
//! CSAF 2.0 mandatory tests (section 6.1) hold by construction; `docs/exports.md` lists how
//! each is met.

use std::collections::HashMap;

use rampart_assess::AssessmentResults;
use rampart_assess::results::{Severity, Vulnerability};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::csaf_tree::{ProductTree, component_name};
use super::{midnight, one_line, subject_label};

/// Who publishes the advisory (CSAF `document.publisher`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsafPublisher {
    /// The publishing organisation (`ACME PSIRT`).
    pub name: String,
    /// Its namespace: a URL it controls (`https://psirt.acme.example`).
    pub namespace: String,
    /// What it is to the product; [`CsafPublisherCategory::Vendor`] also names it as the
    /// product's vendor in the product tree.
    pub category: CsafPublisherCategory,
}

impl Default for CsafPublisher {
    /// Rampart itself, category `other`: correct but anonymous. A PSIRT sets its own name,
    /// namespace and `vendor` before publishing.
    fn default() -> CsafPublisher {
        CsafPublisher {
            name: "Rampart".into(),
            namespace: "https://github.com/rampart-iacs/rampart".into(),
            category: CsafPublisherCategory::Other,
        }
    }
}

/// CSAF's publisher categories, without `translator`: a translator's document needs a
/// `source_lang` (mandatory test 6.1.15) and a generated advisory is not a translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CsafPublisherCategory {
    /// Coordinates disclosure between parties.
    Coordinator,
    /// Found the vulnerabilities.
    Discoverer,
    /// Anything else.
    Other,
    /// Uses the product.
    User,
    /// Makes the product.
    Vendor,
}

impl CsafPublisherCategory {
    fn as_str(self) -> &'static str {
        match self {
            CsafPublisherCategory::Coordinator => "coordinator",
            CsafPublisherCategory::Discoverer => "discoverer",
            CsafPublisherCategory::Other => "other",
            CsafPublisherCategory::User => "user",
            CsafPublisherCategory::Vendor => "vendor",
        }
    }
}

/// CSAF's VEX justification labels (flags), as Rampart's results spell them.
const FLAG_LABELS: [&str; 5] = [
    "component_not_present",
    "inline_mitigations_already_exist",
    "vulnerable_code_cannot_be_controlled_by_adversary",
    "vulnerable_code_not_in_execute_path",
    "vulnerable_code_not_present",
];

/// The CSAF 2.0 security advisory of `results`' vulnerabilities, published by `publisher`;
/// `None` when the results list no vulnerability (a security advisory needs at least one).
pub fn csaf_advisory(results: &AssessmentResults, publisher: &CsafPublisher) -> Option<Value> {
    if results.vulnerabilities.is_empty() {
        return None;
    }
    let mut tree = ProductTree::new();
    // Vulnerability items keyed by CVE (else id), in order of first appearance, each with its
    // entries and their product ids (a product once per item: the first, highest-priority
    // entry wins, so no product has two statuses, mandatory test 6.1.6).
    let mut order: Vec<String> = Vec::new();
    let mut items: HashMap<String, Vec<(String, &Vulnerability)>> = HashMap::new();
    for v in &results.vulnerabilities {
        let key = primary_id(v);
        let pid = tree.component_in_product(results, v);
        let entries = items.entry(key.clone()).or_insert_with(|| {
            order.push(key.clone());
            Vec::new()
        });
        if !entries.iter().any(|(p, _)| *p == pid) {
            entries.push((pid, v));
        }
    }
    let vulnerabilities: Vec<Value> = order
        .iter()
        .map(|key| vulnerability(results, key, &items[key]))
        .collect();

    let date = format!(
        "{}.000Z",
        midnight(&results.generated).trim_end_matches('Z')
    );
    let version = results.tool.split_whitespace().nth(1).unwrap_or("unknown");
    let affected: Vec<&Vulnerability> = results
        .vulnerabilities
        .iter()
        .filter(|v| v.status == "affected")
        .collect();
    let mut document = json!({
        "category": "csaf_security_advisory",
        "csaf_version": "2.0",
        "lang": "en",
        "title": format!("Vulnerabilities in {}", one_line(&subject_label(results))),
        "publisher": {
            "category": publisher.category.as_str(),
            "name": one_line(&publisher.name),
            "namespace": publisher.namespace.trim(),
        },
        "notes": [
            {
                "category": "summary",
                "title": "Summary",
                "text": summary(results, order.len(), affected.len()),
            },
            {
                "category": "general",
                "title": "How this advisory was made",
                "text": format!(
                    "Generated by {} from an IEC 62443 assessment on {}: the product's components were \
                     identified, matched against the local advisory index, and triaged (VEX). \
                     Review before publishing.",
                    one_line(&results.tool), results.generated
                ),
            },
        ],
        "tracking": {
            "id": tracking_id(results),
            "status": "final",
            "version": "1",
            "revision_history": [{ "date": date, "number": "1", "summary": "Initial version." }],
            "initial_release_date": date,
            "current_release_date": date,
            "generator": { "engine": { "name": "Rampart", "version": version }, "date": date },
        },
    });
    if let Some(worst) = affected.iter().map(|v| v.severity).max() {
        document["aggregate_severity"] = json!({ "text": capitalised(worst) });
    }
    Some(json!({
        "document": document,
        "product_tree": tree.finish(results, publisher),
        "vulnerabilities": vulnerabilities,
    }))
}

/// The item key of a vulnerability: its CVE (the id or the first CVE alias), so one CVE is
/// one item (mandatory test 6.1.23), else its id.
fn primary_id(v: &Vulnerability) -> String {
    std::iter::once(&v.id)
        .chain(&v.aliases)
        .find(|id| is_cve(id))
        .unwrap_or(&v.id)
        .clone()
}

/// Whether `id` fits CSAF's `cve` pattern `^CVE-[0-9]{4}-[0-9]{4,}$`.
fn is_cve(id: &str) -> bool {
    id.strip_prefix("CVE-")
        .and_then(|rest| rest.split_once('-'))
        .is_some_and(|(year, number)| {
            year.len() == 4
                && number.len() >= 4
                && year
                    .bytes()
                    .chain(number.bytes())
                    .all(|b| b.is_ascii_digit())
        })
}

fn capitalised(s: Severity) -> &'static str {
    match s {
        Severity::None => "None",
        Severity::Low => "Low",
        Severity::Medium => "Medium",
        Severity::High => "High",
        Severity::Critical => "Critical",
    }
}

/// `rampart-acme-rtu-5000-2.1.0-2026-12-01`: the product, version and day, in CSAF's file
/// name alphabet (lower case, `+-.a-z0-9`, runs of anything else as `-`).
fn tracking_id(results: &AssessmentResults) -> String {
    let raw = format!("rampart {} {}", subject_label(results), results.generated);
    let mut out = String::new();
    for c in raw.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() || c == '+' || c == '.' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

fn summary(results: &AssessmentResults, items: usize, affected: usize) -> String {
    let kev = results
        .vulnerabilities
        .iter()
        .filter(|v| v.kev && v.status == "affected")
        .count();
    let mut text = format!(
        "Vulnerabilities of the components of {} ({items} in all): {affected} component \
         match(es) known to affect the product",
        one_line(&subject_label(results))
    );
    if kev > 0 {
        text.push_str(&format!(", {kev} of them known to be exploited"));
    }
    text.push('.');
    text
}

fn csaf_status(status: &str) -> &'static str {
    match status {
        "affected" => "known_affected",
        "fixed" => "fixed",
        "not_affected" => "known_not_affected",
        _ => "under_investigation",
    }
}

/// Adds `pid` to the list of `key` in `map`, keeping first-use order of keys.
fn push(map: &mut Vec<(String, Vec<String>)>, key: String, pid: &str) {
    match map.iter_mut().find(|(k, _)| *k == key) {
        Some((_, ids)) => ids.push(pid.to_owned()),
        None => map.push((key, vec![pid.to_owned()])),
    }
}

fn vulnerability(
    results: &AssessmentResults,
    key: &str,
    entries: &[(String, &Vulnerability)],
) -> Value {
    let mut out = Map::new();
    if is_cve(key) {
        out.insert("cve".into(), json!(key));
    }
    let mut ids: Vec<&str> = Vec::new();
    for (_, v) in entries {
        for id in std::iter::once(&v.id).chain(&v.aliases) {
            if !is_cve(id) && !ids.contains(&id.as_str()) {
                ids.push(id);
            }
        }
    }
    if !ids.is_empty() {
        out.insert(
            "ids".into(),
            ids.iter()
                .map(|id| json!({ "system_name": system_of(id), "text": id }))
                .collect(),
        );
    }
    let lines: Vec<String> = entries
        .iter()
        .map(|(_, v)| {
            let mut line = format!(
                "{}: {} (severity {}",
                component_name(v),
                v.status.replace('_', " "),
                v.severity.as_str()
            );
            if let Some(epss) = v.epss {
                line.push_str(&format!(", EPSS {:.1}%", epss * 100.0));
            }
            line.push(')');
            line
        })
        .collect();
    out.insert(
        "notes".into(),
        json!([{
            "category": "description",
            "title": "Components of the product",
            "text": format!("{key} in {}:\n\n- {}", one_line(&subject_label(results)), lines.join("\n- ")),
        }]),
    );

    let mut status: Vec<(String, Vec<String>)> = Vec::new();
    let mut flags: Vec<(String, Vec<String>)> = Vec::new();
    let mut impacts: Vec<(String, Vec<String>)> = Vec::new();
    let mut remediations: Vec<(String, Vec<String>)> = Vec::new();
    let mut scores: Vec<(String, Vec<String>)> = Vec::new();
    let mut exploited: Vec<String> = Vec::new();
    for (pid, v) in entries {
        push(&mut status, csaf_status(&v.status).to_owned(), pid);
        if v.status == "not_affected"
            && let Some(j) = v.justification.as_deref().map(str::trim)
        {
            if FLAG_LABELS.contains(&j) {
                push(&mut flags, j.to_owned(), pid);
            } else if !j.is_empty() {
                push(&mut impacts, j.to_owned(), pid);
            }
        }
        if v.status == "affected" {
            let remedy = if v.fixed_versions.is_empty() {
                format!(
                    "none_available\tNo fixed version of {} is known yet.",
                    v.component
                )
            } else {
                format!(
                    "vendor_fix\tUpdate {} to {} in a release of the product.",
                    v.component,
                    v.fixed_versions.join(" or ")
                )
            };
            push(&mut remediations, remedy, pid);
        }
        if let Some(vector) = v.vector.as_deref().map(str::trim)
            && cvss_v3(vector).is_some()
        {
            push(&mut scores, vector.to_owned(), pid);
        }
        if v.kev {
            exploited.push(pid.clone());
        }
    }
    out.insert(
        "product_status".into(),
        Value::Object(status.into_iter().map(|(k, ids)| (k, json!(ids))).collect()),
    );
    if !flags.is_empty() {
        out.insert(
            "flags".into(),
            flags
                .into_iter()
                .map(|(label, ids)| json!({ "label": label, "product_ids": ids }))
                .collect(),
        );
    }
    if !remediations.is_empty() {
        out.insert(
            "remediations".into(),
            remediations
                .into_iter()
                .map(|(remedy, ids)| {
                    let (category, details) = remedy.split_once('\t').expect("category\tdetails");
                    json!({ "category": category, "details": details, "product_ids": ids })
                })
                .collect(),
        );
    }
    if !scores.is_empty() {
        out.insert(
            "scores".into(),
            scores
                .into_iter()
                .filter_map(|(vector, ids)| {
                    cvss_v3(&vector).map(|cvss| json!({ "cvss_v3": cvss, "products": ids }))
                })
                .collect(),
        );
    }
    let mut threats: Vec<Value> = impacts
        .into_iter()
        .map(|(details, ids)| json!({ "category": "impact", "details": details, "product_ids": ids }))
        .collect();
    if !exploited.is_empty() {
        threats.push(json!({
            "category": "exploit_status",
            "details": "Known to be exploited: listed in CISA's Known Exploited Vulnerabilities catalog.",
            "product_ids": exploited,
        }));
    }
    if !threats.is_empty() {
        out.insert("threats".into(), Value::Array(threats));
    }
    Value::Object(out)
}

/// The `cvss_v3` object of a CVSS 3.0/3.1 vector, with the base score and severity computed
/// from it (mandatory tests 6.1.8–6.1.10: nothing but what the vector determines is written).
fn cvss_v3(vector: &str) -> Option<Value> {
    use std::str::FromStr;
    let version = if vector.starts_with("CVSS:3.1/") {
        "3.1"
    } else if vector.starts_with("CVSS:3.0/") {
        "3.0"
    } else {
        return None;
    };
    // The parser accepts vectors missing base metrics; the CVSS schema (6.1.8) does not.
    let keys: Vec<&str> = vector
        .split('/')
        .skip(1)
        .filter_map(|m| m.split_once(':').map(|(k, _)| k))
        .collect();
    let complete = ["AV", "AC", "PR", "UI", "S", "C", "I", "A"]
        .iter()
        .all(|base| keys.iter().filter(|k| *k == base).count() == 1);
    if !complete {
        return None;
    }
    let parsed = cvss::v3::Vector::from_str(vector).ok()?;
    let score = parsed.score();
    Some(json!({
        "version": version,
        "vectorString": vector,
        "baseScore": score.value(),
        "baseSeverity": score.severity().as_str().to_uppercase(),
    }))
}

/// The `system_name` of an advisory id: its prefix (`GHSA`, `OSV`, `DSA`).
fn system_of(id: &str) -> String {
    match id.split_once('-') {
        Some((prefix, _)) if !prefix.trim().is_empty() => prefix.to_owned(),
        _ => "unknown".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cvss_scores_are_computed_from_the_vector() {
        let v = cvss_v3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").unwrap();
        assert_eq!(v["baseScore"], 9.8);
        assert_eq!(v["baseSeverity"], "CRITICAL");
        assert!(cvss_v3("CVSS:3.1/AV:N/AC:L").is_none());
        assert!(cvss_v3("AV:N/AC:L/Au:N/C:P/I:P/A:P").is_none());
    }

    #[test]
    fn tracking_ids_use_the_file_name_alphabet() {
        let mut r = rampart_assess::synthetic::synthetic(rampart_catalog::Catalog::builtin(), 1, 1);
        r.subject.name = "ACME RTU/5000 (EU)".into();
        assert_eq!(tracking_id(&r), "rampart-acme-rtu-5000-eu-1.0.0-2026-12-05");
    }
}
