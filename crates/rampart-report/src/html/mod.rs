//! The Product Security Maturity Report as one self-contained HTML file: inline CSS, inline
//! SVG charts, no scripts and no external assets, so it can be mailed, archived and printed
//! as it is. The page comes from minijinja templates compiled into Rampart
//! (`crates/rampart-report/templates/`); a folder given by the user overrides any of them
//! by file name. `docs/report.md` documents the sections, the charts and the template context.

mod context;
mod templates;

use std::path::Path;

use rampart_assess::AssessmentResults;

use crate::ReportError;

pub use templates::BUILTIN_TEMPLATES;

/// The name of the template the report starts from.
pub const ENTRY_TEMPLATE: &str = "report.html";

/// The report for `results` as one HTML document. With `templates`, a file in that folder
/// named like a built-in template (`report.html`, `style.css`, …) replaces it, and other
/// files there can be included by name.
///
/// Every text from the results is HTML-escaped; a template that does not parse or render
/// gives [`ReportError::Template`] naming its file and line.
pub fn render_html(
    results: &AssessmentResults,
    templates: Option<&Path>,
) -> Result<String, ReportError> {
    let env = templates::environment(templates)?;
    let context = context::build(results);
    let template = env
        .get_template(ENTRY_TEMPLATE)
        .map_err(|e| templates::report_error(&e, templates))?;
    template
        .render(context)
        .map_err(|e| templates::report_error(&e, templates))
}
