//! The steps `assess product` and `assess system` share: deciding every item in scope,
//! the review state, and the trend across earlier results.

use std::collections::{BTreeMap, HashMap};

use rampart_catalog::{Requirement, RequirementId};
use rampart_system::IsoDate;

use crate::file::AssessmentFile;
use crate::questions::Questions;
use crate::results::{AssessmentResults, Proposal, RequirementResult, Review, Status, TrendPoint};

/// Decides every item (in the order given), after refusing answers that override a
/// proposal without a rationale. `required` says whether the subject's SL-T needs an item.
pub fn decide_all(
    items: &[&Requirement],
    required: impl Fn(&Requirement) -> bool,
    mut proposals: BTreeMap<String, Vec<Proposal>>,
    answers: Option<&AssessmentFile>,
    today: IsoDate,
) -> Result<Vec<RequirementResult>, Vec<rampart_yaml::Problem>> {
    if let Some(file) = answers {
        let by_id: HashMap<RequirementId, Vec<Proposal>> = proposals
            .iter()
            .filter_map(|(id, p)| RequirementId::parse(id).ok().map(|id| (id, p.clone())))
            .collect();
        let problems = file.unjustified_overrides(&by_id, today);
        if !problems.is_empty() {
            return Err(problems);
        }
    }
    let questions = Questions::builtin();
    Ok(items
        .iter()
        .map(|item| {
            let question = questions.get(&item.id).map_or_else(
                || format!("Is {} met: {}?", item.id, item.title),
                str::to_owned,
            );
            crate::decide::decide(
                item,
                required(item),
                &question,
                proposals.remove(&item.id.to_string()).unwrap_or_default(),
                answers.and_then(|a| a.answer(&item.id)),
                today,
            )
        })
        .collect())
}

/// The review state: from the answers file when there is one; a run without answers has
/// never been reviewed, so it is due today.
pub fn review_of(
    answers: Option<&AssessmentFile>,
    today: IsoDate,
    index_state: Option<String>,
) -> Review {
    match answers {
        Some(file) => {
            crate::review::review(file, today, &crate::review::Observed::of(file, index_state))
        }
        None => Review {
            last: None,
            due: today.to_string(),
            state: "due".to_owned(),
            changes: vec![
                "never reviewed: no assessor's answers were given (--answers)".to_owned(),
            ],
        },
    }
}

/// The trend: earlier results of the same subject (same kind and name), oldest first, then
/// this run. Results of other subjects are left out; two of the same day and version keep
/// the later one given.
pub fn trend(previous: &[AssessmentResults], now: &AssessmentResults) -> Vec<TrendPoint> {
    let mut points: Vec<TrendPoint> = previous
        .iter()
        .filter(|r| r.subject.kind == now.subject.kind && r.subject.name == now.subject.name)
        .chain(std::iter::once(now))
        .map(point)
        .collect();
    points.sort_by(|a, b| a.generated.cmp(&b.generated));
    let mut kept: Vec<TrendPoint> = Vec::new();
    for p in points {
        if let Some(last) = kept.last_mut()
            && last.generated == p.generated
            && last.version == p.version
        {
            *last = p;
        } else {
            kept.push(p);
        }
    }
    kept
}

fn point(r: &AssessmentResults) -> TrendPoint {
    let affected = r.vulnerabilities.iter().filter(|v| v.status == "affected");
    TrendPoint {
        version: r.subject.version.clone().unwrap_or_else(|| "-".to_owned()),
        generated: r.generated.clone(),
        percent: r.readiness.percent,
        sl_a: rampart_catalog::SlVector::new(std::array::from_fn(|i| {
            r.levels
                .get(i)
                .map_or(rampart_catalog::SecurityLevel::SL0, |l| l.sl_a)
        })),
        vulnerabilities: affected.clone().count(),
        kev: affected.filter(|v| v.kev).count(),
    }
}

/// True when the status counts as met for levels.
pub fn is_met(status: Status) -> bool {
    status == Status::Satisfied
}
