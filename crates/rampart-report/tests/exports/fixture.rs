//! A small, hand-written assessment of a made-up device covering every status, evidence
//! kind, finding source and vulnerability status the exports map.

use rampart_assess::AssessmentResults;
use rampart_assess::results::{
    ComponentSummary, DecidedBy, Evidence, EvidenceKind, Finding, FrLevels, InputFile, Proposal,
    RESULTS_SCHEMA, Readiness, RequirementResult, Review, Severity, Status, Subject, SubjectKind,
    Vulnerability,
};
use rampart_catalog::{ComponentType, Fr, SecurityLevel, SlVector};

fn requirement(id: &str, title: &str, fr: Fr, status: Status) -> RequirementResult {
    RequirementResult {
        id: id.into(),
        part: "4-2".into(),
        title: title.into(),
        fr: Some(fr),
        group: Some(fr.id()),
        security_levels: vec![SecurityLevel::SL1, SecurityLevel::SL2],
        required: true,
        question: format!("Does the device meet {id}?"),
        status,
        decided_by: DecidedBy::Assessor,
        rationale: None,
        proposals: Vec::new(),
        evidence: Vec::new(),
        assessor: Some("Dana Assessor".into()),
        assessed: Some("2026-11-30".into()),
        effective: Some("2026-11-30".into()),
        expires: Some("2027-11-30".into()),
        maturity: None,
    }
}

fn vulnerability(id: &str, component: &str, version: &str, status: &str) -> Vulnerability {
    Vulnerability {
        id: id.into(),
        aliases: Vec::new(),
        component: component.into(),
        version: Some(version.into()),
        purl: Some(format!("pkg:generic/{component}@{version}")),
        bom_ref: Some(format!("{component}-{version}")),
        severity: Severity::Medium,
        score: None,
        vector: None,
        kev: false,
        epss: None,
        status: status.into(),
        justification: None,
        fixed_versions: Vec::new(),
        confidence: "high".into(),
        records: vec![format!("nvd:{id}")],
    }
}

/// The small case: five requirements (one per status), two findings, four vulnerabilities.
pub fn small() -> AssessmentResults {
    let sl_t = SlVector::uniform(SecurityLevel::SL2);
    let mut cr11 = requirement(
        "CR 1.1",
        "Human user identification and authentication",
        Fr::Iac,
        Status::Satisfied,
    );
    cr11.evidence = vec![
        Evidence {
            kind: EvidenceKind::File,
            description: "Login design review".into(),
            location: "evidence/login review.pdf".into(),
            sha256: Some("a".repeat(64)),
        },
        Evidence {
            kind: EvidenceKind::Link,
            description: "Hardening guide".into(),
            location: "https://example.com/acme/hardening".into(),
            sha256: None,
        },
    ];
    let mut cr15 = requirement(
        "CR 1.5",
        "Authenticator management",
        Fr::Iac,
        Status::NotSatisfied,
    );
    cr15.decided_by = DecidedBy::Automatic;
    cr15.assessor = None;
    cr15.rationale = Some("A default password hash is present in /etc/shadow.".into());
    cr15.proposals = vec![Proposal {
        rule: "default-credentials".into(),
        status: Status::NotSatisfied,
        summary: "1 default credential: root in etc/shadow".into(),
        facts: vec!["fw/pwd/etc-shadow-root".into()],
    }];
    cr15.evidence = vec![Evidence {
        kind: EvidenceKind::Tool,
        description: "Firmware analysis".into(),
        location: "firmware-analysis".into(),
        sha256: None,
    }];
    let mut cr33 = requirement(
        "CR 3.3",
        "Security functionality verification",
        Fr::Si,
        Status::Partially,
    );
    cr33.rationale = Some("Self-tests run at boot only.".into());
    let mut cr72 = requirement(
        "CR 7.2",
        "Resource management",
        Fr::Ra,
        Status::NotApplicable,
    );
    cr72.rationale = Some("Resource limits are enforced by the host.".into());
    let mut cr31 = requirement(
        "CR 3.1",
        "Communication integrity",
        Fr::Si,
        Status::NotAssessed,
    );
    cr31.decided_by = DecidedBy::Nobody;
    cr31.assessor = None;
    cr31.assessed = None;
    cr31.effective = None;
    cr31.expires = None;
    cr31.proposals = vec![Proposal {
        rule: "kev-unpatched".into(),
        status: Status::NotSatisfied,
        summary: "1 known-exploited vulnerability unpatched: CVE-2023-0286 in openssl 3.0.7".into(),
        facts: vec!["CVE-2023-0286".into()],
    }];

    let mut kev = vulnerability("CVE-2023-0286", "openssl", "3.0.7", "affected");
    kev.aliases = vec!["GHSA-x4qr-2fvf-3mr5".into()];
    kev.severity = Severity::High;
    kev.score = Some(7.4);
    kev.vector = Some("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:H".into());
    kev.kev = true;
    kev.epss = Some(0.05);
    kev.fixed_versions = vec!["3.0.8".into()];
    let mut not_affected = vulnerability("CVE-2022-4304", "openssl", "3.0.7", "not_affected");
    not_affected.justification = Some("vulnerable_code_not_in_execute_path".into());
    let fixed = vulnerability("CVE-2021-3449", "busybox", "1.36.1", "fixed");
    let mut investigating = vulnerability(
        "GHSA-abcd-efgh-ijkl",
        "zlib",
        "1.2.13",
        "under_investigation",
    );
    investigating.severity = Severity::Low;
    investigating.purl = None;

    AssessmentResults {
        schema: RESULTS_SCHEMA.into(),
        tool: "rampart 0.1.0".into(),
        generated: "2026-12-01".into(),
        subject: Subject {
            kind: SubjectKind::Product,
            name: "ACME RTU-5000".into(),
            version: Some("2.1.0".into()),
            component_type: Some(ComponentType::EmbeddedDevice),
            sl_t: Some(sl_t),
            parts: vec!["4-2".into()],
            artifact: Some(InputFile {
                role: "image".into(),
                path: "rtu-5000-2.1.0.bin".into(),
                sha256: Some("b".repeat(64)),
                size: Some(1024),
            }),
            placement: None,
        },
        levels: Fr::ALL
            .iter()
            .map(|&fr| FrLevels {
                fr,
                sl_t: SecurityLevel::SL2,
                sl_c: Some(SecurityLevel::SL1),
                sl_a: SecurityLevel::SL1,
                blocking: Some("CR 1.5".into()),
            })
            .collect(),
        readiness: Readiness {
            required: 5,
            satisfied: 1,
            partially: 1,
            not_satisfied: 1,
            not_applicable: 1,
            not_assessed: 1,
            percent: 25.0,
        },
        readiness_by_fr: Vec::new(),
        requirements: vec![cr11, cr15, cr31, cr33, cr72],
        maturity: Vec::new(),
        gaps: Vec::new(),
        findings: vec![
            Finding {
                code: "FW-PWD-002".into(),
                source: "firmware".into(),
                severity: Severity::Critical,
                title: "Default password for root".into(),
                detail: "root has a known default password hash (redacted).".into(),
                location: "rtu-5000-2.1.0.bin.unpacked/0x40-squashfs/etc/shadow".into(),
                requirements: vec!["CR 1.5".into()],
                remediation: "Force a password change at first login.".into(),
                fingerprint: "fw/pwd/etc-shadow-root".into(),
            },
            Finding {
                code: "FW-HARD-001".into(),
                source: "firmware".into(),
                severity: Severity::Low,
                title: "Binary without stack protector".into(),
                detail: "usr/sbin/httpd lacks stack canaries.".into(),
                location: "rtu-5000-2.1.0.bin.unpacked/0x40-squashfs/usr/sbin/httpd".into(),
                requirements: vec!["CR 3.3".into()],
                remediation: "Build with -fstack-protector-strong.".into(),
                fingerprint: "fw/hard/usr-sbin-httpd/canary".into(),
            },
        ],
        vulnerabilities: vec![kev, not_affected, fixed, investigating],
        components: ComponentSummary {
            total: 3,
            vulnerable: 3,
            identified: 3,
            elf_files: 10,
            elf_weak: 1,
        },
        trend: Vec::new(),
        system: None,
        review: Review {
            last: Some("2026-11-30".into()),
            due: "2027-11-30".into(),
            state: "current".into(),
            changes: Vec::new(),
        },
        inputs: vec![InputFile {
            role: "advisory-index".into(),
            path: "index/".into(),
            sha256: None,
            size: None,
        }],
    }
}
