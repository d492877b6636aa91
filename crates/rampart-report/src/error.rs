//! The error every renderer and export of this crate returns. Writers' own error types stay
//! private (converted to their message here) so no third-party type leaks through the API.

use thiserror::Error;

/// Why a report or export could not be written.
#[derive(Debug, Error)]
pub enum ReportError {
    /// The spreadsheet writer refused the workbook (a limit of the format, or an I/O error
    /// while packing it).
    #[error("cannot write the requirements spreadsheet: {0}")]
    Spreadsheet(String),
    /// The document writer failed while packing `report.docx`.
    #[error("cannot write the report document: {0}")]
    Document(String),
}
