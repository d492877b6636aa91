//! Assessments as files: the git-friendly YAML an assessor keeps in a project folder
//! (`assessment.yaml`), read within a budget and validated into an [`AssessmentFile`].
//!
//! The file names its subject (a product version with its component type and SL-T, a system
//! model, or an organisation), the catalog parts in scope, and per requirement the assessor's
//! status, evidence and dates. The same file is the `--answers FILE` of `rampart assess
//! product`. Every problem is reported `file:line:col: message`, all at once; evidence files
//! are checked against the SHA-256 recorded for them. The format is documented in
//! `docs/assessment.md`; [`assessment_schema`] is its JSON Schema.

mod evidence;
mod init;
mod raw;
mod record;
mod schema;
mod validate;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rampart_catalog::{Catalog, ComponentType, MaturityLevel, Part, RequirementId, SlVector};
use rampart_system::IsoDate;
use rampart_yaml::{Limits, Problem, Span};

use crate::results::{Evidence, Proposal, Status, SubjectKind};

pub use init::{InitError, init_items, init_text};
pub use record::{ReviewRecord, record_review, record_review_file};
pub use schema::assessment_schema;

pub(crate) use evidence::hex;

/// The SHA-256 of the file at `relative` (inside `base`, no `..`, no link out of it), as
/// evidence files and the SBOM are checked; the error says why it cannot be read.
pub fn evidence_sha256(base: &Path, relative: &str) -> Result<String, String> {
    let rel = evidence::relative_path(relative)?;
    let real = evidence::inside(base, &rel)?;
    evidence::sha256_file(&real).map_err(|e| format!("`{relative}` {e}"))
}

/// The format id an assessment file may state as `schema:`.
pub const ASSESSMENT_SCHEMA: &str = "rampart.assessment/1";

/// The name of the file that makes a folder an assessment folder.
pub const ASSESSMENT_FILE_NAME: &str = "assessment.yaml";

/// Assessment files over 4 MiB are refused: a full 4-2 and 4-1 assessment with evidence is
/// well under 200 KiB.
pub const MAX_ASSESSMENT_BYTES: u64 = 4 * 1024 * 1024;

/// Evidence files over 1 GiB are refused rather than hashed: that bounds the time a hostile
/// assessment can make a run spend reading.
pub const MAX_EVIDENCE_BYTES: u64 = 1024 * 1024 * 1024;

/// The review interval when the file does not set one: the annual review.
pub const DEFAULT_REVIEW_DAYS: u32 = 365;

/// A validated assessment file.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessmentFile {
    /// The file, as named in messages.
    pub file: String,
    /// The folder evidence and the SBOM are resolved from.
    pub base_dir: PathBuf,
    /// What is assessed.
    pub subject: SubjectSpec,
    /// Where the subject's `kind` is written: a runner refusing the file for a subject of
    /// another kind points there.
    pub kind_at: Span,
    /// The parts in scope, in series order.
    pub parts: Vec<Part>,
    /// The review cadence and what the last review saw.
    pub review: ReviewSettings,
    /// The answers, in file order.
    pub answers: Vec<Answer>,
    index: HashMap<RequirementId, usize>,
}

/// The subject as the file states it.
#[derive(Debug, Clone, PartialEq)]
pub struct SubjectSpec {
    /// Product, system or organisation.
    pub kind: SubjectKind,
    /// Its name.
    pub name: String,
    /// The product version or model revision.
    pub version: Option<String>,
    /// A product's component type (always set for a product).
    pub component_type: Option<ComponentType>,
    /// A product's SL-T (always set for a product).
    pub sl_t: Option<SlVector>,
    /// A system's model file, as written (relative to [`AssessmentFile::base_dir`]).
    pub model: Option<String>,
    /// The product's SBOM, as written (relative to [`AssessmentFile::base_dir`]).
    pub sbom: Option<String>,
}

/// The review section.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewSettings {
    /// Days between reviews.
    pub interval_days: u32,
    /// The day of the last review, when stated.
    pub last: Option<IsoDate>,
    /// What the last review saw.
    pub recorded: Recorded,
}

/// The state recorded at the last review.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recorded {
    /// The product version then.
    pub version: Option<String>,
    /// The SBOM's SHA-256 then (lower-case hex).
    pub sbom_sha256: Option<String>,
    /// The advisory index's state token then.
    pub advisory_index: Option<String>,
}

/// An assessor's answer for one requirement.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The requirement.
    pub id: RequirementId,
    /// The status the assessor set; `None` with `confirm: automatic` or when left open.
    pub status: Option<Status>,
    /// True for `confirm: automatic`: the evidence rules' proposal is confirmed.
    pub confirm_automatic: bool,
    /// The automatic status this answer says it overrides.
    pub overrides: Option<Status>,
    /// The assessor's rationale.
    pub rationale: Option<String>,
    /// The evidence, with file hashes verified at load.
    pub evidence: Vec<Evidence>,
    /// Who assessed it.
    pub assessor: Option<String>,
    /// When.
    pub assessed: Option<IsoDate>,
    /// From when the status holds.
    pub effective: Option<IsoDate>,
    /// The last day the status holds.
    pub expires: Option<IsoDate>,
    /// For 4-1 and 2-1 items: the maturity level the evidence shows.
    pub maturity: Option<MaturityLevel>,
    /// Where the entry's `id` is written.
    pub at: Span,
    /// Where its `status` (or `confirm`) is written; the entry's place when neither is.
    pub status_at: Span,
}

/// Whether an answer holds on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// In force.
    InForce,
    /// Its `effective` day is still to come.
    NotYetEffective(IsoDate),
    /// Its `expires` day has passed.
    Expired(IsoDate),
}

impl Answer {
    /// Whether the answer holds on `today`: from `effective` (when given) up to and including
    /// `expires` (when given).
    pub fn standing(&self, today: IsoDate) -> Standing {
        if let Some(e) = self.expires
            && e < today
        {
            return Standing::Expired(e);
        }
        if let Some(e) = self.effective
            && e > today
        {
            return Standing::NotYetEffective(e);
        }
        Standing::InForce
    }

    /// True when the answer decides something: a status other than `not-assessed`, or a
    /// confirmation of the automatic proposal.
    pub fn decides(&self) -> bool {
        self.confirm_automatic || self.status.is_some_and(|s| s != Status::NotAssessed)
    }
}

/// Why an assessment file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssessmentError {
    /// The file could not be read.
    #[error("{path}: cannot read the assessment: {message}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
    /// The file has problems: every one found, each located, in file order.
    #[error("{}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid {
        /// The problems.
        problems: Vec<Problem>,
    },
}

impl AssessmentFile {
    /// Reads and validates the assessment at `path` (a file, or a folder holding
    /// `assessment.yaml`); evidence is resolved from the file's folder.
    pub fn load(path: &Path, catalog: &Catalog) -> Result<AssessmentFile, AssessmentError> {
        let path = if path.is_dir() {
            path.join(ASSESSMENT_FILE_NAME)
        } else {
            path.to_path_buf()
        };
        let shown = path.display().to_string();
        let text = rampart_yaml::read_input(&path, MAX_ASSESSMENT_BYTES).map_err(|e| {
            AssessmentError::Read {
                path: shown.clone(),
                message: e.to_string(),
            }
        })?;
        let base = path.parent().unwrap_or(Path::new("")).to_path_buf();
        AssessmentFile::parse_in(&shown, &text, &base, catalog)
    }

    /// Parses and validates an assessment's text, named `file` in messages, with evidence
    /// and the SBOM resolved from `base_dir`.
    pub fn parse_in(
        file: &str,
        text: &str,
        base_dir: &Path,
        catalog: &Catalog,
    ) -> Result<AssessmentFile, AssessmentError> {
        let raw: raw::RawAssessment = rampart_yaml::parse(file, text, Limits::SMALL_FILE)
            .map_err(|p| AssessmentError::Invalid { problems: vec![p] })?;
        validate::validate(file, &raw, base_dir, catalog)
            .map_err(|problems| AssessmentError::Invalid { problems })
    }

    /// The answer for requirement `id`, if the file has one.
    pub fn answer(&self, id: &RequirementId) -> Option<&Answer> {
        self.index.get(id).map(|&i| &self.answers[i])
    }

    /// The latest `assessed` date of any answer.
    pub fn latest_assessed(&self) -> Option<IsoDate> {
        self.answers.iter().filter_map(|a| a.assessed).max()
    }

    /// The answers that do not hold on `today` (expired, or not yet effective), each as a
    /// located notice: they count as not given until renewed.
    pub fn lapsed_answers(&self, today: IsoDate) -> Vec<Problem> {
        self.answers
            .iter()
            .filter(|a| a.decides())
            .filter_map(|a| {
                let message = match a.standing(today) {
                    Standing::InForce => return None,
                    Standing::Expired(d) => format!(
                        "the answer for `{}` expired on {d}: it counts as not given until it is renewed",
                        a.id
                    ),
                    Standing::NotYetEffective(d) => format!(
                        "the answer for `{}` takes effect on {d}: until then it counts as not given",
                        a.id
                    ),
                };
                Some(self.problem(a.at, message))
            })
            .collect()
    }

    /// The answers that override an automatic proposal without a rationale: a status that
    /// differs from the most severe proposal for its requirement needs one. `proposals`
    /// holds the evidence rules' proposals per requirement; answers not in force are skipped
    /// (they do not decide anything).
    pub fn unjustified_overrides(
        &self,
        proposals: &HashMap<RequirementId, Vec<Proposal>>,
        today: IsoDate,
    ) -> Vec<Problem> {
        let mut problems = Vec::new();
        for a in &self.answers {
            let (Some(status), None) = (a.status, a.rationale.as_ref()) else {
                continue;
            };
            if status == Status::NotAssessed || a.standing(today) != Standing::InForce {
                continue;
            }
            let Some(proposal) = proposals
                .get(&a.id)
                .and_then(|p| crate::decide::most_severe(p))
            else {
                continue;
            };
            if proposal.status != status {
                problems.push(self.problem(
                    a.status_at,
                    format!(
                        "`{}`: the status `{}` overrides the automatic proposal `{}` (rule `{}`: {}): give a `rationale` for the override, or write `confirm: automatic`",
                        a.id,
                        status.as_str(),
                        proposal.status.as_str(),
                        proposal.rule,
                        proposal.summary
                    ),
                ));
            }
        }
        problems
    }

    /// A problem at `at` in this file.
    pub fn problem(&self, at: Span, message: String) -> Problem {
        Problem {
            file: self.file.clone(),
            line: at.line,
            col: at.col,
            message,
        }
    }
}

#[cfg(test)]
mod tests;
