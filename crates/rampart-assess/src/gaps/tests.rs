//! The gap ranking, one test per factor, and the remediation data's coverage.

use rampart_catalog::{
    Catalog, ComponentType, ItemKind, LevelScope, Part, SecurityLevel, SlVector,
};

use super::*;
use crate::results::{Proposal, Status};
use crate::scores::tests_support::{all_but, result};

const ED: LevelScope = LevelScope::Component(ComponentType::EmbeddedDevice);

fn sl(n: u8) -> SlVector {
    SlVector::uniform(SecurityLevel::new(n).unwrap())
}

fn finding(fingerprint: &str, severity: Severity, requirement: &str) -> Finding {
    Finding {
        code: "FW-X".into(),
        source: "firmware".into(),
        severity,
        title: String::new(),
        detail: String::new(),
        location: String::new(),
        requirements: vec![requirement.into()],
        remediation: String::new(),
        fingerprint: fingerprint.into(),
    }
}

fn vuln(id: &str, kev: bool) -> Vulnerability {
    Vulnerability {
        id: id.into(),
        aliases: Vec::new(),
        component: "openssl".into(),
        version: None,
        purl: None,
        bom_ref: None,
        severity: Severity::High,
        score: None,
        vector: None,
        kev,
        epss: None,
        status: "affected".into(),
        justification: None,
        fixed_versions: Vec::new(),
        confidence: "high".into(),
        records: Vec::new(),
    }
}

fn order(gaps: &[Gap]) -> Vec<&str> {
    gaps.iter().map(|g| g.requirement.as_str()).collect()
}

#[test]
fn a_fix_that_unlocks_a_level_ranks_first() {
    let catalog = Catalog::builtin();
    let sl_t = sl(2);
    // CR 1.1 alone holds FR 1 at SL 0; CR 2.1 and CR 2.5 together hold FR 2 at SL 0, so
    // neither alone unlocks anything.
    let results = all_but(
        catalog,
        ED,
        &sl_t,
        &[
            ("CR 2.1", Status::NotSatisfied),
            ("CR 2.5", Status::NotSatisfied),
            ("CR 1.1", Status::NotSatisfied),
        ],
    );
    let gaps = gaps(catalog, ED, &sl_t, &results, &[], &[], None);
    assert_eq!(order(&gaps), ["CR 1.1", "CR 2.1", "CR 2.5"]);
    assert_eq!(gaps[0].rank, 1);
    assert_eq!(gaps[0].unlocks.len(), 1);
    assert_eq!(gaps[0].unlocks[0].fr, rampart_catalog::Fr::Iac);
    assert_eq!(gaps[0].unlocks[0].from, SecurityLevel::SL0);
    assert_eq!(gaps[0].unlocks[0].to, SecurityLevel::SL4);
    assert!(gaps[1].unlocks.is_empty());
    assert!(!gaps[0].remediation.is_empty());
    // FR 1 rises 0 → 4 but only the two steps up to SL-T 2 count: 200 + status 3 + level 3.
    assert!((gaps[0].score - 206.0).abs() < 1e-9, "{}", gaps[0].score);
}

#[allow(clippy::trivially_copy_pass_by_ref)] // as the catalog's queries take it
fn two_equal_gaps(catalog: &Catalog, sl_t: &SlVector) -> Vec<RequirementResult> {
    // Both in FR 2, both required from SL 1: neither alone unlocks a level.
    all_but(
        catalog,
        ED,
        sl_t,
        &[
            ("CR 2.1", Status::NotSatisfied),
            ("CR 2.5", Status::NotSatisfied),
        ],
    )
}

#[test]
fn severity_of_the_facts_raises_a_gap() {
    let catalog = Catalog::builtin();
    let sl_t = sl(2);
    let results = two_equal_gaps(catalog, &sl_t);
    assert_eq!(
        order(&gaps(catalog, ED, &sl_t, &results, &[], &[], None)),
        ["CR 2.1", "CR 2.5"]
    );
    let findings = [finding("f1", Severity::High, "CR 2.5")];
    let ranked = gaps(catalog, ED, &sl_t, &results, &findings, &[], None);
    assert_eq!(order(&ranked), ["CR 2.5", "CR 2.1"]);
    assert_eq!(ranked[0].severity, Some(Severity::High));
    assert_eq!(ranked[0].facts, ["f1"]);
    assert!(
        (ranked[0].score - ranked[1].score - severity_points(Some(Severity::High))).abs() < 1e-9
    );
}

#[test]
fn kev_raises_a_gap_above_an_equally_severe_one() {
    let catalog = Catalog::builtin();
    let sl_t = sl(2);
    let mut results = two_equal_gaps(catalog, &sl_t);
    let propose = |facts: &[&str]| Proposal {
        rule: "test".into(),
        status: Status::NotSatisfied,
        summary: String::new(),
        facts: facts.iter().map(|f| (*f).to_owned()).collect(),
    };
    let vulns = [vuln("CVE-1", false), vuln("CVE-2", true)];
    for r in &mut results {
        match r.id.as_str() {
            "CR 2.1" => r.proposals.push(propose(&["CVE-1"])),
            "CR 2.5" => r.proposals.push(propose(&["CVE-2"])),
            _ => {}
        }
    }
    let ranked = gaps(catalog, ED, &sl_t, &results, &[], &vulns, None);
    assert_eq!(order(&ranked), ["CR 2.5", "CR 2.1"]);
    assert!(ranked[0].kev && !ranked[1].kev);
    assert!((ranked[0].score - ranked[1].score - KEV_POINTS).abs() < 1e-9);
}

#[test]
fn exposure_weighs_the_facts_not_the_paperwork() {
    let catalog = Catalog::builtin();
    let sl_t = sl(1);
    // CR 1.1 unlocks FR 1 up to SL-T 1 (100 points); CR 2.1 has a critical KEV finding behind it:
    // 40 + 50 = 90 unexposed, 135 when the subject is reachable from outside.
    let mut results = all_but(
        catalog,
        ED,
        &sl_t,
        &[
            ("CR 1.1", Status::NotSatisfied),
            ("CR 2.1", Status::NotSatisfied),
            ("CR 2.5", Status::NotSatisfied),
        ],
    );
    let mut v = vuln("CVE-9", true);
    v.severity = Severity::Critical;
    for r in &mut results {
        if r.id == "CR 2.1" {
            r.proposals.push(Proposal {
                rule: "test".into(),
                status: Status::NotSatisfied,
                summary: String::new(),
                facts: vec!["CVE-9".into()],
            });
        }
    }
    let vulns = [v];
    let inside = gaps(catalog, ED, &sl_t, &results, &[], &vulns, Some("zone"));
    assert_eq!(order(&inside)[..2], ["CR 1.1", "CR 2.1"]);
    let outside = gaps(catalog, ED, &sl_t, &results, &[], &vulns, Some("internet"));
    assert_eq!(order(&outside)[..2], ["CR 2.1", "CR 1.1"]);
    assert_eq!(outside[0].exposure.as_deref(), Some("internet"));
    assert!((exposure_weight(Some("lower-sl")) - 1.25).abs() < 1e-9);
}

#[test]
fn status_and_level_break_ties() {
    let catalog = Catalog::builtin();
    let sl_t = sl(2);
    let results = all_but(
        catalog,
        ED,
        &sl_t,
        &[
            ("CR 2.1", Status::NotAssessed),
            ("CR 2.5", Status::Partially),
        ],
    );
    assert_eq!(
        order(&gaps(catalog, ED, &sl_t, &results, &[], &[], None)),
        ["CR 2.5", "CR 2.1"]
    );
}

#[test]
fn only_required_unmet_items_are_gaps() {
    let catalog = Catalog::builtin();
    let sl_t = sl(1);
    // CR 1.2 is required from SL 2 only.
    let results = all_but(
        catalog,
        ED,
        &sl_t,
        &[
            ("CR 1.2", Status::NotSatisfied),
            ("CR 1.3", Status::NotApplicable),
        ],
    );
    assert!(gaps(catalog, ED, &sl_t, &results, &[], &[], None).is_empty());
    let sm = [result(catalog, "SM-1", Status::NotSatisfied, &sl_t)];
    let g = gaps(catalog, ED, &sl_t, &sm, &[], &[], None);
    assert_eq!(order(&g), ["SM-1"]);
    assert!(g[0].unlocks.is_empty());
}

#[test]
fn remediation_covers_every_base_requirement() {
    let catalog = Catalog::builtin();
    let table = remediation_table();
    for item in catalog.items() {
        let needs = match item.part {
            Part::P4_2 => {
                item.normative
                    && matches!(
                        item.kind,
                        ItemKind::Cr
                            | ItemKind::Edr
                            | ItemKind::Hdr
                            | ItemKind::Ndr
                            | ItemKind::Sar
                    )
            }
            Part::P3_3 => item.kind == ItemKind::Sr,
            Part::P4_1 => true,
            _ => false,
        };
        if needs {
            assert!(
                table.contains_key(&item.id),
                "no remediation for {}",
                item.id
            );
        }
        if item.normative && matches!(item.part, Part::P4_2 | Part::P3_3 | Part::P4_1) {
            assert!(
                remediation(&item.id.to_string()).is_some(),
                "none for {}",
                item.id
            );
        }
    }
    for id in table.keys() {
        assert!(
            catalog.get(id).is_some(),
            "remediation for {id}, which is not in the catalog"
        );
    }
    assert_eq!(
        remediation("SR 4.1 RE 2"),
        remediation("SR 4.1"),
        "an RE falls back to its base"
    );
}

#[test]
fn bad_remediation_data_is_refused_with_its_file() {
    let err = load_remediation([("x.yaml", "\"CR 1.1\": \"\"\n")]).unwrap_err();
    assert!(err.contains("x.yaml") && err.contains("CR 1.1"), "{err}");
    let err = load_remediation([("y.yaml", "\"not an id\": \"do it\"\n")]).unwrap_err();
    assert!(err.starts_with("y.yaml"), "{err}");
    let twice = [
        ("a.yaml", "\"CR 1.1\": \"x\"\n"),
        ("b.yaml", "\"CR 1.1\": \"y\"\n"),
    ];
    assert!(load_remediation(twice).unwrap_err().contains("twice"));
}

#[test]
fn a_finding_counts_for_the_component_types_own_item() {
    let catalog = Catalog::builtin();
    let nd = LevelScope::Component(ComponentType::NetworkDevice);
    let sl_t = sl(2);
    let results = all_but(catalog, nd, &sl_t, &[("NDR 2.13", Status::NotSatisfied)]);
    // The firmware rule names EDR 2.13; on a network device that is NDR 2.13.
    let findings = [finding("FW-SVC-003/x", Severity::High, "EDR 2.13")];
    let g = gaps(catalog, nd, &sl_t, &results, &findings, &[], None);
    assert_eq!(order(&g), ["NDR 2.13"]);
    assert_eq!(g[0].facts, ["FW-SVC-003/x"]);
    assert_eq!(g[0].severity, Some(Severity::High));
}

#[test]
fn every_2_1_element_has_guidance_and_every_guidance_an_element() {
    let catalog = Catalog::builtin();
    let elements: std::collections::BTreeSet<&str> = catalog
        .items_of(Part::P2_1)
        .filter_map(|i| i.group.as_deref())
        .collect();
    for element in &elements {
        assert!(
            super::element_remediation(element).is_some_and(|g| !g.trim().is_empty()),
            "no guidance for 2-1 element {element}"
        );
    }
    assert_eq!(
        super::element_table().len(),
        elements.len(),
        "guidance for an element the catalog does not have"
    );
}
