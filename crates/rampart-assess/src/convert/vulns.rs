//! Scan findings as results vulnerabilities.

use rampart_advisory::ScanReport;
use rampart_advisory::matching::{SeverityLevel, Status};
use rampart_advisory::model::Confidence;

use crate::results::{Severity, Vulnerability};

/// Every scan finding (affected, under investigation, fixed or stated not affected), in the
/// scan's priority order (KEV, then severity, then EPSS).
pub fn vulnerabilities(report: &ScanReport) -> Vec<Vulnerability> {
    report
        .findings
        .iter()
        .map(|f| {
            let mut records: Vec<String> = f
                .evidence
                .iter()
                .map(|e| format!("{}:{}", e.source, e.record))
                .collect();
            records.sort();
            records.dedup();
            Vulnerability {
                id: f.id.clone(),
                aliases: f.aliases.clone(),
                component: f.component.name.clone(),
                version: f.component.version.clone(),
                purl: f.component.purl.clone(),
                bom_ref: f.component.bom_ref.clone(),
                severity: f
                    .severity
                    .as_ref()
                    .map_or(Severity::None, |s| severity(s.level)),
                score: f.severity.as_ref().and_then(|s| s.score),
                vector: f.severity.as_ref().and_then(|s| s.vector.clone()),
                kev: f.kev.is_some(),
                epss: f.epss.as_ref().map(|e| f64::from(e.probability)),
                status: status(f.status).to_owned(),
                justification: f
                    .analysis
                    .as_ref()
                    .and_then(|a| a.justification.clone().or_else(|| a.detail.clone())),
                fixed_versions: f.fixed_versions.clone(),
                confidence: confidence(f.confidence).to_owned(),
                records,
            }
        })
        .collect()
}

/// The results' severity of a CVSS band.
pub(crate) fn severity(level: SeverityLevel) -> Severity {
    match level {
        SeverityLevel::None => Severity::None,
        SeverityLevel::Low => Severity::Low,
        SeverityLevel::Medium => Severity::Medium,
        SeverityLevel::High => Severity::High,
        SeverityLevel::Critical => Severity::Critical,
    }
}

/// The status as the scan's JSON writes it.
fn status(status: Status) -> &'static str {
    match status {
        Status::Affected => "affected",
        Status::UnderInvestigation => "under_investigation",
        Status::Fixed => "fixed",
        Status::NotAffected => "not_affected",
    }
}

fn confidence(c: Confidence) -> &'static str {
    match c {
        Confidence::High => "high",
        Confidence::Medium => "medium",
        Confidence::Low => "low",
    }
}
