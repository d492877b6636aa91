//! The standard exports of an assessment, each read from [`AssessmentResults`] alone:
//!
//! - [`oscal_assessment_results`] and [`oscal_component_definition`]: OSCAL 1.2.3
//!   (`assessment-results.oscal.json`, `component-definition.oscal.json`), whose findings and
//!   implemented requirements name the controls of Rampart's OSCAL catalog export;
//! - [`sarif`]: SARIF 2.1.0 (`findings.sarif`) for CI code-scanning views;
//! - [`csaf_advisory`]: a CSAF 2.0 security advisory (`csaf_security_advisory`) for the vendor's
//!   PSIRT, from the results' vulnerabilities.
//!
//! Every export is deterministic: identifiers are name-based (UUID v5, or counters in a
//! documented order) and every date comes from `results.generated`, so the same results
//! always export byte-identically and a re-export diffs cleanly. `docs/exports.md` lists what
//! maps to what.

mod csaf;
mod csaf_tree;
mod oscal_common;
mod oscal_component;
mod oscal_results;
mod sarif;

pub use csaf::{CsafPublisher, CsafPublisherCategory, csaf_advisory};
pub use oscal_component::oscal_component_definition;
pub use oscal_results::oscal_assessment_results;
pub use sarif::sarif;

use rampart_assess::AssessmentResults;

/// A name-based (v5) UUID for `name` under Rampart's namespace, so the same thing gets the
/// same UUID in every export of the same results.
fn stable_uuid(name: &str) -> String {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes()).to_string()
}

/// The subject's identity for names: `name@version` (or `name` without a version) plus the
/// day of the run, so two assessments of the same product on different days differ.
fn subject_key(results: &AssessmentResults) -> String {
    let s = &results.subject;
    match &s.version {
        Some(v) => format!("{}@{v}/{}", s.name, results.generated),
        None => format!("{}/{}", s.name, results.generated),
    }
}

/// The subject as people name it: `ACME RTU-5000 2.1.0`.
fn subject_label(results: &AssessmentResults) -> String {
    let s = &results.subject;
    match &s.version {
        Some(v) => format!("{} {v}", s.name),
        None => s.name.clone(),
    }
}

/// A `YYYY-MM-DD` day as a UTC date-time at midnight (`2026-12-05T00:00:00Z`).
fn midnight(day: &str) -> String {
    format!("{day}T00:00:00Z")
}

/// `text` as a URI reference: bytes outside RFC 3986's unreserved, reserved and `%` set
/// (spaces, non-ASCII, `"<>\^`{|}`) are percent-encoded, so a file name with a space or an
/// umlaut still makes a valid `href` or SARIF `uri`.
fn uri_reference(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b);
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One line of text: newlines and runs of whitespace become single spaces, ends trimmed
/// (OSCAL's markup-line and CSAF's and SARIF's one-line fields allow no line breaks).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_reference_encodes_spaces_and_non_ascii_only() {
        assert_eq!(
            uri_reference("evidence/pen test ü.pdf"),
            "evidence/pen%20test%20%C3%BC.pdf"
        );
        assert_eq!(
            uri_reference("https://example.com/a?b=c#d"),
            "https://example.com/a?b=c#d"
        );
    }

    #[test]
    fn stable_uuids_are_v5_and_repeatable() {
        let a = stable_uuid("rampart/x");
        assert_eq!(a, stable_uuid("rampart/x"));
        assert_ne!(a, stable_uuid("rampart/y"));
        assert_eq!(&a[14..15], "5");
    }
}
