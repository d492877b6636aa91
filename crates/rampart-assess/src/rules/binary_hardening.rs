use rampart_firmware::hardening::{ElfHardening, ElfType, HardeningReport, Relro};

use super::support::list;
use super::{EvidenceInput, EvidenceRule, Proposals, Source};
use crate::results::Status;

/// Share of weak ELF files, in percent, from which the rule proposes `not-satisfied`.
pub const WEAK_SHARE_NOT_SATISFIED: usize = 50;

/// Missing binary hardening.
///
/// **What it finds**: executables and shared objects (`ET_EXEC`, `ET_DYN`; relocatable
/// objects and kernel modules are not counted) missing a protection the toolchain adds by
/// default on current distributions. A file is *weak* ([`elf_is_weak`]) when it has an
/// executable stack (no `PT_GNU_STACK`, or one with the execute flag) or a segment both
/// writable and executable, no RELRO, is an executable at a fixed address (not PIE), or has
/// no stack-protector symbol.
///
/// **Thresholds**: `not-satisfied` when any file has an executable stack or a W+X segment
/// (code injection needs nothing more), or when at least [`WEAK_SHARE_NOT_SATISFIED`]% of
/// the files are weak; `partially` when some are; nothing when none is. The stack-protector
/// test looks for symbols, so a small library with no array on its stack counts as weak:
/// that is why a few weak files only give `partially`.
///
/// **Why it matters**: these protections turn a memory-safety bug from code execution into
/// a crash; building with them is part of secure implementation (4-1 SI-2) and of the
/// design's defence in depth (SD-4).
///
/// **What it cannot know**: the coding standard itself and whether it is enforced; so it
/// never proposes `satisfied`.
///
/// **Example**: `usr/sbin/httpd`, `ET_EXEC`, no RELRO, no canary.
///
/// **References**: IEC 62443-4-1 SI-2, SD-4; checksec 2.6.0; CWE-121.
pub struct BinaryHardening;

/// True when `elf` is an executable or shared object missing NX, RELRO, PIE (executables)
/// or a stack protector, as the `binary-hardening` rule documents; false for files it does not
/// count (relocatable objects, core files).
pub fn elf_is_weak(elf: &ElfHardening) -> bool {
    counted(elf)
        && (!elf.nx
            || !elf.wx_segments.is_empty()
            || elf.relro == Relro::None
            || elf.elf_type == ElfType::Exec
            || !elf.canary)
}

/// The ELF files the rule counts, and how many of them are weak.
pub fn weak_elf_count(report: &HardeningReport) -> (usize, usize) {
    let counted_files = report.elves.iter().filter(|e| counted(e)).count();
    let weak = report.elves.iter().filter(|e| elf_is_weak(e)).count();
    (counted_files, weak)
}

fn counted(elf: &ElfHardening) -> bool {
    matches!(elf.elf_type, ElfType::Exec | ElfType::Dyn)
}

/// What a weak file lacks, in words.
fn lacks(elf: &ElfHardening) -> String {
    let mut missing = Vec::new();
    if !elf.nx {
        missing.push("NX");
    }
    if !elf.wx_segments.is_empty() {
        missing.push("W^X");
    }
    if elf.relro == Relro::None {
        missing.push("RELRO");
    }
    if elf.elf_type == ElfType::Exec {
        missing.push("PIE");
    }
    if !elf.canary {
        missing.push("canary");
    }
    format!("{} (no {})", elf.path, missing.join(", "))
}

impl EvidenceRule for BinaryHardening {
    fn id(&self) -> &'static str {
        "binary-hardening"
    }
    fn title(&self) -> &'static str {
        "Binaries built without hardening"
    }
    fn sources(&self) -> &'static [Source] {
        &[Source::Firmware]
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["SI-2", "SD-4"]
    }
    fn propose(&self, input: &EvidenceInput<'_>, out: &mut Proposals) {
        let Some(firmware) = input.firmware else {
            return;
        };
        let (total, weak) = weak_elf_count(&firmware.hardening);
        if weak == 0 {
            return;
        }
        let weak_files: Vec<&ElfHardening> = firmware
            .hardening
            .elves
            .iter()
            .filter(|e| elf_is_weak(e))
            .collect();
        let executable_memory = weak_files
            .iter()
            .any(|e| !e.nx || !e.wx_segments.is_empty());
        let status = if executable_memory || weak * 100 >= total * WEAK_SHARE_NOT_SATISFIED {
            Status::NotSatisfied
        } else {
            Status::Partially
        };
        let named: Vec<String> = weak_files.iter().map(|e| lacks(e)).collect();
        let summary = format!(
            "{weak} of {total} ELF files lack hardening{}: {}",
            if executable_memory {
                ", some with executable memory"
            } else {
                ""
            },
            list(&named)
        );
        let facts: Vec<String> = weak_files
            .iter()
            .map(|e| format!("elf:{}", e.path))
            .collect();
        for requirement in self.requirements() {
            out.add(requirement, status, summary.clone(), facts.clone());
        }
    }
}
