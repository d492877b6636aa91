//! Matching: which vulnerabilities affect which components, with the evidence and the
//! confidence of each, merged into one finding per component and vulnerability and ranked.
//!
//! [`scan`] reads candidates through an [`AdvisoryLookup`] by the keys of each component
//! (`identity`), judges each candidate record in its own form (`package` for OSV-style
//! packages, `cpe` for NVD configurations, `product` for CSAF products), lets a distro's
//! records supersede upstream CPE matches of its packages and merges aliases (`merge`),
//! then scores ([`cvss`]) and ranks ([`mod@priority`]). `docs/matching.md` states every rule.

pub mod analysis;
pub mod cvss;
pub mod priority;
pub mod report;
pub mod sarif;

mod cpe;
mod enrich;
mod identity;
mod merge;
mod package;
mod product;
mod ready;
mod release;

#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rampart_sbom::Component;
use rayon::prelude::*;

use crate::key::{MatchKey, base_ecosystem};
use crate::lookup::{AdvisoryLookup, LookupError};
use crate::model::{Advisory, Affected};

pub use cvss::SeverityLevel;
pub use priority::{FailOn, Priority, Tier, priority};
pub use ready::ReadyAdvisory;
pub use report::{
    ComponentRef, Evidence, Finding, Identifier, SCAN_SCHEMA, ScanNote, ScanReport, SeverityScore,
    Status, Summary,
};

use cpe::{Platforms, judge_configuration};
use identity::Identity;
use merge::{RawMatch, group_by_vulnerability, supersede_upstream};
use package::{PackageVerdict, judge_package};
use product::judge_csaf_product;
use release::DISTRO_ECOSYSTEMS;

/// Matches `components` against the advisories of `lookup`.
///
/// Each distinct key is looked up once per scan, and each record's ranges and criteria
/// prepared once for as long as the index keeps the record ([`ReadyAdvisory`]). Components are
/// identified and judged on all threads; the findings come out in the same order whatever
/// the number of threads. Fails only when the index cannot answer.
pub fn scan<L: AdvisoryLookup + ?Sized>(
    components: &[Component],
    lookup: &L,
) -> Result<ScanReport, LookupError> {
    let identities: Vec<Identity> = components.par_iter().map(Identity::of).collect();
    let platforms = Platforms::of(&identities);
    let mut by_key: HashMap<MatchKey, Vec<Arc<ReadyAdvisory>>> = HashMap::new();
    for identity in &identities {
        for key in identity.keys.iter().cloned() {
            if let std::collections::hash_map::Entry::Vacant(slot) = by_key.entry(key) {
                let found = lookup.ready_advisories(slot.key())?;
                slot.insert(found);
            }
        }
    }
    // Judged in runs of neighbouring components, side by side.
    let judged: Vec<(Vec<merge::Group<'_>>, Judged<'_>)> = identities
        .par_chunks(JUDGED_TOGETHER)
        .enumerate()
        .flat_map_iter(|(run, chunk)| {
            let (identities, platforms, by_key) = (&identities, &platforms, &by_key);
            chunk.iter().enumerate().map(move |(k, identity)| {
                let me = run * JUDGED_TOGETHER + k;
                let candidates = candidates_of(identity, by_key);
                let mut judged = judge_component(me, identities, platforms, &candidates);
                let groups = group_by_vulnerability(std::mem::take(&mut judged.matches));
                (groups, judged)
            })
        })
        .collect();
    let facts = enrich::Facts::gather(lookup, judged.iter().flat_map(|(groups, _)| groups))?;
    let built: Vec<(Vec<Finding>, Vec<ScanNote>)> = identities
        .par_chunks(JUDGED_TOGETHER)
        .zip(judged.into_par_iter().chunks(JUDGED_TOGETHER))
        .flat_map_iter(|(identities, judged)| {
            let mut scorer = enrich::Scorer::default();
            let facts = &facts;
            identities
                .iter()
                .zip(judged)
                .map(move |(identity, (groups, judged))| {
                    let findings = groups
                        .into_iter()
                        .map(|group| {
                            scorer.finding(facts, &identity.component, group, &judged.superseded)
                        })
                        .collect();
                    (findings, judged.notes)
                })
        })
        .collect();
    let mut findings = Vec::new();
    let mut notes = Vec::new();
    for (of_component, notes_of_component) in built {
        findings.extend(of_component);
        notes.extend(notes_of_component);
    }
    sort_findings(&mut findings);
    let summary = Summary::of(components.len(), &findings, notes.len());
    Ok(ScanReport {
        schema: SCAN_SCHEMA.to_owned(),
        // On all threads: dropping the rest of each identity is a tenth of a large scan.
        components: identities.into_par_iter().map(|i| i.component).collect(),
        findings,
        notes,
        summary,
    })
}

/// How many neighbouring components one thread judges with one set of caches.
const JUDGED_TOGETHER: usize = 256;

/// Highest priority first; then confidence, id and component name, so the order is stable.
/// A stable sort on all threads: findings equal in all of these keep their order.
pub(crate) fn sort_findings(findings: &mut [Finding]) {
    findings.par_sort_by(|a, b| {
        a.priority
            .tier
            .cmp(&b.priority.tier)
            .then(b.priority.score.cmp(&a.priority.score))
            .then(b.confidence.cmp(&a.confidence))
            .then_with(|| a.id.cmp(&b.id))
            .then_with(|| a.component.name.cmp(&b.component.name))
    });
}

/// The distinct records found under any of the component's keys.
fn candidates_of<'a>(
    identity: &Identity,
    by_key: &'a HashMap<MatchKey, Vec<Arc<ReadyAdvisory>>>,
) -> Vec<&'a ReadyAdvisory> {
    let mut found: Vec<&ReadyAdvisory> = identity
        .keys
        .iter()
        .filter_map(|k| by_key.get(k))
        .flatten()
        .map(Arc::as_ref)
        .filter(|a| a.advisory().withdrawn.is_none())
        .collect();
    // A record filed under several of the component's keys is judged once. The records of
    // one key come in (source, id) order already, so only several keys need the sort.
    let by_record = |a: &&ReadyAdvisory, b: &&ReadyAdvisory| {
        let (a, b) = (a.advisory(), b.advisory());
        (&a.source, &a.id).cmp(&(&b.source, &b.id))
    };
    if !found.is_sorted_by(|a, b| by_record(a, b) != std::cmp::Ordering::Greater) {
        found.sort_unstable_by(by_record);
    }
    found.dedup_by(|a, b| {
        let (a, b) = (a.advisory(), b.advisory());
        a.source == b.source && a.id == b.id
    });
    found
}

/// What the records say of one component.
struct Judged<'a> {
    matches: Vec<RawMatch<'a>>,
    notes: Vec<ScanNote>,
    /// Upstream records set aside for distro data: no match, but their scores still rate
    /// the vulnerability (distro trackers often carry none).
    superseded: Vec<&'a Advisory>,
}

/// Judges every candidate record for component `me`.
fn judge_component<'a>(
    me: usize,
    identities: &[Identity],
    platforms: &Platforms,
    candidates: &[&'a ReadyAdvisory],
) -> Judged<'a> {
    let identity = &identities[me];
    let mut matches = Vec::new();
    let mut notes = Vec::new();
    let mut covered: HashSet<&'a str> = HashSet::new();
    let note = |advisory: &Advisory, message: String| ScanNote {
        component: identity.component.clone(),
        record: format!("{}:{}", advisory.source, advisory.id),
        message,
    };
    for &ready in candidates {
        let advisory = ready.advisory();
        let evidence = |identifier,
                        key: &str,
                        matched: &str,
                        range: Option<String>,
                        status,
                        confidence,
                        notes| Evidence {
            source: advisory.source.clone(),
            record: advisory.id.clone(),
            file: advisory.origin.file.clone(),
            pointer: advisory.origin.pointer.clone(),
            identifier,
            key: key.to_owned(),
            matched: matched.to_owned(),
            range,
            status,
            confidence,
            notes,
        };
        for (index, affected) in advisory.affected.iter().enumerate() {
            match affected {
                Affected::Package(package) => {
                    let distro_record = || {
                        advisory.source == "debian-tracker"
                            || DISTRO_ECOSYSTEMS
                                .contains(&base_ecosystem(&package.ecosystem).as_str())
                    };
                    for id in &identity.packages {
                        let verdict = judge_package(id, package, || ready.ranges(index, package));
                        if verdict != PackageVerdict::Unrelated && distro_record() {
                            covered.insert(&advisory.id);
                            covered.extend(advisory.aliases.iter().map(String::as_str));
                        }
                        match verdict {
                            PackageVerdict::Affected(m) => matches.push(RawMatch {
                                advisory,
                                evidence: evidence(
                                    id.via,
                                    &id.text,
                                    &m.matched,
                                    Some(m.range),
                                    Status::Affected,
                                    m.confidence,
                                    m.notes,
                                ),
                                fixed: m.fixed,
                            }),
                            PackageVerdict::Undecided(message) => {
                                notes.push(note(advisory, message));
                            }
                            PackageVerdict::Unrelated | PackageVerdict::NotAffected => {}
                        }
                    }
                }
                Affected::Cpe(configuration) => {
                    let mut undecided = Vec::new();
                    let found = judge_configuration(
                        me,
                        identities,
                        platforms,
                        ready.criteria(index, configuration),
                        configuration,
                        &mut undecided,
                    );
                    match found {
                        Some(m) => matches.push(RawMatch {
                            advisory,
                            evidence: evidence(
                                m.via,
                                &m.key,
                                &m.matched,
                                Some(m.range),
                                Status::Affected,
                                m.confidence,
                                m.notes,
                            ),
                            fixed: m.fixed,
                        }),
                        None => notes.extend(undecided.into_iter().map(|u| note(advisory, u))),
                    }
                }
                Affected::Product(product) => {
                    if let Some(m) = judge_csaf_product(identity, product) {
                        matches.push(RawMatch {
                            advisory,
                            evidence: evidence(
                                m.via,
                                &m.key,
                                &m.matched,
                                m.range,
                                m.status,
                                m.confidence,
                                m.notes,
                            ),
                            fixed: Vec::new(),
                        });
                    }
                }
            }
        }
    }
    let mut superseded = Vec::new();
    for gone in supersede_upstream(&mut matches, &covered) {
        superseded.push(gone.advisory);
        notes.push(note(
            gone.advisory,
            format!(
                "upstream match of {} to {} superseded by distro data for this package",
                gone.evidence.key, gone.evidence.matched
            ),
        ));
    }
    Judged {
        matches,
        notes,
        superseded,
    }
}
