//! Why an SBOM could not be read: the file could not be read at all, or what was read is not
//! a valid SBOM. The two are kept apart because `rampart sbom validate` exits differently for
//! them (2 unreadable, 1 invalid).

use rampart_yaml::Problem;
use rampart_yaml::ReadError;

/// An SBOM that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SbomError {
    /// The file itself could not be read (missing, a directory, too large, not UTF-8).
    #[error("{file}: {cause}")]
    Unreadable {
        /// The file as the user named it.
        file: String,
        /// Why it could not be read.
        cause: ReadError,
    },
    /// The file was read but is not a valid SBOM of a known format: every problem found, each
    /// located as `file:line:col` where the parser knows the place.
    #[error("{}", join(.0))]
    Invalid(Vec<Problem>),
}

impl SbomError {
    /// One problem about `file` at `line`:`col` (0 when unknown).
    pub(crate) fn at(file: &str, line: u32, col: u32, message: impl Into<String>) -> Self {
        SbomError::Invalid(vec![Problem {
            file: file.to_owned(),
            line,
            col,
            message: message.into(),
        }])
    }

    /// The located problems (for an unreadable file, one about the whole file).
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            SbomError::Unreadable { file, cause } => vec![Problem {
                file: file.clone(),
                line: 0,
                col: 0,
                message: cause.to_string(),
            }],
            SbomError::Invalid(list) => list.clone(),
        }
    }
}

fn join(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}
