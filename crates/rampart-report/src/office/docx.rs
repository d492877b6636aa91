//! `report.docx`: the report as a document an assessor edits, comments on and signs off.
//! Sections are real Word headings (`heading 1`, `heading 2` with outline levels), so the
//! navigation pane and a table of contents work; every table is a plain Word table. The
//! outline is documented in `docs/report-office.md`.

use std::io::{self, Cursor};

use docx_rs::{
    BreakType, Docx, Paragraph, Run, Shading, Style, StyleType, Table, TableCell, TableRow,
    WidthType,
};
use rampart_assess::AssessmentResults;
use rampart_assess::results::{RequirementResult, Severity, SubjectKind};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::docx_sections;
use super::text;
use crate::ReportError;

/// The report of `results` as the bytes of a `.docx` file. The same results give the same
/// bytes (document dates are the run's day).
pub fn render_docx(results: &AssessmentResults) -> Result<Vec<u8>, ReportError> {
    let mut doc = Docx::new()
        .add_style(heading_style("Title", "Title", 44, None))
        .add_style(heading_style("Heading1", "heading 1", 32, Some(0)))
        .add_style(heading_style("Heading2", "heading 2", 26, Some(1)))
        .default_size(20)
        .page_size(11_906, 16_838);
    // Only a well-formed day goes into the package metadata (docx-rs writes it unescaped).
    if is_day(&results.generated) {
        let day = format!("{}T00:00:00Z", results.generated);
        doc = doc.created_at(&day).updated_at(&day);
    }
    doc = doc
        .add_paragraph(styled("Title", "Product Security Maturity Report"))
        .add_paragraph(plain(&subtitle(results)));
    doc = executive_summary(doc, results);
    doc = docx_sections::subject(doc, results);
    doc = docx_sections::levels(doc, results);
    doc = docx_sections::maturity(doc, results);
    doc = docx_sections::gaps(doc, results);
    doc = requirements(doc, results);
    doc = docx_sections::findings(doc, results);
    doc = docx_sections::vulnerabilities(doc, results);
    doc = docx_sections::system(doc, results);
    doc = docx_sections::trend(doc, results);
    doc = docx_sections::review(doc, results);
    doc = docx_sections::inputs(doc, results);
    let mut stored = Cursor::new(Vec::new());
    doc.pack(&mut stored)
        .map_err(|e| ReportError::Document(e.to_string()))?;
    deflate(stored.get_ref()).map_err(|e| ReportError::Document(e.to_string()))
}

/// The package again with every part deflated: docx-rs stores parts uncompressed, which
/// makes a report with thousands of table rows some twenty times larger than it need be.
/// Parts keep docx-rs's order and get a fixed time, so output stays
/// byte-identical.
fn deflate(stored: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    let mut archive = ZipArchive::new(Cursor::new(stored))?;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(stored.len() / 8)));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index)?;
        let name = entry.name()?.into_owned();
        if entry.is_dir() {
            out.add_directory(name, options)?;
        } else {
            out.start_file(name, options)?;
            io::copy(&mut entry, &mut out)?;
        }
    }
    Ok(out.finish()?.into_inner())
}

/// True for a `YYYY-MM-DD` day.
fn is_day(value: &str) -> bool {
    value.len() == 10
        && value.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// A paragraph style for the title or a heading; `outline` makes it a heading level.
fn heading_style(id: &str, name: &str, half_points: usize, outline: Option<usize>) -> Style {
    let style = Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
        .next("Normal")
        .size(half_points)
        .bold();
    match outline {
        Some(level) => style.outline_lvl(level),
        None => style,
    }
}

/// `Synthetic Device 1.0.0 · embedded-device · SL-T (2,2,2,2,2,2,2) · 2026-12-05 · rampart 0.1.0`.
fn subtitle(results: &AssessmentResults) -> String {
    let subject = &results.subject;
    let mut parts = vec![match &subject.version {
        Some(version) => format!("{} {version}", subject.name),
        None => subject.name.clone(),
    }];
    if let Some(ty) = subject.component_type {
        parts.push(ty.as_str().to_owned());
    }
    if let Some(sl_t) = subject.sl_t {
        parts.push(format!("SL-T {sl_t}"));
    }
    parts.push(format!("generated {}", results.generated));
    parts.push(results.tool.clone());
    parts.join(" · ")
}

/// What a manager reads in one minute: readiness, levels against target, what to fix first,
/// vulnerabilities and when the next review falls due.
fn executive_summary(doc: Docx, results: &AssessmentResults) -> Docx {
    let subject = &results.subject;
    let r = &results.readiness;
    let what = match subject.kind {
        SubjectKind::Product => "product",
        SubjectKind::System => "system",
        SubjectKind::Organisation => "organisation",
    };
    let mut lines = vec![format!(
        "This {what} was assessed against IEC 62443 {} {}.",
        if subject.parts.len() == 1 {
            "part"
        } else {
            "parts"
        },
        subject.parts.join(", ")
    )];
    let applicable = r.required.saturating_sub(r.not_applicable);
    lines.push(format!(
        "Readiness at the target level: {:.1}% ({} of {applicable} applicable required items \
         satisfied; {} partially, {} not satisfied, {} not assessed).",
        r.percent, r.satisfied, r.partially, r.not_satisfied, r.not_assessed
    ));
    let below: Vec<String> = results
        .levels
        .iter()
        .filter(|l| l.sl_a < l.sl_t)
        .map(|l| {
            let blocking = l
                .blocking
                .as_deref()
                .map(|b| format!(", held by {b}"))
                .unwrap_or_default();
            format!("{} at SL {} of {}{blocking}", l.fr, l.sl_a, l.sl_t)
        })
        .collect();
    if !results.levels.is_empty() {
        lines.push(if below.is_empty() {
            "Every foundational requirement reaches its target level.".to_owned()
        } else {
            format!("Below target: {}.", below.join("; "))
        });
    }
    if let Some(first) = results.gaps.first() {
        let top: Vec<String> = results
            .gaps
            .iter()
            .take(3)
            .map(|g| format!("{} ({})", g.requirement, g.title))
            .collect();
        lines.push(format!(
            "{}; fix first: {}. The first, {}: {}",
            counted(results.gaps.len(), "gap", "gaps"),
            top.join(", "),
            first.requirement,
            first.remediation
        ));
    }
    let kev = results.vulnerabilities.iter().filter(|v| v.kev).count();
    let critical = results
        .vulnerabilities
        .iter()
        .filter(|v| v.severity == Severity::Critical)
        .count();
    lines.push(format!(
        "{} ({kev} known exploited, {critical} critical) in {} of {}; the analysis raised {}.",
        counted(
            results.vulnerabilities.len(),
            "vulnerability",
            "vulnerabilities"
        ),
        results.components.vulnerable,
        counted(results.components.total, "component", "components"),
        counted(results.findings.len(), "finding", "findings")
    ));
    lines.push(format!(
        "Review: {}; next review due {}.",
        results.review.state, results.review.due
    ));
    let mut doc = doc.add_paragraph(heading(1, "Executive summary"));
    for line in lines {
        doc = doc.add_paragraph(plain(&line));
    }
    doc
}

/// `1 gap`, `3 gaps`.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Every requirement in scope, one sub-heading per FR or practice (in catalog order), so the
/// outline leads straight to a group.
fn requirements(mut doc: Docx, results: &AssessmentResults) -> Docx {
    doc = doc.add_paragraph(heading(1, "Requirements"));
    if results.requirements.is_empty() {
        return doc.add_paragraph(plain("No requirement is in scope."));
    }
    let mut start = 0;
    while start < results.requirements.len() {
        let group = group_of(&results.requirements[start]);
        let end = results.requirements[start..]
            .iter()
            .position(|r| group_of(r) != group)
            .map_or(results.requirements.len(), |n| start + n);
        doc = doc.add_paragraph(heading(2, &group));
        let rows = results.requirements[start..end].iter().map(|r| {
            let mut notes = Vec::new();
            if let Some(rationale) = &r.rationale {
                notes.push(rationale.clone());
            }
            let evidence = text::evidence_lines(&r.evidence);
            if !evidence.is_empty() {
                notes.push(evidence);
            }
            if let Some(assessor) = &r.assessor {
                let day = r.assessed.as_deref().unwrap_or("undated");
                notes.push(format!("{assessor}, {day}"));
            }
            vec![
                r.id.clone(),
                r.title.clone(),
                text::yes_no(r.required).to_owned(),
                r.status.as_str().to_owned(),
                super::xlsx::decided_by(r.decided_by).to_owned(),
                notes.join("\n"),
            ]
        });
        doc = doc.add_table(table(
            &[
                ("ID", 12),
                ("Title", 30),
                ("Required", 9),
                ("Status", 12),
                ("Decided by", 10),
                ("Rationale, evidence, assessor", 27),
            ],
            rows,
        ));
        start = end;
    }
    doc
}

/// The heading a requirement sits under: its part and group (`4-2 FR1`, `4-1 SM`).
fn group_of(requirement: &RequirementResult) -> String {
    match &requirement.group {
        Some(group) => format!("{} {group}", requirement.part),
        None => requirement.part.clone(),
    }
}

/// A heading at `level` (1 or 2).
pub(super) fn heading(level: u8, title: &str) -> Paragraph {
    styled(if level <= 1 { "Heading1" } else { "Heading2" }, title)
}

/// A paragraph in `style`.
fn styled(style: &str, value: &str) -> Paragraph {
    Paragraph::new().style(style).add_run(lines_run(value))
}

/// A body paragraph; line feeds in the text become line breaks.
pub(super) fn plain(value: &str) -> Paragraph {
    Paragraph::new().add_run(lines_run(value))
}

/// A run holding cleaned text, one line break per line feed.
fn lines_run(value: &str) -> Run {
    let cleaned = text::clean(value);
    let mut run = Run::new();
    for (i, line) in cleaned.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

/// The text width of an A4 page with docx-rs's default margins (1701 twips each side), in
/// twips: the table grid Word starts its layout from.
const TEXT_WIDTH: usize = 11_906 - 2 * 1_701;

/// A full-width table: a shaded bold header row from `columns` (header, width in percent of
/// the text width) and one row per item.
pub(super) fn table(columns: &[(&str, usize)], rows: impl Iterator<Item = Vec<String>>) -> Table {
    let header = TableRow::new(
        columns
            .iter()
            .map(|(title, width)| {
                TableCell::new()
                    .width(width * 50, WidthType::Pct)
                    .shading(Shading::new().fill("D9E1F2"))
                    .add_paragraph(Paragraph::new().add_run(Run::new().add_text(*title).bold()))
            })
            .collect(),
    );
    let mut all = vec![header];
    all.extend(rows.map(|cells| {
        TableRow::new(
            cells
                .iter()
                .zip(columns)
                .map(|(value, (_, width))| {
                    TableCell::new()
                        .width(width * 50, WidthType::Pct)
                        .add_paragraph(plain(value))
                })
                .collect(),
        )
    }));
    Table::new(all).width(5000, WidthType::Pct).set_grid(
        columns
            .iter()
            .map(|(_, width)| width * TEXT_WIDTH / 100)
            .collect(),
    )
}
