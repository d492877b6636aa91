//! The `debian-tracker` source: the Debian security tracker's JSON, grouped by CVE.

use rampart_advisory::model::{Advisory, Affected, RangeEvent, RangeKind, ScoreScheme};
use rampart_advisory::sources::debian_tracker::ecosystem_of_codename;

use crate::{advisories, fixture, invalid, read_ok};

fn tracker() -> Vec<Advisory> {
    let (records, summary) = read_ok(
        "debian-tracker",
        "tracker.json",
        &fixture("debian-tracker/tracker-excerpt.json"),
    );
    assert!(summary.skipped.is_empty(), "{:?}", summary.skipped);
    advisories(records)
}

/// (ecosystem, package, events) of each affected entry.
fn affected(a: &Advisory) -> Vec<(String, String, Vec<RangeEvent>)> {
    a.affected
        .iter()
        .map(|x| match x {
            Affected::Package(p) => {
                assert_eq!(p.ranges.len(), 1);
                assert_eq!(p.ranges[0].kind, RangeKind::Ecosystem);
                (
                    p.ecosystem.clone(),
                    p.name.clone(),
                    p.ranges[0].events.clone(),
                )
            }
            other => panic!("{other:?}"),
        })
        .collect()
}

fn from_start(fixed: Option<&str>) -> Vec<RangeEvent> {
    let mut events = vec![RangeEvent::Introduced("0".into())];
    events.extend(fixed.map(|f| RangeEvent::Fixed(f.into())));
    events
}

fn entry(ecosystem: &str, package: &str, fixed: Option<&str>) -> (String, String, Vec<RangeEvent>) {
    (ecosystem.into(), package.into(), from_start(fixed))
}

#[test]
fn one_advisory_per_cve_across_packages() {
    let list = tracker();
    let ids: Vec<&str> = list.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["CVE-2010-0928", "CVE-2023-0216", "CVE-2023-0286"]);
    let a = &list[2];
    assert_eq!(a.source, "debian-tracker");
    assert_eq!(
        a.origin.pointer, "/edk2/CVE-2023-0286",
        "the first place it was found"
    );
    assert!(
        a.summary
            .as_deref()
            .unwrap()
            .starts_with("There is a type confusion")
    );
    assert_eq!(
        affected(a),
        [
            entry("Debian:12", "edk2", None),
            entry("Debian:13", "edk2", None),
            entry("Debian:12", "openssl", Some("3.0.8-1")),
            entry("Debian:11", "openssl", Some("1.1.1n-0+deb11u4")),
            entry("Debian:unstable", "openssl", Some("3.0.8-1")),
        ]
    );
    let urls: Vec<&str> = a.references.iter().map(|r| r.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://security-tracker.debian.org/tracker/CVE-2023-0286",
            "https://bugs.debian.org/1031327"
        ]
    );
}

#[test]
fn fixed_version_zero_means_the_release_was_never_affected() {
    let a = &tracker()[1];
    assert_eq!(
        affected(a),
        [entry("Debian:12", "openssl", Some("3.0.8-1"))],
        "bullseye's \"0\" gives no entry"
    );
}

#[test]
fn open_and_undetermined_are_affected_without_a_fix() {
    let list = tracker();
    assert_eq!(affected(&list[0]), [entry("Debian:12", "openssl", None)]);
    // edk2/trixie is `undetermined` in the fixture.
    assert!(affected(&list[2]).contains(&entry("Debian:13", "edk2", None)));
}

#[test]
fn urgency_is_a_rating_and_not_yet_assigned_is_none() {
    let list = tracker();
    let ratings = |a: &Advisory| -> Vec<(ScoreScheme, Option<String>)> {
        a.severities
            .iter()
            .map(|s| (s.scheme, s.rating.clone()))
            .collect()
    };
    assert_eq!(
        ratings(&list[0]),
        [(ScoreScheme::Rating, Some("unimportant".into()))]
    );
    assert_eq!(ratings(&list[1]), []);
    assert_eq!(
        ratings(&list[2]),
        [(ScoreScheme::Rating, Some("high".into()))]
    );
}

#[test]
fn codenames_map_to_release_numbers() {
    for (codename, ecosystem) in [
        ("buzz", "Debian:1.1"),
        ("hamm", "Debian:2.0"),
        ("etch", "Debian:4"),
        ("buster", "Debian:10"),
        ("bookworm", "Debian:12"),
        ("trixie", "Debian:13"),
        ("forky", "Debian:14"),
        ("sid", "Debian:unstable"),
    ] {
        assert_eq!(ecosystem_of_codename(codename).as_deref(), Some(ecosystem));
    }
    assert_eq!(ecosystem_of_codename("experimental"), None);
}

#[test]
fn unknown_codenames_bad_versions_and_bad_packages_are_skipped_with_places() {
    let text = r#"{
"a": {"CVE-2024-1": {"releases": {"duke": {"status": "open"}, "bookworm": {"status": "resolved", "fixed_version": "1.0 beta"}}},
      "CVE-2024-2": {"releases": {"duke": {"status": "open"}, "trixie": {"status": "resolved"}}}},
"b": ["not", "an", "object"],
"c": {"CVE-2024-3": {"releases": {"bookworm": {"status": "open"}}}}
}"#;
    let (records, summary) = read_ok("debian-tracker", "t.json", text.as_bytes());
    let ids: Vec<String> = advisories(records).into_iter().map(|a| a.id).collect();
    assert_eq!(ids, ["CVE-2024-1", "CVE-2024-2", "CVE-2024-3"]);
    let messages: Vec<String> = summary.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 4, "{messages:#?}");
    // Releases are read in codename order.
    assert!(
        messages[0].contains("a/CVE-2024-1/bookworm") && messages[0].contains("1.0 beta"),
        "{messages:#?}"
    );
    assert!(
        messages[1].contains("\"duke\" is not a Debian codename"),
        "reported once: {messages:#?}"
    );
    assert!(
        messages[2].contains("status \"resolved\" without a fixed version"),
        "{messages:#?}"
    );
    assert!(
        messages[3].starts_with("t.json:4:6: package \"b\" skipped"),
        "{messages:#?}"
    );
}

#[test]
fn other_documents_are_invalid() {
    assert!(
        invalid("debian-tracker", b"[]")
            .message
            .contains("source packages")
    );
    assert!(
        invalid("debian-tracker", b"{\"a\": }")
            .message
            .contains("expected value")
    );
}

#[test]
fn an_unknown_status_is_skipped() {
    let text = br#"{"a": {"CVE-2024-1": {"releases": {"bookworm": {"status": "ignored", "fixed_version": "1.0-1"}}}}}"#;
    let (records, summary) = read_ok("debian-tracker", "t.json", text);
    assert!(advisories(records)[0].affected.is_empty());
    assert!(
        summary.skipped[0]
            .message
            .contains("unknown status \"ignored\""),
        "{}",
        summary.skipped[0]
    );
}
