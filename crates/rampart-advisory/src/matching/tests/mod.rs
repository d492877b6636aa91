//! Matching tests on real advisory records, transcribed (trimmed) into the model. Each
//! record function names the page it was taken from.

mod cpe;
mod merge;
mod package;
mod scoring;
mod threads;

use rampart_sbom::Component;

use crate::lookup::{AdvisoryLookup, LookupError, MemoryIndex};
use crate::model::{
    Advisory, Affected, AffectedPackage, CpeConfiguration, CpeMatch, CpeNode, EpssScore, KevEntry,
    Operator, OsvRange, RangeEvent, RangeKind, Record, ScoreScheme, Severity,
};

use super::{ScanReport, scan};

/// A component with a version, an optional purl and CPEs.
pub(super) fn component(name: &str, version: &str, purl: Option<&str>, cpes: &[&str]) -> Component {
    Component {
        bom_ref: Some(format!("ref-{name}")),
        name: name.to_owned(),
        version: Some(version.to_owned()),
        purl: purl.map(str::to_owned),
        cpes: cpes.iter().map(|c| (*c).to_owned()).collect(),
        ..Component::default()
    }
}

/// Scans `components` against an in-memory index of `records`.
pub(super) fn scan_with(components: &[Component], records: Vec<Record>) -> ScanReport {
    let mut index = MemoryIndex::new();
    for record in records {
        index.insert(record);
    }
    scan(components, &index).unwrap()
}

pub(super) fn adv(advisory: Advisory) -> Record {
    Record::Advisory(Box::new(advisory))
}

/// A lookup that offers every record for every key, so a test shows the matching engine
/// itself rejects a record (not the index's keys).
pub(super) struct Everything(pub Vec<Advisory>);

impl AdvisoryLookup for Everything {
    fn advisories(&self, _: &crate::key::MatchKey) -> Result<Vec<Advisory>, LookupError> {
        Ok(self.0.clone())
    }
    fn kev(&self, _: &str) -> Result<Option<KevEntry>, LookupError> {
        Ok(None)
    }
    fn epss(&self, _: &str) -> Result<Option<EpssScore>, LookupError> {
        Ok(None)
    }
}

/// Ids of the findings of `report`, as `component id`.
pub(super) fn found(report: &ScanReport) -> Vec<String> {
    report
        .findings
        .iter()
        .map(|f| format!("{} {}", f.component.name, f.id))
        .collect()
}

pub(super) fn criterion(
    cpe: &str,
    start_including: Option<&str>,
    end_excluding: Option<&str>,
) -> CpeMatch {
    CpeMatch {
        vulnerable: true,
        criteria: cpe.to_owned(),
        version_start_including: start_including.map(str::to_owned),
        version_end_excluding: end_excluding.map(str::to_owned),
        ..CpeMatch::default()
    }
}

pub(super) fn or_configuration(matches: Vec<CpeMatch>) -> Affected {
    Affected::Cpe(CpeConfiguration {
        operator: Operator::Or,
        negate: false,
        nodes: vec![CpeNode {
            operator: Operator::Or,
            negate: false,
            matches,
        }],
    })
}

pub(super) fn v3(vector: &str, score: f32) -> Severity {
    Severity {
        scheme: ScoreScheme::CvssV3,
        vector: Some(vector.to_owned()),
        score: Some(score),
        rating: None,
        scorer: Some("nvd@nist.gov".to_owned()),
    }
}

pub(super) fn package(ecosystem: &str, name: &str, events: Vec<RangeEvent>) -> AffectedPackage {
    AffectedPackage {
        ecosystem: ecosystem.to_owned(),
        name: name.to_owned(),
        purl: None,
        ranges: vec![OsvRange {
            kind: RangeKind::Ecosystem,
            events,
        }],
        versions: Vec::new(),
    }
}

pub(super) fn introduced(v: &str) -> RangeEvent {
    RangeEvent::Introduced(v.to_owned())
}

pub(super) fn fixed(v: &str) -> RangeEvent {
    RangeEvent::Fixed(v.to_owned())
}

fn osv(id: &str, aliases: &[&str], affected: Vec<AffectedPackage>) -> Advisory {
    Advisory {
        id: id.to_owned(),
        source: "osv".to_owned(),
        aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
        affected: affected.into_iter().map(Affected::Package).collect(),
        origin: crate::model::Origin {
            file: format!("{id}.json"),
            pointer: String::new(),
        },
        ..Advisory::default()
    }
}

fn nvd(id: &str, affected: Vec<Affected>, severity: Severity) -> Advisory {
    Advisory {
        id: id.to_owned(),
        source: "nvd".to_owned(),
        severities: vec![severity],
        affected,
        origin: crate::model::Origin {
            file: "nvdcve-2.0.json".to_owned(),
            pointer: format!("/vulnerabilities/{id}"),
        },
        ..Advisory::default()
    }
}

/// CVE-2023-0286 (OpenSSL X.400 type confusion), NVD, trimmed to its configuration and
/// primary CVSS: <https://nvd.nist.gov/vuln/detail/CVE-2023-0286>.
pub(super) fn cve_2023_0286_nvd() -> Advisory {
    let openssl = "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*";
    nvd(
        "CVE-2023-0286",
        vec![or_configuration(vec![
            criterion(openssl, Some("1.0.2"), Some("1.0.2zg")),
            criterion(openssl, Some("1.1.1"), Some("1.1.1t")),
            criterion(openssl, Some("3.0.0"), Some("3.0.8")),
        ])],
        v3("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:H", 7.4),
    )
}

/// Debian's record of CVE-2023-0286 (DSA-5343-1), trimmed to bullseye and bookworm:
/// <https://osv.dev/vulnerability/DEBIAN-CVE-2023-0286>,
/// <https://security-tracker.debian.org/tracker/CVE-2023-0286>.
pub(super) fn debian_cve_2023_0286() -> Advisory {
    osv(
        "DEBIAN-CVE-2023-0286",
        &["CVE-2023-0286"],
        vec![
            package(
                "Debian:11",
                "openssl",
                vec![introduced("0"), fixed("1.1.1n-0+deb11u4")],
            ),
            package(
                "Debian:12",
                "openssl",
                vec![introduced("0"), fixed("3.0.8-1")],
            ),
        ],
    )
}

/// Ubuntu's record of CVE-2023-0286 (USN-5844-1), trimmed to 22.04:
/// <https://osv.dev/vulnerability/UBUNTU-CVE-2023-0286>.
pub(super) fn ubuntu_cve_2023_0286() -> Advisory {
    osv(
        "UBUNTU-CVE-2023-0286",
        &["CVE-2023-0286"],
        vec![package(
            "Ubuntu:22.04:LTS",
            "openssl",
            vec![introduced("0"), fixed("3.0.2-0ubuntu1.8")],
        )],
    )
}

/// Alpine's secdb entry for CVE-2023-0286 as OSV serves it, trimmed to v3.17:
/// <https://secdb.alpinelinux.org/v3.17/main.json>, <https://osv.dev/list?q=CVE-2023-0286&ecosystem=Alpine>.
pub(super) fn alpine_cve_2023_0286() -> Advisory {
    osv(
        "ALPINE-CVE-2023-0286",
        &["CVE-2023-0286"],
        vec![package(
            "Alpine:v3.17",
            "openssl",
            vec![introduced("0"), fixed("3.0.8-r0")],
        )],
    )
}

/// Log4Shell as GitHub reviewed it, trimmed to log4j-core's ranges:
/// <https://osv.dev/vulnerability/GHSA-jfh8-c2jp-5v3q>.
pub(super) fn ghsa_log4shell() -> Advisory {
    let name = "org.apache.logging.log4j:log4j-core";
    let mut record = osv(
        "GHSA-jfh8-c2jp-5v3q",
        &["CVE-2021-44228"],
        vec![
            package("Maven", name, vec![introduced("2.13.0"), fixed("2.15.0")]),
            package("Maven", name, vec![introduced("2.0-beta9"), fixed("2.3.1")]),
            package("Maven", name, vec![introduced("2.4"), fixed("2.12.2")]),
        ],
    );
    record.severities = vec![Severity {
        scheme: ScoreScheme::CvssV3,
        vector: Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H".to_owned()),
        score: None,
        rating: None,
        scorer: None,
    }];
    record
}

/// Log4Shell in NVD, trimmed to one apache:log4j range:
/// <https://nvd.nist.gov/vuln/detail/CVE-2021-44228>.
pub(super) fn cve_2021_44228_nvd() -> Advisory {
    nvd(
        "CVE-2021-44228",
        vec![or_configuration(vec![criterion(
            "cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*",
            Some("2.13.0"),
            Some("2.15.0"),
        )])],
        v3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0),
    )
}

/// Log4Shell's CISA KEV entry:
/// <https://www.cisa.gov/known-exploited-vulnerabilities-catalog> (cisagov/kev-data).
pub(super) fn kev_log4shell() -> KevEntry {
    KevEntry {
        cve: "CVE-2021-44228".to_owned(),
        vendor_project: "Apache".to_owned(),
        product: "Log4j2".to_owned(),
        name: "Apache Log4j2 Remote Code Execution Vulnerability".to_owned(),
        date_added: "2021-12-10".to_owned(),
        due_date: Some("2021-12-24".to_owned()),
        required_action: None,
        ransomware: true,
    }
}

/// CVE-2024-1086 (nf_tables use-after-free), NVD, trimmed to two linux_kernel ranges:
/// <https://nvd.nist.gov/vuln/detail/CVE-2024-1086>.
pub(super) fn cve_2024_1086_nvd() -> Advisory {
    let kernel = "cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*";
    nvd(
        "CVE-2024-1086",
        vec![or_configuration(vec![
            criterion(kernel, Some("3.15"), Some("5.15.149")),
            criterion(kernel, Some("5.16"), Some("6.1.76")),
        ])],
        v3("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8),
    )
}

/// CVE-2021-0002 (Intel Ethernet E810 firmware), NVD: a firmware criterion AND a hardware
/// platform (`vulnerable: false`). Trimmed to that configuration:
/// <https://nvd.nist.gov/vuln/detail/CVE-2021-0002>.
pub(super) fn cve_2021_0002_nvd() -> Advisory {
    nvd(
        "CVE-2021-0002",
        vec![Affected::Cpe(CpeConfiguration {
            operator: Operator::And,
            negate: false,
            nodes: vec![
                CpeNode {
                    operator: Operator::Or,
                    negate: false,
                    matches: vec![CpeMatch {
                        vulnerable: true,
                        criteria:
                            "cpe:2.3:o:intel:ethernet_controller_e810_firmware:*:*:*:*:*:linux:*:*"
                                .to_owned(),
                        version_end_excluding: Some("1.4.11".to_owned()),
                        ..CpeMatch::default()
                    }],
                },
                CpeNode {
                    operator: Operator::Or,
                    negate: false,
                    matches: vec![CpeMatch {
                        vulnerable: false,
                        criteria: "cpe:2.3:h:intel:ethernet_controller_e810:-:*:*:*:*:*:*:*"
                            .to_owned(),
                        ..CpeMatch::default()
                    }],
                },
            ],
        })],
        v3("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:H", 7.1),
    )
}

/// Jinja2's sandbox breakout CVE-2024-22195, GitHub reviewed:
/// <https://osv.dev/vulnerability/GHSA-h5c8-rqwp-cp95>.
pub(super) fn ghsa_jinja2() -> Advisory {
    osv(
        "GHSA-h5c8-rqwp-cp95",
        &["CVE-2024-22195"],
        vec![package(
            "PyPI",
            "jinja2",
            vec![introduced("0"), fixed("3.1.3")],
        )],
    )
}
