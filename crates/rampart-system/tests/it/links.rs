//! Rules between elements: threat vectors from a known vocabulary, boundary devices that can
//! enforce their conduit, countermeasures that protect the scenario's target.

use rampart_catalog::Fr;

use crate::common::parse;

const BASE: &str =
    "system: {name: x}\nassets: [{id: a, kind: ED}]\nzones: [{id: z, assets: [a], sl_t: derive}]\n";

fn scenario(vector: &str, risk: &str) -> Result<rampart_system::SystemModel, String> {
    parse(&format!(
        "{BASE}{risk}threats:\n  - {{id: t, source: s, capability: sophisticated, vector: {vector}, target: z, likelihood: 5, consequences: {{production: 1}}}}\n"
    ))
    .map_err(|e| e.to_string())
}

#[test]
fn a_misspelt_vector_is_refused_with_a_suggestion() {
    let err = scenario("internett", "").unwrap_err();
    assert!(
        err.starts_with("model.yaml:5:59: unknown threat vector `internett`: expected one of internet, remote-access,"),
        "{err}"
    );
    assert!(err.ends_with("; did you mean `internet`?"), "{err}");
}

/// Vectors are normalised like every enumeration, so `Remote Access` is `remote-access` and
/// drives the external FRs instead of silently leaving them at the baseline.
#[test]
fn vectors_are_normalised_and_external_ones_drive_their_frs() {
    for written in ["remote-access", "Remote Access", "REMOTE_ACCESS"] {
        let model = scenario(written, "").unwrap();
        assert_eq!(model.threats()[0].vector, "remote-access");
        assert_eq!(model.zones()[0].sl_t.get(Fr::Rdf).get(), 3, "{written}");
    }
    let internal = scenario("local-network", "").unwrap();
    assert_eq!(internal.zones()[0].sl_t.get(Fr::Rdf).get(), 1);
}

#[test]
fn a_vector_of_ones_own_is_allowed_once_listed_as_external() {
    let risk = "risk: {derivation: {external_vectors: [internet, Satellite Link]}}\n";
    let model = scenario("satellite-link", risk).unwrap();
    assert_eq!(model.zones()[0].sl_t.get(Fr::Rdf).get(), 3);
    assert!(scenario("satellite-link", "").is_err());
}

const ZONES: &str = "system: {name: x}\nassets:\n  - {id: a, kind: ED}\n  - {id: b, kind: ED}\n  - {id: fw, kind: ND, role: firewall}\n  - {id: sw, kind: ND, role: switch}\n  - {id: bare, kind: ND}\n";

fn conduits(zones: &str, conduits: &str) -> Result<(), String> {
    parse(&format!("{ZONES}zones:\n{zones}conduits:\n{conduits}"))
        .map(drop)
        .map_err(|e| e.to_string())
}

#[test]
fn a_boundary_device_needs_a_boundary_role() {
    let zones =
        "  - {id: z1, assets: [a, fw, sw, bare], sl_t: 1}\n  - {id: z2, assets: [b], sl_t: 3}\n";
    assert_eq!(
        conduits(
            zones,
            "  - {id: c, zones: [z1, z2], boundary_devices: [fw]}\n"
        ),
        Ok(())
    );
    let err = conduits(
        zones,
        "  - {id: c, zones: [z1, z2], boundary_devices: [sw, bare]}\n",
    )
    .unwrap_err();
    assert_eq!(
        err,
        "model.yaml:12:49: boundary device `sw` of conduit `c` is a switch: a conduit is enforced by a firewall, gateway or data diode (`role: firewall|gateway|data-diode`)\n\
         model.yaml:12:53: boundary device `bare` of conduit `c` has no `role`: a conduit is enforced by a firewall, gateway or data diode (`role: firewall|gateway|data-diode`)"
    );
}

#[test]
fn a_boundary_device_sits_in_a_joined_zone_or_a_zone_between_them() {
    // In a third zone with conduits to both ends: a boundary zone, accepted.
    let between = "  - {id: z1, assets: [a], sl_t: 1}\n  - {id: z2, assets: [b], sl_t: 3}\n  - {id: edge, assets: [fw, sw, bare], sl_t: 2}\n";
    assert_eq!(
        conduits(
            between,
            "  - {id: c, zones: [z1, z2], boundary_devices: [fw]}\n  - {id: d, zones: [edge, z1]}\n  - {id: e, zones: [z2, edge]}\n"
        ),
        Ok(())
    );
    // The same zone joined to one end only: the device cannot stand between them.
    let err = conduits(
        between,
        "  - {id: c, zones: [z1, z2], boundary_devices: [fw]}\n  - {id: d, zones: [edge, z1]}\n",
    )
    .unwrap_err();
    assert_eq!(
        err,
        "model.yaml:13:49: boundary device `fw` of conduit `c` is in zone `edge`: it must be in `z1` or `z2`, or in a zone of its own with conduits to both"
    );
}

const TARGETS: &str = "system: {name: x}\nassets: [{id: a, kind: ED}, {id: b, kind: ED}]\nzones: [{id: z, assets: [a], sl_t: 1}, {id: y, assets: [b], sl_t: 1}]\n\
    countermeasures: [{id: on-z, applies_to: [z]}, {id: on-a, applies_to: [a]}, {id: on-y, applies_to: [y]}]\n";

fn threat(target: &str, countermeasures: &str) -> Result<(), String> {
    parse(&format!(
        "{TARGETS}threats: [{{id: t, source: s, capability: simple, vector: internet, target: {target}, likelihood: 2, countermeasures: [{countermeasures}]}}]\n"
    ))
    .map(drop)
    .map_err(|e| e.to_string())
}

#[test]
fn a_countermeasure_must_protect_the_scenarios_target() {
    assert_eq!(threat("a", "on-a, on-z"), Ok(()));
    assert_eq!(threat("z", "on-z"), Ok(()));
    assert_eq!(
        threat("a", "on-y").unwrap_err(),
        "model.yaml:5:112: countermeasure `on-y` does not apply to this scenario's target `a` or its zone: add the target to its `applies_to`, or take it off the scenario"
    );
    // A countermeasure on one asset does not protect the whole zone.
    assert_eq!(
        threat("z", "on-a").unwrap_err(),
        "model.yaml:5:112: countermeasure `on-a` does not apply to this scenario's target `z`: add the target to its `applies_to`, or take it off the scenario"
    );
}

#[test]
fn is_external_compares_vectors_in_normal_form() {
    let config = rampart_system::DerivationConfig::default_for(5);
    assert!(config.is_external("Remote Access"));
    assert!(config.is_external("SUPPLY_CHAIN_UPDATE"));
    assert!(!config.is_external("local-network"));
}
