//! From the file as written to an [`AssessmentFile`]: every rule of `docs/assessment.md`
//! checked, every problem collected with its place, so one run lists them all.

use std::collections::HashMap;
use std::path::Path;

use rampart_catalog::{Catalog, ComponentType, MaturityLevel, Part, RequirementId};
use rampart_system::IsoDate;
use rampart_yaml::{Problem, Problems, Span};

use super::raw::{
    RawAssessment, RawConfirm, RawKind, RawMaturity, RawRequirement, RawStatus, RawSubject, S,
};
use super::{
    ASSESSMENT_SCHEMA, Answer, AssessmentFile, DEFAULT_REVIEW_DAYS, Recorded, ReviewSettings,
    SubjectSpec, evidence,
};
use crate::results::{Status, SubjectKind};

/// Validates `raw` (read from `file`, evidence resolved from `base_dir`).
pub(super) fn validate(
    file: &str,
    raw: &RawAssessment,
    base_dir: &Path,
    catalog: &Catalog,
) -> Result<AssessmentFile, Vec<Problem>> {
    let mut v = Validator {
        problems: Problems::new(file),
        base_dir,
        catalog,
    };
    if let Some(schema) = &raw.schema
        && schema.value.trim() != ASSESSMENT_SCHEMA
    {
        v.push(
            span(schema),
            format!(
                "`schema` is `{}`: this Rampart reads `{ASSESSMENT_SCHEMA}`",
                schema.value.trim()
            ),
        );
    }
    let subject = v.subject(&raw.subject);
    let parts = v.parts(raw, subject.kind);
    let review = v.review(raw);
    let entries = raw.requirements.as_deref().unwrap_or_default();
    let mut answers = Vec::with_capacity(entries.len());
    let mut index: HashMap<RequirementId, usize> = HashMap::new();
    for entry in entries {
        let Some(answer) = v.answer(entry, &subject, &parts) else {
            continue;
        };
        if let Some(&first) = index.get(&answer.id) {
            let first_line = answers.get(first).map_or(0, |a: &Answer| a.at.line);
            v.push(
                answer.at,
                format!(
                    "`{}` is answered twice (first on line {first_line}): give each requirement once",
                    answer.id
                ),
            );
            continue;
        }
        index.insert(answer.id.clone(), answers.len());
        answers.push(answer);
    }
    if !v.problems.is_empty() {
        return Err(v.problems.into_sorted());
    }
    Ok(AssessmentFile {
        file: file.to_owned(),
        base_dir: base_dir.to_path_buf(),
        subject,
        kind_at: span(&raw.subject.kind),
        parts,
        review,
        answers,
        index,
    })
}

struct Validator<'a> {
    problems: Problems,
    base_dir: &'a Path,
    catalog: &'a Catalog,
}

fn span<T>(s: &S<T>) -> Span {
    s.at
}

/// Trimmed text, `None` when blank.
fn text(s: Option<&S<String>>) -> Option<String> {
    s.map(|s| s.value.trim().to_owned())
        .filter(|t| !t.is_empty())
}

pub(super) fn to_status(raw: RawStatus) -> Status {
    match raw {
        RawStatus::Satisfied => Status::Satisfied,
        RawStatus::Partially => Status::Partially,
        RawStatus::NotSatisfied => Status::NotSatisfied,
        RawStatus::NotApplicable => Status::NotApplicable,
        RawStatus::NotAssessed => Status::NotAssessed,
    }
}

impl Validator<'_> {
    fn push(&mut self, at: Span, message: impl Into<String>) {
        self.problems.push(at, message);
    }

    fn subject(&mut self, raw: &RawSubject) -> SubjectSpec {
        let kind = match raw.kind.value {
            RawKind::Product => SubjectKind::Product,
            RawKind::System => SubjectKind::System,
            RawKind::Organisation => SubjectKind::Organisation,
        };
        let name = raw.name.value.trim().to_owned();
        if name.is_empty() {
            self.push(span(&raw.name), "the subject's `name` is empty");
        }
        let component_type =
            raw.component_type
                .as_ref()
                .and_then(|t| match t.value.parse::<ComponentType>() {
                    Ok(ty) => Some(ty),
                    Err(e) => {
                        self.push(span(t), e.to_string());
                        None
                    }
                });
        let sl_t = raw.sl_t.as_ref().map(|s| s.value);
        match kind {
            SubjectKind::Product => {
                if raw.component_type.is_none() {
                    self.push(
                        span(&raw.kind),
                        "a product needs its `component_type` (software-application, embedded-device, host-device or network-device)",
                    );
                }
                if sl_t.is_none() {
                    self.push(
                        span(&raw.kind),
                        "a product needs its `sl_t`, e.g. `[2, 2, 2, 1, 1, 1, 2]`",
                    );
                }
            }
            SubjectKind::System | SubjectKind::Organisation => {
                if let Some(t) = &raw.component_type {
                    self.push(span(t), "only a product has a `component_type`");
                }
            }
        }
        if kind == SubjectKind::System && text(raw.model.as_ref()).is_none() {
            self.push(
                span(&raw.kind),
                "a system needs its `model`: the system model file, relative to this folder",
            );
        }
        if let Some(m) = &raw.model
            && kind != SubjectKind::System
        {
            self.push(span(m), "only a system has a `model`");
        }
        for path in [&raw.model, &raw.sbom].into_iter().flatten() {
            if let Err(e) = evidence::relative_path(path.value.trim()) {
                self.push(span(path), e);
            }
        }
        SubjectSpec {
            kind,
            name,
            version: text(raw.version.as_ref()),
            component_type,
            sl_t,
            model: text(raw.model.as_ref()),
            sbom: text(raw.sbom.as_ref()),
        }
    }

    fn parts(&mut self, raw: &RawAssessment, kind: SubjectKind) -> Vec<Part> {
        let allowed: &[Part] = match kind {
            SubjectKind::Product => &[Part::P4_2, Part::P4_1],
            SubjectKind::System => &[Part::P3_3],
            SubjectKind::Organisation => &[Part::P2_1],
        };
        if raw.parts.is_empty() {
            return vec![allowed[0]];
        }
        let mut parts = Vec::new();
        for p in &raw.parts {
            match p.value.parse::<Part>() {
                Ok(part) if !allowed.contains(&part) => {
                    let names: Vec<&str> = allowed.iter().map(|p| p.as_str()).collect();
                    self.push(
                        span(p),
                        format!(
                            "part {part} is not assessed for a {}: give {}",
                            kind_name(kind),
                            names.join(" or ")
                        ),
                    );
                }
                Ok(part) if parts.contains(&part) => {
                    self.push(span(p), format!("part {part} is listed twice"));
                }
                Ok(part) => parts.push(part),
                Err(e) => self.push(span(p), e.to_string()),
            }
        }
        parts.sort();
        parts
    }

    fn date(&mut self, s: Option<&S<String>>) -> Option<IsoDate> {
        let s = s?;
        match s.value.parse::<IsoDate>() {
            Ok(d) => Some(d),
            Err(e) => {
                self.push(span(s), e.to_string());
                None
            }
        }
    }

    fn review(&mut self, raw: &RawAssessment) -> ReviewSettings {
        let Some(review) = &raw.review else {
            return ReviewSettings {
                interval_days: DEFAULT_REVIEW_DAYS,
                last: None,
                recorded: Recorded::default(),
            };
        };
        let interval_days = match &review.interval_days {
            None => DEFAULT_REVIEW_DAYS,
            Some(days) => {
                if let Ok(d @ 1..=3660) = u32::try_from(days.value) {
                    d
                } else {
                    self.push(
                        span(days),
                        format!(
                            "`interval_days` is {}: give 1 to 3660 days (365 is the annual review)",
                            days.value
                        ),
                    );
                    DEFAULT_REVIEW_DAYS
                }
            }
        };
        let last = self.date(review.last.as_ref());
        let mut recorded = Recorded::default();
        if let Some(r) = &review.recorded {
            recorded.version = text(r.version.as_ref());
            recorded.advisory_index = text(r.advisory_index.as_ref());
            if let Some(h) = &r.sbom_sha256 {
                match evidence::sha256_text(&h.value) {
                    Ok(hex) => recorded.sbom_sha256 = Some(hex),
                    Err(e) => self.push(span(h), e),
                }
            }
        }
        ReviewSettings {
            interval_days,
            last,
            recorded,
        }
    }

    /// One requirement entry, or `None` when its id is unusable (reported).
    fn answer(
        &mut self,
        raw: &RawRequirement,
        subject: &SubjectSpec,
        parts: &[Part],
    ) -> Option<Answer> {
        let at = span(&raw.id);
        let item = match self.catalog.lookup(&raw.id.value) {
            Ok(item) => item,
            Err(e) => {
                self.push(at, e.to_string());
                return None;
            }
        };
        let id = item.id.clone();
        if !parts.contains(&item.part) {
            self.push(
                at,
                format!(
                    "`{id}` is a {} requirement, but the parts in scope are {}",
                    item.part,
                    parts
                        .iter()
                        .map(|p| p.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        } else if !item.normative {
            self.push(
                at,
                format!("`{id}` is a heading, not a requirement: answer its items instead"),
            );
        } else if let (Part::P4_2, Some(ty)) = (item.part, subject.component_type)
            && !item.applies_to(ty)
        {
            self.push(
                at,
                format!("`{id}` does not apply to a component of type `{ty}`"),
            );
        }
        let status = raw.status.as_ref().map(|s| to_status(s.value));
        let confirm_automatic = raw
            .confirm
            .as_ref()
            .is_some_and(|c| c.value == RawConfirm::Automatic);
        let overrides = raw.overrides.as_ref().map(|s| to_status(s.value));
        let rationale = text(raw.rationale.as_ref());
        let status_at = raw
            .status
            .as_ref()
            .map(span)
            .or_else(|| raw.confirm.as_ref().map(span))
            .unwrap_or(at);
        if let Some(c) = &raw.confirm {
            if raw.status.is_some() {
                self.push(
                    span(c),
                    format!("`{id}`: give either `status` or `confirm: automatic`, not both"),
                );
            }
            if raw.overrides.is_some() {
                self.push(
                    span(c),
                    format!("`{id}`: a confirmation of the automatic status overrides nothing: drop `overrides`"),
                );
            }
        }
        if status == Some(Status::NotApplicable) && rationale.is_none() {
            self.push(
                status_at,
                format!(
                    "`{id}` is not-applicable without a `rationale`: say why it does not apply"
                ),
            );
        }
        if let Some(o) = &raw.overrides {
            match status {
                None => self.push(
                    span(o),
                    format!("`{id}`: `overrides` needs the `status` that replaces the automatic one"),
                ),
                Some(s) if s == to_status(o.value) => self.push(
                    span(o),
                    format!(
                        "`{id}`: the status `{}` is the automatic one, so it overrides nothing: write `confirm: automatic`",
                        s.as_str()
                    ),
                ),
                Some(_) if rationale.is_none() => self.push(
                    span(o),
                    format!("`{id}` overrides the automatic status without a `rationale`: say why"),
                ),
                Some(_) => {}
            }
        }
        let assessed = self.date(raw.assessed.as_ref());
        let effective = self.date(raw.effective.as_ref());
        let expires = self.date(raw.expires.as_ref());
        if let (Some(exp), Some(at_exp)) = (expires, raw.expires.as_ref()) {
            for (name, start) in [("assessed", assessed), ("effective", effective)] {
                if let Some(start) = start
                    && exp < start
                {
                    self.push(
                        span(at_exp),
                        format!("`{id}` expires on {exp}, before it was {name} ({start})"),
                    );
                }
            }
        }
        let maturity = raw
            .maturity
            .as_ref()
            .and_then(|m| self.maturity(&id, item.part, m));
        let mut evidence = Vec::with_capacity(raw.evidence.len());
        for e in &raw.evidence {
            match evidence::check(e, self.base_dir) {
                Ok(ev) => evidence.push(ev),
                Err((place, message)) => self.push(place.unwrap_or(at), message),
            }
        }
        Some(Answer {
            id,
            status,
            confirm_automatic,
            overrides,
            rationale,
            evidence,
            assessor: text(raw.assessor.as_ref()),
            assessed,
            effective,
            expires,
            maturity,
            at,
            status_at,
        })
    }

    /// The maturity level the evidence shows: ML 1 with nothing, ML 2 when the process is
    /// defined, ML 3 when it is also executed, ML 4 when it is also measured and improving.
    /// A level claimed without the ones below it is a problem.
    fn maturity(
        &mut self,
        id: &RequirementId,
        part: Part,
        m: &S<RawMaturity>,
    ) -> Option<MaturityLevel> {
        if part != Part::P4_1 && part != Part::P2_1 {
            self.push(
                span(m),
                format!("`{id}`: `maturity` is for 4-1 and 2-1 items only"),
            );
            return None;
        }
        let RawMaturity {
            defined,
            executed,
            measured,
            improving,
        } = m.value;
        let chain = [
            ("executed", executed, "defined", defined),
            ("measured", measured, "executed", executed),
            ("improving", improving, "measured", measured),
        ];
        let mut ok = true;
        for (name, set, needs, has) in chain {
            if set && !has {
                self.push(
                    span(m),
                    format!("`{id}`: `{name}` needs `{needs}`: a practice is {needs} before it is {name}"),
                );
                ok = false;
            }
        }
        ok.then_some(maturity_level(m.value))
    }
}

/// ML 1 to ML 4 from the evidence flags (assumed consistent).
pub(super) fn maturity_level(m: RawMaturity) -> MaturityLevel {
    match (m.defined, m.executed, m.measured && m.improving) {
        (true, true, true) => MaturityLevel::Improving,
        (true, true, false) => MaturityLevel::Defined,
        (true, false, _) => MaturityLevel::Managed,
        _ => MaturityLevel::Initial,
    }
}

fn kind_name(kind: SubjectKind) -> &'static str {
    match kind {
        SubjectKind::Product => "product",
        SubjectKind::System => "system",
        SubjectKind::Organisation => "organisation",
    }
}
