//! How fast matching is: 10,000 components (language packages, Debian packages with source
//! packages, firmware with CPEs, names without identifiers) against a `MemoryIndex` of 50,000
//! synthetic advisories (30,000 OSV-style package records over 5,000 packages, 20,000
//! NVD-style CPE records over 2,000 products). One iteration is one whole `scan`, index built
//! beforehand, as a warm scan against a loaded index, with the `rampart` binary's allocator
//! (mimalloc). Run:
//! `cargo bench -p rampart-advisory --bench matching`.

use divan::Bencher;
use rampart_advisory::model::{
    Advisory, Affected, AffectedPackage, CpeConfiguration, CpeMatch, CpeNode, Operator, OsvRange,
    RangeEvent, RangeKind, ScoreScheme, Severity,
};
use rampart_advisory::{MemoryIndex, Record, scan};
use rampart_sbom::Component;

/// The allocator of the `rampart` binary, so that the bench measures what ships.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

const PACKAGES: usize = 5_000;
const PRODUCTS: usize = 2_000;

/// Ecosystem, purl type and namespace of package `i`.
fn ecosystem(i: usize) -> (&'static str, &'static str, Option<&'static str>) {
    match i % 4 {
        0 => ("npm", "npm", None),
        1 => ("PyPI", "pypi", None),
        2 => ("Maven", "maven", Some("org.example")),
        _ => ("Debian:12", "deb", Some("debian")),
    }
}

fn package_name(i: usize) -> String {
    match ecosystem(i).0 {
        "Maven" => format!("org.example:lib{i}"),
        _ => format!("pkg{i}"),
    }
}

fn version(ecosystem: &str, major: usize, minor: usize) -> String {
    if ecosystem.starts_with("Debian") {
        format!("{major}.{minor}.0-1+deb12u1")
    } else {
        format!("{major}.{minor}.0")
    }
}

fn advisories() -> Vec<Advisory> {
    let mut out = Vec::with_capacity(50_000);
    for n in 0..30_000 {
        let i = n % PACKAGES;
        let (eco, _, _) = ecosystem(i);
        let major = n / PACKAGES + 1;
        out.push(Advisory {
            id: format!("OSV-{n}"),
            source: "osv".to_owned(),
            aliases: vec![format!("CVE-2024-{n}")],
            severities: vec![Severity {
                scheme: ScoreScheme::CvssV3,
                vector: Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H".to_owned()),
                score: Some(9.8),
                rating: None,
                scorer: None,
            }],
            affected: vec![Affected::Package(AffectedPackage {
                ecosystem: eco.to_owned(),
                name: package_name(i),
                purl: None,
                ranges: vec![OsvRange {
                    kind: RangeKind::Ecosystem,
                    events: vec![
                        RangeEvent::Introduced(version(eco, major, 0)),
                        RangeEvent::Fixed(version(eco, major, 5)),
                    ],
                }],
                versions: Vec::new(),
            })],
            ..Advisory::default()
        });
    }
    for n in 0..20_000 {
        let p = n % PRODUCTS;
        let major = n / PRODUCTS + 1;
        out.push(Advisory {
            id: format!("CVE-2023-{n}"),
            source: "nvd".to_owned(),
            severities: vec![Severity {
                scheme: ScoreScheme::CvssV3,
                vector: Some("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:H".to_owned()),
                score: Some(7.4),
                rating: None,
                scorer: Some("nvd@nist.gov".to_owned()),
            }],
            affected: vec![Affected::Cpe(CpeConfiguration {
                operator: Operator::Or,
                negate: false,
                nodes: vec![CpeNode {
                    operator: Operator::Or,
                    negate: false,
                    matches: vec![CpeMatch {
                        vulnerable: true,
                        criteria: format!("cpe:2.3:a:vendor{p}:product{p}:*:*:*:*:*:*:*:*"),
                        version_start_including: Some(format!("{major}.0")),
                        version_end_excluding: Some(format!("{major}.5")),
                        ..CpeMatch::default()
                    }],
                }],
            })],
            ..Advisory::default()
        });
    }
    out
}

fn components() -> Vec<Component> {
    (0..10_000)
        .map(|c| {
            let minor = c % 8;
            match c % 10 {
                // Language and Debian packages: 7 in 10.
                0..=6 => {
                    let i = (c * 7) % PACKAGES;
                    let (eco, ty, namespace) = ecosystem(i);
                    let major = c % 6 + 1;
                    let v = version(eco, major, minor);
                    let name = format!("pkg{i}");
                    let purl = match (ty, namespace) {
                        ("maven", Some(ns)) => format!("pkg:maven/{ns}/lib{i}@{v}"),
                        ("deb", _) => format!(
                            "pkg:deb/debian/{name}-bin@{v}?distro=debian-12&upstream={name}"
                        ),
                        _ => format!("pkg:{ty}/{name}@{v}"),
                    };
                    Component {
                        name,
                        version: Some(v),
                        purl: Some(purl),
                        ..Component::default()
                    }
                }
                // Firmware with CPEs: 2 in 10.
                7 | 8 => {
                    let p = c % PRODUCTS;
                    let v = format!("{}.{minor}", c % 10 + 1);
                    Component {
                        name: format!("product{p}"),
                        cpes: vec![format!("cpe:2.3:a:vendor{p}:product{p}:{v}:*:*:*:*:*:*:*")],
                        version: Some(v),
                        ..Component::default()
                    }
                }
                // Bare names (some in the normalisation table): 1 in 10.
                _ => Component {
                    name: ["busybox", "libssl3", "zlib1g", "mystery"][c % 4].to_owned(),
                    version: Some(format!("1.{minor}.0")),
                    ..Component::default()
                },
            }
        })
        .collect()
}

#[divan::bench(sample_count = 10)]
fn scan_10k_components_50k_advisories(bencher: Bencher) {
    let mut index = MemoryIndex::new();
    for advisory in advisories() {
        index.insert(Record::Advisory(Box::new(advisory)));
    }
    let components = components();
    bencher.bench(|| {
        let report = scan(&components, &index).unwrap();
        assert!(!report.findings.is_empty());
        report
    });
}
