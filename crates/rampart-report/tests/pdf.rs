//! The PDF report read back with a PDF reader: page counts, extractable text, template errors
//! located in their file, and results that cannot inject markup.
#![cfg(feature = "pdf")]

use std::path::Path;

use rampart_assess::AssessmentResults;
use rampart_assess::synthetic::synthetic;
use rampart_catalog::Catalog;
use rampart_report::{ReportError, render_pdf};

fn small() -> AssessmentResults {
    synthetic(Catalog::builtin(), 40, 12)
}

/// Page count and the text of every page, as a reader sees them.
fn read_back(pdf: &[u8]) -> (usize, String) {
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let doc = lopdf::Document::load_mem(pdf).expect("the PDF parses");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).expect("text extracts");
    (pages.len(), text)
}

fn template_error(err: ReportError) -> Vec<rampart_report::TemplateDiagnostic> {
    match err {
        ReportError::PdfTemplate(d) => d,
        other => panic!("expected a template error, got {other}"),
    }
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn built_in_report_has_its_sections_and_key_strings_as_text() {
    let results = small();
    let (pages, text) = read_back(&render_pdf(&results, None).unwrap());
    assert!((6..=40).contains(&pages), "{pages} pages");
    let requirement = &results.requirements[7].id;
    for wanted in [
        "Product Security Maturity Report",
        "Synthetic Device",
        "Executive summary",
        "Security levels per foundational requirement",
        "Readiness by foundational requirement",
        "Gaps and remediation",
        requirement.as_str(),
        "CVE-2099-00005",
        "FW-SYN-003",
        "Inputs",
    ] {
        assert!(text.contains(wanted), "{wanted:?} not in the PDF's text");
    }
}

#[test]
fn the_same_results_give_the_same_bytes() {
    let results = small();
    assert!(render_pdf(&results, None).unwrap() == render_pdf(&results, None).unwrap());
}

#[test]
fn long_lists_are_capped_and_the_pdf_says_where_the_rest_is() {
    let results = synthetic(Catalog::builtin(), 600, 450);
    let (pages, text) = read_back(&render_pdf(&results, None).unwrap());
    assert!(text.contains("The first 200 of 450 findings"), "{text}");
    assert!(text.contains("The first 200 of 450 vulnerabilities"));
    // The first vulnerabilities are listed, the last is only counted.
    assert!(text.contains("CVE-2099-00199"));
    assert!(!text.contains("CVE-2099-00449"));
    assert!(pages <= 80, "{pages} pages");
}

#[test]
fn hostile_strings_print_as_text_and_add_no_markup() {
    let plain = small();
    let (plain_pages, _) = read_back(&render_pdf(&plain, None).unwrap());
    let mut hostile = small();
    let name = r#"Evil #pagebreak() #pagebreak() ] [ *bold* $x$ <l> @l #panic("boom") // end"#;
    hostile.subject.name = name.to_owned();
    hostile.findings[0].detail = "#set page(width: 2cm) #pagebreak()".to_owned();
    hostile.requirements[0].title = "#include \"/etc/passwd\" #read(\"/etc/hostname\")".into();
    let (pages, text) = read_back(&render_pdf(&hostile, None).unwrap());
    assert_eq!(
        pages, plain_pages,
        "markup in the results changed the layout"
    );
    for literal in [
        "#pagebreak()",
        "#panic(\"boom\")",
        "$x$",
        "#set page(width: 2cm)",
        "#include",
    ] {
        assert!(
            text.contains(literal),
            "{literal:?} was not printed as text"
        );
    }
}

#[test]
fn a_user_template_reads_the_results_and_files_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "style.typ",
        "#let greet(name) = [Hello from the template, #name!]\n",
    );
    let template = write(
        dir.path(),
        "mine.typ",
        "#import \"style.typ\": greet\n#let r = json(\"results.json\")\n#greet(r.subject.name)\n#pagebreak()\n#r.requirements.len() requirements\n",
    );
    let results = small();
    let (pages, text) = read_back(&render_pdf(&results, Some(&template)).unwrap());
    assert_eq!(pages, 2);
    assert!(
        text.contains("Hello from the template, Synthetic Device!"),
        "{text}"
    );
    assert!(text.contains(&format!("{} requirements", results.requirements.len())));
}

#[test]
fn a_results_json_beside_the_template_does_not_replace_the_results() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "results.json",
        r#"{"subject": {"name": "Stale"}}"#,
    );
    let template = write(
        dir.path(),
        "t.typ",
        "#json(\"results.json\").subject.name\n",
    );
    let (_, text) = read_back(&render_pdf(&small(), Some(&template)).unwrap());
    assert!(
        text.contains("Synthetic Device") && !text.contains("Stale"),
        "{text}"
    );
}

#[test]
fn a_template_error_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let template = write(
        dir.path(),
        "broken.typ",
        "#let r = json(\"results.json\")\n  #reslts.subject\n",
    );
    let err = render_pdf(&small(), Some(&template)).unwrap_err();
    let message = err.to_string();
    let diagnostics = template_error(err);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let d = &diagnostics[0];
    assert_eq!((d.line, d.column), (2, 4), "{d:?}");
    assert!(d.file.ends_with("broken.typ"), "{d:?}");
    assert!(d.message.contains("unknown variable: reslts"), "{d:?}");
    assert!(
        message.starts_with(&format!("{}:2:4: unknown variable", template.display())),
        "{message}"
    );
}

#[test]
fn an_error_in_an_imported_file_names_that_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "parts.typ", "#let f() = {\n  1 + \"a\"\n}\n");
    let template = write(dir.path(), "main.typ", "#import \"parts.typ\": f\n#f()\n");
    let diagnostics = template_error(render_pdf(&small(), Some(&template)).unwrap_err());
    let d = &diagnostics[0];
    assert!(d.file.ends_with("parts.typ"), "{d:?}");
    assert_eq!(d.line, 2, "{d:?}");
}

#[test]
fn packages_are_refused_because_rendering_is_offline() {
    let dir = tempfile::tempdir().unwrap();
    let template = write(
        dir.path(),
        "p.typ",
        "#import \"@preview/example:0.1.0\": *\n",
    );
    let diagnostics = template_error(render_pdf(&small(), Some(&template)).unwrap_err());
    assert!(
        diagnostics.iter().any(|d| d.message.contains("offline")),
        "{diagnostics:?}"
    );
    assert_eq!(diagnostics[0].line, 1);
}

#[test]
fn a_missing_template_is_named() {
    let err = render_pdf(&small(), Some(Path::new("/nonexistent/report.typ"))).unwrap_err();
    assert!(matches!(err, ReportError::TemplateRead { .. }), "{err:?}");
    assert!(
        err.to_string().starts_with("/nonexistent/report.typ: "),
        "{err}"
    );
}

/// Results with every optional part filled (gaps, 4-1 maturity, a system with zones, conduits
/// and risk, a trend, review changes, placement, inputs, aliases and VEX notes), so every
/// branch of the template is evaluated: Typst reports errors only in code it runs.
fn everything() -> AssessmentResults {
    let mut value = serde_json::to_value(small()).unwrap();
    let extra = serde_json::json!({
        "gaps": [{
            "rank": 1, "requirement": "CR 1.1", "title": "Human user identification",
            "fr": "FR1", "status": "not-satisfied",
            "unlocks": [{"fr": "FR1", "from": 0, "to": 1}],
            "severity": "critical", "kev": true, "exposure": "external", "score": 9.5,
            "remediation": "Require a unique account per operator.",
            "facts": ["synthetic/1", "CVE-2099-00000"]
        }],
        "maturity": [
            {"practice": "SM", "title": "Security management", "level": "ML2", "items": 13,
             "satisfied": 9, "blocking": "SM-4"},
            {"practice": "SVV", "title": "Security verification and validation testing",
             "items": 5, "satisfied": 0}
        ],
        "system": {
            "name": "Synthetic plant",
            "zones": [{
                "id": "zone-control", "name": "Control zone",
                "levels": [{"fr": "FR1", "sl_t": 2, "sl_c": 1, "sl_a": 1, "blocking": "SR 1.1"}],
                "readiness": {"required": 4, "satisfied": 1, "partially": 1, "not_satisfied": 1,
                              "not_applicable": 0, "not_assessed": 1, "percent": 25.0},
                "assets": ["plc-1", "hmi-1"]
            }],
            "conduits": [{"id": "conduit-dmz", "name": "DMZ link",
                          "zones": ["zone-control", "zone-dmz"], "findings": ["cleartext-channel"]}],
            "risk": {"likelihoods": ["rare", "likely"], "consequences": ["minor", "major"],
                     "inherent": [[1, 2], [3, 4]], "residual": [[1, 0], [2, 1]],
                     "cells": [["low", "medium"], ["high", "critical"]]}
        },
        "trend": [
            {"version": "0.9.0", "generated": "2025-12-01", "percent": 20.0,
             "sl_a": [0, 0, 0, 0, 0, 0, 0], "vulnerabilities": 30, "kev": 3},
            {"version": "1.0.0", "generated": "2026-12-05", "percent": 40.0,
             "sl_a": [1, 1, 1, 1, 1, 1, 1], "vulnerabilities": 12, "kev": 1}
        ],
        "review": {"last": "2026-01-15", "due": "2027-01-15", "state": "changed",
                   "changes": ["the SBOM changed: 3 components added"]},
        "inputs": [{"role": "answers", "path": "answers.yaml", "sha256": "ab".repeat(32), "size": 120}]
    });
    for (key, v) in extra.as_object().unwrap() {
        value[key] = v.clone();
    }
    value["subject"]["placement"] = serde_json::json!({
        "model": "plant.yaml", "asset": "plc-1", "zone": "zone-control",
        "zone_sl_t": [2, 2, 2, 2, 2, 2, 2]
    });
    value["vulnerabilities"][0]["aliases"] = serde_json::json!(["GHSA-xxxx-yyyy-zzzz"]);
    value["vulnerabilities"][1]["status"] = "not_affected".into();
    value["vulnerabilities"][1]["justification"] = "vulnerable_code_not_present".into();
    serde_json::from_value(value).unwrap()
}

#[test]
fn every_optional_part_renders() {
    let (_, text) = read_back(&render_pdf(&everything(), None).unwrap());
    for wanted in [
        "Require a unique account per operator.",
        "Unlocks: FR1 SL 0",
        "Security management",
        "not rated",
        "System: Synthetic plant",
        "zone-control",
        "conduit-dmz",
        "Trend across versions",
        "0.9.0",
        "the SBOM changed: 3 components added",
        "answers.yaml",
        "GHSA-xxxx-yyyy-zzzz",
        "vulnerable_code_not_present",
        "asset plc-1 in zone zone-control",
    ] {
        assert!(text.contains(wanted), "{wanted:?} not in the PDF's text");
    }
}

/// An asset owner's 2-1 programme (`rampart assess organisation`) gets its own title and a
/// maturity-and-readiness section per programme element, and none of the product sections
/// (FR levels, findings, vulnerabilities) it has no data for.
#[test]
fn an_organisations_report_shows_its_programme_not_product_sections() {
    let catalog = Catalog::builtin();
    let answers = rampart_assess::AssessmentFile::parse_in(
        "org.yaml",
        "schema: rampart.assessment/1\nsubject:\n  kind: organisation\n  name: Acme Water\nrequirements:\n  - id: ORG 1.1\n    status: satisfied\n    maturity: {defined: true}\n  - id: NET 3.1\n    status: not-satisfied\n  - id: NET 2.1\n    status: not-applicable\n    rationale: no wireless\n",
        Path::new("/nonexistent-rampart-test"),
        catalog,
    )
    .unwrap();
    let results = rampart_assess::organisation::assess_organisation(
        &rampart_assess::organisation::OrganisationInput {
            catalog,
            answers: &answers,
            previous: &[],
            inputs: Vec::new(),
            today: "2026-12-05".parse().unwrap(),
        },
    )
    .unwrap();
    let (_, text) = read_back(&render_pdf(&results, None).unwrap());
    for wanted in [
        "Security Programme Maturity Report",
        "Acme Water",
        "Maturity and readiness by IEC 62443-2-1 element",
        "programme elements",
        "NET 3.1",
        "Gaps and remediation",
    ] {
        assert!(text.contains(wanted), "{wanted:?} not in the PDF's text");
    }
    for unwanted in [
        "Product Security Maturity Report",
        "Security levels per foundational requirement",
        "Readiness by foundational requirement",
        "Target security level",
        "Vulnerabilities",
        "Findings",
    ] {
        assert!(
            !text.contains(unwanted),
            "{unwanted:?} in an organisation's PDF"
        );
    }
}

/// The PDF's text as a reader extracts it, page by page, so any change to what the report
/// says shows up for review (the layout is covered by the byte-identity test above).
#[test]
fn pdf_text_is_snapshotted() {
    let pdf = render_pdf(&synthetic(Catalog::builtin(), 12, 6), None).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).expect("the PDF parses");
    let mut out = String::new();
    for (number, _) in doc.get_pages() {
        out.push_str(&format!("--- page {number}\n"));
        out.push_str(&doc.extract_text(&[number]).expect("text extracts"));
    }
    insta::assert_snapshot!(out);
}
