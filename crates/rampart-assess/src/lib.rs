//! Compliance assessment: from evidence (firmware analysis, vulnerability matching, system
//! checks) and an assessor's answers to a status per IEC 62443 requirement, and from those
//! statuses to scores: SL-A per FR with the item that blocks the next level, ML per 4-1
//! practice, readiness at the target SL and a gap list ordered by impact.
//!
//! - [`results`]: the `results.json` model every report and export renders
//!   (`rampart.assessment-results/1`, documented in `docs/assessment.md`).
//! - [`rules`]: the evidence rules, proposing statuses from firmware analysis, scans and
//!   system checks (`docs/evidence-rules.md`).
//! - [`scores`]: SL-A per FR with the blocking item, readiness, 4-1 maturity per practice.
//! - [`gaps`]: the gap list ranked by impact, with remediation guidance
//!   (`docs/assessment-scores.md`).
//! - [`file`](mod@file): assessments as YAML files in a project folder (`assessment.yaml`), the
//!   assessor's statuses, evidence and dates; `rampart assess init` writes a new one.
//! - [`questions`]: the one-line question per requirement, as data.
//! - [`decide`](mod@decide): the status in force from evidence rules' proposals and the assessor's answer.
//! - [`review`]: when an assessment falls due and what changed since its last review.
//! - [`product`], [`plant`], [`organisation`]: the runners concluding a product version, a
//!   plant, or an asset owner's 2-1 programme.

pub mod conclude;
pub mod convert;
pub mod decide;
pub mod file;
pub mod questions;
pub mod results;
pub mod review;

pub use decide::decide;
pub use file::{Answer, AssessmentError, AssessmentFile};
pub use questions::Questions;
pub use results::{AssessmentResults, RESULTS_SCHEMA};
pub mod gaps;
pub mod organisation;
pub mod plant;
pub mod product;
pub mod rules;
pub mod scores;
pub mod synthetic;
