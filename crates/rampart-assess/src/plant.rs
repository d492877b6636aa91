//! `assess system`: a plant model's 3-2 checks, risk, SL gap and (when an index was read) its
//! assets' vulnerabilities, with the assessor's answers, turned into [`AssessmentResults`]:
//! the 3-3 requirements system-wide and per zone.
//!
//! A 3-3 item's status system-wide comes from, in order: the assessor's answer or an
//! evidence rule's proposal (see [`decide`](mod@crate::decide)); otherwise the zones' own declarations
//! in the model (`satisfies:`) — satisfied when every zone that needs the item declares it,
//! partially when some do; otherwise not assessed. Per zone, SL-A counts the items the zone
//! declares plus those satisfied system-wide. The system's levels per FR are the weakest
//! zone's: SL-T the highest target, SL-C and SL-A the lowest, blocking item from the zone
//! with the lowest SL-A.

use std::collections::HashSet;

use rampart_advisory::ScanReport;
use rampart_catalog::{Catalog, Fr, LevelScope, Part, RequirementId, SecurityLevel, SlVector};
use rampart_system::{IsoDate, SystemModel};

use crate::convert;
use crate::product::ProductError;
use crate::results::{
    AssessmentResults, DecidedBy, FrLevels, InputFile, RESULTS_SCHEMA, RequirementResult, Status,
    Subject, SubjectKind,
};

/// Everything `assess system` concludes from.
pub struct SystemInput<'a> {
    /// The catalog.
    pub catalog: &'a Catalog,
    /// The plant.
    pub model: &'a SystemModel,
    /// The assessor's answers (a system assessment file).
    pub answers: Option<&'a crate::file::AssessmentFile>,
    /// Each asset's scan (asset id, report), when an index was read.
    pub scans: Vec<(String, &'a ScanReport)>,
    /// The zone and conduit diagram, as SVG.
    pub diagram_svg: Option<String>,
    /// Earlier results of the same system, for the trend.
    pub previous: &'a [AssessmentResults],
    /// Every file read.
    pub inputs: Vec<InputFile>,
    /// The advisory index's state token, when one was read.
    pub index_state: Option<String>,
    /// The day of the run.
    pub today: IsoDate,
}

/// Concludes an assessment of a plant. See the module doc and `docs/assessment.md`.
pub fn assess_system(input: &SystemInput<'_>) -> Result<AssessmentResults, ProductError> {
    let catalog = input.catalog;
    let model = input.model;
    let today = input.today;
    let checks = rampart_system::run_checks_as_of(model, today);
    let risk = rampart_system::risk::assess_as_of(model, today);
    let gap = rampart_system::gap::analyse_with(model, catalog);
    let proposals = crate::rules::propose(&crate::rules::EvidenceInput {
        firmware: None,
        scan: None,
        system_findings: &checks,
        system: Some(model),
        component_type: None,
    });
    // The system's target: per FR the highest zone SL-T.
    let sl_t = model
        .zones()
        .iter()
        .fold(SlVector::ZERO, |acc, z| acc.max(&z.sl_t));
    let items: Vec<&rampart_catalog::Requirement> = catalog.scope_items(LevelScope::Zone).collect();
    let mut requirements = crate::conclude::decide_all(
        &items,
        |item| item.required_by(&sl_t),
        proposals,
        input.answers,
        today,
    )
    .map_err(|problems| ProductError::Answers { problems })?;
    apply_zone_declarations(model, &mut requirements);
    // Satisfied system-wide by an answer or a rule (the zones' own declarations count per zone).
    let satisfied_everywhere: HashSet<RequirementId> = requirements
        .iter()
        .filter(|r| {
            r.status == Status::Satisfied
                && !r.rationale.as_deref().is_some_and(is_zone_declaration)
        })
        .filter_map(|r| RequirementId::parse(&r.id).ok())
        .collect();
    let section = convert::system_section(
        catalog,
        model,
        &gap,
        &risk,
        &checks,
        &satisfied_everywhere,
        input.diagram_svg.clone(),
    );
    let levels = weakest_zone_levels(&section.zones, sl_t);
    let mut findings = convert::system_findings(model, &checks);
    convert::sort_findings(&mut findings);
    let mut vulnerabilities = Vec::new();
    for (asset, report) in &input.scans {
        for mut v in convert::vulnerabilities(report) {
            v.component = format!("{} ({asset})", v.component);
            vulnerabilities.push(v);
        }
    }
    let gaps = crate::gaps::gaps(
        catalog,
        LevelScope::Zone,
        &sl_t,
        &requirements,
        &findings,
        &vulnerabilities,
        None,
    );
    let readiness = crate::scores::readiness(&requirements);
    let review = crate::conclude::review_of(input.answers, today, input.index_state.clone());
    let components = scan_components(&input.scans);
    let mut results = AssessmentResults {
        schema: RESULTS_SCHEMA.to_owned(),
        tool: format!("rampart {}", env!("CARGO_PKG_VERSION")),
        generated: today.to_string(),
        subject: Subject {
            kind: SubjectKind::System,
            name: model.system().name.clone(),
            version: input.answers.and_then(|a| a.subject.version.clone()),
            component_type: None,
            sl_t: Some(sl_t),
            parts: vec![
                Part::P3_3.as_str().to_owned(),
                Part::P3_2.as_str().to_owned(),
            ],
            artifact: input
                .inputs
                .iter()
                .find(|i| i.role == "system-model")
                .cloned(),
            placement: None,
        },
        levels,
        readiness_by_fr: crate::scores::readiness_by_fr(&requirements),
        readiness,
        requirements,
        maturity: Vec::new(),
        gaps,
        findings,
        vulnerabilities,
        components,
        trend: Vec::new(),
        system: Some(section),
        review,
        inputs: input.inputs.clone(),
    };
    results.trend = crate::conclude::trend(input.previous, &results);
    Ok(results)
}

/// The rationale of a status taken from the zones' declarations.
const ZONES_DECLARE: &str =
    "declared satisfied by every zone that needs it (`satisfies:` in the model)";

fn is_zone_declaration(rationale: &str) -> bool {
    rationale == ZONES_DECLARE
}

/// Items nobody decided take the zones' declarations: satisfied when every zone whose SL-T
/// needs the item lists it in `satisfies`, partially when only some do.
fn apply_zone_declarations(model: &SystemModel, requirements: &mut [RequirementResult]) {
    let catalog = Catalog::builtin();
    for r in requirements
        .iter_mut()
        .filter(|r| r.decided_by == DecidedBy::Nobody)
    {
        let Ok(id) = RequirementId::parse(&r.id) else {
            continue;
        };
        let Some(item) = catalog.get(&id) else {
            continue;
        };
        let needing: Vec<&rampart_system::Zone> = model
            .zones()
            .iter()
            .filter(|z| item.required_by(&z.sl_t))
            .collect();
        let declaring: Vec<&str> = needing
            .iter()
            .filter(|z| z.satisfies.contains(&id))
            .map(|z| z.id.as_str())
            .collect();
        if needing.is_empty() || declaring.is_empty() {
            continue;
        }
        r.decided_by = DecidedBy::Assessor;
        if declaring.len() == needing.len() {
            r.status = Status::Satisfied;
            r.rationale = Some(ZONES_DECLARE.to_owned());
        } else {
            r.status = Status::Partially;
            let missing: Vec<&str> = needing
                .iter()
                .map(|z| z.id.as_str())
                .filter(|z| !declaring.contains(z))
                .collect();
            r.rationale = Some(format!(
                "declared satisfied by zones {} but not by {} (`satisfies:` in the model)",
                declaring.join(", "),
                missing.join(", ")
            ));
        }
    }
}

/// Per FR the weakest zone: the highest SL-T, the lowest SL-C (unknown if any zone's is),
/// the lowest SL-A with that zone's blocking item.
fn weakest_zone_levels(zones: &[crate::results::ZoneResult], sl_t: SlVector) -> Vec<FrLevels> {
    Fr::ALL
        .iter()
        .map(|&fr| {
            let of_fr = zones.iter().filter_map(|z| z.levels.get(fr.index()));
            let weakest = of_fr.clone().min_by_key(|l| l.sl_a);
            let sl_c = of_fr
                .clone()
                .map(|l| l.sl_c)
                .collect::<Option<Vec<SecurityLevel>>>()
                .and_then(|v| v.into_iter().min());
            FrLevels {
                fr,
                sl_t: sl_t.get(fr),
                sl_c,
                sl_a: weakest.map_or(SecurityLevel::SL0, |l| l.sl_a),
                blocking: weakest.and_then(|l| l.blocking.clone()),
            }
        })
        .collect()
}

/// Component counts over every asset's scan.
fn scan_components(scans: &[(String, &ScanReport)]) -> crate::results::ComponentSummary {
    let mut summary = crate::results::ComponentSummary::default();
    for (_, report) in scans {
        summary.total += report.summary.components;
        summary.vulnerable += report.summary.affected_components;
        summary.identified += report
            .components
            .iter()
            .filter(|c| c.purl.is_some())
            .count();
    }
    summary
}
