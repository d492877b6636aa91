//! A source for tests: a JSON array of model records.

use crate::model::Record;
use crate::source::{AdvisorySource, Input, ReadSummary, SourceError, json_problem, problem};

/// Reads `*.test.json`: a JSON array of model [`Record`]s; an element that is not a record is
/// skipped with its place.
pub(crate) struct ArraySource;

impl AdvisorySource for ArraySource {
    fn id(&self) -> &'static str {
        "test"
    }
    fn describe(&self) -> &'static str {
        "model records as a JSON array (tests)"
    }
    fn detect(&self, name: &str, _head: &[u8]) -> bool {
        name.ends_with(".test.json")
    }
    fn read(
        &self,
        input: Input<'_>,
        sink: &mut dyn FnMut(Record) -> Result<(), String>,
    ) -> Result<ReadSummary, SourceError> {
        let values: Vec<serde_json::Value> = serde_json::from_slice(input.bytes)
            .map_err(|e| SourceError::Invalid(json_problem(input.name, &e)))?;
        let mut summary = ReadSummary::default();
        for (i, value) in values.into_iter().enumerate() {
            match serde_json::from_value::<Record>(value) {
                Ok(record) => {
                    sink(record).map_err(SourceError::Sink)?;
                    summary.records += 1;
                }
                Err(e) => summary
                    .skipped
                    .push(problem(input.name, 1, i + 1, e.to_string())),
            }
        }
        Ok(summary)
    }
}

static ARRAY: ArraySource = ArraySource;
pub(crate) const SOURCES: &[&dyn AdvisorySource] = &[&ARRAY];
