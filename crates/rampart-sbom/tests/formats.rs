//! Reading and writing SBOM documents: round trips keep what Rampart keeps, detection goes by
//! content, and bad input comes back as located problems.

use rampart_sbom::{Format, OutputFormat, Sbom, SbomError, detect, read, write};

const CDX: &str = include_str!("fixtures/proton-bridge-1.8.0.cdx.json");
const SPDX: &str = include_str!("fixtures/spdx-example-2.3.spdx.json");

fn read_ok(name: &str, text: &str) -> Sbom {
    read(name, text.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The SBOM with its source format cleared: what a round trip must keep.
fn content(mut sbom: Sbom) -> Sbom {
    sbom.source_format = None;
    sbom
}

#[test]
fn cyclonedx_json_reads_the_kept_fields() {
    let sbom = read_ok("bom.json", CDX);
    assert_eq!(sbom.source_format.as_deref(), Some("CycloneDX 1.4"));
    assert_eq!(sbom.created.as_deref(), Some("2021-05-16T17:10:53+02:00"));
    let subject = sbom.subject.as_ref().unwrap();
    assert_eq!(subject.kind.as_deref(), Some("application"));
    assert_eq!(
        sbom.name.as_deref(),
        Some("github.com/ProtonMail/proton-bridge")
    );
    assert_eq!(sbom.components.len(), 4);
    let xgb = &sbom.components[3];
    assert_eq!(
        xgb.bom_ref.as_deref(),
        Some("pkg:golang/github.com/BurntSushi/xgb@v0.0.0-20160522181843-27f122750802")
    );
    assert_eq!(xgb.licenses, ["BSD-3-Clause", "GooglePatentClause"]);
    assert_eq!(xgb.hashes[0].algorithm, "SHA-256");
    assert_eq!(sbom.dependencies.len(), 2);
    assert!(sbom.dependencies[0].depends_on.is_empty());
}

#[test]
fn spdx_json_reads_the_kept_fields() {
    let sbom = read_ok("doc.spdx.json", SPDX);
    assert_eq!(sbom.source_format.as_deref(), Some("SPDX-2.3"));
    assert_eq!(sbom.name.as_deref(), Some("SPDX-Tools-v2.0"));
    let glibc = sbom.subject.as_ref().unwrap();
    assert_eq!(glibc.bom_ref.as_deref(), Some("SPDXRef-Package"));
    assert_eq!(glibc.kind.as_deref(), Some("source"));
    // Persons keep their prefix, so writing SPDX again says the same.
    assert_eq!(
        glibc.supplier.as_deref(),
        Some("Person: Jane Doe (jane.doe@example.com)")
    );
    // Declared wins over concluded.
    assert_eq!(glibc.licenses, ["(LGPL-2.0-only AND LicenseRef-3)"]);
    let algorithms: Vec<&str> = glibc.hashes.iter().map(|h| h.algorithm.as_str()).collect();
    assert_eq!(algorithms, ["MD5", "SHA-1", "SHA-256", "BLAKE2b-384"]);
    assert_eq!(
        glibc.cpes,
        ["cpe:2.3:a:pivotal_software:spring_framework:4.1.0:*:*:*:*:*:*:*"]
    );
    // NOASSERTION is no licence.
    assert!(sbom.components[0].licenses.is_empty());
    assert_eq!(
        sbom.components[1].purl.as_deref(),
        Some("pkg:maven/org.apache.jena/apache-jena@3.12.0")
    );
    // DYNAMIC_LINK is a dependency; the document's CONTAINS is not.
    assert_eq!(sbom.dependencies.len(), 1);
    assert_eq!(sbom.dependencies[0].reference, "SPDXRef-Package");
    assert_eq!(sbom.dependencies[0].depends_on, ["SPDXRef-Saxon"]);
}

#[test]
fn cyclonedx_round_trip_keeps_the_sbom() {
    let first = read_ok("bom.json", CDX);
    let written = write(&first, OutputFormat::CycloneDxJson);
    let second = read_ok("out.json", &written);
    assert_eq!(second.source_format.as_deref(), Some("CycloneDX 1.6"));
    assert_eq!(content(first), content(second));
}

#[test]
fn spdx_round_trip_keeps_the_sbom() {
    let first = read_ok("doc.spdx.json", SPDX);
    let written = write(&first, OutputFormat::SpdxJson);
    let second = read_ok("out.spdx.json", &written);
    assert_eq!(content(first), content(second));
}

#[test]
fn spdx_through_cyclonedx_keeps_components_references_and_graph() {
    let first = read_ok("doc.spdx.json", SPDX);
    let cdx = write(&first, OutputFormat::CycloneDxJson);
    let back = read_ok(
        "out.spdx.json",
        &write(&read_ok("mid.json", &cdx), OutputFormat::SpdxJson),
    );
    assert_eq!(first.dependencies, back.dependencies);
    // SPDX purposes CycloneDX has no type for (none, SOURCE, ARCHIVE, INSTALL, OTHER) become
    // CycloneDX libraries; all else is kept.
    let untyped = |mut c: rampart_sbom::Component| {
        c.kind = None;
        c
    };
    assert_eq!(first.subject.map(untyped), back.subject.map(untyped));
    assert_eq!(
        first
            .components
            .into_iter()
            .map(untyped)
            .collect::<Vec<_>>(),
        back.components.into_iter().map(untyped).collect::<Vec<_>>()
    );
}

#[test]
fn cyclonedx_to_spdx_maps_references_that_are_not_spdx_ids_consistently() {
    let cdx = read_ok("bom.json", CDX);
    let spdx = read_ok("out.spdx.json", &write(&cdx, OutputFormat::SpdxJson));
    let subject = spdx.subject.as_ref().unwrap().bom_ref.clone().unwrap();
    assert!(
        subject.starts_with("SPDXRef-pkg-golang-github.com-ProtonMail-proton-bridge-v1.8.0-"),
        "{subject}"
    );
    // The graph points at the same mapped ids as the packages.
    assert_eq!(
        spdx.dependencies.len(),
        1,
        "CDX entries without dependsOn have no SPDX form"
    );
    assert_eq!(spdx.dependencies[0].reference, subject);
    assert_eq!(
        spdx.dependencies[0].depends_on[0],
        spdx.components[0].bom_ref.clone().unwrap()
    );
    // Licences of one component become one SPDX expression.
    assert_eq!(spdx.components[1].licenses, ["CC0-1.0 AND MIT"]);
}

#[test]
fn components_without_a_reference_get_one_from_their_position() {
    let doc = r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[
        {"type":"library","name":"a"},
        {"type":"library","name":"b","bom-ref":"component-1"}]}"#;
    let sbom = read_ok("bom.json", doc);
    assert_eq!(sbom.components[0].bom_ref.as_deref(), Some("component-1-1"));
    assert_eq!(sbom.components[1].bom_ref.as_deref(), Some("component-1"));
    // And the generated one survives a round trip unchanged.
    let again = read_ok("out.json", &write(&sbom, OutputFormat::CycloneDxJson));
    assert_eq!(again.components, sbom.components);
}

#[test]
fn nested_components_are_flattened_in_document_order() {
    let doc = r#"{"bomFormat":"CycloneDX","specVersion":"1.5","components":[
        {"type":"library","name":"outer","bom-ref":"o","components":[
            {"type":"library","name":"inner","bom-ref":"i"}]},
        {"type":"library","name":"last","bom-ref":"l"}]}"#;
    let names: Vec<String> = read_ok("bom.json", doc)
        .components
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["outer", "inner", "last"]);
}

#[test]
fn detection_goes_by_content_before_the_name() {
    assert_eq!(
        detect("x.spdx.json", CDX.as_bytes()),
        Some(Format::CycloneDxJson)
    );
    assert_eq!(detect("bom.json", SPDX.as_bytes()), Some(Format::SpdxJson));
    assert_eq!(detect("x.json", b"{}"), Some(Format::CycloneDxJson));
    assert_eq!(detect("x.txt", b"hello"), None);
    assert_eq!(
        detect("x.txt", b"\xEF\xBB\xBF {\"spdxVersion\":1}"),
        Some(Format::SpdxJson)
    );
}

fn problems(name: &str, bytes: &[u8]) -> Vec<String> {
    match read(name, bytes) {
        Err(SbomError::Invalid(list)) => list.iter().map(ToString::to_string).collect(),
        other => panic!("expected problems, got {other:?}"),
    }
}

#[test]
fn truncated_json_is_located() {
    let cut = &CDX.as_bytes()[..200];
    let found = problems("bom.json", cut);
    assert_eq!(found, ["bom.json:8:1: EOF while parsing a value"]);
}

#[test]
fn wrong_types_are_located() {
    let doc = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\n\"components\":[{\"type\":\"library\",\"name\":7}]}";
    let found = problems("bom.json", doc.as_bytes());
    assert!(found[0].starts_with("bom.json:2:"), "{found:?}");
    assert!(found[0].contains("invalid type"), "{found:?}");
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    // Nested components are what the reader itself recurses into.
    let mut doc =
        String::from("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[");
    doc.push_str(&"{\"type\":\"library\",\"name\":\"n\",\"components\":[".repeat(50_000));
    let found = problems("bom.json", doc.as_bytes());
    assert!(
        found[0].starts_with("bom.json:1:") && found[0].contains("recursion limit"),
        "{found:?}"
    );
    // An unknown field nested as deep is skipped without recursion and ends in a place too.
    let mut doc = String::from("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"x\":");
    doc.push_str(&"[".repeat(100_000));
    let found = problems("bom.json", doc.as_bytes());
    assert!(found[0].starts_with("bom.json:1:"), "{found:?}");
}

#[test]
fn invalid_utf8_is_located() {
    let found = problems("bom.json", b"{\"bomFormat\":\n \"Cyclone\xffDX\"}");
    assert_eq!(found, ["bom.json:2:10: is not UTF-8 text"]);
}

#[test]
fn every_problem_is_reported_with_its_place() {
    let doc = r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[
 {"type":"gadget","name":"a","bom-ref":"x"},
 {"type":"library","name":"b","bom-ref":"x","purl":"pkg:npm"},
 {"type":"library","name":"c","hashes":[{"alg":"SHA-256","content":"abc"}]}]}"#;
    let found = problems("bom.json", doc.as_bytes());
    assert_eq!(found.len(), 4, "{found:#?}");
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("bom.json:2:") && p.contains("unknown type \"gadget\""))
    );
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("bom.json:3:") && p.contains("invalid package URL"))
    );
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("bom.json:4:") && p.contains("has 3 hex digits, expected 64"))
    );
    assert!(
        found
            .iter()
            .any(|p| p.contains("bom-ref \"x\" is used by more than one component"))
    );
}

#[test]
fn unsupported_spec_versions_are_refused() {
    let found = problems(
        "bom.json",
        br#"{"bomFormat":"CycloneDX","specVersion":"1.3"}"#,
    );
    assert!(
        found[0].contains("spec version \"1.3\" is not supported"),
        "{found:?}"
    );
    let found = problems(
        "d.spdx.json",
        br#"{"spdxVersion":"SPDX-2.1","SPDXID":"SPDXRef-DOCUMENT","name":"x"}"#,
    );
    assert!(
        found[0].contains("SPDX version \"SPDX-2.1\" is not supported"),
        "{found:?}"
    );
}

#[test]
fn a_file_over_the_cap_is_refused_from_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.json");
    std::fs::write(&path, CDX).unwrap();
    let err = rampart_sbom::formats::read_path_limited(&path, 100).unwrap_err();
    assert!(matches!(err, SbomError::Unreadable { .. }), "{err:?}");
    assert!(err.to_string().contains("the limit is 100"), "{err}");
}

#[test]
fn written_documents_are_deterministic() {
    let sbom = read_ok("bom.json", CDX);
    assert_eq!(
        write(&sbom, OutputFormat::SpdxJson),
        write(&sbom, OutputFormat::SpdxJson)
    );
    assert_eq!(
        write(&sbom, OutputFormat::CycloneDxJson),
        write(&sbom, OutputFormat::CycloneDxJson)
    );
}

#[test]
fn validation_adds_the_cyclonedx_schema_to_reading() {
    // An unknown licence id: reading keeps it (a scan does not need the licence list), the
    // schema refuses it, at the value.
    let doc = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[\n {\"type\":\"library\",\"name\":\"a\",\n  \"licenses\":[{\"license\":{\"id\":\"Not-A-Licence\"}}]}]}";
    assert!(read("bom.json", doc.as_bytes()).is_ok());
    let Err(SbomError::Invalid(found)) = rampart_sbom::validate("bom.json", doc.as_bytes()) else {
        panic!("the schema should refuse the licence id");
    };
    let first = found[0].to_string();
    assert!(first.starts_with("bom.json:3:"), "{found:#?}");
    assert!(first.contains("CycloneDX 1.6 schema"), "{first}");
    assert!(rampart_sbom::validate("bom.json", CDX.as_bytes()).is_ok());
}

#[test]
fn written_cyclonedx_passes_the_official_1_6_schema() {
    for (name, text) in [("bom.json", CDX), ("doc.spdx.json", SPDX)] {
        let written = write(&read_ok(name, text), OutputFormat::CycloneDxJson);
        if let Err(e) = rampart_sbom::validate("out.json", written.as_bytes()) {
            panic!("{name} → CycloneDX 1.6 is not schema-valid:\n{e}");
        }
    }
}

const TAG_VALUE: &str = include_str!("fixtures/spdx-example-2.3.spdx");

#[test]
fn spdx_tag_value_reads_as_the_same_document_in_json_does() {
    assert_eq!(
        detect("doc.txt", TAG_VALUE.as_bytes()),
        Some(Format::SpdxTagValue)
    );
    let tv = read_ok("doc.spdx", TAG_VALUE);
    let json = read_ok("doc.spdx.json", SPDX);
    assert_eq!(tv, json);
    // And it round-trips through SPDX JSON.
    assert_eq!(
        tv,
        read_ok("out.spdx.json", &write(&tv, OutputFormat::SpdxJson))
    );
}

#[test]
fn spdx_tag_value_problems_name_their_line() {
    let doc = "SPDXVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: x\nPackageName: a\nSPDXID: SPDXRef-a\nPackageChecksum: SHA1 abc\nthis line has no tag\nPackageDescription: <text>never closed\n";
    let found = problems("doc.spdx", doc.as_bytes());
    assert_eq!(
        found,
        [
            "doc.spdx:6:1: a PackageChecksum is `ALGORITHM: digest`, found \"SHA1 abc\"",
            "doc.spdx:7:1: expected `Tag: value`, found \"this line has no tag\"",
            "doc.spdx:8:1: the <text> of PackageDescription is not closed by </text>",
        ]
    );
}

const XML: &str = include_str!("fixtures/juice-shop-14.1.1.cdx.xml");

#[test]
fn cyclonedx_xml_reads_the_kept_fields_and_round_trips_through_json() {
    assert_eq!(
        detect("bom.txt", XML.as_bytes()),
        Some(Format::CycloneDxXml)
    );
    let sbom = read_ok("bom.xml", XML);
    assert_eq!(sbom.source_format.as_deref(), Some("CycloneDX 1.4"));
    assert_eq!(
        sbom.subject.as_ref().unwrap().bom_ref.as_deref(),
        Some("juice-shop@14.1.1")
    );
    let parser = &sbom.components[0];
    assert_eq!(parser.group.as_deref(), Some("@babel"));
    assert_eq!(
        parser.purl.as_deref(),
        Some("pkg:npm/%40babel/parser@7.21.2#packages/babel-parser")
    );
    assert_eq!(parser.hashes[0].algorithm, "SHA-512");
    assert_eq!(parser.licenses, ["MIT"]);
    assert_eq!(sbom.dependencies[0].depends_on.len(), 2);
    let again = read_ok("out.json", &write(&sbom, OutputFormat::CycloneDxJson));
    assert_eq!(content(sbom), content(again));
}

#[test]
fn cyclonedx_xml_problems_are_located() {
    let doc = "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\">\n<components>\n  <component type=\"library\"><version>1</version></component>\n</components></bom>";
    assert_eq!(
        problems("bom.xml", doc.as_bytes()),
        ["bom.xml:3:3: a component has no <name>"]
    );
    let found = problems(
        "bom.xml",
        b"<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\">\n<components>\n  <component></components></bom>",
    );
    assert!(found[0].starts_with("bom.xml:3:"), "{found:?}");
    assert!(found[0].contains("component"), "{found:?}");
    let found = problems(
        "bom.xml",
        b"<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\">\n<components>",
    );
    assert_eq!(
        found,
        ["bom.xml:1:1: the root node was opened but never closed"]
    );
    let entity = "<?xml version=\"1.0\"?><!DOCTYPE bom [<!ENTITY a \"aaaa\">]><bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\"/>";
    let found = problems("bom.xml", entity.as_bytes());
    assert!(found[0].contains("DTD"), "{found:?}");
}

#[test]
fn validation_adds_the_xsd_rules_to_reading_xml() {
    let doc = "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\">\n<components>\n  <component type=\"library\"><name>a</name><scope>sometimes</scope>\n  <licenses><license><id>Not-A-Licence</id></license></licenses></component>\n</components></bom>";
    assert!(read("bom.xml", doc.as_bytes()).is_ok());
    let Err(SbomError::Invalid(found)) = rampart_sbom::validate("bom.xml", doc.as_bytes()) else {
        panic!("the XSD rules should refuse the scope and the licence id");
    };
    let found: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            "bom.xml:3:43: <scope> has \"sometimes\", expected one of required, optional, excluded",
            "bom.xml:4:13: licence id \"Not-A-Licence\" is not an SPDX licence id",
        ]
    );
}

#[test]
fn several_licence_expressions_are_refused_as_no_writer_could_keep_them() {
    // CycloneDX allows named licences or one expression; two would come back as one joined
    // expression, so the round trip would change them.
    let doc = r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"a",
        "licenses":[{"expression":"MIT"},{"expression":"Apache-2.0"}]}]}"#;
    let found = problems("bom.json", doc.as_bytes());
    assert!(
        found[0].contains("either named licences or one expression"),
        "{found:?}"
    );
}

#[test]
fn problems_stop_at_a_thousand_so_a_huge_bad_file_is_judged_quickly() {
    let one = r#"{"type":"library","name":"a","purl":"pkg:npm"},"#;
    let doc = format!(
        "{{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[{}{{\"type\":\"library\",\"name\":\"z\"}}]}}",
        one.repeat(5000)
    );
    assert_eq!(problems("bom.json", doc.as_bytes()).len(), 1000);
}

#[test]
fn licence_names_that_look_like_expressions_survive_a_round_trip() {
    // A fuzz finding: an id with parentheses beside another licence was taken for an
    // expression and both came back joined into one.
    let doc = r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"a",
        "licenses":[{"license":{"id":"BSD-3-Clause((("}},{"license":{"name":"MIT AND X"}}]}]}"#;
    let sbom = read_ok("bom.json", doc);
    let again = read_ok("out.json", &write(&sbom, OutputFormat::CycloneDxJson));
    assert_eq!(again.components, sbom.components);
}

#[test]
fn an_spdx_creation_time_that_is_no_date_is_refused() {
    // A fuzz finding: SPDX `created` was taken as written, and the CycloneDX written from it
    // was then refused for its timestamp.
    let doc = "SPDXVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: x\nCreated: 1005-01-29T18mons:30:22Z\n";
    let found = problems("doc.spdx", doc.as_bytes());
    assert_eq!(
        found,
        [
            "doc.spdx:4:10: created \"1005-01-29T18mons:30:22Z\" is not a date-time (YYYY-MM-DDThh:mm:ssZ)"
        ]
    );
}
