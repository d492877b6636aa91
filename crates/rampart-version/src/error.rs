//! The one error type of this crate.

use crate::Ecosystem;

/// Why a version or an OSV range could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VersionError {
    /// The version is not valid in its ecosystem's scheme.
    #[error("invalid {ecosystem} version {version:?}: {reason}")]
    Invalid {
        /// The ecosystem whose rules were applied.
        ecosystem: Ecosystem,
        /// The version as given.
        version: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An ecosystem name this crate does not know.
    #[error(
        "unknown version ecosystem {0:?} (known: semver, npm, go, nuget, debian, rpm, alpine, pypi, maven, generic, rubygems, packagist, cran, hackage, pub)"
    )]
    UnknownEcosystem(String),
    /// An OSV range that cannot be evaluated as written.
    #[error("invalid OSV range: {0}")]
    InvalidRange(String),
}

impl VersionError {
    pub(crate) fn invalid(
        ecosystem: Ecosystem,
        version: &str,
        reason: impl std::fmt::Display,
    ) -> Self {
        VersionError::Invalid {
            ecosystem,
            version: version.to_owned(),
            reason: reason.to_string(),
        }
    }
}
