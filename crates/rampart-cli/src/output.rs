//! The one place the CLI's own output is shaped (catalog tables, CSV rows, JSON documents),
//! and where it goes: standard output or `-o FILE`, fitted to the terminal or in full rows.

use std::io::{IsTerminal as _, Write};
use std::path::Path;

use anyhow::Context as _;
use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width, presets};
use rampart_catalog::{Catalog, DATA_VERSION, PartInfo, Requirement};
use serde::Serialize;

/// Rampart's table style, the same as `rampart-system`'s report tables: ASCII borders (safe
/// in any terminal, log file, e-mail or diff). With a `width` the cells wrap so the table
/// fits it; without, rows are never wrapped (stable output for scripts and snapshots).
pub fn table(header: &[&str], width: Option<u16>) -> Table {
    let mut t = Table::new();
    t.load_style(presets::ASCII_BORDERS_ONLY_CONDENSED);
    match width {
        Some(w) => t
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(w),
        None => t.set_content_arrangement(ContentArrangement::Disabled),
    };
    t.set_header(header.to_vec());
    t
}

/// The table as text. With a width to fit and rows too long for it, each column gets at
/// least its longest word (up to the largest cap at which every column still fits, so ids,
/// SL vectors and numbers stay whole and only words too long for the width are split), and
/// the space left goes to the columns in proportion to how much more their longest line needs.
pub fn draw(mut t: Table) -> String {
    let Some(width) = t.width() else {
        return t.to_string();
    };
    let count = t.column_count();
    let measure = |t: &Table, i: usize, of: fn(&str) -> usize| -> usize {
        t.column_cells_with_header_iter(i)
            .flatten()
            .map(|c| of(&c.content()))
            .max()
            .unwrap_or(0)
    };
    let word = |s: &str| {
        s.split_whitespace()
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0)
    };
    let line = |s: &str| s.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    let longest_word: Vec<usize> = (0..count).map(|i| measure(&t, i, word)).collect();
    let longest_line: Vec<usize> = (0..count).map(|i| measure(&t, i, line)).collect();
    // Two outer borders, a (blank) line between columns, a space of padding either side.
    let available = usize::from(width).saturating_sub(3 * count + 1);
    if longest_line.iter().sum::<usize>() <= available {
        t.set_content_arrangement(ContentArrangement::Disabled);
        return t.to_string();
    }
    let widest = longest_word.iter().copied().max().unwrap_or(1);
    let cap = (1..=widest)
        .rev()
        .find(|cap| longest_word.iter().map(|w| (*w).min(*cap)).sum::<usize>() <= available)
        .unwrap_or(1);
    let mut widths: Vec<usize> = longest_word.iter().map(|w| (*w).clamp(1, cap)).collect();
    let spare = available.saturating_sub(widths.iter().sum());
    let wants: Vec<usize> = longest_line
        .iter()
        .zip(&widths)
        .map(|(l, w)| l.saturating_sub(*w))
        .collect();
    let wanted: usize = wants.iter().sum();
    for (w, want) in widths.iter_mut().zip(&wants) {
        *w += (spare * want).checked_div(wanted).unwrap_or(0);
    }
    for (i, w) in widths.into_iter().enumerate() {
        if let Some(column) = t.column_mut(i) {
            // comfy-table's absolute width includes the column's padding.
            let with_padding = w + usize::from(column.padding_width());
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(
                with_padding.try_into().unwrap_or(u16::MAX),
            )));
        }
    }
    t.to_string()
}

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

/// `line` and a newline, or with a `width` it is too long for, its words on several lines:
/// the first keeps `line`'s indent, the others are indented by `hang` spaces.
pub fn fitted_line(line: &str, width: Option<u16>, hang: usize) -> String {
    let Some(width) = width.map(usize::from).filter(|w| line.chars().count() > *w) else {
        return format!("{line}\n");
    };
    let indent = &line[..line.len() - line.trim_start().len()];
    let mut out = String::new();
    for (i, part) in wrap(line, width.saturating_sub(hang.max(indent.len())).max(1))
        .iter()
        .enumerate()
    {
        let lead = if i == 0 {
            indent.to_owned()
        } else {
            " ".repeat(hang)
        };
        out.push_str(&format!("{lead}{part}\n"));
    }
    out
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

    /// The CLI's tables and `rampart-system`'s are drawn by two copies of the same code:
    /// the same table comes out the same, full or fitted.
    #[test]
    fn cli_and_report_tables_are_drawn_alike() {
        for width in [None, Some(60), Some(100)] {
            let mut t = table(&["Check", "ZCR", "Title", "Requirements"], width);
            let all = rampart_system::checks::all_checks();
            for c in all {
                t.add_row(vec![
                    c.id(),
                    c.zcr(),
                    c.title(),
                    &c.requirements().join(", "),
                ]);
            }
            let cli = format!(
                "{}\n{} checks; `rampart system check MODEL` runs them all.\n",
                draw(t),
                all.len()
            );
            assert_eq!(
                cli,
                rampart_system::render::checks_table(width),
                "{width:?}"
            );
        }
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
