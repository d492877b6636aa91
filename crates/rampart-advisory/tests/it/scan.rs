//! Whole scans through the public API.

use rampart_advisory::model::{
    Advisory, Affected, AffectedPackage, CpeConfiguration, CpeMatch, CpeNode, Operator, OsvRange,
    RangeEvent, RangeKind, Record, ScoreScheme, Severity,
};
use rampart_advisory::{MemoryIndex, scan};
use rampart_sbom::Component;

/// A distro record carries no score: the finding takes the score of the upstream NVD record
/// of the same CVE that the distro data superseded (CVE-2024-6387: NVD 8.1; Debian 12 fixed
/// in 1:9.2p1-2+deb12u3, DSA-5724-1).
#[test]
fn a_distro_finding_is_rated_by_the_upstream_record_it_superseded() {
    let mut index = MemoryIndex::new();
    index.insert(Record::Advisory(Box::new(Advisory {
        id: "CVE-2024-6387".into(),
        source: "debian-tracker".into(),
        affected: vec![Affected::Package(AffectedPackage {
            ecosystem: "Debian:12".into(),
            name: "openssh".into(),
            ranges: vec![OsvRange {
                kind: RangeKind::Ecosystem,
                events: vec![
                    RangeEvent::Introduced("0".into()),
                    RangeEvent::Fixed("1:9.2p1-2+deb12u3".into()),
                ],
            }],
            ..AffectedPackage::default()
        })],
        ..Advisory::default()
    })));
    index.insert(Record::Advisory(Box::new(Advisory {
        id: "CVE-2024-6387".into(),
        source: "nvd".into(),
        severities: vec![Severity {
            scheme: ScoreScheme::CvssV3,
            vector: Some("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H".into()),
            score: Some(8.1),
            rating: None,
            scorer: Some("nvd@nist.gov".into()),
        }],
        affected: vec![Affected::Cpe(CpeConfiguration {
            operator: Operator::Or,
            negate: false,
            nodes: vec![CpeNode {
                operator: Operator::Or,
                negate: false,
                matches: vec![CpeMatch {
                    vulnerable: true,
                    criteria: "cpe:2.3:a:openbsd:openssh:*:*:*:*:*:*:*:*".into(),
                    version_start_including: Some("8.5".into()),
                    version_end_excluding: Some("9.8".into()),
                    ..CpeMatch::default()
                }],
            }],
        })],
        ..Advisory::default()
    })));
    let sshd = Component {
        bom_ref: Some("sshd".into()),
        name: "openssh-server".into(),
        version: Some("1:9.2p1-2+deb12u2".into()),
        purl: Some(
            "pkg:deb/debian/openssh-server@1:9.2p1-2%2Bdeb12u2?distro=debian-12&upstream=openssh"
                .into(),
        ),
        ..Component::default()
    };
    let report = scan(&[sshd], &index).unwrap();
    assert_eq!(report.findings.len(), 1);
    let finding = &report.findings[0];
    assert!(
        finding
            .evidence
            .iter()
            .all(|e| e.source == "debian-tracker")
    );
    let severity = finding.severity.as_ref().expect("rated by the NVD record");
    assert_eq!(severity.score, Some(8.1));
}
