//! The `csaf` source on trimmed real advisories (tests/fixtures/csaf, see its README) and on
//! small hand-written documents for the rules real ones do not exercise.

use rampart_advisory::model::{Advisory, Affected, AffectedProduct, Confidence, ProductStatus};
use rampart_advisory::source::{self, Input, ReadSummary, SourceError};
use rampart_advisory::sources::csaf::{CsafSource, ProductIdentifier, judge_product};
use rampart_advisory::{AdvisorySource, Record};
use rampart_sbom::Component;

const SIEMENS: &str = include_str!("fixtures/csaf/siemens-icsa-22-104-08.json");
const SCHNEIDER: &str = include_str!("fixtures/csaf/schneider-icsa-23-220-01.json");

fn read(name: &str, bytes: &[u8]) -> Result<(Vec<Advisory>, ReadSummary), SourceError> {
    let mut advisories = Vec::new();
    let summary = CsafSource.read(Input { name, bytes }, &mut |record| {
        let Record::Advisory(advisory) = record else {
            panic!("CSAF yields advisories only")
        };
        advisories.push(*advisory);
        Ok(())
    })?;
    Ok((advisories, summary))
}

fn products(advisory: &Advisory) -> Vec<&AffectedProduct> {
    advisory
        .affected
        .iter()
        .map(|a| match a {
            Affected::Product(p) => p,
            other => panic!("{other:?}"),
        })
        .collect()
}

fn component(name: &str, supplier: Option<&str>, version: Option<&str>) -> Component {
    Component {
        name: name.into(),
        supplier: supplier.map(Into::into),
        version: version.map(Into::into),
        ..Component::default()
    }
}

#[test]
fn a_siemens_advisory_reads_into_one_advisory_per_vulnerability() {
    let (advisories, summary) = read("siemens.json", SIEMENS.as_bytes()).unwrap();
    assert_eq!(summary.records, 1);
    assert!(summary.skipped.is_empty());
    let advisory = &advisories[0];
    assert_eq!(advisory.id, "ICSA-22-104-08/CVE-2022-27481");
    assert_eq!(advisory.source, "csaf");
    // The tracking id is shared by every vulnerability of the document: not an alias.
    assert_eq!(advisory.aliases, ["CVE-2022-27481"]);
    assert_eq!(advisory.origin.pointer, "/vulnerabilities/0");
    assert_eq!(
        advisory.published.as_deref(),
        Some("2022-04-14T00:00:00.000000Z")
    );
    assert!(
        advisory.severities[0]
            .vector
            .as_deref()
            .unwrap()
            .starts_with("CVSS:3.1/")
    );
    assert!(advisory.severities[0].score.is_some());
    assert!(!advisory.references.is_empty());
    let products = products(advisory);
    assert_eq!(products.len(), 2);
    let first = products[0];
    assert_eq!(first.vendor.as_deref(), Some("Siemens"));
    assert_eq!(first.product_name.as_deref(), Some("SCALANCE W1788-1 M12"));
    assert_eq!(first.version.as_deref(), Some("< V3.0.0"));
    assert!(first.version_is_range);
    assert_eq!(first.model_numbers, ["6GK5788-1GY01-0AA0"]);
    assert_eq!(first.status, ProductStatus::KnownAffected);
    assert!(!first.remediations.is_empty());
}

#[test]
fn siemens_model_numbers_identify_a_component_with_medium_confidence() {
    let (advisories, _) = read("siemens.json", SIEMENS.as_bytes()).unwrap();
    let product = products(&advisories[0])[0];
    let judgement = judge_product(
        product,
        &component("6GK5788-1GY01-0AA0", None, Some("V2.5.1")),
    )
    .unwrap();
    assert_eq!(
        judgement.identifier,
        ProductIdentifier::ModelNumber("6GK5788-1GY01-0AA0".into())
    );
    assert_eq!(judgement.confidence, Confidence::Medium);
    assert_eq!(judgement.version_in_range, Some(true));
    assert_eq!(judgement.expression.as_deref(), Some("< V3.0.0"));
    // Another model number of the same family is another product.
    assert_eq!(
        judge_product(
            product,
            &component("6GK5788-2GY01-0AA0", None, Some("V2.5.1"))
        ),
        None
    );
}

#[test]
fn siemens_product_words_need_the_whole_name_and_the_vendor() {
    let (advisories, _) = read("siemens.json", SIEMENS.as_bytes()).unwrap();
    let product = products(&advisories[0])[0];
    let judgement = judge_product(
        product,
        &component("SCALANCE W1788-1 M12", Some("Siemens AG"), Some("V3.0.0")),
    )
    .unwrap();
    assert_eq!(judgement.confidence, Confidence::Low);
    assert_eq!(
        judgement.version_in_range,
        Some(false),
        "the fix is outside"
    );
    assert_eq!(judgement.version_verdict(), "version outside the range");
    // A name that merely contains the product name is not the product.
    assert_eq!(
        judge_product(
            product,
            &component(
                "SCALANCE W1788-1 M12 mounting kit",
                Some("Siemens"),
                Some("V1")
            )
        ),
        None
    );
    // Same name from another vendor.
    assert_eq!(
        judge_product(
            product,
            &component("SCALANCE W1788-1 M12", Some("Phoenix Contact"), Some("V1"))
        ),
        None
    );
}

#[test]
fn schneider_inclusive_bounds_and_uncomparable_versions() {
    let (advisories, summary) = read("schneider.json", SCHNEIDER.as_bytes()).unwrap();
    assert_eq!(summary.records, 2);
    assert_eq!(advisories[1].id, "ICSA-23-220-01/CVE-2023-4516");
    let product = products(&advisories[0])[0];
    assert_eq!(product.vendor.as_deref(), Some("Schneider Electric"));
    let dashboard = |version| {
        judge_product(
            product,
            &component(
                "IGSS Dashboard (DashBoard.exe)",
                Some("Schneider Electric SE"),
                version,
            ),
        )
        .unwrap()
    };
    assert_eq!(dashboard(Some("16.0.0.23211")).version_in_range, Some(true));
    assert_eq!(
        dashboard(Some("16.0.0.23212")).version_in_range,
        Some(false)
    );
    // 16.0.0.9 < 16.0.0.23211 numerically (as text it would sort after).
    assert_eq!(dashboard(Some("16.0.0.9")).version_in_range, Some(true));
    let unknown = dashboard(Some("latest build"));
    assert_eq!(unknown.version_in_range, None);
    assert_eq!(unknown.version_verdict(), "version not comparable");
    assert_eq!(dashboard(None).version_in_range, None);
}

#[test]
fn purl_and_cpe_identify_with_high_confidence() {
    let product = AffectedProduct {
        product_id: "P1".into(),
        full_name: "OpenSSL 3.0.7".into(),
        version: Some("vers:generic/>=3.0.0|<3.0.8".into()),
        purls: vec!["pkg:generic/openssl@3.0.7".into()],
        cpe: Some("cpe:2.3:a:openssl:openssl:3.0.7:*:*:*:*:*:*:*".into()),
        ..AffectedProduct::default()
    };
    let by_purl = Component {
        purl: Some("pkg:generic/openssl@3.0.22".into()),
        version: Some("3.0.22".into()),
        ..component("openssl", None, None)
    };
    let judgement = judge_product(&product, &by_purl).unwrap();
    assert!(matches!(judgement.identifier, ProductIdentifier::Purl(_)));
    assert_eq!(judgement.confidence, Confidence::High);
    assert_eq!(judgement.version_in_range, Some(false), "3.0.22 > 3.0.8");
    let by_cpe = Component {
        cpes: vec!["cpe:2.3:a:openssl:openssl:3.0.2:*:*:*:*:*:*:*".into()],
        version: Some("3.0.2".into()),
        ..component("libssl", None, None)
    };
    let judgement = judge_product(&product, &by_cpe).unwrap();
    assert!(matches!(judgement.identifier, ProductIdentifier::Cpe(_)));
    assert_eq!(judgement.version_in_range, Some(true));
    let other_cpe = Component {
        cpes: vec!["cpe:2.3:a:openbsd:libressl:3.0.2:*:*:*:*:*:*:*".into()],
        ..component("libressl", None, Some("3.0.2"))
    };
    assert_eq!(judge_product(&product, &other_cpe), None);
    // A text expression leaves the version unjudged and caps the confidence.
    let text = AffectedProduct {
        version: Some("Versions including affected FTP server".into()),
        purls: vec!["pkg:generic/openssl".into()],
        ..product.clone()
    };
    let judgement = judge_product(&text, &by_purl).unwrap();
    assert_eq!(judgement.version_in_range, None);
    assert_eq!(judgement.confidence, Confidence::Medium);
}

const VEX: &str = r#"{
  "document": {"category": "csaf_vex", "csaf_version": "2.0", "title": "VEX for Example",
    "publisher": {"category": "vendor", "name": "Example", "namespace": "https://example.com"},
    "tracking": {"id": "EX-VEX-1", "initial_release_date": "2024-01-01T00:00:00Z",
      "current_release_date": "2024-02-01T00:00:00Z", "status": "final", "version": "2",
      "revision_history": []}},
  "product_tree": {
    "branches": [{"category": "vendor", "name": "Example", "branches": [
      {"category": "product_name", "name": "Gateway", "branches": [
        {"category": "product_version", "name": "1.0", "product": {"name": "Gateway 1.0", "product_id": "GW-1.0"}},
        {"category": "product_version", "name": "1.1", "product": {"name": "Gateway 1.1", "product_id": "GW-1.1"}}]},
      {"category": "product_name", "name": "libfoo", "branches": [
        {"category": "product_version", "name": "2.3.1", "product": {"name": "libfoo 2.3.1", "product_id": "LF",
          "product_identification_helper": {"purl": "pkg:generic/libfoo@2.3.1"}}}]}]}],
    "product_groups": [{"group_id": "ALL-GW", "product_ids": ["GW-1.0", "GW-1.1"]}],
    "relationships": [{"category": "default_component_of", "product_reference": "LF",
      "relates_to_product_reference": "GW-1.0",
      "full_product_name": {"name": "libfoo 2.3.1 in Gateway 1.0", "product_id": "GW-1.0:LF"}}]},
  "vulnerabilities": [
    {"ids": [{"system_name": "Example", "text": "EX-2024-1"}],
     "notes": [{"category": "description", "text": "A flaw."}],
     "product_status": {"known_affected": ["GW-1.0:LF"], "fixed": ["GW-1.1"],
       "known_not_affected": ["GW-1.0"], "under_investigation": ["LF"]},
     "remediations": [{"category": "vendor_fix", "details": "Update to 1.1", "group_ids": ["ALL-GW"],
       "product_ids": ["GW-1.1"]}]},
    {"cve": "CVE-2024-0002", "product_status": {"known_affected": ["NOPE"]}},
    {"cve": "CVE-2024-0003", "product_status": {"known_affected": ["GW-1.0"]},
     "remediations": [{"category": "workaround", "details": "x", "group_ids": ["NOPE-G"]}]},
    {"cve": "CVE-2024-0004", "product_status": {"known_affected": ["GW-1.0"]},
     "remediations": [{"category": "workaround", "details": "x", "product_ids": ["GW-9"]}]}
  ]}"#;

#[test]
fn vex_documents_read_statuses_relationships_and_group_remediations() {
    let (advisories, summary) = read("vex.json", VEX.as_bytes()).unwrap();
    assert_eq!(summary.records, 1);
    let advisory = &advisories[0];
    // No CVE: the index stands in, and the other ids are aliases.
    assert_eq!(advisory.id, "EX-VEX-1/0");
    assert_eq!(advisory.aliases, ["EX-2024-1"]);
    assert_eq!(advisory.summary.as_deref(), Some("VEX for Example"));
    assert_eq!(advisory.details.as_deref(), Some("A flaw."));
    let products = products(advisory);
    let status = |id: &str| {
        products
            .iter()
            .find(|p| p.product_id == id)
            .map(|p| p.status)
    };
    assert_eq!(status("GW-1.0:LF"), Some(ProductStatus::KnownAffected));
    assert_eq!(status("GW-1.1"), Some(ProductStatus::Fixed));
    assert_eq!(status("GW-1.0"), Some(ProductStatus::KnownNotAffected));
    assert_eq!(status("LF"), Some(ProductStatus::UnderInvestigation));
    let component_in_gateway = products
        .iter()
        .find(|p| p.product_id == "GW-1.0:LF")
        .unwrap();
    assert_eq!(component_in_gateway.product_name.as_deref(), Some("libfoo"));
    assert_eq!(component_in_gateway.version.as_deref(), Some("2.3.1"));
    assert_eq!(component_in_gateway.purls, ["pkg:generic/libfoo@2.3.1"]);
    assert!(component_in_gateway.remediations.is_empty());
    let fixed = products.iter().find(|p| p.product_id == "GW-1.1").unwrap();
    // Named directly and through its group: the remediation is attached once.
    assert_eq!(fixed.remediations.len(), 1);
    assert_eq!(fixed.remediations[0].details, "Update to 1.1");
    // The second vulnerability names an undefined product, the third an undefined group, the
    // fourth a remediation for an undefined product: each skipped, located, not fatal.
    assert_eq!(summary.skipped.len(), 3);
    assert!(
        summary.skipped[1]
            .message
            .contains("/vulnerabilities/2/remediations/0/group_ids/0"),
        "{}",
        summary.skipped[1]
    );
    assert!(
        summary.skipped[2].message.contains(
            "/vulnerabilities/3/remediations/0/product_ids/0: unknown product id \"GW-9\""
        ),
        "{}",
        summary.skipped[2]
    );
    let message = &summary.skipped[0].message;
    assert!(
        message.contains("/vulnerabilities/1/product_status/known_affected/0")
            && message.contains("NOPE"),
        "{message}"
    );
}

fn invalid(bytes: &[u8]) -> rampart_yaml::Problem {
    match read("bad.json", bytes) {
        Err(SourceError::Invalid(problem)) => problem,
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_input_is_a_located_problem() {
    let syntax = invalid(b"{\n \"document\": {\n  \"title\": }\n}");
    assert_eq!((syntax.file.as_str(), syntax.line), ("bad.json", 3));
    let wrong_type =
        invalid(br#"{"document": {"csaf_version": "2.0", "title": "t", "tracking": {"id": 5}}}"#);
    assert!(wrong_type.message.contains("invalid type"), "{wrong_type}");
    assert_eq!(wrong_type.line, 1);
    let not_utf8 = invalid(b"{\"document\": {\"title\": \"\xff\"}}");
    assert!(not_utf8.col > 0, "{not_utf8}");
    // Product-tree branches nest recursively: serde_json's recursion limit stops them.
    let branch = r#"{"category": "vendor", "name": "x", "branches": ["#;
    let deep = format!(
        r#"{{"product_tree": {{"branches": [{}{}]}}}}"#,
        branch.repeat(10_000),
        "]}".repeat(10_000)
    );
    let deep = invalid(deep.as_bytes());
    assert!(deep.message.contains("recursion"), "{deep}");
    let old =
        invalid(br#"{"document": {"csaf_version": "1.2", "title": "t", "tracking": {"id": "X"}}}"#);
    assert!(old.message.contains("csaf_version"), "{old}");
}

#[test]
fn the_registry_knows_csaf_and_leaves_provider_files_alone() {
    assert_eq!(source::source("csaf").unwrap().id(), "csaf");
    assert_eq!(
        source::detect("a.json", SIEMENS.as_bytes()).map(AdvisorySource::id),
        Some("csaf")
    );
    let provider =
        br#"{"canonical_url": "https://x/provider-metadata.json", "metadata_version": "2.0",
        "publisher": {"name": "X"}, "role": "csaf_provider"}"#;
    assert!(source::detect("provider-metadata.json", provider).is_none());
    assert!(source::detect("feed.json", br#"{"feed": {"entry": []}}"#).is_none());
}

#[test]
fn a_product_named_only_by_its_full_name_is_judged_by_it() {
    let product = AffectedProduct {
        product_id: "CSAFPID-9080700".into(),
        full_name: "Product A".into(),
        ..AffectedProduct::default()
    };
    let judgement = judge_product(&product, &component("product a", None, Some("1"))).unwrap();
    assert_eq!(
        judgement.identifier,
        ProductIdentifier::Words("product a".into())
    );
    assert_eq!(judgement.expression, None);
    assert_eq!(judgement.version_in_range, None);
    assert_eq!(
        judge_product(&product, &component("Product AB", None, None)),
        None
    );
}

#[test]
fn a_package_name_in_the_version_branch_yields_to_the_purl_version() {
    // Red Hat's trees put `name-epoch:version` in product_version branches.
    let product = AffectedProduct {
        product_id: "openssl-1:1.1.1g-15.el8_3".into(),
        vendor: Some("Red Hat".into()),
        full_name: "openssl-1:1.1.1g-15.el8_3".into(),
        version: Some("openssl-1:1.1.1g-15.el8_3".into()),
        version_is_range: false,
        purls: vec!["pkg:rpm/redhat/openssl@1.1.1g-15.el8_3?epoch=1".into()],
        status: ProductStatus::Fixed,
        ..AffectedProduct::default()
    };
    let installed = Component {
        purl: Some("pkg:rpm/redhat/openssl@1.1.1g-15.el8_3?arch=x86_64&epoch=1".into()),
        ..component("openssl", None, Some("1.1.1g-15.el8_3"))
    };
    let judgement = judge_product(&product, &installed).unwrap();
    assert_eq!(judgement.expression.as_deref(), Some("1.1.1g-15.el8_3"));
    assert_eq!(judgement.version_in_range, Some(true));
    assert_eq!(judgement.status, ProductStatus::Fixed);
    assert_eq!(judgement.confidence, Confidence::High);
}

/// End to end through the index keys and the matching engine: a component named like the
/// Schneider product, from that vendor, is found by words (Low confidence) when its version is
/// inside `<=16.0.0.23211`, and not at all outside it.
#[test]
fn scans_match_csaf_products_by_vendor_and_name_within_their_version_range() {
    let (advisories, _) = read("schneider.json", SCHNEIDER.as_bytes()).unwrap();
    let mut index = rampart_advisory::MemoryIndex::new();
    for advisory in advisories {
        index.insert(Record::Advisory(Box::new(advisory)));
    }
    let inside = component(
        "IGSS Dashboard (DashBoard.exe)",
        Some("Schneider Electric"),
        Some("16.0.0.23100"),
    );
    let outside = Component {
        version: Some("16.0.0.23300".into()),
        bom_ref: Some("newer".into()),
        ..inside.clone()
    };
    let report = rampart_advisory::scan(&[inside, outside], &index).unwrap();
    let found: Vec<(&str, Option<&str>)> = report
        .findings
        .iter()
        .map(|f| (f.id.as_str(), f.component.version.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            ("CVE-2023-3001", Some("16.0.0.23100")),
            ("CVE-2023-4516", Some("16.0.0.23100"))
        ]
    );
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.confidence == Confidence::Low)
    );
}

/// A version nobody can compare keeps an affected product as a finding (dropping it could hide
/// a real exposure), with a note saying why it is uncertain.
#[test]
fn an_affected_csaf_product_without_a_comparable_version_is_kept_with_a_note() {
    let (advisories, _) = read("schneider.json", SCHNEIDER.as_bytes()).unwrap();
    let mut index = rampart_advisory::MemoryIndex::new();
    for advisory in advisories {
        index.insert(Record::Advisory(Box::new(advisory)));
    }
    let unversioned = component(
        "IGSS Dashboard (DashBoard.exe)",
        Some("Schneider Electric"),
        None,
    );
    let report = rampart_advisory::scan(&[unversioned], &index).unwrap();
    assert_eq!(report.findings.len(), 2);
    let notes = &report.findings[0].evidence[0].notes;
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("version not comparable")),
        "{notes:?}"
    );
}
