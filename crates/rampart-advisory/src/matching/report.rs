//! What a scan produces: findings per component with their evidence, notes on what could not
//! be decided, and summary counts. Serialised as JSON (`rampart.scan/1`, see
//! `docs/matching.md`); renderers read these types only.

use serde::{Deserialize, Serialize};

use crate::model::{Confidence, EpssScore, KevEntry};

use super::cvss::SeverityLevel;
use super::priority::Priority;

/// The schema id of [`ScanReport`] JSON.
pub const SCAN_SCHEMA: &str = "rampart.scan/1";

/// The result of matching a set of components against advisories.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanReport {
    /// Always [`SCAN_SCHEMA`].
    pub schema: String,
    /// Every component scanned, in input order.
    pub components: Vec<ComponentRef>,
    /// One finding per component and vulnerability, highest priority first.
    pub findings: Vec<Finding>,
    /// What could not be decided (an unparseable version, a range with no known order) and
    /// upstream matches superseded by distro data: never silent, never a finding.
    pub notes: Vec<ScanNote>,
    /// Counts over `findings`.
    pub summary: Summary,
}

/// The component a finding is about, as the SBOM names it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentRef {
    /// The SBOM's reference (`bom-ref`, `SPDXID`).
    pub bom_ref: Option<String>,
    /// Name.
    pub name: String,
    /// Version as written.
    pub version: Option<String>,
    /// purl, canonical.
    pub purl: Option<String>,
}

/// One vulnerability affecting (or stated not to affect) one component.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The component.
    pub component: ComponentRef,
    /// The vulnerability's id: a CVE id when any matched record names one.
    pub id: String,
    /// Every other id of the same vulnerability among the matched records, sorted.
    pub aliases: Vec<String>,
    /// The severity chosen from the records' scores (see `docs/matching.md`).
    pub severity: Option<SeverityScore>,
    /// The CISA KEV entry, when the vulnerability is known exploited.
    pub kev: Option<KevEntry>,
    /// The FIRST EPSS score, when scored.
    pub epss: Option<EpssScore>,
    /// What the evidence says of the component.
    pub status: Status,
    /// Versions that fix it, where the records say (OSV `fixed`, NVD `versionEndExcluding`).
    pub fixed_versions: Vec<String>,
    /// Every record that matched, and how.
    pub evidence: Vec<Evidence>,
    /// The highest confidence among the evidence.
    pub confidence: Confidence,
    /// Where the finding ranks (KEV, severity, EPSS).
    pub priority: Priority,
    /// A VEX statement or triage decision that set `status`, when one applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analysis: Option<super::analysis::Analysis>,
}

/// The status of a component for a vulnerability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The component's version lies in an affected range, or a vendor lists it as affected.
    Affected,
    /// The vendor is still investigating (CSAF `under_investigation`).
    UnderInvestigation,
    /// The vendor lists the component as fixed (CSAF `fixed`, `first_fixed`, `recommended`).
    Fixed,
    /// The vendor lists the component as not affected (CSAF `known_not_affected`).
    NotAffected,
}

/// A severity with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeverityScore {
    /// The qualitative level.
    pub level: SeverityLevel,
    /// The base score, 0.0–10.0, when known.
    pub score: Option<f64>,
    /// The vector it was computed from, when there was a valid one.
    pub vector: Option<String>,
    /// `cvss-v2`, `cvss-v3`, `cvss-v4` or `rating`.
    pub scheme: String,
    /// The record that gave it (`nvd:CVE-2023-0286`).
    pub record: String,
    /// Who scored it, when known (`nvd@nist.gov`).
    pub scorer: Option<String>,
    /// Why the stated score was used instead of the vector, when it was.
    pub note: Option<String>,
}

/// How one record matched one component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The source id (`osv`, `nvd`, `csaf`, `debian-tracker`).
    pub source: String,
    /// The record's id.
    pub record: String,
    /// The file the record was read from.
    pub file: String,
    /// The JSON pointer to the record in that file.
    pub pointer: String,
    /// Which identifier of the component matched.
    pub identifier: Identifier,
    /// The component identifier used (its purl, CPE or derived CPE, or the source package).
    pub key: String,
    /// What the record names: the OSV ecosystem and package, or the CPE criterion, or the
    /// CSAF product id and name.
    pub matched: String,
    /// The affected range as the record writes it, when it has one.
    pub range: Option<String>,
    /// What this record says of the component.
    pub status: Status,
    /// How sure this match is.
    pub confidence: Confidence,
    /// Why the confidence is below High, or anything else the user should know.
    pub notes: Vec<String>,
}

/// Which of a component's identifiers matched a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Identifier {
    /// The component's purl.
    Purl,
    /// The distro source package of the component's purl (`upstream`/`source` qualifier).
    SourcePackage,
    /// One of the component's own CPEs.
    Cpe,
    /// A CPE derived from the component's name (rampart-sbom's normalisation table).
    DerivedCpe,
    /// A CSAF product.
    Product,
}

/// Something a scan could not decide or deliberately set aside, about one component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanNote {
    /// The component.
    pub component: ComponentRef,
    /// The record concerned (`osv:GHSA-…`).
    pub record: String,
    /// What happened.
    pub message: String,
}

/// Counts over a report's findings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Components scanned.
    pub components: usize,
    /// Components with at least one finding of status affected.
    pub affected_components: usize,
    /// Findings of any status.
    pub findings: usize,
    /// Findings of status affected.
    pub affected: usize,
    /// Affected findings by severity level.
    pub critical: usize,
    /// Affected findings of level high.
    pub high: usize,
    /// Affected findings of level medium.
    pub medium: usize,
    /// Affected findings of level low.
    pub low: usize,
    /// Affected findings with level none or no severity at all.
    pub unknown: usize,
    /// Affected findings in CISA KEV.
    pub kev: usize,
    /// Affected findings whose best evidence is Low confidence.
    pub low_confidence: usize,
    /// Notes.
    pub notes: usize,
}

impl Summary {
    /// Counts `findings` of `components` components with `notes` notes.
    pub fn of(components: usize, findings: &[Finding], notes: usize) -> Summary {
        let mut summary = Summary {
            components,
            findings: findings.len(),
            notes,
            ..Summary::default()
        };
        let mut affected_components = std::collections::HashSet::new();
        for finding in findings.iter().filter(|f| f.status == Status::Affected) {
            summary.affected += 1;
            affected_components.insert((
                &finding.component.bom_ref,
                &finding.component.name,
                &finding.component.version,
            ));
            match finding.severity.as_ref().map(|s| s.level) {
                Some(SeverityLevel::Critical) => summary.critical += 1,
                Some(SeverityLevel::High) => summary.high += 1,
                Some(SeverityLevel::Medium) => summary.medium += 1,
                Some(SeverityLevel::Low) => summary.low += 1,
                Some(SeverityLevel::None) | None => summary.unknown += 1,
            }
            summary.kev += usize::from(finding.kev.is_some());
            summary.low_confidence += usize::from(finding.confidence == Confidence::Low);
        }
        summary.affected_components = affected_components.len();
        summary
    }
}
