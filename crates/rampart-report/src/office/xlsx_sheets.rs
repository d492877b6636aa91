//! The sheets of `requirements.xlsx` after the first: Summary (subject, levels, readiness,
//! maturity, review), Gaps, Findings, Vulnerabilities, Zones (systems only) and Inputs.

use rampart_assess::AssessmentResults;
use rampart_assess::results::{InputFile, Readiness, SystemSection};
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::text;
use super::xlsx::{Cell, Column, Formats, table_sheet, write_header, write_row};

/// Subject, SL-T/SL-C/SL-A per FR with readiness, 4-1 maturity, components and review, as
/// short blocks one under the other.
pub(super) fn summary(
    sheet: &mut Worksheet,
    formats: &Formats,
    results: &AssessmentResults,
) -> Result<(), XlsxError> {
    sheet.set_name("Summary")?;
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 40)?;
    for col in 2..8 {
        sheet.set_column_width(col, 12)?;
    }
    let subject = &results.subject;
    let mut row = 0;
    let mut pair = |sheet: &mut Worksheet, key: &str, value: Cell| -> Result<(), XlsxError> {
        sheet.write_string_with_format(row, 0, key, &formats.key)?;
        write_row(sheet, formats, row, &[Cell::Empty, value])?;
        row += 1;
        Ok(())
    };
    let kind = match subject.kind {
        rampart_assess::results::SubjectKind::Product => "product",
        rampart_assess::results::SubjectKind::System => "system",
        rampart_assess::results::SubjectKind::Organisation => "organisation",
    };
    pair(sheet, "Subject", Cell::text(&subject.name))?;
    pair(sheet, "Kind", Cell::text(kind))?;
    pair(
        sheet,
        "Version",
        Cell::text(subject.version.as_deref().unwrap_or_default()),
    )?;
    let component_type = subject
        .component_type
        .map(rampart_catalog::ComponentType::as_str)
        .unwrap_or_default();
    pair(sheet, "Component type", Cell::text(component_type))?;
    let sl_t = subject.sl_t.map(|v| v.to_string()).unwrap_or_default();
    pair(sheet, "SL-T", Cell::text(&sl_t))?;
    pair(
        sheet,
        "Parts in scope",
        Cell::text(&subject.parts.join(", ")),
    )?;
    if let Some(artifact) = &subject.artifact {
        pair(sheet, "Analysed", Cell::text(&artifact.path))?;
    }
    if let Some(placement) = &subject.placement {
        let place = format!(
            "asset {} in zone {} (zone SL-T {}) of {}",
            placement.asset, placement.zone, placement.zone_sl_t, placement.model
        );
        pair(sheet, "Placement", Cell::text(&place))?;
    }
    pair(sheet, "Generated", Cell::date(Some(&results.generated)))?;
    pair(sheet, "Tool", Cell::text(&results.tool))?;
    pair(sheet, "Schema", Cell::text(&results.schema))?;
    let r = &results.readiness;
    pair(sheet, "Readiness at SL-T (%)", Cell::Decimal(r.percent))?;
    pair(sheet, "Required at SL-T", Cell::Number(r.required as f64))?;
    pair(sheet, "Satisfied", Cell::Number(r.satisfied as f64))?;
    pair(sheet, "Partially", Cell::Number(r.partially as f64))?;
    pair(sheet, "Not satisfied", Cell::Number(r.not_satisfied as f64))?;
    pair(
        sheet,
        "Not applicable",
        Cell::Number(r.not_applicable as f64),
    )?;
    pair(sheet, "Not assessed", Cell::Number(r.not_assessed as f64))?;
    let c = &results.components;
    pair(sheet, "Components", Cell::Number(c.total as f64))?;
    pair(
        sheet,
        "Vulnerable components",
        Cell::Number(c.vulnerable as f64),
    )?;
    pair(sheet, "ELF files checked", Cell::Number(c.elf_files as f64))?;
    pair(sheet, "ELF files weak", Cell::Number(c.elf_weak as f64))?;
    let review = &results.review;
    pair(sheet, "Review state", Cell::text(&review.state))?;
    pair(sheet, "Last review", Cell::date(review.last.as_deref()))?;
    pair(sheet, "Review due", Cell::date(Some(&review.due)))?;
    if !review.changes.is_empty() {
        pair(
            sheet,
            "Changed since review",
            Cell::text(&review.changes.join("\n")),
        )?;
    }
    row += 1;
    row = levels_block(sheet, formats, row, results)?;
    if !results.maturity.is_empty() {
        row += 1;
        maturity_block(sheet, formats, row, results)?;
    }
    Ok(())
}

const LEVEL_COLUMNS: &[Column] = &[
    Column::new("FR", 0.0),
    Column::new("Blocking item", 0.0),
    Column::new("SL-T", 0.0),
    Column::new("SL-C", 0.0),
    Column::new("SL-A", 0.0),
    Column::new("Required", 0.0),
    Column::new("Satisfied", 0.0),
    Column::new("Readiness %", 0.0),
];

/// SL-T, SL-C, SL-A per FR with the FR's readiness; returns the next free row.
fn levels_block(
    sheet: &mut Worksheet,
    formats: &Formats,
    mut row: u32,
    results: &AssessmentResults,
) -> Result<u32, XlsxError> {
    write_header(sheet, formats, row, LEVEL_COLUMNS)?;
    row += 1;
    for levels in &results.levels {
        let readiness: Option<&Readiness> = results
            .readiness_by_fr
            .iter()
            .find(|r| r.fr == levels.fr)
            .map(|r| &r.readiness);
        write_row(
            sheet,
            formats,
            row,
            &[
                Cell::text(&levels.fr.to_string()),
                Cell::text(levels.blocking.as_deref().unwrap_or_default()),
                Cell::Number(f64::from(levels.sl_t.get())),
                Cell::optional(levels.sl_c.map(|l| f64::from(l.get())), false),
                Cell::Number(f64::from(levels.sl_a.get())),
                Cell::optional(readiness.map(|r| r.required as f64), false),
                Cell::optional(readiness.map(|r| r.satisfied as f64), false),
                Cell::optional(readiness.map(|r| r.percent), true),
            ],
        )?;
        row += 1;
    }
    Ok(row)
}

const MATURITY_COLUMNS: &[Column] = &[
    Column::new("Practice", 0.0),
    Column::new("Title", 0.0),
    Column::new("ML", 0.0),
    Column::new("Items", 0.0),
    Column::new("Satisfied", 0.0),
    Column::new("Blocking item", 0.0),
];

/// 4-1 maturity per practice.
fn maturity_block(
    sheet: &mut Worksheet,
    formats: &Formats,
    mut row: u32,
    results: &AssessmentResults,
) -> Result<(), XlsxError> {
    write_header(sheet, formats, row, MATURITY_COLUMNS)?;
    row += 1;
    for practice in &results.maturity {
        write_row(
            sheet,
            formats,
            row,
            &[
                Cell::text(&practice.practice),
                Cell::text(&practice.title),
                Cell::text(&practice.level.map(|l| l.to_string()).unwrap_or_default()),
                Cell::Number(practice.items as f64),
                Cell::Number(practice.satisfied as f64),
                Cell::text(practice.blocking.as_deref().unwrap_or_default()),
            ],
        )?;
        row += 1;
    }
    Ok(())
}

const GAP_COLUMNS: &[Column] = &[
    Column::new("Rank", 6.0),
    Column::new("Requirement", 14.0),
    Column::new("Title", 40.0),
    Column::new("FR", 6.0),
    Column::new("Status", 14.0),
    Column::new("Unlocks", 20.0),
    Column::new("Severity", 10.0),
    Column::new("KEV", 6.0),
    Column::new("Exposure", 11.0),
    Column::new("Score", 8.0),
    Column::new("Remediation", 60.0),
    Column::new("Facts", 40.0),
];

/// The gap list, most impact first.
pub(super) fn gaps(
    sheet: &mut Worksheet,
    formats: &Formats,
    results: &AssessmentResults,
) -> Result<(), XlsxError> {
    sheet.set_name("Gaps")?;
    let rows = results.gaps.iter().map(|g| {
        vec![
            Cell::Number(g.rank as f64),
            Cell::text(&g.requirement),
            Cell::text(&g.title),
            Cell::text(&g.fr.map(|f| f.to_string()).unwrap_or_default()),
            Cell::text(g.status.as_str()),
            Cell::text(&text::unlocks(&g.unlocks)),
            Cell::text(
                g.severity
                    .map(rampart_assess::results::Severity::as_str)
                    .unwrap_or_default(),
            ),
            Cell::text(text::yes_no(g.kev)),
            Cell::text(g.exposure.as_deref().unwrap_or_default()),
            Cell::Decimal(g.score),
            Cell::text(&g.remediation),
            Cell::text(&g.facts.join(", ")),
        ]
    });
    table_sheet(sheet, formats, GAP_COLUMNS, rows)?;
    Ok(())
}

const FINDING_COLUMNS: &[Column] = &[
    Column::new("Severity", 10.0),
    Column::new("Code", 14.0),
    Column::new("Source", 10.0),
    Column::new("Title", 40.0),
    Column::new("Detail", 50.0),
    Column::new("Location", 50.0),
    Column::new("Requirements", 20.0),
    Column::new("Remediation", 50.0),
    Column::new("Fingerprint", 30.0),
];

/// Every finding, most severe first.
pub(super) fn findings(
    sheet: &mut Worksheet,
    formats: &Formats,
    results: &AssessmentResults,
) -> Result<(), XlsxError> {
    sheet.set_name("Findings")?;
    let rows = results.findings.iter().map(|f| {
        vec![
            Cell::text(f.severity.as_str()),
            Cell::text(&f.code),
            Cell::text(&f.source),
            Cell::text(&f.title),
            Cell::text(&f.detail),
            Cell::text(&f.location),
            Cell::text(&f.requirements.join(", ")),
            Cell::text(&f.remediation),
            Cell::text(&f.fingerprint),
        ]
    });
    table_sheet(sheet, formats, FINDING_COLUMNS, rows)?;
    Ok(())
}

const VULNERABILITY_COLUMNS: &[Column] = &[
    Column::new("ID", 18.0),
    Column::new("Aliases", 18.0),
    Column::new("Component", 24.0),
    Column::new("Version", 12.0),
    Column::new("purl", 40.0),
    Column::new("Severity", 10.0),
    Column::new("CVSS", 7.0),
    Column::new("Vector", 30.0),
    Column::new("KEV", 6.0),
    Column::new("EPSS", 7.0),
    Column::new("Status", 14.0),
    Column::new("Justification", 30.0),
    Column::new("Fixed in", 14.0),
    Column::new("Confidence", 10.0),
    Column::new("Records", 30.0),
];

/// Every vulnerability, highest priority first, with KEV and EPSS.
pub(super) fn vulnerabilities(
    sheet: &mut Worksheet,
    formats: &Formats,
    results: &AssessmentResults,
) -> Result<(), XlsxError> {
    sheet.set_name("Vulnerabilities")?;
    let rows = results.vulnerabilities.iter().map(|v| {
        vec![
            Cell::text(&v.id),
            Cell::text(&v.aliases.join(", ")),
            Cell::text(&v.component),
            Cell::text(v.version.as_deref().unwrap_or_default()),
            Cell::text(v.purl.as_deref().unwrap_or_default()),
            Cell::text(v.severity.as_str()),
            Cell::optional(v.score, false),
            Cell::text(v.vector.as_deref().unwrap_or_default()),
            Cell::text(text::yes_no(v.kev)),
            Cell::optional(v.epss, true),
            Cell::text(&v.status),
            Cell::text(v.justification.as_deref().unwrap_or_default()),
            Cell::text(&v.fixed_versions.join(", ")),
            Cell::text(&v.confidence),
            Cell::text(&v.records.join(", ")),
        ]
    });
    table_sheet(sheet, formats, VULNERABILITY_COLUMNS, rows)?;
    Ok(())
}

const ZONE_COLUMNS: &[Column] = &[
    Column::new("Zone", 14.0),
    Column::new("Name", 30.0),
    Column::new("SL-T", 20.0),
    Column::new("SL-A", 20.0),
    Column::new("Readiness %", 12.0),
    Column::new("Assets", 40.0),
];

/// A system's zones with their levels and readiness.
pub(super) fn zones(
    sheet: &mut Worksheet,
    formats: &Formats,
    system: &SystemSection,
) -> Result<(), XlsxError> {
    sheet.set_name("Zones")?;
    let vector = |pick: fn(&rampart_assess::results::FrLevels) -> u8, zone: &[_]| {
        let levels: Vec<String> = zone
            .iter()
            .map(|l: &rampart_assess::results::FrLevels| pick(l).to_string())
            .collect();
        format!("({})", levels.join(","))
    };
    let rows = system.zones.iter().map(|z| {
        vec![
            Cell::text(&z.id),
            Cell::text(&z.name),
            Cell::text(&vector(|l| l.sl_t.get(), &z.levels)),
            Cell::text(&vector(|l| l.sl_a.get(), &z.levels)),
            Cell::Decimal(z.readiness.percent),
            Cell::text(&z.assets.join(", ")),
        ]
    });
    table_sheet(sheet, formats, ZONE_COLUMNS, rows)?;
    Ok(())
}

const INPUT_COLUMNS: &[Column] = &[
    Column::new("Role", 16.0),
    Column::new("Path", 50.0),
    Column::new("SHA-256", 66.0),
    Column::new("Size (bytes)", 14.0),
];

/// The files the run read, the analysed artifact first when the inputs do not list it.
pub(super) fn inputs(
    sheet: &mut Worksheet,
    formats: &Formats,
    results: &AssessmentResults,
) -> Result<(), XlsxError> {
    sheet.set_name("Inputs")?;
    let rows = all_inputs(results).map(|i| {
        vec![
            Cell::text(&i.role),
            Cell::text(&i.path),
            Cell::text(i.sha256.as_deref().unwrap_or_default()),
            Cell::optional(i.size.map(|s| s as f64), false),
        ]
    });
    table_sheet(sheet, formats, INPUT_COLUMNS, rows)?;
    Ok(())
}

/// The run's inputs, with the subject's artifact first when `inputs` does not hold it.
pub(super) fn all_inputs(results: &AssessmentResults) -> impl Iterator<Item = &InputFile> {
    let artifact = results
        .subject
        .artifact
        .as_ref()
        .filter(|a| !results.inputs.contains(a));
    artifact.into_iter().chain(&results.inputs)
}
