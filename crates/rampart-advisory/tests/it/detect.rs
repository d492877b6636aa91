//! `detect`: each source claims its own format and no other's.

use rampart_advisory::source;

use crate::fixture;

/// The ids of every source that claims `head`.
fn claimants(name: &str, head: &[u8]) -> Vec<&'static str> {
    let head = &head[..head.len().min(4096)];
    source::sources()
        .into_iter()
        .filter(|s| s.detect(name, head))
        .map(rampart_advisory::AdvisorySource::id)
        .collect()
}

#[test]
fn each_fixture_is_claimed_by_exactly_its_source() {
    for (path, id) in [
        ("osv/DSA-5343-1.json", "osv"),
        ("osv/DLA-3325-1.json", "osv"),
        ("osv/UBUNTU-CVE-2023-0286.json", "osv"),
        ("osv/ALPINE-CVE-2023-0286.json", "osv"),
        ("osv/GHSA-j8r2-6x86-q33q.json", "osv"),
        ("nvd/cves-2.0-response.json", "nvd"),
        ("nvd/CVE-2017-5638.json", "nvd"),
        ("kev/known_exploited_vulnerabilities.json", "kev"),
        ("epss/epss_scores-2024-02-22.csv", "epss"),
        ("debian-tracker/tracker-excerpt.json", "debian-tracker"),
    ] {
        assert_eq!(claimants(path, &fixture(path)), [id], "{path}");
        assert_eq!(
            source::detect(path, &fixture(path)).map(rampart_advisory::AdvisorySource::id),
            Some(id)
        );
    }
}

#[test]
fn other_shapes_are_claimed_by_the_right_source_or_none() {
    let cases: [(&[u8], &[&str]); 8] = [
        (
            br#"[{"id": "GHSA-1", "modified": "2024-01-01T00:00:00Z"}]"#,
            &["osv"],
        ),
        (
            br#"{"id": "CVE-2022-40489", "sourceIdentifier": "cve@mitre.org"}"#,
            &["nvd"],
        ),
        (
            br#"{"id": "CVE-2022-40489", "vulnStatus": "Analyzed", "modified": "x"}"#,
            &["nvd"],
        ),
        (b"\xEF\xBB\xBFcve,epss,percentile\n", &["epss"]),
        (
            br#"{"openssl": {"TEMP-0000000-1A2B3C": {"releases": {}}}}"#,
            &["debian-tracker"],
        ),
        (br#"{"foo": 1}"#, &[]),
        (b"<?xml version=\"1.0\"?>", &[]),
        (
            br#"{"document": {"category": "csaf_security_advisory"}}"#,
            &["csaf"],
        ),
    ];
    for (head, ids) in cases {
        assert_eq!(
            claimants("x", head),
            ids,
            "{}",
            String::from_utf8_lossy(head)
        );
    }
}
