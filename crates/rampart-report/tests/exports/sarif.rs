//! SARIF 2.1.0: the structure code-scanning services read, the documented level mapping,
//! fingerprints, locations, and a snapshot of the small case. Schema validation against the
//! official SARIF schema is in `tests/conformance.rs` (the schema is not in the repository).

use rampart_assess::results::Status;
use rampart_report::export::sarif;
use serde_json::Value;

use crate::fixture;

fn result<'a>(log: &'a Value, rule: &str) -> &'a Value {
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == rule)
        .unwrap_or_else(|| panic!("no result for {rule}"))
}

#[test]
fn one_run_with_rules_for_findings_vulnerabilities_and_gaps() {
    let log = sarif(&fixture::small());
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let rules: Vec<&str> = runs[0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "FW-PWD-002",
            "FW-HARD-001",
            "CVE-2023-0286",
            "iec62443-4-2/cr-1.5",
            "iec62443-4-2/cr-3.1",
            "iec62443-4-2/cr-3.3",
        ],
        "findings, affected vulnerabilities only, then required items not satisfied"
    );
    for r in runs[0]["results"].as_array().unwrap() {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index], r["ruleId"], "ruleIndex points at the rule");
        assert!(
            r["partialFingerprints"]
                .as_object()
                .is_some_and(|f| !f.is_empty())
        );
        assert!(!r["locations"].as_array().unwrap().is_empty());
    }
    assert_eq!(runs[0]["tool"]["driver"]["semanticVersion"], "0.1.0");
    assert_eq!(runs[0]["artifacts"][0]["hashes"]["sha-256"], "b".repeat(64));
}

/// The level mapping `docs/exports.md` documents.
#[test]
fn levels_follow_the_documented_mapping() {
    let log = sarif(&fixture::small());
    // A critical finding, a low one.
    assert_eq!(result(&log, "FW-PWD-002")["level"], "error");
    assert_eq!(result(&log, "FW-HARD-001")["level"], "note");
    // A known-exploited vulnerability.
    assert_eq!(result(&log, "CVE-2023-0286")["level"], "error");
    // Not satisfied because of a critical finding; not assessed but with a KEV behind it;
    // partially satisfied with only a low finding.
    assert_eq!(result(&log, "iec62443-4-2/cr-1.5")["level"], "error");
    assert_eq!(result(&log, "iec62443-4-2/cr-3.1")["level"], "error");
    assert_eq!(result(&log, "iec62443-4-2/cr-3.3")["level"], "warning");
    // Nothing behind a not-assessed item: a note.
    let mut quiet = fixture::small();
    quiet.requirements[2].proposals.clear();
    assert_eq!(quiet.requirements[2].status, Status::NotAssessed);
    assert_eq!(
        result(&sarif(&quiet), "iec62443-4-2/cr-3.1")["level"],
        "note"
    );
}

/// Firmware findings point into the image, vulnerabilities at the analysed artifact with the
/// component as a logical location, and fingerprints follow `rampart scan`'s convention.
#[test]
fn locations_and_fingerprints() {
    let log = sarif(&fixture::small());
    let pwd = result(&log, "FW-PWD-002");
    assert_eq!(
        pwd["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "rtu-5000-2.1.0.bin.unpacked/0x40-squashfs/etc/shadow"
    );
    assert_eq!(
        pwd["partialFingerprints"]["rampart/finding/v1"],
        "fw/pwd/etc-shadow-root"
    );
    let cve = result(&log, "CVE-2023-0286");
    assert_eq!(
        cve["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "rtu-5000-2.1.0.bin"
    );
    assert_eq!(
        cve["locations"][0]["logicalLocations"][0]["name"],
        "openssl-3.0.7"
    );
    assert_eq!(
        cve["partialFingerprints"]["rampart/component-vulnerability/v1"],
        "openssl-3.0.7|CVE-2023-0286"
    );
    let gap = result(&log, "iec62443-4-2/cr-1.5");
    assert_eq!(
        gap["partialFingerprints"]["rampart/requirement-gap/v1"],
        "ACME RTU-5000|4-2|CR 1.5"
    );
}

/// A system finding at `file:line:col` becomes a region, so CI annotates the model's line.
#[test]
fn system_findings_at_a_model_position_get_a_region() {
    let mut results = fixture::small();
    results.findings[1].source = "system".into();
    results.findings[1].location = "plant.yaml:42:7: conduit c-ot-it".into();
    let log = sarif(&results);
    let loc = &result(&log, "FW-HARD-001")["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "plant.yaml");
    assert_eq!(loc["region"]["startLine"], 42);
    assert_eq!(loc["region"]["startColumn"], 7);
}

#[test]
fn output_is_deterministic() {
    assert_eq!(
        serde_json::to_string(&sarif(&fixture::small())).unwrap(),
        serde_json::to_string(&sarif(&fixture::small())).unwrap()
    );
}

#[test]
fn snapshot_of_the_small_case() {
    insta::assert_json_snapshot!("sarif", sarif(&fixture::small()));
}

/// A tool string without a version (`rampart (synthetic)`) gives no `semanticVersion`
/// rather than a non-version in it.
#[test]
fn semantic_version_only_when_the_tool_has_one() {
    let mut results = fixture::small();
    results.tool = "rampart (synthetic)".into();
    assert!(sarif(&results)["runs"][0]["tool"]["driver"]["semanticVersion"].is_null());
}
