//! zip archives with the `zip` crate (stored and deflate members): its central-directory
//! parser and decoders only, never its extraction: every name goes through the sink's guard
//! and every member through the budget.
//!
//! The archive's end is found first, walking forward to the first end-of-central-directory
//! record whose directory fits exactly before it, so an archive carved from the middle of an
//! image is read without the bytes after it, and the carver resumes after its comment.
//! Encrypted members and methods other than stored/deflate are reported, not unpacked. A zip
//! without a matching end record is read from its local headers instead
//! ([`zip_local`](super::zip_local)).

use std::io::{Cursor, Read};
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use zip::ZipArchive;
use zip::result::ZipError;

use crate::tree::Meta;

use super::fields::{le_u16, le_u32};
use super::zip_local::{
    ENCRYPTED, HEADER_LEN, LOCAL, SIZES_IN_DESCRIPTOR, STORED, walk_local_headers,
};
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// zip.
pub struct Zip;

const EOCD: &[u8] = b"PK\x05\x06";
const EOCD_LEN: usize = 22;
const ZIP64_LOCATOR: &[u8] = b"PK\x06\x07";
const ZIP64_LOCATOR_LEN: usize = 20;
const ZIP64_EOCD: &[u8] = b"PK\x06\x06";
/// The longest symbolic-link target read from a member.
const MAX_LINK: u64 = 4096;

impl Unpacker for Zip {
    fn format(&self) -> &'static str {
        "zip"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[Magic::at_start(LOCAL)];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        // Version needed to extract (its low byte; the high byte may name the host system):
        // PKWARE's APPNOTE stops at 6.3. A method APPNOTE defines, and a name.
        if data.len() < HEADER_LEN || !data.starts_with(LOCAL) || data[4] > 63 {
            return false;
        }
        let field16 = |at| le_u16(data, at).unwrap_or_default();
        let field32 = |at| le_u32(data, at).unwrap_or_default();
        let (flags, method) = (field16(6), field16(8));
        let (compressed, size) = (field32(18), field32(22));
        let name_len = usize::from(field16(26));
        // What a table of zip signatures in a binary is not: the JVM's class-data archive
        // holds `PK\x03\x04` followed by other constants, read as a 2 KiB name full of NULs
        // and a stored member whose two sizes differ.
        let name_is_text = data
            .get(HEADER_LEN..HEADER_LEN + name_len)
            .is_some_and(|name| !name.contains(&0));
        let stored_sizes_agree = method != STORED
            || flags & (ENCRYPTED | SIZES_IN_DESCRIPTOR) != 0
            || compressed == size;
        matches!(method, 0..=20 | 93..=99) && name_len > 0 && name_is_text && stored_sizes_agree
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let Some(end) = archive_end(data) else {
            let consumed = walk_local_headers(data, sink)?;
            return Ok(Outcome { consumed });
        };
        let mut archive = ZipArchive::new(Cursor::new(&data[..end]))
            .map_err(|e| UnpackError::format(0, format!("unreadable zip directory: {e}")))?;
        for index in 0..archive.len() {
            sink.check_time()?;
            unpack_member(&mut archive, index, sink)?;
        }
        Ok(Outcome { consumed: end })
    }
}

fn unpack_member(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    index: usize,
    sink: &mut Sink<'_>,
) -> Result<(), UnpackError> {
    let (name, header_at, meta, encrypted, is_dir, is_symlink) = {
        let Ok(entry) = archive.by_index_data(index) else {
            return Ok(());
        };
        let meta = Meta {
            mode: entry.unix_mode().map(|m| m & 0o7777),
            ..Meta::default()
        };
        (
            entry.name_raw().to_vec(),
            entry.header_start(),
            meta,
            entry.encrypted(),
            entry.is_dir(),
            entry.is_symlink(),
        )
    };
    let shown = String::from_utf8_lossy(&name).into_owned();
    if encrypted {
        sink.problem(header_at, format!("{shown} is encrypted: not unpacked"));
        return Ok(());
    }
    if is_dir {
        return sink.dir(&name, meta);
    }
    let member = match archive.by_index(index) {
        Ok(member) => member,
        Err(e) => {
            sink.problem(header_at, format!("{shown}: {}", describe(&e)));
            return Ok(());
        }
    };
    if is_symlink {
        let mut target = Vec::new();
        if member.take(MAX_LINK).read_to_end(&mut target).is_err() {
            sink.problem(header_at, format!("{shown}: unreadable link target"));
            return Ok(());
        }
        return sink.symlink(&name, &target, meta);
    }
    match sink.file_from_reader(&name, member, meta) {
        Err(UnpackError::Format { message, .. }) => {
            sink.problem(header_at, format!("{shown}: {message}"));
            Ok(())
        }
        other => other,
    }
}

fn describe(error: &ZipError) -> String {
    match error {
        ZipError::UnsupportedArchive(what) => format!("not unpacked: {what}"),
        other => other.to_string(),
    }
}

fn u16_at(data: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(u16::from_le_bytes(
        data.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn u32_at(data: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(u32::from_le_bytes(
        data.get(at..at + 4)?.try_into().ok()?,
    )))
}

fn u64_at(data: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(data.get(at..at + 8)?.try_into().ok()?))
}

/// The end of the archive starting `data`: just after the comment of the first
/// end-of-central-directory record whose directory (offset plus size, from the archive's
/// start) ends where the record, or its zip64 record, begins.
fn archive_end(data: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = find_eocd(&data[from..]) {
        let at = from + found;
        from = at + 1;
        let (Some(cd_size), Some(cd_offset), Some(comment)) = (
            u32_at(data, at + 12),
            u32_at(data, at + 16),
            u16_at(data, at + 20),
        ) else {
            return None;
        };
        let end = at + EOCD_LEN + comment as usize;
        if end > data.len() {
            continue;
        }
        if cd_offset + cd_size == at as u64 {
            return Some(end);
        }
        if (cd_offset == 0xffff_ffff || cd_size == 0xffff_ffff) && zip64_fits(data, at) {
            return Some(end);
        }
    }
    None
}

/// Whether a zip64 locator right before the record at `eocd` points to a zip64 record whose
/// directory ends where that record begins.
fn zip64_fits(data: &[u8], eocd: usize) -> bool {
    let Some(locator) = eocd.checked_sub(ZIP64_LOCATOR_LEN) else {
        return false;
    };
    if data.get(locator..locator + 4) != Some(ZIP64_LOCATOR) {
        return false;
    }
    let Some(record) = u64_at(data, locator + 8) else {
        return false;
    };
    let Ok(record) = usize::try_from(record) else {
        return false;
    };
    if data.get(record..record + 4) != Some(ZIP64_EOCD) {
        return false;
    }
    match (u64_at(data, record + 40), u64_at(data, record + 48)) {
        (Some(cd_size), Some(cd_offset)) => cd_offset.checked_add(cd_size) == Some(record as u64),
        _ => false,
    }
}

/// The first end-of-central-directory signature in `haystack`, with a vectorised search: a
/// zip carved from the start of a large image is searched to its end once.
fn find_eocd(haystack: &[u8]) -> Option<usize> {
    static FINDER: OnceLock<AhoCorasick> = OnceLock::new();
    FINDER
        .get_or_init(|| AhoCorasick::new([EOCD]).expect("one literal pattern"))
        .find(haystack)
        .map(|m| m.start())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use zip::write::{SimpleFileOptions, ZipWriter};

    use super::*;
    use crate::limits::Limits;
    use crate::tree::NodeKind;
    use crate::unpack::unpack_one;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, content) in entries {
            writer
                .start_file(*name, SimpleFileOptions::default())
                .unwrap();
            writer.write_all(content).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn members_are_unpacked_and_the_archive_ends_after_its_directory() {
        let mut data = zip_of(&[("etc/passwd", b"root:x:0:0"), ("bin/app", b"\x7fELF")]);
        let len = data.len();
        data.extend_from_slice(b"PK\x05\x06 not a record of this archive");
        let unpacked = unpack_one("zip", &data, &Limits::default()).unwrap();
        assert_eq!(unpacked.report.containers[0].size, len as u64);
        let passwd = unpacked
            .tree
            .get("input.unpacked/0x0-zip/etc/passwd")
            .unwrap();
        assert_eq!(passwd.data().unwrap().as_ref(), b"root:x:0:0");
        assert!(matches!(
            unpacked
                .tree
                .get("input.unpacked/0x0-zip/bin")
                .unwrap()
                .kind,
            NodeKind::Dir
        ));
    }

    #[test]
    fn an_encrypted_member_is_reported_not_unpacked() {
        let mut data = zip_of(&[("secret", b"s3cr3t"), ("plain", b"ok")]);
        // Set the encryption flag (bit 0) in the first member's local and central headers.
        data[6] |= 1;
        let central = data.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
        data[central + 8] |= 1;
        let unpacked = unpack_one("zip", &data, &Limits::default()).unwrap();
        assert!(unpacked.tree.get("input.unpacked/0x0-zip/secret").is_none());
        assert!(unpacked.tree.get("input.unpacked/0x0-zip/plain").is_some());
        assert!(
            unpacked.report.problems[0]
                .message
                .contains("secret is encrypted")
        );
    }

    #[test]
    fn a_zip_cut_before_its_directory_is_read_from_its_local_headers() {
        let data = zip_of(&[("a/one", b"first member"), ("two", &[7u8; 5000])]);
        let central = data.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
        let unpacked = unpack_one("zip", &data[..central + 10], &Limits::default()).unwrap();
        let one = unpacked.tree.get("input.unpacked/0x0-zip/a/one").unwrap();
        assert_eq!(one.data().unwrap().as_ref(), b"first member");
        let two = unpacked.tree.get("input.unpacked/0x0-zip/two").unwrap();
        assert_eq!(two.data().unwrap().len(), 5000);
        assert_eq!(unpacked.report.containers[0].size, central as u64);
        assert!(
            unpacked.report.problems[0]
                .message
                .contains("2 members read")
        );
    }

    #[test]
    fn a_member_sized_only_by_its_data_descriptor_is_found_by_inflating_it() {
        let local = |zip: &[u8]| {
            let central = zip.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
            zip[..central].to_vec()
        };
        let mut data = local(&zip_of(&[("d", &b"descriptor ".repeat(50))]));
        data[6] |= 0x08;
        data[14..26].fill(0);
        data.extend_from_slice(b"PK\x07\x08");
        data.extend_from_slice(&[0; 12]);
        data.extend(local(&zip_of(&[("e", b"after")])));
        let unpacked = unpack_one("zip", &data, &Limits::default()).unwrap();
        let d = unpacked.tree.get("input.unpacked/0x0-zip/d").unwrap();
        assert_eq!(d.data().unwrap().len(), 550);
        let e = unpacked.tree.get("input.unpacked/0x0-zip/e").unwrap();
        assert_eq!(e.data().unwrap().as_ref(), b"after");
    }

    #[test]
    fn detect_refuses_a_name_with_nul_bytes_and_a_stored_member_of_two_sizes() {
        let data = zip_of(&[("a", b"bc")]);
        assert!(Zip.detect(&data));
        let mut nul = data.clone();
        nul[30] = 0;
        assert!(!Zip.detect(&nul));
        // zip_of deflates; make the member stored with sizes that disagree.
        let mut stored = data.clone();
        stored[8] = 0;
        stored[22..26].copy_from_slice(&99u32.to_le_bytes());
        assert!(!Zip.detect(&stored));
        // Sizes left to a data descriptor are not compared.
        stored[6] |= 0x08;
        assert!(Zip.detect(&stored));
        // The JVM's class-data archive (classes.jsa) at one of its `PK\x03\x04`.
        let jsa = b"PK\x03\x04\0\0\0\0\0\0\0\0\0\0\0\0\0\x7fW\0\x08\0\0\0PK\x07\x08\0\0\0\0\0\0\0\0\0\0\0\0\x10\x7fW\0\x08\0\0\0PK\x01\x02";
        let mut jsa = jsa.to_vec();
        jsa.resize(4096, 0);
        assert!(!Zip.detect(&jsa));
    }

    #[test]
    fn detect_accepts_a_host_system_in_the_version_needed() {
        let mut data = zip_of(&[("a", b"b")]);
        data[5] = 3;
        assert!(Zip.detect(&data));
        data[4] = 99;
        assert!(!Zip.detect(&data));
        data[4] = 20;
        data[8] = 50; // no such method
        assert!(!Zip.detect(&data));
    }

    #[test]
    fn a_nested_stored_zip_does_not_end_the_outer_one() {
        let inner = zip_of(&[("inner.txt", b"in")]);
        let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
        let stored =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        writer.start_file("inner.zip", stored).unwrap();
        writer.write_all(&inner).unwrap();
        writer.start_file("after", stored).unwrap();
        writer.write_all(b"x").unwrap();
        let outer = writer.finish().unwrap().into_inner();
        assert_eq!(archive_end(&outer), Some(outer.len()));
    }
}
