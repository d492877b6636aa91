//! The SL gap.

use rampart_system::gap::{self, GapStatus, Reference};
use rampart_system::render;

use crate::common::{example, parse};

const BASE: &str = "system: {name: x}\n";

#[test]
fn sl_c_is_the_elementwise_minimum_and_unknowns_are_listed() {
    let m = parse(&format!(
        "{BASE}assets:\n  - {{id: a, kind: ED, sl_c: [2, 3, 1, 2, 2, 2, 2]}}\n  - {{id: b, kind: HD, sl_c: [3, 1, 2, 2, 2, 2, 2]}}\n  - {{id: c, kind: SA}}\nzones: [{{id: z, assets: [a, b, c], sl_t: 2}}]\n"
    ))
    .unwrap();
    let report = gap::analyse(&m);
    let z = &report.zones[0];
    assert_eq!(z.sl_c.unwrap().to_string(), "(2,1,1,2,2,2,2)");
    assert_eq!(z.capability_unknown, ["c"]);
    assert_eq!(z.reference, Reference::SlC);
    assert_eq!(z.status, GapStatus::Gap);
    // FR2 and FR3 fall short by one level; the others meet SL-T.
    let short: Vec<(u8, u8)> = z.frs.iter().map(|f| (f.fr.number(), f.shortfall)).collect();
    assert_eq!(
        short,
        [(1, 0), (2, 1), (3, 1), (4, 0), (5, 0), (6, 0), (7, 0)]
    );
    assert!(z.frs[0].missing.is_empty());
    assert!(!z.frs[1].missing.is_empty());
    assert!(z.frs[1].missing.iter().all(|i| i.starts_with("SR 2.")));
    // Asset a misses FR3 items only, b FR2 items only.
    let a = z.assets.iter().find(|x| x.asset == "a").unwrap();
    assert!(
        a.missing.iter().all(|i| i.contains(" 3.")),
        "{:?}",
        a.missing
    );
    let b = z.assets.iter().find(|x| x.asset == "b").unwrap();
    assert!(
        b.missing.iter().all(|i| i.contains(" 2.")),
        "{:?}",
        b.missing
    );
    assert!(report.has_gap);
}

#[test]
fn met_unknown_and_compensated() {
    let m = parse(&format!(
        "{BASE}assets:\n  - {{id: a, kind: ED, sl_c: 2}}\n  - {{id: b, kind: ED}}\n  - {{id: c, kind: ED, sl_c: 1}}\n\
         zones:\n  - {{id: met, assets: [a], sl_t: 2}}\n  - {{id: unknown, assets: [b], sl_t: 2}}\n  - {{id: comp, assets: [c], sl_t: [1, 1, 1, 1, 1, 2, 1]}}\n\
         countermeasures:\n  - {{id: siem, applies_to: [comp], compensating: true, requirements: [SR 6.1 RE 1, SR 6.2, CR 6.1 RE 1, CR 6.2]}}\n"
    ))
    .unwrap();
    let r = gap::analyse(&m);
    assert_eq!(r.zones[0].status, GapStatus::Met);
    assert_eq!(r.zones[1].status, GapStatus::Unknown);
    assert_eq!(r.zones[1].reference, Reference::None);
    let comp = &r.zones[2];
    assert_eq!(comp.status, GapStatus::Met, "{comp:#?}");
    let fr6 = &comp.frs[5];
    assert_eq!(fr6.shortfall, 1);
    assert!(fr6.missing.is_empty());
    assert_eq!(
        fr6.compensated
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>(),
        ["SR 6.2"]
    );
    assert_eq!(fr6.compensated[0].by, ["siem"]);
    // SR 6.1 RE 1 is an SL 3 item: not needed, so not listed even though compensated.
    assert!(fr6.compensated.iter().all(|c| c.id != "SR 6.1 RE 1"));
    assert!(!r.has_gap);
}

#[test]
fn sl_a_is_the_reference_when_declared() {
    let m = parse(&format!(
        "{BASE}assets: [{{id: a, kind: ED, sl_c: 1}}]\nzones: [{{id: z, assets: [a], sl_t: 2, sl_a: 2, satisfies: [SR 1.1]}}]\n"
    ))
    .unwrap();
    let z = &gap::analyse(&m).zones[0];
    assert_eq!(z.reference, Reference::SlA);
    assert!(z.frs.iter().all(|f| f.missing.is_empty()));
    // The asset still falls short of SL-T: its 4-2 items are the gap.
    assert_eq!(z.status, GapStatus::Gap);
    assert!(!z.assets[0].missing.is_empty());
}

#[test]
fn example_gap_snapshot() {
    let r = gap::analyse(&example());
    assert!(r.has_gap);
    assert!(r.zones.iter().any(|z| z.status == GapStatus::Gap));
    insta::assert_snapshot!("example-gap-json", render::gap_json(&r));
    insta::assert_snapshot!("example-gap-table", render::gap_table(&r, None));
}

/// A declared SL-A measures the zone even when its assets' capabilities are unknown: the
/// status follows the SL-A, not the unknown SL-C.
#[test]
fn declared_sl_a_decides_the_status_when_capabilities_are_unknown() {
    let m = parse(&format!(
        "{BASE}assets: [{{id: a, kind: ED}}, {{id: b, kind: ED, sl_c: 2}}]\nzones: [{{id: z, assets: [a, b], sl_t: 2, sl_a: 2}}, {{id: y, assets: [], sl_t: 1}}]\n"
    ))
    .unwrap();
    let z = &gap::analyse(&m).zones[0];
    assert_eq!(z.capability_unknown, ["a"]);
    assert_eq!(z.reference, Reference::SlA);
    assert_eq!(z.status, GapStatus::Met, "{z:#?}");
}

#[test]
fn unknown_capability_is_reported_even_where_the_status_is_not_unknown() {
    // Guards `--fail-on unknown`: a zone whose known assets meet SL-T next to one without
    // SL-C is `unknown`, and a zone with a declared SL-A is `met`; both have an SL-C that is
    // not established, which `--fail-on gap` alone lets through.
    let m = parse(&format!(
        "{BASE}assets:\n  - {{id: a, kind: ED, sl_c: 2}}\n  - {{id: b, kind: ED}}\n  - {{id: c, kind: ED}}\n\
         zones:\n  - {{id: mixed, assets: [a, b], sl_t: 2}}\n  - {{id: achieved, assets: [c], sl_t: 1, sl_a: 1}}\n"
    ))
    .unwrap();
    let r = gap::analyse(&m);
    assert_eq!(r.zones[0].status, GapStatus::Unknown);
    assert_eq!(r.zones[1].status, GapStatus::Met);
    assert!(!r.has_gap);
    assert!(r.has_unknown_capability());
    let known = parse(&format!(
        "{BASE}assets: [{{id: a, kind: ED, sl_c: 2}}]\nzones: [{{id: z, assets: [a], sl_t: 2}}]\n"
    ))
    .unwrap();
    assert!(!gap::analyse(&known).has_unknown_capability());
}

/// Zones name items by id; `items` describes exactly the items referenced, each once, so the
/// JSON grows with the findings and not with the catalog.
#[test]
fn items_are_described_once_and_only_when_referenced() {
    let mut zones = String::new();
    for i in 0..50 {
        zones.push_str(&format!("  - {{id: z{i}, sl_t: 4}}\n"));
    }
    let m = parse(&format!("{BASE}zones:\n{zones}")).unwrap();
    let r = gap::analyse(&m);
    let mut referenced: Vec<&str> = r
        .zones
        .iter()
        .flat_map(|z| {
            z.frs
                .iter()
                .flat_map(|f| f.missing.iter().chain(f.compensated.iter().map(|c| &c.id)))
        })
        .map(String::as_str)
        .collect();
    referenced.sort_unstable();
    referenced.dedup();
    let described: Vec<String> = r.items.keys().map(ToString::to_string).collect();
    let mut sorted_described = described.clone();
    sorted_described.sort();
    assert_eq!(sorted_described, referenced);
    let sr_1_1 = &r.items[&"SR 1.1".parse().unwrap()];
    assert_eq!(sr_1_1.fr, Some(rampart_catalog::Fr::Iac));
    assert!(!sr_1_1.title.is_empty());

    let json: serde_json::Value = serde_json::from_str(&render::gap_json(&r)).unwrap();
    assert_eq!(json["schema"], "rampart.system.gap/2");
    assert_eq!(json["zones"][0]["frs"][0]["missing"][0], "SR 1.1");
    assert_eq!(json["items"]["SR 1.1"]["title"], sr_1_1.title.as_str());
    // Fifty zones missing the same items: each title appears once in the whole output.
    let text = render::gap_json(&r);
    let quoted = format!("\"{}\"", sr_1_1.title);
    assert_eq!(text.matches(quoted.as_str()).count(), 1);
}
