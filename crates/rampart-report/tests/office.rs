//! The spreadsheet and the document open with reader crates (calamine; zip + roxmltree on
//! `word/document.xml`) and hold the requirement table; hostile text neither breaks them nor
//! turns into a formula.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use rampart_assess::AssessmentResults;
use rampart_assess::synthetic::synthetic;
use rampart_catalog::Catalog;
use rampart_report::{render_docx, render_xlsx};

fn results() -> AssessmentResults {
    synthetic(Catalog::builtin(), 40, 25)
}

fn workbook(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("the xlsx opens in calamine")
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the package"))
        .read_to_string(&mut text)
        .expect("UTF-8 part");
    text
}

/// Parses every XML part of a package, so no hostile string broke any of them.
fn assert_every_part_is_well_formed(bytes: &[u8]) {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let name = entry.name().unwrap().into_owned();
        let xml_part = std::path::Path::new(&name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xml") || e.eq_ignore_ascii_case("rels"));
        if xml_part {
            let mut xml = String::new();
            entry.read_to_string(&mut xml).unwrap();
            if let Err(e) = roxmltree::Document::parse(&xml) {
                panic!("{name} is not well-formed: {e}");
            }
        }
    }
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// Every paragraph of `word/document.xml` as (style, text), in document order.
fn paragraphs(docx: &[u8]) -> Vec<(String, String)> {
    let xml = part(docx, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).expect("document.xml is well-formed XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("p"))
        .map(|p| {
            let style = p
                .descendants()
                .find(|n| n.has_tag_name("pStyle"))
                .and_then(|n| n.attributes().find(|a| a.name() == "val"))
                .map(|a| a.value().to_owned())
                .unwrap_or_default();
            let text: String = p
                .descendants()
                .filter(|n| n.has_tag_name("t"))
                .filter_map(|n| n.text())
                .collect();
            (style, text)
        })
        .collect()
}

#[test]
fn spreadsheet_holds_every_requirement_with_its_status() {
    let results = results();
    let mut book = workbook(&render_xlsx(&results).unwrap());
    assert_eq!(
        book.sheet_names(),
        [
            "Requirements",
            "Summary",
            "Gaps",
            "Findings",
            "Vulnerabilities",
            "Inputs"
        ]
    );
    let sheet = book.worksheet_range("Requirements").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|row| row.iter().map(cell_text).collect())
        .collect();
    assert_eq!(
        rows[0][..9],
        [
            "ID",
            "Part",
            "FR / practice",
            "Title",
            "Levels (SL)",
            "Required at SL-T",
            "Question",
            "Status",
            "Decided by"
        ]
    );
    assert_eq!(rows.len(), results.requirements.len() + 1);
    assert!(
        results.requirements.len() > 50,
        "the synthetic catalog scope is not empty"
    );
    for (row, requirement) in rows[1..].iter().zip(&results.requirements) {
        assert_eq!(row[0], requirement.id);
        assert_eq!(row[7], requirement.status.as_str(), "{}", requirement.id);
    }
    let vulns = book.worksheet_range("Vulnerabilities").unwrap();
    let header: Vec<String> = vulns.rows().next().unwrap().iter().map(cell_text).collect();
    assert!(header.contains(&"KEV".to_owned()) && header.contains(&"EPSS".to_owned()));
    assert_eq!(vulns.height(), results.vulnerabilities.len() + 1);
    assert_eq!(
        book.worksheet_range("Findings").unwrap().height(),
        results.findings.len() + 1
    );
}

#[test]
fn status_column_is_a_drop_down_under_a_frozen_filtered_header() {
    let results = results();
    let bytes = render_xlsx(&results).unwrap();
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    let last = results.requirements.len() + 1;
    assert!(
        sheet.contains(&format!("<autoFilter ref=\"A1:Q{last}\"")),
        "{sheet:.2000}"
    );
    assert!(sheet.contains("ySplit=\"1\"") && sheet.contains("state=\"frozen\""));
    let validation = format!("sqref=\"H2:H{last}\"");
    let at = sheet
        .find(&validation)
        .expect("a validation on the status column");
    let rule = &sheet[sheet[..at].rfind("<dataValidation ").unwrap()..];
    assert!(
        rule.starts_with("<dataValidation type=\"list\""),
        "{rule:.300}"
    );
    assert!(
        rule.contains("\"satisfied,partially,not-satisfied,not-applicable,not-assessed\""),
        "{rule:.300}"
    );
}

/// Text from firmware and advisories: markup, entities, control characters and formula
/// prefixes.
fn hostile() -> AssessmentResults {
    let mut results = synthetic(Catalog::builtin(), 4, 3);
    let r = &mut results.requirements[0];
    r.title = "<w:p>&amp; ]]> \u{1}bell\u{7} \u{1b}[31m".into();
    r.rationale = Some("=HYPERLINK(\"http://evil.example\",\"x\")".into());
    r.assessor = Some("@SUM(1+1)".into());
    results.findings[0].title = "+cmd|' /C calc'!A0".into();
    results.findings[0].detail = "-2+3\r\nsecond line".into();
    results.vulnerabilities[0].component = "\t=1+1".into();
    results.subject.name = "Device <\"&'>".into();
    results.generated = "2026-12-05<x/>&".into();
    results
}

#[test]
fn hostile_text_stays_text_in_the_spreadsheet() {
    let results = hostile();
    let bytes = render_xlsx(&results).unwrap();
    assert_every_part_is_well_formed(&bytes);
    let mut book = workbook(&bytes);
    let sheet = book.worksheet_range("Requirements").unwrap();
    let row: Vec<&Data> = sheet.rows().nth(1).unwrap().iter().collect();
    assert_eq!(
        row[3],
        &Data::String("<w:p>&amp; ]]> \u{FFFD}bell\u{FFFD} \u{FFFD}[31m".into())
    );
    assert_eq!(
        row[9],
        &Data::String("=HYPERLINK(\"http://evil.example\",\"x\")".into())
    );
    assert_eq!(row[12], &Data::String("@SUM(1+1)".into()));
    let findings = book.worksheet_range("Findings").unwrap();
    assert_eq!(
        findings.get((1, 3)),
        Some(&Data::String("+cmd|' /C calc'!A0".into()))
    );
    assert_eq!(
        findings.get((1, 4)),
        Some(&Data::String("-2+3\nsecond line".into()))
    );
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "no formula in {name}"
        );
    }
    // The quote prefix keeps them text after an edit too: every formula-like cell uses it.
    let styles = part(&bytes, "xl/styles.xml");
    assert!(styles.contains("quotePrefix=\"1\""), "{styles}");
    let sheet1 = part(&bytes, "xl/worksheets/sheet1.xml");
    let quoted = cell_style(&sheet1, "J2");
    let plain = cell_style(&sheet1, "A2");
    assert_ne!(
        quoted, plain,
        "the formula-like rationale has its own (quoted) style"
    );
    assert_eq!(cell_style(&sheet1, "M2"), quoted);
}

/// The `s` (style index) attribute of a cell in a sheet's XML.
fn cell_style(sheet: &str, reference: &str) -> String {
    let at = sheet
        .find(&format!("<c r=\"{reference}\""))
        .unwrap_or_else(|| panic!("cell {reference}"));
    let tag = &sheet[at..at + sheet[at..].find('>').unwrap()];
    tag.split(" s=\"")
        .nth(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .unwrap_or_default()
}

#[test]
fn document_has_the_outline_and_the_requirement_table() {
    let results = results();
    let bytes = render_docx(&results).unwrap();
    let paragraphs = paragraphs(&bytes);
    let headings: Vec<&str> = paragraphs
        .iter()
        .filter(|(style, _)| style == "Heading1")
        .map(|(_, text)| text.as_str())
        .collect();
    assert_eq!(
        headings,
        [
            "Executive summary",
            "Subject",
            "Security levels",
            "Gaps and remediation",
            "Requirements",
            "Findings",
            "Vulnerabilities",
            "Review",
            "Inputs"
        ]
    );
    assert!(
        paragraphs
            .iter()
            .any(|(s, t)| s == "Heading2" && t == "4-2 FR1")
    );
    let styles = part(&bytes, "word/styles.xml");
    let heading1 = &styles[styles.find("w:styleId=\"Heading1\"").unwrap()..];
    let heading1 = &heading1[..heading1.find("</w:style>").unwrap()];
    assert!(heading1.contains("<w:outlineLvl w:val=\"0\""), "{heading1}");
    // Each requirement is a table row: id, title, required, status, decided by, notes.
    let xml = part(&bytes, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let rows: Vec<Vec<String>> = doc
        .descendants()
        .filter(|n| n.has_tag_name("tr"))
        .map(|tr| {
            tr.children()
                .filter(|n| n.has_tag_name("tc"))
                .map(|tc| {
                    tc.descendants()
                        .filter(|n| n.has_tag_name("t"))
                        .filter_map(|n| n.text())
                        .collect()
                })
                .collect()
        })
        .collect();
    for requirement in &results.requirements {
        assert!(
            rows.iter().any(|row| row.len() == 6
                && row[0] == requirement.id
                && row[3] == requirement.status.as_str()),
            "row of {}",
            requirement.id
        );
    }
}

#[test]
fn hostile_text_keeps_the_document_well_formed() {
    let results = hostile();
    let bytes = render_docx(&results).unwrap();
    assert_every_part_is_well_formed(&bytes);
    let text: String = paragraphs(&bytes)
        .into_iter()
        .map(|(_, t)| t + "\n")
        .collect();
    assert!(text.contains("<w:p>&amp; ]]> \u{FFFD}bell\u{FFFD} \u{FFFD}[31m"));
    assert!(text.contains("Device <\"&'>"));
    assert!(text.contains("=HYPERLINK(\"http://evil.example\",\"x\")"));
}

#[test]
fn same_results_give_the_same_bytes() {
    // The hostile results carry a malformed `generated` day: no clock time slips in either
    // (the pause crosses a second, the resolution of document timestamps).
    for results in [results(), hostile()] {
        let xlsx = render_xlsx(&results).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert_eq!(xlsx, render_xlsx(&results).unwrap());
        assert_eq!(
            render_docx(&results).unwrap(),
            render_docx(&results).unwrap()
        );
    }
}

#[test]
fn document_parts_are_deflated_and_docx_rs_reads_them_back() {
    let results = results();
    let bytes = render_docx(&results).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
    assert!(archive.by_name("[Content_Types].xml").is_ok());
    for index in 0..archive.len() {
        let entry = archive.by_index(index).unwrap();
        if entry.is_dir() {
            continue;
        }
        assert_eq!(
            entry.compression(),
            zip::CompressionMethod::Deflated,
            "{:?}",
            entry.name()
        );
    }
    let read = docx_rs::read_docx(&bytes).expect("docx-rs reads the document");
    let json = read.json();
    for requirement in &results.requirements {
        assert!(
            json.contains(&format!("\"{}\"", requirement.id)),
            "{}",
            requirement.id
        );
    }
}

/// Results with a gap and a system section, which the synthetic results leave empty.
fn with_gap_and_system() -> AssessmentResults {
    use rampart_assess::results::{
        ConduitResult, FrLevelChange, Gap, RiskMatrixCounts, Severity, Status, SystemSection,
        ZoneResult,
    };
    use rampart_catalog::{Fr, SecurityLevel};
    let mut results = synthetic(Catalog::builtin(), 4, 3);
    results.gaps.push(Gap {
        rank: 1,
        requirement: "CR 1.1".into(),
        title: "Human user identification and authentication".into(),
        fr: Some(Fr::Iac),
        status: Status::NotSatisfied,
        unlocks: vec![FrLevelChange {
            fr: Fr::Iac,
            from: SecurityLevel::SL0,
            to: SecurityLevel::SL1,
        }],
        severity: Some(Severity::Critical),
        kev: true,
        exposure: Some("external".into()),
        score: 42.5,
        remediation: "Require a unique login for every user.".into(),
        facts: vec!["synthetic/0".into()],
    });
    let levels = results.levels.clone();
    results.system = Some(SystemSection {
        name: "Synthetic plant".into(),
        zones: vec![ZoneResult {
            id: "Z1".into(),
            name: "Control".into(),
            levels,
            readiness: results.readiness.clone(),
            assets: vec!["plc-1".into()],
        }],
        conduits: vec![ConduitResult {
            id: "C1".into(),
            name: "Control to DMZ".into(),
            zones: vec!["Z1".into(), "Z2".into()],
            findings: vec!["cleartext-channel".into()],
        }],
        risk: RiskMatrixCounts::default(),
        diagram_svg: None,
    });
    results
}

#[test]
fn summary_sheet_holds_sl_t_sl_c_sl_a_per_fr() {
    let results = results();
    let mut book = workbook(&render_xlsx(&results).unwrap());
    let summary = book.worksheet_range("Summary").unwrap();
    let rows: Vec<Vec<String>> = summary
        .rows()
        .map(|row| row.iter().map(cell_text).collect())
        .collect();
    let header = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "FR"))
        .expect("the levels table");
    assert_eq!(rows[header][2..5], ["SL-T", "SL-C", "SL-A"]);
    for (row, levels) in rows[header + 1..].iter().zip(&results.levels) {
        assert_eq!(row[0], levels.fr.to_string());
        assert_eq!(row[2], levels.sl_t.to_string());
        assert_eq!(row[3], levels.sl_c.unwrap().to_string());
        assert_eq!(row[4], levels.sl_a.to_string());
    }
    assert!(
        rows.iter()
            .any(|r| r[0] == "Subject" && r[1] == "Synthetic Device")
    );
}

#[test]
fn gaps_and_zones_reach_both_files() {
    let results = with_gap_and_system();
    let mut book = workbook(&render_xlsx(&results).unwrap());
    assert!(book.sheet_names().contains(&"Zones".to_owned()));
    let gaps = book.worksheet_range("Gaps").unwrap();
    let row: Vec<String> = gaps.rows().nth(1).unwrap().iter().map(cell_text).collect();
    assert_eq!(row[1], "CR 1.1");
    assert_eq!(row[5], "FR1 0→1");
    assert_eq!(row[7], "yes");
    assert_eq!(row[10], "Require a unique login for every user.");
    let zones = book.worksheet_range("Zones").unwrap();
    assert_eq!(cell_text(zones.get((1, 0)).unwrap()), "Z1");
    let text: Vec<(String, String)> = paragraphs(&render_docx(&results).unwrap());
    assert!(
        text.iter()
            .any(|(s, t)| s == "Heading1" && t == "System: Synthetic plant")
    );
    assert!(text.iter().any(|(_, t)| t.contains("fix first: CR 1.1")));
    assert!(text.iter().any(
        |(_, t)| t == "unlocks FR1 0→1; severity critical; known exploited; exposure external"
    ));
}

#[test]
fn executive_summary_reads_as_snapshotted() {
    let results = with_gap_and_system();
    let paragraphs = paragraphs(&render_docx(&results).unwrap());
    let start = paragraphs
        .iter()
        .position(|(_, t)| t == "Executive summary")
        .unwrap();
    let end = paragraphs.iter().position(|(_, t)| t == "Subject").unwrap();
    let summary: Vec<&str> = paragraphs[..end]
        .iter()
        .enumerate()
        .filter(|(i, _)| *i < 2 || *i >= start)
        .map(|(_, (_, t))| t.as_str())
        .collect();
    insta::assert_snapshot!(summary.join("\n"));
}

/// The whole spreadsheet as a reader sees it, sheet by sheet and row by row (tab-separated),
/// so any change to its content shows up for review.
#[test]
fn spreadsheet_content_is_snapshotted() {
    let mut book = workbook(&render_xlsx(&with_gap_and_system()).unwrap());
    let mut out = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        out.push_str("## ");
        out.push_str(&name);
        out.push('\n');
        for row in range.rows() {
            out.push_str(&row.iter().map(cell_text).collect::<Vec<_>>().join("\t"));
            out.push('\n');
        }
    }
    insta::assert_snapshot!(out);
}

/// The whole document as a reader sees it: every paragraph (table cells included) with its
/// style, in document order.
#[test]
fn document_content_is_snapshotted() {
    let text: Vec<String> = paragraphs(&render_docx(&with_gap_and_system()).unwrap())
        .into_iter()
        .map(|(style, t)| {
            if style.is_empty() {
                t
            } else {
                format!("[{style}] {t}")
            }
        })
        .collect();
    insta::assert_snapshot!(text.join("\n"));
}
