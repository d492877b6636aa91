//! Distro backports, alias merging, CSAF products, KEV and EPSS.

use crate::model::{AffectedProduct, EpssScore, ProductStatus};

use super::super::{Identifier, Status};
use super::*;
use crate::model::Confidence;

fn bullseye_openssl(version: &str) -> Component {
    component(
        "openssl",
        version,
        Some(&format!(
            "pkg:deb/debian/openssl@{version}?distro=debian-11"
        )),
        &[],
    )
}

#[test]
fn upstream_says_affected_but_debian_backported_the_fix() {
    // 1.1.1n is inside NVD's 1.1.1 ≤ v < 1.1.1t, but Debian fixed it in 1.1.1n-0+deb11u4.
    let upstream_only = scan_with(
        &[bullseye_openssl("1.1.1n-0+deb11u4")],
        vec![adv(cve_2023_0286_nvd())],
    );
    assert_eq!(found(&upstream_only), ["openssl CVE-2023-0286"]);
    assert_eq!(
        upstream_only.findings[0].evidence[0].identifier,
        Identifier::DerivedCpe
    );

    let with_debian = scan_with(
        &[bullseye_openssl("1.1.1n-0+deb11u4")],
        vec![adv(cve_2023_0286_nvd()), adv(debian_cve_2023_0286())],
    );
    assert!(with_debian.findings.is_empty(), "{:?}", found(&with_debian));
    assert!(with_debian.notes.iter().any(
        |n| n.record == "nvd:CVE-2023-0286" && n.message.contains("superseded by distro data")
    ));
}

#[test]
fn debian_tracker_records_supersede_upstream_matches_too() {
    let mut tracker = debian_cve_2023_0286();
    tracker.id = "CVE-2023-0286".to_owned();
    tracker.source = "debian-tracker".to_owned();
    tracker.aliases.clear();
    let report = scan_with(
        &[bullseye_openssl("1.1.1n-0+deb11u4")],
        vec![adv(cve_2023_0286_nvd()), adv(tracker)],
    );
    assert!(report.findings.is_empty(), "{:?}", found(&report));
}

#[test]
fn an_unpatched_distro_package_gets_one_finding_from_both_sources() {
    let report = scan_with(
        &[bullseye_openssl("1.1.1n-0+deb11u3")],
        vec![adv(cve_2023_0286_nvd()), adv(debian_cve_2023_0286())],
    );
    assert_eq!(found(&report), ["openssl CVE-2023-0286"]);
    let finding = &report.findings[0];
    // The distro's record judges it; NVD's upstream CPE match is superseded.
    assert_eq!(finding.evidence.len(), 1);
    assert_eq!(finding.evidence[0].record, "DEBIAN-CVE-2023-0286");
    assert_eq!(finding.aliases, ["DEBIAN-CVE-2023-0286"]);
    // Only the fix of the range that matched (bullseye), not bookworm's.
    assert_eq!(finding.fixed_versions, ["1.1.1n-0+deb11u4"]);
}

#[test]
fn records_linked_by_aliases_merge_into_one_finding_named_by_its_cve() {
    let log4j = component(
        "log4j-core",
        "2.14.1",
        Some("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"),
        &["cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*"],
    );
    let report = scan_with(
        &[log4j],
        vec![adv(ghsa_log4shell()), adv(cve_2021_44228_nvd())],
    );
    assert_eq!(found(&report), ["log4j-core CVE-2021-44228"]);
    let finding = &report.findings[0];
    assert_eq!(finding.aliases, ["GHSA-jfh8-c2jp-5v3q"]);
    let mut sources: Vec<&str> = finding.evidence.iter().map(|e| e.source.as_str()).collect();
    sources.sort_unstable();
    assert_eq!(sources, ["nvd", "osv"]);
    assert_eq!(finding.confidence, Confidence::High);
    // The fix of the matched range (GHSA) and NVD's versionEndExcluding agree.
    assert_eq!(finding.fixed_versions, ["2.15.0"]);
}

#[test]
fn aliases_link_transitively() {
    // GHSA names the CVE; an Ubuntu record names only the GHSA: still one vulnerability.
    let ghsa = ghsa_log4shell();
    let mut other = ghsa_log4shell();
    other.id = "OTHER-1".to_owned();
    other.aliases = vec!["GHSA-jfh8-c2jp-5v3q".to_owned()];
    let log4j = component(
        "log4j-core",
        "2.14.1",
        Some("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"),
        &[],
    );
    let report = scan_with(&[log4j], vec![adv(other), adv(ghsa)]);
    assert_eq!(found(&report), ["log4j-core CVE-2021-44228"]);
    assert_eq!(
        report.findings[0].aliases,
        ["GHSA-jfh8-c2jp-5v3q", "OTHER-1"]
    );
}

#[test]
fn kev_and_epss_are_attached_by_cve() {
    let log4j = component(
        "log4j-core",
        "2.14.1",
        Some("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"),
        &[],
    );
    let epss = EpssScore {
        cve: "CVE-2021-44228".to_owned(),
        probability: 0.944,
        percentile: 0.999,
        date: None,
    };
    let report = scan_with(
        &[log4j],
        vec![
            adv(ghsa_log4shell()),
            Record::Kev(kev_log4shell()),
            Record::Epss(epss),
        ],
    );
    let finding = &report.findings[0];
    assert_eq!(
        finding.kev.as_ref().map(|k| k.date_added.as_str()),
        Some("2021-12-10")
    );
    assert_eq!(finding.epss.as_ref().map(|e| e.probability), Some(0.944));
    assert_eq!(finding.priority.tier, super::super::Tier::Immediate);
    assert_eq!(report.summary.kev, 1);
}

fn csaf(purls: &[&str], cpe: Option<&str>, status: ProductStatus) -> Advisory {
    Advisory {
        id: "ICSA-23-143-01".to_owned(),
        source: "csaf".to_owned(),
        aliases: vec!["CVE-2023-0286".to_owned()],
        affected: vec![Affected::Product(AffectedProduct {
            product_id: "CSAFPID-0001".to_owned(),
            full_name: "Example Gateway 2.1".to_owned(),
            purls: purls.iter().map(|p| (*p).to_owned()).collect(),
            cpe: cpe.map(str::to_owned),
            status,
            ..AffectedProduct::default()
        })],
        ..Advisory::default()
    }
}

#[test]
fn csaf_products_match_by_exact_purl_or_cpe_and_carry_their_status() {
    let gateway = component(
        "gateway",
        "2.1",
        Some("pkg:generic/example/gateway@2.1"),
        &["cpe:2.3:o:example:gateway_firmware:2.1:*:*:*:*:*:*:*"],
    );
    let other = component(
        "gateway",
        "2.2",
        Some("pkg:generic/example/gateway@2.2"),
        &["cpe:2.3:o:example:gateway_firmware:2.2:*:*:*:*:*:*:*"],
    );
    let by_purl = scan(
        &[gateway.clone(), other.clone()],
        &Everything(vec![csaf(
            &["pkg:generic/example/gateway@2.1"],
            None,
            ProductStatus::Fixed,
        )]),
    )
    .unwrap();
    assert_eq!(by_purl.findings.len(), 1);
    let finding = &by_purl.findings[0];
    assert_eq!(
        (finding.status, finding.confidence, finding.id.as_str()),
        (Status::Fixed, Confidence::High, "CVE-2023-0286")
    );
    assert_eq!(finding.evidence[0].identifier, Identifier::Product);

    let by_cpe = scan(
        &[gateway, other],
        &Everything(vec![csaf(
            &[],
            Some("cpe:2.3:o:example:gateway_firmware:2.1:*:*:*:*:*:*:*"),
            ProductStatus::KnownNotAffected,
        )]),
    )
    .unwrap();
    assert_eq!(by_cpe.findings.len(), 1);
    assert_eq!(by_cpe.findings[0].status, Status::NotAffected);
    assert!(
        !by_cpe.fail_on(super::super::FailOn::Low),
        "not affected never fails a scan"
    );
}
