//! Each check fires on its `triggers.yaml` and stays silent on its `clean.yaml`.

use rampart_system::{SystemModel, all_checks, run_checks};

use crate::common::fixtures;

fn load(check: &str, name: &str) -> SystemModel {
    let path = fixtures()
        .join("checks")
        .join(check)
        .join(format!("{name}.yaml"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run make_fixtures.py)", path.display()));
    SystemModel::parse(&format!("checks/{check}/{name}.yaml"), &text)
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_check_has_a_triggering_and_a_clean_fixture() {
    for check in all_checks() {
        let id = check.id();
        let fired: Vec<_> = run_checks(&load(id, "triggers"))
            .into_iter()
            .filter(|f| f.check == id)
            .collect();
        assert!(!fired.is_empty(), "{id} did not fire on its triggers.yaml");
        for f in &fired {
            assert_eq!(f.zcr, check.zcr());
            // Acceptances are validated against it: it must be what the findings are about.
            assert_eq!(f.element_kind, check.element_kind(), "{id}");
            assert!(f.line > 0, "{id}: finding without a line");
        }
        insta::assert_json_snapshot!(format!("check-{id}"), fired);
        let clean: Vec<_> = run_checks(&load(id, "clean"))
            .into_iter()
            .filter(|f| f.check == id)
            .collect();
        assert!(clean.is_empty(), "{id} fired on its clean.yaml: {clean:#?}");
    }
}

#[test]
fn every_fixture_folder_names_a_check() {
    // Guards against a renamed check leaving a stale fixture that tests nothing.
    for entry in std::fs::read_dir(fixtures().join("checks")).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            let name = entry.file_name().into_string().unwrap();
            assert!(
                rampart_system::checks::check_by_id(&name).is_some(),
                "fixture folder {name} names no check"
            );
        }
    }
}

#[test]
fn findings_are_sorted_and_fingerprints_unique() {
    let findings = run_checks(&crate::common::example());
    let mut seen = std::collections::HashSet::new();
    for f in &findings {
        assert!(
            seen.insert(&f.fingerprint),
            "duplicate fingerprint {}",
            f.fingerprint
        );
    }
    assert!(findings.windows(2).all(|w| w[0].severity >= w[1].severity));
}

/// The port half of `flow-not-on-conduit`: the protocol alone does not make a flow carried
/// when both the flow and the channel give a port and they differ.
#[test]
fn a_flow_on_another_port_of_a_carried_protocol_is_found() {
    let fired = |flow_port: &str, channel_port: &str| {
        let model = SystemModel::parse(
            "m.yaml",
            &format!(
                "system: {{name: x}}\nassets: [{{id: a, kind: HD}}, {{id: b, kind: ED}}]\n\
                 zones: [{{id: z1, assets: [a], sl_t: 1}}, {{id: z2, assets: [b], sl_t: 1}}]\n\
                 conduits: [{{id: c, zones: [z1, z2], channels: [{{protocol: opc-ua{channel_port}}}]}}]\n\
                 flows: [{{id: f, from: a, to: b, protocol: opc-ua{flow_port}}}]\n"
            ),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        run_checks(&model)
            .iter()
            .any(|f| f.check == "flow-not-on-conduit")
    };
    assert!(fired(", port: 4841", ", port: 4840"));
    assert!(!fired(", port: 4840", ", port: 4840"));
    assert!(!fired("", ", port: 4840"));
    assert!(!fired(", port: 4841", ""));
}

#[test]
fn a_flow_against_a_one_way_channel_is_found() {
    // Guards the channel `direction`, once parsed and ignored: a flow into a zone through a
    // channel (a data diode) that only lets data out passed every check.
    let flagged = |name| -> Vec<String> {
        run_checks(&load("flow-against-channel-direction", name))
            .into_iter()
            .filter(|f| f.check == "flow-against-channel-direction")
            .map(|f| f.element)
            .collect()
    };
    // f1 matches a channel's service but not its direction, while another channel runs the
    // flow's way with another service; f2 names no service and meets only a reverse channel.
    assert_eq!(flagged("triggers"), ["f1", "f2"]);
    // Reverse flows, and a conduit that lists the zones the other way round, pass.
    assert!(flagged("clean").is_empty());
}
