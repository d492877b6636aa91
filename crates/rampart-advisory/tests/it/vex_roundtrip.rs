//! Writing a VEX document and reading it back gives the same statements, in each format,
//! up to what the format cannot carry (docs/vex.md, "What each writer emits").

use rampart_advisory::vex::{
    self, Justification, Origin, ProductRef, ProductVersion, VexDocument, VexFormat, VexResponse,
    VexStatement, VexStatus,
};

const DOC_TIME: &str = "2024-05-01T00:00:00Z";

fn document() -> VexDocument {
    let mut s1 = VexStatement::new(
        "CVE-2023-0464",
        vec![ProductRef {
            purl: Some("pkg:generic/openssl@3.0.11".into()),
            cpe: Some("cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*".into()),
            reference: Some("ossl-1".into()),
            ..ProductRef::default()
        }],
        VexStatus::NotAffected,
    );
    s1.aliases = vec!["GHSA-aaaa-bbbb-cccc".into()];
    s1.justification = Some(Justification::VulnerableCodeNotInExecutePath);
    s1.impact_statement = Some("No X.509 policy checks are configured.".into());
    s1.detail = Some("Checked by the PSIRT.".into());
    s1.timestamp = Some("2024-02-01T00:00:00Z".into());

    let mut s2 = VexStatement::new(
        "GHSA-jfh8-c2jp-5v3q",
        vec![ProductRef {
            purl: Some("pkg:oci/firmware@1.0".into()),
            subcomponents: vec![ProductRef::purl(
                "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
            )],
            ..ProductRef::default()
        }],
        VexStatus::Affected,
    );
    s2.aliases = vec!["CVE-2021-44228".into()];
    s2.action_statement = Some("Upgrade to 2.17.1.".into());
    s2.timestamp = Some("2024-03-01T00:00:00Z".into());

    let mut s3 = VexStatement::new(
        "CVE-2024-0001",
        vec![ProductRef {
            cpe: Some("cpe:2.3:h:acme:router:2.0:*:*:*:*:*:*:*".into()),
            ..ProductRef::default()
        }],
        VexStatus::Fixed,
    );
    s3.action_statement = Some("Fixed in 2.0.".into());
    s3.timestamp = Some("2024-04-01T10:00:00+02:00".into());

    let s4 = VexStatement::new(
        "CVE-2024-0002",
        vec![ProductRef::purl("pkg:npm/lodash")],
        VexStatus::UnderInvestigation,
    );

    // Limited to some versions, with responses and no action statement of its own.
    let mut s5 = VexStatement::new(
        "CVE-2024-0003",
        vec![ProductRef {
            versions: vec![
                ProductVersion::Exact("4.17.20".into()),
                ProductVersion::range("vers:npm/>=4.0.0|<4.17.0").unwrap(),
            ],
            ..ProductRef::purl("pkg:npm/lodash")
        }],
        VexStatus::Affected,
    );
    s5.responses = vec![VexResponse::Update, VexResponse::WorkaroundAvailable];
    s5.timestamp = Some("2024-04-02T00:00:00Z".into());

    let mut statements = vec![s1, s2, s3, s4, s5];
    for s in &mut statements {
        s.author = Some("ACME PSIRT".into());
    }
    VexDocument {
        format: VexFormat::OpenVex,
        id: Some("https://example.com/vex/1".into()),
        author: Some("ACME PSIRT".into()),
        timestamp: Some(DOC_TIME.into()),
        statements,
    }
}

/// The statements as compared: no origin, the document time where a statement has none,
/// in a stable order.
fn comparable(mut statements: Vec<VexStatement>) -> Vec<VexStatement> {
    for s in &mut statements {
        s.origin = Origin::default();
        s.timestamp.get_or_insert_with(|| DOC_TIME.to_owned());
    }
    statements.sort_by(|a, b| a.vulnerability.cmp(&b.vulnerability));
    statements
}

fn round_trip(format: VexFormat) -> (Vec<VexStatement>, Vec<VexStatement>) {
    let doc = document();
    let text = vex::write(&doc, format);
    let back = vex::read("out.json", text.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(back.format, format);
    assert_eq!(vex::write(&doc, format), text, "writing is deterministic");
    (comparable(doc.statements), comparable(back.statements))
}

/// The statement limited to versions (s5) as OpenVEX and CSAF read it back: its exact
/// version as a versioned purl (the range cannot be said), its responses as action text.
fn versions_as_purls(want: &mut [VexStatement]) {
    let s5 = want
        .iter_mut()
        .find(|s| s.vulnerability == "CVE-2024-0003")
        .unwrap();
    s5.products = vec![ProductRef::purl("pkg:npm/lodash@4.17.20")];
}

#[test]
fn openvex_keeps_every_statement_field_but_versions_and_responses() {
    let (mut want, got) = round_trip(VexFormat::OpenVex);
    versions_as_purls(&mut want);
    let s5 = want.iter_mut().find(|s| !s.responses.is_empty()).unwrap();
    s5.responses.clear();
    s5.action_statement =
        Some("Update to a version with the fix. A workaround is available.".into());
    assert_eq!(got, want);
}

#[test]
fn cyclonedx_keeps_statements_with_subcomponents_as_products() {
    let (mut want, got) = round_trip(VexFormat::CycloneDx);
    for s in &mut want {
        s.products = s
            .products
            .drain(..)
            .flat_map(|p| {
                let subs = p.subcomponents.clone();
                std::iter::once(ProductRef {
                    subcomponents: Vec::new(),
                    ..p
                })
                .chain(subs)
            })
            .collect();
    }
    assert_eq!(got, want);
}

#[test]
fn csaf_keeps_statements_but_not_references_or_detail() {
    fn plain(p: &mut ProductRef) {
        p.reference = None;
        p.name = None;
        p.subcomponents.iter_mut().for_each(plain);
    }
    let (mut want, mut got) = round_trip(VexFormat::Csaf);
    for s in want.iter_mut().chain(got.iter_mut()) {
        s.products.iter_mut().for_each(plain);
    }
    for s in &mut want {
        s.detail = None;
        // CSAF gives every remediation a category, read back as a response.
        if s.action_statement.is_some() && s.responses.is_empty() {
            s.responses = vec![VexResponse::Update];
        }
    }
    versions_as_purls(&mut want);
    let s5 = want.iter_mut().find(|s| s.responses.len() == 2).unwrap();
    s5.action_statement =
        Some("Update to a version with the fix.\nA workaround is available.".into());
    assert_eq!(got, want);
}

#[test]
fn a_bom_ref_is_the_affects_ref_so_results_join_back() {
    let text = vex::write(&document(), VexFormat::CycloneDx);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["vulnerabilities"][0]["affects"][0]["ref"], "ossl-1");
    assert_eq!(value["components"][0]["bom-ref"], "ossl-1");
    assert_eq!(
        value["vulnerabilities"][0]["analysis"]["justification"],
        "code_not_reachable"
    );
}

#[test]
fn csaf_product_ids_are_sequential_and_statuses_are_listed() {
    let text = vex::write(&document(), VexFormat::Csaf);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let tree = &value["product_tree"];
    assert_eq!(tree["full_product_names"][0]["product_id"], "CSAFPID-0001");
    assert_eq!(tree["relationships"][0]["category"], "default_component_of");
    let v = &value["vulnerabilities"][1];
    assert_eq!(v["ids"][0]["text"], "GHSA-jfh8-c2jp-5v3q");
    assert_eq!(v["ids"][1]["text"], "CVE-2021-44228");
    assert_eq!(
        v["product_status"]["known_affected"][0],
        tree["relationships"][0]["full_product_name"]["product_id"]
    );
    assert_eq!(
        value["vulnerabilities"][0]["flags"][0]["label"],
        "vulnerable_code_not_in_execute_path"
    );
}

#[test]
fn csaf_writes_only_the_latest_status_of_a_product() {
    let mut doc = document();
    let mut older = doc.statements[0].clone();
    older.status = VexStatus::Affected;
    older.justification = None;
    older.timestamp = Some("2020-01-01T00:00:00Z".into());
    doc.statements.push(older);
    let value: serde_json::Value =
        serde_json::from_str(&vex::write(&doc, VexFormat::Csaf)).unwrap();
    let status = &value["vulnerabilities"][0]["product_status"];
    assert!(status.get("known_affected").is_none(), "{status}");
    assert_eq!(status["known_not_affected"].as_array().unwrap().len(), 1);
}

/// The full output of each writer, reviewed: formats are a contract.
#[test]
fn writer_outputs() {
    for format in VexFormat::ALL {
        insta::assert_snapshot!(format.id(), vex::write(&document(), format));
    }
}

/// Fuzz finding: a CycloneDX component with an invalid purl (`pkg:nuget` with a namespace)
/// was kept as the product's purl, and the OpenVEX written from it did not read back.
#[test]
fn invalid_component_identifiers_are_ignored_not_passed_on() {
    let bom = br#"{"bomFormat": "CycloneDX", "specVersion": "1.4",
      "components": [{"type": "library", "name": "x", "bom-ref": "x-1",
        "purl": "pkg:nuget/com.example/x@1", "cpe": "cpe:bad"}],
      "vulnerabilities": [{"id": "CVE-2024-0001", "analysis": {"state": "in_triage"},
        "affects": [{"ref": "x-1"}]}]}"#;
    let doc = vex::read("bom.json", bom).unwrap();
    let product = &doc.statements[0].products[0];
    assert_eq!(
        (product.purl.as_deref(), product.cpe.as_deref()),
        (None, None)
    );
    assert_eq!(product.reference.as_deref(), Some("x-1"));
    for format in VexFormat::ALL {
        vex::read("out.json", vex::write(&doc, format).as_bytes()).unwrap();
    }
}

/// An OpenVEX product in the wrong shape is reported where it is, with serde's own message
/// (not "did not match any variant").
#[test]
fn openvex_shape_errors_keep_their_message() {
    let text = br#"{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [
      {"vulnerability": {"name": "CVE-1"}, "status": "fixed",
       "products": [{"@id": "x", "identifiers": {"purl": "pkg:"}}]}]}"#;
    let error = vex::read("v.json", text).unwrap_err();
    assert_eq!(error.line, 3, "{error}");
    assert!(error.message.contains("invalid package URL"), "{error}");
}
