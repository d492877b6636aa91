//! Feed formats: one [`AdvisorySource`] each, and the registry that picks one for a file.
//!
//! A source reads one file's bytes (an importer walks folders and archives and applies the
//! size budgets; the source never opens files itself) and hands each record to a sink as
//! soon as it is read, so a large feed never sits in memory twice.

use rampart_yaml::Problem;
use thiserror::Error;

use crate::model::Record;

/// One input handed to a source.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The name messages and evidence use: the path as the user gave it, or
    /// `archive.zip!/entry.json` for an archive member.
    pub name: &'a str,
    /// The whole content (already bounded by the importer).
    pub bytes: &'a [u8],
}

/// What reading one input gave, besides the records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadSummary {
    /// Records handed to the sink.
    pub records: usize,
    /// Records skipped, each with its place and reason (a record the source cannot use does
    /// not stop the rest of a feed from importing).
    pub skipped: Vec<Problem>,
}

/// Why an input could not be read at all.
#[derive(Debug, Error)]
pub enum SourceError {
    /// The input is not valid for this source (syntax, wrong types, not UTF-8): nothing of it
    /// is to be kept.
    #[error("{0}")]
    Invalid(Problem),
    /// The sink refused a record (the index failed): stop reading.
    #[error("{0}")]
    Sink(String),
}

/// One feed format.
pub trait AdvisorySource: Sync {
    /// Stable id, used on the command line, in the index and in evidence (`osv`, `nvd`,
    /// `csaf`, `debian-tracker`, `kev`, `epss`).
    fn id(&self) -> &'static str;

    /// One line saying what the source reads, for `rampart db status` and docs.
    fn describe(&self) -> &'static str;

    /// Whether this source reads `name`, judged from the name and the first bytes only
    /// (cheap; the importer asks every source and uses the first that says yes).
    fn detect(&self, name: &str, head: &[u8]) -> bool;

    /// Reads every record of `input` into `sink`. A sink error stops the read.
    fn read(
        &self,
        input: Input<'_>,
        sink: &mut dyn FnMut(Record) -> Result<(), String>,
    ) -> Result<ReadSummary, SourceError>;
}

/// A problem about the whole of `file`, or at `line`:`col` when known (0 = unknown).
pub fn problem(file: &str, line: usize, col: usize, message: impl Into<String>) -> Problem {
    Problem {
        file: file.to_owned(),
        line: u32::try_from(line).unwrap_or(u32::MAX),
        col: u32::try_from(col).unwrap_or(u32::MAX),
        message: message.into(),
    }
}

/// A located problem from a serde_json error in `file`.
pub fn json_problem(file: &str, error: &serde_json::Error) -> Problem {
    let message = error.to_string();
    // serde_json appends " at line L column C"; the place is given separately.
    let message = match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message,
    };
    problem(file, error.line(), error.column(), message)
}

/// The sources compiled in, in the order the importer asks them.
///
/// The order matters only for `detect`, and each source's `detect` looks at keys the others'
/// formats never lead with, so any order gives the same answer (a test checks it).
pub fn sources() -> Vec<&'static dyn AdvisorySource> {
    vec![
        &crate::sources::Osv,
        &crate::sources::Nvd,
        &crate::sources::Kev,
        &crate::sources::Epss,
        &crate::sources::DebianTracker,
        &crate::sources::csaf::CsafSource,
    ]
}

/// The source with id `id`.
pub fn source(id: &str) -> Option<&'static dyn AdvisorySource> {
    sources().into_iter().find(|s| s.id() == id)
}

/// The first source that says it reads `name` with first bytes `head`.
pub fn detect(name: &str, head: &[u8]) -> Option<&'static dyn AdvisorySource> {
    sources().into_iter().find(|s| s.detect(name, head))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_problems_carry_the_place_once() {
        let error = serde_json::from_str::<serde_json::Value>("{\n  \"a\": tru }").unwrap_err();
        let problem = json_problem("feed.json", &error);
        assert_eq!((problem.line, problem.col), (2, 11));
        assert!(!problem.message.contains("line"), "{}", problem.message);
        assert!(problem.to_string().starts_with("feed.json:2:11: "));
    }
}
