//! Inputs that used to be misread silently: repeated ids in lists, consequence categories
//! that differ only in case, versions YAML reads as numbers.

use rampart_catalog::Catalog;
use rampart_system::SystemModel;

use crate::common::parse;

const ZONE: &str = "system: {name: x}\nassets: [{id: a, kind: ED}, {id: fw, kind: ND, role: firewall}]\nzones: [{id: z, assets: [a, fw], sl_t: 1}, {id: y, sl_t: 1}]\n";

/// The problems of `ZONE` followed by `rest`, one per line.
fn problems(rest: &str) -> String {
    parse(&format!("{ZONE}{rest}")).unwrap_err().to_string()
}

/// A countermeasure listed twice lowered the scenario's risk twice: an intolerable residual
/// risk (5 × 5 = 25, lowered 2 steps to 3 × 5 = 15) became tolerable (1 × 5 = 5 with four).
#[test]
fn a_countermeasure_listed_twice_on_a_scenario_is_refused_at_the_repeat() {
    let err = problems(
        "countermeasures: [{id: cm, applies_to: [z], likelihood_reduction: 2}]\nthreats:\n  - {id: t, source: s, capability: simple, vector: internet, target: z, likelihood: 5, consequences: {safety: 5}, countermeasures: [cm, cm]}\n",
    );
    assert_eq!(
        err,
        "model.yaml:6:137: `cm` is listed twice (first at line 6, column 133): list each once"
    );
}

#[test]
fn every_list_of_ids_refuses_repeats() {
    // Each list names its repeat last, so the problem's column is where `repeat` last occurs.
    for (rest, repeat) in [
        (
            "conduits: [{id: c, zones: [z, y], boundary_devices: [fw, fw]}]\n",
            "fw",
        ),
        ("countermeasures: [{id: cm, applies_to: [z, a, z]}]\n", "z"),
        (
            "countermeasures: [{id: cm, requirements: [SR 1.1, sr1.1]}]\n",
            "sr1.1",
        ),
        ("risk: {derivation: {intentional: [FR1, IAC]}}\n", "IAC"),
        (
            "risk: {derivation: {external_vectors: [internet, Internet]}}\n",
            "Internet",
        ),
        (
            "risk: {derivation: {categories: {safety: [FR3, FR3]}}}\n",
            "FR3",
        ),
    ] {
        let err = problems(rest);
        let col = rest.rfind(repeat).unwrap() + 1;
        assert!(
            err.starts_with(&format!("model.yaml:4:{col}: `{repeat}` is listed twice")),
            "{rest}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    // Zones and assets meet requirements once.
    let err = parse(
        "system: {name: x}\nassets: [{id: a, kind: ED, satisfies: [CR 1.1, CR 1.1]}]\nzones: [{id: z, assets: [a], sl_t: 1, satisfies: [SR 2.1, SR 2.1]}]\n",
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        err,
        "model.yaml:2:48: `CR 1.1` is listed twice (first at line 2, column 40): list each once\n\
         model.yaml:3:59: `SR 2.1` is listed twice (first at line 3, column 51): list each once"
    );
}

#[test]
fn an_assessment_lists_each_item_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("plc.yaml"),
        "component: PLC\ntype: ED\nsatisfied: [CR 1.1, CR1.1]\n",
    )
    .unwrap();
    let model = "system: {name: x}\nassets: [{id: a, kind: ED, component_assessment: plc.yaml}]\nzones: [{id: z, assets: [a], sl_t: 1}]\n";
    let err = SystemModel::parse_in("m.yaml", model, dir.path(), Catalog::builtin())
        .unwrap_err()
        .to_string()
        .replace(&format!("{}/", dir.path().display()), "");
    assert!(
        err.contains("plc.yaml:3:21: `CR1.1` is listed twice (first at line 3, column 13)"),
        "{err}"
    );
}

#[test]
fn consequence_categories_that_differ_only_in_case_are_one_category() {
    let err = problems(
        "threats:\n  - {id: t, source: s, capability: simple, vector: internet, target: z, likelihood: 2, consequences: {safety: 1, Safety: 5}}\n",
    );
    assert_eq!(
        err,
        "model.yaml:5:122: consequence category `Safety` is given twice (first at line 5, column 111; names ignore case and `-`/`_`): give it once"
    );
    let err = problems("risk: {derivation: {capability: {simple: 2, Simple: 3}}}\n");
    assert!(
        err.starts_with("model.yaml:4:53: capability `Simple` is given twice"),
        "{err}"
    );
    let err = problems("risk: {derivation: {categories: {safety: [FR3], SAFETY: [FR1]}}}\n");
    assert!(
        err.starts_with("model.yaml:4:57: consequence category `SAFETY` is given twice"),
        "{err}"
    );
}

#[test]
fn a_version_yaml_reads_as_a_number_is_refused() {
    let with = |v: &str| {
        parse(&format!(
            "system: {{name: x}}\nassets: [{{id: a, kind: ED, version: {v}}}]\nzones: [{{id: z, assets: [a], sl_t: 1}}]\n"
        ))
    };
    let err = with("3.10").unwrap_err().to_string();
    assert_eq!(
        err,
        "model.yaml:2:37: version `3.1` was read as a number, which may not be what the file says (YAML reads 3.10 as 3.1): quote it, e.g. `version: \"3.1\"`"
    );
    assert!(with("2").is_err());
    let err = with("1.0").unwrap_err().to_string();
    assert!(err.contains("version `1.0` was read as a number"), "{err}");
    let model = with("\"3.10\"").unwrap();
    assert_eq!(model.assets()[0].version.as_deref(), Some("3.10"));
}
