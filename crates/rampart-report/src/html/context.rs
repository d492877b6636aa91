//! What the templates see: the results as they are (`results`), the charts as ready SVG
//! (`charts`, marked safe: they escape their own text), the executive summary's sentences
//! worked out here (`summary`), FR names (`fr_names`), and `organisation` (true for an
//! asset owner's 2-1 programme, whose report has no FR levels, vulnerabilities or zones). `docs/report.md` lists it all.

use minijinja::Value;
use minijinja::value::Serde;
use rampart_assess::AssessmentResults;
use rampart_assess::results::{FrLevels, Severity, Status};
use rampart_catalog::Fr;
use serde::Serialize;

use crate::charts;

/// The executive summary, in words a manager reads in a minute.
#[derive(Debug, Serialize)]
struct Summary {
    /// Name and version of the subject.
    subject: String,
    /// The SL-T vector as written (`(2,2,2,2,2,2,2)`), when there is one.
    sl_t: Option<String>,
    /// Readiness, one decimal.
    percent: String,
    /// Readiness in one sentence.
    readiness: String,
    /// One line per FR: where it stands against its target.
    frs: Vec<FrSummary>,
    /// FRs whose SL-A reaches SL-T.
    frs_met: usize,
    /// Open vulnerabilities (affected or under investigation).
    vulnerabilities_open: usize,
    /// Of those, known exploited (CISA KEV).
    kev_open: usize,
    /// Of those, critical.
    critical_open: usize,
    /// Requirement statuses still automatic (no assessor has confirmed them).
    automatic: usize,
    /// When the review falls due, in one sentence.
    review: String,
}

/// One FR against its target.
#[derive(Debug, Serialize)]
struct FrSummary {
    fr: String,
    name: String,
    sl_t: u8,
    sl_c: Option<u8>,
    sl_a: u8,
    met: bool,
    sentence: String,
}

fn levels_word(n: u8) -> String {
    if n == 1 {
        "one level".to_owned()
    } else {
        format!("{n} levels")
    }
}

fn fr_summary(l: &FrLevels) -> FrSummary {
    let met = l.sl_a >= l.sl_t;
    let sentence = if met {
        format!(
            "{} {}: meets its target SL {} (achieved SL {}).",
            l.fr,
            l.fr.name(),
            l.sl_t,
            l.sl_a
        )
    } else {
        let short = levels_word(l.sl_t.get() - l.sl_a.get());
        let blocking = l.blocking.as_deref().map_or(String::new(), |b| {
            format!("; the next level is blocked by {b}")
        });
        format!(
            "{} {}: achieved SL {} of target SL {}, {short} short{blocking}.",
            l.fr,
            l.fr.name(),
            l.sl_a,
            l.sl_t
        )
    };
    FrSummary {
        fr: l.fr.to_string(),
        name: l.fr.name().to_owned(),
        sl_t: l.sl_t.get(),
        sl_c: l.sl_c.map(rampart_catalog::SecurityLevel::get),
        sl_a: l.sl_a.get(),
        met,
        sentence,
    }
}

fn summary(results: &AssessmentResults) -> Summary {
    let subject = match &results.subject.version {
        Some(v) => format!("{} {v}", results.subject.name),
        None => results.subject.name.clone(),
    };
    let r = &results.readiness;
    let applicable = r.required - r.not_applicable.min(r.required);
    let readiness = format!(
        "{} of {applicable} applicable required items are satisfied ({:.1} %); {} partially, {} not satisfied, {} not assessed.",
        r.satisfied, r.percent, r.partially, r.not_satisfied, r.not_assessed
    );
    let frs: Vec<FrSummary> = results.levels.iter().map(fr_summary).collect();
    let open: Vec<_> = results
        .vulnerabilities
        .iter()
        .filter(|v| charts::is_open(v))
        .collect();
    let review = &results.review;
    let review_sentence = match review.state.as_str() {
        "due" => format!("The review was due on {}: it is overdue.", review.due),
        "changed" => format!(
            "Review needed now: {} changed since the last review (next scheduled {}).",
            if review.changes.is_empty() {
                "inputs".to_owned()
            } else {
                review.changes.join("; ")
            },
            review.due
        ),
        _ => format!("The next review is due on {}.", review.due),
    };
    Summary {
        subject,
        sl_t: results.subject.sl_t.map(|v| v.to_string()),
        percent: format!("{:.1}", r.percent),
        readiness,
        frs_met: frs.iter().filter(|f| f.met).count(),
        frs,
        vulnerabilities_open: open.len(),
        kev_open: open.iter().filter(|v| v.kev).count(),
        critical_open: open
            .iter()
            .filter(|v| v.severity == Severity::Critical)
            .count(),
        automatic: results
            .requirements
            .iter()
            .filter(|q| {
                q.decided_by == rampart_assess::results::DecidedBy::Automatic
                    && q.status != Status::NotAssessed
            })
            .count(),
        review: review_sentence,
    }
}

/// The charts that have data, by name; each is a safe (already escaped) SVG string. The zone
/// diagram among them has passed [`charts::checked_diagram`].
fn charts(results: &AssessmentResults) -> Value {
    Value::from_pairs(
        charts::report_charts(results)
            .into_iter()
            .map(|(name, svg)| (name, Value::from_safe_string(svg))),
    )
}

/// True for an asset owner's 2-1 programme: the report leaves out what only a product or a
/// system has (levels per FR, vulnerabilities, findings, zones).
fn is_organisation(results: &AssessmentResults) -> bool {
    results.subject.kind == rampart_assess::results::SubjectKind::Organisation
}

/// The template context of `results`.
pub(super) fn build(results: &AssessmentResults) -> Value {
    Value::from_pairs([
        ("organisation", Value::from(is_organisation(results))),
        ("results", Value::from(Serde(results))),
        ("summary", Value::from(Serde(summary(results)))),
        ("charts", charts(results)),
        (
            "fr_names",
            Value::from_pairs(Fr::ALL.iter().map(|fr| (fr.to_string(), fr.name()))),
        ),
    ])
}
