//! The `osv` source: OSV records, distro records included.

use rampart_advisory::model::{Affected, AffectedPackage, RangeEvent, RangeKind, ScoreScheme};

use crate::{advisories, fixture, invalid, one_advisory, read_ok};

fn package(affected: &Affected) -> &AffectedPackage {
    match affected {
        Affected::Package(p) => p,
        other => panic!("expected a package, got {other:?}"),
    }
}

fn introduced_fixed(fixed: &str) -> Vec<RangeEvent> {
    vec![
        RangeEvent::Introduced("0".into()),
        RangeEvent::Fixed(fixed.into()),
    ]
}

#[test]
fn a_debian_dsa_record_maps_field_by_field() {
    let a = one_advisory("osv", "osv/DSA-5343-1.json");
    assert_eq!(a.id, "DSA-5343-1");
    assert_eq!(a.source, "osv");
    assert_eq!(a.related.len(), 5);
    assert!(a.related.contains(&"CVE-2023-0286".to_owned()));
    assert_eq!(a.summary.as_deref(), Some("openssl - security update"));
    assert!(a.details.unwrap().contains("1.1.1n-0+deb11u4"));
    assert_eq!(a.published.as_deref(), Some("2023-02-07T00:00:00Z"));
    assert_eq!(a.modified.as_deref(), Some("2023-02-07T20:45:47.510830Z"));
    assert_eq!(a.withdrawn, None);
    assert_eq!(
        (a.origin.file.as_str(), a.origin.pointer.as_str()),
        ("osv/DSA-5343-1.json", "")
    );
    let p = package(&a.affected[0]);
    assert_eq!(
        (p.ecosystem.as_str(), p.name.as_str()),
        ("Debian:11", "openssl")
    );
    assert_eq!(
        p.purl.as_deref(),
        Some("pkg:deb/debian/openssl?arch=source")
    );
    assert_eq!(p.ranges[0].kind, RangeKind::Ecosystem);
    assert_eq!(p.ranges[0].events, introduced_fixed("1.1.1n-0+deb11u4"));
    assert_eq!(p.versions.len(), 3);
    assert_eq!(a.references[0].kind.as_deref(), Some("ADVISORY"));
    assert_eq!(
        a.references[0].url,
        "https://www.debian.org/security/2023/dsa-5343"
    );
}

#[test]
fn dla_ubuntu_and_alpine_records_map_cleanly() {
    let dla = one_advisory("osv", "osv/DLA-3325-1.json");
    assert_eq!(package(&dla.affected[0]).ecosystem, "Debian:10");
    assert_eq!(
        package(&dla.affected[0]).ranges[0].events,
        introduced_fixed("1.1.1n-0+deb10u4")
    );

    let ubuntu = one_advisory("osv", "osv/UBUNTU-CVE-2023-0286.json");
    let p = package(&ubuntu.affected[0]);
    assert_eq!(
        (p.ecosystem.as_str(), p.name.as_str()),
        ("Ubuntu:22.04:LTS", "openssl")
    );
    assert_eq!(p.ranges[0].events, introduced_fixed("3.0.2-0ubuntu1.8"));

    let alpine = one_advisory("osv", "osv/ALPINE-CVE-2023-0286.json");
    let p = package(&alpine.affected[0]);
    assert_eq!(
        (p.ecosystem.as_str(), p.name.as_str()),
        ("Alpine:v3.17", "openssl")
    );
    assert_eq!(p.ranges[0].events, introduced_fixed("3.0.8-r0"));
}

#[test]
fn upstream_ids_join_the_aliases() {
    let ubuntu = one_advisory("osv", "osv/UBUNTU-CVE-2023-0286.json");
    assert_eq!(ubuntu.aliases, ["CVE-2023-0286"]);
    assert_eq!(ubuntu.related, ["USN-5844-1"]);
}

#[test]
fn cvss_vectors_are_kept_unscored_and_ubuntu_priority_is_a_rating() {
    let ubuntu = one_advisory("osv", "osv/UBUNTU-CVE-2023-0286.json");
    let [cvss, rating] = ubuntu.severities.as_slice() else {
        panic!("{:?}", ubuntu.severities)
    };
    assert_eq!(cvss.scheme, ScoreScheme::CvssV3);
    assert_eq!(
        cvss.vector.as_deref(),
        Some("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:H")
    );
    assert_eq!(
        cvss.score, None,
        "scores are computed by the CVSS crate, not invented here"
    );
    assert_eq!(rating.scheme, ScoreScheme::Rating);
    assert_eq!(rating.rating.as_deref(), Some("high"));
}

#[test]
fn a_stated_number_is_a_score_and_unknown_or_incomplete_severities_are_dropped() {
    let text = br#"{"id": "X-1", "modified": "2024-01-01T00:00:00Z", "severity": [
        {"type": "CVSS_V2", "score": "7.5"}, {"type": "CVSS_V4", "score": "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"},
        {"type": "SOMETHING", "score": "x"}, {}]}"#;
    let (records, _) = read_ok("osv", "x.json", text);
    let a = &advisories(records)[0];
    assert_eq!(a.severities.len(), 2);
    assert_eq!(
        (a.severities[0].score, a.severities[0].vector.as_deref()),
        (Some(7.5), None)
    );
    assert_eq!(a.severities[1].scheme, ScoreScheme::CvssV4);
}

#[test]
fn cwe_ids_come_from_database_specific_and_git_ranges_are_kept() {
    let ghsa = one_advisory("osv", "osv/GHSA-j8r2-6x86-q33q.json");
    assert_eq!(ghsa.cwes, ["CWE-200"]);
    assert_eq!(ghsa.aliases, ["CVE-2023-32681", "PYSEC-2023-74"]);
    let p = package(&ghsa.affected[0]);
    assert_eq!(
        p.ranges[0].events,
        vec![
            RangeEvent::Introduced("2.3.0".into()),
            RangeEvent::Fixed("2.31.0".into())
        ]
    );
    assert_eq!(p.ranges[1].kind, RangeKind::Git);
}

#[test]
fn database_specific_of_another_shape_is_ignored() {
    let text = br#"{"id": "X-1", "modified": "2024-01-01T00:00:00Z", "database_specific": {"cwe_ids": "CWE-79"}}"#;
    let (records, summary) = read_ok("osv", "x.json", text);
    assert!(summary.skipped.is_empty());
    assert!(advisories(records)[0].cwes.is_empty());
}

#[test]
fn nulls_read_as_empty_and_withdrawn_is_kept() {
    let text =
        br#"{"id": "GHSA-x", "modified": "2024-01-01T00:00:00Z", "aliases": null, "affected": null,
        "withdrawn": "2024-02-01T00:00:00Z"}"#;
    let (records, _) = read_ok("osv", "x.json", text);
    let a = &advisories(records)[0];
    assert!(a.aliases.is_empty() && a.affected.is_empty());
    assert_eq!(a.withdrawn.as_deref(), Some("2024-02-01T00:00:00Z"));
}

#[test]
fn an_array_of_records_is_read_with_pointers() {
    let mut text = b"[".to_vec();
    text.extend(fixture("osv/DSA-5343-1.json"));
    text.push(b',');
    text.extend(fixture("osv/ALPINE-CVE-2023-0286.json"));
    text.push(b']');
    let (records, summary) = read_ok("osv", "all.json", &text);
    assert!(summary.skipped.is_empty());
    let list = advisories(records);
    assert_eq!(
        list.iter()
            .map(|a| a.origin.pointer.as_str())
            .collect::<Vec<_>>(),
        ["/0", "/1"]
    );
    assert_eq!(list[1].id, "ALPINE-CVE-2023-0286");
}

/// Reads a one-record array whose record is `record`; returns the skipped problems.
fn skipped(record: &str) -> Vec<rampart_yaml::Problem> {
    let text =
        format!("[\n{record},\n{{\"id\": \"OK-1\", \"modified\": \"2024-01-01T00:00:00Z\"}}]");
    let (records, summary) = read_ok("osv", "feed.json", text.as_bytes());
    assert_eq!(
        advisories(records).len(),
        1,
        "the good record still imports"
    );
    assert_eq!(summary.skipped.len(), 1);
    summary.skipped
}

fn with_range(ecosystem: &str, kind: &str, events: &str) -> String {
    format!(
        r#"{{"id": "BAD-1", "affected": [{{"package": {{"ecosystem": "{ecosystem}", "name": "p"}},
        "ranges": [{{"type": "{kind}", "events": [{events}]}}]}}]}}"#
    )
}

#[test]
fn a_range_without_introduced_skips_the_record_with_its_place() {
    let problems = skipped(&with_range("PyPI", "ECOSYSTEM", r#"{"fixed": "1.0"}"#));
    let p = &problems[0];
    assert_eq!((p.file.as_str(), p.line, p.col), ("feed.json", 2, 1));
    assert!(
        p.message.contains("BAD-1") && p.message.contains("introduced"),
        "{p}"
    );
    assert!(
        p.message.contains("affected[0]") && p.message.contains("ranges[0]"),
        "{p}"
    );
}

#[test]
fn a_git_range_without_introduced_is_skipped_too() {
    let problems = skipped(
        r#"{"id": "BAD-1", "affected": [{"ranges": [{"type": "GIT", "repo": "r", "events": [{"fixed": "abc"}]}]}]}"#,
    );
    assert!(
        problems[0].message.contains("introduced"),
        "{}",
        problems[0]
    );
}

#[test]
fn versions_invalid_in_a_known_ecosystem_skip_the_record() {
    for (ecosystem, kind, version) in [
        ("Debian:12", "ECOSYSTEM", "1.0 beta"),
        ("Alpine:v3.18", "ECOSYSTEM", "1.0-r1 "),
        ("PyPI", "ECOSYSTEM", "1.0-bulbasaur"),
        ("npm", "SEMVER", "1.0"),
    ] {
        let events = format!(r#"{{"introduced": "0"}}, {{"fixed": "{version}"}}"#);
        let problems = skipped(&with_range(ecosystem, kind, &events));
        assert!(
            problems[0].message.contains(version),
            "{ecosystem}: {}",
            problems[0]
        );
    }
}

#[test]
fn versions_of_ecosystems_without_a_known_scheme_are_kept_as_written() {
    let text = with_range(
        "Hex",
        "ECOSYSTEM",
        r#"{"introduced": "0"}, {"fixed": "1.0.0-rc.1 odd"}"#,
    );
    let (records, summary) = read_ok("osv", "x.json", text.as_bytes());
    assert!(summary.skipped.is_empty(), "{:?}", summary.skipped);
    assert_eq!(
        package(&advisories(records)[0].affected[0]).ranges[0].events[1],
        RangeEvent::Fixed("1.0.0-rc.1 odd".into())
    );
}

#[test]
fn malformed_events_and_range_types_skip_the_record() {
    let two_keys = skipped(&with_range(
        "PyPI",
        "ECOSYSTEM",
        r#"{"introduced": "0", "fixed": "1.0"}"#,
    ));
    assert!(
        two_keys[0].message.contains("more than one"),
        "{}",
        two_keys[0]
    );
    let none = skipped(&with_range(
        "PyPI",
        "ECOSYSTEM",
        r#"{"introduced": "0"}, {}"#,
    ));
    assert!(none[0].message.contains("events[1]"), "{}", none[0]);
    let kind = skipped(&with_range("PyPI", "RANGE", r#"{"introduced": "0"}"#));
    assert!(
        kind[0].message.contains("unknown range type"),
        "{}",
        kind[0]
    );
    let both = skipped(&with_range(
        "PyPI",
        "ECOSYSTEM",
        r#"{"introduced": "0"}, {"fixed": "2"}, {"last_affected": "1"}"#,
    ));
    assert!(both[0].message.contains("last_affected"), "{}", both[0]);
}

#[test]
fn an_entry_without_package_is_dropped_when_git_only_and_refused_otherwise() {
    let text = br#"{"id": "CVE-2023-41045", "modified": "2024-01-01T00:00:00Z", "affected": [{"ranges": [{"type": "GIT", "repo": "r", "events": [{"introduced": "0"}, {"fixed": "466af81"}]}]}]}"#;
    let (records, summary) = read_ok("osv", "x.json", text);
    assert!(summary.skipped.is_empty());
    assert!(advisories(records)[0].affected.is_empty());
    let problems = skipped(
        r#"{"id": "BAD-1", "affected": [{"ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]}"#,
    );
    assert!(
        problems[0].message.contains("no \"package\""),
        "{}",
        problems[0]
    );
}

#[test]
fn a_wrong_type_inside_a_record_skips_it_at_the_place_of_the_error() {
    let problems = skipped("{\"id\": \"BAD-1\",\n \"affected\": \"openssl\"}");
    let p = &problems[0];
    assert_eq!(p.line, 3, "{p}");
    assert!(
        p.message.contains("OSV record skipped") && p.message.contains("invalid type"),
        "{p}"
    );
    let no_id = skipped(r#"{"modified": "2024-01-01T00:00:00Z"}"#);
    assert!(
        no_id[0].message.contains("missing field `id`"),
        "{}",
        no_id[0]
    );
    let empty_id = skipped(r#"{"id": " "}"#);
    assert!(empty_id[0].message.contains("empty"), "{}", empty_id[0]);
}

#[test]
fn a_file_that_is_not_json_or_not_records_is_invalid_with_its_place() {
    let syntax = invalid("osv", b"{\n  \"id\": \"X\",\n  \"aliases\": [,]\n}");
    assert_eq!((syntax.line, syntax.col), (3, 15), "{syntax}");
    assert!(!syntax.message.contains(" at line "), "{syntax}");
    let number = invalid("osv", b"42");
    assert!(number.message.contains("OSV record"), "{number}");
    let trailing = invalid("osv", b"{\"id\": \"X\"} {}");
    assert!(trailing.message.contains("trailing"), "{trailing}");
}

#[test]
fn listed_versions_are_kept_unchecked() {
    // PyPI's lists hold legacy versions that are not PEP 440; they are compared by equality.
    let text = br#"{"id": "PYSEC-1", "modified": "2024-01-01T00:00:00Z", "affected": [{"package": {"ecosystem": "PyPI", "name": "p"}, "versions": ["0.1dev-r1234", "1.0"]}]}"#;
    let (records, summary) = read_ok("osv", "x.json", text);
    assert!(summary.skipped.is_empty(), "{:?}", summary.skipped);
    assert_eq!(
        package(&advisories(records)[0].affected[0]).versions,
        ["0.1dev-r1234", "1.0"]
    );
}

#[test]
fn a_byte_order_mark_is_dropped() {
    let mut text = "\u{feff}".as_bytes().to_vec();
    text.extend(fixture("osv/DSA-5343-1.json"));
    let (records, _) = read_ok("osv", "bom.json", &text);
    assert_eq!(advisories(records)[0].id, "DSA-5343-1");
}
