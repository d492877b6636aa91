//! What the vulnerability rules share: selecting scan findings and naming them.

use rampart_advisory::{Confidence, Finding};

use super::support::list;
use super::{EvidenceInput, EvidenceRule, Proposals};
use crate::results::Status;

/// Which scan findings a rule counts, and what they propose.
pub(crate) struct VulnFilter<'f> {
    /// True for a finding the rule counts.
    pub accept: &'f dyn Fn(&Finding) -> bool,
    /// What they are, for the summary (`known-exploited … unpatched`).
    pub what: &'f str,
    /// The status the counted findings propose (before the low-confidence rule).
    pub status: &'f dyn Fn(&[&Finding]) -> Status,
}

/// Proposes `filter`'s status for every requirement of `rule` when the scan has findings
/// it accepts; `partially` at most when every one of them is a low-confidence match.
pub(crate) fn propose_for_vulnerabilities(
    rule: &dyn EvidenceRule,
    input: &EvidenceInput<'_>,
    filter: &VulnFilter<'_>,
    out: &mut Proposals,
) {
    let Some(scan) = input.scan else {
        return;
    };
    let accepted: Vec<&Finding> = scan
        .findings
        .iter()
        .filter(|f| (filter.accept)(f))
        .collect();
    if accepted.is_empty() {
        return;
    }
    let mut status = (filter.status)(&accepted);
    let all_low = accepted.iter().all(|f| f.confidence == Confidence::Low);
    if all_low {
        status = status.min(Status::Partially);
    }
    let named: Vec<String> = accepted
        .iter()
        .map(|f| match &f.component.version {
            Some(v) => format!("{} in {} {v}", f.id, f.component.name),
            None => format!("{} in {}", f.id, f.component.name),
        })
        .collect();
    let mut summary = format!("{} {}: {}", accepted.len(), filter.what, list(&named));
    if all_low {
        summary.push_str(" (every match of low confidence: confirm the components first)");
    }
    let mut facts: Vec<String> = accepted.iter().map(|f| f.id.clone()).collect();
    facts.sort();
    facts.dedup();
    for requirement in rule.requirements() {
        out.add(requirement, status, summary.clone(), facts.clone());
    }
}
