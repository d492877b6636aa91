//! Binary hardening: for every ELF file of an unpacked tree, the protections it was built
//! with (NX, PIE, RELRO, stack canary, FORTIFY_SOURCE, …), decided as checksec 2.6.0 decides
//! them; and, when the tree holds a kernel configuration, the kernel's hardening options
//! against the KSPP recommendations.
//!
//! How each property is decided, and where Rampart knowingly differs from checksec, is
//! documented in `docs/firmware-hardening.md`. The report is data: no severity is attached
//! here (the findings helper turns properties into findings).

mod elf;
mod fortify;
mod kernel;
mod machine;

use rayon::prelude::*;
use serde::Serialize;

use crate::tree::FileTree;

pub use elf::check_elf;
pub use kernel::{
    KernelArch, KernelCheck, KernelCheckStatus, KernelHardening, KernelOption, check_kernel_config,
    kernel_options,
};

/// The hardening of every ELF file of a tree, and of its kernel when a config was found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct HardeningReport {
    /// One entry per ELF regular file, in path order.
    pub elves: Vec<ElfHardening>,
    /// Files that start like an ELF file but could not be read as one.
    pub problems: Vec<HardeningProblem>,
    /// The kernel's hardening options, from the first kernel config of the tree (path order).
    pub kernel: Option<KernelHardening>,
}

/// A file that starts with the ELF magic but is not a readable ELF file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HardeningProblem {
    /// The tree path of the file.
    pub path: String,
    /// What is wrong with it.
    pub message: String,
}

/// The protections one ELF file was built with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ElfHardening {
    /// The tree path of the file.
    pub path: String,
    /// 32- or 64-bit.
    pub class: ElfClass,
    /// Byte order.
    pub endianness: Endianness,
    /// `e_machine` as stored.
    pub machine: u16,
    /// The architecture `e_machine` names (`x86-64`, `ARM`, `MIPS`), or `unknown`.
    pub architecture: &'static str,
    /// `e_type`: executable, shared object (or PIE), relocatable object, …
    #[serde(rename = "type")]
    pub elf_type: ElfType,
    /// Position-independent executable: `ET_DYN` with a `DT_DEBUG` entry (checksec's test) or
    /// the `DF_1_PIE` flag.
    pub is_pie: bool,
    /// Non-executable stack: a `PT_GNU_STACK` header without the execute flag.
    pub nx: bool,
    /// The `PT_GNU_STACK` header as found.
    pub gnu_stack: GnuStack,
    /// RELRO: none, partial (`PT_GNU_RELRO`) or full (`PT_GNU_RELRO` and immediate binding).
    pub relro: Relro,
    /// A stack protector symbol (`__stack_chk_fail`, `__stack_chk_guard`,
    /// `__intel_security_cookie`) among the dynamic or static symbols.
    pub canary: bool,
    /// FORTIFY_SOURCE: fortified and fortifiable glibc functions imported.
    pub fortify: Fortify,
    /// No `.symtab` (`SHT_SYMTAB`) section.
    pub stripped: bool,
    /// Entries of the `.symtab` section (0 when stripped).
    pub symbols: u64,
    /// `DT_RPATH` values, as stored (colon-separated lists).
    pub rpath: Vec<String>,
    /// `DT_RUNPATH` values, as stored.
    pub runpath: Vec<String>,
    /// Permission bits of the tree node (`0o4755`), where the container recorded them.
    pub mode: Option<u32>,
    /// The set-user-id bit is set on the tree node.
    pub setuid: bool,
    /// The set-group-id bit is set on the tree node.
    pub setgid: bool,
    /// `PT_LOAD` segments both writable and executable.
    pub wx_segments: Vec<WxSegment>,
    /// Parts of the file that could not be read (a broken section table, a dynamic string
    /// outside the file, a symbol table past its cap): the properties above are decided
    /// without them.
    pub notes: Vec<String>,
}

/// ELF class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ElfClass {
    /// `ELFCLASS32`.
    Elf32,
    /// `ELFCLASS64`.
    Elf64,
}

/// ELF byte order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Endianness {
    /// `ELFDATA2LSB`.
    Little,
    /// `ELFDATA2MSB`.
    Big,
}

/// `e_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ElfType {
    /// `ET_EXEC`: an executable at a fixed address.
    Exec,
    /// `ET_DYN`: a shared object or a position-independent executable.
    Dyn,
    /// `ET_REL`: a relocatable object (`.o`, kernel module `.ko`).
    Rel,
    /// `ET_CORE`: a core dump.
    Core,
    /// Any other value.
    Other,
}

/// The `PT_GNU_STACK` program header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GnuStack {
    /// No such header: the kernel's default applies, executable on most architectures.
    Absent,
    /// Present with the execute flag.
    Executable,
    /// Present without the execute flag.
    NotExecutable,
}

/// RELRO level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relro {
    /// No `PT_GNU_RELRO` segment.
    None,
    /// `PT_GNU_RELRO` with lazy binding: the GOT entries of functions stay writable.
    Partial,
    /// `PT_GNU_RELRO` and immediate binding (`DT_BIND_NOW` or `DF_BIND_NOW`).
    Full,
}

/// FORTIFY_SOURCE, counted as checksec counts it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Fortify {
    /// Some dynamic symbol (leading underscores removed) ends in `_chk`.
    pub enabled: bool,
    /// Dynamic symbols naming a fortified glibc function (`__memcpy_chk`).
    pub fortified: u32,
    /// `fortified` plus the dynamic symbols naming a function glibc can fortify (`memcpy`).
    pub fortifiable: u32,
}

/// A loadable segment mapped both writable and executable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WxSegment {
    /// Index of the program header.
    pub index: usize,
    /// `p_vaddr`.
    pub vaddr: u64,
    /// `p_memsz`.
    pub mem_size: u64,
}

/// The four bytes every ELF file starts with.
pub const ELF_MAGIC: &[u8; 4] = b"\x7fELF";

/// Checks every ELF regular file of `tree` and the first kernel config found in it. Files are
/// checked in parallel; the report is in path order whatever the scheduling.
pub fn check_tree(tree: &FileTree) -> HardeningReport {
    let candidates: Vec<_> = tree
        .files()
        .filter(|(_, _, data)| data.starts_with(ELF_MAGIC))
        .collect();
    let results: Vec<Result<ElfHardening, HardeningProblem>> = candidates
        .par_iter()
        .map(|(path, node, data)| check_elf(path, data, node.meta.mode))
        .collect();
    let mut report = HardeningReport::default();
    for result in results {
        match result {
            Ok(elf) => report.elves.push(elf),
            Err(problem) => report.problems.push(problem),
        }
    }
    report.kernel = kernel::find_kernel_config(tree, &mut report.problems);
    report
}
