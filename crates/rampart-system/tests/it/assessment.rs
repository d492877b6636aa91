//! SL-C from linked component assessments: the catalog's inverse query at work.

use rampart_catalog::{Catalog, ComponentType, SlVector};
use rampart_system::{SystemModel, gap};

use crate::common::fixtures;

#[test]
fn assessment_sets_sl_c_from_the_items_it_lists() {
    let model = SystemModel::load(&fixtures().join("assessment/model.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let plc = model.assets().iter().find(|a| a.id == "plc").unwrap();
    // Every SL 2 item but the FR 3 ones SL 2 adds: FR 3 stays at 1. FR 5 of an embedded
    // device has one item (CR 5.1) at every level, so meeting it reaches SL 4 there.
    assert_eq!(
        plc.sl_c,
        Some("(2,2,1,2,4,2,2)".parse::<SlVector>().unwrap())
    );
    assert!(plc.satisfies.iter().any(|id| id.to_string() == "CR 1.1"));

    let report = gap::analyse(&model);
    let zone = &report.zones[0];
    assert_eq!(zone.sl_c, Some("(2,2,1,2,2,2,2)".parse().unwrap()));
    let plc_gap = zone.assets.iter().find(|a| a.asset == "plc").unwrap();
    let missing: Vec<&str> = plc_gap.missing.iter().map(String::as_str).collect();
    let fr3_at_2: Vec<String> = Catalog::builtin()
        .required_for_component(
            ComponentType::EmbeddedDevice,
            &"(0,0,2,0,0,0,0)".parse().unwrap(),
        )
        .into_iter()
        .filter(|i| i.lowest_level().is_some_and(|l| l.get() == 2))
        .map(|i| i.id.to_string())
        .collect();
    assert_eq!(
        missing, fr3_at_2,
        "exactly the FR 3 items left out of the assessment"
    );
}

#[test]
fn invalid_assessments_are_reported_in_their_own_files() {
    let dir = fixtures().join("assessment");
    let err = SystemModel::load(&dir.join("invalid.yaml"))
        .unwrap_err()
        .to_string();
    let shown = err.replace(&format!("{}/", dir.display()), "");
    insta::assert_snapshot!(shown);
}

#[test]
fn a_link_without_a_file_context_resolves_from_the_current_directory() {
    let text = "system: {name: x}\nassets:\n  - {id: a, kind: ED, component_assessment: no/such/file.yaml}\nzones:\n  - {id: z, assets: [a], sl_t: 1}\n";
    let err = SystemModel::parse("m.yaml", text).unwrap_err().to_string();
    assert!(
        err.starts_with("m.yaml:3:45: cannot read the component assessment `no/such/file.yaml`"),
        "{err}"
    );
}

/// An organisation's overrides change which items a level needs, so they must reach the SL-C
/// computed from an assessment too.
#[test]
fn catalog_overrides_reach_assessed_capability() {
    let fr3_at_2 = [
        "CR 3.1 RE 1",
        "CR 3.4 RE 1",
        "CR 3.8",
        "CR 3.9",
        "EDR 3.10 RE 1",
        "EDR 3.11",
        "EDR 3.12",
        "EDR 3.13",
        "EDR 3.14 RE 1",
    ];
    let mut overrides = String::from("overrides:\n");
    for id in fr3_at_2 {
        overrides.push_str(&format!("  - {{id: {id}, sl: [3, 4]}}\n"));
    }
    let mut catalog = Catalog::builtin().clone();
    catalog.apply_overrides("o.yaml", &overrides).unwrap();
    let path = fixtures().join("assessment/model.yaml");
    let plc = |m: &SystemModel| {
        m.assets()
            .iter()
            .find(|a| a.id == "plc")
            .unwrap()
            .sl_c
            .unwrap()
    };
    let with = SystemModel::load_with(&path, &catalog).unwrap_or_else(|e| panic!("{e}"));
    let without = SystemModel::load(&path).unwrap();
    assert_eq!(plc(&without).to_string(), "(2,2,1,2,4,2,2)");
    assert_eq!(plc(&with).to_string(), "(2,2,2,2,4,2,2)");
}

/// Assets of one product share its assessment: it is read once per component type, and a
/// problem in it is reported once, at its place, while every link is reported at its asset.
#[test]
fn a_shared_assessment_is_checked_once_per_component_type() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("plc.yaml"),
        "component: PLC\ntype: embedded-device\nsl_c: 2\nsatisfied: [CR 1.1, SR 1.1]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ok.yaml"),
        "component: PLC\ntype: ED\nsl_c: 1\n",
    )
    .unwrap();
    let model = "system: {name: x}\nassets:\n  - {id: a, kind: ED, component_assessment: plc.yaml}\n  - {id: b, kind: ED, component_assessment: plc.yaml}\n  - {id: c, kind: HD, component_assessment: ok.yaml}\n  - {id: d, kind: ED, component_assessment: ok.yaml}\nzones:\n  - {id: z, assets: [a, b, c, d], sl_t: 1}\n";
    let err = SystemModel::parse_in("m.yaml", model, dir.path(), Catalog::builtin()).unwrap_err();
    let shown = err
        .to_string()
        .replace(&format!("{}/", dir.path().display()), "");
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("plc.yaml:4:21: `SR 1.1`"))
            .count(),
        1,
        "{shown}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("m.yaml:3:") && l.contains("`plc.yaml` is invalid")),
        "{shown}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("m.yaml:4:") && l.contains("`plc.yaml` is invalid")),
        "{shown}"
    );
    // ok.yaml is fine for the embedded device and wrong for the host device.
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("ok.yaml:2:7:") && l.contains("`host-device`")),
        "{shown}"
    );
    assert!(!lines.iter().any(|l| l.starts_with("m.yaml:6:")), "{shown}");
}
