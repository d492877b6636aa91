//! How long the catalog takes to load and to answer the level queries every later
//! command builds on. Run: `cargo bench -p rampart-catalog --bench catalog`.

use std::collections::HashSet;

use rampart_catalog::{Catalog, ComponentType, LevelScope, RequirementId, SlVector};

fn main() {
    divan::main();
}

const SOURCES: [(&str, &str); 6] = [
    ("2-1", include_str!("../data/2-1.yaml")),
    ("2-4", include_str!("../data/2-4.yaml")),
    ("3-2", include_str!("../data/3-2.yaml")),
    ("3-3", include_str!("../data/3-3.yaml")),
    ("4-1", include_str!("../data/4-1.yaml")),
    ("4-2", include_str!("../data/4-2.yaml")),
];

/// Parsing and checking all six data files: the cost every `rampart` run pays once.
#[divan::bench]
fn load_all_parts() -> Catalog {
    Catalog::from_sources(divan::black_box(SOURCES)).unwrap()
}

#[divan::bench]
fn lookup_ten_spellings(bencher: divan::Bencher) {
    let catalog = Catalog::builtin();
    let ids = [
        "SR1.1",
        "sr 1.1",
        "SR 1.1(1)",
        "SAR 2.4 RE(1)",
        "EDR 2.4 RE 1",
        "SM-1",
        "ZCR 3.2",
        "ORG 1.1",
        "SP.01.02",
        "NDR 1.6",
    ];
    bencher.bench(|| {
        ids.iter()
            .filter(|id| catalog.lookup(divan::black_box(id)).is_ok())
            .count()
    });
}

#[divan::bench]
fn required_for_zone(bencher: divan::Bencher) {
    let catalog = Catalog::builtin();
    let target: SlVector = "SL-T(2,2,3,1,2,1,3)".parse().unwrap();
    bencher.bench(|| catalog.required_for_zone(divan::black_box(&target)).len());
}

#[divan::bench]
fn achieved_levels_embedded_device(bencher: divan::Bencher) {
    let catalog = Catalog::builtin();
    let scope = LevelScope::Component(ComponentType::EmbeddedDevice);
    let target: SlVector = "(3,3,3,3,3,3,3)".parse().unwrap();
    let satisfied: HashSet<RequirementId> = catalog
        .required_for(scope, &target)
        .into_iter()
        .map(|i| i.id.clone())
        .collect();
    bencher.bench(|| catalog.achieved_levels(scope, divan::black_box(&satisfied)));
}

#[divan::bench]
fn suggest_for_unknown_id(bencher: divan::Bencher) {
    let catalog = Catalog::builtin();
    bencher.bench(|| catalog.lookup(divan::black_box("SR 1.14")).is_err());
}
