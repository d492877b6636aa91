//! 7z archives with `sevenz-rust2` (pure Rust; LZMA, LZMA2, PPMd, bzip2, deflate, copy, BCJ
//! and delta filters; no AES). Its header parser works within a memory limit Rampart sets
//! from the remaining budget (capping the header and each decoder's dictionary before
//! allocation), and entries are streamed one at a time through the sink, so a bomb stops at
//! the budget. The archive's size is exact: the signature header names where the next
//! header lies and how long it is. Encrypted archives and members in other methods are
//! reported, not unpacked.

use std::io::{Cursor, Read};

use sevenz_rust2::{ArchiveReader, EntryDecision, Error as SevenZError, Password};

use crate::tree::Meta;

use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// 7z.
pub struct SevenZ;

const MAGIC: &[u8] = b"7z\xbc\xaf\x27\x1c";
const SIGNATURE_HEADER: u64 = 32;
/// The largest header or decoder state accepted, in KiB, whatever the budget: LZMA2's
/// largest dictionary (1.5 GiB) is not needed by any firmware.
const MAX_MEMORY_KB: u64 = 256 << 10;
/// The memory allowed however small the budget: 7-Zip's `-mx9` dictionary (64 MiB), so a small
/// budget still reads ordinary archives and the output budget, not the decoder, stops a bomb.
const MIN_MEMORY_KB: u64 = 64 << 10;
/// Windows attribute bit saying the high 16 bits hold a Unix mode (p7zip, 7-Zip on Unix).
const UNIX_EXTENSION: u32 = 0x8000;
const S_IFMT: u32 = 0o170_000;
const S_IFLNK: u32 = 0o120_000;
/// The longest symbolic-link target read from a member.
const MAX_LINK: u64 = 4096;

impl Unpacker for SevenZ {
    fn format(&self) -> &'static str {
        "7z"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[Magic::at_start(MAGIC)];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        // Major version 0; the next header must lie after the signature header.
        data.len() >= SIGNATURE_HEADER as usize && data.starts_with(MAGIC) && data[6] == 0
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let end = archive_end(data).ok_or_else(|| {
            UnpackError::format(0, "the 7z next header lies past the end of the data")
        })?;
        let memory_kb = (sink.file_bytes_left() / 1024).clamp(MIN_MEMORY_KB, MAX_MEMORY_KB);
        let mut reader = ArchiveReader::new_with_memory_limit(
            Cursor::new(&data[..end]),
            Password::empty(),
            usize::try_from(memory_kb).unwrap_or(usize::MAX),
        )
        .map_err(|e| UnpackError::format(0, format!("unreadable 7z header: {e}")))?;
        reader.set_thread_count(1);
        let mut stopped: Option<UnpackError> = None;
        let result = reader.for_each_entries_with_decision(|entry, content| {
            Ok(match add_entry(entry, content, sink) {
                Ok(()) => EntryDecision::Continue,
                Err(error) => {
                    stopped = Some(error);
                    EntryDecision::Stop
                }
            })
        });
        if let Some(error) = stopped {
            return Err(error);
        }
        if let Err(e) = result {
            let message = describe(&e);
            if sink.entries() == 0 {
                return Err(UnpackError::format(0, message));
            }
            sink.problem(0, message);
        }
        Ok(Outcome { consumed: end })
    }
}

fn describe(error: &SevenZError) -> String {
    match error {
        SevenZError::UnsupportedCompressionMethod(method) => {
            format!("a member uses a method Rampart does not decode ({method}): not unpacked")
        }
        SevenZError::PasswordRequired => "the archive is encrypted: not unpacked".to_owned(),
        other => format!("7z data: {other}"),
    }
}

/// The end of the archive: the signature header, then the next header at its stated offset
/// and length.
fn archive_end(data: &[u8]) -> Option<usize> {
    let offset = u64::from_le_bytes(data.get(12..20)?.try_into().ok()?);
    let size = u64::from_le_bytes(data.get(20..28)?.try_into().ok()?);
    let end = SIGNATURE_HEADER.checked_add(offset)?.checked_add(size)?;
    let end = usize::try_from(end).ok()?;
    (end <= data.len()).then_some(end)
}

fn add_entry(
    entry: &sevenz_rust2::ArchiveEntry,
    content: &mut dyn Read,
    sink: &mut Sink<'_>,
) -> Result<(), UnpackError> {
    if entry.is_anti_item {
        return Ok(());
    }
    let name = entry.name.as_bytes();
    let unix_mode = (entry.has_windows_attributes
        && entry.windows_attributes & UNIX_EXTENSION != 0)
        .then_some(entry.windows_attributes >> 16);
    let meta = Meta {
        mode: unix_mode.map(|m| m & 0o7777),
        ..Meta::default()
    };
    if entry.is_directory {
        return sink.dir(name, meta);
    }
    if unix_mode.is_some_and(|m| m & S_IFMT == S_IFLNK) {
        let mut target = Vec::new();
        content
            .take(MAX_LINK)
            .read_to_end(&mut target)
            .map_err(|e| UnpackError::format(0, format!("{}: {e}", entry.name)))?;
        return sink.symlink(name, &target, meta);
    }
    sink.file_from_reader(name, content, meta)
}

#[cfg(test)]
mod tests {
    use sevenz_rust2::{ArchiveEntry, ArchiveWriter};

    use super::*;
    use crate::limits::Limits;
    use crate::unpack::unpack_one;

    fn seven_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = ArchiveWriter::new(Cursor::new(Vec::new())).unwrap();
        for (name, content) in entries {
            writer
                .push_archive_entry(ArchiveEntry::new_file(name), Some(*content))
                .unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn members_are_unpacked_and_the_archive_ends_after_its_header() {
        let mut data = seven_zip(&[("etc/issue", b"Welcome"), ("bin/x", b"\x7fELF")]);
        let len = data.len();
        data.extend_from_slice(b"trailing");
        let unpacked = unpack_one("7z", &data, &Limits::default()).unwrap();
        assert_eq!(unpacked.report.containers[0].size, len as u64);
        let issue = unpacked
            .tree
            .get("input.unpacked/0x0-7z/etc/issue")
            .unwrap();
        assert_eq!(issue.data().unwrap().as_ref(), b"Welcome");
    }

    #[test]
    fn bzip2_deflate_and_ppmd_members_are_unpacked() {
        // Made by p7zip 16.02 (`tests/fixtures/7z/README.md`).
        for (method, data) in [
            (
                "BZip2",
                &include_bytes!("../../tests/fixtures/7z/BZip2.7z")[..],
            ),
            (
                "Deflate",
                &include_bytes!("../../tests/fixtures/7z/Deflate.7z")[..],
            ),
            (
                "PPMd",
                &include_bytes!("../../tests/fixtures/7z/PPMd.7z")[..],
            ),
        ] {
            let unpacked = unpack_one("7z", data, &Limits::default()).unwrap();
            assert!(
                unpacked.report.problems.is_empty(),
                "{method}: {:?}",
                unpacked.report.problems
            );
            let file = unpacked
                .tree
                .get("input.unpacked/0x0-7z/lsb-release")
                .unwrap_or_else(|| panic!("{method}"));
            assert_eq!(
                file.data().unwrap().as_ref(),
                b"DISTRIB_ID=Rampart\nDISTRIB_RELEASE=1.0\n",
                "{method}"
            );
        }
    }

    #[test]
    fn a_header_pointing_past_the_end_is_reported() {
        let mut data = seven_zip(&[("a", b"b")]);
        data.truncate(data.len() - 1);
        let unpacked = unpack_one("7z", &data, &Limits::default()).unwrap();
        assert!(unpacked.report.problems[0].message.contains("past the end"));
    }
}
