//! Hardening checks on real ELF files built with gcc (tests/fixtures/elf, see its README for
//! the exact commands): each property has a fixture built with and without it.

use std::io::Write;

use bytes::Bytes;
use rampart_firmware::hardening::{
    ElfClass, ElfHardening, ElfType, Endianness, GnuStack, KernelArch, KernelCheckStatus, Relro,
    check_elf, check_tree,
};
use rampart_firmware::tree::{FileTree, Meta, Node, NodeKind};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/elf/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn check(name: &str) -> ElfHardening {
    check_elf(name, &fixture(name), Some(0o755)).expect("a readable ELF fixture")
}

fn file(data: Vec<u8>, mode: u32) -> Node {
    Node {
        kind: NodeKind::File(Bytes::from(data)),
        meta: Meta::mode(mode),
        root: "rootfs".into(),
    }
}

#[test]
fn nx_is_off_when_the_gnu_stack_header_is_executable() {
    let hardened = check("full");
    assert!(hardened.nx);
    assert_eq!(hardened.gnu_stack, GnuStack::NotExecutable);
    let execstack = check("execstack");
    assert!(!execstack.nx);
    assert_eq!(execstack.gnu_stack, GnuStack::Executable);
}

#[test]
fn nx_is_off_without_a_gnu_stack_header() {
    // A relocatable object has no program headers at all.
    let object = check("prog.o");
    assert_eq!(object.gnu_stack, GnuStack::Absent);
    assert!(!object.nx);
}

#[test]
fn pie_needs_et_dyn_with_dt_debug_and_a_library_is_not_one() {
    let pie = check("full");
    assert_eq!((pie.elf_type, pie.is_pie), (ElfType::Dyn, true));
    let fixed = check("no-pie");
    assert_eq!((fixed.elf_type, fixed.is_pie), (ElfType::Exec, false));
    let library = check("libfixture.so");
    assert_eq!((library.elf_type, library.is_pie), (ElfType::Dyn, false));
    let object = check("prog.o");
    assert_eq!((object.elf_type, object.is_pie), (ElfType::Rel, false));
}

#[test]
fn relro_is_none_partial_or_full() {
    assert_eq!(check("no-relro").relro, Relro::None);
    assert_eq!(check("partial-relro").relro, Relro::Partial);
    assert_eq!(check("full").relro, Relro::Full);
    // The linker default of Debian's gcc (relro without now) on 32-bit ARM.
    assert_eq!(check("arm32").relro, Relro::Partial);
}

#[test]
fn a_stack_protector_symbol_means_a_canary() {
    assert!(check("full").canary);
    assert!(!check("no-canary").canary);
    // 32-bit ARM imports __stack_chk_guard as well as __stack_chk_fail.
    assert!(check("arm32").canary);
}

#[test]
fn fortify_source_counts_fortified_and_fortifiable_calls() {
    let fortified = check("full").fortify;
    assert!(fortified.enabled);
    assert_eq!((fortified.fortified, fortified.fortifiable), (1, 1));
    let plain = check("no-canary").fortify;
    assert!(!plain.enabled);
    assert_eq!((plain.fortified, plain.fortifiable), (0, 1));
    // Built without -D_FORTIFY_SOURCE: memcpy and stpcpy stay plain.
    let arm = check("arm32").fortify;
    assert_eq!((arm.enabled, arm.fortifiable), (false, 2));
}

#[test]
fn stripped_means_no_symtab() {
    let stripped = check("full-stripped");
    assert!(stripped.stripped);
    assert_eq!(stripped.symbols, 0);
    let kept = check("full");
    assert!(!kept.stripped);
    assert!(kept.symbols > 20, "{}", kept.symbols);
}

#[test]
fn rpath_and_runpath_values_are_read() {
    let rpath = check("rpath");
    assert_eq!(rpath.rpath, ["/opt/vendor/lib:/tmp/lib"]);
    assert!(rpath.runpath.is_empty());
    let runpath = check("runpath");
    assert_eq!(runpath.runpath, ["/opt/vendor/lib"]);
    assert!(runpath.rpath.is_empty());
    assert!(check("full").rpath.is_empty());
}

#[test]
fn writable_and_executable_load_segments_are_listed() {
    let wx = check("wx");
    assert_eq!(wx.wx_segments.len(), 1);
    assert_eq!(wx.wx_segments[0].index, 0);
    // Its stack is not executable: NX alone would not show the W+X mapping.
    assert!(wx.nx);
    assert!(check("full").wx_segments.is_empty());
}

#[test]
fn class_endianness_and_architecture_are_read() {
    let arm = check("arm32");
    assert_eq!(arm.class, ElfClass::Elf32);
    assert_eq!(arm.endianness, Endianness::Little);
    assert_eq!((arm.machine, arm.architecture), (40, "ARM"));
    let x86 = check("full");
    assert_eq!(x86.class, ElfClass::Elf64);
    assert_eq!(x86.architecture, "x86-64");
    let mips = check("mips32be");
    assert_eq!(mips.endianness, Endianness::Big);
    assert_eq!((mips.class, mips.architecture), (ElfClass::Elf32, "MIPS"));
    assert!(mips.canary);
    // gcc for MIPS marks the stack executable (RWE) and links without RELRO.
    assert_eq!(mips.gnu_stack, GnuStack::Executable);
    assert_eq!(mips.relro, Relro::None);
}

#[test]
fn setuid_and_setgid_come_from_the_tree_mode() {
    let mut tree = FileTree::new();
    tree.insert("rootfs/bin/su".into(), file(fixture("full"), 0o4755));
    tree.insert("rootfs/bin/wall".into(), file(fixture("full"), 0o2755));
    tree.insert("rootfs/bin/ls".into(), file(fixture("full"), 0o755));
    let report = check_tree(&tree);
    let bits: Vec<_> = report
        .elves
        .iter()
        .map(|e| (e.path.as_str(), e.setuid, e.setgid))
        .collect();
    assert_eq!(
        bits,
        [
            ("rootfs/bin/ls", false, false),
            ("rootfs/bin/su", true, false),
            ("rootfs/bin/wall", false, true),
        ]
    );
    assert_eq!(report.elves[1].mode, Some(0o4755));
}

#[test]
fn sstripped_binaries_are_read_through_the_dynamic_segment() {
    // No section headers at all (sstrip, common in firmware): the dynamic symbols are found
    // through DT_SYMTAB and DT_GNU_HASH, so canary and FORTIFY are still seen.
    let mut data = fixture("full-stripped");
    data[0x28..0x30].fill(0); // e_shoff
    data[0x3c..0x40].fill(0); // e_shnum, e_shstrndx
    let elf = check_elf("sstripped", &data, None).unwrap();
    assert!(elf.canary);
    assert!(elf.fortify.enabled);
    assert_eq!(elf.relro, Relro::Full);
    assert!(elf.stripped);
    assert!(elf.notes.is_empty(), "{:?}", elf.notes);
}

#[test]
fn broken_elf_files_are_problems_with_their_path_and_others_are_skipped() {
    let mut tree = FileTree::new();
    let full = fixture("full");
    tree.insert(
        "rootfs/bin/truncated".into(),
        file(full[..40].to_vec(), 0o755),
    );
    tree.insert("rootfs/bin/ok".into(), file(full.clone(), 0o755));
    tree.insert("rootfs/etc/motd".into(), file(b"hello\n".to_vec(), 0o644));
    let mut bad_class = full.clone();
    bad_class[4] = 9;
    tree.insert("rootfs/bin/bad-class".into(), file(bad_class, 0o755));
    let report = check_tree(&tree);
    assert_eq!(report.elves.len(), 1);
    assert_eq!(report.elves[0].path, "rootfs/bin/ok");
    let problems: Vec<_> = report.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(problems, ["rootfs/bin/bad-class", "rootfs/bin/truncated"]);
    assert!(
        report.problems[1].message.contains("header"),
        "{}",
        report.problems[1].message
    );
}

#[test]
fn damaged_tables_are_notes_not_failures() {
    // Section headers pointing past the end of the file: the program headers still decide.
    let mut data = fixture("full");
    data[0x28..0x30].copy_from_slice(&0x00ff_ffff_u64.to_le_bytes());
    let elf = check_elf("damaged", &data, None).unwrap();
    assert_eq!(elf.relro, Relro::Full);
    assert!(elf.nx);
    assert!(
        elf.notes.iter().any(|n| n.contains("section headers")),
        "{:?}",
        elf.notes
    );
}

/// Calls `patch` on each (tag, value) of the dynamic segment of a little-endian ELF64 file.
fn patch_dynamic(data: &mut [u8], patch: impl Fn(&mut u64, &mut u64)) {
    let u64_at = |d: &[u8], at: usize| u64::from_le_bytes(d[at..at + 8].try_into().unwrap());
    let phoff = u64_at(data, 0x20) as usize;
    let phnum = u16::from_le_bytes([data[0x38], data[0x39]]) as usize;
    for i in 0..phnum {
        let ph = phoff + i * 56;
        if u32::from_le_bytes(data[ph..ph + 4].try_into().unwrap()) != 2 {
            continue;
        }
        let (offset, size) = (
            u64_at(data, ph + 8) as usize,
            u64_at(data, ph + 32) as usize,
        );
        for entry in (offset..offset + size).step_by(16) {
            let (mut tag, mut value) = (u64_at(data, entry), u64_at(data, entry + 8));
            patch(&mut tag, &mut value);
            data[entry..entry + 8].copy_from_slice(&tag.to_le_bytes());
            data[entry + 8..entry + 16].copy_from_slice(&value.to_le_bytes());
        }
    }
}

const DT_DEBUG: u64 = 21;
const DT_FLAGS: u64 = 30;
const DT_FLAGS_1: u64 = 0x6fff_fffb;
/// An OS-specific tag nothing reads: a patched-out entry keeps the table's shape.
const DT_IGNORED: u64 = 0x6000_000d;

#[test]
fn df_1_pie_alone_marks_a_pie_and_neither_mark_is_a_dso() {
    // Why: some linkers mark a PIE only with DF_1_PIE; checksec (DT_DEBUG only) calls it a DSO.
    let mut data = fixture("full");
    patch_dynamic(&mut data, |tag, _| {
        if *tag == DT_DEBUG {
            *tag = DT_IGNORED;
        }
    });
    assert!(check_elf("pie-flag-only", &data, None).unwrap().is_pie);
    patch_dynamic(&mut data, |tag, value| {
        if *tag == DT_FLAGS_1 {
            *value &= !0x0800_0000;
        }
    });
    assert!(!check_elf("no-mark", &data, None).unwrap().is_pie);
}

#[test]
fn full_relro_needs_bind_now_not_only_df_1_now() {
    // ld -z now sets DF_BIND_NOW in DT_FLAGS and DF_1_NOW in DT_FLAGS_1; checksec greps
    // readelf for BIND_NOW, so DF_1_NOW alone is partial RELRO.
    let mut data = fixture("full");
    patch_dynamic(&mut data, |tag, value| {
        if *tag == DT_FLAGS {
            *value &= !0x8;
        }
    });
    let elf = check_elf("now-in-flags-1-only", &data, None).unwrap();
    assert_eq!(elf.relro, Relro::Partial);
}

#[test]
fn a_read_execute_stack_without_write_is_still_executable() {
    // checksec looks for the string RWE and would call this NX enabled.
    let mut data = fixture("execstack");
    let phoff = u64::from_le_bytes(data[0x20..0x28].try_into().unwrap()) as usize;
    let phnum = u16::from_le_bytes([data[0x38], data[0x39]]) as usize;
    for i in 0..phnum {
        let ph = phoff + i * 56;
        if u32::from_le_bytes(data[ph..ph + 4].try_into().unwrap()) == 0x6474_e551 {
            data[ph + 4..ph + 8].copy_from_slice(&5u32.to_le_bytes()); // PF_R | PF_X
        }
    }
    let elf = check_elf("rx-stack", &data, None).unwrap();
    assert_eq!((elf.nx, elf.gnu_stack), (false, GnuStack::Executable));
}

#[test]
fn every_truncation_of_a_real_binary_is_a_result_or_a_problem() {
    let data = fixture("arm32");
    for len in (0..data.len()).step_by(97) {
        let _ = check_elf("cut", &data[..len], None);
    }
}

const KERNEL_CONFIG: &str = "#\n# Automatically generated file; DO NOT EDIT.\n# Linux/x86 6.1.0 Kernel Configuration\n#\nCONFIG_X86_64=y\nCONFIG_X86=y\nCONFIG_STRICT_KERNEL_RWX=y\nCONFIG_STACKPROTECTOR_STRONG=y\nCONFIG_RANDOMIZE_BASE=y\n# CONFIG_HARDENED_USERCOPY is not set\nCONFIG_DEVMEM=y\n";

fn kernel_tree(path: &str, data: Vec<u8>) -> FileTree {
    let mut tree = FileTree::new();
    tree.insert(path.into(), file(data, 0o644));
    tree
}

#[test]
fn a_boot_config_is_checked_against_the_table() {
    let report = check_tree(&kernel_tree(
        "rootfs/boot/config-6.1.0-rampart",
        KERNEL_CONFIG.into(),
    ));
    let kernel = report.kernel.expect("the config is found");
    assert_eq!(kernel.path, "rootfs/boot/config-6.1.0-rampart");
    assert_eq!(kernel.arch, KernelArch::X86_64);
    assert_eq!(kernel.version.as_deref(), Some("6.1.0"));
    let status = |name: &str| {
        kernel
            .checks
            .iter()
            .find(|c| c.option == name)
            .map(|c| c.status)
    };
    assert_eq!(status("STRICT_KERNEL_RWX"), Some(KernelCheckStatus::Pass));
    assert_eq!(status("RANDOMIZE_BASE"), Some(KernelCheckStatus::Pass));
    assert_eq!(status("RANDOMIZE_MEMORY"), Some(KernelCheckStatus::Fail));
    assert_eq!(status("HARDENED_USERCOPY"), Some(KernelCheckStatus::Fail));
    assert_eq!(status("DEVMEM"), Some(KernelCheckStatus::Fail));
    // ARM-only options are not listed for x86-64.
    assert_eq!(status("CPU_SW_DOMAIN_PAN"), None);
}

#[test]
fn proc_config_gz_is_decompressed_and_a_banner_is_enough() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(KERNEL_CONFIG.as_bytes()).unwrap();
    let report = check_tree(&kernel_tree("rootfs/proc/config.gz", gz.finish().unwrap()));
    assert_eq!(report.kernel.unwrap().path, "rootfs/proc/config.gz");
    let report = check_tree(&kernel_tree(
        "kernel.img.unpacked/ikconfig",
        KERNEL_CONFIG.into(),
    ));
    assert_eq!(report.kernel.unwrap().path, "kernel.img.unpacked/ikconfig");
}

#[test]
fn a_dot_config_that_is_not_a_kernel_config_is_ignored_and_bad_gzip_is_a_problem() {
    let report = check_tree(&kernel_tree(
        "home/user/.config",
        b"[ui]\ntheme=dark\n".to_vec(),
    ));
    assert!(report.kernel.is_none());
    let report = check_tree(&kernel_tree(
        "proc/config.gz",
        b"\x1f\x8b\x08\0broken".to_vec(),
    ));
    assert!(report.kernel.is_none());
    assert_eq!(report.problems.len(), 1);
    assert_eq!(report.problems[0].path, "proc/config.gz");
}

#[test]
fn the_report_serialises_in_snake_case() {
    let report = check_tree(&kernel_tree("bin/true", fixture("no-pie")));
    let json = serde_json::to_value(&report).unwrap();
    let elf = &json["elves"][0];
    assert_eq!(elf["type"], "exec");
    assert_eq!(elf["class"], "elf64");
    assert_eq!(elf["relro"], "full");
    assert_eq!(elf["gnu_stack"], "not_executable");
    assert_eq!(elf["fortify"]["fortifiable"], 1);
    assert!(json["kernel"].is_null());
}
