//! Reading one CSAF 2.0 document (security advisory, VEX, or any other profile) into one
//! [`Advisory`] per `vulnerabilities[]` entry.
//!
//! The advisory id is `<document.tracking.id>/<cve>`, or `<document.tracking.id>/<index>`
//! (the entry's 0-based index) when the entry has no CVE: one document usually covers several
//! vulnerabilities, and matching and VEX need each on its own. The CVE and the entry's
//! `ids[].text` are its aliases; the tracking id is not, since every vulnerability of the
//! document shares it and matching would merge them all into one. Every product a `product_status` list names becomes
//! one [`Affected::Product`], with the status of that list and the remediations naming it
//! (directly or through a product group).
//!
//! A vulnerability whose `product_status` or remediation names a product id the product tree
//! does not define cannot be judged faithfully: it is skipped whole and reported in
//! [`ReadSummary::skipped`] with the JSON pointer of the unknown id.

use std::collections::{HashMap, HashSet};

use super::document::{CsafDocument, Vulnerability};
use super::product_tree::{FlatTree, flatten};
use crate::model::{
    Advisory, Affected, Origin, ProductStatus, Reference, Remediation, ScoreScheme, Severity,
};
use crate::source::{Input, ReadSummary, SourceError, json_problem, problem};
use crate::{Record, model::AffectedProduct};

/// Reads `input` into `sink`.
pub(crate) fn read_document(
    input: Input<'_>,
    sink: &mut dyn FnMut(Record) -> Result<(), String>,
) -> Result<ReadSummary, SourceError> {
    let document: CsafDocument = serde_json::from_slice(input.bytes)
        .map_err(|e| SourceError::Invalid(json_problem(input.name, &e)))?;
    let version = document.document.csaf_version.trim();
    if version.split('.').next() != Some("2") {
        return Err(SourceError::Invalid(problem(
            input.name,
            0,
            0,
            format!("/document/csaf_version: {version:?} is not CSAF 2.x"),
        )));
    }
    let tree = document
        .product_tree
        .as_ref()
        .map(flatten)
        .unwrap_or_default();
    let mut summary = ReadSummary::default();
    for (index, vulnerability) in document.vulnerabilities.iter().enumerate() {
        match advisory(input.name, &document, &tree, index, vulnerability) {
            Ok(advisory) => {
                sink(Record::Advisory(Box::new(advisory))).map_err(SourceError::Sink)?;
                summary.records += 1;
            }
            Err(reason) => summary.skipped.push(problem(
                input.name,
                0,
                0,
                format!("vulnerability /vulnerabilities/{index} skipped: {reason}"),
            )),
        }
    }
    Ok(summary)
}

/// Builds the advisory of one vulnerability, or says why it cannot be built.
fn advisory(
    file: &str,
    document: &CsafDocument,
    tree: &FlatTree,
    index: usize,
    vulnerability: &Vulnerability,
) -> Result<Advisory, String> {
    let meta = &document.document;
    let tracking_id = meta.tracking.id.trim();
    let id = match &vulnerability.cve {
        Some(cve) => format!("{tracking_id}/{}", cve.trim()),
        None => format!("{tracking_id}/{index}"),
    };
    let mut aliases: Vec<String> = Vec::new();
    for alias in vulnerability
        .cve
        .iter()
        .chain(vulnerability.ids.iter().map(|i| &i.text))
        .map(|a| a.trim().to_owned())
    {
        if !alias.is_empty() && !aliases.contains(&alias) {
            aliases.push(alias);
        }
    }
    let note = |categories: &[&str]| {
        vulnerability
            .notes
            .iter()
            .find(|n| categories.contains(&n.category.as_str()))
            .map(|n| n.text.trim().to_owned())
    };
    let summary_note = note(&["summary"]);
    let (summary, details) = match (&vulnerability.title, summary_note) {
        (Some(title), summary_note) => (
            Some(title.trim().to_owned()),
            note(&["description", "details"]).or(summary_note),
        ),
        (None, Some(summary_note)) => (Some(summary_note), note(&["description", "details"])),
        (None, None) => (
            Some(meta.title.trim().to_owned()),
            note(&["description", "details"]),
        ),
    };
    let mut severities = Vec::new();
    for score in &vulnerability.scores {
        for (scheme, cvss) in [
            (ScoreScheme::CvssV3, &score.cvss_v3),
            (ScoreScheme::CvssV2, &score.cvss_v2),
        ] {
            let Some(cvss) = cvss else { continue };
            let severity = Severity {
                scheme,
                vector: Some(cvss.vector.clone()),
                score: Some(cvss.base_score),
                rating: cvss.base_severity.clone(),
                scorer: None,
            };
            if !severities.contains(&severity) {
                severities.push(severity);
            }
        }
    }
    let references = vulnerability
        .references
        .iter()
        .chain(&meta.references)
        .map(|r| Reference {
            kind: r.category.clone(),
            url: r.url.clone(),
        })
        .collect();
    Ok(Advisory {
        id,
        source: "csaf".to_owned(),
        aliases,
        related: Vec::new(),
        summary,
        details,
        published: meta.tracking.initial_release_date.clone(),
        modified: meta.tracking.current_release_date.clone(),
        withdrawn: None,
        severities,
        affected: affected(tree, index, vulnerability)?,
        references,
        cwes: vulnerability.cwe.iter().map(|c| c.id.clone()).collect(),
        origin: Origin {
            file: file.to_owned(),
            pointer: format!("/vulnerabilities/{index}"),
        },
    })
}

/// One [`Affected::Product`] per product and status list naming it.
fn affected(
    tree: &FlatTree,
    index: usize,
    vulnerability: &Vulnerability,
) -> Result<Vec<Affected>, String> {
    let Some(lists) = &vulnerability.product_status else {
        return Ok(Vec::new());
    };
    let (models, by_id) = remediations(tree, index, vulnerability)?;
    let mut out = Vec::new();
    for (list, ids, status) in [
        (
            "first_affected",
            &lists.first_affected,
            ProductStatus::KnownAffected,
        ),
        (
            "known_affected",
            &lists.known_affected,
            ProductStatus::KnownAffected,
        ),
        (
            "last_affected",
            &lists.last_affected,
            ProductStatus::KnownAffected,
        ),
        ("first_fixed", &lists.first_fixed, ProductStatus::Fixed),
        ("fixed", &lists.fixed, ProductStatus::Fixed),
        (
            "known_not_affected",
            &lists.known_not_affected,
            ProductStatus::KnownNotAffected,
        ),
        (
            "under_investigation",
            &lists.under_investigation,
            ProductStatus::UnderInvestigation,
        ),
        (
            "recommended",
            &lists.recommended,
            ProductStatus::Recommended,
        ),
    ] {
        let mut seen = HashSet::new();
        for (at, product_id) in ids.iter().enumerate() {
            let Some(template) = tree.products.get(product_id) else {
                return Err(format!(
                    "/vulnerabilities/{index}/product_status/{list}/{at}: unknown product id \
                     {product_id:?} (not in the product tree)"
                ));
            };
            if !seen.insert(product_id) {
                continue;
            }
            let product = AffectedProduct {
                status,
                remediations: by_id
                    .get(product_id.as_str())
                    .map(|list| list.iter().map(|&r| models[r].clone()).collect())
                    .unwrap_or_default(),
                ..template.clone()
            };
            out.push(Affected::Product(product));
        }
    }
    Ok(out)
}

/// The remediations of a vulnerability, and the indexes of those naming each product id
/// (directly or through a group; once each, in document order).
type RemediationsById<'a> = (Vec<Remediation>, HashMap<&'a str, Vec<usize>>);

fn remediations<'a>(
    tree: &'a FlatTree,
    index: usize,
    vulnerability: &'a Vulnerability,
) -> Result<RemediationsById<'a>, String> {
    let mut models = Vec::with_capacity(vulnerability.remediations.len());
    let mut by_id: HashMap<&str, Vec<usize>> = HashMap::new();
    for (at, entry) in vulnerability.remediations.iter().enumerate() {
        let mut ids: Vec<&str> = Vec::with_capacity(entry.product_ids.len());
        for (id_at, id) in entry.product_ids.iter().enumerate() {
            if !tree.products.contains_key(id) {
                return Err(format!(
                    "/vulnerabilities/{index}/remediations/{at}/product_ids/{id_at}: unknown \
                     product id {id:?} (not in the product tree)"
                ));
            }
            ids.push(id);
        }
        for (group_at, group) in entry.group_ids.iter().enumerate() {
            let Some(members) = tree.groups.get(group) else {
                return Err(format!(
                    "/vulnerabilities/{index}/remediations/{at}/group_ids/{group_at}: unknown \
                     group id {group:?}"
                ));
            };
            ids.extend(members.iter().map(String::as_str));
        }
        for id in ids {
            let list = by_id.entry(id).or_default();
            if list.last() != Some(&at) {
                list.push(at);
            }
        }
        models.push(Remediation {
            category: entry.category.clone(),
            details: entry.details.clone(),
            url: entry.url.clone(),
        });
    }
    Ok((models, by_id))
}
