//! What several rules share: turning firmware findings of given codes into proposals, and
//! listing facts in a summary sentence.

use std::collections::BTreeMap;

use rampart_firmware::findings::Finding as FirmwareFinding;

use super::{EvidenceInput, EvidenceRule, Proposals};
use crate::results::Status;

/// How many facts a summary names before "and N more".
pub(crate) const NAMED_IN_SUMMARY: usize = 3;

/// A firmware finding code a rule reads, and the status a finding of it proposes.
pub(crate) struct CodeStatus {
    /// `FW-PWD-002`.
    pub code: &'static str,
    /// `not-satisfied` or `partially`.
    pub status: Status,
}

/// Proposes, for every requirement a firmware finding of one of `codes` bears on (and that
/// `rule` declares), the worst status of those findings, naming them.
///
/// The requirements come from the finding itself (the firmware rule's own mapping, see
/// `docs/firmware-findings.md`), so the two pages cannot drift apart.
pub(crate) fn from_firmware_codes(
    rule: &dyn EvidenceRule,
    input: &EvidenceInput<'_>,
    codes: &[CodeStatus],
    what: &str,
    out: &mut Proposals,
) {
    let Some(firmware) = input.firmware else {
        return;
    };
    let mut per_requirement: BTreeMap<&str, (Status, Vec<&FirmwareFinding>)> = BTreeMap::new();
    for finding in &firmware.findings {
        let Some(cs) = codes.iter().find(|c| c.code == finding.code) else {
            continue;
        };
        for requirement in &finding.requirements {
            let Some(declared) = rule
                .requirements()
                .iter()
                .copied()
                .find(|r| *r == requirement.as_str())
            else {
                continue;
            };
            let entry = per_requirement
                .entry(declared)
                .or_insert((cs.status, Vec::new()));
            entry.0 = entry.0.max(cs.status);
            entry.1.push(finding);
        }
    }
    for (requirement, (status, findings)) in per_requirement {
        let named: Vec<String> = findings
            .iter()
            .map(|f| format!("{} {} ({})", f.code, f.title, f.path))
            .collect();
        let summary = format!("{} {what} in the image: {}", findings.len(), list(&named));
        let facts = findings.iter().map(|f| f.fingerprint.clone()).collect();
        out.add(requirement, status, summary, facts);
    }
}

/// `a, b, c and 2 more`.
pub(crate) fn list(items: &[String]) -> String {
    let shown = items
        .iter()
        .take(NAMED_IN_SUMMARY)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    match items.len().saturating_sub(NAMED_IN_SUMMARY) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}

/// Proposes `not-satisfied` for the requirements findings of system check `check` bear on
/// (those `rule` declares) plus `also`, naming the findings; `partially` when every such
/// finding is covered by an owner's acceptance in force (the risk is accepted, the
/// requirement still unmet). Returns how many findings there were.
pub(crate) fn from_system_check(
    rule: &dyn EvidenceRule,
    input: &EvidenceInput<'_>,
    check: &str,
    also: &[&'static str],
    what: &str,
    out: &mut Proposals,
) -> usize {
    let found: Vec<&rampart_system::Finding> = input
        .system_findings
        .iter()
        .filter(|f| f.check == check)
        .collect();
    if found.is_empty() {
        return 0;
    }
    let open = found.iter().filter(|f| !f.is_accepted()).count();
    let status = if open == 0 {
        Status::Partially
    } else {
        Status::NotSatisfied
    };
    let named: Vec<String> = found.iter().map(|f| f.message.clone()).collect();
    let mut summary = format!("{} {what}: {}", found.len(), list(&named));
    if open < found.len() {
        summary.push_str(&format!(" ({} accepted by the owner)", found.len() - open));
    }
    let facts: Vec<String> = found.iter().map(|f| f.fingerprint.clone()).collect();
    let mut requirements: Vec<&'static str> = Vec::new();
    for f in &found {
        for r in &f.requirements {
            if let Some(declared) = rule.requirements().iter().copied().find(|d| d == r)
                && !requirements.contains(&declared)
            {
                requirements.push(declared);
            }
        }
    }
    for r in also.iter().copied() {
        if !requirements.contains(&r) {
            requirements.push(r);
        }
    }
    for requirement in requirements {
        out.add(requirement, status, summary.clone(), facts.clone());
    }
    found.len()
}
