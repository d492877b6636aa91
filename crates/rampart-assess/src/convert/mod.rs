//! The analyses' own outputs turned into the results model's one shape per kind: firmware
//! and system-check findings into [`results::Finding`](crate::results::Finding), scan
//! findings into [`results::Vulnerability`](crate::results::Vulnerability), a system model
//! into [`results::SystemSection`](crate::results::SystemSection).
//!
//! Kept apart from the evidence rules: the rules read the analyses directly (they need more
//! than a renderer does), while these conversions decide only what a report shows.

mod firmware;
mod system;
mod vulns;

pub use firmware::{component_summary, firmware_findings};
pub use system::{risk_counts, system_findings, system_section};
pub use vulns::vulnerabilities;

use crate::results::Severity;

/// Orders findings most severe first, then by code and location, so outputs are stable.
pub fn sort_findings(findings: &mut [crate::results::Finding]) {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.code.cmp(&b.code))
            .then_with(|| a.location.cmp(&b.location))
            .then_with(|| a.fingerprint.cmp(&b.fingerprint))
    });
}

/// The results' severity of a firmware finding.
fn firmware_severity(s: rampart_firmware::findings::Severity) -> Severity {
    use rampart_firmware::findings::Severity as F;
    match s {
        F::Info => Severity::None,
        F::Low => Severity::Low,
        F::Medium => Severity::Medium,
        F::High => Severity::High,
        F::Critical => Severity::Critical,
    }
}
