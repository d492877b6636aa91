//! From merged matches to findings: the KEV and EPSS facts of each CVE (looked up once per
//! scan, before the findings are built, so that building needs no index and runs on all
//! threads), the scores of each record, the status, confidence and priority.

use std::collections::{HashMap, HashSet};

use crate::lookup::{AdvisoryLookup, LookupError};
use crate::model::{Advisory, Confidence, EpssScore, KevEntry};

use super::merge::{self, preferred_id};
use super::{ComponentRef, Finding, Identifier, SeverityScore, Status, cvss, priority};

/// KEV and EPSS facts of every CVE the scan's findings name.
#[derive(Default)]
pub(super) struct Facts {
    kev: HashMap<String, Option<KevEntry>>,
    epss: HashMap<String, Option<EpssScore>>,
}

impl Facts {
    /// Looks up each CVE id of `groups` once.
    pub fn gather<'g, L: AdvisoryLookup + ?Sized>(
        lookup: &L,
        groups: impl Iterator<Item = &'g merge::Group<'g>>,
    ) -> Result<Facts, LookupError> {
        let mut facts = Facts::default();
        for group in groups {
            for cve in group.ids.iter().filter(|i| i.starts_with("CVE-")) {
                if !facts.kev.contains_key(cve) {
                    facts.kev.insert(cve.clone(), lookup.kev(cve)?);
                    facts.epss.insert(cve.clone(), lookup.epss(cve)?);
                }
            }
        }
        Ok(facts)
    }
}

/// Scores per record, for the findings one thread builds.
#[derive(Default)]
pub(super) struct Scorer {
    /// By address: records live in the scan's lookup results, and one record often matches
    /// many components.
    severities: HashMap<usize, Vec<SeverityScore>>,
    vectors: cvss::VectorScores,
}

impl Scorer {
    /// Builds the finding of one merged group.
    pub fn finding(
        &mut self,
        facts: &Facts,
        component: &ComponentRef,
        group: merge::Group<'_>,
        superseded: &[&Advisory],
    ) -> Finding {
        let id = preferred_id(&group.ids);
        let aliases: Vec<String> = group.ids.iter().filter(|i| **i != id).cloned().collect();
        // The first CVE id (in order) that KEV lists, and the first that EPSS scores.
        let cves = || group.ids.iter().filter(|i| i.starts_with("CVE-"));
        let kev = cves().find_map(|cve| facts.kev.get(cve).cloned().flatten());
        let epss = cves().find_map(|cve| facts.epss.get(cve).cloned().flatten());
        let mut seen_records = HashSet::new();
        let mut scores = Vec::new();
        for m in &group.matches {
            let address = std::ptr::from_ref(m.advisory) as usize;
            if seen_records.insert(address) {
                let vectors = &mut self.vectors;
                let of_record = self.severities.entry(address).or_insert_with(|| {
                    m.advisory
                        .severities
                        .iter()
                        .filter_map(|s| cvss::score_severity_with(m.advisory, s, vectors))
                        .collect()
                });
                scores.extend(of_record.iter().cloned());
            }
        }
        if scores.is_empty() {
            // The distro record rates nothing: take the scores of the upstream records of the
            // same vulnerability that distro data superseded.
            for record in superseded.iter().filter(|r| {
                group.ids.contains(&r.id) || r.aliases.iter().any(|a| group.ids.contains(a))
            }) {
                scores.extend(
                    record
                        .severities
                        .iter()
                        .filter_map(|s| cvss::score_severity_with(record, s, &mut self.vectors)),
                );
            }
        }
        let severity = cvss::pick_severity(scores);
        // A vendor's statement about its exact product (CSAF) decides the status; otherwise
        // a match is a statement that the version is affected.
        let status = group
            .matches
            .iter()
            .filter(|m| m.evidence.identifier == Identifier::Product)
            .map(|m| m.evidence.status)
            .min()
            .unwrap_or(Status::Affected);
        let confidence = group
            .matches
            .iter()
            .map(|m| m.evidence.confidence)
            .max()
            .unwrap_or(Confidence::Low);
        let mut fixed_versions: Vec<String> = group
            .matches
            .iter()
            .flat_map(|m| m.fixed.iter().cloned())
            .collect();
        fixed_versions.sort();
        fixed_versions.dedup();
        let priority = priority::priority(
            status,
            severity.as_ref().map(|s| s.level),
            severity.as_ref().and_then(|s| s.score),
            kev.is_some(),
            epss.as_ref().map(|e| e.probability),
        );
        Finding {
            component: component.clone(),
            id,
            aliases,
            severity,
            kev,
            epss,
            status,
            fixed_versions,
            evidence: group.matches.into_iter().map(|m| m.evidence).collect(),
            confidence,
            priority,
            analysis: None,
        }
    }
}
