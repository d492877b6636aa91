//! Tables for people.
//!
//! Every renderer takes the width to fit (`Some(columns)`, for a terminal) or `None` for
//! full rows (files, pipes, snapshots): a table then wraps its cells, and the explanatory
//! lines around it wrap with a hanging indent. Text is never cut.

use std::fmt::Write as _;

use crate::checks::Finding;
use crate::gap::{GapReport, GapStatus};
use crate::model::SystemModel;
use crate::risk::{Risk, RiskReport};

use super::Summary;
use super::text::{draw, push_wrapped, table};

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
        out.push_str(&super::acceptance::unmatched_section(
            model, findings, width,
        ));
        return out;
    }
    let mut t = table(&["severity", "check", "ZCR", "at", "finding"], width);
    let mut hints: Vec<(&str, &str)> = Vec::new();
    for f in findings {
        t.add_row(vec![
            super::acceptance::marked(f.severity.to_string(), f.acceptance.as_ref()),
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
    out.push_str(&super::acceptance::findings_section(findings));
    out.push_str(&super::acceptance::unmatched_section(
        model, findings, width,
    ));
    let _ = writeln!(
        out,
        "{} findings: {} high, {} medium, {} low, {} info{}",
        findings.len(),
        s.high,
        s.medium,
        s.low,
        s.info,
        super::acceptance::accepted_suffix(s.accepted)
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
                super::acceptance::marked(risk_cell(&s.residual), s.acceptance.as_ref()),
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
    out.push_str(&super::acceptance::risk_section(report));
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
                f.missing.join(", "),
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
                a.missing.join(", ")
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
