//! CVSS scores of real vectors, severity choice, priority and `fail_on`.

use crate::model::{ScoreScheme, Severity};

use super::super::cvss::{SeverityLevel, pick_severity, score_severity};
use super::super::{FailOn, Status, Tier, priority};
use super::*;

fn scored(
    scheme: ScoreScheme,
    vector: Option<&str>,
    score: Option<f32>,
    rating: Option<&str>,
) -> Option<crate::matching::SeverityScore> {
    let advisory = Advisory {
        id: "CVE-X".to_owned(),
        source: "nvd".to_owned(),
        ..Advisory::default()
    };
    let severity = Severity {
        scheme,
        vector: vector.map(str::to_owned),
        score,
        rating: rating.map(str::to_owned),
        scorer: Some("nvd@nist.gov".to_owned()),
    };
    score_severity(&advisory, &severity)
}

#[test]
fn real_vectors_score_as_published() {
    // (vector, NVD's published base score), from the NVD pages cited.
    let cases = [
        // https://nvd.nist.gov/vuln/detail/CVE-2023-0286
        (
            ScoreScheme::CvssV3,
            "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:H",
            7.4,
            SeverityLevel::High,
        ),
        // https://nvd.nist.gov/vuln/detail/CVE-2021-44228
        (
            ScoreScheme::CvssV3,
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H",
            10.0,
            SeverityLevel::Critical,
        ),
        // https://nvd.nist.gov/vuln/detail/CVE-2017-5638 (v3.0)
        (
            ScoreScheme::CvssV3,
            "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H",
            10.0,
            SeverityLevel::Critical,
        ),
        // https://nvd.nist.gov/vuln/detail/CVE-2021-0002
        (
            ScoreScheme::CvssV3,
            "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:H",
            7.1,
            SeverityLevel::High,
        ),
        // CVSS v4.0 specification examples (https://www.first.org/cvss/v4.0/examples).
        (
            ScoreScheme::CvssV4,
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
            9.3,
            SeverityLevel::Critical,
        ),
        (
            ScoreScheme::CvssV4,
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H",
            10.0,
            SeverityLevel::Critical,
        ),
        // https://nvd.nist.gov/vuln/detail/CVE-2017-5638 (v2: High, there is no Critical)
        (
            ScoreScheme::CvssV2,
            "AV:N/AC:L/Au:N/C:C/I:C/A:C",
            10.0,
            SeverityLevel::High,
        ),
    ];
    for (scheme, vector, score, level) in cases {
        let s = scored(scheme, Some(vector), None, None).unwrap();
        assert_eq!((s.score, s.level), (Some(score), level), "{vector}");
        assert_eq!(s.note, None);
    }
}

#[test]
fn an_invalid_or_missing_vector_falls_back_to_the_stated_score_with_a_note() {
    let s = scored(
        ScoreScheme::CvssV3,
        Some("CVSS:3.1/AV:X/AC:L"),
        Some(7.5),
        None,
    )
    .unwrap();
    assert_eq!(
        (s.score, s.level, s.vector),
        (Some(7.5), SeverityLevel::High, None)
    );
    assert!(s.note.unwrap().contains("not used"));
    // A v4 vector given as v3 is not silently scored as v3.
    let s = scored(
        ScoreScheme::CvssV3,
        Some("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"),
        Some(5.0),
        None,
    )
    .unwrap();
    assert_eq!(s.level, SeverityLevel::Medium);
    let s = scored(ScoreScheme::Rating, None, None, Some("important")).unwrap();
    assert_eq!((s.level, s.note), (SeverityLevel::High, None));
    let s = scored(ScoreScheme::CvssV3, None, None, Some("moderate")).unwrap();
    assert_eq!(s.level, SeverityLevel::Medium);
    assert!(s.note.unwrap().contains("stated rating"));
    assert!(scored(ScoreScheme::Rating, None, None, Some("whatever")).is_none());
}

#[test]
fn the_highest_severity_wins_and_nvd_primary_breaks_ties() {
    let with_scorer = |score: f32, scorer: &str| {
        let mut s = scored(ScoreScheme::CvssV3, None, Some(score), None).unwrap();
        s.scorer = Some(scorer.to_owned());
        s
    };
    let picked = pick_severity([
        with_scorer(7.5, "cna@example.com"),
        with_scorer(9.8, "cna@example.com"),
        with_scorer(9.8, "nvd@nist.gov"),
    ])
    .unwrap();
    assert_eq!(
        (picked.score, picked.scorer.as_deref()),
        (Some(9.8), Some("nvd@nist.gov"))
    );
    assert_eq!(pick_severity([]), None);
}

#[test]
fn priority_puts_kev_first_then_severity_and_epss() {
    let p =
        |level, score, kev, epss| priority(Status::Affected, Some(level), Some(score), kev, epss);
    assert_eq!(
        p(SeverityLevel::Medium, 5.0, true, None).tier,
        Tier::Immediate
    );
    assert_eq!(
        p(SeverityLevel::Critical, 9.8, false, Some(0.2)).tier,
        Tier::Immediate
    );
    assert_eq!(
        p(SeverityLevel::Critical, 9.8, false, Some(0.01)).tier,
        Tier::High
    );
    assert_eq!(
        p(SeverityLevel::Medium, 5.0, false, Some(0.6)).tier,
        Tier::Immediate
    );
    assert_eq!(
        p(SeverityLevel::Medium, 5.0, false, None),
        super::super::Priority {
            tier: Tier::Medium,
            score: 150
        }
    );
    assert_eq!(
        p(SeverityLevel::High, 7.5, true, Some(0.5)).score,
        400 + 225 + 150
    );
    assert_eq!(
        priority(
            Status::Fixed,
            Some(SeverityLevel::Critical),
            Some(10.0),
            true,
            None
        )
        .tier,
        Tier::None
    );
    assert_eq!(
        priority(Status::Affected, None, None, false, None).tier,
        Tier::Low
    );
}

#[test]
fn fail_on_thresholds() {
    let log4j = component(
        "log4j-core",
        "2.14.1",
        Some("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"),
        &[],
    );
    let jinja = component("jinja2", "3.1.2", Some("pkg:pypi/jinja2@3.1.2"), &[]);
    // Critical, not in KEV here.
    let critical = scan_with(std::slice::from_ref(&log4j), vec![adv(ghsa_log4shell())]);
    assert!(
        critical.fail_on(FailOn::Critical)
            && critical.fail_on(FailOn::High)
            && critical.fail_on(FailOn::Low)
    );
    assert!(!critical.fail_on(FailOn::Kev));
    let kev = scan_with(
        &[log4j],
        vec![adv(ghsa_log4shell()), Record::Kev(kev_log4shell())],
    );
    assert!(kev.fail_on(FailOn::Kev));
    // No severity known: only `low` fails.
    let unknown = scan_with(&[jinja], vec![adv(ghsa_jinja2())]);
    assert!(unknown.fail_on(FailOn::Low) && !unknown.fail_on(FailOn::Medium));
    let clean = scan_with(&[], vec![adv(ghsa_jinja2())]);
    assert!(FailOn::ALL.iter().all(|t| !clean.fail_on(*t)));
    assert_eq!("KEV".parse::<FailOn>(), Ok(FailOn::Kev));
    assert!("severe".parse::<FailOn>().is_err());
}

#[test]
fn the_report_serialises_with_its_schema_id_and_counts() {
    let log4j = component(
        "log4j-core",
        "2.14.1",
        Some("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"),
        &[],
    );
    let report = scan_with(&[log4j], vec![adv(ghsa_log4shell())]);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["schema"], "rampart.scan/1");
    assert_eq!(json["summary"]["critical"], 1);
    assert_eq!(json["findings"][0]["severity"]["score"], 10.0);
    assert_eq!(json["findings"][0]["evidence"][0]["identifier"], "purl");
    assert_eq!(json["findings"][0]["status"], "affected");
    let back: ScanReport = serde_json::from_value(json).unwrap();
    assert_eq!(back, report);
}
