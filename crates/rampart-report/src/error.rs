//! Why a report could not be rendered.
//!
//! One simple enum for every renderer, so the CLI prints one kind of message whatever the
//! format; a user template's mistakes carry their file, line and column.

use std::fmt;
use std::path::PathBuf;

/// A report that could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The template file could not be read (missing, not a regular file, too large, not UTF-8).
    #[error("{}: {message}", path.display())]
    TemplateRead {
        /// The template as given.
        path: PathBuf,
        /// Why, from the bounded reader.
        message: String,
    },
    /// The template did not compile: every error, each with its file, line and column.
    #[error("{}", Diagnostics(.0))]
    Template(Vec<TemplateDiagnostic>),
    /// The compiled document could not be written as PDF.
    #[error("PDF export failed: {0}")]
    PdfExport(String),
    /// The results could not be serialised for the template.
    #[error("cannot serialise the results: {0}")]
    Serialize(#[from] serde_json::Error),
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
