//! The results of one assessment run: what `results.json` holds and what every renderer
//! (HTML, PDF, spreadsheet, document) and every export (OSCAL, SARIF, CSAF, VEX) reads.
//!
//! The model is self-contained on purpose: a report can be re-rendered from `results.json`
//! alone, years later, without the image, the advisory index or the catalog build that
//! produced it. Titles and levels of requirements are therefore copied in, not referenced.
//!
//! Dates are `YYYY-MM-DD` strings (UTC); every list is in a stable, documented order so the
//! same inputs give byte-identical output.

use rampart_catalog::{ComponentType, Fr, MaturityLevel, SecurityLevel, SlVector};
use serde::{Deserialize, Serialize};

/// The schema id of [`AssessmentResults`] JSON. A field added keeps the id; a field renamed
/// or removed, or a meaning changed, bumps it.
pub const RESULTS_SCHEMA: &str = "rampart.assessment-results/1";

/// Everything one assessment found and concluded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentResults {
    /// Always [`RESULTS_SCHEMA`].
    pub schema: String,
    /// The Rampart version that produced it (`rampart 0.1.0`).
    pub tool: String,
    /// The day of the run (`YYYY-MM-DD`, UTC), which decides expiry and due dates.
    pub generated: String,
    /// What was assessed.
    pub subject: Subject,
    /// Per FR 1–7, in order: SL-T, SL-C and SL-A, and what blocks the next level.
    pub levels: Vec<FrLevels>,
    /// Counts and percentage of the items required at SL-T, by status.
    pub readiness: Readiness,
    /// The same counts per FR, in FR order (only FRs with required items).
    pub readiness_by_fr: Vec<FrReadiness>,
    /// Every requirement in scope, in catalog order.
    pub requirements: Vec<RequirementResult>,
    /// 4-1 maturity per practice (for an organisation, 2-1 maturity and readiness per
    /// element), in catalog order; empty when neither part is in scope.
    pub maturity: Vec<PracticeMaturity>,
    /// What to fix, most impact first.
    pub gaps: Vec<Gap>,
    /// Firmware findings, system-check findings and others, most severe first.
    pub findings: Vec<Finding>,
    /// Vulnerabilities of the subject's components, highest priority first.
    pub vulnerabilities: Vec<Vulnerability>,
    /// Counts of the components analysed (the SBOM itself is written beside the results).
    pub components: ComponentSummary,
    /// Earlier assessments of the same subject, oldest first, then this one.
    pub trend: Vec<TrendPoint>,
    /// Zones, conduits and risk, when a system model was assessed or given for context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<SystemSection>,
    /// When the assessment falls due for review, and why.
    pub review: Review,
    /// The inputs the run read, with their SHA-256, for provenance.
    pub inputs: Vec<InputFile>,
}

/// What an assessment is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subject {
    /// Product, system or organisation.
    pub kind: SubjectKind,
    /// Its name (`ACME RTU-5000`, `Water treatment plant`).
    pub name: String,
    /// The product version or model revision, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The 4-2 component type of a product.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component_type: Option<ComponentType>,
    /// The target security level vector (products, and systems with one SL-T for all zones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sl_t: Option<SlVector>,
    /// The catalog parts in scope (`4-2`, `4-1`, `3-3`, `3-2`, `2-1`).
    pub parts: Vec<String>,
    /// The image or SBOM the product was analysed from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact: Option<InputFile>,
    /// The system model and asset the product is placed in, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement: Option<Placement>,
}

/// The kind of subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SubjectKind {
    /// A product version (4-2, with 4-1 for its maker's process).
    Product,
    /// A system model (3-3 per zone, 3-2).
    System,
    /// An organisation's programme (2-1).
    Organisation,
}

/// Where a product sits in a plant: the asset of a system model it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Placement {
    /// The model file.
    pub model: String,
    /// The asset's id.
    pub asset: String,
    /// The asset's zone.
    pub zone: String,
    /// The zone's SL-T.
    pub zone_sl_t: SlVector,
}

/// A file read by the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputFile {
    /// What it is: `image`, `sbom`, `answers`, `assessment`, `system-model`, `advisory-index`,
    /// `vex`, `previous-results`.
    pub role: String,
    /// The path as given.
    pub path: String,
    /// SHA-256, lower-case hex (none for a folder or an index).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Size in bytes, for files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
}

/// The levels of one FR.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrLevels {
    /// The FR.
    pub fr: Fr,
    /// The target.
    pub sl_t: SecurityLevel,
    /// The capability: for a product, what its 4-2 items satisfied (automatic, answered or
    /// confirmed) reach; for a zone, the least of its assets' SL-C. `None` when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sl_c: Option<SecurityLevel>,
    /// Achieved: the highest level whose required items all have status satisfied.
    pub sl_a: SecurityLevel,
    /// The first item (catalog order) not satisfied among those the next level above SL-A
    /// requires; `None` at SL 4 or when nothing more is asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocking: Option<String>,
}

/// Item counts by status.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Readiness {
    /// Items required at SL-T (not-applicable ones included).
    pub required: usize,
    /// Satisfied.
    pub satisfied: usize,
    /// Partially satisfied.
    pub partially: usize,
    /// Not satisfied.
    pub not_satisfied: usize,
    /// Not applicable, with a rationale.
    pub not_applicable: usize,
    /// Not assessed yet.
    pub not_assessed: usize,
    /// `satisfied / (required - not_applicable)` as a percentage, one decimal; 100 when
    /// nothing applicable is required.
    pub percent: f64,
}

/// Readiness of one FR.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrReadiness {
    /// The FR.
    pub fr: Fr,
    /// Its counts.
    pub readiness: Readiness,
}

/// The status of one requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Met, with evidence.
    Satisfied,
    /// Partly met.
    Partially,
    /// Not met.
    NotSatisfied,
    /// Does not apply to the subject; needs a rationale.
    NotApplicable,
    /// Nobody has decided yet.
    NotAssessed,
}

impl Status {
    /// The status as written in files (`not-satisfied`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Satisfied => "satisfied",
            Status::Partially => "partially",
            Status::NotSatisfied => "not-satisfied",
            Status::NotApplicable => "not-applicable",
            Status::NotAssessed => "not-assessed",
        }
    }

    /// Every status, in the order reports list them.
    pub const ALL: [Status; 5] = [
        Status::Satisfied,
        Status::Partially,
        Status::NotSatisfied,
        Status::NotApplicable,
        Status::NotAssessed,
    ];
}

/// Who decided a requirement's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DecidedBy {
    /// An evidence rule proposed it and no assessor has confirmed it yet.
    Automatic,
    /// An assessor's answer or assessment file set it (possibly confirming a proposal).
    Assessor,
    /// Nobody: the status is `not-assessed`.
    Nobody,
}

/// One requirement's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequirementResult {
    /// The catalog id (`CR 1.1 RE 1`, `EDR 2.4`, `SM-1`, `SR 3.1`).
    pub id: String,
    /// The catalog part (`4-2`).
    pub part: String,
    /// Its title.
    pub title: String,
    /// Its FR, for 3-3 and 4-2 items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fr: Option<Fr>,
    /// Its group: an FR (`FR1`) or a 4-1 practice (`SM`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The levels at which the catalog requires it (empty for maturity-rated parts).
    pub security_levels: Vec<SecurityLevel>,
    /// True when the subject's SL-T requires it (always true for 4-1 and 2-1 items in scope).
    pub required: bool,
    /// The one-line question an engineer answers for it.
    pub question: String,
    /// The status in force.
    pub status: Status,
    /// Who set it.
    pub decided_by: DecidedBy,
    /// Why: the assessor's rationale (required for not-applicable and for overriding a
    /// proposal), or the rule's summary for an automatic status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    /// What the evidence rules proposed, kept even when an assessor overrode them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub proposals: Vec<Proposal>,
    /// Evidence attached by the assessor or produced by the tools.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Who assessed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessor: Option<String>,
    /// When it was assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessed: Option<String>,
    /// From when the status holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<String>,
    /// When the status lapses (and the item counts as not assessed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// For 4-1 and 2-1 items: the maturity evidence, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maturity: Option<MaturityLevel>,
}

/// A status an evidence rule proposed, with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    /// The rule's stable id (`kev-unpatched`).
    pub rule: String,
    /// The status it proposes.
    pub status: Status,
    /// Why, in one sentence naming the facts (`2 known-exploited vulnerabilities unpatched:
    /// CVE-2023-0286 in openssl 3.0.7, …`).
    pub summary: String,
    /// The findings and vulnerabilities it rests on: their fingerprints or ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<String>,
}

/// One piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// `file`, `link` or `tool`.
    pub kind: EvidenceKind,
    /// What it shows.
    pub description: String,
    /// The file's path (relative to the assessment folder) or the link's URL, or the tool
    /// result's name (`firmware-analysis`, `scan`).
    pub location: String,
    /// SHA-256 of a file, as recorded when attached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

/// The kind of a piece of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceKind {
    /// A document or record in the project folder.
    File,
    /// A URL.
    Link,
    /// The output of a Rampart analysis in this run.
    Tool,
}

/// The maturity of one 4-1 practice, or of one 2-1 element (an organisation's programme).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PracticeMaturity {
    /// The practice id (`SM`, `SR`, `SD`, `SI`, `SVV`, `DM`, `SUM`, `SG`), or the 2-1
    /// element id (`ORG 1`, `CM 1`, `NET 3`, …).
    pub practice: String,
    /// Its title.
    pub title: String,
    /// The level reached: the lowest level among its assessed items; `None` while any item
    /// is not assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<MaturityLevel>,
    /// Items in the practice.
    pub items: usize,
    /// Items satisfied.
    pub satisfied: usize,
    /// The item that holds the level down, when one does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocking: Option<String>,
    /// For a 2-1 element: the readiness of its items (an organisation has no FRs, so this is
    /// its readiness by grouping). `None` for a 4-1 practice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readiness: Option<Readiness>,
}

/// A requirement to fix, with why it matters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    /// Rank, 1 = fix first.
    pub rank: usize,
    /// The requirement.
    pub requirement: String,
    /// Its title.
    pub title: String,
    /// Its FR, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fr: Option<Fr>,
    /// Its status (not satisfied, partially or not assessed).
    pub status: Status,
    /// FR levels a fix would unlock: each FR with the level it would reach if this item
    /// alone were satisfied (only those that rise).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unlocks: Vec<FrLevelChange>,
    /// The most severe finding or vulnerability behind it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// True when a known-exploited vulnerability is behind it.
    pub kev: bool,
    /// How exposed the subject is (from the system model's conduits), when known: `internet`,
    /// `lower-sl`, `internal` or `isolated` (rampart-system's `Exposure`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exposure: Option<String>,
    /// The impact score the ranking used (documented in `docs/assessment.md`).
    pub score: f64,
    /// What to do, in Rampart's words.
    pub remediation: String,
    /// The findings and vulnerabilities behind it (fingerprints or ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<String>,
}

/// One FR's level rising.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrLevelChange {
    /// The FR.
    pub fr: Fr,
    /// SL-A now.
    pub from: SecurityLevel,
    /// SL-A after the fix.
    pub to: SecurityLevel,
}

/// How much a finding matters (the firmware findings' and CVSS's scale).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Informational or no rating.
    None,
    /// Low.
    Low,
    /// Medium.
    Medium,
    /// High.
    High,
    /// Critical.
    Critical,
}

impl Severity {
    /// The name as written in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::None => "none",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// A finding of any analysis, in one shape for every renderer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The stable code or check id (`FW-PWD-002`, `cleartext-channel`).
    pub code: String,
    /// Which analysis produced it: `firmware`, `system`.
    pub source: String,
    /// How much it matters.
    pub severity: Severity,
    /// One-line title.
    pub title: String,
    /// What exactly was found (secrets redacted).
    pub detail: String,
    /// Where: a tree path in the image (`fw.bin.unpacked/0x40-squashfs/etc/shadow`), or a
    /// model element with its file position.
    pub location: String,
    /// The requirements it bears on, as the catalog spells them.
    pub requirements: Vec<String>,
    /// How to fix it.
    pub remediation: String,
    /// Stable identity for de-duplication and triage.
    pub fingerprint: String,
}

/// A vulnerability of one component.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vulnerability {
    /// CVE id or the advisory's id.
    pub id: String,
    /// Other ids of it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The component's name.
    pub component: String,
    /// The component's version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The component's purl.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
    /// The component's SBOM reference (`bom-ref`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bom_ref: Option<String>,
    /// Severity.
    pub severity: Severity,
    /// CVSS base score, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// The CVSS vector, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vector: Option<String>,
    /// Known exploited (CISA KEV).
    pub kev: bool,
    /// EPSS probability, 0–1, when scored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epss: Option<f64>,
    /// `affected`, `under_investigation`, `fixed` or `not_affected` (after VEX and triage).
    pub status: String,
    /// The VEX justification or triage note, when a statement set the status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
    /// Versions that fix it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fixed_versions: Vec<String>,
    /// The match's confidence (`high`, `medium`, `low`).
    pub confidence: String,
    /// The advisory records that matched (`nvd:CVE-2023-0286`).
    pub records: Vec<String>,
}

/// Counts of the components analysed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentSummary {
    /// Components in the SBOM.
    pub total: usize,
    /// Those with at least one affecting vulnerability.
    pub vulnerable: usize,
    /// Those with a purl or CPE (so they could be matched).
    pub identified: usize,
    /// ELF files checked for hardening.
    pub elf_files: usize,
    /// ELF files missing at least one hardening property the evidence rules ask for.
    pub elf_weak: usize,
}

/// One earlier (or this) assessment of the same subject.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    /// The subject's version then.
    pub version: String,
    /// The day of that run.
    pub generated: String,
    /// Readiness percentage then.
    pub percent: f64,
    /// SL-A per FR then.
    pub sl_a: SlVector,
    /// Affecting vulnerabilities then, and how many were known exploited.
    pub vulnerabilities: usize,
    /// Known-exploited among them.
    pub kev: usize,
}

/// The plant view: zones, conduits, risk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemSection {
    /// The model's name.
    pub name: String,
    /// Every zone with its levels, in model order.
    pub zones: Vec<ZoneResult>,
    /// Every conduit, in model order.
    pub conduits: Vec<ConduitResult>,
    /// The risk heat map: counts of threat scenarios per (likelihood, consequence) cell,
    /// before and after countermeasures.
    pub risk: RiskMatrixCounts,
    /// The zone and conduit diagram as SVG, drawn by `rampart-system` when the results were
    /// concluded. Serialised (absent when there is none) so `results.json` stays the only
    /// input of every renderer: the layout needs the model (Purdue levels, asset kinds and
    /// flags, boundary devices), which the results do not carry. Renderers check it before
    /// embedding it (`rampart_report::charts::checked_diagram`), since a `results.json` is a
    /// file anyone can edit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagram_svg: Option<String>,
}

/// One zone's levels and readiness.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZoneResult {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Per FR: SL-T, SL-C, SL-A and the blocking item.
    pub levels: Vec<FrLevels>,
    /// Readiness of its 3-3 items at its SL-T.
    pub readiness: Readiness,
    /// Its assets' ids.
    pub assets: Vec<String>,
}

/// One conduit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConduitResult {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The zones it joins.
    pub zones: Vec<String>,
    /// Findings of the 3-2 checks on it (their codes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<String>,
}

/// Counts of threat scenarios on the model's risk matrix.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RiskMatrixCounts {
    /// Likelihood labels, lowest first (rows).
    pub likelihoods: Vec<String>,
    /// Consequence labels, lowest first (columns).
    pub consequences: Vec<String>,
    /// `[likelihood][consequence]` scenario counts before countermeasures.
    pub inherent: Vec<Vec<usize>>,
    /// The same after countermeasures.
    pub residual: Vec<Vec<usize>>,
    /// The risk level name of each cell, `[likelihood][consequence]`
    /// (`low`, `medium`, `high`, `critical`), for colouring.
    pub cells: Vec<Vec<String>>,
}

/// When the assessment falls due.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// The day the last review was done (the latest assessor date), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<String>,
    /// The day it falls due (a year after the last review by default).
    pub due: String,
    /// `current`, `due` (due date passed) or `changed` (the version, SBOM or advisories
    /// changed since the last review).
    pub state: String,
    /// What changed since the last review, in words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<String>,
}
