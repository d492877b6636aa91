//! One ELF file's protections, read with `object`'s low-level ELF reader: every read is
//! bounds-checked, nothing is parsed that a property does not need, and work per file is
//! capped (symbols scanned per table), so a hostile file costs no more than a large one.
//!
//! The rules port checksec 2.6.0's `filecheck` (which greps `readelf -W` output): see
//! `docs/firmware-hardening.md` for each rule and the few places Rampart is stricter.

use object::elf;
use object::read::elf::{Dyn, FileHeader, GnuHashTable, HashTable, ProgramHeader, SectionHeader};
use object::{Endianness as ObjectEndian, FileKind};

use super::machine::architecture_name;
use super::{
    ElfClass, ElfHardening, ElfType, Endianness, GnuStack, HardeningProblem, Relro, WxSegment,
    fortify,
};

/// Symbols read from one table at most: far above any real binary (a debug build of a large
/// C++ library has a few hundred thousand), low enough to bound a forged symbol count.
const MAX_SYMBOLS: usize = 4_000_000;

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
            elf::PT_DYNAMIC => match phdr.dynamic(endian, data) {
                Ok(Some(entries)) => {
                    dynamic = read_dynamic::<Elf>(endian, data, phdrs, entries, &mut notes);
                }
                Ok(None) => {}
                Err(e) => notes.push(format!("dynamic segment: {e}")),
            },
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
    let mut dynamic_names: Vec<&[u8]> = Vec::new();
    let mut dynsym_from_section = false;
    if let Some(sections) = &sections {
        for section in sections.iter() {
            let kind = section.sh_type(endian);
            if kind != elf::SHT_SYMTAB && kind != elf::SHT_DYNSYM {
                continue;
            }
            let table = match object::read::elf::SymbolTable::<Elf>::parse(
                endian,
                data,
                sections,
                object::SectionIndex(0),
                section,
            ) {
                Ok(table) => table,
                Err(e) => {
                    notes.push(format!("symbol table: {e}"));
                    if kind == elf::SHT_SYMTAB {
                        has_symtab = true;
                    }
                    continue;
                }
            };
            if table.len() > MAX_SYMBOLS {
                notes.push(format!(
                    "symbol table of {} entries: only the first {MAX_SYMBOLS} read",
                    table.len()
                ));
            }
            let names = table
                .iter()
                .take(MAX_SYMBOLS)
                .filter_map(|sym| table.symbol_name(endian, sym).ok());
            if kind == elf::SHT_SYMTAB {
                has_symtab = true;
                symtab_len += table.len() as u64;
                canary = canary || names.clone().any(is_canary_symbol);
            } else {
                dynsym_from_section = true;
                dynamic_names.extend(names);
            }
        }
    }
    if !dynsym_from_section {
        dynamic_names = dynamic_symbols_from_segments::<Elf>(endian, data, phdrs, &dynamic);
    }
    canary = canary || dynamic_names.iter().copied().any(is_canary_symbol);
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
    CANARY_SYMBOLS
        .iter()
        .any(|needle| name.windows(needle.len()).any(|w| w == *needle))
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
            elf::DT_RPATH => rpath_offsets.push(value),
            elf::DT_RUNPATH => runpath_offsets.push(value),
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
        let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
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
        .filter_map(|sym| {
            use object::read::elf::Sym;
            let start = usize::try_from(sym.st_name(endian)).ok()?;
            let rest = strings.get(start..)?;
            let end = rest.iter().position(|&b| b == 0)?;
            Some(&rest[..end])
        })
        .collect()
}
