//! Deterministic, made-up results of any size, for renderer tests and the report benchmarks
//! (`docs/benchmarks.md`: 10,000 components and 2,000 findings). Never used for a real run:
//! every name says it is synthetic.

use rampart_catalog::{Catalog, ComponentType, Fr, LevelScope, SecurityLevel, SlVector};

use crate::results::{
    AssessmentResults, ComponentSummary, DecidedBy, Evidence, EvidenceKind, Finding, FrLevels,
    FrReadiness, InputFile, Proposal, RESULTS_SCHEMA, Readiness, RequirementResult, Review,
    Severity, Status, Subject, SubjectKind, TrendPoint, Vulnerability,
};

/// Results for a synthetic embedded device at SL-T 2 with `components` components,
/// `findings` firmware findings and as many vulnerabilities, statuses cycling through every
/// value so each renderer path is exercised.
pub fn synthetic(catalog: &Catalog, components: usize, findings: usize) -> AssessmentResults {
    let sl_t = SlVector::uniform(SecurityLevel::SL2);
    let ty = ComponentType::EmbeddedDevice;
    let severities = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::None,
    ];
    let requirements: Vec<RequirementResult> = catalog
        .scope_items(LevelScope::Component(ty))
        .enumerate()
        .map(|(i, item)| {
            let status = Status::ALL[i % Status::ALL.len()];
            RequirementResult {
                id: item.id.to_string(),
                part: item.part.as_str().to_owned(),
                title: item.title.clone(),
                fr: item.fr,
                group: item.group.clone(),
                security_levels: item.security_levels.clone(),
                required: item.required_by(&sl_t),
                question: format!("Synthetic question about {}?", item.title),
                status,
                decided_by: if i % 3 == 0 {
                    DecidedBy::Automatic
                } else {
                    DecidedBy::Assessor
                },
                rationale: (status == Status::NotApplicable)
                    .then(|| "Synthetic rationale.".to_owned()),
                proposals: vec![Proposal {
                    rule: "synthetic-rule".into(),
                    status,
                    summary: format!("synthetic proposal {i}"),
                    facts: vec![format!("SYN-{i}")],
                }],
                evidence: vec![Evidence {
                    kind: EvidenceKind::Tool,
                    description: "synthetic evidence".into(),
                    location: "firmware-analysis".into(),
                    sha256: None,
                }],
                assessor: Some("Synthetic Assessor".into()),
                assessed: Some("2026-01-15".into()),
                effective: Some("2026-01-15".into()),
                expires: Some("2027-01-15".into()),
                maturity: None,
            }
        })
        .collect();
    let levels = Fr::ALL
        .iter()
        .map(|&fr| FrLevels {
            fr,
            sl_t: sl_t.get(fr),
            sl_c: Some(SecurityLevel::new((fr.number() % 3) + 1).unwrap_or(SecurityLevel::SL1)),
            sl_a: SecurityLevel::new(fr.number() % 3).unwrap_or(SecurityLevel::SL0),
            blocking: Some(format!("CR {}.1", fr.number())),
        })
        .collect();
    let count = |status| {
        requirements
            .iter()
            .filter(|r| r.required && r.status == status)
            .count()
    };
    let readiness = Readiness {
        required: requirements.iter().filter(|r| r.required).count(),
        satisfied: count(Status::Satisfied),
        partially: count(Status::Partially),
        not_satisfied: count(Status::NotSatisfied),
        not_applicable: count(Status::NotApplicable),
        not_assessed: count(Status::NotAssessed),
        percent: 40.0,
    };
    AssessmentResults {
        schema: RESULTS_SCHEMA.into(),
        tool: "rampart (synthetic)".into(),
        generated: "2026-12-05".into(),
        subject: Subject {
            kind: SubjectKind::Product,
            name: "Synthetic Device".into(),
            version: Some("1.0.0".into()),
            component_type: Some(ty),
            sl_t: Some(sl_t),
            parts: vec!["4-2".into()],
            artifact: Some(InputFile {
                role: "image".into(),
                path: "synthetic.bin".into(),
                sha256: Some("0".repeat(64)),
                size: Some(1),
            }),
            placement: None,
        },
        levels,
        readiness_by_fr: Fr::ALL
            .iter()
            .map(|&fr| FrReadiness {
                fr,
                readiness: readiness.clone(),
            })
            .collect(),
        readiness,
        requirements,
        maturity: Vec::new(),
        gaps: Vec::new(),
        findings: (0..findings)
            .map(|i| Finding {
                code: format!("FW-SYN-{:03}", i % 1000),
                source: "firmware".into(),
                severity: severities[i % severities.len()],
                title: format!("Synthetic finding {i}"),
                detail: format!("synthetic detail {i}"),
                location: format!("synthetic.bin.unpacked/0x0-squashfs/etc/file{i}"),
                requirements: vec!["CR 1.5".into()],
                remediation: "Synthetic remediation.".into(),
                fingerprint: format!("synthetic/{i}"),
            })
            .collect(),
        vulnerabilities: (0..findings)
            .map(|i| Vulnerability {
                id: format!("CVE-2099-{i:05}"),
                aliases: Vec::new(),
                component: format!("synthetic-lib-{}", i % components.max(1)),
                version: Some("1.0".into()),
                purl: Some(format!(
                    "pkg:generic/synthetic-lib-{}@1.0",
                    i % components.max(1)
                )),
                bom_ref: None,
                severity: severities[i % severities.len()],
                score: Some((i % 100) as f64 / 10.0),
                vector: None,
                kev: i % 17 == 0,
                epss: Some((i % 100) as f64 / 100.0),
                status: "affected".into(),
                justification: None,
                fixed_versions: vec!["1.1".into()],
                confidence: "high".into(),
                records: vec![format!("nvd:CVE-2099-{i:05}")],
            })
            .collect(),
        components: ComponentSummary {
            total: components,
            vulnerable: findings.min(components),
            identified: components,
            elf_files: components,
            elf_weak: components / 4,
        },
        trend: vec![TrendPoint {
            version: "1.0.0".into(),
            generated: "2026-12-05".into(),
            percent: 40.0,
            sl_a: SlVector::uniform(SecurityLevel::SL1),
            vulnerabilities: findings,
            kev: findings / 17,
        }],
        system: None,
        review: Review {
            last: Some("2026-01-15".into()),
            due: "2027-01-15".into(),
            state: "current".into(),
            changes: Vec::new(),
        },
        inputs: Vec::new(),
    }
}
