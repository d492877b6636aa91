//! Deterministic generated models for benchmarks: the dense plant of issue 6 and a hostile
//! file of many tiny zones. Shared by the divan bench and the `generate_model` example that
//! `bench/model-load.sh` runs.

use std::fmt::Write as _;

/// Zones of the dense plant.
pub const ZONES: usize = 500;
/// Assets per zone: 10,000 in all.
pub const ASSETS_PER_ZONE: usize = 20;
/// Conduits starting at each zone: 2,000 in all.
pub const CONDUITS_PER_ZONE: usize = 4;

/// The dense plant: 10,000 assets, 500 zones (half with derived SL-T), 2,000 conduits with
/// 4–12 channels each, 2,000 flows, 4–12 threat scenarios per zone, 50 countermeasures;
/// about 5 MB of YAML. Deterministic, valid, and exercising every check.
pub fn dense_yaml() -> String {
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
                "  - {{id: a{n}, name: Asset {n}, kind: {kind}, vendor: Vendor {v}, product: Product {p}, version: '1.{n}', description: 'Generated asset {n} of zone {z}, kind {kind}, for load benchmarks'",
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
    let protocols = [
        ("opc-ua", 4840),
        ("modbus-tcp", 502),
        ("https", 443),
        ("s7comm", 102),
        ("ssh", 22),
        ("dnp3", 20000),
    ];
    for z in 0..ZONES {
        for k in 1..=CONDUITS_PER_ZONE {
            let other = (z + k) % ZONES;
            let boundary = if (z + k) % 2 == 0 {
                format!("    boundary_devices: [a{}]\n", z * ASSETS_PER_ZONE)
            } else {
                String::new()
            };
            let _ = write!(
                y,
                "  - id: c{z}-{other}\n    name: Conduit from zone {z} to zone {other}\n    zones: [z{z}, z{other}]\n{boundary}    channels:\n"
            );
            // 4 to 12 channels, cycling through the conduits.
            let channels = 4 + (z * CONDUITS_PER_ZONE + k) % 9;
            for ch in 0..channels {
                let (protocol, port) = protocols[ch % protocols.len()];
                let secure = (ch + k) % 3 != 0;
                let _ = writeln!(
                    y,
                    "      - {{protocol: {protocol}, port: {}, encrypted: {secure}, authenticated: {}}}",
                    port + ch / protocols.len(),
                    secure || ch % 2 == 0
                );
            }
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
    let vectors = [
        "remote-access",
        "local-network",
        "removable-media",
        "supply-chain-update",
    ];
    for z in 0..ZONES {
        // 4 to 12 scenarios per zone.
        for t in 0..4 + z % 9 {
            let _ = writeln!(
                y,
                "  - {{id: t{z}-{t}, description: 'Generated threat scenario {t} against zone {z} or one of its assets', source: source {t}, capability: {}, vector: {}, target: {}, likelihood: {}, consequences: {{safety: {}, production: {}, financial: {}}}{}}}",
                caps[(z + t) % 4],
                vectors[t % 4],
                if t % 2 == 0 {
                    format!("z{z}")
                } else {
                    format!("a{}", z * ASSETS_PER_ZONE + 4 + t % 16)
                },
                (z + t) % 5 + 1,
                (z + t) % 6,
                (z + 2) % 6,
                t % 5 + 1,
                if z % 10 == 0 && t == 0 {
                    format!(", countermeasures: [cm{}]", z / 10)
                } else {
                    String::new()
                }
            );
        }
    }
    y
}

/// A hostile model: as many tiny zones as fit in `bytes` (`- {id: z1, sl_t: 1}`), far more
/// nodes than the budget allows. What a model just under the size limit can cost.
pub fn tiny_zones_yaml(bytes: usize) -> String {
    let mut y = String::with_capacity(bytes + 64);
    y.push_str("system: {name: Tiny zones}\nzones:\n");
    let mut z = 0usize;
    loop {
        let start = y.len();
        let _ = writeln!(y, "  - {{id: z{z}, sl_t: 1}}");
        if y.len() > bytes {
            y.truncate(start);
            break;
        }
        z += 1;
    }
    y
}

/// A large but valid model: zones with 1 KB descriptions up to `bytes`, few nodes per byte.
/// What the largest accepted model costs when its size is text rather than structure.
pub fn long_text_yaml(bytes: usize) -> String {
    let text = "lorem ipsum dolor sit amet ".repeat(38);
    let mut y = String::with_capacity(bytes + 64);
    y.push_str(
        "system: {name: Long text}\nassets:\n  - {id: a0, kind: host-device, sl_c: 2}\nzones:\n",
    );
    let mut z = 0usize;
    loop {
        let start = y.len();
        let assets = if z == 0 { "\n    assets: [a0]" } else { "" };
        let _ = writeln!(
            y,
            "  - id: z{z}{assets}\n    sl_t: 2\n    description: {text}"
        );
        if y.len() > bytes {
            y.truncate(start);
            break;
        }
        z += 1;
    }
    y
}
