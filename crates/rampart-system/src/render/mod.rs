//! Output: tables for people, JSON for tools, SVG and Graphviz DOT for pictures.
//!
//! JSON is the serde form of the report types ([`crate::Finding`], [`crate::RiskReport`],
//! [`crate::GapReport`]) inside an envelope whose `schema` names the format and its version
//! (`rampart.system.gap/2`); field names are stable and documented in
//! `docs/system-model.md`. A field is only ever added within a version.

mod acceptance;
mod chart;
mod diagram;
mod table;
pub mod text;

pub use chart::gap_chart_svg;
pub use diagram::{diagram_dot, diagram_svg};
pub use table::{check_table, checks_table, gap_table, risk_table};

use serde::Serialize;

use crate::checks::{Finding, Severity};
use crate::gap::GapReport;
use crate::model::SystemModel;
use crate::risk::RiskReport;

/// The JSON format version of `check` output.
pub const CHECK_SCHEMA: &str = "rampart.system.check/1";
/// The JSON format version of `risk` output.
pub const RISK_SCHEMA: &str = "rampart.system.risk/1";
/// The JSON format version of `gap` output.
pub const GAP_SCHEMA: &str = "rampart.system.gap/2";
/// The JSON format version of `checks` output (the list of checks).
pub const CHECKS_SCHEMA: &str = "rampart.system.checks/1";

#[derive(Serialize)]
struct Envelope<'a, T: Serialize> {
    schema: &'static str,
    #[serde(flatten)]
    report: &'a T,
}

/// Counts of findings per severity; findings the owner has accepted (with an acceptance in
/// force) are counted apart, under `accepted`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// High.
    pub high: usize,
    /// Medium.
    pub medium: usize,
    /// Low.
    pub low: usize,
    /// Info.
    pub info: usize,
    /// Accepted, of any severity.
    pub accepted: usize,
}

impl Summary {
    /// Counts `findings`.
    pub fn of(findings: &[Finding]) -> Summary {
        let mut s = Summary::default();
        for f in findings {
            if f.is_accepted() {
                s.accepted += 1;
                continue;
            }
            match f.severity {
                Severity::High => s.high += 1,
                Severity::Medium => s.medium += 1,
                Severity::Low => s.low += 1,
                Severity::Info => s.info += 1,
            }
        }
        s
    }
}

#[derive(Serialize)]
struct CheckReport<'a> {
    system: &'a str,
    summary: Summary,
    findings: &'a [Finding],
    unmatched_acceptances: Vec<UnmatchedAcceptance<'a>>,
}

/// An acceptance that covers no finding, where it is written.
#[derive(Serialize)]
struct UnmatchedAcceptance<'a> {
    check: &'a str,
    element: &'a str,
    line: u32,
    col: u32,
}

fn to_json<T: Serialize>(schema: &'static str, report: &T) -> String {
    let mut text = serde_json::to_string_pretty(&Envelope { schema, report })
        // The report types hold only strings, numbers and enums: serialising cannot fail.
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// `check` as JSON: `{schema, system, summary, findings}`.
pub fn check_json(model: &SystemModel, findings: &[Finding]) -> String {
    to_json(
        CHECK_SCHEMA,
        &CheckReport {
            system: &model.system().name,
            summary: Summary::of(findings),
            findings,
            unmatched_acceptances: crate::acceptance::unmatched(model, findings)
                .into_iter()
                .map(|a| UnmatchedAcceptance {
                    check: a.check,
                    element: &a.element,
                    line: a.span.line,
                    col: a.span.col,
                })
                .collect(),
        },
    )
}

/// One check as listed by `rampart system checks`.
#[derive(Serialize)]
struct CheckInfo {
    id: &'static str,
    zcr: &'static str,
    title: &'static str,
    requirements: &'static [&'static str],
    hint: &'static str,
}

#[derive(Serialize)]
struct ChecksList {
    checks: Vec<CheckInfo>,
}

/// `checks` as JSON: `{schema, checks: [{id, zcr, title, requirements, hint}]}`.
pub fn checks_json() -> String {
    let checks = crate::checks::all_checks()
        .iter()
        .map(|c| CheckInfo {
            id: c.id(),
            zcr: c.zcr(),
            title: c.title(),
            requirements: c.requirements(),
            hint: c.hint(),
        })
        .collect();
    to_json(CHECKS_SCHEMA, &ChecksList { checks })
}

/// `risk` as JSON: `{schema, matrix, zones, scenarios, derivations, intolerable_residual}`.
pub fn risk_json(report: &RiskReport) -> String {
    to_json(RISK_SCHEMA, report)
}

/// `gap` as JSON: `{schema, system, has_gap, zones, items}`; zones name catalog items by id
/// and `items` describes each referenced item once.
pub fn gap_json(report: &GapReport) -> String {
    to_json(GAP_SCHEMA, report)
}

/// Escapes text for XML content and attribute values.
pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for a double-quoted DOT string.
pub(crate) fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            xml_escape("<a href=\"x\">&'\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos; "
        );
        assert_eq!(dot_escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
