//! A failing and a passing input for every rule, and the registry's invariants.

use std::collections::{BTreeMap, HashSet};

use rampart_advisory::matching::{
    ComponentRef, Priority, SeverityLevel, SeverityScore, Status as VulnStatus, Tier,
};
use rampart_advisory::{Confidence, KevEntry, ScanReport};
use rampart_catalog::{Catalog, ComponentType, RequirementId};
use rampart_firmware::analysis::{FirmwareAnalysis, ImageInfo};
use rampart_firmware::findings::Finding as FirmwareFinding;
use rampart_firmware::hardening::{
    ElfClass, ElfHardening, ElfType, Endianness, Fortify, GnuStack, HardeningReport, KernelArch,
    KernelCheck, KernelCheckStatus, KernelHardening, Relro,
};
use rampart_firmware::unpack::UnpackReport;
use rampart_sbom::Component;

use super::{EvidenceInput, all_rules, for_component_type, propose};
use crate::results::{Proposal, Status};

fn firmware() -> FirmwareAnalysis {
    FirmwareAnalysis {
        schema: rampart_firmware::analysis::SCHEMA,
        image: ImageInfo {
            name: "fw.bin".into(),
            size: 1,
            sha256: None,
            kind: "image",
        },
        unpack: UnpackReport::default(),
        components: Vec::new(),
        hardening: HardeningReport::default(),
        findings: Vec::new(),
    }
}

/// A firmware finding of `code` with the requirements the firmware rule itself gives it.
fn fw_finding(code: &str, path: &str) -> FirmwareFinding {
    let (rule, c) = rampart_firmware::findings::all_rules()
        .iter()
        .find_map(|r| {
            r.codes()
                .iter()
                .find(|c| c.code == code)
                .map(|c| (r.id(), c))
        })
        .unwrap_or_else(|| panic!("no firmware code {code}"));
    FirmwareFinding {
        code: c.code,
        rule,
        severity: c.severity,
        title: c.title,
        path: path.into(),
        offset: None,
        detail: String::new(),
        requirements: c.requirements.iter().map(|r| (*r).to_owned()).collect(),
        remediation: c.remediation,
        fingerprint: format!("{code}/{path}"),
    }
}

fn with_findings(codes: &[&str]) -> FirmwareAnalysis {
    let mut fw = firmware();
    fw.findings = codes
        .iter()
        .enumerate()
        .map(|(i, c)| fw_finding(c, &format!("fw.bin.unpacked/file{i}")))
        .collect();
    fw
}

fn input(fw: Option<&FirmwareAnalysis>) -> EvidenceInput<'_> {
    EvidenceInput {
        firmware: fw,
        scan: None,
        system_findings: &[],
        system: None,
        component_type: None,
    }
}

/// The proposals of one rule only, by requirement.
fn of_rule(
    all: &BTreeMap<String, Vec<Proposal>>,
    rule: &str,
) -> BTreeMap<String, (Status, Vec<String>)> {
    all.iter()
        .filter_map(|(req, ps)| {
            ps.iter()
                .find(|p| p.rule == rule)
                .map(|p| (req.clone(), (p.status, p.facts.clone())))
        })
        .collect()
}

fn status_of(all: &BTreeMap<String, Vec<Proposal>>, rule: &str, req: &str) -> Option<Status> {
    of_rule(all, rule).get(req).map(|(s, _)| *s)
}

#[test]
fn ids_are_unique_kebab_case_and_requirements_exist_in_the_catalog() {
    let catalog = Catalog::builtin();
    let mut seen = HashSet::new();
    for rule in all_rules() {
        assert!(seen.insert(rule.id()), "duplicate rule id {}", rule.id());
        assert!(
            rule.id()
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-'),
            "{} is not kebab-case",
            rule.id()
        );
        assert!(!rule.sources().is_empty());
        for req in rule.requirements() {
            let id = RequirementId::parse(req).unwrap();
            assert_eq!(
                id.to_string(),
                *req,
                "{req} is not spelt as the catalog spells it"
            );
            let item = catalog
                .get(&id)
                .unwrap_or_else(|| panic!("{}: {req} is not in the catalog", rule.id()));
            assert!(item.normative, "{}: {req} is a heading", rule.id());
        }
    }
}

#[test]
fn the_documentation_lists_every_rule() {
    let doc = include_str!("../../../../docs/evidence-rules.md");
    for rule in all_rules() {
        assert!(
            doc.contains(&format!("`{}`", rule.id())),
            "docs/evidence-rules.md does not list `{}`",
            rule.id()
        );
        for req in rule.requirements() {
            assert!(doc.contains(req), "docs/evidence-rules.md misses {req}");
        }
    }
}

#[test]
fn nothing_in_nothing_out() {
    assert!(propose(&input(None)).is_empty());
    assert!(propose(&input(Some(&firmware()))).is_empty());
}

fn vuln(
    id: &str,
    level: SeverityLevel,
    kev: bool,
    confidence: Confidence,
) -> rampart_advisory::Finding {
    rampart_advisory::Finding {
        component: ComponentRef {
            name: "openssl".into(),
            version: Some("3.0.7".into()),
            ..ComponentRef::default()
        },
        id: id.into(),
        aliases: Vec::new(),
        severity: Some(SeverityScore {
            level,
            score: None,
            vector: None,
            scheme: "rating".into(),
            record: format!("nvd:{id}"),
            scorer: None,
            note: None,
        }),
        kev: kev.then(|| KevEntry {
            cve: id.into(),
            ..KevEntry::default()
        }),
        epss: None,
        status: VulnStatus::Affected,
        fixed_versions: Vec::new(),
        evidence: Vec::new(),
        confidence,
        priority: Priority {
            tier: Tier::High,
            score: 0,
        },
        analysis: None,
    }
}

fn scan(findings: Vec<rampart_advisory::Finding>) -> ScanReport {
    ScanReport {
        schema: rampart_advisory::matching::SCAN_SCHEMA.into(),
        components: Vec::new(),
        findings,
        notes: Vec::new(),
        summary: rampart_advisory::matching::Summary::default(),
    }
}

fn scan_input(scan: &ScanReport) -> EvidenceInput<'_> {
    EvidenceInput {
        scan: Some(scan),
        ..input(None)
    }
}

#[test]
fn kev_unpatched() {
    let bad = scan(vec![vuln(
        "CVE-2023-0286",
        SeverityLevel::High,
        true,
        Confidence::High,
    )]);
    let got = propose(&scan_input(&bad));
    assert_eq!(
        status_of(&got, "kev-unpatched", "DM-4"),
        Some(Status::NotSatisfied)
    );
    assert_eq!(
        of_rule(&got, "kev-unpatched")["SUM-5"].1,
        vec!["CVE-2023-0286"]
    );
    // Fixed, or not in KEV: nothing from this rule.
    let mut fixed = bad.clone();
    fixed.findings[0].status = VulnStatus::Fixed;
    assert!(of_rule(&propose(&scan_input(&fixed)), "kev-unpatched").is_empty());
    let not_kev = scan(vec![vuln(
        "CVE-1",
        SeverityLevel::High,
        false,
        Confidence::High,
    )]);
    assert!(of_rule(&propose(&scan_input(&not_kev)), "kev-unpatched").is_empty());
    // Only low-confidence matches: partially.
    let low = scan(vec![vuln(
        "CVE-2",
        SeverityLevel::High,
        true,
        Confidence::Low,
    )]);
    assert_eq!(
        status_of(&propose(&scan_input(&low)), "kev-unpatched", "DM-4"),
        Some(Status::Partially)
    );
}

#[test]
fn severe_vulnerability_unpatched() {
    let critical = scan(vec![
        vuln("CVE-1", SeverityLevel::Critical, false, Confidence::High),
        vuln("CVE-2", SeverityLevel::Medium, false, Confidence::High),
    ]);
    let got = propose(&scan_input(&critical));
    assert_eq!(
        status_of(&got, "severe-vulnerability-unpatched", "DM-4"),
        Some(Status::NotSatisfied)
    );
    assert_eq!(
        of_rule(&got, "severe-vulnerability-unpatched")["DM-4"].1,
        vec!["CVE-1"]
    );
    let high = scan(vec![vuln(
        "CVE-3",
        SeverityLevel::High,
        false,
        Confidence::High,
    )]);
    assert_eq!(
        status_of(
            &propose(&scan_input(&high)),
            "severe-vulnerability-unpatched",
            "SUM-5"
        ),
        Some(Status::Partially)
    );
    let medium = scan(vec![vuln(
        "CVE-4",
        SeverityLevel::Medium,
        false,
        Confidence::High,
    )]);
    assert!(propose(&scan_input(&medium)).is_empty());
}

#[test]
fn default_credential() {
    let fw = with_findings(&["FW-PWD-002", "FW-CRD-003"]);
    let got = propose(&input(Some(&fw)));
    let of = of_rule(&got, "default-credential");
    assert_eq!(of["CR 1.5"].0, Status::NotSatisfied);
    assert_eq!(of["CR 1.5"].1.len(), 2, "both findings bear on CR 1.5");
    assert_eq!(of["CR 1.7"].0, Status::NotSatisfied);
    assert_eq!(of["CR 1.14"].0, Status::NotSatisfied);
    assert!(
        !of.contains_key("CR 1.1"),
        "FW-PWD-002 does not bear on CR 1.1"
    );
    let clean = with_findings(&["FW-PRM-005"]);
    assert!(of_rule(&propose(&input(Some(&clean))), "default-credential").is_empty());
}

#[test]
fn weak_password_hash() {
    let got = propose(&input(Some(&with_findings(&["FW-PWD-004"]))));
    assert_eq!(
        status_of(&got, "weak-password-hash", "CR 4.3"),
        Some(Status::Partially)
    );
    let got = propose(&input(Some(&with_findings(&["FW-PWD-004", "FW-PWD-003"]))));
    assert_eq!(
        status_of(&got, "weak-password-hash", "CR 1.7"),
        Some(Status::NotSatisfied)
    );
    let got = propose(&input(Some(&with_findings(&["FW-PWD-002"]))));
    assert!(of_rule(&got, "weak-password-hash").is_empty());
}

#[test]
fn embedded_private_key() {
    let got = propose(&input(Some(&with_findings(&["FW-KEY-001"]))));
    assert_eq!(
        status_of(&got, "embedded-private-key", "CR 4.1"),
        Some(Status::NotSatisfied)
    );
    let got = propose(&input(Some(&with_findings(&["FW-KEY-002"]))));
    assert_eq!(
        status_of(&got, "embedded-private-key", "CR 1.9"),
        Some(Status::Partially)
    );
    let got = propose(&input(Some(&with_findings(&["FW-CRT-005"]))));
    assert!(of_rule(&got, "embedded-private-key").is_empty());
}

#[test]
fn weak_certificate() {
    let got = propose(&input(Some(&with_findings(&["FW-CRT-001"]))));
    assert_eq!(
        status_of(&got, "weak-certificate", "CR 1.8"),
        Some(Status::NotSatisfied)
    );
    let got = propose(&input(Some(&with_findings(&["FW-CRT-005"]))));
    assert_eq!(
        status_of(&got, "weak-certificate", "CR 1.9"),
        Some(Status::Partially)
    );
    let got = propose(&input(Some(&with_findings(&["FW-KEY-001"]))));
    assert!(of_rule(&got, "weak-certificate").is_empty());
}

#[test]
fn cleartext_boot_service() {
    let got = propose(&input(Some(&with_findings(&["FW-SVC-001"]))));
    assert_eq!(
        status_of(&got, "cleartext-boot-service", "CR 7.7"),
        Some(Status::NotSatisfied)
    );
    assert_eq!(
        status_of(&got, "cleartext-boot-service", "CR 4.1"),
        Some(Status::NotSatisfied)
    );
    let got = propose(&input(Some(&with_findings(&["FW-SVC-003"]))));
    assert!(of_rule(&got, "cleartext-boot-service").is_empty());
}

#[test]
fn debug_service_at_boot_maps_to_the_component_type() {
    let fw = with_findings(&["FW-SVC-003"]);
    let got = propose(&input(Some(&fw)));
    assert_eq!(
        status_of(&got, "debug-service-at-boot", "EDR 2.13"),
        Some(Status::NotSatisfied)
    );
    let network = EvidenceInput {
        component_type: Some(ComponentType::NetworkDevice),
        ..input(Some(&fw))
    };
    let got = propose(&network);
    assert_eq!(
        status_of(&got, "debug-service-at-boot", "NDR 2.13"),
        Some(Status::NotSatisfied)
    );
    assert!(!got.contains_key("EDR 2.13"));
    let app = EvidenceInput {
        component_type: Some(ComponentType::SoftwareApplication),
        ..input(Some(&fw))
    };
    let got = propose(&app);
    assert!(
        !got.keys().any(|k| k.contains("2.13")),
        "no 2.13 item for applications"
    );
    assert_eq!(
        status_of(&got, "debug-service-at-boot", "CR 7.7"),
        Some(Status::NotSatisfied)
    );
    let got = propose(&input(Some(&with_findings(&["FW-SVC-001"]))));
    assert!(of_rule(&got, "debug-service-at-boot").is_empty());
}

#[test]
fn unauthenticated_web_server() {
    let got = propose(&input(Some(&with_findings(&["FW-SVC-006"]))));
    for requirement in ["CR 1.1", "CR 1.2", "CR 2.1"] {
        assert_eq!(
            status_of(&got, "unauthenticated-web-server", requirement),
            Some(Status::NotSatisfied),
            "{requirement}"
        );
    }
    let got = propose(&input(Some(&with_findings(&["FW-SVC-001"]))));
    assert!(of_rule(&got, "unauthenticated-web-server").is_empty());
}

#[test]
fn unsafe_permissions() {
    let got = propose(&input(Some(&with_findings(&["FW-PRM-001"]))));
    assert_eq!(
        status_of(&got, "unsafe-permissions", "CR 3.4"),
        Some(Status::Partially)
    );
    let got = propose(&input(Some(&with_findings(&["FW-PRM-004"]))));
    assert_eq!(
        status_of(&got, "unsafe-permissions", "CR 2.1"),
        Some(Status::NotSatisfied)
    );
    let got = propose(&input(Some(&with_findings(&["FW-PRM-005"]))));
    assert!(of_rule(&got, "unsafe-permissions").is_empty());
}

fn elf(path: &str, hardened: bool) -> ElfHardening {
    ElfHardening {
        path: path.into(),
        class: ElfClass::Elf64,
        endianness: Endianness::Little,
        machine: 62,
        architecture: "x86-64",
        elf_type: ElfType::Dyn,
        is_pie: true,
        nx: true,
        gnu_stack: GnuStack::NotExecutable,
        relro: if hardened { Relro::Full } else { Relro::None },
        canary: true,
        fortify: Fortify::default(),
        stripped: true,
        symbols: 0,
        rpath: Vec::new(),
        runpath: Vec::new(),
        mode: None,
        setuid: false,
        setgid: false,
        wx_segments: Vec::new(),
        notes: Vec::new(),
    }
}

#[test]
fn binary_hardening_thresholds() {
    let mut fw = firmware();
    fw.hardening.elves = (0..4).map(|i| elf(&format!("bin/{i}"), i != 0)).collect();
    let got = propose(&input(Some(&fw)));
    assert_eq!(
        status_of(&got, "binary-hardening", "SI-2"),
        Some(Status::Partially)
    );
    assert_eq!(
        of_rule(&got, "binary-hardening")["SI-2"].1,
        vec!["elf:bin/0"]
    );
    // Half weak: not satisfied.
    fw.hardening.elves[1].relro = Relro::None;
    let got = propose(&input(Some(&fw)));
    assert_eq!(
        status_of(&got, "binary-hardening", "SI-2"),
        Some(Status::NotSatisfied)
    );
    // One executable stack among hardened files: not satisfied.
    fw.hardening.elves = (0..10).map(|i| elf(&format!("bin/{i}"), true)).collect();
    fw.hardening.elves[3].nx = false;
    let got = propose(&input(Some(&fw)));
    assert_eq!(
        status_of(&got, "binary-hardening", "SD-4"),
        Some(Status::NotSatisfied)
    );
    // Every file hardened, and relocatable objects not counted.
    fw.hardening.elves[3].nx = true;
    let mut module = elf("lib/modules/x.ko", false);
    module.elf_type = ElfType::Rel;
    fw.hardening.elves.push(module);
    assert!(of_rule(&propose(&input(Some(&fw))), "binary-hardening").is_empty());
    assert_eq!(super::weak_elf_count(&fw.hardening), (10, 0));
}

fn kernel(failed: usize, total: usize) -> KernelHardening {
    KernelHardening {
        path: "boot/config".into(),
        version: None,
        arch: KernelArch::X86_64,
        checks: (0..total)
            .map(|i| KernelCheck {
                option: format!("OPT_{i}"),
                expected: "y".into(),
                actual: None,
                satisfied_by: None,
                status: if i < failed {
                    KernelCheckStatus::Fail
                } else {
                    KernelCheckStatus::Pass
                },
                source: "kspp".into(),
                why: String::new(),
            })
            .collect(),
        passed: total - failed,
        failed,
    }
}

#[test]
fn kernel_hardening_thresholds() {
    let mut fw = firmware();
    fw.hardening.kernel = Some(kernel(1, 10));
    let got = propose(&input(Some(&fw)));
    assert_eq!(
        status_of(&got, "kernel-hardening", "SD-4"),
        Some(Status::Partially)
    );
    fw.hardening.kernel = Some(kernel(3, 10));
    let got = propose(&input(Some(&fw)));
    assert_eq!(
        status_of(&got, "kernel-hardening", "SD-2"),
        Some(Status::NotSatisfied)
    );
    fw.hardening.kernel = Some(kernel(0, 10));
    assert!(propose(&input(Some(&fw))).is_empty());
}

fn component(name: &str, purl: bool) -> Component {
    Component {
        name: name.into(),
        purl: purl.then(|| format!("pkg:generic/{name}@1")),
        ..Component::default()
    }
}

#[test]
fn update_signing() {
    let mut fw = firmware();
    fw.components = vec![component("busybox", true)];
    let device = EvidenceInput {
        component_type: Some(ComponentType::EmbeddedDevice),
        ..input(Some(&fw))
    };
    let got = propose(&device);
    assert_eq!(
        status_of(&got, "update-signing", "EDR 3.10 RE 1"),
        Some(Status::NotSatisfied)
    );
    assert!(!got.contains_key("NDR 3.10 RE 1"));
    fw.components.push(component("rauc", true));
    let device = EvidenceInput {
        component_type: Some(ComponentType::EmbeddedDevice),
        ..input(Some(&fw))
    };
    let got = propose(&device);
    assert_eq!(
        status_of(&got, "update-signing", "SUM-4"),
        Some(Status::Partially)
    );
    assert_eq!(
        of_rule(&got, "update-signing")["SUM-4"].1,
        vec!["component:rauc"]
    );
    // APT without gpgv verifies nothing.
    fw.components = vec![component("apt", true)];
    let got = propose(&input(Some(&fw)));
    assert_eq!(
        status_of(&got, "update-signing", "SUM-4"),
        Some(Status::NotSatisfied)
    );
    // Nothing identified: nothing said.
    assert!(of_rule(&propose(&input(Some(&firmware()))), "update-signing").is_empty());
}

#[test]
fn sbom_inventory() {
    let mut fw = firmware();
    fw.components = (0..10).map(|i| component(&format!("c{i}"), true)).collect();
    let got = propose(&input(Some(&fw)));
    assert_eq!(
        status_of(&got, "sbom-inventory", "CR 7.8"),
        Some(Status::Partially)
    );
    assert_eq!(
        status_of(&got, "sbom-inventory", "SM-9"),
        Some(Status::Partially)
    );
    for c in fw.components.iter_mut().take(3) {
        c.purl = None;
    }
    let got = propose(&input(Some(&fw)));
    assert_eq!(
        status_of(&got, "sbom-inventory", "SM-9"),
        Some(Status::NotSatisfied)
    );
    assert_eq!(status_of(&got, "sbom-inventory", "CR 7.8"), None);
}

const CLEAN_MODEL: &str = "system: {name: Fixture}
assets:
  - {id: scada, kind: host-device, sl_c: 2}
  - {id: plc, kind: embedded-device, sl_c: 2}
zones:
  - {id: supervisory, assets: [scada], sl_t: 2}
  - {id: control, assets: [plc], sl_t: 2}
conduits:
  - id: c1
    zones: [supervisory, control]
    channels: [{protocol: modbus-tcp, port: 502, encrypted: ENC, authenticated: AUTH}]
";

fn model(encrypted: bool, authenticated: bool) -> rampart_system::SystemModel {
    let text = CLEAN_MODEL
        .replace("ENC", &encrypted.to_string())
        .replace("AUTH", &authenticated.to_string());
    rampart_system::SystemModel::parse("model.yaml", &text).expect("valid model")
}

fn system_propose(model: &rampart_system::SystemModel) -> BTreeMap<String, Vec<Proposal>> {
    let findings = rampart_system::run_checks(model);
    propose(&EvidenceInput {
        system_findings: &findings,
        system: Some(model),
        ..input(None)
    })
}

#[test]
fn cleartext_conduit() {
    let got = system_propose(&model(false, true));
    assert_eq!(
        status_of(&got, "cleartext-conduit", "SR 4.1"),
        Some(Status::NotSatisfied)
    );
    assert_eq!(
        status_of(&got, "cleartext-conduit", "SR 4.1 RE 2"),
        Some(Status::NotSatisfied)
    );
    let got = system_propose(&model(true, true));
    assert_eq!(
        status_of(&got, "cleartext-conduit", "SR 4.1 RE 2"),
        Some(Status::Satisfied)
    );
    assert_eq!(status_of(&got, "cleartext-conduit", "SR 4.1"), None);
}

#[test]
fn unauthenticated_conduit() {
    let m = model(true, false);
    let findings = rampart_system::run_checks(&m);
    assert!(
        findings
            .iter()
            .any(|f| f.check == "unauthenticated-channel"),
        "the fixture triggers the check: {findings:?}"
    );
    let got = system_propose(&m);
    assert_eq!(
        status_of(&got, "unauthenticated-conduit", "SR 1.2"),
        Some(Status::NotSatisfied)
    );
    let got = system_propose(&model(true, true));
    assert!(of_rule(&got, "unauthenticated-conduit").is_empty());
}

#[test]
fn component_type_mapping() {
    let ty = ComponentType::HostDevice;
    assert_eq!(
        for_component_type("EDR 2.13", ty).as_deref(),
        Some("HDR 2.13")
    );
    assert_eq!(
        for_component_type("EDR 3.10 RE 1", ty).as_deref(),
        Some("HDR 3.10 RE 1")
    );
    assert_eq!(for_component_type("CR 1.5", ty).as_deref(), Some("CR 1.5"));
    assert_eq!(for_component_type("SM-9", ty).as_deref(), Some("SM-9"));
    assert_eq!(
        for_component_type("EDR 2.13", ComponentType::SoftwareApplication),
        None
    );
}

#[test]
fn a_conduit_finding_the_owner_accepted_gives_partially() {
    let m = model(false, true);
    let mut findings = rampart_system::run_checks(&m);
    let date: rampart_system::IsoDate = "2026-01-01".parse().unwrap();
    for f in &mut findings {
        f.acceptance = Some(rampart_system::AcceptanceNote {
            by: "owner".into(),
            date,
            expires: date,
            rationale: "compensated by a VPN".into(),
            status: rampart_system::Standing::InForce,
        });
    }
    let got = propose(&EvidenceInput {
        system_findings: &findings,
        system: Some(&m),
        ..input(None)
    });
    assert_eq!(
        status_of(&got, "cleartext-conduit", "SR 4.1"),
        Some(Status::Partially)
    );
    assert!(got["SR 4.1"][0].summary.contains("accepted by the owner"));
    // An acceptance that has expired no longer softens it.
    for f in &mut findings {
        if let Some(a) = &mut f.acceptance {
            a.status = rampart_system::Standing::Expired;
        }
    }
    let got = propose(&EvidenceInput {
        system_findings: &findings,
        system: Some(&m),
        ..input(None)
    });
    assert_eq!(
        status_of(&got, "cleartext-conduit", "SR 4.1"),
        Some(Status::NotSatisfied)
    );
}
