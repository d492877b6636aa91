//! One ELF file's protections, read with `object`'s low-level ELF reader: every read is
//! bounds-checked, nothing is parsed that a property does not need, and work per file is
//! capped (symbols scanned per table), so a hostile file costs no more than a large one.
//!
//! The rules port checksec 2.6.0's `filecheck` (which greps `readelf -W` output): see
//! `docs/firmware-hardening.md` for each rule and the few places Rampart is stricter.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use object::elf;
use object::read::elf::{
    Dyn, FileHeader, GnuHashTable, HashTable, ProgramHeader, SectionHeader, SectionTable, Sym,
    SymbolTable,
};
use object::{Endianness as ObjectEndian, FileKind, SectionIndex};

use super::machine::architecture_name;
use super::{
    ElfClass, ElfHardening, ElfType, Endianness, GnuStack, HardeningProblem, Relro, WxSegment,
    fortify,
};

/// Symbols read from one table at most: far above any real binary (a debug build of a large
/// C++ library has a few hundred thousand), low enough to bound a forged symbol count.
const MAX_SYMBOLS: usize = 4_000_000;

/// Longest symbol name read; see [`name_at`].
const MAX_NAME_BYTES: usize = 4096;

/// `DT_RPATH` and `DT_RUNPATH` entries read at most (each); real files have one.
const MAX_PATH_ENTRIES: usize = 64;

/// Longest RPATH/RUNPATH value read (bytes); longer ones are cut.
const MAX_PATH_BYTES: usize = 4096;

/// The names that show a stack protector (checksec's `grep -E` is a substring match).
const CANARY_SYMBOLS: [&[u8]; 3] = [
    b"__stack_chk_fail",
    b"__stack_chk_guard",
    b"__intel_security_cookie",
];

/// Checks one file: `Err` when it is not a readable ELF file (wrong class, truncated
/// header or program headers); smaller damage is recorded in the result's `notes`.
pub fn check_elf(
    path: &str,
    data: &[u8],
    mode: Option<u32>,
) -> Result<ElfHardening, HardeningProblem> {
    let problem = |message: String| HardeningProblem {
        path: path.to_owned(),
        message,
    };
    let result = match FileKind::parse(data) {
        Ok(FileKind::Elf32) => check::<elf::FileHeader32<ObjectEndian>>(path, data, mode),
        Ok(FileKind::Elf64) => check::<elf::FileHeader64<ObjectEndian>>(path, data, mode),
        Ok(_) | Err(_) => {
            Err("not an ELF file: unknown class or truncated identification".to_owned())
        }
    };
    result.map_err(problem)
}

/// What the dynamic section says, strings resolved.
#[derive(Default)]
struct DynamicInfo {
    has_debug: bool,
    bind_now: bool,
    flags_1_pie: bool,
    rpath: Vec<String>,
    runpath: Vec<String>,
    strtab: Option<u64>,
    symtab: Option<u64>,
    hash: Option<u64>,
    gnu_hash: Option<u64>,
}

fn check<Elf: FileHeader<Endian = ObjectEndian>>(
    path: &str,
    data: &[u8],
    mode: Option<u32>,
) -> Result<ElfHardening, String> {
    let header = Elf::parse(data).map_err(|e| format!("ELF header: {e}"))?;
    let endian = header.endian().map_err(|e| format!("ELF header: {e}"))?;
    let phdrs = header
        .program_headers(endian, data)
        .map_err(|e| format!("program headers: {e}"))?;
    let mut notes = Vec::new();

    let mut gnu_stack = GnuStack::Absent;
    let mut has_relro = false;
    let mut wx_segments = Vec::new();
    let mut dynamic = DynamicInfo::default();
    let mut seen_dynamic = false;
    for (index, phdr) in phdrs.iter().enumerate() {
        let flags = phdr.p_flags(endian).0;
        match phdr.p_type(endian) {
            elf::PT_GNU_STACK => {
                gnu_stack = if flags & elf::PF_X.0 != 0 {
                    GnuStack::Executable
                } else {
                    GnuStack::NotExecutable
                };
            }
            elf::PT_GNU_RELRO => has_relro = true,
            elf::PT_LOAD if flags & elf::PF_W.0 != 0 && flags & elf::PF_X.0 != 0 => {
                wx_segments.push(WxSegment {
                    index,
                    vaddr: phdr.p_vaddr(endian).into(),
                    mem_size: phdr.p_memsz(endian).into(),
                });
            }
            // The loader uses the first PT_DYNAMIC; reading only it also bounds the work a
            // file repeating one huge dynamic segment in many headers can cause.
            elf::PT_DYNAMIC if !seen_dynamic => {
                seen_dynamic = true;
                match phdr.dynamic(endian, data) {
                    Ok(Some(entries)) => {
                        dynamic = read_dynamic::<Elf>(endian, data, phdrs, entries, &mut notes);
                    }
                    Ok(None) => {}
                    Err(e) => notes.push(format!("dynamic segment: {e}")),
                }
            }
            _ => {}
        }
    }

    // Section headers are optional (sstrip removes them) and forged ones are common in
    // hostile files: a broken table is a note, not a failure.
    let sections = match header.sections(endian, data) {
        Ok(sections) => Some(sections),
        Err(e) => {
            notes.push(format!("section headers: {e}"));
            None
        }
    };

    let mut symtab_len = 0u64;
    let mut has_symtab = false;
    let mut canary = false;
    let mut dynamic_names: Option<Vec<&[u8]>> = None;
    if let Some(sections) = &sections {
        // ELF allows one table of each kind; only the first is read, so a file repeating a
        // huge table in many section headers costs no more than one.
        // The dynamic symbols first: a canary import found there spares the (larger) static
        // table's scan.
        for kind in [elf::SHT_DYNSYM, elf::SHT_SYMTAB] {
            let Some(section) = sections.iter().find(|s| s.sh_type(endian) == kind) else {
                continue;
            };
            if kind == elf::SHT_SYMTAB {
                has_symtab = true;
            }
            match section_symbol_names::<Elf>(endian, data, sections, section) {
                Ok((count, mut names)) => {
                    if count > MAX_SYMBOLS {
                        notes.push(format!(
                            "symbol table of {count} entries: only the first {MAX_SYMBOLS} read"
                        ));
                    }
                    if kind == elf::SHT_SYMTAB {
                        symtab_len = count as u64;
                        canary = canary || names.any(is_canary_symbol);
                    } else {
                        let names: Vec<&[u8]> = names.collect();
                        canary = names.iter().copied().any(is_canary_symbol);
                        dynamic_names = Some(names);
                    }
                }
                Err(e) => notes.push(format!("symbol table: {e}")),
            }
        }
    }
    let dynamic_names = dynamic_names.unwrap_or_else(|| {
        let names = dynamic_symbols_from_segments::<Elf>(endian, data, phdrs, &dynamic);
        canary = canary || names.iter().copied().any(is_canary_symbol);
        names
    });
    let fortify = fortify::count(dynamic_names.iter().copied());

    let elf_type = match header.e_type(endian) {
        elf::ET_EXEC => ElfType::Exec,
        elf::ET_DYN => ElfType::Dyn,
        elf::ET_REL => ElfType::Rel,
        elf::ET_CORE => ElfType::Core,
        _ => ElfType::Other,
    };
    let relro = match (has_relro, dynamic.bind_now) {
        (false, _) => Relro::None,
        (true, false) => Relro::Partial,
        (true, true) => Relro::Full,
    };
    let machine = header.e_machine(endian).0;
    Ok(ElfHardening {
        path: path.to_owned(),
        class: if header.is_type_64() {
            ElfClass::Elf64
        } else {
            ElfClass::Elf32
        },
        endianness: if header.is_little_endian() {
            Endianness::Little
        } else {
            Endianness::Big
        },
        machine,
        architecture: architecture_name(machine),
        elf_type,
        is_pie: elf_type == ElfType::Dyn && (dynamic.has_debug || dynamic.flags_1_pie),
        nx: gnu_stack == GnuStack::NotExecutable,
        gnu_stack,
        relro,
        canary,
        fortify,
        stripped: !has_symtab,
        symbols: symtab_len,
        rpath: dynamic.rpath,
        runpath: dynamic.runpath,
        mode,
        setuid: mode.is_some_and(|m| m & 0o4000 != 0),
        setgid: mode.is_some_and(|m| m & 0o2000 != 0),
        wx_segments,
        notes,
    })
}

fn is_canary_symbol(name: &[u8]) -> bool {
    static NEEDLES: OnceLock<AhoCorasick> = OnceLock::new();
    NEEDLES
        .get_or_init(|| AhoCorasick::new(CANARY_SYMBOLS).expect("three literal patterns"))
        .is_match(name)
}

/// The NUL-terminated name at `offset` of a string table, if it ends within
/// [`MAX_NAME_BYTES`]: longer names (none of the ones looked for) are skipped, which bounds
/// the work a forged table of many symbols pointing at one huge string can cause.
fn name_at(strings: &[u8], offset: u64) -> Option<&[u8]> {
    let rest = strings.get(usize::try_from(offset).ok()?..)?;
    let window = &rest[..rest.len().min(MAX_NAME_BYTES + 1)];
    let end = memchr::memchr(0, window)?;
    Some(&rest[..end])
}

/// The entry count of a symbol section and the names of its first [`MAX_SYMBOLS`] entries,
/// read lazily (the canary search stops at the first match).
fn section_symbol_names<'data, Elf: FileHeader<Endian = ObjectEndian>>(
    endian: ObjectEndian,
    data: &'data [u8],
    sections: &SectionTable<'data, Elf>,
    section: &'data Elf::SectionHeader,
) -> object::Result<(usize, impl Iterator<Item = &'data [u8]>)> {
    let table = SymbolTable::<Elf>::parse(endian, data, sections, SectionIndex(0), section)?;
    let strings = sections
        .section(table.string_section())?
        .data(endian, data)?;
    let names = table
        .symbols()
        .iter()
        .take(MAX_SYMBOLS)
        .filter_map(move |sym| name_at(strings, u64::from(sym.st_name(endian))));
    Ok((table.len(), names))
}

/// Reads the dynamic entries: the flags that decide PIE and RELRO, and the RPATH/RUNPATH
/// strings (offsets into the string table `DT_STRTAB` points at, found through `PT_LOAD`).
fn read_dynamic<Elf: FileHeader<Endian = ObjectEndian>>(
    endian: ObjectEndian,
    data: &[u8],
    phdrs: &[Elf::ProgramHeader],
    entries: &[Elf::Dyn],
    notes: &mut Vec<String>,
) -> DynamicInfo {
    let mut info = DynamicInfo::default();
    let mut strsz = None;
    let mut rpath_offsets = Vec::new();
    let mut runpath_offsets = Vec::new();
    for entry in entries {
        let value: u64 = entry.d_val(endian).into();
        match entry.d_tag(endian) {
            elf::DT_NULL => break,
            elf::DT_DEBUG => info.has_debug = true,
            elf::DT_BIND_NOW => info.bind_now = true,
            elf::DT_FLAGS if value & elf::DF_BIND_NOW.0 != 0 => {
                info.bind_now = true;
            }
            elf::DT_FLAGS_1 if value & elf::DF_1_PIE.0 != 0 => {
                info.flags_1_pie = true;
            }
            elf::DT_RPATH if rpath_offsets.len() < MAX_PATH_ENTRIES => rpath_offsets.push(value),
            elf::DT_RUNPATH if runpath_offsets.len() < MAX_PATH_ENTRIES => {
                runpath_offsets.push(value);
            }
            elf::DT_STRTAB => info.strtab = Some(value),
            elf::DT_STRSZ => strsz = Some(value),
            elf::DT_SYMTAB => info.symtab = Some(value),
            elf::DT_HASH => info.hash = Some(value),
            elf::DT_GNU_HASH => info.gnu_hash = Some(value),
            _ => {}
        }
    }
    if rpath_offsets.is_empty() && runpath_offsets.is_empty() {
        return info;
    }
    let strings = info
        .strtab
        .and_then(|address| bytes_at_address::<Elf>(endian, data, phdrs, address))
        .map(|table| match strsz {
            Some(size) => &table[..table.len().min(usize::try_from(size).unwrap_or(usize::MAX))],
            None => table,
        });
    let Some(strings) = strings else {
        notes.push("RPATH/RUNPATH: the dynamic string table is outside the file".to_owned());
        return info;
    };
    let read = |offset: u64, notes: &mut Vec<String>| -> Option<String> {
        let start = usize::try_from(offset).ok().filter(|&s| s < strings.len());
        let Some(start) = start else {
            notes.push(format!(
                "RPATH/RUNPATH: string offset {offset:#x} out of range"
            ));
            return None;
        };
        let rest = &strings[start..];
        let rest = &rest[..rest.len().min(MAX_PATH_BYTES)];
        let end = memchr::memchr(0, rest).unwrap_or(rest.len());
        Some(String::from_utf8_lossy(&rest[..end]).into_owned())
    };
    info.rpath = rpath_offsets
        .into_iter()
        .filter_map(|o| read(o, notes))
        .collect();
    info.runpath = runpath_offsets
        .into_iter()
        .filter_map(|o| read(o, notes))
        .collect();
    info
}

/// The file bytes from virtual address `address` to the end of the `PT_LOAD` segment holding
/// it.
fn bytes_at_address<'data, Elf: FileHeader<Endian = ObjectEndian>>(
    endian: ObjectEndian,
    data: &'data [u8],
    phdrs: &[Elf::ProgramHeader],
    address: u64,
) -> Option<&'data [u8]> {
    phdrs
        .iter()
        .filter(|p| p.p_type(endian) == elf::PT_LOAD)
        .find_map(|p| {
            let vaddr: u64 = p.p_vaddr(endian).into();
            let filesz: u64 = p.p_filesz(endian).into();
            let delta = address.checked_sub(vaddr).filter(|&d| d < filesz)?;
            let segment = p.data(endian, data).ok()?;
            segment.get(usize::try_from(delta).ok()?..)
        })
}

/// The dynamic symbol names when there are no section headers (sstripped firmware): the table
/// `DT_SYMTAB` points at, its length from `DT_HASH` or `DT_GNU_HASH`.
fn dynamic_symbols_from_segments<'data, Elf: FileHeader<Endian = ObjectEndian>>(
    endian: ObjectEndian,
    data: &'data [u8],
    phdrs: &[Elf::ProgramHeader],
    dynamic: &DynamicInfo,
) -> Vec<&'data [u8]> {
    let at = |address: Option<u64>| {
        address.and_then(|a| bytes_at_address::<Elf>(endian, data, phdrs, a))
    };
    let (Some(symbols), Some(strings)) = (at(dynamic.symtab), at(dynamic.strtab)) else {
        return Vec::new();
    };
    let count = if let Some(hash) = at(dynamic.hash) {
        HashTable::<Elf>::parse(endian, hash)
            .ok()
            .map(|t| t.symbol_table_length())
    } else if let Some(hash) = at(dynamic.gnu_hash) {
        GnuHashTable::<Elf>::parse(endian, hash)
            .ok()
            .and_then(|t| t.symbol_table_length(endian))
    } else {
        None
    };
    let Some(count) = count else {
        return Vec::new();
    };
    let count = (count as usize).min(MAX_SYMBOLS);
    let Ok((table, _)) = object::pod::slice_from_bytes::<Elf::Sym>(symbols, count) else {
        return Vec::new();
    };
    table
        .iter()
        .filter_map(|sym| name_at(strings, u64::from(sym.st_name(endian))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{MAX_NAME_BYTES, is_canary_symbol, name_at};

    #[test]
    fn names_end_at_nul_and_overlong_names_are_skipped() {
        let mut strings = b"\0puts\0".to_vec();
        assert_eq!(name_at(&strings, 1), Some(&b"puts"[..]));
        assert_eq!(name_at(&strings, 99), None);
        strings.extend(std::iter::repeat_n(b'a', MAX_NAME_BYTES + 1));
        strings.push(0);
        assert_eq!(name_at(&strings, 6), None, "a name past the cap is skipped");
        // Unterminated: not a name.
        assert_eq!(name_at(b"abc", 0), None);
    }

    #[test]
    fn canary_names_match_anywhere_in_the_symbol_name() {
        assert!(is_canary_symbol(b"__stack_chk_fail"));
        assert!(is_canary_symbol(b"__stack_chk_fail_local"));
        assert!(is_canary_symbol(b"__stack_chk_guard"));
        assert!(is_canary_symbol(b"__intel_security_cookie"));
        assert!(!is_canary_symbol(b"__chk_fail"));
        assert!(!is_canary_symbol(b"stack_chk_fail"));
    }
}
