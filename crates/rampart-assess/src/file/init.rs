//! `rampart assess init`: a new assessment file listing every requirement that applies to the
//! subject, each with the question an engineer answers, ready to be filled in and committed.

use rampart_catalog::{Catalog, LevelScope, Part, Requirement, SlVector};

use super::record::yaml_string;
use super::{ASSESSMENT_SCHEMA, DEFAULT_REVIEW_DAYS, SubjectSpec};
use crate::questions::Questions;
use crate::results::SubjectKind;

/// Why an assessment cannot be started.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InitError {
    /// The subject lacks what its kind needs.
    #[error("{0}")]
    Subject(String),
    /// A part that is not assessed for this kind of subject.
    #[error("part {part} is not assessed for this subject: give {allowed}")]
    Part {
        /// The part given.
        part: Part,
        /// What may be given.
        allowed: String,
    },
}

/// The requirements an assessment of `subject` covers, in catalog order:
/// - a product: the 4-2 items its component type needs at its SL-T (when 4-2 is in scope)
///   and every 4-1 requirement (when 4-1 is);
/// - a system: the 3-3 items any of `zone_targets` (the zones' SL-T) needs, and those the
///   subject's own `sl_t` needs when it has one;
/// - an organisation: every 2-1 requirement.
pub fn init_items<'a>(
    catalog: &'a Catalog,
    subject: &SubjectSpec,
    parts: &[Part],
    zone_targets: &[SlVector],
) -> Result<Vec<&'a Requirement>, InitError> {
    let allowed: &[Part] = match subject.kind {
        SubjectKind::Product => &[Part::P4_2, Part::P4_1],
        SubjectKind::System => &[Part::P3_3],
        SubjectKind::Organisation => &[Part::P2_1],
    };
    if let Some(part) = parts.iter().find(|p| !allowed.contains(p)) {
        return Err(InitError::Part {
            part: *part,
            allowed: allowed
                .iter()
                .map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join(" or "),
        });
    }
    let mut items = Vec::new();
    for part in parts {
        match part {
            Part::P4_2 => {
                let (Some(ty), Some(sl_t)) = (subject.component_type, subject.sl_t) else {
                    return Err(InitError::Subject(
                        "a product's 4-2 assessment needs its component type and SL-T".to_owned(),
                    ));
                };
                items.extend(catalog.required_for(LevelScope::Component(ty), &sl_t));
            }
            Part::P3_3 => {
                let targets: Vec<SlVector> =
                    zone_targets.iter().copied().chain(subject.sl_t).collect();
                if targets.is_empty() {
                    return Err(InitError::Subject(
                        "a system assessment needs the SL-T of its zones".to_owned(),
                    ));
                }
                items.extend(
                    catalog
                        .scope_items(LevelScope::Zone)
                        .filter(|i| targets.iter().any(|t| i.required_by(t))),
                );
            }
            other => items.extend(catalog.items_of(*other).filter(|i| i.normative)),
        }
    }
    items.sort_by_key(|i| i.part);
    Ok(items)
}

/// The text of a new assessment file for `subject`, listing `items` with their questions
/// and `status: not-assessed`. It reads back as a valid assessment.
pub fn init_text(
    subject: &SubjectSpec,
    parts: &[Part],
    items: &[&Requirement],
    questions: &Questions,
) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# Rampart assessment of {}.\n",
        describe(subject).replace('\n', " ")
    ));
    out.push_str(
        "# Answer each requirement's question with a status: satisfied, partially, not-satisfied,\n\
         # not-applicable (with a rationale) or not-assessed; or `confirm: automatic` to accept\n\
         # the status Rampart's evidence rules propose. Attach evidence, your name and the dates.\n\
         # The format: docs/assessment.md; its JSON Schema: `rampart schema assessment`.\n",
    );
    out.push_str(&format!("schema: {ASSESSMENT_SCHEMA}\nsubject:\n"));
    let kind = match subject.kind {
        SubjectKind::Product => "product",
        SubjectKind::System => "system",
        SubjectKind::Organisation => "organisation",
    };
    out.push_str(&format!(
        "  kind: {kind}\n  name: {}\n",
        yaml_string(&subject.name)
    ));
    if let Some(v) = &subject.version {
        out.push_str(&format!("  version: {}\n", yaml_string(v)));
    }
    if let Some(t) = subject.component_type {
        out.push_str(&format!("  component_type: {t}\n"));
    }
    if let Some(sl) = subject.sl_t {
        let levels: Vec<String> = sl.levels().iter().map(ToString::to_string).collect();
        out.push_str(&format!("  sl_t: [{}]\n", levels.join(", ")));
    }
    if let Some(m) = &subject.model {
        out.push_str(&format!("  model: {}\n", yaml_string(m)));
    }
    if let Some(s) = &subject.sbom {
        out.push_str(&format!("  sbom: {}\n", yaml_string(s)));
    }
    let names: Vec<&str> = parts.iter().map(|p| p.as_str()).collect();
    out.push_str(&format!("parts: [{}]\n", names.join(", ")));
    out.push_str(&format!(
        "review:\n  interval_days: {DEFAULT_REVIEW_DAYS}\n"
    ));
    out.push_str("requirements:\n");
    let mut group: Option<(Part, Option<&str>)> = None;
    for item in items {
        let this = (item.part, item.group.as_deref());
        if group != Some(this) {
            group = Some(this);
            out.push_str(&format!(
                "\n  # {} {}\n",
                item.part,
                item.group.as_deref().unwrap_or("")
            ));
        }
        out.push_str(&format!("  - id: {}\n", item.id));
        if let Some(q) = questions.get(&item.id) {
            out.push_str(&format!("    question: {}\n", yaml_string(q)));
        }
        out.push_str("    status: not-assessed\n");
    }
    out
}

/// "ACME RTU 3.2 (embedded-device, SL-T(2,2,2,1,1,1,2))".
fn describe(subject: &SubjectSpec) -> String {
    let mut s = subject.name.clone();
    if let Some(v) = &subject.version {
        s.push(' ');
        s.push_str(v);
    }
    let mut details = Vec::new();
    if let Some(t) = subject.component_type {
        details.push(t.to_string());
    }
    if let Some(sl) = subject.sl_t {
        details.push(sl.labelled(rampart_catalog::SlKind::Target));
    }
    if !details.is_empty() {
        s.push_str(&format!(" ({})", details.join(", ")));
    }
    s
}
