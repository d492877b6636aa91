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
    let missing: Vec<&str> = plc_gap.missing.iter().map(|i| i.id.as_str()).collect();
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
