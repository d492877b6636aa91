//! SARIF 2.1.0 output of a scan (`matching::sarif`).

use rampart_advisory::matching::Status;
use rampart_advisory::matching::sarif::to_sarif;
use rampart_advisory::model::{
    Advisory, Affected, CpeConfiguration, CpeMatch, CpeNode, KevEntry, Operator, Record,
    ScoreScheme, Severity,
};
use rampart_advisory::{MemoryIndex, scan};
use rampart_sbom::Component;

fn heartbleed() -> Record {
    Record::Advisory(Box::new(Advisory {
        id: "CVE-2014-0160".into(),
        source: "nvd".into(),
        severities: vec![Severity {
            scheme: ScoreScheme::CvssV3,
            vector: Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N".into()),
            score: Some(7.5),
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
                    criteria: "cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*".into(),
                    ..CpeMatch::default()
                }],
            }],
        })],
        ..Advisory::default()
    }))
}

#[test]
fn affected_findings_become_results_pointing_at_the_sbom_and_component() {
    let mut index = MemoryIndex::new();
    index.insert(heartbleed());
    index.insert(Record::Kev(KevEntry {
        cve: "CVE-2014-0160".into(),
        name: "OpenSSL Information Disclosure Vulnerability".into(),
        date_added: "2022-05-04".into(),
        ..KevEntry::default()
    }));
    let components = [
        Component {
            bom_ref: Some("ssl-old".into()),
            name: "openssl".into(),
            version: Some("1.0.1f".into()),
            cpes: vec!["cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*".into()],
            ..Component::default()
        },
        Component {
            bom_ref: Some("ssl-new".into()),
            name: "openssl".into(),
            version: Some("1.0.1g".into()),
            cpes: vec!["cpe:2.3:a:openssl:openssl:1.0.1g:*:*:*:*:*:*:*".into()],
            ..Component::default()
        },
    ];
    let mut report = scan(&components, &index).unwrap();
    assert_eq!(report.findings.len(), 1);
    let log = to_sarif(&report, "firmware.cdx.json", "0.1.0");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["rules"][0]["id"], "CVE-2014-0160");
    assert_eq!(
        run["tool"]["driver"]["rules"][0]["properties"]["security-severity"],
        "7.5"
    );
    let result = &run["results"][0];
    assert_eq!(result["level"], "error"); // known exploited
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "firmware.cdx.json"
    );
    assert_eq!(
        result["locations"][0]["logicalLocations"][0]["name"],
        "ssl-old"
    );
    assert!(
        result["message"]["text"]
            .as_str()
            .unwrap()
            .contains("known exploited")
    );

    // A finding that is not affected is no SARIF result.
    report.findings[0].status = Status::NotAffected;
    let log = to_sarif(&report, "firmware.cdx.json", "0.1.0");
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 0);
}
