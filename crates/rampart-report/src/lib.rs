//! Renders an assessment's results ([`rampart_assess::AssessmentResults`]) as the Product
//! Security Maturity Report and the standard exports. Every renderer reads the results
//! model only, so a report can be rebuilt from `results.json` alone.
//!
//! - [`html`]: the report as one self-contained HTML file, from user-replaceable templates.
//! - [`charts`]: the report's charts as inline SVG, one function a chart.
//! - [`export`]: OSCAL assessment results and component definition, SARIF, CSAF advisory.
//! - [`pdf`] (feature `pdf`): the report as PDF through typst, fonts embedded.
//! - [`office`]: `requirements.xlsx` and `report.docx`, the editable spreadsheet and document.

pub mod charts;
pub mod error;
pub mod export;
pub mod html;
pub mod office;
#[cfg(feature = "pdf")]
pub mod pdf;

pub use error::{ReportError, TemplateDiagnostic};
pub use html::render_html;
pub use office::{render_docx, render_xlsx};
#[cfg(feature = "pdf")]
pub use pdf::render_pdf;
