//! Conformance against OSV's version-ordering vectors kept outside the repository
//! (`../shared/corpora/osv-version-vectors`). Built only with `--features conformance`;
//! `.ci/run` sets `RAMPART_CORPORA` and runs it. Every `A < B`, `A = B` or `A > B` line of each
//! implemented ecosystem's files must agree, in both directions, compared as texts and as
//! parsed keys; `#` and `//` lines are comments.

use std::cmp::Ordering;
use std::path::PathBuf;

use rampart_version::{Ecosystem, compare};

fn testdata() -> PathBuf {
    let dir = std::env::var_os("RAMPART_CORPORA")
        .expect("set RAMPART_CORPORA to the shared corpora folder to run the conformance tests");
    PathBuf::from(dir).join("osv-version-vectors/semantic/testdata")
}

/// Checks every vector of the files `<prefix>-versions*.txt`: none may be ordered wrongly, and
/// exactly `rejected` may hold a version this crate refuses as invalid in the ecosystem (OSV
/// orders even those by fallback rules; Rampart reports them instead). Returns the count checked.
fn check(ecosystem: Ecosystem, prefix: &str, rejected: usize) -> usize {
    let dir = testdata();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(&format!("{prefix}-versions")) && name.ends_with(".txt")
        })
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no {prefix}-versions*.txt in {}",
        dir.display()
    );
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut refused = Vec::new();
    for path in &files {
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with("//") {
                continue;
            }
            let place = format!("{}:{}", path.display(), number + 1);
            let parts: Vec<&str> = line.split(' ').collect();
            let [a, op, b] = parts[..] else {
                panic!("{place}: expected `A <op> B`, got {line:?}");
            };
            let expected = match op {
                "<" => Ordering::Less,
                "=" => Ordering::Equal,
                ">" => Ordering::Greater,
                _ => panic!("{place}: unknown operator {op:?}"),
            };
            let forward = compare(ecosystem, a, b);
            let backward = compare(ecosystem, b, a);
            if let (Err(e), _) | (_, Err(e)) = (&forward, &backward) {
                refused.push(format!("{place}: {e}"));
            } else if forward != Ok(expected) || backward != Ok(expected.reverse()) {
                failures.push(format!(
                    "{place}: {line}: got {forward:?} / reversed {backward:?}"
                ));
            } else {
                // Parsed once, as range evaluation uses them: the same order.
                let (ka, kb) = (ecosystem.key(a).unwrap(), ecosystem.key(b).unwrap());
                if ka.cmp(&kb) != expected || kb.cmp(&ka) != expected.reverse() {
                    failures.push(format!("{place}: {line}: the parsed keys order otherwise"));
                }
            }
            checked += 1;
        }
    }
    eprintln!(
        "{ecosystem}: {} of {checked} vectors agree, {} disagree, {} hold a version refused as invalid",
        checked - failures.len() - refused.len(),
        failures.len(),
        refused.len()
    );
    for line in &refused {
        eprintln!("  refused: {line}");
    }
    assert!(
        failures.is_empty(),
        "{ecosystem}: {} of {checked} vectors disagree:\n{}",
        failures.len(),
        failures
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(
        refused.len(),
        rejected,
        "{ecosystem}: vectors refused as invalid (listed above)"
    );
    checked
}

#[test]
fn semver_agrees_with_osv() {
    assert!(check(Ecosystem::Semver, "semver", 3) > 50);
}

#[test]
fn debian_agrees_with_osv() {
    assert!(check(Ecosystem::Debian, "debian", 0) > 10_000);
}

#[test]
fn rpm_agrees_with_osv() {
    assert!(check(Ecosystem::Rpm, "redhat", 4) > 100);
}

#[test]
fn alpine_agrees_with_osv() {
    assert!(check(Ecosystem::Alpine, "alpine", 94) > 10_000);
}

#[test]
fn pypi_agrees_with_osv() {
    assert!(check(Ecosystem::Pypi, "pypi", 80) > 10_000);
}

#[test]
fn maven_agrees_with_osv() {
    assert!(check(Ecosystem::Maven, "maven", 0) > 10_000);
}

#[test]
fn nuget_agrees_with_osv() {
    assert!(check(Ecosystem::Nuget, "nuget", 0) > 20);
}

#[test]
fn rubygems_agrees_with_osv() {
    assert!(check(Ecosystem::Rubygems, "rubygems", 0) > 4000);
}

#[test]
fn packagist_agrees_with_osv() {
    assert!(check(Ecosystem::Packagist, "packagist", 0) > 10_000);
}

#[test]
fn cran_agrees_with_osv() {
    assert!(check(Ecosystem::Cran, "cran", 0) > 70);
}

#[test]
fn hackage_agrees_with_osv() {
    assert!(check(Ecosystem::Hackage, "hackage", 0) > 10);
}

/// The two vectors Pub refuses, as `pub_semver` does, are not Dart versions: `1.1.3.4.5` and
/// `999…991` have five and one release numbers where Dart requires exactly three (OSV's
/// fallback parser reads them anyway); the same lines are refused in semver.
#[test]
fn pub_agrees_with_osv() {
    assert!(check(Ecosystem::Pub, "pub", 2) > 90);
}

/// The vers-spec test files (`../shared/corpora/vers-spec/tests`), as JSON values.
fn vers_tests(file: &str) -> Vec<serde_json::Value> {
    let dir = std::env::var_os("RAMPART_CORPORA")
        .expect("set RAMPART_CORPORA to the shared corpora folder to run the conformance tests");
    let path = PathBuf::from(dir).join("vers-spec/tests").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["tests"].as_array().unwrap().clone()
}

/// Runs every test of one vers-spec file; returns how many ran. Every test must pass except
/// exactly the `deviations` (index, why Rampart answers differently).
fn check_vers_except(file: &str, deviations: &[(usize, &str)]) -> usize {
    use rampart_version::vers::{Scheme, Vers};
    let tests = vers_tests(file);
    let mut failures = Vec::new();
    for (index, test) in tests.iter().enumerate() {
        let input = &test["input"];
        let expected = &test["expected_output"];
        let failure_expected = test["expected_failure"].as_bool().unwrap_or(false);
        let outcome: Result<(), String> = match test["test_type"].as_str().unwrap() {
            "comparison" | "equality" => {
                let scheme: Scheme = input["input_scheme"]
                    .as_str()
                    .unwrap()
                    .parse()
                    .map_err(|e| format!("{e}"))
                    .unwrap();
                let versions: Vec<&str> = input["versions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap())
                    .collect();
                if test["test_type"] == "equality" {
                    let equal = scheme
                        .compare(versions[0], versions[1])
                        .map(Ordering::is_eq);
                    match equal {
                        Ok(equal) if Some(equal) == expected.as_bool() => Ok(()),
                        other => Err(format!("equality of {versions:?}: got {other:?}")),
                    }
                } else {
                    let mut sorted = versions.clone();
                    sorted.sort_by(|a, b| scheme.compare(a, b).unwrap());
                    let want: Vec<&str> = expected
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|v| v.as_str().unwrap())
                        .collect();
                    // Expected outputs may be normalised (NuGet lower-cases): same order and
                    // each equal by the scheme.
                    if sorted
                        .iter()
                        .zip(&want)
                        .all(|(a, b)| scheme.compare(a, b).is_ok_and(Ordering::is_eq))
                    {
                        Ok(())
                    } else {
                        Err(format!("sorted {versions:?} as {sorted:?}, want {want:?}"))
                    }
                }
            }
            "parse" => {
                let text = input.as_str().unwrap();
                match (Vers::parse(text), failure_expected) {
                    (Err(e), true) => {
                        let want = test["expected_message"].as_str().unwrap_or("");
                        if e.to_string() == want {
                            Ok(())
                        } else {
                            Err(format!("{text}: message {e:?}, want {want:?}"))
                        }
                    }
                    (Ok(vers), false) => {
                        let got: Vec<(String, String)> = vers
                            .constraints()
                            .iter()
                            .map(|c| {
                                let sign = match c.comparator {
                                    rampart_version::vers::Comparator::Equal => "=",
                                    rampart_version::vers::Comparator::NotEqual => "!=",
                                    rampart_version::vers::Comparator::Less => "<",
                                    rampart_version::vers::Comparator::LessOrEqual => "<=",
                                    rampart_version::vers::Comparator::Greater => ">",
                                    rampart_version::vers::Comparator::GreaterOrEqual => ">=",
                                };
                                (sign.to_owned(), c.version.clone())
                            })
                            .collect();
                        let want: Vec<(String, String)> = expected["version_constraints"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|pair| {
                                (
                                    pair[0].as_str().unwrap().to_owned(),
                                    pair[1].as_str().unwrap().to_owned(),
                                )
                            })
                            .collect();
                        if got == want && vers.scheme().name() == expected["scheme"] {
                            Ok(())
                        } else {
                            Err(format!("{text}: got {got:?}, want {want:?}"))
                        }
                    }
                    (other, _) => Err(format!("{text}: got {other:?}")),
                }
            }
            "validate" => {
                let text = input.as_str().unwrap();
                match Vers::normalise(text) {
                    Ok(vers) if vers.to_string() == expected.as_str().unwrap() => Ok(()),
                    other => Err(format!("{text}: got {other:?}, want {expected}")),
                }
            }
            "containment" => {
                let vers = input["vers"].as_str().unwrap();
                let version = input["version"].as_str().unwrap();
                match Vers::normalise(vers).and_then(|v| v.contains(version)) {
                    Ok(inside) if Some(inside) == expected.as_bool() => Ok(()),
                    other => Err(format!("{vers} contains {version}: got {other:?}")),
                }
            }
            "from_native" => {
                let scheme = input["scheme"].as_str().unwrap();
                let range = input["native_range"].as_str().unwrap();
                match Vers::from_native(scheme, range) {
                    Ok(vers) if vers.to_string() == expected.as_str().unwrap_or("") => Ok(()),
                    other => Err(format!(
                        "{scheme} {range:?}: got {other:?}, want {expected}"
                    )),
                }
            }
            other => Err(format!("unknown test type {other}")),
        };
        let deviation = deviations.iter().find(|(i, _)| *i == index);
        match (outcome, deviation) {
            (Err(message), None) => failures.push(format!("{file} #{index}: {message}")),
            (Ok(()), Some((_, why))) => failures.push(format!(
                "{file} #{index}: passes, but is listed as a deviation ({why})"
            )),
            _ => {}
        }
    }
    eprintln!(
        "{file}: {} of {} pass, {} known deviations",
        tests.len() - failures.len() - deviations.len(),
        tests.len(),
        deviations.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    tests.len()
}

fn check_vers(file: &str) -> usize {
    check_vers_except(file, &[])
}

#[test]
fn vers_canonical_parsing_agrees_with_the_spec() {
    check_vers("vers_canonical_parse_test.json");
}

#[test]
fn vers_validation_and_containment_agree_with_the_spec() {
    check_vers("pypi_range_validate_test.json");
    check_vers("pypi_range_containment_test.json");
    check_vers("npm_range_containment_test.json");
}

#[test]
fn vers_orders_agree_with_the_spec() {
    for file in [
        "alpine_version_cmp_test.json",
        "maven_version_cmp_test.json",
        "nuget_version_cmp_test.json",
        "openssl_version_cmp_test.json",
        "lexicographic-test.json",
        "datetime_version_cmp_test.json",
    ] {
        check_vers(file);
    }
}

#[test]
fn vers_native_ranges_agree_with_the_spec() {
    // node-semver reads `~0.8.0-pre` as >=0.8.0-pre <0.9.0; the spec's expected output splits
    // it into >=0.8.0-pre|<0.8.0|>=0.8.0|<0.8.1, which excludes 0.8.1–0.8.x that npm includes.
    check_vers_except(
        "npm_range_from_native_test.json",
        &[(165, "tilde on a pre-release follows node-semver")],
    );
    for file in [
        "nuget_range_from_native_test.json",
        "openssl_range_from_native_test.json",
        "nginx_range_from_native_test.json",
        "gem_range_from_native_test.json",
    ] {
        check_vers(file);
    }
}
