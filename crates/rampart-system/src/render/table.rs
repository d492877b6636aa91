//! Tables for people.

use std::fmt::Write as _;

use comfy_table::{Table, presets};

use crate::checks::Finding;
use crate::gap::{GapReport, GapStatus};
use crate::model::SystemModel;
use crate::risk::{Risk, RiskReport};

use super::Summary;

/// Rampart's one table style, used by every table the CLI prints: ASCII borders (safe in
/// any terminal, log file, e-mail or diff) and no wrapping (stable output for scripts and
/// snapshots). It lives here until a report crate owns all user-facing rendering.
pub fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(presets::ASCII_BORDERS_ONLY_CONDENSED)
        .set_content_arrangement(comfy_table::ContentArrangement::Disabled);
    t.set_header(header.to_vec());
    t
}

fn opt_vec(v: Option<rampart_catalog::SlVector>) -> String {
    v.map_or_else(|| "unknown".to_owned(), |v| v.to_string())
}

/// Findings as a table, followed by a one-line summary.
pub fn check_table(model: &SystemModel, findings: &[Finding]) -> String {
    let mut out = String::new();
    if findings.is_empty() {
        let _ = writeln!(out, "{}: no findings", model.system().name);
        return out;
    }
    let mut t = table(&["severity", "check", "ZCR", "at", "finding"]);
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
    let _ = writeln!(out, "{t}");
    let _ = writeln!(out, "How to fix:");
    for (check, hint) in hints {
        let _ = writeln!(out, "  {check}: {hint}");
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
pub fn risk_table(report: &RiskReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Risk matrix {} × {} (likelihood × impact), tolerable up to {}\n",
        report.matrix.likelihood.len(),
        report.matrix.impact.len(),
        report.matrix.tolerable
    );
    let mut t = table(&[
        "zone",
        "scenarios",
        "initial risk (ZCR 2)",
        "worst scenario",
        "residual",
    ]);
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
    let _ = writeln!(out, "Initial risk per zone\n{t}\n");
    if !report.scenarios.is_empty() {
        let mut t = table(&[
            "scenario",
            "target",
            "source",
            "unmitigated",
            "countermeasures",
            "residual",
        ]);
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
                let _ = writeln!(out, "    SL {} ← {who}[{}] {}", r.level, r.rule, r.because);
            }
        }
        for i in &d.ignored {
            let _ = writeln!(out, "  not used: `{}`: {}", i.scenario, i.because);
        }
        out.push('\n');
    }
    if !report.intolerable_residual.is_empty() {
        let _ = writeln!(
            out,
            "Residual risk above the tolerable line: {}",
            report.intolerable_residual.join(", ")
        );
    }
    out
}

/// The gap as tables: a summary per zone, then per FR and per asset for zones with a gap.
pub fn gap_table(report: &GapReport) -> String {
    let mut out = String::new();
    let mut t = table(&[
        "zone",
        "status",
        "SL-T",
        "SL-C",
        "SL-A",
        "3-3 missing",
        "4-2 missing",
        "SL-C unknown",
    ]);
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
    let _ = writeln!(out, "{}: security-level gap per zone\n{t}\n", report.system);
    for z in report.zones.iter().filter(|z| z.status == GapStatus::Gap) {
        let mut t = table(&[
            "FR",
            "SL-T",
            "SL-C",
            "SL-A",
            "missing (3-3)",
            "compensated",
            "4-2 items missing",
        ]);
        for f in &z.frs {
            let show = |v: Option<u8>| v.map_or_else(|| "-".to_owned(), |v| v.to_string());
            t.add_row(vec![
                format!("{} {}", f.fr, f.fr.abbrev()),
                f.sl_t.to_string(),
                show(f.sl_c),
                show(f.sl_a),
                f.missing.join(", "),
                f.compensated
                    .iter()
                    .map(|c| format!("{} ({})", c.id, c.by.join(", ")))
                    .collect::<Vec<_>>()
                    .join(", "),
                f.asset_items_missing.to_string(),
            ]);
        }
        let _ = writeln!(out, "Zone `{}` ({})\n{t}", z.zone, z.name);
        for a in z.assets.iter().filter(|a| !a.missing.is_empty()) {
            let _ = writeln!(
                out,
                "  asset `{}` ({}, SL-C {}): {} missing: {}",
                a.asset,
                a.kind,
                a.sl_c,
                a.missing.len(),
                a.missing.join(", ")
            );
        }
        if !z.capability_unknown.is_empty() {
            let _ = writeln!(out, "  SL-C unknown: {}", z.capability_unknown.join(", "));
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
