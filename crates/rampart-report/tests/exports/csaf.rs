//! The CSAF 2.0 security advisory: the mandatory tests of the CSAF 2.0 standard (section 6.1)
//! most likely to bite a generator, checked here on the small case, on tricky inputs and on
//! a synthetic large case; snapshots; schema validation against the OASIS schema is in
//! `tests/conformance.rs` (the schema is not in the repository).

use std::collections::{HashMap, HashSet};

use rampart_assess::synthetic::synthetic;
use rampart_catalog::Catalog;
use rampart_report::export::{CsafPublisher, CsafPublisherCategory, csaf_advisory};
use serde_json::Value;

use crate::fixture;

fn advisory(results: &rampart_assess::AssessmentResults) -> Value {
    csaf_advisory(results, &CsafPublisher::default()).expect("the results have vulnerabilities")
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Product ids defined by full product names anywhere in the product tree.
fn defined_ids(tree: &Value, out: &mut Vec<String>) {
    if let Some(branches) = tree["branches"].as_array() {
        for b in branches {
            if let Some(id) = b["product"]["product_id"].as_str() {
                out.push(id.to_owned());
            }
            defined_ids(b, out);
        }
    }
    for f in tree["full_product_names"].as_array().into_iter().flatten() {
        out.push(f["product_id"].as_str().unwrap().to_owned());
    }
    for r in tree["relationships"].as_array().into_iter().flatten() {
        out.push(
            r["full_product_name"]["product_id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
}

fn branch_names(tree: &Value, out: &mut Vec<(String, String)>) {
    for b in tree["branches"].as_array().into_iter().flatten() {
        out.push((
            b["category"].as_str().unwrap().to_owned(),
            b["name"].as_str().unwrap().to_owned(),
        ));
        branch_names(b, out);
    }
}

fn purls(tree: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for f in tree["full_product_names"].as_array().into_iter().flatten() {
        if let Some(p) = f["product_identification_helper"]["purl"].as_str() {
            out.push(p.to_owned());
        }
    }
    out
}

/// Violations of the mandatory tests this generator could break, by test number.
fn mandatory_failures(doc: &Value) -> Vec<String> {
    let mut fail = Vec::new();
    let tree = &doc["product_tree"];
    let mut defined = Vec::new();
    defined_ids(tree, &mut defined);
    // 6.1.2 multiple definition of product id
    let unique: HashSet<&String> = defined.iter().collect();
    if unique.len() != defined.len() {
        fail.push(format!("6.1.2: {defined:?}"));
    }
    // 6.1.1 missing definition; 6.1.3 circular (direct)
    let mut referenced: Vec<String> = Vec::new();
    for r in tree["relationships"].as_array().into_iter().flatten() {
        let own = &r["full_product_name"]["product_id"];
        if r["product_reference"] == *own || r["relates_to_product_reference"] == *own {
            fail.push(format!("6.1.3: {own}"));
        }
        referenced.push(r["product_reference"].as_str().unwrap().into());
        referenced.push(r["relates_to_product_reference"].as_str().unwrap().into());
    }
    let vulns = doc["vulnerabilities"].as_array();
    // 6.1.27.11 and 6.1.27.4
    if vulns.is_none_or(Vec::is_empty) {
        fail.push("6.1.27.11: no vulnerabilities".into());
    }
    if !tree.is_object() {
        fail.push("6.1.27.4: no product tree".into());
    }
    let mut cves = HashSet::new();
    for (i, v) in vulns.into_iter().flatten().enumerate() {
        let status = v["product_status"].as_object();
        if status.is_none() {
            fail.push(format!("6.1.27.6: vulnerability {i} has no product_status"));
        }
        if v["notes"].as_array().is_none_or(Vec::is_empty) {
            fail.push(format!("6.1.27.5: vulnerability {i} has no notes"));
        }
        if let Some(cve) = v["cve"].as_str()
            && !cves.insert(cve.to_owned())
        {
            fail.push(format!("6.1.23: {cve} twice"));
        }
        // 6.1.6 contradicting product status
        let group = |names: &[&str]| -> HashSet<String> {
            names
                .iter()
                .flat_map(|n| strings(&v["product_status"][*n]))
                .collect()
        };
        let groups = [
            group(&["first_affected", "known_affected", "last_affected"]),
            group(&["known_not_affected"]),
            group(&["first_fixed", "fixed"]),
            group(&["under_investigation"]),
        ];
        for a in 0..groups.len() {
            for b in a + 1..groups.len() {
                if !groups[a].is_disjoint(&groups[b]) {
                    fail.push(format!("6.1.6: vulnerability {i} groups {a} and {b}"));
                }
            }
        }
        for list in status.into_iter().flat_map(|s| s.values()) {
            referenced.extend(strings(list));
        }
        // 6.1.7 one score per version per product; 6.1.8-6.1.10 complete, consistent CVSS
        let mut scored: HashMap<(String, String), usize> = HashMap::new();
        for s in v["scores"].as_array().into_iter().flatten() {
            let cvss = &s["cvss_v3"];
            let version = cvss["version"].as_str().unwrap_or_default().to_owned();
            for key in ["version", "vectorString", "baseScore", "baseSeverity"] {
                if cvss[key].is_null() {
                    fail.push(format!("6.1.8: {key} missing"));
                }
            }
            if !cvss["vectorString"]
                .as_str()
                .unwrap_or_default()
                .starts_with(&format!("CVSS:{version}/"))
            {
                fail.push("6.1.10: vector and version differ".into());
            }
            if cvss.as_object().unwrap().len() != 4 {
                fail.push("6.1.10: metric properties besides the vector".into());
            }
            for p in strings(&s["products"]) {
                *scored.entry((p.clone(), version.clone())).or_default() += 1;
                referenced.push(p);
            }
        }
        if scored.values().any(|&n| n > 1) {
            fail.push(format!("6.1.7: vulnerability {i}"));
        }
        // 6.1.29 / 6.1.32 remediations and flags name products; 6.1.33 one flag per product
        let mut flagged = HashSet::new();
        for f in v["flags"].as_array().into_iter().flatten() {
            let ids = strings(&f["product_ids"]);
            if ids.is_empty() {
                fail.push("6.1.32: flag without products".into());
            }
            for id in &ids {
                if !flagged.insert(id.clone()) {
                    fail.push(format!("6.1.33: {id} has two flags"));
                }
            }
            referenced.extend(ids);
        }
        for r in v["remediations"].as_array().into_iter().flatten() {
            let ids = strings(&r["product_ids"]);
            if ids.is_empty() {
                fail.push("6.1.29: remediation without products".into());
            }
            referenced.extend(ids);
        }
        for t in v["threats"].as_array().into_iter().flatten() {
            referenced.extend(strings(&t["product_ids"]));
        }
    }
    for id in &referenced {
        if !unique.contains(id) {
            fail.push(format!("6.1.1: {id} is not defined"));
        }
    }
    // 6.1.12 language
    if doc["document"]["lang"] != "en" {
        fail.push("6.1.12: language".into());
    }
    // 6.1.13 purl: every purl written parses
    for p in purls(tree) {
        if p.parse::<packageurl::PackageUrl>().is_err() {
            fail.push(format!("6.1.13: {p}"));
        }
    }
    // 6.1.14, 6.1.16, 6.1.18, 6.1.21, 6.1.22, 6.1.30: the revision history
    let tracking = &doc["document"]["tracking"];
    let history = tracking["revision_history"].as_array().unwrap();
    let numbers: Vec<u64> = history
        .iter()
        .map(|h| {
            h["number"]
                .as_str()
                .unwrap()
                .parse()
                .expect("integer versioning (6.1.30)")
        })
        .collect();
    if numbers != (1..=numbers.len() as u64).collect::<Vec<_>>() {
        fail.push(format!("6.1.14/6.1.21/6.1.22: {numbers:?}"));
    }
    if tracking["version"] != history.last().unwrap()["number"] {
        fail.push("6.1.16: version is not the last revision".into());
    }
    if tracking["status"] != "final" || numbers.contains(&0) {
        fail.push("6.1.17/6.1.18: status and versions".into());
    }
    // 6.1.15 translator
    if doc["document"]["publisher"]["category"] == "translator" {
        fail.push("6.1.15: translator without source_lang".into());
    }
    // 6.1.31 version range in product_version
    let mut branches = Vec::new();
    branch_names(tree, &mut branches);
    for (category, name) in branches {
        let lower = name.to_lowercase();
        if category == "product_version"
            && [
                "<", ">", "after", "all", "before", "earlier", "later", "prior", "versions",
            ]
            .iter()
            .any(|w| lower.contains(w))
        {
            fail.push(format!("6.1.31: {name}"));
        }
    }
    fail
}

#[test]
fn the_small_case_passes_the_mandatory_tests() {
    let doc = advisory(&fixture::small());
    assert_eq!(mandatory_failures(&doc), Vec::<String>::new());
    assert_eq!(doc["document"]["category"], "csaf_security_advisory");
    assert_eq!(doc["document"]["csaf_version"], "2.0");
}

#[test]
fn a_large_synthetic_case_passes_the_mandatory_tests() {
    let doc = advisory(&synthetic(Catalog::builtin(), 200, 300));
    assert_eq!(mandatory_failures(&doc), Vec::<String>::new());
}

/// Guards against a vacuous checker: documents breaking the rules are caught.
#[test]
fn the_checker_catches_broken_documents() {
    let good = advisory(&fixture::small());
    let mut doc = good.clone();
    doc["vulnerabilities"][0]["product_status"]["fixed"] =
        doc["vulnerabilities"][0]["product_status"]["known_affected"].clone();
    doc["vulnerabilities"][0]["remediations"][0]["product_ids"][0] = "CSAFPID-9999".into();
    doc["document"]["tracking"]["version"] = "2".into();
    let failures = mandatory_failures(&doc).join("\n");
    for test in ["6.1.6", "6.1.1", "6.1.16"] {
        assert!(failures.contains(test), "{test} not caught:\n{failures}");
    }
}

/// 6.1.9: the base score and severity are computed from the vector (NVD gives CVE-2023-0286
/// 7.4 HIGH for this vector), whatever score the results carry.
#[test]
fn cvss_scores_are_recomputed_from_the_vector() {
    let mut results = fixture::small();
    results.vulnerabilities[0].score = Some(9.9);
    let doc = advisory(&results);
    let cvss = &doc["vulnerabilities"][0]["scores"][0]["cvss_v3"];
    assert_eq!(cvss["version"], "3.1");
    assert_eq!(cvss["baseScore"], 7.4);
    assert_eq!(cvss["baseSeverity"], "HIGH");
}

/// 6.1.8: a vector that does not parse as CVSS v3 gives no score rather than an invalid one.
#[test]
fn an_invalid_vector_gives_no_score() {
    let mut results = fixture::small();
    results.vulnerabilities[0].vector = Some("CVSS:3.1/AV:N/AC:X".into());
    let doc = advisory(&results);
    assert!(doc["vulnerabilities"][0]["scores"].is_null());
    results.vulnerabilities[0].vector =
        Some("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N".into());
    assert!(advisory(&results)["vulnerabilities"][0]["scores"].is_null());
}

/// 6.1.23: a GHSA whose alias is a CVE already listed joins that CVE's item, and 6.1.2/6.1.6:
/// a component listed twice for one vulnerability is one product with one status.
#[test]
fn one_item_per_cve_and_one_status_per_product() {
    let mut results = fixture::small();
    let mut ghsa = results.vulnerabilities[0].clone();
    ghsa.id = "GHSA-x4qr-2fvf-3mr5".into();
    ghsa.aliases = vec!["CVE-2023-0286".into()];
    ghsa.component = "libssl".into();
    ghsa.purl = Some("pkg:generic/libssl@3.0.7".into());
    results.vulnerabilities.push(ghsa);
    let mut duplicate = results.vulnerabilities[0].clone();
    duplicate.status = "fixed".into();
    results.vulnerabilities.push(duplicate);
    let doc = advisory(&results);
    assert_eq!(mandatory_failures(&doc), Vec::<String>::new());
    let items: Vec<&Value> = doc["vulnerabilities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["cve"] == "CVE-2023-0286")
        .collect();
    assert_eq!(items.len(), 1);
    assert_eq!(
        strings(&items[0]["product_status"]["known_affected"]).len(),
        2
    );
    assert!(items[0]["product_status"]["fixed"].is_null());
}

/// 6.1.13: a purl that does not parse is left out of the product identification helper.
#[test]
fn invalid_purls_are_not_written() {
    let mut results = fixture::small();
    results.vulnerabilities[2].purl = Some("pkg:generic/@1.36.1".into());
    let doc = advisory(&results);
    assert_eq!(
        purls(&doc["product_tree"]),
        ["pkg:generic/openssl@3.0.7"],
        "busybox's broken purl is dropped, openssl's kept"
    );
}

/// 6.1.31: a version that reads as a range does not become a `product_version` branch.
#[test]
fn a_version_that_reads_as_a_range_stays_in_the_product_name() {
    let mut results = fixture::small();
    results.subject.version = Some("install-all 2".into());
    let doc = advisory(&results);
    assert_eq!(mandatory_failures(&doc), Vec::<String>::new());
    let mut branches = Vec::new();
    branch_names(&doc["product_tree"], &mut branches);
    assert_eq!(
        branches,
        [("product_name".to_owned(), "ACME RTU-5000".to_owned())]
    );
    assert_eq!(
        doc["product_tree"]["branches"][0]["product"]["name"],
        "ACME RTU-5000 install-all 2"
    );
}

/// 6.1.15: the publisher cannot be a translator (no source language is known).
#[test]
fn a_translator_publisher_is_refused() {
    let err = serde_json::from_str::<CsafPublisherCategory>("\"translator\"");
    assert!(err.is_err());
    let vendor: CsafPublisherCategory = serde_json::from_str("\"vendor\"").unwrap();
    assert_eq!(vendor, CsafPublisherCategory::Vendor);
}

/// The publisher given names the document's publisher and, as the vendor, the product's
/// vendor branch; statuses, flags, remediations and threats follow the results.
#[test]
fn publisher_statuses_remediations_and_threats() {
    let publisher = CsafPublisher {
        name: "ACME PSIRT".into(),
        namespace: "https://psirt.acme.example".into(),
        category: CsafPublisherCategory::Vendor,
    };
    let doc = csaf_advisory(&fixture::small(), &publisher).unwrap();
    assert_eq!(doc["document"]["publisher"]["name"], "ACME PSIRT");
    assert_eq!(doc["product_tree"]["branches"][0]["category"], "vendor");
    assert_eq!(doc["product_tree"]["branches"][0]["name"], "ACME PSIRT");
    let v = &doc["vulnerabilities"];
    assert_eq!(v[0]["cve"], "CVE-2023-0286");
    assert_eq!(v[0]["ids"][0]["text"], "GHSA-x4qr-2fvf-3mr5");
    assert_eq!(v[0]["remediations"][0]["category"], "vendor_fix");
    assert!(
        v[0]["remediations"][0]["details"]
            .as_str()
            .unwrap()
            .contains("3.0.8")
    );
    assert_eq!(v[0]["threats"][0]["category"], "exploit_status");
    assert_eq!(
        v[1]["flags"][0]["label"],
        "vulnerable_code_not_in_execute_path"
    );
    assert!(!strings(&v[1]["product_status"]["known_not_affected"]).is_empty());
    assert!(!strings(&v[2]["product_status"]["fixed"]).is_empty());
    assert_eq!(v[3]["ids"][0]["system_name"], "GHSA");
    assert!(!strings(&v[3]["product_status"]["under_investigation"]).is_empty());
    let dates = &doc["document"]["tracking"];
    assert_eq!(dates["initial_release_date"], "2026-12-01T00:00:00.000Z");
    assert_eq!(dates["current_release_date"], "2026-12-01T00:00:00.000Z");
}

#[test]
fn no_vulnerabilities_means_no_advisory() {
    let mut results = fixture::small();
    results.vulnerabilities.clear();
    assert!(csaf_advisory(&results, &CsafPublisher::default()).is_none());
}

#[test]
fn snapshot_of_the_small_case() {
    insta::assert_json_snapshot!("csaf_security_advisory", advisory(&fixture::small()));
}

/// Without a version or an image hash the product sits at its `product_name` branch with no
/// identification helper, and the document still passes the mandatory tests.
#[test]
fn a_product_without_version_or_image() {
    let mut results = fixture::small();
    results.subject.version = None;
    results.subject.artifact = None;
    let doc = advisory(&results);
    assert_eq!(mandatory_failures(&doc), Vec::<String>::new());
    let product = &doc["product_tree"]["branches"][0]["product"];
    assert_eq!(product["product_id"], "CSAFPID-0001");
    assert!(product["product_identification_helper"].is_null());
}

/// Issue 9: every CSAF export passes `rampart csaf validate` (the OASIS schema and all
/// mandatory tests of section 6.1), for the small case, a system and a large synthetic one.
#[test]
fn exports_pass_the_csaf_validator() {
    let catalog = rampart_catalog::Catalog::builtin();
    for (name, results) in [
        ("small", fixture::small()),
        (
            "synthetic",
            rampart_assess::synthetic::synthetic(catalog, 200, 120),
        ),
    ] {
        let doc = advisory(&results);
        let report = rampart_csaf::validate(&doc);
        let failures: Vec<String> = report
            .failures
            .iter()
            .map(|f| format!("{} {}: {}", f.test, f.pointer, f.message))
            .collect();
        assert!(failures.is_empty(), "{name}: {failures:#?}");
    }
}
