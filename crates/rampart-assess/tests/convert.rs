//! The conversions of analyses into the results model (`rampart_assess::convert`).

use rampart_assess::convert::{risk_counts, system_findings, system_section};
use rampart_assess::results::Severity;
use rampart_catalog::{Catalog, Fr};
use rampart_system::{SystemModel, checks, gap, risk};

const MODEL: &str = include_str!("../../../examples/water-treatment/system.yaml");

fn model() -> SystemModel {
    SystemModel::parse("system.yaml", MODEL).expect("the example model loads")
}

#[test]
fn heat_map_counts_every_scenario_once_in_its_cell() {
    let model = model();
    let report = risk::assess(&model);
    let counts = risk_counts(&report);
    assert_eq!(counts.likelihoods.len(), 5);
    assert_eq!(counts.consequences.len(), 5);
    let total = |grid: &Vec<Vec<usize>>| grid.iter().flatten().sum::<usize>();
    let rated = report
        .scenarios
        .iter()
        .filter(|s| s.unmitigated.impact > 0)
        .count();
    assert_eq!(total(&counts.inherent), rated);
    // t-it-ransomware: likely (4th) × major (4th), no countermeasures: same cell both ways.
    let it = report
        .scenarios
        .iter()
        .find(|s| s.scenario == "t-it-ransomware")
        .expect("scenario");
    assert_eq!((it.unmitigated.likelihood, it.unmitigated.impact), (4, 4));
    assert!(counts.inherent[3][3] >= 1);
    assert!(counts.residual[3][3] >= 1);
}

#[test]
fn heat_map_bands_follow_the_tolerable_line() {
    let report = risk::assess(&model());
    let counts = risk_counts(&report);
    // tolerable 4: 1×4 = 4 is low, 1×5 = 5 medium, 3×3 = 9 high, 5×5 = 25 critical.
    assert_eq!(counts.cells[0][3], "low");
    assert_eq!(counts.cells[0][4], "medium");
    assert_eq!(counts.cells[2][2], "high");
    assert_eq!(counts.cells[4][4], "critical");
}

#[test]
fn system_findings_are_located_and_sorted_most_severe_first() {
    let model = model();
    let found = checks::run_checks(&model);
    let findings = system_findings(&model, &found);
    assert!(!findings.is_empty());
    assert!(findings.windows(2).all(|w| w[0].severity >= w[1].severity));
    for f in &findings {
        assert_eq!(f.source, "system");
        assert!(f.location.starts_with("system.yaml:"), "{}", f.location);
    }
    assert!(findings.iter().any(|f| f.severity >= Severity::Medium));
}

#[test]
fn zones_carry_levels_for_every_fr_and_a_blocking_item_below_sl_4() {
    let catalog = Catalog::builtin();
    let model = model();
    let found = checks::run_checks(&model);
    let section = system_section(
        catalog,
        &model,
        &gap::analyse(&model),
        &risk::assess(&model),
        &found,
        &std::collections::HashSet::new(),
        None,
    );
    assert_eq!(section.zones.len(), model.zones().len());
    for zone in &section.zones {
        assert_eq!(zone.levels.len(), 7);
        assert_eq!(zone.levels[0].fr, Fr::Iac);
        for level in &zone.levels {
            if level.sl_a.get() < 4 {
                // Every FR of 3-3 asks more at the next level, so something blocks it.
                if let Some(item) = &level.blocking {
                    let req = catalog.lookup(item).expect("a catalog item");
                    assert_eq!(req.fr, Some(level.fr));
                }
            }
        }
        assert!(zone.readiness.percent >= 0.0 && zone.readiness.percent <= 100.0);
    }
    assert_eq!(section.conduits.len(), model.conduits().len());
}
