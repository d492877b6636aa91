//! Realistic synthetic advisories, deterministic by index: OSV records across ecosystems with
//! real-looking ranges and aliases, and NVD CVE API 2.0 records with AND/OR configurations and
//! CPE version ranges. Shared by the index bench and `examples/gen_advisories.rs`.

#![allow(dead_code)]

use rampart_advisory::model::{
    Advisory, Affected, AffectedPackage, CpeConfiguration, CpeMatch, CpeNode, Operator, OsvRange,
    RangeEvent, RangeKind,
};
use serde_json::{Value, json};

/// (OSV ecosystem, purl type, share of records in percent).
pub const ECOSYSTEMS: &[(&str, &str)] = &[
    ("npm", "npm"),
    ("PyPI", "pypi"),
    ("Maven", "maven"),
    ("Go", "golang"),
    ("crates.io", "cargo"),
    ("NuGet", "nuget"),
    ("RubyGems", "gem"),
    ("Packagist", "composer"),
    ("Debian:12", "deb"),
    ("Ubuntu:22.04:LTS", "deb"),
    ("Alpine:v3.19", "apk"),
];

const VENDORS: &[&str] = &[
    "siemens",
    "schneider-electric",
    "rockwellautomation",
    "abb",
    "moxa",
    "phoenixcontact",
    "openssl",
    "apache",
    "busybox",
    "linux",
    "wago",
    "hms",
    "codesys",
    "microsoft",
    "cisco",
];

/// A small deterministic mixer (splitmix64): the same `i` always gives the same record.
pub fn mix(i: u64) -> u64 {
    let mut z = i.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The ecosystem of OSV record `i`.
pub fn ecosystem(i: u64) -> &'static str {
    ECOSYSTEMS[(mix(i) % ECOSYSTEMS.len() as u64) as usize].0
}

/// The package name of OSV record `i`: 20,000 packages per ecosystem, so keys repeat.
pub fn package(i: u64) -> String {
    let n = mix(i ^ 0xABCD) % 20_000;
    match ecosystem(i) {
        "Maven" => format!("org.example{}:lib-{n}", n % 50),
        "Go" => format!("github.com/example{}/mod-{n}", n % 50),
        _ => format!("pkg-{n}"),
    }
}

fn version(seed: u64) -> (u64, u64, u64) {
    (seed % 12, (seed >> 8) % 30, (seed >> 16) % 20)
}

/// The CVE id aliased by OSV record `i` and described by NVD record `i / 2` (so about half
/// the OSV records share a CVE with an NVD record, as in the real feeds).
pub fn cve(i: u64) -> String {
    format!("CVE-{}-{:05}", 2015 + i % 11, 10_000 + i / 11)
}

/// OSV record `i` in the OSV schema.
pub fn osv_json(i: u64) -> Value {
    let seed = mix(i);
    let (major, minor, patch) = version(seed);
    let id = format!(
        "GHSA-{:04x}-{:04x}-{:04x}",
        seed & 0xffff,
        (seed >> 16) & 0xffff,
        (seed >> 32) & 0xffff
    );
    let kind = if ecosystem(i).contains(':') {
        "ECOSYSTEM"
    } else {
        "SEMVER"
    };
    json!({
        "schema_version": "1.6.0",
        "id": id,
        "modified": "2024-05-01T12:00:00Z",
        "published": "2023-11-20T08:30:00Z",
        "aliases": [cve(i)],
        "summary": format!("Improper input validation in {}", package(i)),
        "details": "A crafted request can cause out-of-bounds reads when parsing headers, leading to a denial of service or information disclosure.",
        "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
        "affected": [{
            "package": {"ecosystem": ecosystem(i), "name": package(i)},
            "ranges": [{"type": kind, "events": [
                {"introduced": format!("{major}.0.0")},
                {"fixed": format!("{major}.{minor}.{patch}")}
            ]}],
            "versions": [format!("{major}.0.0"), format!("{major}.0.1")]
        }],
        "references": [
            {"type": "ADVISORY", "url": format!("https://nvd.nist.gov/vuln/detail/{}", cve(i))},
            {"type": "FIX", "url": format!("https://github.com/example/{}/commit/{seed:x}", package(i))}
        ],
        "database_specific": {"cwe_ids": ["CWE-125"], "severity": "HIGH"}
    })
}

/// NVD record `i` in the CVE API 2.0 form (`vulnerabilities[].cve`).
pub fn nvd_json(i: u64) -> Value {
    let seed = mix(i ^ 0x5555);
    let vendor = VENDORS[(seed % VENDORS.len() as u64) as usize];
    let product = format!("product_{}", (seed >> 8) % 3000);
    let (major, minor, _) = version(seed);
    let app = |vulnerable: bool| {
        json!({
            "vulnerable": vulnerable,
            "criteria": format!("cpe:2.3:a:{vendor}:{product}:*:*:*:*:*:*:*:*"),
            "versionStartIncluding": format!("{major}.0"),
            "versionEndExcluding": format!("{major}.{minor}.1"),
            "matchCriteriaId": format!("{:08X}-0000-0000-0000-{:012X}", seed as u32, i)
        })
    };
    let configurations = if seed.is_multiple_of(3) {
        // Firmware running on hardware: AND of a vulnerable OS and a non-vulnerable device.
        json!([{"operator": "AND", "nodes": [
            {"operator": "OR", "negate": false, "cpeMatch": [{
                "vulnerable": true,
                "criteria": format!("cpe:2.3:o:{vendor}:{product}_firmware:*:*:*:*:*:*:*:*"),
                "versionEndExcluding": format!("{major}.{minor}"),
                "matchCriteriaId": "A"
            }]},
            {"operator": "OR", "negate": false, "cpeMatch": [{
                "vulnerable": false,
                "criteria": format!("cpe:2.3:h:{vendor}:{product}:-:*:*:*:*:*:*:*"),
                "matchCriteriaId": "B"
            }]}
        ]}])
    } else {
        json!([{"nodes": [{"operator": "OR", "negate": false, "cpeMatch": [app(true), app(true)]}]}])
    };
    json!({"cve": {
        "id": cve(i * 2),
        "sourceIdentifier": "cve@mitre.org",
        "published": "2023-11-20T08:15:07.123",
        "lastModified": "2024-05-01T12:00:00.000",
        "vulnStatus": "Analyzed",
        "descriptions": [{"lang": "en", "value": format!("A buffer overflow in {vendor} {product} before {major}.{minor} allows remote attackers to execute code.")}],
        "metrics": {"cvssMetricV31": [{"source": "nvd@nist.gov", "type": "Primary", "cvssData": {
            "version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
            "baseScore": 9.8, "baseSeverity": "CRITICAL"}}]},
        "weaknesses": [{"source": "nvd@nist.gov", "type": "Primary", "description": [{"lang": "en", "value": "CWE-787"}]}],
        "configurations": configurations,
        "references": [{"url": format!("https://{vendor}.example/advisories/{i}"), "source": "cve@mitre.org"}]
    }})
}

/// OSV record `i` as the model the OSV source will produce.
pub fn osv_model(i: u64) -> Advisory {
    let seed = mix(i);
    let (major, minor, patch) = version(seed);
    Advisory {
        id: format!("GHSA-{:04x}-{:04x}-{:04x}", seed & 0xffff, (seed >> 16) & 0xffff, (seed >> 32) & 0xffff),
        source: "osv".to_owned(),
        aliases: vec![cve(i)],
        summary: Some(format!("Improper input validation in {}", package(i))),
        details: Some("A crafted request can cause out-of-bounds reads when parsing headers, leading to a denial of service or information disclosure.".to_owned()),
        modified: Some("2024-05-01T12:00:00Z".to_owned()),
        affected: vec![Affected::Package(AffectedPackage {
            ecosystem: ecosystem(i).to_owned(),
            name: package(i),
            purl: None,
            ranges: vec![OsvRange {
                kind: RangeKind::Ecosystem,
                events: vec![
                    RangeEvent::Introduced(format!("{major}.0.0")),
                    RangeEvent::Fixed(format!("{major}.{minor}.{patch}")),
                ],
            }],
            versions: vec![format!("{major}.0.0")],
        })],
        ..Advisory::default()
    }
}

/// NVD record `i` as the model the NVD source will produce.
pub fn nvd_model(i: u64) -> Advisory {
    let seed = mix(i ^ 0x5555);
    let vendor = VENDORS[(seed % VENDORS.len() as u64) as usize];
    let product = format!("product_{}", (seed >> 8) % 3000);
    let (major, minor, _) = version(seed);
    let criterion = |part: char, vulnerable: bool| CpeMatch {
        vulnerable,
        criteria: format!("cpe:2.3:{part}:{vendor}:{product}:*:*:*:*:*:*:*:*"),
        version_end_excluding: Some(format!("{major}.{minor}")),
        ..CpeMatch::default()
    };
    let node = |matches| CpeNode {
        operator: Operator::Or,
        negate: false,
        matches,
    };
    Advisory {
        id: cve(i * 2),
        source: "nvd".to_owned(),
        details: Some(format!(
            "A buffer overflow in {vendor} {product} before {major}.{minor} allows remote attackers to execute code."
        )),
        affected: vec![Affected::Cpe(CpeConfiguration {
            operator: Operator::And,
            negate: false,
            nodes: vec![
                node(vec![criterion('o', true)]),
                node(vec![criterion('h', false)]),
            ],
        })],
        cwes: vec!["CWE-787".to_owned()],
        ..Advisory::default()
    }
}
