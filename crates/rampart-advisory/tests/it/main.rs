//! Behaviour of rampart-advisory through its public API: the advisory sources against small
//! real fixtures (`tests/fixtures`, see its README for where each comes from) and targeted
//! inputs, one file per source; VEX and triage.

mod analysis;
mod debian_tracker;
mod detect;
mod epss;
mod kev;
mod nvd;
mod osv;
mod sarif;
mod scan;
mod triage;
mod vex_hostile;
mod vex_roundtrip;

use std::path::PathBuf;

use rampart_advisory::model::Advisory;
use rampart_advisory::source::{self, SourceError};
use rampart_advisory::{Input, ReadSummary, Record};

/// The bytes of `tests/fixtures/<path>`.
pub fn fixture(path: &str) -> Vec<u8> {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// Reads `bytes` named `name` with the source `id`, collecting the records.
pub fn read(id: &str, name: &str, bytes: &[u8]) -> Result<(Vec<Record>, ReadSummary), SourceError> {
    let source = source::source(id).expect("a registered source");
    let mut records = Vec::new();
    let summary = source.read(Input { name, bytes }, &mut |record| {
        records.push(record);
        Ok(())
    })?;
    assert_eq!(
        summary.records,
        records.len(),
        "the summary counts what reached the sink"
    );
    Ok((records, summary))
}

/// Reads and expects success.
pub fn read_ok(id: &str, name: &str, bytes: &[u8]) -> (Vec<Record>, ReadSummary) {
    read(id, name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The advisories among `records`.
pub fn advisories(records: Vec<Record>) -> Vec<Advisory> {
    records
        .into_iter()
        .map(|r| match r {
            Record::Advisory(a) => *a,
            other => panic!("expected an advisory, got {other:?}"),
        })
        .collect()
}

/// The one advisory of a fixture that must import cleanly.
pub fn one_advisory(id: &str, path: &str) -> Advisory {
    let (records, summary) = read_ok(id, path, &fixture(path));
    assert!(summary.skipped.is_empty(), "{:?}", summary.skipped);
    let mut list = advisories(records);
    assert_eq!(list.len(), 1);
    list.remove(0)
}

/// The problem of an input the source refuses.
pub fn invalid(id: &str, bytes: &[u8]) -> rampart_yaml::Problem {
    match read(id, "bad.json", bytes) {
        Err(SourceError::Invalid(problem)) => problem,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn source_ids_are_unique_and_found() {
    let ids: Vec<&str> = source::sources().iter().map(|s| s.id()).collect();
    assert_eq!(ids, ["osv", "nvd", "kev", "epss", "debian-tracker", "csaf"]);
    for id in ids {
        assert_eq!(source::source(id).unwrap().id(), id);
    }
    assert!(source::source("csaf-typo").is_none());
}

#[test]
fn a_sink_error_stops_every_source() {
    for (id, path) in [
        ("osv", "osv/DSA-5343-1.json"),
        ("nvd", "nvd/cves-2.0-response.json"),
        ("kev", "kev/known_exploited_vulnerabilities.json"),
        ("epss", "epss/epss_scores-2024-02-22.csv"),
        ("debian-tracker", "debian-tracker/tracker-excerpt.json"),
    ] {
        let mut calls = 0;
        let result = source::source(id).unwrap().read(
            Input {
                name: path,
                bytes: &fixture(path),
            },
            &mut |_| {
                calls += 1;
                Err("index full".to_owned())
            },
        );
        assert!(
            matches!(result, Err(SourceError::Sink(ref m)) if m == "index full"),
            "{id}: {result:?}"
        );
        assert_eq!(calls, 1, "{id} stops at the first refusal");
    }
}

#[test]
fn invalid_utf8_is_refused_with_its_place() {
    for id in ["osv", "nvd", "kev", "epss", "debian-tracker"] {
        let problem = match read(id, "bad", b"{\"id\":\n \"\xff\"}") {
            Err(SourceError::Invalid(problem)) => problem,
            other => panic!("{id}: {other:?}"),
        };
        assert_eq!((problem.line, problem.col), (2, 3), "{id}");
        assert!(problem.message.contains("UTF-8"), "{id}: {problem}");
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    // serde_json's recursion limit (128) stops the syntax check long before the stack runs out.
    let mut deep = "[".repeat(100_000);
    deep.push_str(&"]".repeat(100_000));
    for id in ["osv", "nvd", "kev", "debian-tracker"] {
        let problem = invalid(id, deep.as_bytes());
        assert!(
            problem.message.contains("recursion limit"),
            "{id}: {problem}"
        );
    }
}
