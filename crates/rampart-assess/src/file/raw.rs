//! The assessment file as written: serde structs that keep the place of every value a problem
//! may point at. Validation (`validate.rs`) turns them into [`super::AssessmentFile`]; the JSON
//! Schema (`rampart schema assessment`) is derived from them, so the schema describes exactly
//! what the parser reads. Doc comments on fields become the schema's descriptions.
//!
//! Closed vocabularies (status, subject kind) are serde enums: a typo is a located parse error
//! naming the accepted words. Dates, ids and paths are read as text and checked in validation,
//! so that all their problems are reported at once.

use std::borrow::Cow;

use rampart_yaml::Located;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;

/// A value with the place it was written. Its schema is the value's own.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub(crate) struct S<T>(pub Located<T>);

impl<T> std::ops::Deref for S<T> {
    type Target = Located<T>;
    fn deref(&self) -> &Located<T> {
        &self.0
    }
}

impl<T: JsonSchema> JsonSchema for S<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// An assessment of one subject against the IEC 62443 parts in scope. See docs/assessment.md.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Rampart assessment (IEC 62443 requirement statuses with evidence)")]
pub(crate) struct RawAssessment {
    /// The format's id, `rampart.assessment/1`; optional, but when given it must be this.
    #[serde(default)]
    #[schemars(schema_with = "schema_id")]
    pub schema: Option<S<String>>,
    /// What is assessed.
    pub subject: RawSubject,
    /// The catalog parts in scope: `4-2` and `4-1` for a product, `3-3` for a system, `2-1` for
    /// an organisation. Default: `4-2`, `3-3` or `2-1` by the subject's kind.
    #[serde(default)]
    #[schemars(transform = unique)]
    pub parts: Vec<S<String>>,
    /// When the assessment falls due for review, and the state the last review saw.
    #[serde(default)]
    pub review: Option<RawReview>,
    /// The requirements, each with its status, evidence and dates; each id at most once.
    #[serde(default)]
    pub requirements: Option<Vec<RawRequirement>>,
}

/// The subject of an assessment.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSubject {
    /// `product`, `system` or `organisation`.
    pub kind: S<RawKind>,
    /// Its name: the product (vendor and model), the plant, the organisation.
    #[schemars(length(min = 1))]
    pub name: S<String>,
    /// The product version or model revision, as text (quote it: `"3.10"`).
    #[serde(default)]
    pub version: Option<S<String>>,
    /// A product's 4-2 component type: `software-application`, `embedded-device`,
    /// `host-device` or `network-device`.
    #[serde(default)]
    #[schemars(schema_with = "component_type")]
    pub component_type: Option<S<String>>,
    /// A product's target security level vector, FR 1 first: `[2, 2, 2, 1, 1, 1, 2]`, a single
    /// level, or `SL-T(2,2,2,1,1,1,2)`.
    #[serde(default)]
    #[schemars(schema_with = "sl_vector")]
    pub sl_t: Option<S<rampart_catalog::SlVector>>,
    /// A system's model file, relative to the assessment's folder.
    #[serde(default)]
    pub model: Option<S<String>>,
    /// The product's SBOM, relative to the assessment's folder: its SHA-256 is compared with the
    /// one recorded at the last review.
    #[serde(default)]
    pub sbom: Option<S<String>>,
}

/// The kind of subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RawKind {
    /// A product version (4-2, and 4-1 for its maker's process).
    Product,
    /// A system model (3-3).
    System,
    /// An organisation's security programme (2-1).
    Organisation,
}

/// A requirement status as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RawStatus {
    /// Met, with evidence.
    Satisfied,
    /// Partly met.
    Partially,
    /// Not met.
    NotSatisfied,
    /// Does not apply to the subject (needs a rationale).
    NotApplicable,
    /// Not decided yet: an evidence rule's proposal, if any, stands.
    NotAssessed,
}

/// What an assessor confirms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RawConfirm {
    /// The status the evidence rules propose, whatever it is at the time of the run.
    Automatic,
}

/// One requirement's answer.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRequirement {
    /// The catalog id, however written: `CR 1.1`, `cr1.1 re1`, `SM-1`, `SR 3.1`.
    #[schemars(length(min = 1))]
    pub id: S<String>,
    /// The question `rampart assess init` wrote; informational (the built-in question is used).
    #[serde(default)]
    #[expect(
        dead_code,
        reason = "read so the schema lists it; results use the built-in question"
    )]
    pub question: Option<String>,
    /// The assessor's status.
    #[serde(default)]
    pub status: Option<S<RawStatus>>,
    /// `automatic`: the assessor confirms the status the evidence rules propose. Excludes
    /// `status` and `overrides`.
    #[serde(default)]
    pub confirm: Option<S<RawConfirm>>,
    /// The automatic status this answer overrides (kept for the record); needs a rationale.
    #[serde(default)]
    pub overrides: Option<S<RawStatus>>,
    /// Why: required for `not-applicable` and for an override.
    #[serde(default)]
    pub rationale: Option<S<String>>,
    /// Files (with SHA-256), links and tool results supporting the status.
    #[serde(default)]
    pub evidence: Vec<RawEvidence>,
    /// Who assessed it.
    #[serde(default)]
    pub assessor: Option<S<String>>,
    /// When it was assessed, YYYY-MM-DD.
    #[serde(default)]
    #[schemars(schema_with = "date")]
    pub assessed: Option<S<String>>,
    /// From when the status holds, YYYY-MM-DD (default: always).
    #[serde(default)]
    #[schemars(schema_with = "date")]
    pub effective: Option<S<String>>,
    /// The last day the status holds, YYYY-MM-DD; after it the answer counts as not given.
    #[serde(default)]
    #[schemars(schema_with = "date")]
    pub expires: Option<S<String>>,
    /// For 4-1 and 2-1 items: the maturity evidence of the practice (ML 1 to 4).
    #[serde(default)]
    pub maturity: Option<S<RawMaturity>>,
}

/// One piece of evidence: exactly one of `file`, `link` or `tool`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEvidence {
    /// A file, relative to the assessment's folder (no `..`, not absolute).
    #[serde(default)]
    pub file: Option<S<String>>,
    /// A URL (`https://…`).
    #[serde(default)]
    pub link: Option<S<String>>,
    /// A Rampart tool result: `firmware-analysis`, `scan`, `system-check`, or another name.
    #[serde(default)]
    pub tool: Option<S<String>>,
    /// The file's SHA-256 (64 hex digits), required for a file and checked against it.
    #[serde(default)]
    #[schemars(regex(pattern = r"^[0-9a-fA-F]{64}$"))]
    pub sha256: Option<S<String>>,
    /// What it shows.
    #[serde(default)]
    pub description: Option<String>,
}

/// The maturity evidence of a 4-1 or 2-1 practice: each level needs the ones before it.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMaturity {
    /// The process is written down and people are trained in it (ML 2).
    #[serde(default)]
    pub defined: bool,
    /// Records show it is practised on every product (ML 3; needs `defined`).
    #[serde(default)]
    pub executed: bool,
    /// Its effectiveness is measured (needs `executed`).
    #[serde(default)]
    pub measured: bool,
    /// The measurements drive recorded improvements (ML 4; needs `measured`).
    #[serde(default)]
    pub improving: bool,
}

/// The review cadence and what the last review saw.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawReview {
    /// Days between reviews; default 365 (the annual review).
    #[serde(default)]
    #[schemars(range(min = 1, max = 3660))]
    pub interval_days: Option<S<i64>>,
    /// The day of the last review, YYYY-MM-DD (default: the latest `assessed` date).
    #[serde(default)]
    #[schemars(schema_with = "date")]
    pub last: Option<S<String>>,
    /// What the last review saw, written by the run that performed it.
    #[serde(default)]
    pub recorded: Option<RawRecorded>,
}

/// The state the last review saw; a difference from today's state makes the assessment
/// `changed`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRecorded {
    /// The product version then.
    #[serde(default)]
    pub version: Option<S<String>>,
    /// The SBOM's SHA-256 then.
    #[serde(default)]
    #[schemars(regex(pattern = r"^[0-9a-fA-F]{64}$"))]
    pub sbom_sha256: Option<S<String>>,
    /// The advisory index's state token then (`sha256:…` over its sources' import times).
    #[serde(default)]
    pub advisory_index: Option<S<String>>,
}

fn schema_id(_: &mut SchemaGenerator) -> Schema {
    json_schema!({"const": super::ASSESSMENT_SCHEMA})
}

fn component_type(_: &mut SchemaGenerator) -> Schema {
    let names: Vec<&str> = rampart_catalog::ComponentType::ALL
        .iter()
        .map(|t| t.as_str())
        .collect();
    json_schema!({"type": "string", "enum": names})
}

fn sl_vector(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "oneOf": [
            {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 4}, "minItems": 7, "maxItems": 7},
            {"type": "integer", "minimum": 0, "maximum": 4},
            {"type": "string"}
        ]
    })
}

fn date(_: &mut SchemaGenerator) -> Schema {
    json_schema!({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"})
}

fn unique(schema: &mut Schema) {
    schema.insert("uniqueItems".to_owned(), serde_json::json!(true));
}
