//! Tables for people.
//!
//! Every renderer takes the width to fit (`Some(columns)`, for a terminal) or `None` for
//! full rows (files, pipes, snapshots): a table then wraps its cells, and the explanatory
//! lines around it wrap with a hanging indent. Text is never cut.

use std::fmt::Write as _;

use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width, presets};

use crate::checks::Finding;
use crate::gap::{GapReport, GapStatus};
use crate::model::SystemModel;
use crate::risk::{Risk, RiskReport};

use super::Summary;

/// Rampart's table style (the CLI draws its catalog tables the same way): ASCII borders
/// (safe in any terminal, log file, e-mail or diff). With a `width` the cells wrap so the
/// table fits it; without, rows are never wrapped (stable output for scripts and snapshots).
pub(crate) fn table(header: &[&str], width: Option<u16>) -> Table {
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
pub(crate) fn draw(mut t: Table) -> String {
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
pub(crate) fn push_wrapped(out: &mut String, line: &str, width: Option<u16>, hang: usize) {
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

/// The catalogue of checks (`rampart system checks`): id, ZCR, title and the 3-3
/// requirements each bears on.
pub fn checks_table(width: Option<u16>) -> String {
    let all = crate::checks::all_checks();
    let mut t = table(&["Check", "ZCR", "Title", "Requirements"], width);
    for c in all {
        t.add_row(vec![
            c.id(),
            c.zcr(),
            c.title(),
            &c.requirements().join(", "),
        ]);
    }
    let t = draw(t);
    format!(
        "{t}\n{} checks; `rampart system check MODEL` runs them all.\n",
        all.len()
    )
}

fn opt_vec(v: Option<rampart_catalog::SlVector>) -> String {
    v.map_or_else(|| "unknown".to_owned(), |v| v.to_string())
}

/// Findings as a table, followed by a one-line summary.
pub fn check_table(model: &SystemModel, findings: &[Finding], width: Option<u16>) -> String {
    let mut out = String::new();
    if findings.is_empty() {
        let _ = writeln!(out, "{}: no findings", model.system().name);
        return out;
    }
    let mut t = table(&["severity", "check", "ZCR", "at", "finding"], width);
    let mut hints: Vec<(&str, &str)> = Vec::new();
    for f in findings {
        t.add_row(vec![
            f.severity.to_string(),
            f.check.to_owned(),
            f.zcr.to_owned(),
            format!("{}:{}:{}", model.file(), f.line, f.col),
            f.message.clone(),
        ]);
        if !hints.iter().any(|(c, _)| *c == f.check) {
            hints.push((f.check, f.hint));
        }
    }
    let s = Summary::of(findings);
    let t = draw(t);
    let _ = writeln!(out, "{t}");
    let _ = writeln!(out, "How to fix:");
    for (check, hint) in hints {
        push_wrapped(&mut out, &format!("  {check}: {hint}"), width, 4);
    }
    let _ = writeln!(
        out,
        "{} findings: {} high, {} medium, {} low, {} info",
        findings.len(),
        s.high,
        s.medium,
        s.low,
        s.info
    );
    out
}

fn risk_cell(r: &Risk) -> String {
    format!(
        "{} × {} = {} ({})",
        r.likelihood,
        r.impact,
        r.score,
        if r.tolerable {
            "tolerable"
        } else {
            "intolerable"
        }
    )
}

/// The risk assessment as tables: per zone, per scenario, and each SL-T derivation.
pub fn risk_table(report: &RiskReport, width: Option<u16>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Risk matrix {} × {} (likelihood × impact), tolerable up to {}\n",
        report.matrix.likelihood.len(),
        report.matrix.impact.len(),
        report.matrix.tolerable
    );
    let mut t = table(
        &[
            "zone",
            "scenarios",
            "initial risk (ZCR 2)",
            "worst scenario",
            "residual",
        ],
        width,
    );
    for z in &report.zones {
        t.add_row(vec![
            z.zone.clone(),
            z.scenarios.to_string(),
            z.initial
                .as_ref()
                .map_or_else(|| "not assessed".to_owned(), risk_cell),
            z.worst_scenario.clone().unwrap_or_default(),
            z.residual.as_ref().map_or_else(String::new, risk_cell),
        ]);
    }
    let t = draw(t);
    let _ = writeln!(out, "Initial risk per zone\n{t}\n");
    if !report.scenarios.is_empty() {
        let mut t = table(
            &[
                "scenario",
                "target",
                "source",
                "unmitigated",
                "countermeasures",
                "residual",
            ],
            width,
        );
        for s in &report.scenarios {
            t.add_row(vec![
                s.scenario.clone(),
                s.target.clone(),
                format!("{} ({})", s.source, s.capability),
                risk_cell(&s.unmitigated),
                s.countermeasures.join(", "),
                risk_cell(&s.residual),
            ]);
        }
        let t = draw(t);
        let _ = writeln!(out, "Detailed risk per scenario (ZCR 5)\n{t}\n");
    }
    for d in &report.derivations {
        let _ = writeln!(out, "Derived SL-T of zone `{}`: {}", d.zone, d.sl_t);
        for fr in &d.frs {
            let _ = writeln!(out, "  {} ({}) = {}", fr.fr, fr.fr.abbrev(), fr.level);
            for r in &fr.reasons {
                let who = r
                    .scenario
                    .as_deref()
                    .map_or_else(String::new, |s| format!("`{s}` "));
                let line = format!("    SL {} ← {who}[{}] {}", r.level, r.rule, r.because);
                push_wrapped(&mut out, &line, width, 6);
            }
        }
        for i in &d.ignored {
            let line = format!("  not used: `{}`: {}", i.scenario, i.because);
            push_wrapped(&mut out, &line, width, 4);
        }
        out.push('\n');
    }
    if !report.intolerable_residual.is_empty() {
        let line = format!(
            "Residual risk above the tolerable line: {}",
            report.intolerable_residual.join(", ")
        );
        push_wrapped(&mut out, &line, width, 2);
    }
    // One newline ends the text: no blank line after the last derivation.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The gap as tables: a summary per zone, then per FR and per asset for zones with a gap.
pub fn gap_table(report: &GapReport, width: Option<u16>) -> String {
    let mut out = String::new();
    let mut t = table(
        &[
            "zone",
            "status",
            "SL-T",
            "SL-C",
            "SL-A",
            "3-3 missing",
            "4-2 missing",
            "SL-C unknown",
        ],
        width,
    );
    for z in &report.zones {
        t.add_row(vec![
            z.zone.clone(),
            z.status.as_str().to_owned(),
            format!(
                "{} {}",
                z.sl_t,
                if z.sl_t_source == crate::SlSource::Derived {
                    "(derived)"
                } else {
                    ""
                }
            )
            .trim_end()
            .to_owned(),
            opt_vec(z.sl_c),
            z.sl_a.map_or_else(|| "-".to_owned(), |v| v.to_string()),
            z.frs
                .iter()
                .map(|f| f.missing.len())
                .sum::<usize>()
                .to_string(),
            z.assets
                .iter()
                .map(|a| a.missing.len())
                .sum::<usize>()
                .to_string(),
            z.capability_unknown.len().to_string(),
        ]);
    }
    let t = draw(t);
    let _ = writeln!(out, "{}: security-level gap per zone\n{t}\n", report.system);
    for z in report.zones.iter().filter(|z| z.status == GapStatus::Gap) {
        let mut t = table(
            &[
                "FR",
                "SL-T",
                "SL-C",
                "SL-A",
                "missing (3-3)",
                "compensated",
                "4-2 items missing",
            ],
            width,
        );
        for f in &z.frs {
            let show = |v: Option<u8>| v.map_or_else(|| "-".to_owned(), |v| v.to_string());
            t.add_row(vec![
                format!("{} {}", f.fr, f.fr.abbrev()),
                f.sl_t.to_string(),
                show(f.sl_c),
                show(f.sl_a),
                f.missing
                    .iter()
                    .map(|i| i.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                f.compensated
                    .iter()
                    .map(|c| format!("{} ({})", c.id, c.by.join(", ")))
                    .collect::<Vec<_>>()
                    .join(", "),
                f.asset_items_missing.to_string(),
            ]);
        }
        push_wrapped(
            &mut out,
            &format!("Zone `{}` ({})", z.zone, z.name),
            width,
            2,
        );
        let _ = writeln!(out, "{}", draw(t));
        for a in z.assets.iter().filter(|a| !a.missing.is_empty()) {
            let line = format!(
                "  asset `{}` ({}, SL-C {}): {} missing: {}",
                a.asset,
                a.kind,
                a.sl_c,
                a.missing.len(),
                a.missing
                    .iter()
                    .map(|i| i.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            push_wrapped(&mut out, &line, width, 4);
        }
        if !z.capability_unknown.is_empty() {
            let line = format!("  SL-C unknown: {}", z.capability_unknown.join(", "));
            push_wrapped(&mut out, &line, width, 4);
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{}",
        if report.has_gap {
            "Result: gap"
        } else {
            "Result: no gap"
        }
    );
    out
}
