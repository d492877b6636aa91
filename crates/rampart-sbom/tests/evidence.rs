//! Component evidence (CycloneDX 1.6 `evidence`): read from CycloneDX JSON in both the 1.6
//! array and the 1.5 object form, written schema-valid, carried through SPDX as an
//! annotation, and refused with a place when a confidence is out of range.

use rampart_sbom::{
    Component, Confidence, Evidence, Identity, Method, Occurrence, OutputFormat, Sbom, SbomError,
    read, write,
};

fn with_evidence() -> Sbom {
    Sbom {
        created: Some("2026-12-04T00:00:00Z".into()),
        subject: Some(Component {
            bom_ref: Some("image".into()),
            kind: Some("firmware".into()),
            name: "router.bin".into(),
            ..Component::default()
        }),
        components: vec![Component {
            bom_ref: Some("busybox".into()),
            kind: Some("application".into()),
            name: "busybox".into(),
            version: Some("1.36.1".into()),
            purl: Some("pkg:generic/busybox@1.36.1".into()),
            cpes: vec!["cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*".into()],
            evidence: Some(Evidence {
                identity: vec![Identity {
                    field: "purl".into(),
                    confidence: Some(Confidence::from_thousandths(800)),
                    concluded_value: Some("pkg:generic/busybox@1.36.1".into()),
                    methods: vec![Method {
                        technique: "binary-analysis".into(),
                        confidence: Confidence::from_thousandths(800),
                        value: Some("busybox-banner: BusyBox v1.36.1 (".into()),
                    }],
                }],
                occurrences: vec![Occurrence {
                    location: "fw.bin.unpacked/0x40-squashfs/bin/busybox".into(),
                    offset: Some(0x1f3a0),
                    symbol: None,
                    additional_context: Some("rule busybox-banner".into()),
                }],
            }),
            ..Component::default()
        }],
        ..Sbom::default()
    }
}

fn content(mut sbom: Sbom) -> Sbom {
    sbom.source_format = None;
    sbom.serial = None;
    sbom
}

#[test]
fn cyclonedx_json_round_trips_evidence_and_passes_the_schema() {
    let sbom = with_evidence();
    let written = write(&sbom, OutputFormat::CycloneDxJson);
    assert!(written.contains("\"evidence\""), "{written}");
    if let Err(e) = rampart_sbom::validate("out.json", written.as_bytes()) {
        panic!("evidence is not schema-valid CycloneDX 1.6:\n{e}\n{written}");
    }
    let back = read("out.json", written.as_bytes()).unwrap();
    assert_eq!(content(back).components, sbom.components);
}

#[test]
fn spdx_json_carries_evidence_as_an_annotation() {
    let sbom = with_evidence();
    let written = write(&sbom, OutputFormat::SpdxJson);
    assert!(written.contains("\"annotations\""), "{written}");
    assert!(written.contains("rampart:evidence "), "{written}");
    let back = read("out.spdx.json", written.as_bytes()).unwrap();
    assert_eq!(back.components[0].evidence, sbom.components[0].evidence);
}

#[test]
fn cyclonedx_1_5_identity_object_is_read() {
    let doc = r#"{"bomFormat":"CycloneDX","specVersion":"1.5","components":[
 {"type":"library","name":"zlib","evidence":{"identity":{"field":"version","confidence":0.5,
  "methods":[{"technique":"filename","confidence":0.5,"value":"libz.so.1.2.13"}]},
  "occurrences":[{"location":"lib/libz.so.1.2.13"}]}}]}"#;
    let sbom = read("bom.json", doc.as_bytes()).unwrap();
    let evidence = sbom.components[0].evidence.as_ref().unwrap();
    assert_eq!(evidence.identity[0].field, "version");
    assert_eq!(evidence.identity[0].methods[0].technique, "filename");
    assert_eq!(evidence.occurrences[0].location, "lib/libz.so.1.2.13");
}

/// CycloneDX 1.4 evidence holds licences and copyright only, which are not kept: the
/// component reads without evidence, so a round trip gives the same SBOM.
#[test]
fn licence_only_evidence_is_not_kept_as_empty_evidence() {
    let doc = r#"{"bomFormat":"CycloneDX","specVersion":"1.4","components":[
 {"type":"library","name":"zlib","evidence":{"licenses":[{"license":{"id":"Zlib"}}],
  "copyright":[{"text":"Copyright 1995 Jean-loup Gailly"}]}}]}"#;
    let sbom = read("bom.json", doc.as_bytes()).unwrap();
    assert_eq!(sbom.components[0].evidence, None);
}

#[test]
fn an_out_of_range_confidence_is_located() {
    let doc = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[\n {\"type\":\"library\",\"name\":\"zlib\",\"evidence\":{\"identity\":[\n  {\"field\":\"name\",\"confidence\":1.5}]}}]}";
    let Err(SbomError::Invalid(problems)) = read("bom.json", doc.as_bytes()) else {
        panic!("a confidence of 1.5 must be refused");
    };
    let first = problems[0].to_string();
    assert!(first.starts_with("bom.json:3:"), "{first}");
    assert!(first.contains("not between 0 and 1"), "{first}");
}

#[test]
fn an_unknown_technique_is_refused() {
    let doc = r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[
 {"type":"library","name":"zlib","evidence":{"identity":[{"field":"name",
  "methods":[{"technique":"guesswork","confidence":0.1}]}]}}]}"#;
    let Err(SbomError::Invalid(problems)) = read("bom.json", doc.as_bytes()) else {
        panic!("an unknown technique must be refused");
    };
    assert!(
        problems[0].to_string().contains("guesswork"),
        "{problems:?}"
    );
}

#[test]
fn cyclonedx_xml_evidence_is_read_and_checked() {
    let doc = r#"<?xml version="1.0"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">
  <components>
    <component type="library">
      <name>zlib</name>
      <version>1.2.13</version>
      <evidence>
        <identity>
          <field>version</field>
          <confidence>0.8</confidence>
          <methods><method><technique>binary-analysis</technique><confidence>0.8</confidence><value>zlib-deflate-copyright</value></method></methods>
        </identity>
        <occurrences><occurrence><location>lib/libz.so.1</location><offset>4096</offset></occurrence></occurrences>
      </evidence>
    </component>
  </components>
</bom>"#;
    let sbom = read("bom.xml", doc.as_bytes()).unwrap();
    let evidence = sbom.components[0].evidence.as_ref().unwrap();
    assert_eq!(
        evidence.identity[0].confidence,
        Some(Confidence::from_thousandths(800))
    );
    assert_eq!(evidence.occurrences[0].offset, Some(4096));
    let bad = doc.replace(
        "<confidence>0.8</confidence><value>",
        "<confidence>7</confidence><value>",
    );
    let Err(SbomError::Invalid(problems)) = read("bom.xml", bad.as_bytes()) else {
        panic!("a confidence of 7 must be refused in XML too");
    };
    let first = problems[0].to_string();
    assert!(first.starts_with("bom.xml:7:"), "{first}");
    assert!(first.contains("not between 0 and 1"), "{first}");
}
