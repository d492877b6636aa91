//! Risk acceptance: the asset owner's written decision to live with a finding, or with a
//! scenario's residual risk above the tolerable line (3-2 ZCR 5.12 and ZCR 7).
//!
//! A model's `acceptances:` name a check and an element; every finding of that check about
//! that element is covered. An acceptance is *in force* from its `date` up to the day before
//! it `expires`; the date of the run is a parameter, never read behind the caller's back.
//! A covered finding is still reported, with the acceptance attached, but only a finding
//! whose acceptance is in force stops counting for `--fail-on`: an expired one (or one dated
//! after the run) is attached with its status so that it shows, and the finding counts again.

use std::collections::HashMap;

use serde::Serialize;

use crate::checks::Finding;
use crate::date::IsoDate;
use crate::model::{Span, SystemModel};
use crate::risk::RiskReport;

/// One acceptance as validated from the model file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acceptance {
    /// The id of the check whose findings it covers.
    pub check: &'static str,
    /// The id of the element those findings are about.
    pub element: String,
    /// Who accepts: a person and role with the authority to (the asset owner's).
    pub by: String,
    /// When it was given.
    pub date: IsoDate,
    /// The first day it no longer holds; always after `date`.
    pub expires: IsoDate,
    /// Why the risk is acceptable: what limits it, what was weighed.
    pub rationale: String,
    /// Where it is defined (its `check`).
    pub span: Span,
}

/// Whether an acceptance holds on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    /// `date` ≤ today < `expires`: the finding does not count for `--fail-on`.
    InForce,
    /// today ≥ `expires`: it must be renewed or the finding fixed; the finding counts.
    Expired,
    /// today < `date`: given for a later day; the finding counts until then.
    NotYetInForce,
}

impl Standing {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::InForce => "in force",
            Standing::Expired => "expired",
            Standing::NotYetInForce => "not yet in force",
        }
    }
}

impl Acceptance {
    /// Its standing on `today`.
    pub fn standing(&self, today: IsoDate) -> Standing {
        if today >= self.expires {
            Standing::Expired
        } else if today < self.date {
            Standing::NotYetInForce
        } else {
            Standing::InForce
        }
    }

    /// The acceptance as attached to a finding or scenario, with its standing on `today`.
    pub fn note(&self, today: IsoDate) -> AcceptanceNote {
        AcceptanceNote {
            by: self.by.clone(),
            date: self.date,
            expires: self.expires,
            rationale: self.rationale.clone(),
            status: self.standing(today),
        }
    }
}

/// An acceptance attached to what it covers (the `acceptance` object of the JSON outputs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AcceptanceNote {
    /// Who accepted.
    pub by: String,
    /// When.
    pub date: IsoDate,
    /// The first day it no longer holds.
    pub expires: IsoDate,
    /// Why.
    pub rationale: String,
    /// Its standing on the day of the run.
    pub status: Standing,
}

impl AcceptanceNote {
    /// True if and only if the acceptance holds on the day of the run.
    pub fn in_force(&self) -> bool {
        self.status == Standing::InForce
    }
}

/// The model's acceptances by (check, element).
fn index(model: &SystemModel) -> HashMap<(&str, &str), &Acceptance> {
    model
        .acceptances()
        .iter()
        .map(|a| ((a.check, a.element.as_str()), a))
        .collect()
}

/// Attaches to each finding the acceptance that names its check and element, with its
/// standing on `today`.
pub fn annotate_findings(model: &SystemModel, findings: &mut [Finding], today: IsoDate) {
    if model.acceptances().is_empty() {
        return;
    }
    let by_key = index(model);
    for f in findings {
        f.acceptance = by_key
            .get(&(f.check, f.element.as_str()))
            .map(|a| a.note(today));
    }
}

/// The acceptances that cover none of `findings` (all findings of a run): the finding they
/// accepted is gone (fixed, or the model changed), so the acceptance should be removed or
/// rewritten, not left to cover a finding that may come back. In file order.
pub fn unmatched<'m>(model: &'m SystemModel, findings: &[Finding]) -> Vec<&'m Acceptance> {
    let found: std::collections::HashSet<(&str, &str)> = findings
        .iter()
        .map(|f| (f.check, f.element.as_str()))
        .collect();
    model
        .acceptances()
        .iter()
        .filter(|a| !found.contains(&(a.check, a.element.as_str())))
        .collect()
}

/// Attaches to each scenario whose residual risk is above the tolerable line the acceptance
/// of its `intolerable-residual-risk` finding, with its standing on `today`.
pub fn annotate_risk(model: &SystemModel, report: &mut RiskReport, today: IsoDate) {
    if model.acceptances().is_empty() {
        return;
    }
    let by_key = index(model);
    for s in report
        .scenarios
        .iter_mut()
        .filter(|s| !s.residual.tolerable)
    {
        s.acceptance = by_key
            .get(&(RESIDUAL_RISK_CHECK, s.scenario.as_str()))
            .map(|a| a.note(today));
    }
}

/// The check whose acceptance is the acceptance of a scenario's residual risk.
pub const RESIDUAL_RISK_CHECK: &str = "intolerable-residual-risk";
