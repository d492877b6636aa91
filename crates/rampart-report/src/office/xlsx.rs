//! `requirements.xlsx`: one workbook with a sheet per table of the results (requirements
//! first, since that is where an engineer works), each with a frozen, filterable header. The
//! status column carries a drop-down of the five statuses so edits stay valid for
//! `rampart assess` to read back. Sheets and columns: `docs/report-office.md`.

use rampart_assess::AssessmentResults;
use rampart_assess::results::{DecidedBy, Status};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, Workbook,
    Worksheet, XlsxError,
};

use super::text;
use super::xlsx_sheets;
use crate::ReportError;

/// The spreadsheet of `results` as the bytes of an `.xlsx` file. The same results give the
/// same bytes (the creation time is the run's day, zip entries carry a fixed time).
pub fn render_xlsx(results: &AssessmentResults) -> Result<Vec<u8>, ReportError> {
    build(results).map_err(|e| ReportError::Spreadsheet(e.to_string()))
}

fn build(results: &AssessmentResults) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let mut properties = DocProperties::new()
        .set_title(text::clean(&format!(
            "IEC 62443 requirements: {}",
            results.subject.name
        )))
        .set_author(text::clean(&results.tool));
    // A fixed day when `generated` is malformed, never the clock, so output stays reproducible.
    let day = ExcelDateTime::parse_from_str(&results.generated)
        .or_else(|_| ExcelDateTime::from_ymd(1980, 1, 1))?;
    properties = properties.set_creation_datetime(&day);
    workbook.set_properties(&properties);
    let formats = Formats::new();
    requirements_sheet(workbook.add_worksheet(), &formats, results)?;
    xlsx_sheets::summary(workbook.add_worksheet(), &formats, results)?;
    xlsx_sheets::gaps(workbook.add_worksheet(), &formats, results)?;
    xlsx_sheets::findings(workbook.add_worksheet(), &formats, results)?;
    xlsx_sheets::vulnerabilities(workbook.add_worksheet(), &formats, results)?;
    if let Some(system) = &results.system {
        xlsx_sheets::zones(workbook.add_worksheet(), &formats, system)?;
    }
    xlsx_sheets::inputs(workbook.add_worksheet(), &formats, results)?;
    workbook.save_to_buffer()
}

/// The columns of the Requirements sheet, in order; [`STATUS_COLUMN`] and
/// [`DECIDED_BY_COLUMN`] index into it.
const REQUIREMENT_COLUMNS: &[Column] = &[
    Column::new("ID", 14.0),
    Column::new("Part", 6.0),
    Column::new("FR / practice", 12.0),
    Column::new("Title", 45.0),
    Column::new("Levels (SL)", 11.0),
    Column::new("Required at SL-T", 10.0),
    Column::new("Question", 55.0),
    Column::new("Status", 15.0),
    Column::new("Decided by", 12.0),
    Column::new("Rationale", 45.0),
    Column::new("Evidence", 45.0),
    Column::new("Proposals (rule → status: provenance)", 55.0),
    Column::new("Assessor", 18.0),
    Column::new("Assessed", 11.0),
    Column::new("Effective", 11.0),
    Column::new("Expires", 11.0),
    Column::new("Maturity", 9.0),
];
const STATUS_COLUMN: u16 = 7;
const DECIDED_BY_COLUMN: u16 = 8;

fn requirements_sheet(
    sheet: &mut Worksheet,
    formats: &Formats,
    results: &AssessmentResults,
) -> Result<(), XlsxError> {
    sheet.set_name("Requirements")?;
    let rows = results.requirements.iter().map(|r| {
        vec![
            Cell::text(&r.id),
            Cell::text(&r.part),
            Cell::text(r.group.as_deref().unwrap_or_default()),
            Cell::text(&r.title),
            Cell::text(&text::levels(&r.security_levels)),
            Cell::text(text::yes_no(r.required)),
            Cell::text(&r.question),
            Cell::text(r.status.as_str()),
            Cell::text(decided_by(r.decided_by)),
            Cell::text(r.rationale.as_deref().unwrap_or_default()),
            Cell::text(&text::evidence_lines(&r.evidence)),
            Cell::text(&text::proposal_lines(&r.proposals)),
            Cell::text(r.assessor.as_deref().unwrap_or_default()),
            Cell::date(r.assessed.as_deref()),
            Cell::date(r.effective.as_deref()),
            Cell::date(r.expires.as_deref()),
            Cell::text(&r.maturity.map(|m| m.to_string()).unwrap_or_default()),
        ]
    });
    let last = table_sheet(sheet, formats, REQUIREMENT_COLUMNS, rows)?;
    if last > 0 {
        let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        let status_list = DataValidation::new()
            .allow_list_strings(&statuses)?
            .set_error_style(DataValidationErrorStyle::Stop)
            .set_error_title("Unknown status")?
            .set_error_message(format!("The status is one of: {}.", statuses.join(", ")))?;
        sheet.add_data_validation(1, STATUS_COLUMN, last, STATUS_COLUMN, &status_list)?;
        let deciders = ["automatic", "assessor", "nobody"];
        let decider_list = DataValidation::new()
            .allow_list_strings(&deciders)?
            .set_error_title("Unknown decider")?
            .set_error_message("Decided by is one of: automatic, assessor, nobody.")?;
        sheet.add_data_validation(1, DECIDED_BY_COLUMN, last, DECIDED_BY_COLUMN, &decider_list)?;
    }
    Ok(())
}

/// `decided_by` as written in files.
pub(super) fn decided_by(who: DecidedBy) -> &'static str {
    match who {
        DecidedBy::Automatic => "automatic",
        DecidedBy::Assessor => "assessor",
        DecidedBy::Nobody => "nobody",
    }
}

/// One column of a table sheet: its header and width in characters.
pub(super) struct Column {
    header: &'static str,
    width: f64,
}

impl Column {
    pub(super) const fn new(header: &'static str, width: f64) -> Self {
        Column { header, width }
    }
}

/// One cell's value.
pub(super) enum Cell {
    /// Text, always written as a string (never a formula), cleaned and cut to a cell's size.
    Text(String),
    /// A number in the general format.
    Number(f64),
    /// A number with two decimals (scores, percentages, EPSS).
    Decimal(f64),
    /// A `YYYY-MM-DD` day, written as a date when it parses, else as text.
    Date(String),
    /// Nothing.
    Empty,
}

impl Cell {
    pub(super) fn text(value: &str) -> Cell {
        Cell::Text(text::cell(value))
    }

    pub(super) fn date(value: Option<&str>) -> Cell {
        value.map_or(Cell::Empty, |d| Cell::Date(d.to_owned()))
    }

    pub(super) fn optional(value: Option<f64>, decimal: bool) -> Cell {
        match value {
            Some(v) if decimal => Cell::Decimal(v),
            Some(v) => Cell::Number(v),
            None => Cell::Empty,
        }
    }
}

/// The formats every sheet shares.
pub(super) struct Formats {
    pub(super) header: Format,
    pub(super) key: Format,
    plain: Format,
    quoted: Format,
    date: Format,
    decimal: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            header: Format::new().set_bold().set_background_color(0x00D9_E1F2),
            key: Format::new().set_bold(),
            plain: Format::new(),
            quoted: Format::new().set_quote_prefix(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            decimal: Format::new().set_num_format("0.00"),
        }
    }
}

/// Writes `columns` as a header row at `row`.
pub(super) fn write_header(
    sheet: &mut Worksheet,
    formats: &Formats,
    row: u32,
    columns: &[Column],
) -> Result<(), XlsxError> {
    for (col, column) in (0u16..).zip(columns) {
        sheet.write_string_with_format(row, col, column.header, &formats.header)?;
    }
    Ok(())
}

/// Writes one row of cells at `row`.
pub(super) fn write_row(
    sheet: &mut Worksheet,
    formats: &Formats,
    row: u32,
    cells: &[Cell],
) -> Result<(), XlsxError> {
    for (col, cell) in (0u16..).zip(cells) {
        match cell {
            Cell::Text(s) if s.is_empty() => {}
            Cell::Text(s) => write_text(sheet, formats, row, col, s)?,
            Cell::Number(n) => {
                sheet.write_number(row, col, *n)?;
            }
            Cell::Decimal(n) => {
                sheet.write_number_with_format(row, col, *n, &formats.decimal)?;
            }
            Cell::Date(d) => match ExcelDateTime::parse_from_str(d) {
                Ok(day) => {
                    sheet.write_datetime_with_format(row, col, day, &formats.date)?;
                }
                Err(_) => write_text(sheet, formats, row, col, &text::cell(d))?,
            },
            Cell::Empty => {}
        }
    }
    Ok(())
}

/// Writes text as a string cell: never a formula, and with Excel's quote prefix when it
/// starts like one, so it stays text after an edit too.
fn write_text(
    sheet: &mut Worksheet,
    formats: &Formats,
    row: u32,
    col: u16,
    value: &str,
) -> Result<(), XlsxError> {
    let format = if text::looks_like_formula(value) {
        &formats.quoted
    } else {
        &formats.plain
    };
    sheet.write_string_with_format(row, col, value, format)?;
    Ok(())
}

/// A sheet holding one table: header in row 1, frozen, with an autofilter over the whole
/// table and the columns' widths. Returns the last row written (0 when there are no rows).
pub(super) fn table_sheet(
    sheet: &mut Worksheet,
    formats: &Formats,
    columns: &[Column],
    rows: impl Iterator<Item = Vec<Cell>>,
) -> Result<u32, XlsxError> {
    for (col, column) in (0u16..).zip(columns) {
        sheet.set_column_width(col, column.width)?;
    }
    write_header(sheet, formats, 0, columns)?;
    let mut last = 0;
    for (row, cells) in (1u32..).zip(rows) {
        write_row(sheet, formats, row, &cells)?;
        last = row;
    }
    let last_col = u16::try_from(columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
    sheet.autofilter(0, 0, last, last_col)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(last)
}
