//! Times `check` and `gap` on a generated plant of 10,000 assets, 500 zones and 2,000
//! conduits (the budget: check + gap under 1 s on a 2-core machine).
//!
//! `cargo bench -p rampart-system --bench system` (divan; or `bench/system.sh`). Set
//! `RAMPART_BENCH_MODEL=path.yaml` to also keep the generated model, e.g. to time the CLI.

use std::fmt::Write as _;
use std::sync::OnceLock;

use rampart_system::{SystemModel, gap, risk, run_checks};

const ZONES: usize = 500;
const ASSETS_PER_ZONE: usize = 20;
const CONDUITS_PER_ZONE: usize = 4;

/// The generated model's YAML: deterministic, valid, and exercising every check.
fn generate() -> String {
    let kinds = [
        "embedded-device",
        "host-device",
        "network-device",
        "software-application",
    ];
    let mut y = String::with_capacity(8 << 20);
    y.push_str("system: {name: Generated plant, owner: bench}\nassets:\n");
    for z in 0..ZONES {
        for a in 0..ASSETS_PER_ZONE {
            let n = z * ASSETS_PER_ZONE + a;
            let kind = if a == 0 {
                "network-device"
            } else {
                kinds[n % 4]
            };
            let sl = n % 4 + 1;
            let _ = write!(
                y,
                "  - {{id: a{n}, name: Asset {n}, kind: {kind}, vendor: Vendor {v}, product: Product {p}, version: '1.{n}'",
                v = n % 17,
                p = n % 101
            );
            if a == 0 {
                // The zone's boundary device, named by its conduits.
                y.push_str(", role: firewall");
            }
            if n % 10 != 7 {
                let _ = write!(
                    y,
                    ", sl_c: [{sl}, {}, {}, 1, {sl}, 1, {}]",
                    (sl + 1).min(4),
                    sl.min(3),
                    (sl + 2).min(4)
                );
            }
            if n % 50 == 3 {
                y.push_str(", wireless: true");
            }
            if n % 97 == 5 {
                y.push_str(", temporarily_connected: true");
            }
            if z % 25 == 0 && a == 1 {
                y.push_str(", safety_related: true");
            }
            if z % 40 == 1 && a < 3 {
                y.push_str(", domain: business");
            }
            y.push_str("}\n");
        }
    }
    y.push_str("zones:\n");
    for z in 0..ZONES {
        let members: Vec<String> = (0..ASSETS_PER_ZONE)
            .map(|a| format!("a{}", z * ASSETS_PER_ZONE + a))
            .collect();
        let sl_t = if z % 2 == 0 {
            "derive".to_owned()
        } else {
            format!("[{}, 2, 2, 1, 2, 1, 2]", z % 4 + 1)
        };
        let _ = writeln!(
            y,
            "  - {{id: z{z}, name: Zone {z}, level: {}, assets: [{}], sl_t: {sl_t}}}",
            z % 4,
            members.join(", ")
        );
    }
    y.push_str("conduits:\n");
    for z in 0..ZONES {
        for k in 1..=CONDUITS_PER_ZONE {
            let other = (z + k) % ZONES;
            let boundary = if (z + k) % 2 == 0 {
                format!(", boundary_devices: [a{}]", z * ASSETS_PER_ZONE)
            } else {
                String::new()
            };
            let _ = writeln!(
                y,
                "  - {{id: c{z}-{other}, zones: [z{z}, z{other}]{boundary}, channels: [{{protocol: opc-ua, port: 4840, encrypted: true, authenticated: true}}, {{protocol: modbus-tcp, port: 502, encrypted: {}, authenticated: false}}]}}",
                k % 2 == 0
            );
        }
    }
    y.push_str("flows:\n");
    for z in 0..ZONES {
        for k in 1..=CONDUITS_PER_ZONE {
            let other = (z + k) % ZONES;
            let proto = if k == 3 { "s7comm" } else { "opc-ua" };
            let _ = writeln!(
                y,
                "  - {{id: f{z}-{other}, from: a{}, to: a{}, protocol: {proto}}}",
                z * ASSETS_PER_ZONE + 2,
                other * ASSETS_PER_ZONE + 3
            );
        }
    }
    y.push_str("countermeasures:\n");
    for c in 0..50 {
        let _ = writeln!(
            y,
            "  - {{id: cm{c}, applies_to: [z{}], requirements: [SR 6.2, CR 3.2], compensating: {}, likelihood_reduction: 1}}",
            c * 10,
            c % 2 == 0
        );
    }
    y.push_str("threats:\n");
    let caps = ["casual", "simple", "sophisticated", "extended"];
    for z in 0..ZONES {
        for t in 0..2 {
            let _ = writeln!(
                y,
                "  - {{id: t{z}-{t}, source: source {t}, capability: {}, vector: {}, target: {}, likelihood: {}, consequences: {{safety: {}, production: {}, financial: {}}}{}}}",
                caps[(z + t) % 4],
                if t == 0 {
                    "remote-access"
                } else {
                    "local-network"
                },
                if t == 0 {
                    format!("z{z}")
                } else {
                    format!("a{}", z * ASSETS_PER_ZONE + 4)
                },
                (z + t) % 5 + 1,
                z % 6,
                (z + 2) % 6,
                t + 2,
                if z % 10 == 0 {
                    format!(", countermeasures: [cm{}]", z / 10)
                } else {
                    String::new()
                }
            );
        }
    }
    y
}

/// The generated plant, loaded once and shared by every benchmark.
fn model() -> &'static (String, SystemModel) {
    static MODEL: OnceLock<(String, SystemModel)> = OnceLock::new();
    MODEL.get_or_init(|| {
        let text = generate();
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
