//! VEX statements and the user's triage decisions applied to a scan's findings.
//!
//! Matching says what the advisories say; a supplier's VEX statement or the team's own triage
//! decision says what is true for this product (the vulnerable code is not in it, a fix was
//! backported, it is being investigated). Applying one sets the finding's status, records
//! where it came from in [`Finding::analysis`], and re-ranks: only affected findings have a
//! priority and trip `--fail-on`.
//!
//! Rules (documented in `docs/vex.md`, "Applying VEX and triage to a scan"):
//! - A finding is matched by its id or any alias, and its component by the statement's
//!   products (purl, CPE, bom-ref) or the decision's component (versionless purl or name).
//! - A triage decision wins over a VEX statement: it is the team's own judgement of this
//!   product; VEX usually comes from a supplier about a component in general.
//! - A decision made for an earlier version carries over while the component's version is
//!   still in the vulnerable range (the finding was matched as affected); once it is not, the
//!   decision is reported as expired by upgrade in the scan's notes, never silently applied.
//! - Among several VEX statements, the latest wins (see [`crate::vex::effective`]).

use rampart_sbom::Component;
use serde::{Deserialize, Serialize};

use crate::vex::triage::{Carry, Expiry, TriageFile};
use crate::vex::{VexStatement, VexStatus, effective};

use super::report::{ComponentRef, Finding, ScanNote, ScanReport, Status, Summary};
use super::{priority, sort_findings};

/// Where a finding's status came from, when not from the advisories alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Analysis {
    /// `vex` or `triage`.
    pub source: AnalysisSource,
    /// The VEX or triage file, as named.
    pub file: String,
    /// Where in it (JSON pointer of the statement, or `line:col` of the decision).
    pub place: String,
    /// The status the advisories alone gave.
    pub matched_status: Status,
    /// The justification (`vulnerable_code_not_present`, …), for not affected.
    pub justification: Option<String>,
    /// Impact or action statement, detail or note.
    pub detail: Option<String>,
    /// Who stated or decided it.
    pub by: Option<String>,
    /// For a triage decision made for an earlier version and carried over: that version.
    pub carried_over_from: Option<String>,
    /// What the supplier does or offers, for a VEX statement that says (CycloneDX
    /// `analysis.response`, CSAF remediation categories); written back when the scan is
    /// written as VEX. Left out of the JSON when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responses: Vec<crate::vex::VexResponse>,
}

/// The kind of statement applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnalysisSource {
    /// A VEX document (`--vex`).
    Vex,
    /// The triage file (`--triage`).
    Triage,
}

fn status_of(status: VexStatus) -> Status {
    match status {
        VexStatus::Affected => Status::Affected,
        VexStatus::NotAffected => Status::NotAffected,
        VexStatus::Fixed => Status::Fixed,
        VexStatus::UnderInvestigation => Status::UnderInvestigation,
    }
}

/// The component of `reference` among `components`: by SBOM reference, else by purl, else by
/// name and version.
fn component_of<'a>(
    reference: &ComponentRef,
    components: &'a [Component],
) -> Option<&'a Component> {
    if let Some(bom_ref) = &reference.bom_ref
        && let Some(found) = components
            .iter()
            .find(|c| c.bom_ref.as_ref() == Some(bom_ref))
    {
        return Some(found);
    }
    components.iter().find(|c| {
        c.purl == reference.purl && c.name == reference.name && c.version == reference.version
    })
}

/// Applies `statements` (from VEX files) and `triage` to `report`, whose components are
/// `components` (the list that was scanned), then re-ranks the findings and recounts.
pub fn apply(
    report: &mut ScanReport,
    components: &[Component],
    statements: &[VexStatement],
    triage: Option<&TriageFile>,
) {
    for finding in &mut report.findings {
        let Some(component) = component_of(&finding.component, components) else {
            continue;
        };
        let mut ids = vec![finding.id.clone()];
        ids.extend(finding.aliases.iter().cloned());
        let matched_status = finding.status;
        let in_range = matched_status == Status::Affected;
        if let Some(triage) = triage {
            if let Some((decision, carry)) = triage.decision_for(component, &ids, in_range) {
                finding.status = status_of(decision.status);
                finding.analysis = Some(Analysis {
                    source: AnalysisSource::Triage,
                    file: triage.file.clone(),
                    place: format!("{}:{}", decision.at.line, decision.at.col),
                    matched_status,
                    justification: decision.justification.map(|j| j.as_str().to_owned()),
                    detail: decision.note.clone(),
                    by: Some(format!("{} on {}", decision.by, decision.date)),
                    carried_over_from: (carry == Carry::CarriedOver)
                        .then(|| decision.version.clone()),
                    responses: Vec::new(),
                });
                rerank(finding);
                continue;
            }
            if let Some((decision, why)) = triage.expired_for(component, &ids, in_range) {
                let reason = match why {
                    Expiry::OutOfVulnerableRange => {
                        "expired by upgrade: this version is outside the vulnerable range"
                    }
                    Expiry::BelowDecidedVersion => "made for a later version than this one",
                };
                report.notes.push(ScanNote {
                    component: finding.component.clone(),
                    record: format!("triage:{}", decision.vulnerability),
                    message: format!(
                        "triage decision at {}:{}:{} ({} for {}) not applied: {reason}",
                        triage.file,
                        decision.at.line,
                        decision.at.col,
                        decision.status.as_str(),
                        decision.version
                    ),
                });
            }
        }
        if let Some(statement) = effective(statements, component, &ids) {
            finding.status = status_of(statement.status);
            finding.analysis = Some(Analysis {
                source: AnalysisSource::Vex,
                file: statement.origin.file.clone(),
                place: statement.origin.pointer.clone(),
                matched_status,
                justification: statement.justification.map(|j| j.as_str().to_owned()),
                detail: statement
                    .impact_statement
                    .clone()
                    .or_else(|| statement.action_statement.clone())
                    .or_else(|| statement.detail.clone()),
                by: statement.author.clone(),
                carried_over_from: None,
                responses: statement.responses.clone(),
            });
            rerank(finding);
        }
    }
    sort_findings(&mut report.findings);
    report.summary = Summary::of(
        report.summary.components,
        &report.findings,
        report.notes.len(),
    );
}

fn rerank(finding: &mut Finding) {
    finding.priority = priority(
        finding.status,
        finding.severity.as_ref().map(|s| s.level),
        finding.severity.as_ref().and_then(|s| s.score),
        finding.kev.is_some(),
        finding.epss.as_ref().map(|e| e.probability),
    );
}

/// The findings of `report` as a VEX document in `format`: one statement per finding, its
/// products named by the component's purl, SBOM reference (`bom-ref`, SPDXID: what
/// CycloneDX writes as `affects[].ref`, so users' tools can join results back) and first CPE.
/// An affected finding's action statement names the fixed versions, when known; a not
/// affected one carries the justification its analysis gave; the responses of the VEX
/// statement that applied are kept.
pub fn to_vex(
    report: &ScanReport,
    components: &[Component],
    format: crate::vex::VexFormat,
    author: &str,
    timestamp: &str,
) -> crate::vex::VexDocument {
    use crate::vex::{Justification, ProductRef, VexDocument};
    let statements = report
        .findings
        .iter()
        .map(|finding| {
            let component = component_of(&finding.component, components);
            let product = ProductRef {
                purl: finding.component.purl.clone(),
                cpe: component.and_then(|c| c.cpes.first().cloned()),
                reference: finding.component.bom_ref.clone(),
                name: Some(match &finding.component.version {
                    Some(v) => format!("{} {v}", finding.component.name),
                    None => finding.component.name.clone(),
                }),
                subcomponents: Vec::new(),
                versions: Vec::new(),
            };
            let status = match finding.status {
                Status::Affected => VexStatus::Affected,
                Status::NotAffected => VexStatus::NotAffected,
                Status::Fixed => VexStatus::Fixed,
                Status::UnderInvestigation => VexStatus::UnderInvestigation,
            };
            let mut statement = VexStatement::new(&finding.id, vec![product], status);
            statement.aliases.clone_from(&finding.aliases);
            statement.timestamp = Some(timestamp.to_owned());
            let analysis = finding.analysis.as_ref();
            statement.justification = analysis
                .and_then(|a| a.justification.as_deref())
                .and_then(Justification::from_name);
            if status == VexStatus::NotAffected && statement.justification.is_none() {
                statement.impact_statement = Some(
                    analysis
                        .and_then(|a| a.detail.clone())
                        .unwrap_or_else(|| "Stated not affected by the supplier.".to_owned()),
                );
            }
            if status == VexStatus::Affected {
                statement.action_statement = Some(if finding.fixed_versions.is_empty() {
                    "No fixed version is known; apply the supplier's mitigations.".to_owned()
                } else {
                    format!("Update to {}.", finding.fixed_versions.join(" or "))
                });
            }
            statement.detail = analysis.and_then(|a| a.detail.clone());
            statement.responses = analysis.map(|a| a.responses.clone()).unwrap_or_default();
            statement
        })
        .collect();
    VexDocument {
        format,
        id: None,
        author: Some(author.to_owned()),
        timestamp: Some(timestamp.to_owned()),
        statements,
    }
}
