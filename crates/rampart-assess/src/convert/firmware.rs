//! Firmware findings and component counts.

use rampart_advisory::ScanReport;
use rampart_advisory::matching::Status as ScanStatus;
use rampart_firmware::analysis::FirmwareAnalysis;
use rampart_sbom::Component;

use crate::results::{ComponentSummary, Finding};

/// The firmware findings as results findings, most severe first. The location is the
/// finding's tree path, with `@0x…` when the finding sits at an offset inside the file.
pub fn firmware_findings(analysis: &FirmwareAnalysis) -> Vec<Finding> {
    let mut findings: Vec<Finding> = analysis
        .findings
        .iter()
        .map(|f| Finding {
            code: f.code.to_owned(),
            source: "firmware".to_owned(),
            severity: super::firmware_severity(f.severity),
            title: f.title.to_owned(),
            detail: f.detail.clone(),
            location: match f.offset {
                Some(offset) => format!("{}@{offset:#x}", f.path),
                None => f.path.clone(),
            },
            requirements: f.requirements.clone(),
            remediation: f.remediation.to_owned(),
            fingerprint: f.fingerprint.clone(),
        })
        .collect();
    super::sort_findings(&mut findings);
    findings
}

/// Counts of the components: how many there are, how many carry an identifier a scan can
/// match (purl or CPE), how many have an affecting vulnerability, and the ELF files checked.
/// `weak_elf` says which ELF files count as weak (the evidence rules' definition).
pub fn component_summary(
    components: &[Component],
    scan: Option<&ScanReport>,
    firmware: Option<&FirmwareAnalysis>,
    weak_elf: &dyn Fn(&rampart_firmware::hardening::ElfHardening) -> bool,
) -> ComponentSummary {
    let identified = components
        .iter()
        .filter(|c| c.purl.is_some() || !c.cpes.is_empty())
        .count();
    let vulnerable = scan.map_or(0, |report| {
        let mut affected: Vec<(&Option<String>, &str, &Option<String>)> = report
            .findings
            .iter()
            .filter(|f| f.status == ScanStatus::Affected)
            .map(|f| {
                (
                    &f.component.bom_ref,
                    f.component.name.as_str(),
                    &f.component.version,
                )
            })
            .collect();
        affected.sort();
        affected.dedup();
        affected.len()
    });
    let (elf_files, elf_weak) = firmware.map_or((0, 0), |a| {
        let elves = &a.hardening.elves;
        (elves.len(), elves.iter().filter(|e| weak_elf(e)).count())
    });
    ComponentSummary {
        total: components.len(),
        vulnerable,
        identified,
        elf_files,
        elf_weak,
    }
}
