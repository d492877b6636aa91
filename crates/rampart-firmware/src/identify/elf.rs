//! ELF metadata of a binary: SONAME, NEEDED libraries, GNU build-id and the `.comment`
//! compiler notes (`GCC: (Debian 12.2.0-14) 12.2.0`). Signature rules select libraries by
//! SONAME, and every occurrence in an ELF file records these facts, which tie a finding to
//! the exact build (a build-id names one binary; NEEDED says what it loads).

use goblin::elf::Elf;

/// What the ELF headers say about a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ElfFacts {
    /// `DT_SONAME`.
    pub soname: Option<String>,
    /// `DT_NEEDED`, in order.
    pub needed: Vec<String>,
    /// GNU build-id, lower-case hex.
    pub build_id: Option<String>,
    /// `.comment` strings (compiler and version), distinct, in order.
    pub comment: Vec<String>,
}

impl ElfFacts {
    /// A one-line summary for evidence (`soname=libssl.so.3 build-id=… gcc=…`).
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = &self.soname {
            parts.push(format!("soname={s}"));
        }
        if let Some(b) = &self.build_id {
            parts.push(format!("build-id={b}"));
        }
        if !self.needed.is_empty() {
            parts.push(format!("needed={}", self.needed.join(",")));
        }
        if !self.comment.is_empty() {
            parts.push(format!("comment={}", self.comment.join("; ")));
        }
        parts.join(" ")
    }
}

/// Whether `data` starts like an ELF file.
pub fn is_elf(data: &[u8]) -> bool {
    data.starts_with(b"\x7fELF")
}

/// Most `.comment` bytes read: a real one is under 1 KiB.
const MAX_COMMENT: usize = 4096;

/// The facts of an ELF file; `None` when it is not one or its headers do not parse (a
/// truncated or hostile file is simply not described).
pub fn facts(data: &[u8]) -> Option<ElfFacts> {
    if !is_elf(data) {
        return None;
    }
    let elf = Elf::parse(data).ok()?;
    let mut out = ElfFacts {
        soname: elf.soname.map(str::to_owned),
        needed: elf.libraries.iter().map(|s| (*s).to_owned()).collect(),
        ..ElfFacts::default()
    };
    if let Some(notes) = elf.iter_note_sections(data, Some(".note.gnu.build-id")) {
        for note in notes.flatten() {
            if note.n_type == goblin::elf::note::NT_GNU_BUILD_ID && note.name == "GNU" {
                out.build_id = Some(note.desc.iter().fold(String::new(), |mut hex, b| {
                    use std::fmt::Write;
                    let _ = write!(hex, "{b:02x}");
                    hex
                }));
            }
        }
    }
    for section in &elf.section_headers {
        if elf.shdr_strtab.get_at(section.sh_name) != Some(".comment") {
            continue;
        }
        let start = usize::try_from(section.sh_offset).ok()?;
        let size = usize::try_from(section.sh_size).ok()?.min(MAX_COMMENT);
        let Some(bytes) = data.get(start..start.saturating_add(size)) else {
            continue;
        };
        for s in bytes.split(|b| *b == 0) {
            let s = String::from_utf8_lossy(s).trim().to_owned();
            if !s.is_empty() && !out.comment.contains(&s) {
                out.comment.push(s);
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_elf_and_truncated_elf_give_nothing() {
        assert!(facts(b"#!/bin/sh\n").is_none());
        assert!(facts(b"\x7fELF\x02\x01\x01").is_none());
    }

    #[test]
    fn the_test_binary_itself_is_described() {
        // The running test executable is a real ELF file on Linux: it has a build-id.
        let exe = std::fs::read(std::env::current_exe().unwrap()).unwrap();
        let facts = facts(&exe).expect("the test binary is ELF");
        assert!(facts.build_id.is_some_and(|b| b.len() >= 16));
    }
}
