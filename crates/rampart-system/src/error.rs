//! Errors of loading a system model: every problem of a file, each with its place.
//!
//! A model is either valid or rejected with *all* its problems at once (a YAML syntax error
//! stops parsing, so it comes alone); each is printed `file:line:col: message`, the form
//! editors and CI annotations jump to.

pub use rampart_yaml::Problem;

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
