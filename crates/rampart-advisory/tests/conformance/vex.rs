//! Conformance against public corpora kept outside the repository (`../shared/corpora`).
//! Built only with `--features conformance`; `.ci/run` sets `RAMPART_CORPORA` and runs it.
//!
//! - Every OASIS CSAF VEX example and every valid CycloneDX 1.4–1.6 example BOM with
//!   vulnerabilities reads as VEX without error.
//! - Rampart's CSAF and CycloneDX VEX outputs validate against the official JSON schemas
//!   (formats checked), and so do the official examples with the same validator, so the
//!   oracle is known to work.

use std::path::{Path, PathBuf};

use rampart_advisory::vex::{
    self, Justification, ProductRef, ProductVersion, VexDocument, VexFormat, VexResponse,
    VexStatement, VexStatus,
};
use rampart_testkit::{read_json, schema_errors, schema_validator};
use serde_json::Value;

fn corpora() -> PathBuf {
    let dir = std::env::var_os("RAMPART_CORPORA")
        .expect("set RAMPART_CORPORA to the shared corpora folder to run the conformance tests");
    PathBuf::from(dir)
}

fn csaf_validator() -> jsonschema::Validator {
    let root = corpora().join("csaf-oasis/csaf_2.0");
    schema_validator(
        &root.join("json_schema/csaf_json_schema.json"),
        vec![root.join("referenced_schema/first")],
    )
}

fn cyclonedx_validator() -> jsonschema::Validator {
    let dir = corpora().join("cyclonedx-spec/schema");
    schema_validator(&dir.join("bom-1.6.schema.json"), vec![dir])
}

fn json_files(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.ends_with(".json") && keep(&name)
        })
        .collect();
    files.sort();
    files
}

/// A document with every status, justification and product shape the writers handle.
fn document() -> VexDocument {
    let mut statements = Vec::new();
    for (i, status) in VexStatus::ALL.into_iter().enumerate() {
        let mut s = VexStatement::new(
            &format!("CVE-2024-{:04}", 1000 + i),
            vec![
                ProductRef {
                    purl: Some(format!("pkg:deb/debian/openssl@3.0.{i}-1?arch=amd64")),
                    cpe: Some(format!("cpe:2.3:a:openssl:openssl:3.0.{i}:*:*:*:*:*:*:*")),
                    reference: Some(format!("SPDXRef-Package-openssl-{i}")),
                    ..ProductRef::default()
                },
                ProductRef {
                    purl: Some("pkg:oci/firmware@1.0".into()),
                    subcomponents: vec![ProductRef::purl("pkg:generic/busybox@1.36.1")],
                    ..ProductRef::default()
                },
            ],
            status,
        );
        s.aliases = vec![format!("GHSA-aaaa-bbbb-{i:04}")];
        s.timestamp = Some(format!("2024-0{}-01T12:00:00Z", i + 1));
        match status {
            VexStatus::NotAffected => {
                s.justification = Some(Justification::ALL[i % 5]);
                s.impact_statement = Some("Not reachable.".into());
            }
            VexStatus::Affected | VexStatus::Fixed => s.action_statement = Some("Upgrade.".into()),
            VexStatus::UnderInvestigation => s.detail = Some("Being analysed.".into()),
        }
        statements.push(s);
    }
    // A product limited to versions, and every response (CycloneDX `versions[]` and
    // `analysis.response[]`; CSAF remediation categories).
    let mut versioned = VexStatement::new(
        "CVE-2024-2000",
        vec![ProductRef {
            versions: vec![
                ProductVersion::Exact("4.17.20".into()),
                ProductVersion::range("vers:npm/>=4.0.0|<4.17.0").unwrap(),
            ],
            ..ProductRef::purl("pkg:npm/lodash")
        }],
        VexStatus::Affected,
    );
    versioned.responses = VexResponse::ALL.to_vec();
    statements.push(versioned);
    let mut osv = VexStatement::new(
        "OSV-2024-1",
        vec![ProductRef::purl("pkg:npm/lodash")],
        VexStatus::NotAffected,
    );
    osv.justification = Some(Justification::InlineMitigationsAlreadyExist);
    statements.push(osv);
    VexDocument {
        format: VexFormat::OpenVex,
        id: None,
        author: Some("ACME PSIRT".into()),
        timestamp: Some("2024-06-01T00:00:00Z".into()),
        statements,
    }
}

#[test]
fn oasis_csaf_vex_examples_read_and_validate() {
    let dir = corpora().join("csaf-oasis/csaf_2.0/examples/csaf/csaf_vex");
    let validator = csaf_validator();
    let files = json_files(&dir, |_| true);
    let mut statements = 0;
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let name = path.display().to_string();
        let doc = vex::read(&name, &bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(doc.format, VexFormat::Csaf, "{name}");
        assert!(!doc.statements.is_empty(), "{name}: no statements");
        statements += doc.statements.len();
        assert_eq!(
            schema_errors(&validator, &read_json(path)),
            Vec::<String>::new(),
            "{name}"
        );
    }
    println!("{} CSAF VEX examples, {statements} statements", files.len());
    assert!(
        files.len() >= 13,
        "expected the 13 OASIS VEX examples in {}",
        dir.display()
    );
}

#[test]
fn cyclonedx_examples_with_vulnerabilities_read() {
    let root = corpora().join("cyclonedx-spec/tools/src/test/resources");
    let mut read = 0;
    let mut statements = 0;
    // Products limited by `affects[].versions[]` (the vulnerability examples have them).
    let mut versioned = 0;
    for version in ["1.4", "1.5", "1.6"] {
        for path in json_files(&root.join(version), |n| n.starts_with("valid-")) {
            let value = read_json(&path);
            if value["vulnerabilities"]
                .as_array()
                .is_none_or(Vec::is_empty)
            {
                continue;
            }
            let name = path.display().to_string();
            let doc =
                vex::read(&name, &std::fs::read(&path).unwrap()).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(doc.format, VexFormat::CycloneDx, "{name}");
            read += 1;
            statements += doc.statements.len();
            versioned += doc
                .statements
                .iter()
                .flat_map(|s| &s.products)
                .filter(|p| !p.versions.is_empty())
                .count();
        }
    }
    println!(
        "{read} CycloneDX BOMs with vulnerabilities, {statements} statements, \
         {versioned} products limited to versions"
    );
    assert!(
        read >= 3 && statements >= 3 && versioned >= 3,
        "{read} BOMs, {statements} statements, {versioned} versioned products"
    );
}

#[test]
fn our_csaf_output_validates_against_the_csaf_schema() {
    let out: Value = serde_json::from_str(&vex::write(&document(), VexFormat::Csaf)).unwrap();
    assert_eq!(
        schema_errors(&csaf_validator(), &out),
        Vec::<String>::new(),
        "{out:#}"
    );
}

#[test]
fn our_cyclonedx_output_validates_against_the_1_6_schema() {
    let validator = cyclonedx_validator();
    let example =
        corpora().join("cyclonedx-spec/tools/src/test/resources/1.6/valid-vulnerability-1.6.json");
    assert_eq!(
        schema_errors(&validator, &read_json(&example)),
        Vec::<String>::new(),
        "the oracle itself"
    );
    let out: Value = serde_json::from_str(&vex::write(&document(), VexFormat::CycloneDx)).unwrap();
    assert_eq!(
        schema_errors(&validator, &out),
        Vec::<String>::new(),
        "{out:#}"
    );
}

#[test]
fn the_schemas_catch_a_broken_output() {
    // A validator that accepts everything would make the two tests above meaningless.
    let mut out: Value = serde_json::from_str(&vex::write(&document(), VexFormat::Csaf)).unwrap();
    out["document"]["category"] = Value::from(42);
    assert!(!csaf_validator().is_valid(&out));
    let mut out: Value =
        serde_json::from_str(&vex::write(&document(), VexFormat::CycloneDx)).unwrap();
    out["vulnerabilities"][0]["analysis"]["state"] = Value::from("perhaps");
    assert!(!cyclonedx_validator().is_valid(&out));
}
