//! Conformance against the OASIS CSAF 2.0 validator test files kept outside the repository
//! (`../shared/corpora/csaf-oasis/csaf_2.0/test/validator/data/testcases.json`). Built only
//! with `--features conformance`; `.ci/run` sets `RAMPART_CORPORA` and runs it.
//!
//! For every mandatory test (6.1.x) of `testcases.json`: each file listed under `failures` must
//! fail that test, and each file listed under `valid` must pass it (and pass the schema and
//! every other mandatory test: the OASIS valid examples are fully valid documents).

use std::path::PathBuf;

use serde_json::Value;

fn data_dir() -> Option<PathBuf> {
    let root = std::env::var_os("RAMPART_CORPORA")
        .map(PathBuf::from)
        .or_else(|| {
            ["../../../shared/corpora", "/work/shared/corpora"]
                .iter()
                .map(PathBuf::from)
                .find(|p| p.is_dir())
        })?;
    let dir = root.join("csaf-oasis/csaf_2.0/test/validator/data");
    dir.is_dir().then_some(dir)
}

fn read(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn oasis_mandatory_test_verdicts() {
    let Some(dir) = data_dir() else {
        eprintln!("skipped: no csaf-oasis corpus (set RAMPART_CORPORA to ../shared/corpora)");
        return;
    };
    let cases = read(&dir.join("testcases.json"));
    let mut checked = 0;
    let mut wrong = Vec::new();
    for test in cases["tests"].as_array().expect("tests array") {
        if test["group"] != "mandatory" {
            continue;
        }
        let id = test["id"].as_str().expect("test id");
        assert!(
            rampart_csaf::MANDATORY_TESTS.iter().any(|t| t.id == id),
            "testcases.json names mandatory test {id}, which is not implemented"
        );
        for (list, must_fail) in [("failures", true), ("valid", false)] {
            for case in test[list].as_array().into_iter().flatten() {
                let name = case["name"].as_str().expect("case name");
                let report = rampart_csaf::validate(&read(&dir.join(name)));
                checked += 1;
                let of_test: Vec<_> = report.of_test(id).collect();
                if must_fail && of_test.is_empty() {
                    wrong.push(format!("{name}: should fail {id} but passes it"));
                } else if !must_fail && !report.is_valid() {
                    wrong.push(format!(
                        "{name}: should be valid but fails: {:?}",
                        report.failures
                    ));
                }
            }
        }
    }
    eprintln!(
        "{} of {checked} OASIS mandatory-test verdicts reproduced",
        checked - wrong.len()
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The OASIS example documents (`csaf_2.0/examples/csaf`, with the VEX examples) are valid CSAF:
/// no schema violation and no mandatory-test failure.
#[test]
fn oasis_examples_are_valid() {
    let Some(dir) = data_dir() else {
        eprintln!("skipped: no csaf-oasis corpus (set RAMPART_CORPORA to ../shared/corpora)");
        return;
    };
    let examples = dir.join("../../../examples/csaf");
    let mut files = Vec::new();
    for sub in [examples.clone(), examples.join("csaf_vex")] {
        for entry in std::fs::read_dir(&sub).unwrap_or_else(|e| panic!("{}: {e}", sub.display())) {
            let path = entry.expect("directory entry").path();
            if path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(!files.is_empty(), "no examples in {}", examples.display());
    let invalid: Vec<String> = files
        .iter()
        .filter_map(|path| {
            let report = rampart_csaf::validate(&read(path));
            (!report.is_valid()).then(|| format!("{}: {:?}", path.display(), report.failures))
        })
        .collect();
    eprintln!(
        "{} of {} OASIS examples valid",
        files.len() - invalid.len(),
        files.len()
    );
    assert!(invalid.is_empty(), "{}", invalid.join("\n"));
}

/// Every real ICS advisory CISA published in CSAF 2.0 (`cisa-csaf-ot`: 2022 and 2023) is valid:
/// a guard against false failures on documents from the field.
#[test]
fn cisa_ics_advisories_are_valid() {
    let Some(dir) = data_dir() else {
        eprintln!("skipped: no csaf-oasis corpus (set RAMPART_CORPORA to ../shared/corpora)");
        return;
    };
    let root = dir.join("../../../../../cisa-csaf-ot");
    if !root.is_dir() {
        eprintln!("skipped: no cisa-csaf-ot corpus at {}", root.display());
        return;
    }
    let mut files = Vec::new();
    let mut folders = vec![root];
    while let Some(folder) = folders.pop() {
        for entry in
            std::fs::read_dir(&folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
    }
    let invalid: Vec<String> = files
        .iter()
        .filter_map(|path| {
            let report = rampart_csaf::validate(&read(path));
            (!report.is_valid()).then(|| format!("{}: {:?}", path.display(), report.failures))
        })
        .collect();
    eprintln!(
        "{} of {} CISA ICS advisories valid",
        files.len() - invalid.len(),
        files.len()
    );
    assert!(
        files.len() > 700,
        "expected the 765 advisories, found {}",
        files.len()
    );
    assert!(invalid.is_empty(), "{}", invalid.join("\n"));
}
