//! `assess organisation`: an asset owner's security programme (IEC 62443-2-1) concluded from
//! the assessor's answers file into [`AssessmentResults`].
//!
//! Every normative 2-1 requirement is in scope and required (2-1 rates maturity, not
//! security levels, so there is no SL-T to filter by). Statuses follow the same decide
//! rules as a product or a system ([`decide`](mod@crate::decide): the answer in force wins,
//! an expired or not yet effective answer counts as not given, `confirm: automatic` needs a
//! proposal); no evidence rule bears on 2-1, so nothing is proposed automatically. Scores:
//! readiness overall; per 2-1 element (`ORG 1`, `NET 3`, …, the catalog's grouping of the
//! requirements) its readiness and its maturity level, ML 1–4 from the answers' `maturity`
//! evidence by the 4-1 rules ([`crate::scores::maturity_of`]); the gap list with each
//! element's remediation guidance. There are no FR levels, findings or vulnerabilities.

use std::collections::BTreeMap;

use rampart_catalog::{Catalog, LevelScope, Part, SlVector};
use rampart_system::IsoDate;

use crate::file::AssessmentFile;
use crate::product::ProductError;
use crate::results::{AssessmentResults, InputFile, RESULTS_SCHEMA, Subject, SubjectKind};

/// Everything `assess organisation` concludes from.
pub struct OrganisationInput<'a> {
    /// The catalog.
    pub catalog: &'a Catalog,
    /// The assessor's answers: an assessment file whose subject is an organisation.
    pub answers: &'a AssessmentFile,
    /// Earlier results of the same organisation, for the trend.
    pub previous: &'a [AssessmentResults],
    /// Every file read, for provenance.
    pub inputs: Vec<InputFile>,
    /// The day of the run.
    pub today: IsoDate,
}

/// Concludes an assessment of an organisation's programme. See the module doc and
/// `docs/assessment.md`. Answers about a product or a system are refused, located at the
/// subject's `kind`.
pub fn assess_organisation(
    input: &OrganisationInput<'_>,
) -> Result<AssessmentResults, ProductError> {
    let catalog = input.catalog;
    let file = input.answers;
    if file.subject.kind != SubjectKind::Organisation {
        let kind = match file.subject.kind {
            SubjectKind::Product => "product",
            SubjectKind::System => "system",
            SubjectKind::Organisation => "organisation",
        };
        return Err(ProductError::Answers {
            problems: vec![file.problem(
                file.kind_at,
                format!(
                    "the answers are for a {kind} assessment, not an organisation's: `rampart assess {kind}` concludes them"
                ),
            )],
        });
    }
    let items: Vec<&rampart_catalog::Requirement> = catalog
        .items_of(Part::P2_1)
        .filter(|i| i.normative)
        .collect();
    let requirements =
        crate::conclude::decide_all(&items, |_| true, BTreeMap::new(), Some(file), input.today)
            .map_err(|problems| ProductError::Answers { problems })?;
    let mut maturity = crate::scores::maturity_of(catalog, Part::P2_1, &requirements);
    for element in &mut maturity {
        let of_element: Vec<crate::results::RequirementResult> = requirements
            .iter()
            .filter(|r| r.group.as_deref() == Some(element.practice.as_str()))
            .cloned()
            .collect();
        element.readiness = Some(crate::scores::readiness(&of_element));
    }
    // The 3-3 zone scope only as the level scope the ranking needs: no 2-1 item is in it,
    // so no gap unlocks a level and the ranking is by status, in catalog order.
    let gaps = crate::gaps::gaps(
        catalog,
        LevelScope::Zone,
        &SlVector::ZERO,
        &requirements,
        &[],
        &[],
        None,
    );
    let mut results = AssessmentResults {
        schema: RESULTS_SCHEMA.to_owned(),
        tool: format!("rampart {}", env!("CARGO_PKG_VERSION")),
        generated: input.today.to_string(),
        subject: Subject {
            kind: SubjectKind::Organisation,
            name: file.subject.name.clone(),
            version: file.subject.version.clone(),
            component_type: None,
            sl_t: None,
            parts: vec![Part::P2_1.as_str().to_owned()],
            artifact: None,
            placement: None,
        },
        levels: Vec::new(),
        readiness: crate::scores::readiness(&requirements),
        readiness_by_fr: Vec::new(),
        requirements,
        maturity,
        gaps,
        findings: Vec::new(),
        vulnerabilities: Vec::new(),
        components: crate::results::ComponentSummary::default(),
        trend: Vec::new(),
        system: None,
        review: crate::conclude::review_of(Some(file), input.today, None),
        inputs: input.inputs.clone(),
    };
    results.trend = crate::conclude::trend(input.previous, &results);
    Ok(results)
}

#[cfg(test)]
mod tests;
