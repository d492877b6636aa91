//! Validation: located problems, all at once.

use rampart_system::{ModelError, SlSource};

use crate::common::{fixtures, parse};

#[test]
fn invalid_model_reports_every_problem_with_its_place() {
    let text = std::fs::read_to_string(fixtures().join("invalid/problems.yaml")).unwrap();
    let err = rampart_system::SystemModel::parse("invalid/problems.yaml", &text).unwrap_err();
    let problems = err.problems();
    assert!(problems.len() >= 20, "{err}");
    assert!(
        problems
            .windows(2)
            .all(|w| (w[0].line, w[0].col) <= (w[1].line, w[1].col))
    );
    assert!(problems.iter().all(|p| p.line > 0), "{err}");
    insta::assert_snapshot!("invalid-problems", err.to_string());
}

#[test]
fn asset_in_no_zone_and_in_two_zones() {
    let err = parse(
        "system: {name: x}\nassets:\n  - {id: a, kind: ED}\n  - {id: b, kind: ED}\nzones:\n  - {id: z1, assets: [a], sl_t: 1}\n  - {id: z2, assets: [a], sl_t: 1}\n",
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        err,
        "model.yaml:4:10: asset `b` is in no zone: list it under the `assets` of one zone\n\
         model.yaml:7:23: asset `a` is in zones `z1` and `z2`: an asset belongs to exactly one zone"
    );
}

#[test]
fn flow_between_zones_without_conduit() {
    let err = parse(
        "system: {name: x}\nassets:\n  - {id: a, kind: ED}\n  - {id: b, kind: ED}\nzones:\n  - {id: z1, assets: [a], sl_t: 1}\n  - {id: z2, assets: [b], sl_t: 1}\nflows:\n  - {id: f, from: a, to: b}\n",
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        err,
        "model.yaml:9:10: flow `f` goes from zone `z1` to zone `z2`, but no conduit joins them"
    );
}

#[test]
fn yaml_syntax_error_is_located() {
    let err = parse("system: {name: x\nassets: []\n").unwrap_err();
    let [p] = err.problems() else { panic!("{err}") };
    assert!(p.line > 0, "{err}");
    assert!(err.to_string().starts_with("model.yaml:"), "{err}");
}

#[test]
fn unknown_field_is_rejected_with_its_place() {
    let err = parse("system: {name: x}\nasets: []\n")
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("model.yaml:2:1: unknown field `asets`"),
        "{err}"
    );
}

#[test]
fn sl_forms_and_sources() {
    let model = parse(
        "system: {name: x}\nassets:\n  - {id: a, kind: embedded device, sl_c: '{2 2 0 1 3 1 3}'}\nzones:\n  - {id: z, assets: [a], sl_t: 'SL-T(2,2,3,1,2,1,2)', sl_a: 1}\n  - {id: y, sl_t: derive}\n",
    )
    .unwrap();
    let z = &model.zones()[0];
    assert_eq!(z.sl_t.to_string(), "(2,2,3,1,2,1,2)");
    assert_eq!(z.sl_t_source, SlSource::Declared);
    assert_eq!(z.sl_a.unwrap().to_string(), "(1,1,1,1,1,1,1)");
    assert_eq!(
        model.assets()[0].sl_c.unwrap().to_string(),
        "(2,2,0,1,3,1,3)"
    );
    assert_eq!(model.zones()[1].sl_t_source, SlSource::Derived);
    // No scenarios: the baseline.
    assert_eq!(model.zones()[1].sl_t.to_string(), "(1,1,1,1,1,1,1)");
}

#[test]
fn read_errors_name_the_file() {
    let err =
        rampart_system::SystemModel::load(std::path::Path::new("/no/such/model.yaml")).unwrap_err();
    assert!(matches!(err, ModelError::Read { .. }));
    assert!(
        err.to_string()
            .starts_with("/no/such/model.yaml: cannot read"),
        "{err}"
    );
}

#[test]
fn example_is_valid_and_realistic() {
    let model = crate::common::example();
    assert!(model.zones().len() >= 6);
    assert!(model.conduits().len() >= 8);
    assert!(model.assets().len() >= 30);
    assert!(
        model
            .zones()
            .iter()
            .any(|z| z.sl_t_source == SlSource::Derived)
    );
    assert!(
        model
            .zones()
            .iter()
            .any(|z| z.sl_t_source == SlSource::Declared)
    );
}

/// The documented default: a scenario is intentional unless its source's capability is
/// casual; an explicit `intentional` wins either way.
#[test]
fn intentional_defaults_to_true_unless_the_capability_is_casual() {
    let model = parse(
        "system: {name: x}\nzones: [{id: z, sl_t: 1}]\nthreats:\n\
         - {id: a, source: s, capability: casual, vector: local-network, target: z, likelihood: 1}\n\
         - {id: b, source: s, capability: simple, vector: local-network, target: z, likelihood: 1}\n\
         - {id: c, source: s, capability: extended, vector: local-network, target: z, likelihood: 1, intentional: false}\n\
         - {id: d, source: s, capability: casual, vector: local-network, target: z, likelihood: 1, intentional: true}\n",
    )
    .unwrap();
    let intentional: Vec<bool> = model.threats().iter().map(|t| t.intentional).collect();
    assert_eq!(intentional, [false, true, false, true]);
}
