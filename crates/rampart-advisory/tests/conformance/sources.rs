//! Conformance against real feeds kept outside the repository (`../shared/corpora`). Built
//! only with `--features conformance`; `.ci/run` sets `RAMPART_CORPORA` and runs it.
//!
//! - `osv-schema/tools/osv-linter/testdata`: real OSV records; of the linter's deliberately
//!   broken copies only `nointroduced-…` breaks what matching relies on and must be skipped
//!   with a reason. `nondistinct-…` (a duplicated GIT range) and `nopackage-…` (a PyPI name
//!   that does not exist on PyPI) are well-formed records whose faults need the registry or a
//!   lint; they import.
//! - `dtrack-fixtures`: Dependency-Track's NVD 2.0 CVE objects and OSV records with edge cases;
//!   `osv-vulnerability-with-ranges.json` writes a `SEMVER` range with the version `1`, which
//!   is not SemVer 2.0, and is skipped with that reason.
//! - `kev`: the whole CISA KEV catalog.
//!
//! Every valid record must import and be detected as its format.

use std::path::{Path, PathBuf};

use rampart_advisory::source::{self, SourceError};
use rampart_advisory::{Input, ReadSummary};

fn corpora() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("RAMPART_CORPORA")?);
    dir.is_dir().then_some(dir)
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// Detects and reads `path`, which must be claimed by `id`; returns the summary.
fn import(path: &Path, id: &str) -> Result<ReadSummary, SourceError> {
    let bytes = std::fs::read(path).unwrap();
    let name = path.display().to_string();
    let head = &bytes[..bytes.len().min(4096)];
    let detected = source::detect(&name, head).map(rampart_advisory::AdvisorySource::id);
    assert_eq!(detected, Some(id), "{name} detected as");
    source::source(id).unwrap().read(
        Input {
            name: &name,
            bytes: &bytes,
        },
        &mut |_| Ok(()),
    )
}

/// Imports every JSON file of `dir` with source `id`; files named in `broken` must give
/// exactly one skipped record whose reason contains the paired text. Returns (files, records).
fn import_all(dir: &Path, id: &str, broken: &[(&str, &str)]) -> (usize, usize) {
    let (mut files, mut records) = (0, 0);
    for path in json_files(dir) {
        let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
        let summary = import(&path, id).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        match broken.iter().find(|(name, _)| *name == file_name) {
            Some((_, reason)) => {
                assert_eq!(summary.records, 0, "{file_name}");
                assert_eq!(summary.skipped.len(), 1, "{file_name}");
                let problem = summary.skipped[0].to_string();
                assert!(problem.contains(reason), "{problem}");
                eprintln!("  skipped as intended: {problem}");
            }
            None => assert!(
                summary.skipped.is_empty(),
                "{file_name}: {:?}",
                summary.skipped
            ),
        }
        files += 1;
        records += summary.records;
    }
    (files, records)
}

#[test]
fn osv_linter_records_import_and_the_broken_one_is_skipped() {
    let Some(corpora) = corpora() else {
        eprintln!("RAMPART_CORPORA not set or missing: skipped");
        return;
    };
    let dir = corpora.join("osv-schema/tools/osv-linter/testdata");
    let broken = [(
        "nointroduced-CVE-2023-41045.json",
        "no \"introduced\" event",
    )];
    let (files, records) = import_all(&dir, "osv", &broken);
    eprintln!("osv-schema linter testdata: {files} files, {records} records imported, 1 skipped");
    assert_eq!((files, records), (12, 11));
}

#[test]
fn dependency_track_osv_records_import() {
    let Some(corpora) = corpora() else {
        eprintln!("RAMPART_CORPORA not set or missing: skipped");
        return;
    };
    let dir = corpora.join("dtrack-fixtures/vuln-data-source/osv/src/test/resources");
    // Its SEMVER range `fixed: "1"` is not SemVer 2.0, which the OSV schema requires of
    // SEMVER ranges and matching compares by.
    let broken = [(
        "osv-vulnerability-with-ranges.json",
        "invalid semver version \"1\"",
    )];
    let (files, records) = import_all(&dir, "osv", &broken);
    eprintln!("dtrack OSV: {files} files, {records} records imported, 1 skipped");
    assert_eq!((files, records), (10, 9));
}

#[test]
fn dependency_track_nvd_records_import() {
    let Some(corpora) = corpora() else {
        eprintln!("RAMPART_CORPORA not set or missing: skipped");
        return;
    };
    let dir = corpora.join("dtrack-fixtures/vuln-data-source/nvd/src/test/resources");
    let (files, records) = import_all(&dir, "nvd", &[]);
    eprintln!("dtrack NVD: {files} files, {records} records imported");
    assert_eq!((files, records), (7, 7));
}

#[test]
fn the_whole_kev_catalog_imports() {
    let Some(corpora) = corpora() else {
        eprintln!("RAMPART_CORPORA not set or missing: skipped");
        return;
    };
    let path = corpora.join("kev/known_exploited_vulnerabilities.json");
    let summary = import(&path, "kev").unwrap_or_else(|e| panic!("{e}"));
    eprintln!(
        "KEV: {} entries imported, {} skipped",
        summary.records,
        summary.skipped.len()
    );
    assert!(summary.skipped.is_empty(), "{:?}", summary.skipped);
    assert_eq!(summary.records, 1404);
}
