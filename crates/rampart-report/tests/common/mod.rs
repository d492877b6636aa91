//! Hand-built results of a small product placed in a plant, with every section the report
//! can show: 4-1 maturity, gaps, a trend of three versions, and a system with zones,
//! a conduit, a risk matrix and a zone diagram.

#![allow(dead_code)] // Each test binary uses part of it.

use rampart_assess::results::{
    AssessmentResults, ComponentSummary, ConduitResult, DecidedBy, Evidence, EvidenceKind, Finding,
    FrLevelChange, FrLevels, FrReadiness, Gap, InputFile, Placement, PracticeMaturity, Proposal,
    RESULTS_SCHEMA, Readiness, RequirementResult, Review, RiskMatrixCounts, Severity, Status,
    Subject, SubjectKind, SystemSection, TrendPoint, Vulnerability, ZoneResult,
};
use rampart_catalog::{ComponentType, Fr, MaturityLevel, SecurityLevel, SlVector};

/// The section ids every report has.
pub const SECTIONS: [&str; 14] = [
    "summary",
    "levels",
    "compliance",
    "maturity",
    "risk",
    "vulnerability-charts",
    "trend",
    "system",
    "gaps",
    "requirements",
    "findings",
    "vulnerabilities",
    "inputs",
    "review",
];

/// The ids of the charts' `<svg>` elements (the diagram is the fixture's own).
pub const CHARTS: [&str; 8] = [
    "chart-levels",
    "chart-compliance-fr",
    "chart-maturity",
    "chart-risk",
    "chart-vulnerabilities",
    "chart-epss",
    "chart-trend",
    "zone-diagram",
];

fn sl(n: u8) -> SecurityLevel {
    SecurityLevel::new(n).expect("0 to 4")
}

fn readiness(satisfied: usize, partially: usize, not_satisfied: usize) -> Readiness {
    let required = satisfied + partially + not_satisfied + 1;
    Readiness {
        required,
        satisfied,
        partially,
        not_satisfied,
        not_applicable: 1,
        not_assessed: 0,
        percent: (1000.0 * satisfied as f64 / (required - 1) as f64).round() / 10.0,
    }
}

fn levels(sl_a: [u8; 7]) -> Vec<FrLevels> {
    Fr::ALL
        .iter()
        .zip(sl_a)
        .map(|(&fr, a)| FrLevels {
            fr,
            sl_t: sl(2),
            sl_c: (fr != Fr::Ra).then(|| sl(a.max(1))),
            sl_a: sl(a),
            blocking: (a < 2).then(|| format!("CR {}.1", fr.number())),
        })
        .collect()
}

fn requirement(id: &str, fr: Fr, status: Status, decided_by: DecidedBy) -> RequirementResult {
    RequirementResult {
        id: id.into(),
        part: "4-2".into(),
        title: format!("Title of {id}"),
        fr: Some(fr),
        group: Some(fr.to_string()),
        security_levels: vec![sl(1), sl(2), sl(3), sl(4)],
        required: true,
        question: format!("Does the device meet {id}?"),
        status,
        decided_by,
        rationale: (decided_by == DecidedBy::Assessor).then(|| "Checked on the bench.".to_owned()),
        proposals: vec![Proposal {
            rule: "default-credentials".into(),
            status: Status::NotSatisfied,
            summary: "1 default password found: root in /etc/shadow".into(),
            facts: vec!["fw/FW-PWD-002/etc-shadow".into()],
        }],
        evidence: vec![Evidence {
            kind: EvidenceKind::File,
            description: "Hardening guide".into(),
            location: "evidence/hardening.pdf".into(),
            sha256: Some("ab".repeat(32)),
        }],
        assessor: Some("A. Assessor".into()),
        assessed: Some("2026-11-20".into()),
        effective: Some("2026-11-20".into()),
        expires: Some("2027-11-20".into()),
        maturity: None,
    }
}

/// The results; `text` is put into every free-text field a user or tool controls, so a
/// hostile string can be checked for escaping everywhere at once.
pub fn full_results(text: &str) -> AssessmentResults {
    let by_fr: Vec<FrReadiness> = Fr::ALL
        .iter()
        .enumerate()
        .map(|(i, &fr)| FrReadiness {
            fr,
            readiness: readiness(3 - i % 3, i % 2, i % 3),
        })
        .collect();
    let mut practice_item = requirement("SM-1", Fr::Iac, Status::Satisfied, DecidedBy::Assessor);
    practice_item.part = "4-1".into();
    practice_item.fr = None;
    practice_item.group = Some("SM".into());
    practice_item.security_levels = Vec::new();
    practice_item.maturity = Some(MaturityLevel::Defined);
    AssessmentResults {
        schema: RESULTS_SCHEMA.into(),
        tool: "rampart 0.1.0".into(),
        generated: "2026-12-01".into(),
        subject: Subject {
            kind: SubjectKind::Product,
            name: format!("RTU {text}"),
            version: Some("2.1.0".into()),
            component_type: Some(ComponentType::EmbeddedDevice),
            sl_t: Some(SlVector::uniform(sl(2))),
            parts: vec!["4-2".into(), "4-1".into()],
            artifact: Some(InputFile {
                role: "image".into(),
                path: format!("images/rtu-{text}.bin"),
                sha256: Some("cd".repeat(32)),
                size: Some(4_194_304),
            }),
            placement: Some(Placement {
                model: "plant/model.yaml".into(),
                asset: "rtu-1".into(),
                zone: "field".into(),
                zone_sl_t: SlVector::uniform(sl(2)),
            }),
        },
        levels: levels([2, 1, 2, 0, 2, 1, 2]),
        readiness: readiness(12, 3, 4),
        readiness_by_fr: by_fr,
        requirements: vec![
            requirement("CR 1.1", Fr::Iac, Status::Satisfied, DecidedBy::Assessor),
            requirement("CR 1.5", Fr::Iac, Status::NotSatisfied, DecidedBy::Automatic),
            {
                let mut r = requirement("CR 2.1", Fr::Uc, Status::Partially, DecidedBy::Assessor);
                r.rationale = Some(format!("Role model {text} is partial."));
                r
            },
            requirement("CR 4.1", Fr::Dc, Status::NotApplicable, DecidedBy::Assessor),
            {
                let mut r = requirement("CR 6.1", Fr::Tre, Status::NotAssessed, DecidedBy::Nobody);
                r.proposals.clear();
                r.evidence.clear();
                r.assessor = None;
                r.assessed = None;
                r
            },
            practice_item,
        ],
        maturity: vec![
            PracticeMaturity {
                practice: "SM".into(),
                title: "Security management".into(),
                level: Some(MaturityLevel::Defined),
                items: 13,
                satisfied: 12,
                blocking: Some("SM-9".into()),
                readiness: None,
            },
            PracticeMaturity {
                practice: "SVV".into(),
                title: format!("Security verification and validation testing {text}"),
                level: None,
                items: 5,
                satisfied: 2,
                blocking: Some("SVV-3".into()),
                readiness: None,
            },
            PracticeMaturity {
                practice: "DM".into(),
                title: "Management of security-related issues".into(),
                level: Some(MaturityLevel::Managed),
                items: 6,
                satisfied: 4,
                blocking: None,
                readiness: None,
            },
        ],
        gaps: vec![
            Gap {
                rank: 1,
                requirement: "CR 1.5".into(),
                title: "Authenticator management".into(),
                fr: Some(Fr::Iac),
                status: Status::NotSatisfied,
                unlocks: vec![FrLevelChange {
                    fr: Fr::Iac,
                    from: sl(1),
                    to: sl(2),
                }],
                severity: Some(Severity::Critical),
                kev: true,
                exposure: Some("external".into()),
                score: 93.5,
                remediation: format!("Remove the default root password {text}."),
                facts: vec!["fw/FW-PWD-002/etc-shadow".into()],
            },
            Gap {
                rank: 2,
                requirement: "CR 2.1".into(),
                title: "Authorization enforcement".into(),
                fr: Some(Fr::Uc),
                status: Status::Partially,
                unlocks: Vec::new(),
                severity: None,
                kev: false,
                exposure: None,
                score: 40.0,
                remediation: "Enforce roles on every interface.".into(),
                facts: Vec::new(),
            },
        ],
        findings: vec![Finding {
            code: "FW-PWD-002".into(),
            source: "firmware".into(),
            severity: Severity::Critical,
            title: format!("Default password {text}"),
            detail: format!("root has a default password ({text})"),
            location: format!("rtu.bin.unpacked/0x40-squashfs/etc/{text}"),
            requirements: vec!["CR 1.5".into()],
            remediation: "Force a password change on first login.".into(),
            fingerprint: "fw/FW-PWD-002/etc-shadow".into(),
        }],
        vulnerabilities: vec![
            Vulnerability {
                id: "CVE-2023-0286".into(),
                aliases: vec!["GHSA-x4qr-2fvf-3mr5".into()],
                component: format!("openssl {text}"),
                version: Some("3.0.7".into()),
                purl: Some("pkg:generic/openssl@3.0.7".into()),
                bom_ref: None,
                severity: Severity::High,
                score: Some(7.4),
                vector: None,
                kev: true,
                epss: Some(0.42),
                status: "affected".into(),
                justification: None,
                fixed_versions: vec!["3.0.8".into()],
                confidence: "high".into(),
                records: vec!["nvd:CVE-2023-0286".into()],
            },
            Vulnerability {
                id: "CVE-2022-37434".into(),
                aliases: Vec::new(),
                component: "zlib".into(),
                version: Some("1.2.11".into()),
                purl: None,
                bom_ref: None,
                severity: Severity::Critical,
                score: Some(9.8),
                vector: None,
                kev: false,
                epss: Some(0.015),
                status: "affected".into(),
                justification: None,
                fixed_versions: vec!["1.2.13".into()],
                confidence: "high".into(),
                records: vec!["nvd:CVE-2022-37434".into()],
            },
            Vulnerability {
                id: "CVE-2021-3711".into(),
                aliases: Vec::new(),
                component: "openssl".into(),
                version: Some("3.0.7".into()),
                purl: None,
                bom_ref: None,
                severity: Severity::Medium,
                score: None,
                vector: None,
                kev: false,
                epss: None,
                status: "not_affected".into(),
                justification: Some(format!("vulnerable_code_not_in_execute_path {text}")),
                fixed_versions: Vec::new(),
                confidence: "medium".into(),
                records: vec!["osv:CVE-2021-3711".into()],
            },
        ],
        components: ComponentSummary {
            total: 212,
            vulnerable: 2,
            identified: 180,
            elf_files: 96,
            elf_weak: 11,
        },
        trend: vec![
            TrendPoint {
                version: "1.0.0".into(),
                generated: "2025-06-01".into(),
                percent: 35.0,
                sl_a: SlVector::uniform(sl(0)),
                vulnerabilities: 14,
                kev: 3,
            },
            TrendPoint {
                version: format!("2.0.0 {text}"),
                generated: "2026-01-10".into(),
                percent: 52.5,
                sl_a: SlVector::uniform(sl(1)),
                vulnerabilities: 6,
                kev: 1,
            },
            TrendPoint {
                version: "2.1.0".into(),
                generated: "2026-12-01".into(),
                percent: 63.2,
                sl_a: SlVector::uniform(sl(1)),
                vulnerabilities: 2,
                kev: 1,
            },
        ],
        system: Some(SystemSection {
            name: format!("Water plant {text}"),
            zones: vec![
                ZoneResult {
                    id: "field".into(),
                    name: format!("Field {text}"),
                    levels: levels([2, 2, 1, 2, 2, 2, 2]),
                    readiness: readiness(8, 1, 1),
                    assets: vec!["rtu-1".into(), "plc-1".into()],
                },
                ZoneResult {
                    id: "control".into(),
                    name: "Control".into(),
                    levels: levels([2, 2, 2, 2, 2, 2, 2]),
                    readiness: readiness(10, 0, 0),
                    assets: vec!["scada".into()],
                },
            ],
            conduits: vec![ConduitResult {
                id: "c1".into(),
                name: format!("Field bus {text}"),
                zones: vec!["field".into(), "control".into()],
                findings: vec!["cleartext-channel".into()],
            }],
            risk: RiskMatrixCounts {
                likelihoods: vec!["rare".into(), "possible".into(), format!("likely {text}")],
                consequences: vec!["minor".into(), "major".into(), format!("severe {text}")],
                inherent: vec![vec![1, 0, 2], vec![0, 3, 1], vec![2, 1, 4]],
                residual: vec![vec![3, 1, 2], vec![1, 2, 0], vec![0, 0, 1]],
                cells: vec![
                    vec!["low".into(), "low".into(), "medium".into()],
                    vec!["low".into(), "medium".into(), "high".into()],
                    vec!["medium".into(), "high".into(), "critical".into()],
                ],
            },
            diagram_svg: Some(
                r##"<svg xmlns="http://www.w3.org/2000/svg" id="zone-diagram" width="320" height="120" viewBox="0 0 320 120"><title>Zones and conduits</title><rect x="10" y="10" width="120" height="60" fill="#d4edda" stroke="#2e7d32"/><text x="20" y="40">field</text><rect x="190" y="10" width="120" height="60" fill="#d4edda" stroke="#2e7d32"/><text x="200" y="40">control</text><line x1="130" y1="40" x2="190" y2="40" stroke="#444" stroke-width="2"/></svg>"##
                    .into(),
            ),
        }),
        review: Review {
            last: Some("2026-11-20".into()),
            due: "2027-11-20".into(),
            state: "changed".into(),
            changes: vec![format!("advisories changed: 1 new KEV entry {text}")],
        },
        inputs: vec![
            InputFile {
                role: "answers".into(),
                path: format!("answers-{text}.yaml"),
                sha256: Some("ef".repeat(32)),
                size: Some(2048),
            },
            InputFile {
                role: "advisory-index".into(),
                path: "~/.cache/rampart/index.redb".into(),
                sha256: None,
                size: None,
            },
        ],
    }
}
