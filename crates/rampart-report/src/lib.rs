//! Renders an assessment's results ([`rampart_assess::AssessmentResults`]) as the Product
//! Security Maturity Report and the standard exports. Every renderer reads the results
//! model only, so a report can be rebuilt from `results.json` alone.
//!
//! - [`pdf`] (feature `pdf`): the report as PDF through typst, fonts embedded.
//! - [`error`]: [`ReportError`], why a report could not be rendered.

pub mod error;
#[cfg(feature = "pdf")]
pub mod pdf;

pub use error::{ReportError, TemplateDiagnostic};
#[cfg(feature = "pdf")]
pub use pdf::render_pdf;
