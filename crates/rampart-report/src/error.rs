//! The error every renderer and export of this crate returns: a template that does not
//! parse or render, a file that cannot be read, or a writer's refusal. Writers' own error
//! types stay private (converted to their message here) so no third-party type leaks
//! through the API.

use std::fmt;
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
    /// A PDF template file could not be read (missing, not a regular file, too large, not
    /// UTF-8).
    #[error("{}: {message}", path.display())]
    TemplateRead {
        /// The template as given.
        path: PathBuf,
        /// Why, from the bounded reader.
        message: String,
    },
    /// The PDF template did not compile: every error, each with its file, line and column.
    #[error("{}", Diagnostics(.0))]
    PdfTemplate(Vec<TemplateDiagnostic>),
    /// The compiled document could not be written as PDF.
    #[error("PDF export failed: {0}")]
    PdfExport(String),
    /// The results could not be serialised for a template.
    #[error("cannot serialise the results: {0}")]
    Serialize(#[from] serde_json::Error),
}

/// `file:line`, or `file` alone when the line is not known.
fn at(file: &str, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{file}:{line}"),
        None => file.to_owned(),
    }
}

/// One error of a template, located in the file it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateDiagnostic {
    /// The file: the template's path as given, a file it imports, or `<built-in template>`.
    pub file: String,
    /// Line, from 1; 0 when the error points into no file.
    pub line: usize,
    /// Column in characters, from 1; 0 when the error points into no file.
    pub column: usize,
    /// What is wrong, as the template engine says it.
    pub message: String,
    /// The engine's hints, if any.
    pub hints: Vec<String>,
}

impl fmt::Display for TemplateDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)?;
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )?;
        }
        for hint in &self.hints {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// The diagnostics of a failed template, one a line.
struct Diagnostics<'a>(&'a [TemplateDiagnostic]);

impl fmt::Display for Diagnostics<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}
