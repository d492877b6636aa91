use std::collections::HashMap;

use rampart_catalog::{Catalog, MaturityLevel, RequirementId};
use rampart_system::IsoDate;

use super::*;
use crate::results::{EvidenceKind, Proposal, Status, SubjectKind};

const HEAD: &str = "schema: rampart.assessment/1
subject:
  kind: product
  name: Northwind RTU-40
  version: \"3.2.0\"
  component_type: embedded-device
  sl_t: [2, 2, 2, 1, 1, 1, 2]
parts: [4-2, 4-1]
requirements:
";

fn parse_in(text: &str, base: &Path) -> Result<AssessmentFile, AssessmentError> {
    AssessmentFile::parse_in("a.yaml", text, base, Catalog::builtin())
}

fn parse(body: &str) -> Result<AssessmentFile, AssessmentError> {
    parse_in(
        &format!("{HEAD}{body}"),
        Path::new("/nonexistent-rampart-test"),
    )
}

/// The problems, as printed.
fn problems(body: &str) -> Vec<String> {
    match parse(body) {
        Ok(_) => panic!("accepted:\n{body}"),
        Err(AssessmentError::Invalid { problems }) => {
            problems.iter().map(ToString::to_string).collect()
        }
        Err(e) => panic!("{e}"),
    }
}

fn id(s: &str) -> RequirementId {
    RequirementId::parse(s).unwrap()
}

fn day(s: &str) -> IsoDate {
    s.parse().unwrap()
}

#[test]
fn a_complete_entry_reads_into_an_answer() {
    let file = parse(
        "  - id: cr1.1
    status: satisfied
    rationale: every interface asks for a login
    evidence:
      - link: https://example.com/manual.pdf
        description: the user manual, chapter 4
      - tool: firmware-analysis
    assessor: J. Doe
    assessed: 2026-06-01
    effective: 2026-06-02
    expires: 2027-06-01
  - id: SM-1
    status: partially
    maturity: {defined: true, executed: true}
  - id: CR 2.1
    confirm: automatic
",
    )
    .unwrap();
    let a = file.answer(&id("CR 1.1")).unwrap();
    assert_eq!(a.status, Some(Status::Satisfied));
    assert_eq!(a.evidence.len(), 2);
    assert_eq!(a.evidence[0].kind, EvidenceKind::Link);
    assert_eq!(a.evidence[1].location, "firmware-analysis");
    assert_eq!(a.expires, Some(day("2027-06-01")));
    assert_eq!(a.at.line, 10);
    let sm = file.answer(&id("SM-1")).unwrap();
    assert_eq!(sm.maturity, Some(MaturityLevel::Defined));
    assert!(file.answer(&id("CR 2.1")).unwrap().confirm_automatic);
    assert_eq!(file.parts, [Part::P4_1, Part::P4_2]);
    assert_eq!(
        file.subject.component_type,
        Some(ComponentType::EmbeddedDevice)
    );
    assert_eq!(file.review.interval_days, 365);
    assert_eq!(file.latest_assessed(), Some(day("2026-06-01")));
}

#[test]
fn not_applicable_needs_a_rationale() {
    let p = problems("  - id: CR 1.1\n    status: not-applicable\n");
    assert_eq!(
        p,
        [
            "a.yaml:11:13: `CR 1.1` is not-applicable without a `rationale`: say why it does not apply"
        ]
    );
    assert!(
        parse("  - id: CR 1.1\n    status: not-applicable\n    rationale: no interfaces\n").is_ok()
    );
}

#[test]
fn an_override_needs_a_rationale_and_a_different_status() {
    let p = problems("  - id: CR 1.1\n    status: satisfied\n    overrides: not-satisfied\n");
    assert_eq!(
        p,
        ["a.yaml:12:16: `CR 1.1` overrides the automatic status without a `rationale`: say why"]
    );
    let p = problems(
        "  - id: CR 1.1\n    status: satisfied\n    overrides: satisfied\n    rationale: x\n",
    );
    assert!(
        p[0].contains("overrides nothing: write `confirm: automatic`"),
        "{p:?}"
    );
    let p = problems("  - id: CR 1.1\n    overrides: satisfied\n    rationale: x\n");
    assert!(p[0].contains("`overrides` needs the `status`"), "{p:?}");
    let p = problems("  - id: CR 1.1\n    status: satisfied\n    confirm: automatic\n");
    assert!(
        p[0].contains("either `status` or `confirm: automatic`"),
        "{p:?}"
    );
    let file = parse(
        "  - id: CR 1.1\n    status: satisfied\n    overrides: not-satisfied\n    rationale: the flagged service is disabled at boot\n",
    )
    .unwrap();
    assert_eq!(file.answers[0].overrides, Some(Status::NotSatisfied));
}

#[test]
fn an_unjustified_override_of_a_run_time_proposal_is_a_problem() {
    let file =
        parse("  - id: CR 1.1\n    status: satisfied\n  - id: CR 1.2\n    status: not-satisfied\n")
            .unwrap();
    let mut proposals = HashMap::new();
    proposals.insert(
        id("CR 1.1"),
        vec![Proposal {
            rule: "default-credentials".to_owned(),
            status: Status::NotSatisfied,
            summary: "root has the password root".to_owned(),
            facts: vec![],
        }],
    );
    proposals.insert(
        id("CR 1.2"),
        vec![Proposal {
            rule: "x".to_owned(),
            status: Status::NotSatisfied,
            summary: "agrees".to_owned(),
            facts: vec![],
        }],
    );
    let p = file.unjustified_overrides(&proposals, day("2026-12-05"));
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!((p[0].line, p[0].col), (11, 13));
    assert!(
        p[0].message.contains(
            "overrides the automatic proposal `not-satisfied` (rule `default-credentials`"
        )
    );
}

#[test]
fn ids_must_exist_be_in_scope_apply_to_the_type_and_appear_once() {
    let p = problems(
        "  - id: CR 9.1\n  - id: SR 1.1\n  - id: NDR 5.2\n  - id: CR 2.4\n  - id: CR 1.1\n  - id: cr 1.1\n",
    );
    assert!(
        p[0].starts_with("a.yaml:10:9: unknown requirement id `CR 9.1`"),
        "{p:?}"
    );
    assert!(
        p[1].contains("`SR 1.1` is a 3-3 requirement, but the parts in scope are 4-1, 4-2"),
        "{p:?}"
    );
    assert!(
        p[2].contains("`NDR 5.2` does not apply to a component of type `embedded-device`"),
        "{p:?}"
    );
    assert!(p[3].contains("heading"), "{p:?}");
    assert!(
        p[4].contains("a.yaml:15:9: `CR 1.1` is answered twice (first on line 14)"),
        "{p:?}"
    );
}

#[test]
fn dates_and_the_subject_are_checked_and_all_problems_reported() {
    let text = "subject:\n  kind: product\n  name: x\nrequirements:\n  - id: CR 1.1\n    status: satisfied\n    assessed: 2026-02-30\n    expires: 2025-01-01\n";
    let Err(AssessmentError::Invalid { problems: found }) =
        parse_in(text, Path::new("/nonexistent-rampart-test"))
    else {
        panic!()
    };
    let p: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(
        p[0].contains("2:9: a product needs its `component_type`"),
        "{p:?}"
    );
    assert!(p[1].contains("2:9: a product needs its `sl_t`"), "{p:?}");
    assert!(
        p[2].contains("7:15: `2026-02-30` is not a date of the calendar"),
        "{p:?}"
    );
    let p = problems("  - id: CR 1.1\n    assessed: 2026-06-01\n    expires: 2026-05-01\n");
    assert!(
        p[0].contains("expires on 2026-05-01, before it was assessed (2026-06-01)"),
        "{p:?}"
    );
    let bad = HEAD.replace("rampart.assessment/1", "rampart.assessment/2");
    let Err(AssessmentError::Invalid { problems: found }) = parse_in(&bad, Path::new("")) else {
        panic!()
    };
    assert!(
        found[0]
            .message
            .contains("this Rampart reads `rampart.assessment/1`"),
        "{found:?}"
    );
}

#[test]
fn a_mistyped_status_is_a_located_parse_error_naming_the_choices() {
    let p = problems("  - id: CR 1.1\n    status: satisfed\n");
    assert!(
        p[0].starts_with("a.yaml:11:13: unknown variant `satisfed`"),
        "{p:?}"
    );
    assert!(p[0].contains("not-applicable"), "{p:?}");
}

#[test]
fn maturity_levels_need_the_levels_below_and_only_4_1_and_2_1_items_have_them() {
    let p = problems(
        "  - id: SM-1\n    status: satisfied\n    maturity: {defined: true, improving: true}\n  - id: CR 1.1\n    maturity: {defined: true}\n",
    );
    assert!(p[0].contains("`improving` needs `measured`"), "{p:?}");
    assert!(
        p[1].contains("`maturity` is for 4-1 and 2-1 items only"),
        "{p:?}"
    );
    for (flags, level) in [
        ("{}", MaturityLevel::Initial),
        ("{defined: true}", MaturityLevel::Managed),
        (
            "{defined: true, executed: true, measured: true}",
            MaturityLevel::Defined,
        ),
        (
            "{defined: true, executed: true, measured: true, improving: true}",
            MaturityLevel::Improving,
        ),
    ] {
        let file = parse(&format!("  - id: SM-2\n    maturity: {flags}\n")).unwrap();
        assert_eq!(file.answers[0].maturity, Some(level), "{flags}");
    }
}

#[test]
fn evidence_files_are_hashed_and_a_changed_file_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("evidence")).unwrap();
    std::fs::write(dir.path().join("evidence/pentest.txt"), b"no findings\n").unwrap();
    // sha256 of "no findings\n".
    let actual = super::evidence::sha256_file(&dir.path().join("evidence/pentest.txt")).unwrap();
    let entry = |sha: &str| {
        format!(
            "{HEAD}  - id: CR 1.1\n    status: satisfied\n    evidence:\n      - file: evidence/pentest.txt\n{sha}"
        )
    };
    let file = parse_in(
        &entry(&format!("        sha256: {}\n", actual.to_uppercase())),
        dir.path(),
    )
    .unwrap();
    assert_eq!(
        file.answers[0].evidence[0].sha256.as_deref(),
        Some(actual.as_str())
    );
    let wrong = "0".repeat(64);
    let Err(AssessmentError::Invalid { problems }) =
        parse_in(&entry(&format!("        sha256: {wrong}\n")), dir.path())
    else {
        panic!()
    };
    assert_eq!((problems[0].line, problems[0].col), (14, 17));
    assert!(problems[0].message.contains(&format!(
        "has changed since it was recorded: its SHA-256 is {actual}"
    )));
    let Err(AssessmentError::Invalid { problems }) = parse_in(&entry(""), dir.path()) else {
        panic!()
    };
    assert!(
        problems[0]
            .message
            .contains(&format!("has no `sha256`: record `sha256: {actual}`"))
    );
}

#[test]
fn evidence_cannot_leave_the_assessment_folder() {
    let dir = tempfile::tempdir().unwrap();
    let inner = dir.path().join("a");
    std::fs::create_dir(&inner).unwrap();
    std::fs::write(dir.path().join("secret"), b"x").unwrap();
    for (path, expected) in [
        ("../secret", "leaves the assessment's folder"),
        ("/etc/passwd", "is absolute"),
    ] {
        let text = format!(
            "{HEAD}  - id: CR 1.1\n    evidence:\n      - file: {path}\n        sha256: {}\n",
            "0".repeat(64)
        );
        let Err(AssessmentError::Invalid { problems }) = parse_in(&text, &inner) else {
            panic!("{path}")
        };
        assert!(problems[0].message.contains(expected), "{problems:?}");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.path().join("secret"), inner.join("link")).unwrap();
        let text = format!(
            "{HEAD}  - id: CR 1.1\n    evidence:\n      - file: link\n        sha256: {}\n",
            "0".repeat(64)
        );
        let Err(AssessmentError::Invalid { problems }) = parse_in(&text, &inner) else {
            panic!()
        };
        assert!(
            problems[0].message.contains("through a link"),
            "{problems:?}"
        );
    }
    let p = problems(
        "  - id: CR 1.1\n    evidence:\n      - link: https://a.example/x\n        tool: scan\n",
    );
    assert!(p[0].contains("names one thing"), "{p:?}");
}

#[test]
fn lapsed_answers_are_listed_at_their_place() {
    let file = parse("  - id: CR 1.1\n    status: satisfied\n    expires: 2026-01-31\n  - id: CR 1.2\n    status: satisfied\n    expires: 2026-02-01\n").unwrap();
    let lapsed = file.lapsed_answers(day("2026-02-01"));
    assert_eq!(lapsed.len(), 1);
    assert_eq!(
        lapsed[0].to_string(),
        "a.yaml:10:9: the answer for `CR 1.1` expired on 2026-01-31: it counts as not given until it is renewed"
    );
}

#[test]
fn parts_follow_the_subject_kind() {
    let text = "subject:\n  kind: organisation\n  name: Acme Water\nparts: [4-2]\n";
    let Err(AssessmentError::Invalid { problems }) = parse_in(text, Path::new("")) else {
        panic!()
    };
    assert!(
        problems[0]
            .message
            .contains("part 4-2 is not assessed for a organisation: give 2-1")
    );
    let text = "subject:\n  kind: organisation\n  name: Acme Water\n";
    assert_eq!(parse_in(text, Path::new("")).unwrap().parts, [Part::P2_1]);
}

#[test]
fn init_lists_what_the_sl_t_and_type_need_with_questions_and_reads_back() {
    let catalog = Catalog::builtin();
    let subject = SubjectSpec {
        kind: SubjectKind::Product,
        name: "Northwind \"RTU\": 40".to_owned(),
        version: Some("3.2.0".to_owned()),
        component_type: Some(ComponentType::NetworkDevice),
        sl_t: Some("SL-T(2,2,2,1,1,1,2)".parse().unwrap()),
        model: None,
        sbom: None,
    };
    let parts = [Part::P4_2, Part::P4_1];
    let items = init_items(catalog, &subject, &parts, &[]).unwrap();
    let needed =
        catalog.required_for_component(ComponentType::NetworkDevice, &subject.sl_t.unwrap());
    let of_4_1 = catalog.items_of(Part::P4_1).count();
    assert_eq!(items.len(), needed.len() + of_4_1);
    assert!(items.iter().any(|i| i.id.to_string() == "NDR 5.2"));
    let text = init_text(&subject, &parts, &items, crate::Questions::builtin());
    assert!(text.contains("  - id: CR 1.1\n    question: \"Does every human user have to identify and authenticate before any access to the component's interfaces?\"\n    status: not-assessed\n"), "{text}");
    let file = AssessmentFile::parse_in("new.yaml", &text, Path::new(""), catalog).unwrap();
    assert_eq!(file.answers.len(), items.len());
    assert_eq!(file.subject, subject);
    // A part a product does not have is refused.
    assert!(init_items(catalog, &subject, &[Part::P3_3], &[]).is_err());
}

#[test]
fn init_for_a_system_covers_what_any_zone_needs() {
    let catalog = Catalog::builtin();
    let subject = SubjectSpec {
        kind: SubjectKind::System,
        name: "Plant".to_owned(),
        version: None,
        component_type: None,
        sl_t: None,
        model: Some("plant.yaml".to_owned()),
        sbom: None,
    };
    let low: rampart_catalog::SlVector = "1".parse().unwrap();
    let high: rampart_catalog::SlVector = "(1,1,1,1,3,1,1)".parse().unwrap();
    let items = init_items(catalog, &subject, &[Part::P3_3], &[low, high]).unwrap();
    assert_eq!(
        items.len(),
        catalog.required_for_zone(&low.max(&high)).len()
    );
}

#[test]
fn recording_a_review_replaces_only_the_review_block() {
    let text = "# keep me\nsubject:\n  kind: organisation\n  name: Acme\nreview:\n  # old comment\n  interval_days: 180\n  last: 2025-01-01\n# about the requirements\nrequirements:\n  - id: ORG 1.1\n    status: satisfied\n";
    let file = AssessmentFile::parse_in("a.yaml", text, Path::new(""), Catalog::builtin()).unwrap();
    let record =
        ReviewRecord::for_file(&file, day("2026-12-05"), None, Some("sha256:ab".to_owned()));
    let out = record_review(text, &record);
    assert_eq!(
        out,
        "# keep me\nsubject:\n  kind: organisation\n  name: Acme\nreview:\n  interval_days: 180\n  last: 2026-12-05\n  recorded:\n    advisory_index: \"sha256:ab\"\n# about the requirements\nrequirements:\n  - id: ORG 1.1\n    status: satisfied\n"
    );
    let back = AssessmentFile::parse_in("a.yaml", &out, Path::new(""), Catalog::builtin()).unwrap();
    assert_eq!(back.review.last, Some(day("2026-12-05")));
    assert_eq!(
        back.review.recorded.advisory_index.as_deref(),
        Some("sha256:ab")
    );
    // Without a review block, one is added before the requirements.
    let plain = "subject:\n  kind: organisation\n  name: Acme\nrequirements: []\n";
    let out = record_review(plain, &record);
    assert!(
        out.contains("name: Acme\nreview:\n  interval_days: 180\n"),
        "{out}"
    );
    assert!(out.ends_with("requirements: []\n"));
}

#[test]
fn a_system_model_component_assessment_is_refused_by_name_not_misread() {
    let legacy = "component: Northwind RTU-40\ntype: embedded-device\nsatisfied: [CR 1.1]\n";
    let Err(AssessmentError::Invalid { problems: found }) = parse_in(legacy, Path::new("")) else {
        panic!()
    };
    assert_eq!((found[0].line, found[0].col), (1, 1));
    assert!(
        found[0].message.starts_with("unknown field `component`"),
        "{found:?}"
    );
}
