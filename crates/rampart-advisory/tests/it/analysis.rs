//! VEX statements and triage decisions applied to a scan (`matching::analysis`).

use rampart_advisory::matching::analysis::{AnalysisSource, apply};
use rampart_advisory::matching::{Status, Tier};
use rampart_advisory::model::{
    Advisory, Affected, AffectedPackage, OsvRange, RangeEvent, RangeKind, Record,
};
use rampart_advisory::vex::triage;
use rampart_advisory::{MemoryIndex, ScanReport, scan, vex};
use rampart_sbom::Component;

/// A Debian 12 openssl record affecting versions before 3.0.11-1~deb12u2.
fn index() -> MemoryIndex {
    let mut index = MemoryIndex::new();
    index.insert(Record::Advisory(Box::new(Advisory {
        id: "CVE-2023-5678".into(),
        source: "debian-tracker".into(),
        affected: vec![Affected::Package(AffectedPackage {
            ecosystem: "Debian:12".into(),
            name: "openssl".into(),
            ranges: vec![OsvRange {
                kind: RangeKind::Ecosystem,
                events: vec![
                    RangeEvent::Introduced("0".into()),
                    RangeEvent::Fixed("3.0.11-1~deb12u2".into()),
                ],
            }],
            ..AffectedPackage::default()
        })],
        ..Advisory::default()
    })));
    index
}

fn openssl(version: &str) -> Component {
    Component {
        bom_ref: Some(format!("openssl-{version}")),
        name: "openssl".into(),
        version: Some(version.into()),
        purl: Some(format!("pkg:deb/debian/openssl@{version}?distro=debian-12")),
        ..Component::default()
    }
}

fn scanned(component: &Component) -> ScanReport {
    let report = scan(std::slice::from_ref(component), &index()).unwrap();
    assert_eq!(report.findings.len(), 1);
    assert_eq!(report.findings[0].status, Status::Affected);
    report
}

const TRIAGE: &str = "decisions:
  - vulnerability: CVE-2023-5678
    component: pkg:deb/debian/openssl
    version: 3.0.11-1~deb12u1
    status: not_affected
    justification: vulnerable_code_not_in_execute_path
    by: Jane Doe
    date: 2024-02-01
";

#[test]
fn a_triage_decision_sets_the_status_and_drops_the_priority() {
    let component = openssl("3.0.11-1~deb12u1");
    let mut report = scanned(&component);
    let triage = triage::read("triage.yaml", TRIAGE).unwrap();
    apply(&mut report, &[component], &[], Some(&triage));
    let finding = &report.findings[0];
    assert_eq!(finding.status, Status::NotAffected);
    assert_eq!(finding.priority.tier, Tier::None);
    let analysis = finding.analysis.as_ref().unwrap();
    assert_eq!(analysis.source, AnalysisSource::Triage);
    assert_eq!(analysis.matched_status, Status::Affected);
    assert_eq!(analysis.carried_over_from, None);
    assert_eq!(report.summary.affected, 0);
}

#[test]
fn a_decision_carries_over_to_a_later_version_still_in_range() {
    // 3.0.11-1~deb12u1a is later than the decided version and still below the fix.
    let component = openssl("3.0.11-1~deb12u1a");
    let mut report = scanned(&component);
    let triage = triage::read("triage.yaml", TRIAGE).unwrap();
    apply(&mut report, &[component], &[], Some(&triage));
    let analysis = report.findings[0].analysis.as_ref().unwrap();
    assert_eq!(
        analysis.carried_over_from.as_deref(),
        Some("3.0.11-1~deb12u1")
    );
    assert_eq!(report.findings[0].status, Status::NotAffected);
}

const OPENVEX: &str = r#"{
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://example.com/vex/1",
  "author": "Example PSIRT",
  "timestamp": "2024-03-01T00:00:00Z",
  "version": 1,
  "statements": [{
    "vulnerability": {"name": "CVE-2023-5678"},
    "products": [{"@id": "pkg:deb/debian/openssl"}],
    "status": "fixed"
  }]
}"#;

#[test]
fn a_vex_statement_applies_and_triage_wins_over_it() {
    let component = openssl("3.0.11-1~deb12u1");
    let statements = vex::read("vex.json", OPENVEX.as_bytes())
        .unwrap()
        .statements;

    let mut with_vex = scanned(&component);
    apply(
        &mut with_vex,
        std::slice::from_ref(&component),
        &statements,
        None,
    );
    assert_eq!(with_vex.findings[0].status, Status::Fixed);
    let analysis = with_vex.findings[0].analysis.as_ref().unwrap();
    assert_eq!(
        (analysis.source, analysis.file.as_str()),
        (AnalysisSource::Vex, "vex.json")
    );

    let mut with_both = scanned(&component);
    let triage = triage::read("triage.yaml", TRIAGE).unwrap();
    apply(&mut with_both, &[component], &statements, Some(&triage));
    assert_eq!(with_both.findings[0].status, Status::NotAffected);
}

#[test]
fn without_statements_nothing_changes() {
    let component = openssl("3.0.11-1~deb12u1");
    let mut report = scanned(&component);
    let before = report.clone();
    apply(&mut report, &[component], &[], None);
    assert_eq!(report, before);
}

/// A supplier's responses (CycloneDX `analysis.response`) reach the finding's analysis and
/// the VEX the scan is written as, in every format's nearest construct.
#[test]
fn a_vex_statements_responses_are_kept_and_written_back() {
    use rampart_advisory::matching::analysis::to_vex;
    use rampart_advisory::vex::{VexFormat, VexResponse};
    let component = openssl("3.0.11-1~deb12u1");
    let mut report = scanned(&component);
    let bom = br#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
      "vulnerabilities": [{"id": "CVE-2023-5678",
        "analysis": {"state": "exploitable", "response": ["will_not_fix", "workaround_available"]},
        "affects": [{"ref": "openssl-3.0.11-1~deb12u1"}]}]}"#;
    let doc = vex::read("supplier.cdx.json", bom).unwrap();
    apply(
        &mut report,
        std::slice::from_ref(&component),
        &doc.statements,
        None,
    );
    let analysis = report.findings[0].analysis.as_ref().unwrap();
    assert_eq!(
        analysis.responses,
        [VexResponse::WillNotFix, VexResponse::WorkaroundAvailable]
    );
    let out = to_vex(
        &report,
        &[component],
        VexFormat::CycloneDx,
        "t",
        "2024-01-01T00:00:00Z",
    );
    assert_eq!(out.statements[0].responses, analysis.responses);
    let cdx: serde_json::Value =
        serde_json::from_str(&vex::write(&out, VexFormat::CycloneDx)).unwrap();
    assert_eq!(
        cdx["vulnerabilities"][0]["analysis"]["response"],
        serde_json::json!(["will_not_fix", "workaround_available"])
    );
    let csaf: serde_json::Value = serde_json::from_str(&vex::write(&out, VexFormat::Csaf)).unwrap();
    let categories: Vec<&str> = csaf["vulnerabilities"][0]["remediations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["category"].as_str().unwrap())
        .collect();
    assert_eq!(categories, ["no_fix_planned", "workaround"]);
}
