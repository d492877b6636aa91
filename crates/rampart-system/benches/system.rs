//! Times `check` and `gap` on the generated dense plant of issue 6 (`support/plant.rs`):
//! 10,000 assets, 500 zones, 2,000 conduits of 4–12 channels, 4–12 threat scenarios per zone
//! (the budget: check and gap each under 1 s on a 2-core machine).
//!
//! `cargo bench -p rampart-system --bench system` (divan; or `bench/system.sh`). Set
//! `RAMPART_BENCH_MODEL=path.yaml` to also keep the generated model, e.g. to time the CLI.

use std::sync::OnceLock;

use rampart_system::{SystemModel, gap, risk, run_checks};

// The hostile models in it are for `bench/model-load.sh` (through the `generate_model` example).
#[allow(dead_code)]
#[path = "support/plant.rs"]
mod plant;

use plant::{ASSETS_PER_ZONE, CONDUITS_PER_ZONE, ZONES};

/// The generated plant, loaded once and shared by every benchmark.
fn model() -> &'static (String, SystemModel) {
    static MODEL: OnceLock<(String, SystemModel)> = OnceLock::new();
    MODEL.get_or_init(|| {
        let text = plant::dense_yaml();
        if let Ok(keep) = std::env::var("RAMPART_BENCH_MODEL") {
            std::fs::write(&keep, &text).expect("writing RAMPART_BENCH_MODEL");
        }
        let model = SystemModel::parse("plant.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(model.assets().len(), ZONES * ASSETS_PER_ZONE);
        assert_eq!(model.zones().len(), ZONES);
        assert_eq!(model.conduits().len(), ZONES * CONDUITS_PER_ZONE);
        eprintln!(
            "model: {} assets, {} zones, {} conduits, {} flows, {} threat scenarios; {:.1} MB of YAML",
            model.assets().len(),
            model.zones().len(),
            model.conduits().len(),
            model.flows().len(),
            model.threats().len(),
            text.len() as f64 / 1e6
        );
        (text, model)
    })
}

fn main() {
    divan::main();
}

/// Read, parse, validate and derive SL-T: what every `rampart system` command pays first.
#[divan::bench(sample_count = 10)]
fn load(bencher: divan::Bencher) {
    let (text, _) = model();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("plant.yaml");
    std::fs::write(&path, text).expect("writing the model");
    bencher.bench(|| SystemModel::load(&path).unwrap_or_else(|e| panic!("{e}")));
}

/// Every 3-2 check.
#[divan::bench]
fn check(bencher: divan::Bencher) {
    let (_, model) = model();
    bencher.bench(|| run_checks(divan::black_box(model)));
}

/// The SL gap of every zone and asset.
#[divan::bench]
fn gap(bencher: divan::Bencher) {
    let (_, model) = model();
    bencher.bench(|| gap::analyse(divan::black_box(model)));
}

/// The budget (under 1 s): checks and gap together, as `check` then `gap` run them.
#[divan::bench]
fn check_and_gap(bencher: divan::Bencher) {
    let (_, model) = model();
    bencher.bench(|| {
        (
            run_checks(divan::black_box(model)),
            gap::analyse(divan::black_box(model)),
        )
    });
}

/// The risk assessment of every scenario and zone.
#[divan::bench]
fn risk(bencher: divan::Bencher) {
    let (_, model) = model();
    bencher.bench(|| risk::assess(divan::black_box(model)));
}

/// The gap as JSON (about 16 MB for this plant).
#[divan::bench(sample_count = 20)]
fn gap_json(bencher: divan::Bencher) {
    let (_, model) = model();
    let report = gap::analyse(model);
    bencher.bench(|| rampart_system::render::gap_json(divan::black_box(&report)));
}

/// The zone diagram as SVG: layout, conduit routes and label placement for 2,000 conduits.
#[divan::bench(sample_count = 10)]
fn diagram_svg(bencher: divan::Bencher) {
    let (_, model) = model();
    let report = gap::analyse(model);
    bencher.bench(|| rampart_system::render::diagram_svg(divan::black_box(model), &report));
}

/// The gap as a table fitted to a 100-column terminal.
#[divan::bench(sample_count = 10)]
fn gap_table_fitted(bencher: divan::Bencher) {
    let (_, model) = model();
    let report = gap::analyse(model);
    bencher.bench(|| rampart_system::render::gap_table(divan::black_box(&report), Some(100)));
}
