//! The editable report set: `requirements.xlsx`, the spreadsheet an engineer works through and
//! a certifier filters, and `report.docx`, the document an assessor edits and signs off.
//! Both read [`AssessmentResults`](rampart_assess::AssessmentResults) only. Layout of both is
//! documented in `docs/report-office.md`.

mod docx;
mod docx_sections;
mod text;
mod xlsx;
pub(crate) mod xlsx_sheets;

pub use docx::render_docx;
pub use xlsx::render_xlsx;
