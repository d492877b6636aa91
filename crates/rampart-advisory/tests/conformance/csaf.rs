//! Conformance against real CSAF kept outside the repository (`../shared/corpora`):
//! CISA's ICS advisories (`cisa-csaf-ot`) and the OASIS CSAF 2.0 examples and validator
//! test files (`csaf-oasis`). Built only with `--features conformance`; `.ci/run` sets
//! `RAMPART_CORPORA`. Without it (or without the folders) each test says so and passes.
//!
//! Run with `-- --nocapture` to see the counts: advisories imported, version expressions
//! parsed into structure versus kept as text, and the most frequent text shapes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rampart_advisory::model::Affected;
use rampart_advisory::source::{self, Input};
use rampart_advisory::sources::csaf::{
    CsafFileKind, CsafSource, VersionExpression, classify, provider_metadata, rolie_feed,
    verify_hash_file,
};
use rampart_advisory::{AdvisorySource, Record};

fn corpus(name: &str) -> Option<PathBuf> {
    let Some(dir) = std::env::var_os("RAMPART_CORPORA") else {
        eprintln!("RAMPART_CORPORA not set: skipping the {name} conformance test");
        return None;
    };
    let dir = PathBuf::from(dir).join(name);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("{} missing: skipping", dir.display());
        None
    }
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    out.sort();
}

/// Reads one file with the registry's detection, as an importer would; returns the advisories.
fn import(path: &Path) -> Result<Vec<Record>, String> {
    let bytes = std::fs::read(path).unwrap();
    let name = path.display().to_string();
    let head = &bytes[..bytes.len().min(4096)];
    let Some(found) = source::detect(&name, head) else {
        return Err(format!("{name}: not detected as CSAF"));
    };
    assert_eq!(found.id(), "csaf");
    let mut records = Vec::new();
    let summary = found
        .read(
            Input {
                name: &name,
                bytes: &bytes,
            },
            &mut |r| {
                records.push(r);
                Ok(())
            },
        )
        .map_err(|e| e.to_string())?;
    if !summary.skipped.is_empty() {
        return Err(format!("{name}: skipped {:?}", summary.skipped));
    }
    Ok(records)
}

#[test]
fn every_cisa_ics_advisory_imports() {
    let Some(dir) = corpus("cisa-csaf-ot") else {
        return;
    };
    let mut files = Vec::new();
    json_files(&dir, &mut files);
    assert!(files.len() > 700, "only {} files", files.len());
    let (mut advisories, mut products, mut hashes) = (0, 0, 0);
    let (mut parsed, mut text) = (0usize, 0usize);
    let mut shapes: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for path in &files {
        let hash_file = path.with_extension("json.sha512");
        if hash_file.exists() {
            let document = std::fs::read(path).unwrap();
            verify_hash_file(
                &document,
                &hash_file.display().to_string(),
                &std::fs::read(&hash_file).unwrap(),
            )
            .unwrap();
            hashes += 1;
        }
        match import(path) {
            Ok(records) => {
                let mut seen = std::collections::HashSet::new();
                for record in records {
                    let Record::Advisory(advisory) = record else {
                        panic!("not an advisory")
                    };
                    advisories += 1;
                    for affected in &advisory.affected {
                        let Affected::Product(product) = affected else {
                            panic!("CSAF gives products only")
                        };
                        products += 1;
                        // Count each product's version once per document.
                        if !seen.insert(product.product_id.clone()) {
                            continue;
                        }
                        let Some(version) = &product.version else {
                            continue;
                        };
                        if VersionExpression::parse(version).is_structured() {
                            parsed += 1;
                        } else {
                            text += 1;
                            *shapes.entry(version.clone()).or_default() += 1;
                        }
                    }
                }
            }
            Err(e) => failures.push(e),
        }
    }
    let mut shapes: Vec<_> = shapes.into_iter().collect();
    shapes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    eprintln!(
        "cisa-csaf-ot: {} documents, {advisories} advisories, {products} product statuses, \
         {hashes} .sha512 files verified; versions: {parsed} structured, {text} text ({:.1}%)",
        files.len(),
        100.0 * parsed as f64 / (parsed + text).max(1) as f64
    );
    for (shape, count) in shapes.iter().take(40) {
        eprintln!("  text {count:>4} {shape:?}");
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(advisories > 1500, "{advisories}");
    assert!(parsed * 100 >= (parsed + text) * 95, "{parsed} vs {text}");
}

#[test]
fn the_oasis_examples_import_and_distribution_files_are_recognised() {
    let Some(dir) = corpus("csaf-oasis/csaf_2.0/examples") else {
        return;
    };
    let mut files = Vec::new();
    json_files(&dir, &mut files);
    let mut advisories = 0;
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let name = path.display().to_string();
        match classify(&name, &bytes[..bytes.len().min(4096)]) {
            Some(CsafFileKind::Document) => advisories += import(path).unwrap().len(),
            Some(CsafFileKind::ProviderMetadata) => {
                assert!(!provider_metadata(&name, &bytes).unwrap().feeds.is_empty());
            }
            Some(CsafFileKind::RolieFeed) => {
                assert!(!rolie_feed(&name, &bytes).unwrap().is_empty());
            }
            Some(CsafFileKind::RolieService | CsafFileKind::RolieCategory) => {
                assert!(name.contains("ROLIE"), "{name}");
            }
            Some(CsafFileKind::Aggregator) => assert!(name.contains("aggregator"), "{name}"),
            None => panic!("{name}: not recognised"),
        }
        assert_eq!(
            CsafSource.detect(&name, &bytes),
            classify(&name, &bytes) == Some(CsafFileKind::Document)
        );
    }
    eprintln!(
        "csaf-oasis examples: {} files, {advisories} advisories",
        files.len()
    );
    assert!(advisories > 15, "{advisories}");
}

#[test]
fn the_valid_oasis_test_documents_import() {
    let Some(dir) = corpus("csaf-oasis/csaf_2.0/test/validator/data") else {
        return;
    };
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("testcases.json")).unwrap()).unwrap();
    let mut imported = 0;
    let mut failures = Vec::new();
    for test in index["tests"].as_array().unwrap() {
        for case in test["valid"].as_array().into_iter().flatten() {
            let path = dir.join(case["name"].as_str().unwrap());
            match import(&path) {
                Ok(_) => imported += 1,
                Err(e) => failures.push(e),
            }
        }
    }
    // The documents that break a mandatory rule are for the later validator; reading them
    // must still end in advisories or a located error, never a panic.
    let (mut read, mut rejected, mut skipped) = (0, 0, 0);
    for test in index["tests"].as_array().unwrap() {
        for case in test["failures"].as_array().into_iter().flatten() {
            let path = dir.join(case["name"].as_str().unwrap());
            let bytes = std::fs::read(&path).unwrap();
            let name = path.display().to_string();
            match CsafSource.read(
                Input {
                    name: &name,
                    bytes: &bytes,
                },
                &mut |_| Ok(()),
            ) {
                Ok(summary) => {
                    read += 1;
                    skipped += summary.skipped.len();
                }
                Err(e) => {
                    assert!(e.to_string().starts_with(&name), "{e}");
                    rejected += 1;
                }
            }
        }
    }
    eprintln!(
        "csaf-oasis testcases: {imported} valid documents imported; of the invalid ones \
         {read} read ({skipped} vulnerabilities skipped), {rejected} rejected"
    );
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(imported > 80, "{imported}");
}
