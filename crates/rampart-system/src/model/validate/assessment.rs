//! Reading the component assessments assets link: the SL-C and 4-2 items they establish.

use std::collections::HashSet;

use rampart_catalog::{ComponentType, LevelScope, Part, RequirementId, SecurityLevel, SlVector};
use rampart_yaml::{Limits, Problems, Span};

use super::{Validator, span};
use crate::model::MAX_ASSESSMENT_BYTES;
use crate::raw::{self, S};

/// What reading a linked component assessment gave.
#[derive(Clone)]
pub(super) enum Assessed {
    /// The SL-C it establishes and the 4-2 items it lists.
    Valid(SlVector, Vec<RequirementId>),
    /// The file could not be read: the reason.
    Unreadable(String),
    /// The file has problems (recorded at their place in it).
    Invalid,
}

impl Validator<'_> {
    /// Reads a linked component assessment and returns the capability it establishes and
    /// the 4-2 items it lists. Its own problems are reported at their place in its file, and
    /// the link is reported at the asset.
    pub(super) fn component_assessment(
        &mut self,
        link: &S<String>,
        kind: ComponentType,
    ) -> Option<(SlVector, Vec<RequirementId>)> {
        let path = self.base_dir.join(link.value.trim());
        let shown = path.display().to_string();
        // Many assets of one product link one assessment: read and check it once per type.
        let key = (path, kind);
        let outcome = if let Some(outcome) = self.assessments.get(&key) {
            outcome.clone()
        } else {
            let outcome = self.read_assessment(&key.0, kind);
            self.assessments.insert(key, outcome.clone());
            outcome
        };
        match outcome {
            Assessed::Valid(sl_c, items) => Some((sl_c, items)),
            Assessed::Unreadable(e) => {
                self.problem(
                    span(link),
                    format!("cannot read the component assessment `{shown}`: {e}"),
                );
                None
            }
            Assessed::Invalid => {
                self.problem(span(link), format!("the component assessment `{shown}` is invalid (its problems are listed at their place)"));
                None
            }
        }
    }

    /// Reads and checks one assessment file for assets of type `kind`; its own problems are
    /// recorded (once) at their place in it.
    fn read_assessment(&mut self, path: &std::path::Path, kind: ComponentType) -> Assessed {
        let shown = path.display().to_string();
        let text = rampart_yaml::read_input(path, MAX_ASSESSMENT_BYTES).map_err(|e| e.to_string());
        let text = match text {
            Ok(text) => text,
            Err(e) => return Assessed::Unreadable(e),
        };
        let mut own = Problems::new(&shown);
        let result =
            match rampart_yaml::parse::<raw::RawAssessment>(&shown, &text, Limits::SMALL_FILE) {
                Ok(raw) => Validator::new(&shown, &mut own, &self.base_dir, self.catalog)
                    .assessment(&raw, kind),
                Err(problem) => {
                    own.push(
                        Span {
                            line: problem.line,
                            col: problem.col,
                        },
                        problem.message,
                    );
                    None
                }
            };
        match result {
            Some((sl_c, items)) if own.is_empty() => Assessed::Valid(sl_c, items),
            _ => {
                self.problems.absorb(own);
                Assessed::Invalid
            }
        }
    }

    /// Validates an assessment's content for an asset of type `kind`.
    fn assessment(
        &mut self,
        raw: &raw::RawAssessment,
        kind: ComponentType,
    ) -> Option<(SlVector, Vec<RequirementId>)> {
        if raw.component.value.trim().is_empty() {
            self.problem(span(&raw.component), "the component name is empty");
        }
        // An assessment of another type of component says nothing about this asset: stop here
        // rather than bury the mismatch under findings measured against the wrong type.
        match raw.component_type.value.parse::<ComponentType>() {
            Ok(ty) if ty == kind => {}
            Ok(ty) => {
                self.problem(
                    span(&raw.component_type),
                    format!(
                        "this assessment of `{}`{} is for component type `{ty}`, but the asset linking it is `{kind}`",
                        raw.component.value.trim(),
                        raw.version.as_ref().map(|v| format!(" {}", v.0)).unwrap_or_default()
                    ),
                );
                return None;
            }
            Err(e) => {
                self.problem(span(&raw.component_type), e.to_string());
                return None;
            }
        }
        let declared = raw.sl_c.as_ref().and_then(|s| self.sl_vector(s, "sl_c"));
        let mut satisfied = Vec::new();
        for s in &raw.satisfied {
            if let Some(id) = self.requirement(s) {
                let item = self.catalog.get(&id).expect("looked up in the catalog");
                if item.part == Part::P4_2 && item.applies_to(kind) {
                    satisfied.push(id);
                } else {
                    self.problem(
                        span(s),
                        format!("`{id}` is not a 4-2 requirement for component type `{kind}`"),
                    );
                }
            }
        }
        satisfied.sort();
        satisfied.dedup();
        if raw.satisfied.is_empty() {
            if declared.is_none() {
                self.problem(
                    span(&raw.component),
                    "give `satisfied` (the 4-2 items met) or `sl_c`, or both",
                );
            }
            return declared.map(|d| (d, satisfied));
        }
        let set: HashSet<RequirementId> = satisfied.iter().cloned().collect();
        let reached = self
            .catalog
            .achieved_levels(LevelScope::Component(kind), &set);
        if let (Some(d), Some(at)) = (declared, raw.sl_c.as_ref()) {
            for (fr, level) in d.iter() {
                if level > reached.get(fr) {
                    let next = SecurityLevel::new(reached.get(fr).get() + 1).unwrap_or(level);
                    let missing: Vec<String> = self
                        .catalog
                        .scope_items(LevelScope::Component(kind))
                        .filter(|i| i.fr == Some(fr) && i.required_at(next) && !set.contains(&i.id))
                        .map(|i| i.id.to_string())
                        .collect();
                    self.problem(
                        span(at),
                        format!(
                            "sl_c claims {fr} {level}, but the satisfied items reach only {}: missing {}",
                            reached.get(fr),
                            missing.join(", ")
                        ),
                    );
                }
            }
        }
        Some((reached, satisfied))
    }
}
