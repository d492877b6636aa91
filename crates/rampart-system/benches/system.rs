//! Times `check` and `gap` on a generated plant of 10,000 assets, 500 zones and 2,000
//! conduits (the budget: check + gap under 1 s on a 2-core machine).
//!
//! `cargo bench -p rampart-system --bench system` (or `bench/system.sh`). Set
//! `RAMPART_BENCH_MODEL=path.yaml` to also keep the generated model, e.g. to time the CLI.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

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

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..runs {
        let start = Instant::now();
        let v = f();
        best = best.min(start.elapsed());
        out = Some(v);
    }
    (best, out.expect("at least one run"))
}

fn main() {
    let text = generate();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("plant.yaml");
    std::fs::write(&path, &text).expect("writing the model");
    if let Ok(keep) = std::env::var("RAMPART_BENCH_MODEL") {
        std::fs::write(&keep, &text).expect("writing RAMPART_BENCH_MODEL");
    }
    let runs = 5;
    let (load, model) = best_of(runs, || {
        SystemModel::load(&path).unwrap_or_else(|e| panic!("{e}"))
    });
    assert_eq!(model.assets().len(), ZONES * ASSETS_PER_ZONE);
    assert_eq!(model.zones().len(), ZONES);
    assert_eq!(model.conduits().len(), ZONES * CONDUITS_PER_ZONE);
    let (check, findings) = best_of(runs, || run_checks(&model));
    let (gap_time, report) = best_of(runs, || gap::analyse(&model));
    let (risk_time, _) = best_of(runs, || risk::assess(&model));
    let (json, gap_json) = best_of(runs, || rampart_system::render::gap_json(&report));
    println!(
        "model: {} assets, {} zones, {} conduits, {} flows, {} threat scenarios; {:.1} MB of YAML",
        model.assets().len(),
        model.zones().len(),
        model.conduits().len(),
        model.flows().len(),
        model.threats().len(),
        text.len() as f64 / 1e6
    );
    println!("best of {runs} runs:");
    println!("  load (read + parse + validate + derive SL-T): {load:>10.2?}");
    println!("  check ({} findings):{:>26.2?}", findings.len(), check);
    println!(
        "  gap ({} zones with a gap):{:>20.2?}",
        report
            .zones
            .iter()
            .filter(|z| z.status == gap::GapStatus::Gap)
            .count(),
        gap_time
    );
    println!("  risk:{risk_time:>41.2?}");
    println!(
        "  gap JSON ({:.1} MB):{:>26.2?}",
        gap_json.len() as f64 / 1e6,
        json
    );
    println!("  check + gap: {:>33.2?}", check + gap_time);
    println!("  load + check + gap: {:>26.2?}", load + check + gap_time);
}
