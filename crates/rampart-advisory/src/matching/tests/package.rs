//! Package matches: ecosystem, distro release, ecosystem version order, source packages.

use super::super::Identifier;
use super::*;
use crate::model::{Confidence, OsvRange, RangeKind};

#[test]
fn a_debian_record_judges_the_package_of_its_own_release_only() {
    let bullseye_old = component(
        "openssl",
        "1.1.1n-0+deb11u3",
        Some("pkg:deb/debian/openssl@1.1.1n-0+deb11u3?distro=debian-11"),
        &[],
    );
    let bullseye_fixed = component(
        "openssl",
        "1.1.1n-0+deb11u4",
        Some("pkg:deb/debian/openssl@1.1.1n-0+deb11u4?distro=bullseye"),
        &[],
    );
    // 3.0.7 is below bookworm's fixed 3.0.8-1 but the record's Debian:11 range must not judge it
    // by 1.1.1n-0+deb11u4 (which it is above): only Debian:12's range applies.
    let bookworm_old = component(
        "openssl3",
        "3.0.7-1",
        Some("pkg:deb/debian/openssl@3.0.7-1?distro=debian-12"),
        &[],
    );
    let report = scan_with(
        &[bullseye_old, bullseye_fixed, bookworm_old],
        vec![adv(debian_cve_2023_0286())],
    );
    assert_eq!(
        found(&report),
        ["openssl CVE-2023-0286", "openssl3 CVE-2023-0286"]
    );
    let evidence = &report
        .findings
        .iter()
        .find(|f| f.component.name == "openssl3")
        .unwrap()
        .evidence[0];
    assert_eq!(evidence.matched, "Debian:12/openssl");
    assert_eq!(evidence.confidence, Confidence::High);
    assert_eq!(report.findings[0].fixed_versions.len(), 1);
}

#[test]
fn a_release_mismatch_is_no_match_even_when_the_version_is_below_the_fix() {
    // 1.1.1n-0+deb11u3 < 3.0.8-1, yet a Debian 12 range says nothing of a Debian 11 package.
    let record = osv(
        "DEBIAN-CVE-2023-0286",
        &["CVE-2023-0286"],
        vec![package(
            "Debian:12",
            "openssl",
            vec![introduced("0"), fixed("3.0.8-1")],
        )],
    );
    let bullseye = component(
        "openssl",
        "1.1.1n-0+deb11u3",
        Some("pkg:deb/debian/openssl@1.1.1n-0+deb11u3?distro=debian-11"),
        &[],
    );
    assert!(
        scan_with(&[bullseye], vec![adv(record)])
            .findings
            .is_empty()
    );
}

#[test]
fn ubuntu_and_alpine_releases_map_from_the_distro_qualifier() {
    let jammy = component(
        "openssl",
        "3.0.2-0ubuntu1.7",
        Some("pkg:deb/ubuntu/openssl@3.0.2-0ubuntu1.7?distro=ubuntu-22.04"),
        &[],
    );
    let jammy_fixed = component(
        "openssl-fixed",
        "3.0.2-0ubuntu1.8",
        Some("pkg:deb/ubuntu/openssl@3.0.2-0ubuntu1.8?distro=ubuntu-22.04"),
        &[],
    );
    let focal = component(
        "openssl-focal",
        "1.1.1f-1ubuntu2",
        Some("pkg:deb/ubuntu/openssl@1.1.1f-1ubuntu2?distro=ubuntu-20.04"),
        &[],
    );
    let alpine = component(
        "openssl-apk",
        "3.0.7-r2",
        Some("pkg:apk/alpine/openssl@3.0.7-r2?distro=alpine-3.17.1"),
        &[],
    );
    let alpine_fixed = component(
        "openssl-apk-fixed",
        "3.0.8-r0",
        Some("pkg:apk/alpine/openssl@3.0.8-r0?distro=alpine-3.17"),
        &[],
    );
    let report = scan_with(
        &[jammy, jammy_fixed, focal, alpine, alpine_fixed],
        vec![adv(ubuntu_cve_2023_0286()), adv(alpine_cve_2023_0286())],
    );
    let mut names = found(&report);
    names.sort();
    assert_eq!(
        names,
        ["openssl CVE-2023-0286", "openssl-apk CVE-2023-0286"]
    );
}

#[test]
fn a_distro_purl_without_release_matches_at_medium_with_a_note() {
    let unknown_release = component(
        "openssl",
        "1.1.1n-0+deb11u3",
        Some("pkg:deb/debian/openssl@1.1.1n-0+deb11u3"),
        &[],
    );
    let report = scan_with(&[unknown_release], vec![adv(debian_cve_2023_0286())]);
    let finding = &report.findings[0];
    assert_eq!(finding.confidence, Confidence::Medium);
    assert!(
        finding.evidence[0].notes[0].contains("no distro qualifier"),
        "{:?}",
        finding.evidence
    );
}

#[test]
fn a_binary_package_matches_through_its_source_package() {
    let libssl = |version: &str| {
        component(
            "libssl1.1",
            version,
            Some(&format!(
                "pkg:deb/debian/libssl1.1@{version}?arch=amd64&distro=debian-11&upstream=openssl"
            )),
            &[],
        )
    };
    let report = scan_with(
        &[libssl("1.1.1n-0+deb11u3"), libssl("1.1.1n-0+deb11u4")],
        vec![adv(debian_cve_2023_0286())],
    );
    assert_eq!(found(&report), ["libssl1.1 CVE-2023-0286"]);
    let evidence = &report.findings[0].evidence[0];
    assert_eq!(evidence.identifier, Identifier::SourcePackage);
    assert_eq!(
        evidence.key,
        "source package openssl of pkg:deb/debian/libssl1.1@1.1.1n-0+deb11u3?arch=amd64&distro=debian-11&upstream=openssl"
    );
    assert_eq!(
        report.findings[0].component.version.as_deref(),
        Some("1.1.1n-0+deb11u3")
    );
}

#[test]
fn rpm_source_rpm_names_give_the_source_package_and_version() {
    let purl = "pkg:rpm/redhat/openssl-libs@3.0.7-24.el9?arch=x86_64&upstream=openssl-3.0.7-24.el9.src.rpm";
    let openssl_libs = component("openssl-libs", "3.0.7-24.el9", Some(purl), &[]);
    let identity = super::super::identity::Identity::of(&openssl_libs);
    let source = &identity.packages[1];
    assert_eq!(
        (source.name.as_str(), source.version.as_deref()),
        ("openssl", Some("3.0.7-24.el9"))
    );
}

#[test]
fn an_rpm_purl_s_epoch_qualifier_is_part_of_its_version() {
    let purl = "pkg:rpm/rocky/libcurl@7.76.1-26.el9?arch=x86_64&epoch=1&upstream=curl-7.76.1-26.el9.src.rpm";
    let libcurl = component("libcurl", "1:7.76.1-26.el9", Some(purl), &[]);
    let identity = super::super::identity::Identity::of(&libcurl);
    let versions: Vec<_> = identity
        .packages
        .iter()
        .map(|p| (p.name.as_str(), p.version.as_deref()))
        .collect();
    assert_eq!(
        versions,
        [
            ("libcurl", Some("1:7.76.1-26.el9")),
            ("curl", Some("1:7.76.1-26.el9"))
        ]
    );
    // Epoch 0 is no epoch; a version that names its own epoch keeps it; other types ignore
    // the qualifier.
    for (purl, expected) in [
        ("pkg:rpm/rocky/a@1.0-1?epoch=0", "1.0-1"),
        ("pkg:rpm/rocky/a@2:1.0-1?epoch=1", "2:1.0-1"),
        ("pkg:deb/debian/a@1.0-1?epoch=1", "1.0-1"),
    ] {
        let c = component("a", "1.0-1", Some(purl), &[]);
        assert_eq!(
            super::super::identity::Identity::of(&c).packages[0]
                .version
                .as_deref(),
            Some(expected),
            "{purl}"
        );
    }
}

#[test]
fn versions_compare_by_the_ecosystem_order_not_as_text() {
    // Maven orders 2.3.1 after 2.0-beta9 and 2.12.1 after 2.4; as text "2.12.1" < "2.4".
    let core = |version: &str| {
        component(
            &format!("log4j-core-{version}"),
            version,
            Some(&format!(
                "pkg:maven/org.apache.logging.log4j/log4j-core@{version}"
            )),
            &[],
        )
    };
    let report = scan_with(
        &[
            core("2.12.1"),
            core("2.12.2"),
            core("2.14.1"),
            core("2.15.0"),
            core("2.0-beta8"),
        ],
        vec![adv(ghsa_log4shell())],
    );
    let mut names = found(&report);
    names.sort();
    assert_eq!(
        names,
        [
            "log4j-core-2.12.1 CVE-2021-44228",
            "log4j-core-2.14.1 CVE-2021-44228"
        ]
    );
}

#[test]
fn an_unparseable_version_is_a_note_never_a_text_comparison() {
    let broken = component(
        "jinja2",
        "not.a version",
        Some("pkg:pypi/jinja2@not.a%20version"),
        &[],
    );
    let report = scan_with(&[broken], vec![adv(ghsa_jinja2())]);
    assert!(report.findings.is_empty());
    assert_eq!(report.notes.len(), 1);
    assert!(
        report.notes[0].message.contains("not.a version"),
        "{:?}",
        report.notes
    );
    assert_eq!(report.notes[0].record, "osv:GHSA-h5c8-rqwp-cp95");
}

#[test]
fn pypi_names_match_after_pep_503_normalisation() {
    let report = scan_with(
        &[component(
            "Jinja2",
            "3.1.2",
            Some("pkg:pypi/Jinja2@3.1.2"),
            &[],
        )],
        vec![adv(ghsa_jinja2())],
    );
    assert_eq!(found(&report), ["Jinja2 CVE-2024-22195"]);
}

#[test]
fn git_ranges_are_never_evaluated_and_versions_lists_match_exactly() {
    let mut record = ghsa_jinja2();
    let crate::model::Affected::Package(package) = &mut record.affected[0] else {
        unreachable!()
    };
    package.ranges = vec![OsvRange {
        kind: RangeKind::Git,
        events: vec![
            introduced("0"),
            fixed("716795349a41d4983a9a4771f7d883c96ea17be7"),
        ],
    }];
    package.versions = vec!["3.1.2".to_owned()];
    let report = scan_with(
        &[
            component("a", "3.1.2", Some("pkg:pypi/jinja2@3.1.2"), &[]),
            component("b", "3.1.1", Some("pkg:pypi/jinja2@3.1.1"), &[]),
        ],
        vec![adv(record)],
    );
    assert_eq!(found(&report), ["a CVE-2024-22195"]);
}

#[test]
fn semver_ranges_use_semver_in_any_ecosystem() {
    let mut record = ghsa_jinja2();
    let crate::model::Affected::Package(package) = &mut record.affected[0] else {
        unreachable!()
    };
    package.ranges[0].kind = RangeKind::Semver;
    package.ranges[0].events = vec![introduced("0"), fixed("3.10.0")];
    // By semver 3.9.0 < 3.10.0; as text it would be after.
    let report = scan_with(
        &[component(
            "jinja2",
            "3.9.0",
            Some("pkg:pypi/jinja2@3.9.0"),
            &[],
        )],
        vec![adv(record)],
    );
    assert_eq!(found(&report), ["jinja2 CVE-2024-22195"]);
}

#[test]
fn withdrawn_records_never_match() {
    let mut record = ghsa_jinja2();
    record.withdrawn = Some("2024-02-01T00:00:00Z".to_owned());
    let mut nvd_record = cve_2023_0286_nvd();
    nvd_record.withdrawn = Some("2024-02-01T00:00:00Z".to_owned());
    let components = [
        component("jinja2", "3.1.2", Some("pkg:pypi/jinja2@3.1.2"), &[]),
        component(
            "openssl",
            "3.0.7",
            None,
            &["cpe:2.3:a:openssl:openssl:3.0.7:*:*:*:*:*:*:*"],
        ),
    ];
    let report = scan(&components, &Everything(vec![record, nvd_record])).unwrap();
    assert!(report.findings.is_empty(), "{:?}", found(&report));
}

/// GHSA-3h57-hmj3-gj3p (CVE-2023-27530, rack multipart DoS), its ranges as OSV's RubyGems
/// record gives them: <https://osv.dev/vulnerability/GHSA-3h57-hmj3-gj3p>.
fn ghsa_rack_multipart() -> Advisory {
    osv(
        "GHSA-3h57-hmj3-gj3p",
        &["CVE-2023-27530"],
        vec![AffectedPackage {
            ranges: vec![
                OsvRange {
                    kind: RangeKind::Ecosystem,
                    events: vec![introduced("0"), fixed("2.0.9.3")],
                },
                OsvRange {
                    kind: RangeKind::Ecosystem,
                    events: vec![introduced("2.1.0"), fixed("2.1.4.3")],
                },
                OsvRange {
                    kind: RangeKind::Ecosystem,
                    events: vec![introduced("2.2.0"), fixed("2.2.6.3")],
                },
                OsvRange {
                    kind: RangeKind::Ecosystem,
                    events: vec![introduced("3.0.0"), fixed("3.0.4.2")],
                },
            ],
            ..package("RubyGems", "rack", Vec::new())
        }],
    )
}

#[test]
fn rubygems_records_judge_gems_by_rubygems_order() {
    let gem = |version: &str| {
        component(
            &format!("rack-{version}"),
            version,
            Some(&format!("pkg:gem/rack@{version}")),
            &[],
        )
    };
    // 2.2.6.2 is below the fix; 3.0.0.beta1 is a pre-release of 3.0.0, so before the
    // 3.0.0 range opens and after 2.2.6.3; 2.0.9.10 is after 2.0.9.3 numerically.
    let report = scan_with(
        &[
            gem("2.2.6.2"),
            gem("2.2.6.3"),
            gem("3.0.0.beta1"),
            gem("3.0.4.1"),
            gem("2.0.9.10"),
        ],
        vec![adv(ghsa_rack_multipart())],
    );
    assert_eq!(
        found(&report),
        ["rack-2.2.6.2 CVE-2023-27530", "rack-3.0.4.1 CVE-2023-27530"],
        "{:?}",
        report.notes
    );
    assert!(report.notes.is_empty(), "{:?}", report.notes);
}

/// GHSA-h7vf-5wrv-9fhv (CVE-2022-24894, Symfony HttpCache storing cookie headers), the
/// range of its 6.2 branch as OSV's Packagist record gives it:
/// <https://osv.dev/vulnerability/GHSA-h7vf-5wrv-9fhv>.
fn ghsa_symfony_http_cache() -> Advisory {
    osv(
        "GHSA-h7vf-5wrv-9fhv",
        &["CVE-2022-24894"],
        vec![package(
            "Packagist",
            "symfony/http-kernel",
            vec![introduced("6.2.0"), fixed("6.2.6")],
        )],
    )
}

#[test]
fn packagist_records_judge_composer_packages_by_php_order() {
    let kernel = |version: &str| {
        component(
            &format!("http-kernel-{version}"),
            version,
            Some(&format!("pkg:composer/symfony/http-kernel@{version}")),
            &[],
        )
    };
    // Composer writes a leading v; 6.2.10 is after 6.2.6 numerically; 6.2.0RC1 is before 6.2.0.
    let report = scan_with(
        &[
            kernel("v6.2.5"),
            kernel("6.2.6"),
            kernel("6.2.10"),
            kernel("6.2.0RC1"),
        ],
        vec![adv(ghsa_symfony_http_cache())],
    );
    assert_eq!(
        found(&report),
        ["http-kernel-v6.2.5 CVE-2022-24894"],
        "{:?}",
        report.notes
    );
    assert!(report.notes.is_empty(), "{:?}", report.notes);
}

/// RSEC-2023-0 (readxl's bundled libxls, CVE-2017-2896 and others), its range as the R
/// Consortium's OSV record gives it:
/// <https://github.com/RConsortium/r-advisory-database/blob/main/vulns/readxl/RSEC-2023-0.yaml>.
fn rsec_readxl_libxls() -> Advisory {
    osv(
        "RSEC-2023-0",
        &["CVE-2017-2896"],
        vec![package(
            "CRAN",
            "readxl",
            vec![introduced("0.1.0"), fixed("1.1.0")],
        )],
    )
}

#[test]
fn cran_records_judge_r_packages_by_r_order() {
    let readxl = |version: &str| {
        component(
            &format!("readxl-{version}"),
            version,
            Some(&format!("pkg:cran/readxl@{version}")),
            &[],
        )
    };
    // R reads `-` as `.` (1.0-2 = 1.0.2, inside); 0.1 is before 0.1.0 (fewer numbers), so
    // before the range opens; 1.1 is before 1.1.0 too, so still inside; 1.1.0 is the fix.
    let report = scan_with(
        &[
            readxl("1.0-2"),
            readxl("0.1"),
            readxl("1.1"),
            readxl("1.1.0"),
            readxl("1.4.3"),
        ],
        vec![adv(rsec_readxl_libxls())],
    );
    assert_eq!(
        found(&report),
        ["readxl-1.0-2 CVE-2017-2896", "readxl-1.1 CVE-2017-2896"],
        "{:?}",
        report.notes
    );
    assert!(report.notes.is_empty(), "{:?}", report.notes);
}

/// HSEC-2023-0001 (CVE-2022-3433, hash flooding in aeson), its range as the Haskell
/// Security Response Team's advisory gives it:
/// <https://github.com/haskell/security-advisories/blob/main/advisories/published/2023/HSEC-2023-0001.md>
/// (OSV: <https://osv.dev/vulnerability/HSEC-2023-0001>).
fn hsec_aeson_hash_flooding() -> Advisory {
    osv(
        "HSEC-2023-0001",
        &["CVE-2022-3433"],
        vec![package(
            "Hackage",
            "aeson",
            vec![introduced("0.4.0.0"), fixed("2.0.1.0")],
        )],
    )
}

#[test]
fn hackage_records_judge_haskell_packages_by_pvp_order() {
    let aeson = |version: &str| {
        component(
            &format!("aeson-{version}"),
            version,
            Some(&format!("pkg:hackage/aeson@{version}")),
            &[],
        )
    };
    // Cabal orders versions as lists: 2.0.1 is before 2.0.1.0 (inside), 0.4 before 0.4.0.0
    // (outside), 2.0.0.10 after 2.0.0.9 numerically (inside).
    let report = scan_with(
        &[
            aeson("2.0.1"),
            aeson("0.4"),
            aeson("2.0.0.10"),
            aeson("2.0.1.0"),
            aeson("2.2.3.0"),
        ],
        vec![adv(hsec_aeson_hash_flooding())],
    );
    assert_eq!(
        found(&report),
        ["aeson-2.0.0.10 CVE-2022-3433", "aeson-2.0.1 CVE-2022-3433"],
        "{:?}",
        report.notes
    );
    assert!(report.notes.is_empty(), "{:?}", report.notes);
}

/// GHSA-4rgh-jx4f-qfcq (CVE-2020-35669, header injection in Dart's http before 0.13.3), its
/// range as OSV's Pub record gives it: <https://osv.dev/vulnerability/GHSA-4rgh-jx4f-qfcq>.
fn ghsa_dart_http_header_injection() -> Advisory {
    osv(
        "GHSA-4rgh-jx4f-qfcq",
        &["CVE-2020-35669"],
        vec![package(
            "Pub",
            "http",
            vec![introduced("0"), fixed("0.13.3")],
        )],
    )
}

#[test]
fn pub_records_judge_dart_packages_by_pub_semver_order() {
    let http = |version: &str| {
        component(
            &format!("http-{version}"),
            version,
            Some(&format!("pkg:pub/http@{version}")),
            &[],
        )
    };
    // 0.13.3-nullsafety.0 is a pre-release of the fix, so inside; 0.13.2+1 (build metadata)
    // is after 0.13.2 and before 0.13.3; 0.13.3+1 is after the fix.
    let report = scan_with(
        &[
            http("0.13.0"),
            http("0.13.3-nullsafety.0"),
            http("0.13.2+1"),
            http("0.13.3"),
            http("0.13.3+1"),
            http("1.2.0"),
        ],
        vec![adv(ghsa_dart_http_header_injection())],
    );
    assert_eq!(
        found(&report),
        [
            "http-0.13.0 CVE-2020-35669",
            "http-0.13.2+1 CVE-2020-35669",
            "http-0.13.3-nullsafety.0 CVE-2020-35669"
        ],
        "{:?}",
        report.notes
    );
    assert!(report.notes.is_empty(), "{:?}", report.notes);
}
