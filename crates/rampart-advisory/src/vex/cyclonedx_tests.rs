//! Tests of the CycloneDX VEX reader: every state, justification, version-status and
//! response mapping row, version limits, ref resolution and located errors.

use serde_json::json;

use super::*;

const BOM: &str = r#"{
  "bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
  "metadata": {"timestamp": "2024-01-01T00:00:00Z", "authors": [{"name": "ACME PSIRT"}]},
  "components": [
{"type": "firmware", "name": "fw", "bom-ref": "fw-1", "components": [
  {"type": "library", "name": "openssl", "bom-ref": "ossl",
   "purl": "pkg:generic/openssl@3.0.11", "cpe": "cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*"}
]}
  ],
  "vulnerabilities": [
{"id": "CVE-2023-0464", "references": [{"id": "GHSA-aaaa-bbbb-cccc", "source": {}}],
 "analysis": {"state": "false_positive", "justification": "requires_configuration",
              "detail": "no X.509 policy checks", "lastUpdated": "2024-02-01T00:00:00Z"},
 "affects": [{"ref": "ossl"}, {"ref": "pkg:npm/left-pad@1.0.0"}, {"ref": "urn:cdx:x/1#y"}]},
{"id": "CVE-2023-0465", "affects": [{"ref": "ossl"}]},
{"id": "CVE-2023-0466", "recommendation": "upgrade",
 "analysis": {"state": "exploitable"}, "affects": [{"ref": "ossl"}]}
  ]
}"#;

#[test]
fn affects_refs_resolve_to_nested_components_purl_or_references() {
    let doc = read("vex.cdx.json", BOM.as_bytes()).unwrap();
    assert_eq!(
        doc.statements.len(),
        2,
        "the one without analysis is skipped"
    );
    let s = &doc.statements[0];
    assert_eq!(s.status, VexStatus::NotAffected);
    assert_eq!(
        s.justification,
        Some(Justification::VulnerableCodeNotInExecutePath)
    );
    assert_eq!(s.aliases, ["GHSA-aaaa-bbbb-cccc"]);
    assert_eq!(
        s.impact_statement.as_deref(),
        Some("no X.509 policy checks")
    );
    assert_eq!(s.timestamp.as_deref(), Some("2024-02-01T00:00:00Z"));
    assert_eq!(s.author.as_deref(), Some("ACME PSIRT"));
    assert_eq!(
        s.products[0].purl.as_deref(),
        Some("pkg:generic/openssl@3.0.11")
    );
    assert_eq!(s.products[0].reference.as_deref(), Some("ossl"));
    assert!(s.products[0].cpe.is_some());
    assert_eq!(
        s.products[1].purl.as_deref(),
        Some("pkg:npm/left-pad@1.0.0")
    );
    assert_eq!(s.products[1].reference, None);
    assert_eq!(s.products[2].reference.as_deref(), Some("urn:cdx:x/1#y"));
    let affected = &doc.statements[1];
    assert_eq!(affected.status, VexStatus::Affected);
    assert_eq!(affected.action_statement.as_deref(), Some("upgrade"));
    assert_eq!(affected.timestamp.as_deref(), Some("2024-01-01T00:00:00Z"));
    assert_eq!(affected.origin.pointer, "/vulnerabilities/2");
}

#[test]
fn every_justification_maps_and_the_writer_mapping_reads_back() {
    for j in Justification::ALL {
        let written: CdxJustification = serde_json::from_value(json!(justification_of(j))).unwrap();
        assert_eq!(written.neutral(), j);
    }
    for s in VexStatus::ALL {
        let written: State = serde_json::from_value(json!(state_of(s))).unwrap();
        assert_eq!(written.status(), s);
    }
}

#[test]
fn an_unknown_state_is_a_located_problem() {
    let text = BOM.replace("\"exploitable\"", "\"bad\"");
    let error = read("vex.cdx.json", text.as_bytes()).unwrap_err();
    assert_eq!(error.line, 17, "{error}");
}

/// A BOM with one vulnerability whose analysis state is `state` and whose one product,
/// `pkg:npm/lodash`, lists `versions` (a JSON array).
fn versioned(state: &str, versions: &str) -> String {
    format!(
        r#"{{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "metadata": {{"timestamp": "2024-01-01T00:00:00Z"}},
  "components": [{{"type": "library", "name": "lodash", "bom-ref": "lodash",
"purl": "pkg:npm/lodash"}}],
  "vulnerabilities": [{{"id": "CVE-2021-23337",
"analysis": {{"state": "{state}", "justification": "code_not_reachable"}},
"affects": [{{"ref": "lodash", "versions": {versions}}}]}}]}}"#
    )
}

fn statuses_of(state: &str, versions: &str) -> Vec<(VexStatus, Vec<ProductVersion>)> {
    let doc = read("vex.cdx.json", versioned(state, versions).as_bytes()).unwrap();
    doc.statements
        .into_iter()
        .map(|s| (s.status, s.products[0].versions.clone()))
        .collect()
}

fn exact(v: &str) -> ProductVersion {
    ProductVersion::Exact(v.to_owned())
}

#[test]
fn each_version_status_maps_as_the_table_says() {
    let one = |status: &str| format!(r#"[{{"version": "4.17.20", "status": "{status}"}}]"#);
    let table = [
        ("exploitable", "affected", VexStatus::Affected),
        ("not_affected", "affected", VexStatus::NotAffected),
        ("in_triage", "affected", VexStatus::UnderInvestigation),
        ("resolved", "unaffected", VexStatus::Fixed),
        ("resolved_with_pedigree", "unaffected", VexStatus::Fixed),
        ("exploitable", "unaffected", VexStatus::NotAffected),
        ("not_affected", "unaffected", VexStatus::NotAffected),
        ("false_positive", "unaffected", VexStatus::NotAffected),
        ("in_triage", "unaffected", VexStatus::NotAffected),
        ("exploitable", "unknown", VexStatus::UnderInvestigation),
        ("resolved", "unknown", VexStatus::UnderInvestigation),
    ];
    for (state, status, want) in table {
        assert_eq!(
            statuses_of(state, &one(status)),
            [(want, vec![exact("4.17.20")])],
            "{state} + {status}"
        );
    }
    // No status is `affected`, the schema's default.
    assert_eq!(
        statuses_of("exploitable", r#"[{"version": "4.17.20"}]"#),
        [(VexStatus::Affected, vec![exact("4.17.20")])]
    );
}

#[test]
fn versions_of_one_product_split_into_one_statement_per_status() {
    let got = statuses_of(
        "exploitable",
        r#"[{"range": "vers:npm/<4.17.21|>=4.0.0", "status": "affected"},
            {"version": "4.17.21", "status": "unaffected"},
            {"version": "5.0.0-rc.1", "status": "unknown"},
            {"version": "3.10.1"}]"#,
    );
    assert_eq!(
        got,
        [
            (
                VexStatus::Affected,
                vec![
                    // Read in canonical form: constraints sorted by version.
                    ProductVersion::Range("vers:npm/>=4.0.0|<4.17.21".into()),
                    exact("3.10.1"),
                ]
            ),
            (VexStatus::NotAffected, vec![exact("4.17.21")]),
            (VexStatus::UnderInvestigation, vec![exact("5.0.0-rc.1")]),
        ]
    );
    let doc = read(
        "vex.cdx.json",
        versioned(
            "exploitable",
            r#"[{"version": "1"}, {"version": "2", "status": "unknown"}]"#,
        )
        .as_bytes(),
    )
    .unwrap();
    // Texts and justification go to every statement; the origin is the vulnerability.
    for s in &doc.statements {
        assert_eq!(
            s.justification,
            Some(Justification::VulnerableCodeNotInExecutePath)
        );
        assert_eq!(s.origin.pointer, "/vulnerabilities/0");
        assert_eq!(s.products[0].purl.as_deref(), Some("pkg:npm/lodash"));
    }
}

#[test]
fn a_versioned_statement_applies_only_to_the_versions_it_names() {
    use rampart_sbom::Component;
    let doc = read(
        "vex.cdx.json",
        versioned(
            "not_affected",
            r#"[{"version": "1.2.3"}, {"range": "vers:npm/>=2.0.0|<3.0.0"},
                {"version": "9.9.9", "status": "unknown"}]"#,
        )
        .as_bytes(),
    )
    .unwrap();
    let ids = vec!["CVE-2021-23337".to_owned()];
    let status_for = |version: &str| {
        let c = Component {
            name: "lodash".into(),
            version: Some(version.into()),
            purl: Some(format!("pkg:npm/lodash@{version}")),
            ..Component::default()
        };
        super::super::effective(&doc.statements, &c, &ids).map(|s| s.status)
    };
    assert_eq!(status_for("1.2.3"), Some(VexStatus::NotAffected));
    assert_eq!(status_for("1.2.4"), None, "1.2.3 says nothing of 1.2.4");
    assert_eq!(status_for("2.5.0"), Some(VexStatus::NotAffected));
    assert_eq!(status_for("3.0.0"), None, "the range ends before 3.0.0");
    assert_eq!(status_for("9.9.9"), Some(VexStatus::UnderInvestigation));
    // Without versions, the product covers every version.
    let doc = read("vex.cdx.json", BOM.as_bytes()).unwrap();
    assert!(doc.statements[0].products[0].versions.is_empty());
}

#[test]
fn a_bad_version_entry_is_a_problem_at_its_place_with_its_pointer() {
    let text = versioned(
        "exploitable",
        "[{\"version\": \"1\"},\n      {\"range\": \"vers:npm/>=1.0.0|<=x|\"}]",
    );
    let error = read("vex.cdx.json", text.as_bytes()).unwrap_err();
    assert_eq!(
        (error.file.as_str(), error.line, error.col),
        ("vex.cdx.json", 7, 17),
        "{error}"
    );
    assert!(
        error
            .message
            .starts_with("/vulnerabilities/0/affects/0/versions/1/range: "),
        "{error}"
    );
    let both = versioned(
        "exploitable",
        r#"[{"version": "1", "range": "vers:npm/1"}]"#,
    );
    let error = read("vex.cdx.json", both.as_bytes()).unwrap_err();
    assert!(
        error.message.contains("both `version` and `range`"),
        "{error}"
    );
    assert_eq!(error.line, 6, "{error}");
    let neither = versioned("exploitable", r#"[{"status": "affected"}]"#);
    let error = read("vex.cdx.json", neither.as_bytes()).unwrap_err();
    assert!(error.message.contains("neither"), "{error}");
    let status = versioned("exploitable", r#"[{"version": "1", "status": "fine"}]"#);
    let error = read("vex.cdx.json", status.as_bytes()).unwrap_err();
    assert_eq!(error.line, 6, "{error}");
}

#[test]
fn responses_are_read_in_order_without_repeats() {
    let text = BOM.replace(
        r#""analysis": {"state": "exploitable"}"#,
        r#""analysis": {"state": "exploitable", "response": ["update", "workaround_available", "update"]}"#,
    );
    let doc = read("vex.cdx.json", text.as_bytes()).unwrap();
    assert_eq!(
        doc.statements[1].responses,
        [VexResponse::Update, VexResponse::WorkaroundAvailable]
    );
    assert!(doc.statements[0].responses.is_empty());
    let bad = BOM.replace(
        r#""analysis": {"state": "exploitable"}"#,
        r#""analysis": {"state": "exploitable", "response": ["pray"]}"#,
    );
    assert!(read("vex.cdx.json", bad.as_bytes()).is_err());
}

#[test]
fn versions_and_responses_survive_cyclonedx_to_neutral_to_cyclonedx() {
    let text = versioned(
        "exploitable",
        r#"[{"version": "4.17.21", "status": "unaffected"},
            {"range": "vers:npm/<4.17.21", "status": "affected"},
            {"version": "5.0.0-rc.1", "status": "unknown"}]"#,
    )
    .replace(
        r#""justification": "code_not_reachable""#,
        r#""response": ["will_not_fix", "rollback", "can_not_fix"]"#,
    );
    let first = read("in.cdx.json", text.as_bytes()).unwrap();
    assert_eq!(first.statements.len(), 3);
    let written = super::super::write(&first, VexFormat::CycloneDx);
    let second = read("out.cdx.json", written.as_bytes()).unwrap();
    let plain = |doc: &VexDocument| -> Vec<VexStatement> {
        doc.statements
            .iter()
            .map(|s| VexStatement {
                origin: Origin::default(),
                ..s.clone()
            })
            .collect()
    };
    assert_eq!(plain(&second), plain(&first));
    let value: serde_json::Value = serde_json::from_str(&written).unwrap();
    let affected = &value["vulnerabilities"][0];
    assert_eq!(affected["analysis"]["state"], "exploitable");
    assert_eq!(
        affected["analysis"]["response"],
        json!(["will_not_fix", "rollback", "can_not_fix"])
    );
    assert_eq!(
        affected["affects"][0]["versions"],
        json!([{"range": "vers:npm/<4.17.21", "status": "affected"}])
    );
    let unaffected = &value["vulnerabilities"][1];
    assert_eq!(unaffected["analysis"]["state"], "not_affected");
    assert_eq!(
        unaffected["affects"][0]["versions"],
        json!([{"version": "4.17.21", "status": "unaffected"}])
    );
}

#[test]
fn every_status_writes_a_version_status_that_reads_back_as_it() {
    for status in VexStatus::ALL {
        let state: State = serde_json::from_value(json!(state_of(status))).unwrap();
        let written: VersionStatus =
            serde_json::from_value(json!(version_status_of(status))).unwrap();
        assert_eq!(written.status(state), status);
    }
}
