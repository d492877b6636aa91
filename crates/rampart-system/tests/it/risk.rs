//! The risk maths and the SL-T derivation.

use rampart_catalog::Fr;
use rampart_system::{ElementRef, SystemModel, ZoneIdx, risk};

use crate::common::{fixtures, parse};

fn model() -> SystemModel {
    SystemModel::load(&fixtures().join("risk/model.yaml")).unwrap_or_else(|e| panic!("{e}"))
}

/// The index of the zone with this id.
fn zone(m: &SystemModel, id: &str) -> ZoneIdx {
    match m.find(id) {
        Some(ElementRef::Zone(z)) => z,
        other => panic!("`{id}` is not a zone: {other:?}"),
    }
}

#[test]
fn scenario_scores_before_and_after_countermeasures() {
    let report = risk::assess(&model());
    let s = |id: &str| report.scenarios.iter().find(|s| s.scenario == id).unwrap();
    let sab = s("t-sabotage");
    assert_eq!(
        (
            sab.unmitigated.likelihood,
            sab.unmitigated.impact,
            sab.unmitigated.score
        ),
        (4, 5, 20)
    );
    assert!(!sab.unmitigated.tolerable);
    assert_eq!(
        (
            sab.residual.likelihood,
            sab.residual.impact,
            sab.residual.score
        ),
        (3, 3, 9)
    );
    assert!(!sab.residual.tolerable);
    assert_eq!(sab.zone, "control");
    assert_eq!(s("t-remote").unmitigated.score, 9);
    assert_eq!(s("t-remote").residual.score, 9);
    let minor = s("t-minor");
    assert_eq!(minor.unmitigated.score, 4);
    assert!(
        minor.unmitigated.tolerable,
        "4 is within the tolerable line 6"
    );
    assert_eq!(
        report.intolerable_residual,
        ["t-sabotage", "t-remote", "t-accident"]
    );
}

#[test]
fn initial_risk_is_the_worst_unmitigated_scenario_of_the_zone() {
    let report = risk::assess(&model());
    let control = &report.zones[0];
    assert_eq!(control.scenarios, 3);
    assert_eq!(control.initial.as_ref().unwrap().score, 20);
    assert_eq!(control.worst_scenario.as_deref(), Some("t-sabotage"));
    assert_eq!(control.residual.as_ref().unwrap().score, 9);
    assert_eq!(report.zones[1].initial.as_ref().unwrap().score, 20);
}

#[test]
fn residual_never_drops_below_one_and_zero_impact_stays_zero() {
    let m = parse(
        "system: {name: x}\nassets: [{id: a, kind: ED}]\nzones: [{id: z, assets: [a], sl_t: 1}]\n\
         countermeasures: [{id: c, applies_to: [z], likelihood_reduction: 4, impact_reduction: 4}, {id: d, applies_to: [z], likelihood_reduction: 4, impact_reduction: 4}]\n\
         threats:\n  - {id: t, source: s, capability: simple, vector: local-network, target: z, likelihood: 5, consequences: {safety: 5}, countermeasures: [c, d]}\n  - {id: u, source: s, capability: simple, vector: local-network, target: z, likelihood: 5, countermeasures: [c]}\n",
    )
    .unwrap();
    let r = risk::assess(&m);
    assert_eq!(
        (
            r.scenarios[0].residual.likelihood,
            r.scenarios[0].residual.impact
        ),
        (1, 1)
    );
    assert_eq!(r.scenarios[1].unmitigated.score, 0);
    assert_eq!(r.scenarios[1].residual.impact, 0);
}

#[test]
fn derivation_follows_the_documented_defaults() {
    let m = model();
    // control: t-sabotage (simple → SL2: FR1, FR2 intentional; safety → FR3, FR6, FR7;
    // production → FR3, FR7) and t-remote (sophisticated → SL3: FR1, FR2; remote-access →
    // FR5, FR6; financial → FR4). t-minor is tolerable and ignored.
    let d = m.derivation(zone(&m, "control")).unwrap();
    assert_eq!(d.sl_t.to_string(), "(3,3,2,3,3,3,2)");
    assert_eq!(m.zone(zone(&m, "control")).sl_t, d.sl_t);
    assert_eq!(d.ignored.len(), 1);
    assert_eq!(d.ignored[0].scenario, "t-minor");
    let fr4 = &d.frs[Fr::Dc.index()];
    assert_eq!(fr4.reasons[0].scenario.as_deref(), Some("t-remote"));
    assert_eq!(fr4.reasons[0].rule, "consequence:financial");
    assert_eq!(fr4.reasons.last().unwrap().rule, "baseline");
    // edge: an accident counts as casual (SL 1), so production major gives FR3/FR7 SL 1,
    // and no intentional FRs.
    let e = m.derivation(zone(&m, "edge")).unwrap();
    assert_eq!(e.sl_t.to_string(), "(1,1,1,1,1,1,1)");
    assert!(
        e.frs[Fr::Si.index()]
            .reasons
            .iter()
            .any(|r| r.rule == "consequence:production")
    );
    assert!(
        e.frs[Fr::Iac.index()]
            .reasons
            .iter()
            .all(|r| r.rule == "baseline")
    );
}

#[test]
fn derivation_is_configurable() {
    let text = std::fs::read_to_string(fixtures().join("risk/model.yaml"))
        .unwrap()
        .replace(
            "  tolerable: 6\n",
            "  tolerable: 6\n  derivation:\n    baseline: 0\n    min_impact: 5\n    capability: {simple: 4}\n    intentional: [FR1]\n    external: []\n    categories: {safety: [FR3]}\n",
        );
    let m = parse(&text).unwrap_or_else(|e| panic!("{e}"));
    // t-sabotage: simple → SL4 on FR1 (intentional) and FR3 (safety 5 ≥ 5); t-remote:
    // sophisticated → SL3 on FR1 only (financial 3 < 5, no external FRs).
    assert_eq!(
        m.derivation(zone(&m, "control")).unwrap().sl_t.to_string(),
        "(4,0,4,0,0,0,0)"
    );
}

#[test]
fn example_risk_snapshot() {
    let report = risk::assess(&crate::common::example());
    insta::assert_snapshot!(
        "example-risk-json",
        rampart_system::render::risk_json(&report)
    );
}
