//! Conformance against OSV's version-ordering vectors kept outside the repository
//! (`../shared/corpora/osv-version-vectors`). Built only with `--features conformance`;
//! `.ci/run` sets `RAMPART_CORPORA` and runs it. Every `A < B`, `A = B` or `A > B` line of each
//! implemented ecosystem's files must agree, in both directions; `#` and `//` lines are comments.

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
