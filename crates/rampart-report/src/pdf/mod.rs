//! The Product Security Maturity Report as PDF, pure Rust: a Typst template compiled by
//! typst as a library and written by typst-pdf, with the fonts compiled in ([`fonts`]), so a
//! report renders the same on every machine, offline.
//!
//! The results reach the template as data, never as markup: they are serialised to JSON and
//! offered as the virtual file `results.json`, which the template reads with
//! `json("results.json")`. A string from the results (a product name, a finding's detail) is
//! therefore a Typst string value and is printed as text, whatever characters it holds; a
//! hostile name cannot add markup or code to the document.
//!
//! The charts are the HTML report's SVG charts, offered as the virtual files `charts/*.svg`
//! with their index `charts.json` (`src/pdf/charts.rs`); Typst draws them as vector
//! graphics in the embedded fonts.
//!
//! The built-in template is `templates/pdf/report.typ` ([`BUILTIN_TEMPLATE`]). A user's
//! template replaces it: it reads the same `results.json` and charts and may import files
//! beside itself (see `docs/report-pdf.md`). Its errors are reported with file, line and
//! column.

mod charts;
mod diagnostics;
pub mod fonts;
mod world;

use std::path::{Path, PathBuf};

use rampart_assess::AssessmentResults;
use typst::diag::SourceDiagnostic;
use typst::foundations::Smart;
use typst::syntax::{FileId, Source, VirtualPath};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use crate::error::{ReportError, TemplateDiagnostic};
pub use charts::{CHARTS_DIR, CHARTS_INDEX};
pub use world::TEMPLATE_FILE_LIMIT;
use world::{ReportWorld, project_file};

/// The built-in template's Typst source.
pub const BUILTIN_TEMPLATE: &str = include_str!("../../templates/pdf/report.typ");

/// The largest template file read.
pub const TEMPLATE_LIMIT: u64 = 4 * 1024 * 1024;

/// The virtual file the results are offered as, beside the template.
pub const RESULTS_FILE: &str = "results.json";

/// How the built-in template is named in error messages.
const BUILTIN_NAME: &str = "<built-in template>";

/// Renders `results` as the PDF report with the built-in template, or with the Typst file
/// `template` when one is given. Returns the PDF's bytes; the same results and template give
/// the same bytes.
pub fn render_pdf(
    results: &AssessmentResults,
    template: Option<&Path>,
) -> Result<Vec<u8>, ReportError> {
    let mut supplied = vec![(RESULTS_FILE.to_owned(), serde_json::to_vec(results)?)];
    supplied.extend(charts::chart_files(results));
    let main = MainFile::load(template)?;
    let world = ReportWorld::new(
        Source::new(main.id, main.text.clone()),
        supplied,
        main.dir.clone(),
        &results.generated,
    );
    let options = PdfOptions {
        // A stable document identifier: the same subject keeps the same PDF /ID.
        ident: Smart::Custom(format!(
            "{} {}",
            results.subject.name,
            results.subject.version.as_deref().unwrap_or("")
        )),
        creator: Smart::Custom(Some(format!("{} (typst)", results.tool))),
        ..PdfOptions::default()
    };
    let located =
        |errors: &[SourceDiagnostic]| diagnostics::locate(&world, errors, &|id| main.name_of(id));
    let pdf = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| ReportError::PdfTemplate(located(errors.as_slice())))
        .and_then(|document| {
            typst_pdf::pdf(&document, &options).map_err(|errors| {
                ReportError::PdfExport(
                    located(errors.as_slice())
                        .iter()
                        .map(TemplateDiagnostic::to_string)
                        .collect::<Vec<_>>()
                        .join("; "),
                )
            })
        });
    // Typst memoises across compilations; a report is rendered once, so nothing is kept for
    // the next one (it would only grow the process's memory, and make benchmarks lie).
    comemo::evict(0);
    pdf
}

/// The template being compiled: its text, its virtual id and where it came from.
struct MainFile {
    id: FileId,
    text: String,
    /// The template's folder, for the files it imports; `None` for the built-in one.
    dir: Option<PathBuf>,
    /// The name errors give it.
    name: String,
}

impl MainFile {
    fn load(template: Option<&Path>) -> Result<Self, ReportError> {
        let Some(path) = template else {
            return Ok(Self {
                id: project_file("report.typ"),
                text: BUILTIN_TEMPLATE.to_owned(),
                dir: None,
                name: BUILTIN_NAME.to_owned(),
            });
        };
        let text = rampart_yaml::read_input(path, TEMPLATE_LIMIT).map_err(|e| {
            ReportError::TemplateRead {
                path: path.to_owned(),
                message: e.to_string(),
            }
        })?;
        let file_name = path
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|n| *n != RESULTS_FILE && *n != CHARTS_INDEX && VirtualPath::new(n).is_ok())
            .unwrap_or("report.typ");
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Ok(Self {
            id: project_file(file_name),
            text: text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned(),
            dir: Some(dir),
            name: path.display().to_string(),
        })
    }

    /// A person's name for a file the compiler mentions.
    fn name_of(&self, id: FileId) -> String {
        if id == self.id {
            return self.name.clone();
        }
        let relative = id.vpath().get_without_slash();
        if relative == RESULTS_FILE {
            return format!("{RESULTS_FILE} (the results given to the template)");
        }
        if relative == CHARTS_INDEX
            || relative
                .strip_prefix(CHARTS_DIR)
                .is_some_and(|rest| rest.starts_with('/'))
        {
            return format!(
                "{relative} (of the charts given to the template, listed in {CHARTS_INDEX})"
            );
        }
        match &self.dir {
            Some(dir) => dir.join(relative).display().to_string(),
            None => format!("{BUILTIN_NAME}/{relative}"),
        }
    }
}
