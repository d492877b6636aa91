//! The `nvd` source: CVE API 2.0 responses, feed files, wrappers and bare CVE objects.

use rampart_advisory::model::{Advisory, Affected, CpeConfiguration, Operator, ScoreScheme};

use crate::{advisories, fixture, invalid, one_advisory, read, read_ok};

fn response() -> Vec<Advisory> {
    let (records, summary) = read_ok("nvd", "cves.json", &fixture("nvd/cves-2.0-response.json"));
    assert!(summary.skipped.is_empty(), "{:?}", summary.skipped);
    advisories(records)
}

fn configuration(affected: &Affected) -> &CpeConfiguration {
    match affected {
        Affected::Cpe(c) => c,
        other => panic!("expected a CPE configuration, got {other:?}"),
    }
}

#[test]
fn a_response_yields_every_cve_with_its_pointer() {
    let list = response();
    let ids: Vec<&str> = list.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["CVE-2023-0286", "CVE-2024-6387", "CVE-2023-0000"]);
    assert_eq!(list[1].origin.pointer, "/vulnerabilities/1/cve");
    assert!(
        list.iter()
            .all(|a| a.source == "nvd" && a.origin.file == "cves.json")
    );
}

#[test]
fn text_dates_cwes_and_references_map() {
    let a = &response()[0];
    assert!(
        a.details
            .as_deref()
            .unwrap()
            .starts_with("There is a type confusion"),
        "English, not Spanish"
    );
    assert_eq!(a.summary, None);
    assert_eq!(a.published.as_deref(), Some("2023-02-08T20:15:23.973"));
    assert_eq!(a.modified.as_deref(), Some("2024-02-04T09:15:09.113"));
    assert_eq!(a.withdrawn, None);
    assert_eq!(a.cwes, ["CWE-843"]);
    assert_eq!(a.references[0].kind.as_deref(), Some("Vendor Advisory"));
    assert_eq!(a.references[1].kind, None);
}

#[test]
fn cvss_metrics_keep_vector_score_rating_and_scorer() {
    let a = &response()[0];
    let [s] = a.severities.as_slice() else {
        panic!("{:?}", a.severities)
    };
    assert_eq!(s.scheme, ScoreScheme::CvssV3);
    assert_eq!(
        s.vector.as_deref(),
        Some("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:H")
    );
    assert_eq!(
        (s.score, s.rating.as_deref(), s.scorer.as_deref()),
        (Some(7.4), Some("HIGH"), Some("nvd@nist.gov"))
    );
}

#[test]
fn versions_are_ordered_v4_v31_v30_v2_and_primary_first() {
    let text = br#"{"id": "CVE-2024-1", "metrics": {
        "cvssMetricV2": [{"source": "nvd@nist.gov", "type": "Primary", "cvssData": {"vectorString": "AV:N/AC:L/Au:N/C:P/I:P/A:P", "baseScore": 7.5}, "baseSeverity": "HIGH"}],
        "cvssMetricV31": [{"source": "cna@example.com", "type": "Secondary", "cvssData": {"vectorString": "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", "baseScore": 7.8}},
                          {"source": "nvd@nist.gov", "type": "Primary", "cvssData": {"vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "baseScore": 9.8}}],
        "cvssMetricV40": [{"source": "cna@example.com", "type": "Secondary", "cvssData": {"vectorString": "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "baseScore": 9.3}}],
        "cvssMetricV30": [{"source": "nvd@nist.gov", "type": "Primary", "cvssData": {"baseScore": 5.0}}]}}"#;
    let (records, _) = read_ok("nvd", "x.json", text);
    let a = &advisories(records)[0];
    let order: Vec<(ScoreScheme, Option<&str>)> = a
        .severities
        .iter()
        .map(|s| (s.scheme, s.scorer.as_deref()))
        .collect();
    assert_eq!(
        order,
        [
            (ScoreScheme::CvssV4, Some("cna@example.com")),
            (ScoreScheme::CvssV3, Some("nvd@nist.gov")),
            (ScoreScheme::CvssV3, Some("cna@example.com")),
            (ScoreScheme::CvssV2, Some("nvd@nist.gov")),
        ],
        "the v3.0 metric without a vector is dropped"
    );
    assert_eq!(
        a.severities[3].rating.as_deref(),
        Some("HIGH"),
        "v2 rates beside cvssData"
    );
}

#[test]
fn configurations_keep_operators_negation_and_platforms() {
    let a = &response()[0];
    assert_eq!(a.affected.len(), 2);
    let or = configuration(&a.affected[0]);
    assert_eq!(
        (or.operator, or.negate),
        (Operator::Or, false),
        "no operator means OR"
    );
    let m = &or.nodes[0].matches[1];
    assert_eq!(m.criteria, "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*");
    assert_eq!(
        (
            m.version_start_including.as_deref(),
            m.version_end_excluding.as_deref()
        ),
        (Some("1.1.1"), Some("1.1.1t"))
    );
    assert_eq!(
        (
            m.version_start_excluding.as_deref(),
            m.version_end_including.as_deref()
        ),
        (None, None)
    );
    let and = configuration(&a.affected[1]);
    assert_eq!(and.operator, Operator::And);
    assert!(and.nodes[0].matches[0].vulnerable);
    assert!(
        !and.nodes[1].matches[0].vulnerable,
        "the appliance is a platform"
    );
    assert_eq!(
        and.nodes[1].matches[0].criteria,
        "cpe:2.3:h:stormshield:sn160:-:*:*:*:*:*:*:*"
    );
}

#[test]
fn a_cve_without_configurations_is_kept_with_nothing_affected() {
    let a = &response()[1];
    assert_eq!(a.id, "CVE-2024-6387");
    assert!(a.affected.is_empty());
    assert_eq!(a.cwes, ["CWE-364"]);
}

#[test]
fn rejected_is_withdrawn_at_its_last_modification() {
    let a = &response()[2];
    assert_eq!(a.withdrawn.as_deref(), Some("2023-05-25T19:15:09.283"));
}

#[test]
fn a_single_wrapped_cve_reads_and_nvd_cwe_placeholders_are_dropped() {
    let a = one_advisory("nvd", "nvd/CVE-2017-5638.json");
    assert_eq!(a.id, "CVE-2017-5638");
    assert_eq!(a.origin.pointer, "/cve");
    assert_eq!(a.cwes, ["CWE-20"], "NVD-CWE-Other is not a CWE");
    let schemes: Vec<ScoreScheme> = a.severities.iter().map(|s| s.scheme).collect();
    assert_eq!(schemes, [ScoreScheme::CvssV3, ScoreScheme::CvssV2]);
    assert_eq!(configuration(&a.affected[0]).nodes[0].matches.len(), 2);
}

#[test]
fn a_bare_cve_object_reads() {
    let text = br#"{"id": "CVE-2022-40489", "sourceIdentifier": "cve@mitre.org", "vulnStatus": "Analyzed",
        "descriptions": [{"lang": "en", "value": "ThinkCMF version 6.0.7 is affected by a CSRF."}]}"#;
    let (records, _) = read_ok("nvd", "x.json", text);
    let a = &advisories(records)[0];
    assert_eq!(
        (a.id.as_str(), a.origin.pointer.as_str()),
        ("CVE-2022-40489", "")
    );
    assert!(a.details.as_deref().unwrap().starts_with("ThinkCMF"));
}

#[test]
fn a_bad_record_is_skipped_with_its_place_and_the_rest_imports() {
    let text = "{\"vulnerabilities\": [\n{\"cve\": {\"id\": \"CVE-1\", \"configurations\": [{\"nodes\": [{\"cpeMatch\": [{\"vulnerable\": true, \"criteria\": \"not a cpe\"}]}]}]}},\n{\"cve\": {\"id\": \"CVE-2\",\n \"published\": 5}},\n{\"cve\": {\"id\": \"CVE-3\"}}]}";
    let (records, summary) = read_ok("nvd", "feed.json", text.as_bytes());
    assert_eq!(
        advisories(records)
            .iter()
            .map(|a| a.id.clone())
            .collect::<Vec<_>>(),
        ["CVE-3"]
    );
    let [cpe, published] = summary.skipped.as_slice() else {
        panic!("{:?}", summary.skipped)
    };
    assert_eq!((cpe.line, cpe.col), (2, 1));
    assert!(
        cpe.message.contains("CVE-1")
            && cpe.message.contains("not a CPE")
            && cpe.message.contains("nodes[0].cpeMatch[0]"),
        "{cpe}"
    );
    assert_eq!(published.line, 4, "{published}");
    assert!(
        published.message.contains("NVD CVE skipped") && published.message.contains("invalid type"),
        "{published}"
    );
}

#[test]
fn a_syntax_error_late_in_a_feed_keeps_nothing() {
    let mut text = String::from_utf8(fixture("nvd/cves-2.0-response.json")).unwrap();
    text.truncate(text.len() - 10);
    let mut handed = 0;
    let result = rampart_advisory::source::source("nvd").unwrap().read(
        rampart_advisory::Input {
            name: "cut.json",
            bytes: text.as_bytes(),
        },
        &mut |_| {
            handed += 1;
            Ok(())
        },
    );
    assert!(
        matches!(result, Err(rampart_advisory::SourceError::Invalid(_))),
        "{result:?}"
    );
    assert_eq!(
        handed, 0,
        "the syntax check runs before any record is handed on"
    );
}

#[test]
fn other_documents_are_invalid() {
    let none = invalid("nvd", br#"{"resultsPerPage": 0}"#);
    assert!(
        none.message.contains("not an NVD CVE API 2.0 document"),
        "{none}"
    );
    let array = invalid("nvd", b"[]");
    assert!(array.message.contains("JSON object"), "{array}");
    assert!(read("nvd", "x", br#"{"vulnerabilities": 3}"#).is_err());
}

#[test]
fn an_empty_id_is_skipped() {
    let (records, summary) = read_ok(
        "nvd",
        "x.json",
        br#"{"vulnerabilities": [{"cve": {"id": ""}}]}"#,
    );
    assert!(records.is_empty());
    assert!(
        summary.skipped[0].message.contains("\"id\" is empty"),
        "{}",
        summary.skipped[0]
    );
}
