//! Merging the evidence rules' proposals with the assessor's answer into the status in force
//! for one requirement. The rules, in order (each has a test below, and
//! `docs/assessment.md` states them):
//!
//! 1. **An answer in force wins.** A status other than `not-assessed` in the assessment file
//!    is the status, decided by the assessor; the proposals are kept beside it. Overriding a
//!    proposal with a different status needs a rationale: the file is refused at load time
//!    otherwise ([`crate::file::AssessmentFile::unjustified_overrides`]).
//! 2. **`confirm: automatic`** takes the most severe proposal's status, decided by the
//!    assessor. With no proposal to confirm, the item stays not assessed, and says why.
//! 3. **Without an answer**, the most severe proposal stands (not-satisfied over partially
//!    over satisfied; the first listed among equals), decided automatically, with the rule's
//!    summary as rationale.
//! 4. **With neither**, the item is not assessed, decided by nobody.
//! 5. **An answer not in force** (its `expires` day passed, or its `effective` day is still
//!    to come) counts as no answer: rules 3 and 4 apply, and the rationale says the answer
//!    lapsed so reports show it. `not-assessed` written in the file is also no answer.
//!
//! A `not-applicable` answer without a rationale never reaches here: the file is refused at
//! load time.

use rampart_catalog::Requirement;
use rampart_system::IsoDate;

use crate::file::{Answer, Standing};
use crate::results::{DecidedBy, Proposal, RequirementResult, Status};

/// How severe a proposed status is: what "the most severe proposal" orders by.
fn severity(status: Status) -> u8 {
    match status {
        Status::NotSatisfied => 3,
        Status::Partially => 2,
        Status::Satisfied => 1,
        Status::NotApplicable | Status::NotAssessed => 0,
    }
}

/// The most severe of `proposals` (the first among equals); `None` when there are none.
pub fn most_severe(proposals: &[Proposal]) -> Option<&Proposal> {
    proposals.iter().rev().max_by_key(|p| severity(p.status))
}

/// The result for `item` (`required` at the subject's SL-T), from the evidence rules'
/// `proposals` and the assessor's `answer`, as of `today`. See the module doc for the rules.
pub fn decide(
    item: &Requirement,
    required: bool,
    question: &str,
    proposals: Vec<Proposal>,
    answer: Option<&Answer>,
    today: IsoDate,
) -> RequirementResult {
    let mut result = RequirementResult {
        id: item.id.to_string(),
        part: item.part.to_string(),
        title: item.title.clone(),
        fr: item.fr,
        group: item.group.clone(),
        security_levels: item.security_levels.clone(),
        required,
        question: question.to_owned(),
        status: Status::NotAssessed,
        decided_by: DecidedBy::Nobody,
        rationale: None,
        proposals: Vec::new(),
        evidence: Vec::new(),
        assessor: None,
        assessed: None,
        effective: None,
        expires: None,
        maturity: None,
    };
    let automatic = most_severe(&proposals).cloned();
    let mut lapsed = None;
    if let Some(a) = answer {
        result.evidence.clone_from(&a.evidence);
        result.assessor.clone_from(&a.assessor);
        result.assessed = a.assessed.map(|d| d.to_string());
        result.effective = a.effective.map(|d| d.to_string());
        result.expires = a.expires.map(|d| d.to_string());
        result.maturity = a.maturity;
        match a.standing(today) {
            Standing::InForce => {}
            Standing::Expired(d) => lapsed = Some(format!("expired on {d}")),
            Standing::NotYetEffective(d) => lapsed = Some(format!("takes effect on {d}")),
        }
    }
    let in_force = answer.filter(|a| lapsed.is_none() && a.decides());
    match (in_force, &automatic) {
        // Rule 2: confirmation of the automatic status.
        (Some(a), Some(p)) if a.confirm_automatic => {
            result.status = p.status;
            result.decided_by = DecidedBy::Assessor;
            result.rationale = Some(a.rationale.clone().unwrap_or_else(|| p.summary.clone()));
        }
        (Some(a), None) if a.confirm_automatic => {
            result.rationale = Some(
                "the assessor confirmed the automatic status, but no evidence rule proposed one"
                    .to_owned(),
            );
        }
        // Rule 1: the assessor's status.
        (Some(a), _) => {
            result.status = a.status.unwrap_or(Status::NotAssessed);
            result.decided_by = DecidedBy::Assessor;
            result.rationale.clone_from(&a.rationale);
        }
        // Rule 3: the most severe proposal.
        (None, Some(p)) => {
            result.status = p.status;
            result.decided_by = DecidedBy::Automatic;
            result.rationale = Some(p.summary.clone());
        }
        // Rule 4: nothing.
        (None, None) => {}
    }
    // Rule 5: a lapsed answer is reported in the rationale.
    if let (Some(when), Some(a)) = (lapsed, answer)
        && a.decides()
    {
        let said = a
            .status
            .map_or("confirm: automatic".to_owned(), |s| s.as_str().to_owned());
        let note = format!("the assessor's answer ({said}) {when} and counts as not given");
        result.rationale = Some(match result.rationale.take() {
            Some(r) => format!("{note}; {r}"),
            None => note,
        });
    }
    result.proposals = proposals;
    result
}

#[cfg(test)]
mod tests;
