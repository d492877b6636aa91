//! Errors of loading a system model: every problem of a file, each with its place.
//!
//! A model is either valid or rejected with *all* its problems at once (a YAML syntax error
//! stops parsing, so it comes alone); each is printed `file:line:col: message`, the form
//! editors and CI annotations jump to.

use std::fmt;

use serde::Serialize;

/// One problem in a model file, with its place.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Problem {
    /// The file, as given by the caller.
    pub file: String,
    /// 1-based line; 0 when the place is unknown (the problem is about the whole file).
    pub line: u32,
    /// 1-based column; 0 when unknown.
    pub col: u32,
    /// What is wrong, and where useful what to write instead.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.col, self.message
            )
        }
    }
}

/// A model file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// The file could not be read, or is larger than [`crate::MAX_MODEL_BYTES`].
    #[error("{path}: cannot read the system model: {message}")]
    Read {
        /// The file, as given.
        path: String,
        /// The operating system's reason, or the size limit.
        message: String,
    },
    /// The file is not a valid model: every problem found, sorted by position.
    #[error("{}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid {
        /// The problems, in file order; never empty.
        problems: Vec<Problem>,
    },
}

impl ModelError {
    /// The located problems; empty for a read error.
    pub fn problems(&self) -> &[Problem] {
        match self {
            ModelError::Read { .. } => &[],
            ModelError::Invalid { problems } => problems,
        }
    }
}

/// Collects problems while validating, so that one pass reports them all.
#[derive(Debug)]
pub(crate) struct Problems {
    file: String,
    list: Vec<Problem>,
}

impl Problems {
    pub(crate) fn new(file: &str) -> Self {
        Problems {
            file: file.to_owned(),
            list: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, at: crate::model::Span, message: impl Into<String>) {
        self.list.push(Problem {
            file: self.file.clone(),
            line: at.line,
            col: at.col,
            message: message.into(),
        });
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Takes over the problems of another file (a linked component assessment), which keep
    /// their own file name and place.
    pub(crate) fn absorb(&mut self, other: Problems) {
        self.list.extend(other.list);
    }

    pub(crate) fn into_error(mut self) -> ModelError {
        self.list.sort();
        self.list.dedup();
        ModelError::Invalid {
            problems: self.list,
        }
    }
}
