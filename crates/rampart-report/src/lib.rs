//! Renders an assessment's results ([`rampart_assess::AssessmentResults`]) as the Product
//! Security Maturity Report and the standard exports. Every renderer reads the results
//! model only, so a report can be rebuilt from `results.json` alone.
//!
//! - [`office`]: `requirements.xlsx` and `report.docx`, the editable spreadsheet and document.

pub mod error;
pub mod office;

pub use error::ReportError;
pub use office::{render_docx, render_xlsx};
