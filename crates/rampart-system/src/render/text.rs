//! Fitting text to a width: Rampart's table style, column widths that keep words whole, and
//! lines that wrap with a hanging indent. With no width, nothing wraps.

use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width, presets};

/// Rampart's table style, for the reports here and the CLI's catalog tables alike: ASCII borders
/// (safe in any terminal, log file, e-mail or diff). With a `width` the cells wrap so the
/// table fits it; without, rows are never wrapped (stable output for scripts and snapshots).
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

/// Appends `line` and a newline; with a `width`, words that would pass it go on
/// continuation lines indented by `hang` spaces. A word longer than the width stays whole.
pub fn push_wrapped(out: &mut String, line: &str, width: Option<u16>, hang: usize) {
    let Some(width) = width.map(usize::from) else {
        out.push_str(line);
        out.push('\n');
        return;
    };
    if line.chars().count() <= width {
        out.push_str(line);
        out.push('\n');
        return;
    }
    let indent_len = line.len() - line.trim_start().len();
    let mut current = line[..indent_len].to_owned();
    let mut len = indent_len;
    let mut empty = true;
    for word in line.split_whitespace() {
        let n = word.chars().count();
        if !empty && len + 1 + n > width {
            out.push_str(&current);
            out.push('\n');
            current = " ".repeat(hang);
            len = hang;
            empty = true;
        }
        if !empty {
            current.push(' ');
            len += 1;
        }
        current.push_str(word);
        len += n;
        empty = false;
    }
    out.push_str(&current);
    out.push('\n');
}

/// `line` and a newline, wrapped as [`push_wrapped`] does, as a string of its own.
pub fn fitted_line(line: &str, width: Option<u16>, hang: usize) -> String {
    let mut out = String::new();
    push_wrapped(&mut out, line, width, hang);
    out
}
