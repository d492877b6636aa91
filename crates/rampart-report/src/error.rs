//! The error every renderer and export of this crate returns: a template that does not
//! parse or render, a file that cannot be read, or a writer's refusal. Writers' own error
//! types stay private (converted to their message here) so no third-party type leaks
//! through the API.

use std::path::PathBuf;

/// A report could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A template failed to compile or render. `file` is the override's path, or
    /// `built-in:NAME` for a template compiled into Rampart.
    #[error("{}: {cause}", at(file, *line))]
    Template {
        /// The template file.
        file: String,
        /// The line in it, when known.
        line: Option<usize>,
        /// What is wrong, in the template engine's words.
        cause: String,
    },
    /// A templates folder or file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The folder or file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The spreadsheet writer refused the workbook (a limit of the format, or an I/O error
    /// while packing it).
    #[error("cannot write the requirements spreadsheet: {0}")]
    Spreadsheet(String),
    /// The document writer failed while packing `report.docx`.
    #[error("cannot write the report document: {0}")]
    Document(String),
}

/// `file:line`, or `file` alone when the line is not known.
fn at(file: &str, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{file}:{line}"),
        None => file.to_owned(),
    }
}
