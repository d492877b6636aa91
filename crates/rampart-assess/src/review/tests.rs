use std::path::Path;

use rampart_catalog::Catalog;

use super::*;

fn file(review: &str, base: &Path) -> AssessmentFile {
    let text = format!(
        "subject:\n  kind: product\n  name: RTU\n  version: \"3.2.0\"\n  component_type: embedded-device\n  sl_t: 2\n  sbom: sbom.json\n{review}requirements:\n  - id: CR 1.1\n    status: satisfied\n    assessed: 2026-01-10\n"
    );
    AssessmentFile::parse_in("a.yaml", &text, base, Catalog::builtin()).unwrap()
}

fn day(s: &str) -> IsoDate {
    s.parse().unwrap()
}

#[test]
fn due_a_year_after_the_last_review_or_the_latest_assessed_date() {
    let f = file("", Path::new(""));
    let now = Observed::default();
    let r = review(&f, day("2026-06-01"), &now);
    assert_eq!(r.last.as_deref(), Some("2026-01-10"));
    assert_eq!(r.due, "2027-01-10");
    assert_eq!(r.state, "current");
    // Due on the due day itself.
    assert_eq!(review(&f, day("2027-01-09"), &now).state, "current");
    assert_eq!(review(&f, day("2027-01-10"), &now).state, "due");
    let f = file(
        "review:\n  interval_days: 90\n  last: 2026-03-01\n",
        Path::new(""),
    );
    let r = review(&f, day("2026-06-01"), &now);
    assert_eq!((r.due.as_str(), r.state.as_str()), ("2026-05-30", "due"));
}

#[test]
fn never_reviewed_is_due_at_once() {
    let text = "subject:\n  kind: organisation\n  name: Acme Water\n";
    let f = AssessmentFile::parse_in("a.yaml", text, Path::new(""), Catalog::builtin()).unwrap();
    let r = review(&f, day("2026-06-01"), &Observed::default());
    assert_eq!((r.due.as_str(), r.state.as_str()), ("2026-06-01", "due"));
    assert_eq!(r.changes, ["never reviewed"]);
}

#[test]
fn a_changed_version_sbom_or_advisory_index_makes_it_changed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sbom.json"), b"{}").unwrap();
    let sbom = crate::file::evidence_sha256(dir.path(), "sbom.json").unwrap();
    let recorded = |version: &str, sha: &str| {
        format!(
            "review:\n  last: 2026-03-01\n  recorded:\n    version: \"{version}\"\n    sbom_sha256: {sha}\n    advisory_index: sha256:aa\n"
        )
    };
    let today = day("2026-06-01");
    // Nothing changed.
    let f = file(&recorded("3.2.0", &sbom), dir.path());
    let same = Observed::of(&f, Some("sha256:aa".to_owned()));
    let r = review(&f, today, &same);
    assert_eq!((r.state.as_str(), r.changes.len()), ("current", 0), "{r:?}");
    // The version.
    let f = file(&recorded("3.1.0", &sbom), dir.path());
    let r = review(&f, today, &same);
    assert_eq!(r.state, "changed");
    assert_eq!(
        r.changes,
        ["the product version changed from 3.1.0 to 3.2.0"]
    );
    // The SBOM.
    let f = file(&recorded("3.2.0", &"1".repeat(64)), dir.path());
    let r = review(&f, today, &Observed::of(&f, Some("sha256:aa".to_owned())));
    assert!(
        r.changes[0].starts_with("the SBOM `sbom.json` changed (SHA-256 111111111111"),
        "{r:?}"
    );
    // The advisory index.
    let f = file(&recorded("3.2.0", &sbom), dir.path());
    let r = review(&f, today, &Observed::of(&f, Some("sha256:bb".to_owned())));
    assert_eq!(r.state, "changed");
    assert!(r.changes[0].contains("advisory index was updated"));
    // Unknown now (no index): not a change.
    let r = review(&f, today, &Observed::of(&f, None));
    assert_eq!(r.state, "current");
    // Due wins over changed, and the changes are still listed.
    let f = file(&recorded("3.1.0", &sbom), dir.path());
    let r = review(&f, day("2027-03-01"), &same);
    assert_eq!((r.state.as_str(), r.changes.len()), ("due", 1));
}

#[test]
fn the_index_state_token_changes_with_any_import_and_ignores_order() {
    let a = advisory_index_state([
        ("nvd", 10, Some("2026-01-01T00:00:00Z"), None),
        ("kev", 3, None, None),
    ]);
    let b = advisory_index_state([
        ("kev", 3, None, None),
        ("nvd", 10, Some("2026-01-01T00:00:00Z"), None),
    ]);
    assert_eq!(a, b);
    assert!(a.starts_with("sha256:") && a.len() == 71);
    let c = advisory_index_state([
        ("nvd", 11, Some("2026-01-01T00:00:00Z"), None),
        ("kev", 3, None, None),
    ]);
    assert_ne!(a, c);
}

#[test]
fn assessment_folders_are_found_below_a_dir_in_path_order() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["b", "a/x", ".hidden", "c/d/e/f/g"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("assessment.yaml"), "").unwrap();
    }
    let found = find_assessments(dir.path()).unwrap();
    let rel: Vec<String> = found
        .iter()
        .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
        .collect();
    // Hidden folders are skipped, and the search stops at MAX_SEARCH_DEPTH.
    assert_eq!(rel, ["a/x/assessment.yaml", "b/assessment.yaml"]);
    // A folder that is an assessment is itself the only one.
    assert_eq!(find_assessments(&dir.path().join("b")).unwrap().len(), 1);
}
