//! How acceptances show in the tables: a mark on what they cover, and a section listing who
//! accepted what, why and until when, so an accepted risk is never out of sight.

use std::fmt::Write as _;

use crate::acceptance::{AcceptanceNote, Standing};
use crate::checks::Finding;
use crate::model::SystemModel;
use crate::risk::RiskReport;

/// A cell's text with the acceptance's mark: `high (accepted)`, `high (acceptance expired)`.
pub(super) fn marked(text: String, acceptance: Option<&AcceptanceNote>) -> String {
    match acceptance.map(|a| a.status) {
        None => text,
        Some(Standing::InForce) => format!("{text} (accepted)"),
        Some(status) => format!("{text} (acceptance {})", status.as_str()),
    }
}

fn describe(a: &AcceptanceNote) -> String {
    let when = match a.status {
        Standing::InForce => format!("on {}, expires {}", a.date, a.expires),
        Standing::Expired => format!("on {}, EXPIRED on {}", a.date, a.expires),
        Standing::NotYetInForce => {
            format!("dated {} (NOT YET IN FORCE), expires {}", a.date, a.expires)
        }
    };
    format!("by {} {when}: {}", a.by, a.rationale)
}

/// Writes `title` and one line per item (`label`, acceptance), unless there are none.
fn section<'a>(
    out: &mut String,
    title: &str,
    items: impl Iterator<Item = (String, &'a AcceptanceNote)>,
) {
    let mut items = items.peekable();
    if items.peek().is_none() {
        return;
    }
    let _ = writeln!(out, "{title}");
    for (label, a) in items {
        let _ = writeln!(out, "  {label}: {}", describe(a));
    }
}

/// The acceptances that cover no finding of this run, at their place in the model, so a
/// stale one is removed before it silently covers a finding that comes back.
pub(super) fn unmatched_section(
    model: &SystemModel,
    findings: &[Finding],
    width: Option<u16>,
) -> String {
    let mut out = String::new();
    let unmatched = crate::acceptance::unmatched(model, findings);
    if unmatched.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "Acceptances that cover no finding (the finding is gone: remove or rewrite them):"
    );
    for a in unmatched {
        super::text::push_wrapped(
            &mut out,
            &format!(
                "  {}:{}:{}: {} `{}`",
                model.file(),
                a.span.line,
                a.span.col,
                a.check,
                a.element
            ),
            width,
            4,
        );
    }
    out
}

/// The findings' acceptances: those in force (not counted by `--fail-on`), then those that
/// are not (counted again).
pub(super) fn findings_section(findings: &[Finding]) -> String {
    let mut out = String::new();
    let with = |in_force: bool| {
        findings.iter().filter_map(move |f| {
            f.acceptance
                .as_ref()
                .filter(|a| a.in_force() == in_force)
                .map(|a| (format!("{} `{}`", f.check, f.element), a))
        })
    };
    section(
        &mut out,
        "Accepted by the owner (still listed; not counted by --fail-on):",
        with(true),
    );
    section(
        &mut out,
        "Acceptances not in force (the findings count again):",
        with(false),
    );
    out
}

/// The residual risks' acceptances, as [`findings_section`].
pub(super) fn risk_section(report: &RiskReport) -> String {
    let mut out = String::new();
    let with = |in_force: bool| {
        report.scenarios.iter().filter_map(move |s| {
            s.acceptance
                .as_ref()
                .filter(|a| a.in_force() == in_force)
                .map(|a| (format!("`{}`", s.scenario), a))
        })
    };
    section(&mut out, "Residual risk accepted by the owner:", with(true));
    section(
        &mut out,
        "Residual risk acceptances not in force:",
        with(false),
    );
    out
}

/// `, N accepted` for the summary line, or nothing when no finding is accepted.
pub(super) fn accepted_suffix(accepted: usize) -> String {
    if accepted == 0 {
        String::new()
    } else {
        format!(", {accepted} accepted")
    }
}
