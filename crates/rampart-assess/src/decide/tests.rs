//! One test per rule of the module doc.

use rampart_catalog::{Catalog, RequirementId};
use rampart_system::IsoDate;
use rampart_yaml::Span;

use super::*;
use crate::results::Evidence;

fn day(s: &str) -> IsoDate {
    s.parse().unwrap()
}

fn item() -> &'static Requirement {
    Catalog::builtin().lookup("CR 1.1").unwrap()
}

fn proposal(rule: &str, status: Status) -> Proposal {
    Proposal {
        rule: rule.to_owned(),
        status,
        summary: format!("{rule} says {}", status.as_str()),
        facts: vec![],
    }
}

fn answer(status: Option<Status>) -> Answer {
    Answer {
        id: RequirementId::parse("CR 1.1").unwrap(),
        status,
        confirm_automatic: false,
        overrides: None,
        rationale: Some("checked on the bench".to_owned()),
        evidence: Vec::<Evidence>::new(),
        assessor: Some("J. Doe".to_owned()),
        assessed: Some(day("2026-06-01")),
        effective: None,
        expires: None,
        maturity: None,
        at: Span::default(),
        status_at: Span::default(),
    }
}

const TODAY: &str = "2026-12-05";

fn run(proposals: Vec<Proposal>, answer: Option<&Answer>) -> RequirementResult {
    decide(item(), true, "Q?", proposals, answer, day(TODAY))
}

#[test]
fn rule_1_an_answer_in_force_wins_over_proposals_which_are_kept() {
    let a = answer(Some(Status::Satisfied));
    let r = run(
        vec![proposal("kev-unpatched", Status::NotSatisfied)],
        Some(&a),
    );
    assert_eq!(r.status, Status::Satisfied);
    assert_eq!(r.decided_by, DecidedBy::Assessor);
    assert_eq!(r.rationale.as_deref(), Some("checked on the bench"));
    assert_eq!(r.proposals.len(), 1, "the overridden proposal is kept");
    assert_eq!(r.assessor.as_deref(), Some("J. Doe"));
    assert_eq!(r.assessed.as_deref(), Some("2026-06-01"));
    assert_eq!(r.id, "CR 1.1");
    assert_eq!(r.question, "Q?");
}

#[test]
fn rule_2_confirm_automatic_takes_the_most_severe_proposal_as_the_assessors() {
    let mut a = answer(None);
    a.confirm_automatic = true;
    a.rationale = None;
    let r = run(
        vec![
            proposal("a", Status::Satisfied),
            proposal("b", Status::Partially),
        ],
        Some(&a),
    );
    assert_eq!(r.status, Status::Partially);
    assert_eq!(r.decided_by, DecidedBy::Assessor);
    assert_eq!(r.rationale.as_deref(), Some("b says partially"));
    // Nothing to confirm: not assessed, and it says why.
    let r = run(vec![], Some(&a));
    assert_eq!(r.status, Status::NotAssessed);
    assert_eq!(r.decided_by, DecidedBy::Nobody);
    assert!(r.rationale.unwrap().contains("no evidence rule proposed"));
}

#[test]
fn rule_3_without_an_answer_the_most_severe_proposal_stands() {
    let r = run(
        vec![
            proposal("a", Status::Satisfied),
            proposal("b", Status::NotSatisfied),
            proposal("c", Status::Partially),
        ],
        None,
    );
    assert_eq!(r.status, Status::NotSatisfied);
    assert_eq!(r.decided_by, DecidedBy::Automatic);
    assert_eq!(r.rationale.as_deref(), Some("b says not-satisfied"));
    assert_eq!(r.proposals.len(), 3);
    // The first among equals.
    let both = [
        proposal("x", Status::Partially),
        proposal("y", Status::Partially),
    ];
    assert_eq!(most_severe(&both).unwrap().rule, "x");
    // `not-assessed` in the file is no answer either.
    let open = answer(Some(Status::NotAssessed));
    let r = run(vec![proposal("a", Status::Satisfied)], Some(&open));
    assert_eq!(
        (r.status, r.decided_by),
        (Status::Satisfied, DecidedBy::Automatic)
    );
}

#[test]
fn rule_4_with_neither_the_item_is_not_assessed_by_nobody() {
    let r = run(vec![], None);
    assert_eq!(r.status, Status::NotAssessed);
    assert_eq!(r.decided_by, DecidedBy::Nobody);
    assert_eq!(r.rationale, None);
}

#[test]
fn rule_5_an_expired_answer_counts_as_none_and_is_reported() {
    let mut a = answer(Some(Status::Satisfied));
    a.expires = Some(day("2026-12-04"));
    let r = run(vec![], Some(&a));
    assert_eq!(r.status, Status::NotAssessed);
    assert_eq!(r.decided_by, DecidedBy::Nobody);
    let why = r.rationale.unwrap();
    assert!(why.contains("(satisfied) expired on 2026-12-04"), "{why}");
    assert_eq!(r.expires.as_deref(), Some("2026-12-04"));
    // With a proposal, the proposal stands.
    let r = run(vec![proposal("a", Status::NotSatisfied)], Some(&a));
    assert_eq!(
        (r.status, r.decided_by),
        (Status::NotSatisfied, DecidedBy::Automatic)
    );
    assert!(r.rationale.unwrap().ends_with("; a says not-satisfied"));
    // The expiry day itself is still in force.
    a.expires = Some(day(TODAY));
    assert_eq!(run(vec![], Some(&a)).status, Status::Satisfied);
    // Not yet effective is not in force either.
    a.expires = None;
    a.effective = Some(day("2027-01-01"));
    let r = run(vec![], Some(&a));
    assert_eq!(r.status, Status::NotAssessed);
    assert!(r.rationale.unwrap().contains("takes effect on 2027-01-01"));
}
