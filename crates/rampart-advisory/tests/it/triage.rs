//! The triage file: validation with located problems, and which decision holds for a
//! component version (exact, carried over, expired).

use rampart_advisory::vex::VexStatus;
use rampart_advisory::vex::triage::{Carry, ComponentKey, Expiry, read, schema};
use rampart_sbom::Component;

const FILE: &str = "\
decisions:
  - vulnerability: CVE-2023-0464
    component: pkg:deb/debian/openssl
    version: 3.0.11-1~deb12u1
    status: not_affected
    justification: vulnerable_code_not_in_execute_path
    by: Jane Doe
    date: 2024-02-01
    note: no policy checks
  - vulnerability: CVE-2023-0464
    component: pkg:deb/debian/openssl
    version: 3.0.13-1~deb12u1
    status: affected
    by: Jane Doe
    date: 2024-05-01
  - vulnerability: GHSA-xxxx-yyyy-zzzz
    component: BusyBox
    version: 1.36.1
    status: under_investigation
    by: Joe
    date: 2024-03-01
";

fn deb(version: &str) -> Component {
    Component {
        name: "openssl".into(),
        purl: Some(format!("pkg:deb/debian/openssl@{version}?arch=amd64")),
        ..Component::default()
    }
}

fn ids(id: &str) -> Vec<String> {
    vec![id.to_owned()]
}

#[test]
fn a_valid_file_reads_with_canonical_components() {
    let file = read("triage.yaml", FILE).unwrap();
    assert_eq!(file.decisions.len(), 3);
    let d = &file.decisions[0];
    assert_eq!(
        d.component,
        ComponentKey::Purl("pkg:deb/debian/openssl".into())
    );
    assert_eq!(d.status, VexStatus::NotAffected);
    assert_eq!(d.at.line, 2);
    assert_eq!(
        file.decisions[2].component,
        ComponentKey::Name("BusyBox".into())
    );
}

#[test]
fn a_decision_holds_exactly_for_its_version() {
    let file = read("triage.yaml", FILE).unwrap();
    let (d, carry) = file
        .decision_for(&deb("3.0.11-1~deb12u1"), &ids("cve-2023-0464"), true)
        .unwrap();
    assert_eq!((d.status, carry), (VexStatus::NotAffected, Carry::Exact));
    // Exact holds even outside the range: the range check is about carrying over.
    let (_, carry) = file
        .decision_for(&deb("3.0.11-1~deb12u1"), &ids("CVE-2023-0464"), false)
        .unwrap();
    assert_eq!(carry, Carry::Exact);
}

#[test]
fn a_decision_carries_over_to_later_versions_in_the_range() {
    let file = read("triage.yaml", FILE).unwrap();
    // 3.0.11-1~deb12u2 is later than 3.0.11-1~deb12u1 (Debian order) and earlier than 3.0.13.
    let (d, carry) = file
        .decision_for(&deb("3.0.11-1~deb12u2"), &ids("CVE-2023-0464"), true)
        .unwrap();
    assert_eq!(
        (d.version.as_str(), carry),
        ("3.0.11-1~deb12u1", Carry::CarriedOver)
    );
    // Past both: the later decision is the one carried.
    let (d, _) = file
        .decision_for(&deb("3.0.14-1"), &ids("CVE-2023-0464"), true)
        .unwrap();
    assert_eq!(d.status, VexStatus::Affected);
}

#[test]
fn an_upgrade_out_of_the_range_expires_a_carried_decision() {
    let file = read("triage.yaml", FILE).unwrap();
    let c = deb("3.0.11-1~deb12u2");
    assert!(
        file.decision_for(&c, &ids("CVE-2023-0464"), false)
            .is_none()
    );
    let (d, why) = file.expired_for(&c, &ids("CVE-2023-0464"), false).unwrap();
    assert_eq!(
        (d.version.as_str(), why),
        ("3.0.11-1~deb12u1", Expiry::OutOfVulnerableRange)
    );
    assert!(file.expired_for(&c, &ids("CVE-2023-0464"), true).is_none());
}

#[test]
fn a_version_below_the_decided_one_gets_no_decision() {
    let file = read("triage.yaml", FILE).unwrap();
    let c = deb("3.0.9-1");
    assert!(file.decision_for(&c, &ids("CVE-2023-0464"), true).is_none());
    let (_, why) = file.expired_for(&c, &ids("CVE-2023-0464"), true).unwrap();
    assert_eq!(why, Expiry::BelowDecidedVersion);
}

#[test]
fn names_match_case_insensitively_and_other_components_or_ids_do_not() {
    let file = read("triage.yaml", FILE).unwrap();
    let busybox = Component {
        name: "busybox".into(),
        version: Some("1.36.1".into()),
        ..Component::default()
    };
    assert!(
        file.decision_for(&busybox, &ids("GHSA-xxxx-yyyy-zzzz"), true)
            .is_some()
    );
    assert!(
        file.decision_for(&busybox, &ids("CVE-2023-0464"), true)
            .is_none()
    );
    let ubuntu = Component {
        purl: Some("pkg:deb/ubuntu/openssl@3.0.11-1~deb12u1".into()),
        ..deb("x")
    };
    assert!(
        file.decision_for(&ubuntu, &ids("CVE-2023-0464"), true)
            .is_none()
    );
}

#[test]
fn every_problem_is_reported_with_its_place() {
    let text = "\
decisions:
  - vulnerability: CVE-1
    component: pkg:deb/debian/openssl@3.0
    version: '1'
    status: not_affected
    by: me
    date: 2024-02-30
  - vulnerability: CVE-2
    component: zlib
    version: '1'
    status: fixed
    justification: component_not_present
    by: me
    date: 2024-02-01
  - vulnerability: CVE-3
    component: zlib
    version: '1'
    status: done
    by: me
    date: 2024-02-01
";
    let problems = read("t.yaml", text).unwrap_err();
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "t.yaml:3:16: give the package URL without its version: the decided version goes in `version`",
            "t.yaml:5:13: a not_affected decision needs a `justification` saying why",
            "t.yaml:7:11: `2024-02-30` is not a date: write YYYY-MM-DD",
            "t.yaml:12:20: a justification goes only with status not_affected",
            "t.yaml:18:13: unknown status `done`: write one of affected, not_affected, fixed, under_investigation",
        ]
    );
}

#[test]
fn the_same_decision_twice_and_unknown_fields_are_refused() {
    let twice = format!("{FILE}{}", &FILE["decisions:\n".len()..]);
    let problems = read("t.yaml", &twice).unwrap_err();
    assert!(
        problems[0]
            .message
            .contains("decided twice (first at line 2)"),
        "{problems:?}"
    );
    let problems = read(
        "t.yaml",
        "decisions:\n  - vulnerability: CVE-1\n    whoami: x\n",
    )
    .unwrap_err();
    assert_eq!(problems[0].line, 3, "{problems:?}");
}

#[test]
fn the_schema_accepts_the_example_and_lists_the_names() {
    let schema = schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let value: serde_json::Value = serde_json::json!({"decisions": [{
        "vulnerability": "CVE-1", "component": "zlib", "version": "1", "status": "fixed",
        "by": "me", "date": "2024-02-01"}]});
    assert!(validator.is_valid(&value));
    let bad = serde_json::json!({"decisions": [{"vulnerability": "CVE-1", "status": "done"}]});
    assert!(!validator.is_valid(&bad));
    let text = schema.to_string();
    assert!(text.contains("vulnerable_code_not_in_execute_path"));
}

/// YAML reads `2.0` and `3` as numbers; a version written that way is still its text.
#[test]
fn unquoted_numeric_versions_read_as_written() {
    let text = "decisions:\n  - {vulnerability: CVE-1, component: zlib, version: 2.10, status: fixed, by: me, date: 2024-02-01}\n  - {vulnerability: CVE-1, component: zlib, version: 3, status: fixed, by: me, date: 2024-02-01}\n";
    let file = read("t.yaml", text).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(file.decisions[0].version, "2.10");
    assert_eq!(file.decisions[1].version, "3");
}
