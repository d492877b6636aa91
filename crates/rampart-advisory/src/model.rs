//! The source-neutral advisory model.
//!
//! Every feed (OSV, NVD CVE API 2.0, CSAF 2.0, the Debian security tracker) is read into
//! [`Advisory`], so the index, matching and VEX know one shape. What an advisory says is
//! affected keeps the source's own form ([`Affected`]): OSV ranges per ecosystem, NVD's CPE
//! configuration trees, CSAF's product statuses. Flattening them into one range type would
//! lose exactly the facts that decide a match (a platform CPE in an AND node, a distro's
//! fixed version, a vendor's model number).

use serde::{Deserialize, Serialize};

/// One advisory from one source.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Advisory {
    /// The source's id for it: `CVE-2023-0286` (NVD), `GHSA-…`, `DSA-5343-1`, `DEBIAN-CVE-…`
    /// (OSV), `ICSA-23-143-01` (CSAF `document.tracking.id`).
    pub id: String,
    /// The [`AdvisorySource::id`](crate::AdvisorySource::id) of the source it was read from.
    pub source: String,
    /// Other ids of the same vulnerability (OSV `aliases`, CSAF `cve` and `ids`, NVD none).
    pub aliases: Vec<String>,
    /// Ids of related but distinct vulnerabilities (OSV `related`).
    pub related: Vec<String>,
    /// One-line summary.
    pub summary: Option<String>,
    /// Longer description, as the source wrote it.
    pub details: Option<String>,
    /// First published, RFC 3339 as written.
    pub published: Option<String>,
    /// Last modified, RFC 3339 as written.
    pub modified: Option<String>,
    /// Set when the source withdrew (rejected) the advisory; withdrawn advisories never match.
    pub withdrawn: Option<String>,
    /// Scores the source gives.
    pub severities: Vec<Severity>,
    /// What the advisory says is (or is not) affected.
    pub affected: Vec<Affected>,
    /// Links (advisory pages, fixes, reports).
    pub references: Vec<Reference>,
    /// CWE ids (`CWE-787`).
    pub cwes: Vec<String>,
    /// Where the record was read from, for the evidence of every match.
    pub origin: Origin,
}

/// Where a record was read from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The file (or `archive.zip!/entry.json`) as the user named it.
    pub file: String,
    /// JSON pointer to the record inside the file, empty for a whole-file record.
    pub pointer: String,
}

/// One score or severity rating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Severity {
    /// The scoring system.
    pub scheme: ScoreScheme,
    /// The vector string (`CVSS:3.1/AV:N/…`), when the source gives one.
    pub vector: Option<String>,
    /// The base score the source states, 0.0–10.0, when it states one.
    pub score: Option<f32>,
    /// A qualitative rating as written (`HIGH`, `important`), when that is all there is.
    pub rating: Option<String>,
    /// Who scored it (NVD's `source`, e.g. `nvd@nist.gov`, or a CNA), when known.
    pub scorer: Option<String>,
}

/// A scoring system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScoreScheme {
    /// CVSS v2.0.
    CvssV2,
    /// CVSS v3.0 or v3.1.
    CvssV3,
    /// CVSS v4.0.
    CvssV4,
    /// A source's own rating (Debian urgency, Ubuntu priority, a vendor's severity).
    Rating,
}

/// A link of an advisory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// The link's kind as the source names it (`ADVISORY`, `FIX`, `WEB`, `external`…).
    pub kind: Option<String>,
    /// The URL.
    pub url: String,
}

/// What an advisory says about one product or package, in the source's own form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "form", rename_all = "kebab-case")]
pub enum Affected {
    /// A package in an ecosystem with OSV ranges (OSV records, the Debian tracker).
    Package(AffectedPackage),
    /// An NVD configuration: a tree of CPE match criteria.
    Cpe(CpeConfiguration),
    /// A CSAF product with its status.
    Product(AffectedProduct),
}

/// A package and its affected versions, OSV style.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AffectedPackage {
    /// The OSV ecosystem as written (`Debian:12`, `PyPI`, `Alpine:v3.18`, `npm`).
    pub ecosystem: String,
    /// The package name in that ecosystem (a Debian source package, `group:artifact` for Maven).
    pub name: String,
    /// The purl the source gives for the package, if any.
    pub purl: Option<String>,
    /// Affected ranges.
    pub ranges: Vec<OsvRange>,
    /// Versions listed one by one as affected.
    pub versions: Vec<String>,
}

/// One OSV range: events over versions of one scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OsvRange {
    /// How the events' versions are to be read.
    pub kind: RangeKind,
    /// The events in the order written (evaluation sorts them).
    pub events: Vec<RangeEvent>,
}

/// The `type` of an OSV range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RangeKind {
    /// Semantic versions, whatever the ecosystem.
    Semver,
    /// The ecosystem's own version order.
    Ecosystem,
    /// Git commits: not versions; never evaluated against a component version.
    Git,
}

/// One OSV range event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RangeEvent {
    /// First affected version, inclusive; `0` means from the start.
    Introduced(String),
    /// First fixed version, exclusive.
    Fixed(String),
    /// Last affected version, inclusive.
    LastAffected(String),
    /// Exclusive upper bound of the whole range; `*` means none.
    Limit(String),
}

/// An NVD configuration: nodes combined by `operator`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CpeConfiguration {
    /// How the nodes combine (NVD writes AND for "running on/with" configurations).
    pub operator: Operator,
    /// Whether the result is negated.
    pub negate: bool,
    /// The nodes.
    pub nodes: Vec<CpeNode>,
}

/// One NVD configuration node: CPE match criteria combined by `operator`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CpeNode {
    /// How the matches combine.
    pub operator: Operator,
    /// Whether the node's result is negated.
    pub negate: bool,
    /// The criteria.
    pub matches: Vec<CpeMatch>,
}

/// AND or OR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Operator {
    /// Every part must hold.
    And,
    /// One part suffices.
    Or,
}

/// One NVD `cpeMatch` criterion.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CpeMatch {
    /// False for a platform the vulnerable software runs on (a hardware CPE in an AND
    /// configuration): such a criterion never makes a component vulnerable by itself.
    pub vulnerable: bool,
    /// The CPE 2.3 formatted string.
    pub criteria: String,
    /// `versionStartIncluding`.
    pub version_start_including: Option<String>,
    /// `versionStartExcluding`.
    pub version_start_excluding: Option<String>,
    /// `versionEndIncluding`.
    pub version_end_including: Option<String>,
    /// `versionEndExcluding`.
    pub version_end_excluding: Option<String>,
}

/// A CSAF product with what the advisory says about it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AffectedProduct {
    /// The CSAF `product_id`.
    pub product_id: String,
    /// The vendor branch's name, if the product tree has one.
    pub vendor: Option<String>,
    /// The product-name branch's name, if any.
    pub product_name: Option<String>,
    /// The full product name (`full_product_name.name`).
    pub full_name: String,
    /// The version or version range as written (`product_version` or `product_version_range`
    /// branch, or the version part of the full name).
    pub version: Option<String>,
    /// True when `version` is a range expression (`vers:…`, `<V4.5`, `all versions`).
    pub version_is_range: bool,
    /// Model numbers from `product_identification_helper.model_numbers`.
    pub model_numbers: Vec<String>,
    /// SKUs from `product_identification_helper.skus`.
    pub skus: Vec<String>,
    /// CPE from `product_identification_helper.cpe`.
    pub cpe: Option<String>,
    /// purls from `product_identification_helper.purl(s)`.
    pub purls: Vec<String>,
    /// The product's status in the advisory.
    pub status: ProductStatus,
    /// Remediations that name this product.
    pub remediations: Vec<Remediation>,
}

/// A CSAF `product_status` category, folded to what matching needs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductStatus {
    /// `known_affected`, `first_affected`, `last_affected`.
    #[default]
    KnownAffected,
    /// `known_not_affected`.
    KnownNotAffected,
    /// `fixed`, `first_fixed`.
    Fixed,
    /// `under_investigation`.
    UnderInvestigation,
    /// `recommended`.
    Recommended,
}

/// A remediation of a CSAF advisory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remediation {
    /// `vendor_fix`, `mitigation`, `workaround`, `none_available`, `no_fix_planned`.
    pub category: String,
    /// What to do.
    pub details: String,
    /// Where to get it.
    pub url: Option<String>,
}

/// One CISA Known Exploited Vulnerabilities entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KevEntry {
    /// The CVE id.
    pub cve: String,
    /// `vendorProject`.
    pub vendor_project: String,
    /// `product`.
    pub product: String,
    /// `vulnerabilityName`.
    pub name: String,
    /// `dateAdded`, `YYYY-MM-DD`.
    pub date_added: String,
    /// `dueDate`, `YYYY-MM-DD`.
    pub due_date: Option<String>,
    /// `requiredAction`.
    pub required_action: Option<String>,
    /// True when `knownRansomwareCampaignUse` is `Known`.
    pub ransomware: bool,
}

/// One FIRST EPSS score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EpssScore {
    /// The CVE id.
    pub cve: String,
    /// Probability of exploitation activity in the next 30 days, 0.0–1.0.
    pub probability: f32,
    /// Percentile among all scored CVEs, 0.0–1.0.
    pub percentile: f32,
    /// The score date of the file (`score_date` in its header), `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// One record a source yields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Record {
    /// An advisory.
    Advisory(Box<Advisory>),
    /// A KEV entry.
    Kev(KevEntry),
    /// An EPSS score.
    Epss(EpssScore),
}

/// How sure a match is: how directly the component's identifier names what the advisory
/// names. Shown with every match, so users can filter the doubtful ones instead of
/// drowning in them or missing them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// Guessed from words (a CSAF product named like the component, a CPE derived from a
    /// package name).
    Low,
    /// An identifier matched, but something the advisory also requires could not be
    /// checked (the platform of an AND configuration, a version range written as text).
    Medium,
    /// The component's own purl or CPE matched the advisory's package or CPE, and its version
    /// lies in the affected range by the ecosystem's order.
    High,
}
