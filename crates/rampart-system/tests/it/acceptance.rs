//! Acceptances: validated with located errors, attached to what they cover, and in force
//! only from their date to the day before they expire.

use rampart_system::{IsoDate, Standing, SystemModel, risk, run_checks, run_checks_as_of};

use crate::common::fixtures;

fn load(name: &str) -> Result<SystemModel, rampart_system::ModelError> {
    let text = std::fs::read_to_string(fixtures().join("acceptance").join(name)).unwrap();
    SystemModel::parse(&format!("acceptance/{name}"), &text)
}

fn day(text: &str) -> IsoDate {
    text.parse().unwrap()
}

#[test]
fn every_acceptance_problem_is_reported_at_its_place() {
    let err = load("invalid.yaml").unwrap_err().to_string();
    assert_eq!(
        err,
        "acceptance/invalid.yaml:10:13: acceptance of check `intolerable-residual-risks`: no check has this id (`rampart system checks` lists them)\n\
         acceptance/invalid.yaml:11:49: acceptance of element `t9`: no element has this id\n\
         acceptance/invalid.yaml:12:49: acceptance of element `control`: it is a zone, but check `intolerable-residual-risk` reports on threat scenarios\n\
         acceptance/invalid.yaml:13:57: the acceptance's `by` (who accepts) is empty\n\
         acceptance/invalid.yaml:13:68: acceptance date: `15/01/2026` is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31\n\
         acceptance/invalid.yaml:13:89: acceptance expiry: `2027-02-29` is not a date of the calendar: parameter 'day' for `2027-02` is invalid, must be in range `1..=28`\n\
         acceptance/invalid.yaml:13:112: the acceptance's rationale is empty\n\
         acceptance/invalid.yaml:14:94: the acceptance expires on 2026-01-15, not after its date 2026-01-15\n\
         acceptance/invalid.yaml:16:13: a second acceptance of check `intolerable-residual-risk` on `t1`: the first is at line 15"
    );
}

#[test]
fn an_acceptance_holds_from_its_date_to_the_day_before_it_expires() {
    // Guards risk acceptance: before it, an accepted risk still tripped every gate.
    let model = load("accepted.yaml").unwrap();
    let standing = |today: &str| {
        let findings = run_checks_as_of(&model, day(today));
        let of = |check: &str, element: &str| {
            let f = findings
                .iter()
                .find(|f| f.check == check && f.element == element)
                .unwrap_or_else(|| panic!("no {check} finding on {element}: {findings:#?}"));
            (f.acceptance.as_ref().map(|a| a.status), f.is_accepted())
        };
        // t2 has no acceptance: never marked.
        assert_eq!(of("intolerable-residual-risk", "t2"), (None, false));
        assert_eq!(
            of("intolerable-residual-risk", "t1"),
            of("conduit-without-channels", "c1")
        );
        of("intolerable-residual-risk", "t1")
    };
    assert_eq!(
        standing("2026-01-14"),
        (Some(Standing::NotYetInForce), false)
    );
    assert_eq!(standing("2026-01-15"), (Some(Standing::InForce), true));
    assert_eq!(standing("2027-01-14"), (Some(Standing::InForce), true));
    assert_eq!(standing("2027-01-15"), (Some(Standing::Expired), false));
    // Without a day, nothing is marked: the raw checks do not look at acceptances.
    assert!(run_checks(&model).iter().all(|f| f.acceptance.is_none()));
}

#[test]
fn the_risk_report_marks_accepted_residual_risk() {
    let model = load("accepted.yaml").unwrap();
    let report = risk::assess_as_of(&model, day("2026-06-01"));
    let t1 = &report.scenarios[0];
    let note = t1.acceptance.as_ref().expect("t1 is accepted");
    assert!(note.in_force());
    assert_eq!(note.by, "A. Owner, plant manager");
    assert_eq!(note.expires.to_string(), "2027-01-15");
    assert!(report.scenarios[1].acceptance.is_none());
    // Accepted or not, the residual risk is still above the line, and listed as such.
    assert_eq!(report.intolerable_residual, ["t1", "t2"]);
    let json: serde_json::Value =
        serde_json::from_str(&rampart_system::render::risk_json(&report)).unwrap();
    assert_eq!(json["scenarios"][0]["acceptance"]["status"], "in-force");
    assert_eq!(json["scenarios"][0]["acceptance"]["date"], "2026-01-15");
    assert!(json["scenarios"][1].get("acceptance").is_none());
}

/// An acceptance whose finding is gone (here the conduit got a channel) is reported at its
/// place in the table and the JSON, so it is removed before it covers a finding that returns.
#[test]
fn an_acceptance_that_covers_no_finding_is_reported() {
    let text = std::fs::read_to_string(fixtures().join("acceptance/accepted.yaml")).unwrap();
    let fixed = text.replace(
        "{id: c1, zones: [supervisory, control]}",
        "{id: c1, zones: [supervisory, control], channels: [{protocol: opc-ua, port: 4840, encrypted: true, authenticated: true}]}",
    );
    assert_ne!(
        fixed, text,
        "the fixture still has the channel-less conduit"
    );
    let model = SystemModel::parse("accepted.yaml", &fixed).unwrap();
    let findings = run_checks_as_of(&model, day("2026-06-01"));
    let stale = rampart_system::acceptance::unmatched(&model, &findings);
    assert_eq!(
        stale
            .iter()
            .map(|a| (a.check, a.element.as_str()))
            .collect::<Vec<_>>(),
        [("conduit-without-channels", "c1")]
    );
    let table = rampart_system::render::check_table(&model, &findings, None);
    assert!(
        table.contains(
            "Acceptances that cover no finding (the finding is gone: remove or rewrite them):\n  accepted.yaml:24:12: "
        ) && table.contains("conduit-without-channels `c1`"),
        "{table}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&rampart_system::render::check_json(&model, &findings)).unwrap();
    assert_eq!(
        json["unmatched_acceptances"],
        serde_json::json!([{"check": "conduit-without-channels", "element": "c1", "line": 24, "col": 12}])
    );
    // Where every acceptance still covers its finding, nothing is listed.
    let model = load("accepted.yaml").unwrap();
    let findings = run_checks_as_of(&model, day("2026-06-01"));
    assert!(rampart_system::acceptance::unmatched(&model, &findings).is_empty());
    assert!(
        !rampart_system::render::check_table(&model, &findings, None).contains("cover no finding")
    );
}
