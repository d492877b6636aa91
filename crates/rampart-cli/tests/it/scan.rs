//! `rampart scan`: the example plant's SBOMs against its bundled advisories.

use std::path::{Path, PathBuf};

use crate::common::{Run, rampart};

fn repo(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
        .display()
        .to_string()
}

/// An index holding the example's advisories (NVD, Debian tracker, KEV).
fn index(dir: &Path) -> PathBuf {
    let db = dir.join("advisories.redb");
    let run = rampart(&[
        "db",
        "--db",
        db.to_str().unwrap(),
        "import",
        &repo("examples/water-treatment/advisories"),
    ]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    db
}

fn scan(db: &Path, sbom: &str, extra: &[&str]) -> Run {
    let sbom = repo(&format!("examples/water-treatment/sboms/{sbom}"));
    let mut args = vec![
        "scan",
        "--db",
        db.to_str().unwrap(),
        &sbom,
        "--width",
        "160",
    ];
    args.extend_from_slice(extra);
    rampart(&args)
}

/// Paths differ per machine: keep only the file name.
fn filtered(text: &str) -> String {
    text.replace(&repo("examples/water-treatment/sboms/"), "")
}

#[test]
fn upstream_builds_match_by_cpe_range_and_the_table_ranks_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = index(dir.path());
    let run = scan(&db, "ra-ewon.cdx.json", &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    insta::assert_snapshot!(filtered(&run.transcript()));
}

#[test]
fn a_known_exploited_vulnerability_trips_fail_on_kev_and_a_look_alike_does_not_match() {
    let dir = tempfile::tempdir().unwrap();
    let db = index(dir.path());
    let run = scan(
        &db,
        "sw-intake.cdx.json",
        &["--fail-on", "kev", "--format", "json"],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["schema"], "rampart.scan/1");
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["id"], "CVE-2014-0160");
    assert_eq!(findings[0]["component"]["name"], "openssl");
    // pyopenssl is named like OpenSSL but is a Python package: no finding.
    assert!(
        findings
            .iter()
            .all(|f| f["component"]["name"] != "pyopenssl")
    );
    // Without the threshold the same scan passes.
    assert_eq!(scan(&db, "sw-intake.cdx.json", &[]).code, 0);
    // High also trips (Heartbleed is 7.5); critical does not.
    assert_eq!(
        scan(&db, "sw-intake.cdx.json", &["--fail-on", "critical"]).code,
        0
    );
    assert_eq!(
        scan(&db, "sw-intake.cdx.json", &["--fail-on", "critical,high"]).code,
        1
    );
}

#[test]
fn debian_packages_are_judged_by_debians_fixed_versions() {
    let dir = tempfile::tempdir().unwrap();
    let db = index(dir.path());
    let run = scan(&db, "vpn-telemetry.cdx.json", &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let ids: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    // openssh 1:9.2p1-2+deb12u2 is below Debian's fix; curl 7.88.1-10+deb12u4 carries the
    // backported fix although upstream's range covers 7.88.1.
    assert_eq!(ids, ["CVE-2024-6387"]);
    let notes = report["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n["message"].as_str().unwrap().contains("haxx:curl")),
        "{notes:?}"
    );
}

#[test]
fn vex_and_triage_set_statuses_and_every_output_format_is_produced() {
    let dir = tempfile::tempdir().unwrap();
    let db = index(dir.path());
    let vex = dir.path().join("vex.json");
    std::fs::write(
        &vex,
        r#"{"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/1",
            "author": "Example PSIRT", "timestamp": "2024-03-01T00:00:00Z", "version": 1,
            "statements": [{"vulnerability": {"name": "CVE-2023-0286"},
              "products": [{"@id": "pkg:generic/openssl"}], "status": "not_affected",
              "justification": "vulnerable_code_not_in_execute_path"}]}"#,
    )
    .unwrap();
    let run = scan(
        &db,
        "ra-ewon.cdx.json",
        &["--vex", vex.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "CVE-2023-0286")
        .unwrap();
    assert_eq!(finding["status"], "not_affected");
    assert_eq!(finding["analysis"]["source"], "vex");

    for (format, marker) in [
        ("sarif", "\"version\": \"2.1.0\""),
        ("openvex", "openvex.dev/ns/v0.2.0"),
        ("cyclonedx-vex", "\"bomFormat\": \"CycloneDX\""),
        ("csaf-vex", "\"category\": \"csaf_vex\""),
    ] {
        let run = scan(&db, "ra-ewon.cdx.json", &["--format", format]);
        assert_eq!(run.code, 0, "{format}: {}", run.transcript());
        assert!(run.stdout.contains(marker), "{format}: {}", run.stdout);
    }
    // CycloneDX VEX points back at the SBOM's own bom-refs.
    let run = scan(&db, "ra-ewon.cdx.json", &["--format", "cyclonedx-vex"]);
    assert!(
        run.stdout.contains("\"ref\": \"curl@7.74.0\""),
        "{}",
        run.stdout
    );
}

#[test]
fn a_missing_index_and_a_bad_sbom_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.redb");
    let run = scan(&missing, "ra-ewon.cdx.json", &[]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("rampart db import"), "{}", run.stderr);
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"bomFormat\": \"CycloneDX\", \"specVersion\": 1.6").unwrap();
    let db = index(dir.path());
    let run = rampart(&["scan", "--db", db.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("bad.json:1:"), "{}", run.stderr);
}

#[test]
fn system_vulns_ranks_the_example_plants_findings_by_exposure() {
    let dir = tempfile::tempdir().unwrap();
    let db = index(dir.path());
    let run = rampart(&[
        "system",
        "vulns",
        &repo("examples/water-treatment/system.yaml"),
        "--db",
        db.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["schema"], "rampart.system.vulns/1");
    assert_eq!(report["scanned"].as_array().unwrap().len(), 3);
    let ranked = report["vulnerabilities"].as_array().unwrap();
    // Heartbleed (KEV) on the intake switch first: reachable from the remote-access zone.
    assert_eq!(ranked[0]["id"], "CVE-2014-0160");
    assert_eq!(ranked[0]["asset"], "sw-intake");
    assert_eq!(ranked[0]["exposure"], "internet");
    let priorities: Vec<f64> = ranked
        .iter()
        .map(|v| v["priority"].as_f64().unwrap())
        .collect();
    assert!(
        priorities.windows(2).all(|w| w[0] >= w[1]),
        "{priorities:?}"
    );
    let switch = report["assets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["asset"] == "sw-intake")
        .unwrap();
    assert!(
        switch["reached_from"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["zone"] == "remote-access" && r["external_entry"] == true)
    );
}

#[test]
fn the_gap_report_lists_assets_whose_capability_known_vulnerabilities_undermine() {
    let dir = tempfile::tempdir().unwrap();
    let db = index(dir.path());
    let model = repo("examples/water-treatment/system.yaml");
    let gap = |extra: &[&str]| {
        let mut args = vec![
            "system",
            "gap",
            model.as_str(),
            "--db",
            db.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        rampart(&args)
    };
    let run = gap(&["--vulns", "--format", "json", "--fail-on", "vulns"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let undermined = report["undermined_capability"].as_array().unwrap();
    let assets: Vec<&str> = undermined
        .iter()
        .map(|u| u["asset"].as_str().unwrap())
        .collect();
    assert_eq!(assets, ["ra-ewon", "sw-intake", "vpn-telemetry"]);
    assert_eq!(
        undermined[1]["vulnerabilities"],
        serde_json::json!([{"id": "CVE-2014-0160", "kev": true}])
    );
    // Without --vulns the report is unchanged and `--fail-on vulns` is refused.
    let plain = gap(&["--format", "json"]);
    assert!(plain.stdout.find("undermined_capability").is_none());
    let refused = gap(&["--fail-on", "vulns"]);
    assert_eq!(refused.code, 2);
    assert!(
        refused.stderr.contains("needs `--vulns`"),
        "{}",
        refused.stderr
    );
}

#[test]
fn system_vulns_analyses_an_assets_firmware_when_it_has_no_sbom() {
    let dir = tempfile::tempdir().unwrap();
    let db = index(dir.path());
    let plant = dir.path().join("plant");
    std::fs::create_dir_all(plant.join("sboms")).unwrap();
    for name in ["ra-ewon.cdx.json", "vpn-telemetry.cdx.json"] {
        std::fs::copy(
            repo(&format!("examples/water-treatment/sboms/{name}")),
            plant.join("sboms").join(name),
        )
        .unwrap();
    }
    let model = std::fs::read_to_string(repo("examples/water-treatment/system.yaml")).unwrap();
    let model = model.replace(
        "sbom: sboms/sw-intake.cdx.json",
        "firmware: sw-intake-rootfs",
    );
    std::fs::write(plant.join("system.yaml"), model).unwrap();
    let rootfs = plant.join("sw-intake-rootfs");
    std::fs::create_dir_all(rootfs.join("etc")).unwrap();
    std::fs::create_dir_all(rootfs.join("var/lib/dpkg")).unwrap();
    std::fs::write(
        rootfs.join("etc/os-release"),
        "ID=debian\nVERSION_ID=\"12\"\n",
    )
    .unwrap();
    std::fs::write(
        rootfs.join("var/lib/dpkg/status"),
        "Package: openssl\nStatus: install ok installed\nArchitecture: amd64\nVersion: 3.0.11-1~deb12u2\n\n",
    )
    .unwrap();
    let run = rampart(&[
        "system",
        "vulns",
        plant.join("system.yaml").to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let switch = report["scanned"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["asset"] == "sw-intake")
        .expect("the switch is scanned from its firmware");
    assert_eq!(switch["firmware"], "sw-intake-rootfs");
    // openssl from the dpkg database, and the image itself (the SBOM's subject).
    assert_eq!(switch["components"], 2);
}

/// A CycloneDX VEX statement limited by `affects[].versions[]` applies only to the
/// component versions it names: two openssl builds in one SBOM, both in CVE-2023-0286's
/// range, and a statement about one of them.
#[test]
fn a_versioned_cyclonedx_vex_statement_applies_only_to_the_versions_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let db = index(dir.path());
    let sbom = dir.path().join("two-openssl.cdx.json");
    let component = |version: &str| {
        format!(
            r#"{{"type": "library", "bom-ref": "openssl@{version}", "name": "openssl",
                "version": "{version}", "purl": "pkg:generic/openssl@{version}",
                "cpe": "cpe:2.3:a:openssl:openssl:{version}:*:*:*:*:*:*:*"}}"#
        )
    };
    std::fs::write(
        &sbom,
        format!(
            r#"{{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
                "components": [{}, {}]}}"#,
            component("1.1.1k"),
            component("1.1.1n")
        ),
    )
    .unwrap();
    let vex = dir.path().join("vex.cdx.json");
    let statuses = |versions: &str| {
        std::fs::write(
            &vex,
            format!(
                r#"{{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
                "components": [{{"type": "library", "name": "openssl", "bom-ref": "ossl",
                                 "purl": "pkg:generic/openssl"}}],
                "vulnerabilities": [{{"id": "CVE-2023-0286",
                  "analysis": {{"state": "not_affected", "justification": "code_not_reachable",
                               "lastUpdated": "2024-03-01T00:00:00Z"}},
                  "affects": [{{"ref": "ossl", "versions": {versions}}}]}}]}}"#
            ),
        )
        .unwrap();
        let run = rampart(&[
            "scan",
            "--db",
            db.to_str().unwrap(),
            sbom.to_str().unwrap(),
            "--vex",
            vex.to_str().unwrap(),
            "--format",
            "json",
        ]);
        assert_eq!(run.code, 0, "{}", run.transcript());
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let mut found: Vec<(String, String)> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["id"] == "CVE-2023-0286")
            .map(|f| {
                (
                    f["component"]["version"].as_str().unwrap().to_owned(),
                    f["status"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        found.sort();
        found
    };
    let pair = |k: &str, n: &str| {
        vec![
            ("1.1.1k".to_owned(), k.to_owned()),
            ("1.1.1n".to_owned(), n.to_owned()),
        ]
    };
    assert_eq!(
        statuses(r#"[{"version": "1.1.1k"}]"#),
        pair("not_affected", "affected"),
        "a statement for 1.1.1k leaves 1.1.1n affected"
    );
    assert_eq!(
        statuses(r#"[{"range": "vers:openssl/>=1.1.1l|<1.1.1t"}]"#),
        pair("affected", "not_affected"),
        "the range holds 1.1.1n only"
    );
    assert_eq!(
        statuses(r#"[{"version": "1.1.1n", "status": "unknown"}]"#),
        pair("affected", "under_investigation")
    );
    // A bad range is an error naming the file and the place of the range.
    let run = {
        std::fs::write(
            &vex,
            r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
  "vulnerabilities": [{"id": "CVE-2023-0286", "analysis": {"state": "not_affected"},
  "affects": [{"ref": "pkg:generic/openssl", "versions": [{"range": "vers:openssl/>=x|"}]}]}]}"#,
        )
        .unwrap();
        rampart(&[
            "scan",
            "--db",
            db.to_str().unwrap(),
            sbom.to_str().unwrap(),
            "--vex",
            vex.to_str().unwrap(),
        ])
    };
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("vex.cdx.json:3:69: /vulnerabilities/0/affects/0/versions/0/range"),
        "{}",
        run.stderr
    );
}
