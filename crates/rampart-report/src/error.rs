//! What can go wrong rendering a report: a template that does not parse or render, or a
//! file that cannot be read.

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
}

/// `file:line`, or `file` alone when the line is not known.
fn at(file: &str, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{file}:{line}"),
        None => file.to_owned(),
    }
}
