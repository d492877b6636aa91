//! Which findings to fix first, and when a scan should fail a build.
//!
//! A finding's priority rests on three facts: whether CISA lists the vulnerability as known
//! exploited (KEV), its severity, and the EPSS probability of exploitation in the next 30
//! days. The tier is a coarse bucket for people; the score orders findings inside it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::cvss::SeverityLevel;
use super::report::{Finding, ScanReport, Status};

/// A finding's place in the fixing order.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Priority {
    /// The coarse bucket.
    pub tier: Tier,
    /// 0–1000: `400` if in KEV, plus `30 ×` the CVSS base score (a rating alone counts as
    /// its band's middle: low 2.0, medium 5.5, high 8.0, critical 9.5), plus `300 ×` the EPSS
    /// probability. Zero when the component is not affected.
    pub score: u32,
}

/// Priority tiers, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    /// In KEV, or EPSS probability at least 0.5, or critical with EPSS at least 0.1.
    Immediate,
    /// Critical or high.
    High,
    /// Medium.
    Medium,
    /// Low, none, or no severity known.
    Low,
    /// The component is not affected (fixed, not affected, under investigation).
    None,
}

/// The EPSS probability from which a finding is exploited "likely enough" to act now.
const EPSS_IMMEDIATE: f32 = 0.5;
/// The EPSS probability that makes a critical finding immediate.
const EPSS_CRITICAL: f32 = 0.1;

/// The priority of a finding with these facts.
pub fn priority(
    status: Status,
    level: Option<SeverityLevel>,
    score: Option<f64>,
    kev: bool,
    epss: Option<f32>,
) -> Priority {
    if status != Status::Affected {
        return Priority {
            tier: Tier::None,
            score: 0,
        };
    }
    let epss = epss.unwrap_or(0.0).clamp(0.0, 1.0);
    let tier = if kev
        || epss >= EPSS_IMMEDIATE
        || (level == Some(SeverityLevel::Critical) && epss >= EPSS_CRITICAL)
    {
        Tier::Immediate
    } else {
        match level {
            Some(SeverityLevel::Critical | SeverityLevel::High) => Tier::High,
            Some(SeverityLevel::Medium) => Tier::Medium,
            _ => Tier::Low,
        }
    };
    let base = score.unwrap_or(match level {
        Some(SeverityLevel::Critical) => 9.5,
        Some(SeverityLevel::High) => 8.0,
        Some(SeverityLevel::Medium) => 5.5,
        Some(SeverityLevel::Low) => 2.0,
        Some(SeverityLevel::None) | None => 0.0,
    });
    let total =
        if kev { 400.0 } else { 0.0 } + 30.0 * base.clamp(0.0, 10.0) + 300.0 * f64::from(epss);
    #[allow(clippy::cast_sign_loss, reason = "clamped to 0.0–1000.0 first")]
    let score = total.round().clamp(0.0, 1000.0) as u32;
    Priority { tier, score }
}

/// The `--fail-on` threshold: the least a finding must be to fail the scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FailOn {
    /// Any affected finding, whatever its severity (also unknown).
    Low,
    /// An affected finding of severity medium or above.
    Medium,
    /// High or critical.
    High,
    /// Critical.
    Critical,
    /// An affected finding in CISA KEV, whatever its severity.
    Kev,
}

impl FailOn {
    /// Every threshold, in order of strictness.
    pub const ALL: [FailOn; 5] = [
        FailOn::Low,
        FailOn::Medium,
        FailOn::High,
        FailOn::Critical,
        FailOn::Kev,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            FailOn::Low => "low",
            FailOn::Medium => "medium",
            FailOn::High => "high",
            FailOn::Critical => "critical",
            FailOn::Kev => "kev",
        }
    }

    /// Whether `finding` reaches this threshold. Only affected findings count.
    pub fn reached_by(self, finding: &Finding) -> bool {
        if finding.status != Status::Affected {
            return false;
        }
        let level = finding.severity.as_ref().map(|s| s.level);
        match self {
            FailOn::Low => true,
            FailOn::Medium => level >= Some(SeverityLevel::Medium),
            FailOn::High => level >= Some(SeverityLevel::High),
            FailOn::Critical => level >= Some(SeverityLevel::Critical),
            FailOn::Kev => finding.kev.is_some(),
        }
    }
}

impl fmt::Display for FailOn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for FailOn {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FailOn::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!("unknown threshold {s:?}: expected one of low, medium, high, critical, kev")
            })
    }
}

impl ScanReport {
    /// Whether any finding reaches `threshold` (the CLI exits 1 when it does).
    pub fn fail_on(&self, threshold: FailOn) -> bool {
        self.findings.iter().any(|f| threshold.reached_by(f))
    }
}
