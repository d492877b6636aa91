//! The owner's acceptances: each names an existing check and an element of the kind that
//! check reports on, says who accepted and why, and runs from its date to a later expiry.

use std::collections::HashMap;

use super::{Validator, span};
use crate::acceptance::Acceptance;
use crate::checks::{ElementKind, check_by_id};
use crate::date::IsoDate;
use crate::model::ElementRef;
use crate::raw::{RawAcceptance, S};

fn kind_of(element: ElementRef) -> Option<ElementKind> {
    match element {
        ElementRef::Asset(_) => Some(ElementKind::Asset),
        ElementRef::Zone(_) => Some(ElementKind::Zone),
        ElementRef::Conduit(_) => Some(ElementKind::Conduit),
        ElementRef::Flow(_) => Some(ElementKind::Flow),
        ElementRef::Threat(_) => Some(ElementKind::Threat),
        ElementRef::Countermeasure(_) => None,
    }
}

impl Validator<'_> {
    fn date(&mut self, s: &S<String>, what: &str) -> Option<IsoDate> {
        match s.value.trim().parse::<IsoDate>() {
            Ok(d) => Some(d),
            Err(e) => {
                self.problem(span(s), format!("{what}: {e}"));
                None
            }
        }
    }

    fn text(&mut self, s: &S<String>, what: &str) -> Option<String> {
        let t = s.value.trim();
        if t.is_empty() {
            self.problem(span(s), format!("the acceptance's {what} is empty"));
            return None;
        }
        Some(t.to_owned())
    }

    /// Validates `acceptances:`; only complete, valid entries are kept (the model is
    /// rejected anyway when one is not).
    pub(super) fn acceptances(&mut self, raw: &[RawAcceptance]) -> Vec<Acceptance> {
        let mut out = Vec::with_capacity(raw.len());
        let mut seen: HashMap<(&'static str, String), u32> = HashMap::new();
        for a in raw {
            let check = check_by_id(a.check.value.trim());
            if check.is_none() {
                self.problem(
                    span(&a.check),
                    format!(
                        "acceptance of check `{}`: no check has this id (`rampart system checks` lists them)",
                        a.check.value.trim()
                    ),
                );
            }
            let element = a.element.value.trim().to_owned();
            let element_ok = match (check, self.lookup(&element)) {
                (_, None) => {
                    self.problem(
                        span(&a.element),
                        format!("acceptance of element `{element}`: no element has this id"),
                    );
                    false
                }
                (Some(c), Some(e)) if kind_of(e) != Some(c.element_kind()) => {
                    self.problem(
                        span(&a.element),
                        format!(
                            "acceptance of element `{element}`: it is a {}, but check `{}` reports on {}s",
                            e.kind(),
                            c.id(),
                            c.element_kind()
                        ),
                    );
                    false
                }
                _ => true,
            };
            let by = self.text(&a.by, "`by` (who accepts)");
            let rationale = self.text(&a.rationale, "rationale");
            let date = self.date(&a.date, "acceptance date");
            let expires = self.date(&a.expires, "acceptance expiry");
            let (Some(check), true, Some(by), Some(rationale), Some(date), Some(expires)) =
                (check, element_ok, by, rationale, date, expires)
            else {
                continue;
            };
            if expires <= date {
                self.problem(
                    span(&a.expires),
                    format!("the acceptance expires on {expires}, not after its date {date}"),
                );
                continue;
            }
            // Two acceptances of one finding could disagree on who, why and until when.
            let line = span(&a.check).line;
            if let Some(&first) = seen.get(&(check.id(), element.clone())) {
                self.problem(
                    span(&a.check),
                    format!(
                        "a second acceptance of check `{}` on `{element}`: the first is at line {first}",
                        check.id()
                    ),
                );
                continue;
            }
            seen.insert((check.id(), element.clone()), line);
            out.push(Acceptance {
                check: check.id(),
                element,
                by,
                date,
                expires,
                rationale,
                span: span(&a.check),
            });
        }
        out
    }
}
