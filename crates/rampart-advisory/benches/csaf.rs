//! How fast the `csaf` source reads documents, and how fast CSAF version expressions parse.
//!
//! - `read_generated`: one CISA-style advisory generated here, 2,000 products (vendor →
//!   product name → version range, a model number each) and 20 vulnerabilities naming all of
//!   them: 40,000 product statuses, the size of the largest Siemens advisories.
//! - `read_corpus`: every document of `$RAMPART_CORPORA/cisa-csaf-ot` (765 real ICS
//!   advisories), read from memory; skipped when the variable is not set.
//! - `parse_expressions`: the version shapes of real product trees.
//!
//! `cargo bench -p rampart-advisory --bench csaf` (divan).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rampart_advisory::AdvisorySource;
use rampart_advisory::source::Input;
use rampart_advisory::sources::csaf::{CsafSource, VersionExpression};

fn main() {
    divan::main();
}

const PRODUCTS: usize = 2_000;
const VULNERABILITIES: usize = 20;

fn generated() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let shapes = ["vers:all/<V4.3.8", "< V2.9.3", "All versions", "<=16.0.0.23211"];
        let products: Vec<String> = (0..PRODUCTS)
            .map(|i| {
                format!(
                    r#"{{"category": "product_name", "name": "SCALANCE X{i}", "branches": [
                      {{"category": "product_version_range", "name": "{}",
                        "product": {{"name": "SCALANCE X{i}", "product_id": "CSAFPID-{i}",
                          "product_identification_helper": {{"model_numbers": ["6GK5{i:04}-0AA0"]}}}}}}]}}"#,
                    shapes[i % shapes.len()]
                )
            })
            .collect();
        let ids: Vec<String> = (0..PRODUCTS).map(|i| format!(r#""CSAFPID-{i}""#)).collect();
        let ids = ids.join(",");
        let vulnerabilities: Vec<String> = (0..VULNERABILITIES)
            .map(|v| {
                format!(
                    r#"{{"cve": "CVE-2023-{v:05}", "cwe": {{"id": "CWE-787", "name": "x"}},
                      "notes": [{{"category": "summary", "text": "A flaw."}}],
                      "product_status": {{"known_affected": [{ids}]}},
                      "remediations": [{{"category": "vendor_fix", "details": "Update.", "product_ids": [{ids}]}}],
                      "scores": [{{"cvss_v3": {{"baseScore": 9.8, "baseSeverity": "CRITICAL",
                        "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "version": "3.1"}},
                        "products": [{ids}]}}]}}"#
                )
            })
            .collect();
        format!(
            r#"{{"document": {{"category": "csaf_security_advisory", "csaf_version": "2.0",
                "title": "Generated", "publisher": {{"category": "coordinator", "name": "CISA",
                "namespace": "https://www.cisa.gov/"}},
                "tracking": {{"id": "ICSA-00-000-00", "initial_release_date": "2023-01-01T00:00:00Z",
                  "current_release_date": "2023-01-01T00:00:00Z", "status": "final", "version": "1",
                  "revision_history": []}}}},
              "product_tree": {{"branches": [{{"category": "vendor", "name": "Siemens",
                "branches": [{}]}}]}},
              "vulnerabilities": [{}]}}"#,
            products.join(","),
            vulnerabilities.join(",")
        )
    })
}

fn read(name: &str, bytes: &[u8]) -> usize {
    let mut statuses = 0;
    CsafSource
        .read(Input { name, bytes }, &mut |record| {
            if let rampart_advisory::Record::Advisory(advisory) = record {
                statuses += advisory.affected.len();
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    statuses
}

#[divan::bench(sample_count = 10)]
fn read_generated() -> usize {
    let statuses = read("generated.json", generated().as_bytes());
    assert_eq!(statuses, PRODUCTS * VULNERABILITIES);
    statuses
}

fn corpus() -> &'static [(String, Vec<u8>)] {
    static FILES: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let Some(dir) = std::env::var_os("RAMPART_CORPORA") else {
            eprintln!("RAMPART_CORPORA not set: read_corpus reads nothing");
            return Vec::new();
        };
        let mut paths = Vec::new();
        collect(&PathBuf::from(dir).join("cisa-csaf-ot"), &mut paths);
        paths
            .into_iter()
            .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
            .collect()
    })
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

#[divan::bench(sample_count = 10)]
fn read_corpus() -> usize {
    corpus().iter().map(|(name, bytes)| read(name, bytes)).sum()
}

const SHAPES: &[&str] = &[
    "vers:all/<V4.3.8",
    "vers:all/*",
    "< V2.9.3",
    "<=16.0.0.23211",
    "All versions < V2.9.4",
    "All BIOS versions < V1.0.212N",
    ">= V7.80 < V9.30",
    "V3.0 to V3.2",
    "5.1.1-1 | 6.0.0-1",
    "< V17 Update 5",
    "A11_U05",
    "Versions including affected FTP server",
];

#[divan::bench]
fn parse_expressions() -> usize {
    SHAPES
        .iter()
        .map(|s| VersionExpression::parse(divan::black_box(s)))
        .filter(VersionExpression::is_structured)
        .count()
}
