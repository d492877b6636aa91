//! `assess product`: one product version's analyses, the assessor's answers and the catalog
//! turned into [`AssessmentResults`].
//!
//! The caller does the reading (image, SBOM, index, answers, model) and hands the analyses
//! over; this module only concludes, so it is deterministic for a given input and `today`.

use rampart_advisory::ScanReport;
use rampart_catalog::{Catalog, ComponentType, LevelScope, Part, SlVector};
use rampart_firmware::analysis::FirmwareAnalysis;
use rampart_sbom::Component;
use rampart_system::{AssetIdx, IsoDate, SystemModel};

use crate::convert;
use crate::results::{
    AssessmentResults, InputFile, Placement, RESULTS_SCHEMA, Subject, SubjectKind,
};

/// Everything `assess product` concludes from.
pub struct ProductInput<'a> {
    /// The catalog (built-in or with local overrides).
    pub catalog: &'a Catalog,
    /// The product's name.
    pub name: String,
    /// Its version.
    pub version: Option<String>,
    /// Its 4-2 component type.
    pub component_type: ComponentType,
    /// Its target SL vector.
    pub sl_t: SlVector,
    /// Include 4-1 (the maker's process) in scope.
    pub with_4_1: bool,
    /// The image or SBOM analysed.
    pub artifact: InputFile,
    /// The firmware analysis, when an image or folder was given.
    pub firmware: Option<&'a FirmwareAnalysis>,
    /// The components (from the analysis or the SBOM).
    pub components: &'a [Component],
    /// The scan of those components, when an advisory index was available.
    pub scan: Option<&'a ScanReport>,
    /// The assessor's answers.
    pub answers: Option<&'a crate::file::AssessmentFile>,
    /// The model and asset the product is placed in.
    pub placement: Option<(&'a SystemModel, AssetIdx)>,
    /// Earlier results of the same product, for the trend.
    pub previous: &'a [AssessmentResults],
    /// Every file read, for provenance.
    pub inputs: Vec<InputFile>,
    /// The advisory index's state token (`review::advisory_index_state`), when an index was
    /// read: a change since the last review marks the assessment `changed`.
    pub index_state: Option<String>,
    /// The day of the run.
    pub today: IsoDate,
}

/// Why a product cannot be assessed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProductError {
    /// The answers file contradicts the command line or the evidence.
    #[error("{}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Answers {
        /// Every problem, located in the answers file.
        problems: Vec<rampart_yaml::Problem>,
    },
}

/// Concludes an assessment of one product version. See `docs/assessment.md`.
pub fn assess_product(input: &ProductInput<'_>) -> Result<AssessmentResults, ProductError> {
    let catalog = input.catalog;
    let ty = input.component_type;
    let scope = LevelScope::Component(ty);
    let mut parts = vec![Part::P4_2];
    if input.with_4_1 || input.answers.is_some_and(|a| a.parts.contains(&Part::P4_1)) {
        parts.push(Part::P4_1);
    }
    if let Some(file) = input.answers {
        check_answers_subject(file, ty)?;
    }
    let proposals = crate::rules::propose(&crate::rules::EvidenceInput {
        firmware: input.firmware,
        scan: input.scan,
        // The plant's 3-2 findings bear on its zones (3-3), not on the product's 4-2 items:
        // the placement ranks the gaps by exposure only.
        system_findings: &[],
        system: None,
        component_type: Some(ty),
    });
    let items: Vec<&rampart_catalog::Requirement> = catalog
        .scope_items(scope)
        .chain(
            catalog
                .items_of(Part::P4_1)
                .filter(|i| i.normative && parts.contains(&Part::P4_1)),
        )
        .collect();
    let requirements = crate::conclude::decide_all(
        &items,
        |item| item.part == Part::P4_1 || item.required_by(&input.sl_t),
        proposals,
        input.answers,
        input.today,
    )
    .map_err(|problems| ProductError::Answers { problems })?;
    let placement = input.placement.map(|(model, asset)| {
        let entry = model.asset(asset);
        let zone = model.zone(entry.zone);
        (
            Placement {
                model: model.file().to_owned(),
                asset: entry.id.clone(),
                zone: zone.id.clone(),
                zone_sl_t: zone.sl_t,
            },
            entry.sl_c,
            rampart_system::exposure::asset_exposure(model, asset)
                .exposure
                .as_str(),
        )
    });
    let sl_c = placement.as_ref().and_then(|(_, sl_c, _)| *sl_c);
    let exposure = placement.as_ref().map(|(_, _, e)| *e);
    let findings = input
        .firmware
        .map(convert::firmware_findings)
        .unwrap_or_default();
    let vulnerabilities = input.scan.map(convert::vulnerabilities).unwrap_or_default();
    let levels =
        crate::scores::fr_levels(catalog, scope, &input.sl_t, sl_c.as_ref(), &requirements);
    let gaps = crate::gaps::gaps(
        catalog,
        scope,
        &input.sl_t,
        &requirements,
        &findings,
        &vulnerabilities,
        exposure,
    );
    let components = convert::component_summary(
        input.components,
        input.scan,
        input.firmware,
        &crate::rules::elf_is_weak,
    );
    let readiness = crate::scores::readiness(&requirements);
    let maturity = if parts.contains(&Part::P4_1) {
        crate::scores::maturity(catalog, &requirements)
    } else {
        Vec::new()
    };
    let review = crate::conclude::review_of(input.answers, input.today, input.index_state.clone());
    let mut results = AssessmentResults {
        schema: RESULTS_SCHEMA.to_owned(),
        tool: format!("rampart {}", env!("CARGO_PKG_VERSION")),
        generated: input.today.to_string(),
        subject: Subject {
            kind: SubjectKind::Product,
            name: input.name.clone(),
            version: input.version.clone(),
            component_type: Some(ty),
            sl_t: Some(input.sl_t),
            parts: parts.iter().map(|p| p.as_str().to_owned()).collect(),
            artifact: Some(input.artifact.clone()),
            placement: placement.map(|(p, _, _)| p),
        },
        levels,
        readiness_by_fr: crate::scores::readiness_by_fr(&requirements),
        readiness,
        requirements,
        maturity,
        gaps,
        findings,
        vulnerabilities,
        components,
        trend: Vec::new(),
        system: None,
        review,
        inputs: input.inputs.clone(),
    };
    results.trend = crate::conclude::trend(input.previous, &results);
    Ok(results)
}

/// The answers file must be about a product of the same component type.
fn check_answers_subject(
    file: &crate::file::AssessmentFile,
    ty: ComponentType,
) -> Result<(), ProductError> {
    let spec = &file.subject;
    let problem = |message: String| ProductError::Answers {
        problems: vec![rampart_yaml::Problem {
            file: file.file.clone(),
            line: 0,
            col: 0,
            message,
        }],
    };
    if spec.kind != SubjectKind::Product {
        return Err(problem(format!(
            "the answers are for a {} assessment, not a product's",
            serde_json::to_value(spec.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        )));
    }
    if let Some(file_ty) = spec.component_type
        && file_ty != ty
    {
        return Err(problem(format!(
            "the answers are for a {} but --component-type is {}",
            file_ty.as_str(),
            ty.as_str()
        )));
    }
    Ok(())
}
