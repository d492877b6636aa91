//! CPE matches and their traps, on real NVD configurations.

use super::super::Identifier;
use super::*;
use crate::model::Confidence;

fn openssl(version: &str) -> Component {
    component(
        &format!("openssl-{version}"),
        version,
        None,
        &[&format!(
            "cpe:2.3:a:openssl:openssl:{version}:*:*:*:*:*:*:*"
        )],
    )
}

#[test]
fn generic_version_order_decides_nvd_bounds() {
    // Text order would put 3.0.10 and 3.0.22 below 3.0.8 and 1.1.1k above 1.1.1t.
    let components = [
        openssl("3.0.7"),
        openssl("3.0.8"),
        openssl("3.0.10"),
        openssl("3.0.22"),
        openssl("1.1.1k"),
        openssl("1.1.1"),
        openssl("1.1.1t"),
    ];
    let report = scan_with(&components, vec![adv(cve_2023_0286_nvd())]);
    let mut names = found(&report);
    names.sort();
    assert_eq!(
        names,
        [
            "openssl-1.1.1 CVE-2023-0286",
            "openssl-1.1.1k CVE-2023-0286",
            "openssl-3.0.7 CVE-2023-0286"
        ]
    );
    let evidence = &report.findings[0].evidence[0];
    assert_eq!(
        (evidence.identifier, evidence.confidence),
        (Identifier::Cpe, Confidence::High)
    );
    assert!(
        evidence.range.as_deref().unwrap().starts_with(">="),
        "{evidence:?}"
    );
}

#[test]
fn a_javascript_package_named_openssl_is_not_openssl() {
    // https://www.npmjs.com/package/openssl: a wrapper script, not OpenSSL. Language packages
    // never get name-derived CPEs. (The version is chosen inside NVD's 3.0.0–3.0.8 range, so
    // only the rule keeps it out.)
    let npm = component("openssl", "3.0.1", Some("pkg:npm/openssl@3.0.1"), &[]);
    let pypi = component(
        "pyOpenSSL",
        "23.0.0",
        Some("pkg:pypi/pyopenssl@23.0.0"),
        &[],
    );
    let report = scan(&[npm, pypi], &Everything(vec![cve_2023_0286_nvd()])).unwrap();
    assert!(report.findings.is_empty(), "{:?}", found(&report));
}

#[test]
fn a_name_without_purl_gets_a_derived_cpe_at_low_confidence() {
    let report = scan_with(
        &[component("libssl", "3.0.7", None, &[])],
        vec![adv(cve_2023_0286_nvd())],
    );
    assert_eq!(found(&report), ["libssl CVE-2023-0286"]);
    let evidence = &report.findings[0].evidence[0];
    assert_eq!(
        (evidence.identifier, evidence.confidence),
        (Identifier::DerivedCpe, Confidence::Low)
    );
    assert_eq!(
        evidence.key,
        "cpe:2.3:a:openssl:openssl:3.0.7:*:*:*:*:*:*:*"
    );
}

#[test]
fn linux_is_the_kernel_only_where_the_distro_says_so() {
    let records = || vec![cve_2024_1086_nvd()];
    // A bare `linux` outside Debian/Ubuntu, and util-linux, are not the kernel.
    let bare = component("linux", "6.1.69", None, &[]);
    let util = component(
        "util-linux",
        "2.38.1",
        Some("pkg:deb/debian/util-linux@2.38.1-5?distro=debian-12"),
        &[],
    );
    assert!(
        scan(&[bare, util], &Everything(records()))
            .unwrap()
            .findings
            .is_empty()
    );
    // Debian's kernel source package is `linux`: derived linux:linux_kernel, Low.
    let debian = component(
        "linux",
        "6.1.69-1",
        Some("pkg:deb/debian/linux@6.1.69-1?distro=debian-12"),
        &[],
    );
    // The kernel's own CPE: High.
    let own = component(
        "kernel",
        "6.1.69",
        None,
        &["cpe:2.3:o:linux:linux_kernel:6.1.69:*:*:*:*:*:*:*"],
    );
    let fixed = component(
        "kernel-fixed",
        "6.1.76",
        None,
        &["cpe:2.3:o:linux:linux_kernel:6.1.76:*:*:*:*:*:*:*"],
    );
    let report = scan(&[debian, own, fixed], &Everything(records())).unwrap();
    let confidences: Vec<(String, Confidence)> = report
        .findings
        .iter()
        .map(|f| (f.component.name.clone(), f.confidence))
        .collect();
    assert_eq!(
        confidences,
        [
            ("kernel".to_owned(), Confidence::High),
            ("linux".to_owned(), Confidence::Low)
        ]
    );
}

#[test]
fn a_cpe_named_linux_linux_is_not_linux_kernel() {
    let wrong_product = component(
        "linux",
        "6.1.69",
        None,
        &["cpe:2.3:o:linux:linux:6.1.69:*:*:*:*:*:*:*"],
    );
    assert!(
        scan(&[wrong_product], &Everything(vec![cve_2024_1086_nvd()]))
            .unwrap()
            .findings
            .is_empty()
    );
}

#[test]
fn a_hardware_platform_in_an_and_configuration_is_checked_against_the_sbom() {
    let firmware = |version: &str| {
        component(
            &format!("e810-firmware-{version}"),
            version,
            None,
            &[&format!(
                "cpe:2.3:o:intel:ethernet_controller_e810_firmware:{version}:*:*:*:*:linux:*:*"
            )],
        )
    };
    let hardware = component(
        "e810",
        "-",
        None,
        &["cpe:2.3:h:intel:ethernet_controller_e810:-:*:*:*:*:*:*:*"],
    );

    // Without the hardware in the SBOM: Medium, with a note naming the platform.
    let alone = scan_with(
        &[firmware("1.4.0"), firmware("1.4.11")],
        vec![adv(cve_2021_0002_nvd())],
    );
    assert_eq!(found(&alone), ["e810-firmware-1.4.0 CVE-2021-0002"]);
    let evidence = &alone.findings[0].evidence[0];
    assert_eq!(evidence.confidence, Confidence::Medium);
    assert!(
        evidence
            .notes
            .iter()
            .any(|n| n.contains("cpe:2.3:h:intel:ethernet_controller_e810:-")),
        "{evidence:?}"
    );

    // With it: High. The hardware itself (a `vulnerable: false` criterion) is never a finding.
    let together = scan(
        &[firmware("1.4.0"), hardware],
        &Everything(vec![cve_2021_0002_nvd()]),
    )
    .unwrap();
    assert_eq!(found(&together), ["e810-firmware-1.4.0 CVE-2021-0002"]);
    assert_eq!(together.findings[0].confidence, Confidence::High);
}

#[test]
fn a_record_without_configuration_never_matches_by_cpe() {
    // NVD records awaiting analysis carry no configuration.
    let mut record = cve_2023_0286_nvd();
    record.affected.clear();
    let report = scan(
        &[openssl("3.0.7"), component("libssl", "3.0.7", None, &[])],
        &Everything(vec![record]),
    )
    .unwrap();
    assert!(report.findings.is_empty());
}

#[test]
fn negated_nodes_invert_their_result() {
    let mut record = cve_2023_0286_nvd();
    let crate::model::Affected::Cpe(configuration) = &mut record.affected[0] else {
        unreachable!()
    };
    configuration.nodes[0].negate = true;
    assert!(
        scan_with(&[openssl("3.0.7")], vec![adv(record)])
            .findings
            .is_empty()
    );
}

#[test]
fn a_criterion_narrowing_target_sw_leaves_an_open_component_cpe_at_medium() {
    let open = component(
        "fw",
        "1.4.0",
        None,
        &["cpe:2.3:o:intel:ethernet_controller_e810_firmware:1.4.0:*:*:*:*:*:*:*"],
    );
    let hardware = component(
        "e810",
        "-",
        None,
        &["cpe:2.3:h:intel:ethernet_controller_e810:-:*:*:*:*:*:*:*"],
    );
    let report = scan_with(&[open, hardware], vec![adv(cve_2021_0002_nvd())]);
    let evidence = &report.findings[0].evidence[0];
    assert_eq!(evidence.confidence, Confidence::Medium);
    assert!(
        evidence.notes[0].contains("target_sw linux"),
        "{evidence:?}"
    );
}

#[test]
fn a_component_without_version_gets_a_note_for_bounded_criteria() {
    let mut versionless = component(
        "openssl",
        "",
        None,
        &["cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*"],
    );
    versionless.version = None;
    let report = scan_with(&[versionless], vec![adv(cve_2023_0286_nvd())]);
    assert!(report.findings.is_empty());
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.message.contains("no version")),
        "{:?}",
        report.notes
    );
}
