//! CSAF 2.0 validation (OASIS Common Security Advisory Framework 2.0, section 9.1.14 "CSAF basic
//! validator"): the document against the OASIS JSON schema, then every mandatory test of section
//! 6.1. A vendor's PSIRT publishes CSAF advisories and VEX documents for machines to read; a
//! document failing any of these is not a valid CSAF document, so `rampart csaf validate` and
//! Rampart's own CSAF exports are held to them.
//!
//! Each mandatory test lives in one file of `src/mandatory/` and reports located failures: the
//! JSON pointer of the offending value and a message saying what is wrong.

mod cvss_vector;
mod mandatory;
mod read;
mod schema;
mod tree;
mod version;

use serde::Serialize;
use serde_json::Value;

pub use mandatory::{MANDATORY_TESTS, MandatoryTest};
pub use read::{DocumentError, MAX_DOCUMENT_BYTES, parse, read_path};

/// The id under which schema violations are reported (the spec's section on the schema).
pub const SCHEMA_TEST: &str = "schema";

/// One failed check: which test, where in the document, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Failure {
    /// `schema` or the mandatory test's section number, e.g. `6.1.27.9`.
    pub test: &'static str,
    /// JSON pointer (RFC 6901) of the offending value; empty for the whole document.
    pub pointer: String,
    /// What is wrong, in words.
    pub message: String,
}

/// The outcome of validating one document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Every failure, schema first, then the mandatory tests in section order.
    pub failures: Vec<Failure>,
}

impl Report {
    /// Whether the document passed the schema and every mandatory test.
    #[must_use]
    pub fn is_valid(&self) -> bool {
        self.failures.is_empty()
    }

    /// The failures of one test (`schema` or a section number such as `6.1.1`).
    pub fn of_test<'a>(&'a self, test: &'a str) -> impl Iterator<Item = &'a Failure> + 'a {
        self.failures.iter().filter(move |f| f.test == test)
    }
}

/// Validates a CSAF 2.0 document: the JSON schema, then every mandatory test (6.1.1–6.1.33).
///
/// The mandatory tests run even when the schema fails, on whatever parts are present, so one
/// run shows every problem; a test ignores values of the wrong type (the schema reports those).
#[must_use]
pub fn validate(doc: &Value) -> Report {
    let mut failures = schema::check(doc);
    for test in MANDATORY_TESTS {
        failures.extend((test.check)(doc).into_iter().map(|f| Failure {
            test: test.id,
            pointer: f.pointer,
            message: f.message,
        }));
    }
    Report { failures }
}

/// A failure found by one test, before it is tagged with the test's id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Finding {
    pub pointer: String,
    pub message: String,
}

impl Finding {
    pub(crate) fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}
