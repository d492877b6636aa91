//! The one place the CLI's own output is shaped (catalog tables, CSV rows, JSON documents),
//! and where it goes: standard output or `-o FILE`, fitted to the terminal or in full rows.

use std::io::{IsTerminal as _, Write};
use std::path::Path;

use anyhow::Context as _;
use rampart_catalog::{Catalog, DATA_VERSION, PartInfo, Requirement};
use serde::Serialize;

/// Tables and wrapped lines are drawn by the same code as `rampart-system`'s reports, so the
/// CLI's catalog tables and the reports look alike and fit the terminal the same way.
pub use rampart_system::render::text::{draw, fitted_line, table};

/// `text`'s words in lines of at most `width` characters (a longer word has a line of its own).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The width text output should fit, or `None` for full rows. `--width N` always wins
/// (`0`: never wrap); otherwise output to a terminal fits it (`COLUMNS` if set, else the
/// terminal's size), and output to a file or a pipe keeps full rows, so scripts see whole lines.
pub fn text_width(flag: Option<u16>, to_file: bool) -> Option<u16> {
    let terminal = !to_file && std::io::stdout().is_terminal();
    let columns = std::env::var("COLUMNS").ok();
    choose_width(flag, terminal, columns.as_deref(), || {
        terminal_size::terminal_size().map(|(w, _)| w.0)
    })
}

/// [`text_width`]'s rule, apart from the questions it asks the system.
fn choose_width(
    flag: Option<u16>,
    terminal: bool,
    columns: Option<&str>,
    terminal_columns: impl FnOnce() -> Option<u16>,
) -> Option<u16> {
    match flag {
        Some(0) => None,
        Some(n) => Some(n),
        None if !terminal => None,
        None => columns
            .and_then(|c| c.trim().parse::<u16>().ok())
            .filter(|c| *c > 0)
            .or_else(terminal_columns),
    }
}

/// Writes `text` to the file `path` when one is given (`-o FILE`), else to `out`. A closed
/// pipe (`rampart … | head`) is not an error; an unwritable file is, naming the file.
pub fn write_text(text: &str, path: Option<&Path>, out: &mut dyn Write) -> anyhow::Result<()> {
    if let Some(path) = path {
        return std::fs::write(path, text)
            .with_context(|| format!("cannot write {}", path.display()));
    }
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write the output"),
    }
}

/// The component types of an item as abbreviations: `SA ED HD ND`.
pub fn type_abbrevs(item: &Requirement) -> String {
    item.component_types
        .iter()
        .map(|t| t.abbrev())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The catalog items as a table, with a footnote for disputed values.
pub fn items_table(items: &[&Requirement], width: Option<u16>) -> String {
    let mut t = table(&["ID", "Part", "Kind", "FR", "SL", "Types", "Title"], width);
    let mut any_disputed = false;
    for item in items {
        let mut sl = item.levels_text();
        if item.disputed() {
            sl.push_str(" *");
            any_disputed = true;
        }
        t.add_row(vec![
            item.id.to_string(),
            item.part.to_string(),
            item.kind.to_string(),
            item.fr.map(|f| f.to_string()).unwrap_or_default(),
            sl,
            type_abbrevs(item),
            item.title.clone(),
        ]);
    }
    let mut out = draw(t);
    out.push('\n');
    out.push_str(&format!(
        "{} item{}\n",
        items.len(),
        if items.len() == 1 { "" } else { "s" }
    ));
    if any_disputed {
        out.push_str(&fitted_line(
            "* disputed: public sources disagree on this value; `rampart catalog show ID` says how.",
            width,
            2,
        ));
    }
    out
}

/// The columns of the CSV forms, in order.
pub const CSV_HEADER: [&str; 12] = [
    "id",
    "part",
    "kind",
    "fr",
    "group",
    "parent",
    "title",
    "security_levels",
    "component_types",
    "normative",
    "disputed",
    "description",
];

/// Writes items as CSV with [`CSV_HEADER`].
pub fn write_items_csv(items: &[&Requirement], out: &mut dyn std::io::Write) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_HEADER)?;
    for item in items {
        w.write_record([
            item.id.to_string(),
            item.part.to_string(),
            item.kind.to_string(),
            item.fr.map(|f| f.to_string()).unwrap_or_default(),
            item.group.clone().unwrap_or_default(),
            item.parent
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            item.title.clone(),
            item.security_levels
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" "),
            item.component_types
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            item.normative.to_string(),
            item.disputed().to_string(),
            item.description.clone(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// The full-catalog JSON document of `catalog export --format json`.
#[derive(Serialize)]
pub struct CatalogDocument<'a> {
    /// Always `rampart-catalog`.
    pub format: &'static str,
    /// Bumped on any incompatible change of this document's shape.
    pub format_version: u32,
    /// The built-in data's version.
    pub data_version: &'static str,
    /// The parts exported, with their groups.
    pub parts: Vec<&'a PartInfo>,
    /// The items, in catalog order.
    pub items: Vec<&'a Requirement>,
}

impl<'a> CatalogDocument<'a> {
    /// The document for the given parts of `catalog`.
    pub fn new(catalog: &'a Catalog, parts: Vec<&'a PartInfo>) -> Self {
        let items = catalog
            .items()
            .filter(|i| parts.iter().any(|p| p.part == i.part))
            .collect();
        CatalogDocument {
            format: "rampart-catalog",
            format_version: 1,
            data_version: DATA_VERSION,
            parts,
            items,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_fits_a_terminal_and_keeps_full_rows_elsewhere() {
        let size = || Some(120);
        // Pipes and files: full rows, whatever COLUMNS says.
        assert_eq!(choose_width(None, false, Some("80"), size), None);
        // A terminal: COLUMNS first, then its size; a bad COLUMNS is ignored.
        assert_eq!(choose_width(None, true, Some("80"), size), Some(80));
        assert_eq!(choose_width(None, true, None, size), Some(120));
        assert_eq!(choose_width(None, true, Some("wide"), size), Some(120));
        assert_eq!(choose_width(None, true, Some("0"), size), Some(120));
        // --width wins everywhere; 0 means never wrap.
        assert_eq!(choose_width(Some(60), false, None, size), Some(60));
        assert_eq!(choose_width(Some(0), true, Some("80"), size), None);
    }

    #[test]
    fn long_lines_wrap_with_a_hanging_indent() {
        let line = "  asset `plc` misses CR 1.1, CR 1.2, CR 2.1 and CR 3.4";
        assert_eq!(fitted_line(line, None, 4), format!("{line}\n"));
        assert_eq!(fitted_line(line, Some(80), 4), format!("{line}\n"));
        assert_eq!(
            fitted_line(line, Some(30), 4),
            "  asset `plc` misses CR 1.1,\n    CR 1.2, CR 2.1 and CR 3.4\n"
        );
    }

    #[test]
    fn catalog_tables_wrap_to_the_width_without_losing_text() {
        let catalog = Catalog::builtin();
        let items: Vec<&Requirement> = catalog.items().take(20).collect();
        let full = items_table(&items, None);
        let narrow = items_table(&items, Some(70));
        assert!(full.lines().any(|l| l.chars().count() > 70));
        assert!(narrow.lines().all(|l| l.chars().count() <= 70), "{narrow}");
        // Nothing is cut: the same characters, apart from spaces and borders.
        let content = |text: &str| {
            let mut chars: Vec<char> = text
                .chars()
                .filter(|c| !c.is_whitespace() && !matches!(c, '|' | '+' | '-' | '='))
                .collect();
            chars.sort_unstable();
            chars
        };
        assert_eq!(content(&full), content(&narrow));
    }
}
