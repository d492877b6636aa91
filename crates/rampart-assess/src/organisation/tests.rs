//! One test per rule of `assess organisation` (module doc of `organisation.rs`).

use std::path::Path;

use rampart_catalog::{Catalog, MaturityLevel, Part};
use rampart_system::IsoDate;

use super::*;
use crate::results::{DecidedBy, Status};

const HEAD: &str = "schema: rampart.assessment/1
subject:
  kind: organisation
  name: Acme Water
requirements:
";

fn file(text: &str) -> AssessmentFile {
    AssessmentFile::parse_in(
        "org.yaml",
        text,
        Path::new("/nonexistent-rampart-test"),
        Catalog::builtin(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn today() -> IsoDate {
    "2026-12-05".parse().unwrap()
}

fn run(body: &str) -> AssessmentResults {
    let answers = file(&format!("{HEAD}{body}"));
    assess_organisation(&OrganisationInput {
        catalog: Catalog::builtin(),
        answers: &answers,
        previous: &[],
        inputs: Vec::new(),
        today: today(),
    })
    .unwrap()
}

fn item<'a>(results: &'a AssessmentResults, id: &str) -> &'a crate::results::RequirementResult {
    results
        .requirements
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

#[test]
fn every_2_1_requirement_is_in_scope_and_required_with_no_fr_levels() {
    let r = run("");
    let catalog = Catalog::builtin();
    let normative = catalog.items_of(Part::P2_1).filter(|i| i.normative).count();
    assert_eq!(r.requirements.len(), normative);
    assert!(r.requirements.iter().all(|i| i.required && i.part == "2-1"));
    assert_eq!(r.subject.kind, SubjectKind::Organisation);
    assert_eq!(r.subject.parts, ["2-1"]);
    assert!(r.levels.is_empty() && r.readiness_by_fr.is_empty());
    assert_eq!(r.readiness.required, normative);
    assert_eq!(r.readiness.not_assessed, normative);
}

#[test]
fn an_answer_in_force_decides_and_counts_in_readiness() {
    let r = run("  - id: ORG 1.1\n    status: satisfied\n    assessor: A. Auditor\n");
    let org = item(&r, "ORG 1.1");
    assert_eq!(org.status, Status::Satisfied);
    assert_eq!(org.decided_by, DecidedBy::Assessor);
    assert_eq!(r.readiness.satisfied, 1);
    assert!(r.gaps.iter().all(|g| g.requirement != "ORG 1.1"));
}

#[test]
fn an_expired_or_future_answer_counts_as_not_given() {
    let r = run(
        "  - id: ORG 1.1\n    status: satisfied\n    expires: 2026-01-31\n  - id: ORG 1.2\n    status: satisfied\n    effective: 2027-01-01\n",
    );
    let expired = item(&r, "ORG 1.1");
    assert_eq!(expired.status, Status::NotAssessed);
    assert!(
        expired
            .rationale
            .as_deref()
            .is_some_and(|t| t.contains("expired on 2026-01-31")),
        "{expired:?}"
    );
    let future = item(&r, "ORG 1.2");
    assert_eq!(future.status, Status::NotAssessed);
    assert!(
        future
            .rationale
            .as_deref()
            .is_some_and(|t| t.contains("takes effect on 2027-01-01"))
    );
    assert_eq!(r.readiness.satisfied, 0);
}

#[test]
fn confirming_an_automatic_status_without_a_proposal_leaves_the_item_open() {
    // No evidence rule proposes 2-1 statuses: there is nothing to confirm.
    let r = run("  - id: NET 1.1\n    confirm: automatic\n");
    let net = item(&r, "NET 1.1");
    assert_eq!(net.status, Status::NotAssessed);
    assert!(
        net.rationale
            .as_deref()
            .is_some_and(|t| t.contains("no evidence rule proposed one"))
    );
}

#[test]
fn answers_for_a_product_or_a_system_are_refused_at_the_subject_kind() {
    let product = file(
        "schema: rampart.assessment/1\nsubject:\n  name: RTU\n  kind: product\n  component_type: embedded-device\n  sl_t: [2, 2, 2, 1, 1, 1, 2]\nrequirements: []\n",
    );
    let err = assess_organisation(&OrganisationInput {
        catalog: Catalog::builtin(),
        answers: &product,
        previous: &[],
        inputs: Vec::new(),
        today: today(),
    })
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("org.yaml:4:9: the answers are for a product assessment"),
        "{err}"
    );
    let system = file(
        "schema: rampart.assessment/1\nsubject:\n  kind: system\n  name: Plant\n  model: plant.yaml\nrequirements: []\n",
    );
    let err = assess_organisation(&OrganisationInput {
        catalog: Catalog::builtin(),
        answers: &system,
        previous: &[],
        inputs: Vec::new(),
        today: today(),
    })
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("org.yaml:3:9: the answers are for a system assessment"),
        "{err}"
    );
}

#[test]
fn maturity_per_element_is_its_weakest_item_by_the_4_1_rules() {
    // ORG 3 has one requirement, ORG 3.1; CM 1 has CM 1.1 to CM 1.4.
    let r = run(concat!(
        "  - id: ORG 3.1\n    status: satisfied\n    maturity: {defined: true, executed: true, measured: true, improving: true}\n",
        "  - id: CM 1.1\n    status: satisfied\n    maturity: {defined: true, executed: true}\n",
        "  - id: CM 1.2\n    status: satisfied\n",
        "  - id: CM 1.3\n    status: partially\n    maturity: {defined: true, executed: true}\n",
        "  - id: CM 1.4\n    status: not-applicable\n    rationale: no changes are made; the plant is frozen\n",
    ));
    assert_eq!(item(&r, "ORG 3.1").maturity, Some(MaturityLevel::Improving));
    let element = |id: &str| {
        r.maturity
            .iter()
            .find(|m| m.practice == id)
            .unwrap_or_else(|| panic!("no element {id}"))
    };
    let org3 = element("ORG 3");
    assert_eq!(org3.level, Some(MaturityLevel::Improving));
    assert_eq!(org3.blocking, None);
    // CM 1.2 (satisfied without evidence) and CM 1.3 (partially, capped) are at ML 2, the
    // lowest: the first in catalog order blocks; CM 1.4, not applicable, is left out.
    let cm1 = element("CM 1");
    assert_eq!(cm1.level, Some(MaturityLevel::Managed));
    assert_eq!(cm1.blocking.as_deref(), Some("CM 1.2"));
    // An element with an item not assessed has no level yet.
    let org1 = element("ORG 1");
    assert_eq!(org1.level, None);
    assert_eq!(org1.blocking.as_deref(), Some("ORG 1.1"));
    // The programme elements that only parent others are not listed.
    assert!(r.maturity.iter().all(|m| !m.practice.starts_with("SPE")));
}

#[test]
fn readiness_per_element_counts_its_own_items() {
    let r = run(concat!(
        "  - id: CM 1.1\n    status: satisfied\n",
        "  - id: CM 1.2\n    status: not-satisfied\n",
        "  - id: CM 1.4\n    status: not-applicable\n    rationale: frozen plant\n",
    ));
    let cm1 = r.maturity.iter().find(|m| m.practice == "CM 1").unwrap();
    let ready = cm1.readiness.as_ref().unwrap();
    assert_eq!(
        (
            ready.required,
            ready.satisfied,
            ready.not_satisfied,
            ready.not_applicable,
            ready.not_assessed
        ),
        (4, 1, 1, 1, 1)
    );
    assert!((ready.percent - 33.3).abs() < 1e-9, "{}", ready.percent);
    let total: usize = r
        .maturity
        .iter()
        .map(|m| m.readiness.as_ref().unwrap().required)
        .sum();
    assert_eq!(total, r.readiness.required, "every item is in one element");
}

#[test]
fn gaps_rank_not_satisfied_first_with_the_element_guidance() {
    let r = run(concat!(
        "  - id: NET 3.2\n    status: not-satisfied\n",
        "  - id: ORG 1.1\n    status: partially\n",
        "  - id: ORG 1.2\n    status: not-applicable\n    rationale: no staff on site\n",
    ));
    assert_eq!(r.gaps[0].requirement, "NET 3.2");
    assert_eq!(r.gaps[1].requirement, "ORG 1.1");
    assert!(r.gaps.iter().all(|g| g.requirement != "ORG 1.2"));
    assert_eq!(
        r.gaps[0].remediation,
        crate::gaps::element_remediation("NET 3").unwrap()
    );
    assert!(r.gaps.iter().all(|g| !g.remediation.is_empty()));
    // Not assessed items follow, in catalog order.
    assert_eq!(r.gaps[2].requirement, "ORG 1.3");
}
