//! Problem reports: one located line per problem, in plain words, without cascades.

use rampart_catalog::{Catalog, ComponentType};
use rampart_system::SystemModel;

use crate::common::parse;

#[test]
fn a_reference_to_the_wrong_kind_names_it_with_the_right_article() {
    let err = parse(
        "system: {name: x}\nassets: [{id: a, kind: ED}]\nzones: [{id: z, assets: [a], sl_t: 1}]\nconduits: [{id: c, zones: [z, a]}]\n",
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        err,
        "model.yaml:4:31: conduit end `a` is an asset, not a zone"
    );
}

/// A zone that reuses an asset's id is one problem: references that fit the zone are taken
/// as meant for it, and the conduit they would have failed does not fail the flow over it.
#[test]
fn one_duplicate_id_is_one_problem() {
    let err = parse(
        "system: {name: x}\nassets:\n  - {id: a, kind: ED}\n  - {id: b, kind: ED}\n\
         zones:\n  - {id: z1, assets: [a], sl_t: 1}\n  - {id: z2, assets: [b], sl_t: 1}\n  - {id: a, sl_t: 1}\n\
         conduits: [{id: c, zones: [z1, a]}, {id: d, zones: [z1, z2]}]\n\
         flows: [{id: f, from: b, to: a}]\n",
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        err,
        "model.yaml:8:10: duplicate id `a`: already used by the asset at line 3"
    );
}

/// A conduit with an unknown end may be the one a flow needs: the flow is not reported too.
#[test]
fn a_conduit_with_an_unknown_end_does_not_fail_the_flows_it_may_carry() {
    let err = parse(
        "system: {name: x}\nassets: [{id: a, kind: ED}, {id: b, kind: ED}]\nzones: [{id: z1, assets: [a], sl_t: 1}, {id: z2, assets: [b], sl_t: 1}, {id: z3, sl_t: 1}]\n\
         conduits: [{id: c, zones: [z1, zz]}]\nflows: [{id: f, from: a, to: b}, {id: g, from: z2, to: z3}]\n",
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        err,
        "model.yaml:4:32: conduit end `zz`: no zone has this id\n\
         model.yaml:5:39: flow `g` goes from zone `z2` to zone `z3`, but no conduit joins them"
    );
}

/// Claiming SL 3 where only SL 1 is met lists what SL 3 needs, not only what SL 2 adds.
#[test]
fn an_over_claimed_sl_c_lists_every_item_the_claimed_level_needs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("plc.yaml"),
        "component: PLC\ntype: ED\nsl_c: [1, 1, 3, 1, 1, 1, 1]\nsatisfied: [CR 3.1]\n",
    )
    .unwrap();
    let model = "system: {name: x}\nassets: [{id: a, kind: ED, component_assessment: plc.yaml}]\nzones: [{id: z, assets: [a], sl_t: 1}]\n";
    let err = SystemModel::parse_in("m.yaml", model, dir.path(), Catalog::builtin())
        .unwrap_err()
        .to_string();
    let line = err
        .lines()
        .find(|l| l.contains("sl_c claims FR3 3,"))
        .unwrap_or_else(|| panic!("{err}"));
    let expected: Vec<String> = Catalog::builtin()
        .required_for_component(
            ComponentType::EmbeddedDevice,
            &"(0,0,3,0,0,0,0)".parse().unwrap(),
        )
        .into_iter()
        .map(|i| i.id.to_string())
        .filter(|id| id != "CR 3.1")
        .collect();
    assert!(
        expected
            .iter()
            .any(|id| id.contains("RE 2") || id.ends_with(" 3.9")),
        "the claimed level adds items beyond SL 2: {expected:?}"
    );
    assert!(
        line.ends_with(&format!("missing {}", expected.join(", "))),
        "{line}\nexpected {expected:?}"
    );
}

/// Problem matchers read `file:line:col: message` from each line: a problem about a place
/// has one even when the place is an empty list.
#[test]
fn a_problem_about_a_place_is_located() {
    let err =
        parse("system: {name: x}\nrisk: {derivation: {categories: {morale: []}}}\n").unwrap_err();
    let [p] = err.problems() else { panic!("{err}") };
    assert_eq!((p.line, p.col), (2, 42), "{err}");
}

/// A long SL list is reported with its real length: the parser keeps only the first levels
/// of a hostile list, but counts it to its end.
#[test]
fn a_long_sl_list_is_reported_with_its_real_length() {
    let levels = vec!["1"; 30].join(", ");
    let err = parse(&format!(
        "system: {{name: x}}\nassets: [{{id: a, kind: ED}}]\nzones: [{{id: z, assets: [a], sl_t: [{levels}]}}]\n"
    ))
    .unwrap_err()
    .to_string();
    assert!(err.contains("this list has 30"), "{err}");
    assert!(!err.contains("17"), "{err}");
}
