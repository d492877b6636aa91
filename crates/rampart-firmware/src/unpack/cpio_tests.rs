//! cpio archives of every variant written here byte by byte.

use super::*;
use crate::limits::{Limits, SkipReason};
use crate::tree::NodeKind;
use crate::unpack::unpack_one;

/// One member: name, mode (with type), content, inode, link count, device numbers.
pub(crate) struct Member<'a> {
    pub name: &'a [u8],
    pub mode: u32,
    pub body: &'a [u8],
    pub ino: u32,
    pub nlink: u32,
    pub rdev: (u32, u32),
}

pub(crate) fn file<'a>(name: &'a [u8], body: &'a [u8]) -> Member<'a> {
    Member {
        name,
        mode: S_IFREG | 0o644,
        body,
        ino: 0,
        nlink: 1,
        rdev: (0, 0),
    }
}

pub(crate) fn symlink<'a>(name: &'a [u8], target: &'a [u8]) -> Member<'a> {
    Member {
        mode: S_IFLNK | 0o777,
        ..file(name, target)
    }
}

/// An archive in `variant` ("newc", "crc", "odc", "bin-le", "bin-be"), trailer included.
pub(crate) fn archive(variant: &str, members: &[Member<'_>]) -> Vec<u8> {
    let mut out = Vec::new();
    let trailer = Member {
        name: TRAILER,
        mode: 0,
        body: b"",
        ino: 0,
        nlink: 1,
        rdev: (0, 0),
    };
    for m in members.iter().chain(std::iter::once(&trailer)) {
        let namesize = m.name.len() + 1;
        match variant {
            "newc" | "crc" => {
                let magic = if variant == "newc" {
                    "070701"
                } else {
                    "070702"
                };
                let header = format!(
                    "{magic}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}",
                    m.ino,
                    m.mode,
                    0,
                    0,
                    m.nlink,
                    0,
                    m.body.len(),
                    0,
                    0,
                    m.rdev.0,
                    m.rdev.1,
                    namesize,
                    0
                );
                out.extend_from_slice(header.as_bytes());
                out.extend_from_slice(m.name);
                out.push(0);
                out.resize(align(out.len(), 4), 0);
                out.extend_from_slice(m.body);
                out.resize(align(out.len(), 4), 0);
            }
            "odc" => {
                let header = format!(
                    "070707{:06o}{:06o}{:06o}{:06o}{:06o}{:06o}{:06o}{:011o}{:06o}{:011o}",
                    0,
                    m.ino,
                    m.mode,
                    0,
                    0,
                    m.nlink,
                    m.rdev.0 << 8 | m.rdev.1,
                    0,
                    namesize,
                    m.body.len()
                );
                out.extend_from_slice(header.as_bytes());
                out.extend_from_slice(m.name);
                out.push(0);
                out.extend_from_slice(m.body);
            }
            _ => {
                let big = variant == "bin-be";
                let size = m.body.len() as u32;
                let words: [u32; 13] = [
                    0o070_707,
                    0,
                    m.ino,
                    m.mode,
                    0,
                    0,
                    m.nlink,
                    m.rdev.0 << 8 | m.rdev.1,
                    0,
                    0,
                    namesize as u32,
                    size >> 16,
                    size & 0xffff,
                ];
                for w in words {
                    let w = w as u16;
                    out.extend_from_slice(&if big {
                        w.to_be_bytes()
                    } else {
                        w.to_le_bytes()
                    });
                }
                out.extend_from_slice(m.name);
                out.push(0);
                out.resize(align(out.len(), 2), 0);
                out.extend_from_slice(m.body);
                out.resize(align(out.len(), 2), 0);
            }
        }
    }
    out
}

const VARIANTS: [&str; 5] = ["newc", "crc", "odc", "bin-le", "bin-be"];

fn content(unpacked: &crate::unpack::Unpacked, name: &str) -> Vec<u8> {
    unpacked
        .tree
        .get(&format!("input.unpacked/0x0-cpio/{name}"))
        .unwrap_or_else(|| panic!("{name} missing"))
        .data()
        .unwrap()
        .to_vec()
}

#[test]
fn every_variant_unpacks_files_dirs_links_and_devices_and_ends_at_its_trailer() {
    for variant in VARIANTS {
        let mut data = archive(
            variant,
            &[
                Member {
                    mode: S_IFDIR | 0o755,
                    ..file(b".", b"")
                },
                Member {
                    mode: S_IFDIR | 0o755,
                    ..file(b"etc", b"")
                },
                file(b"etc/hostname", b"plc-01\n"),
                file(b"odd", b"abc"),
                symlink(b"bin/sh", b"busybox"),
                Member {
                    mode: S_IFCHR | 0o600,
                    rdev: (5, 1),
                    ..file(b"dev/console", b"")
                },
            ],
        );
        let len = data.len();
        data.extend_from_slice(&[0; 512]);
        assert!(Cpio.detect(&data), "{variant}");
        let unpacked = unpack_one("cpio", &data, &Limits::default()).unwrap();
        assert_eq!(unpacked.report.containers[0].size, len as u64, "{variant}");
        assert_eq!(content(&unpacked, "etc/hostname"), b"plc-01\n", "{variant}");
        assert_eq!(content(&unpacked, "odd"), b"abc", "{variant}");
        let get = |p: &str| {
            unpacked
                .tree
                .get(&format!("input.unpacked/0x0-cpio/{p}"))
                .unwrap()
        };
        assert!(
            matches!(&get("bin/sh").kind, NodeKind::Symlink(t) if t == "busybox"),
            "{variant}"
        );
        assert!(
            matches!(
                get("dev/console").kind,
                NodeKind::Special(Special::CharDevice { major: 5, minor: 1 })
            ),
            "{variant}"
        );
        assert_eq!(get("etc/hostname").meta.mode, Some(0o644));
        assert!(unpacked.report.problems.is_empty(), "{variant}");
    }
}

#[test]
fn newc_hard_links_share_the_data_stored_with_the_last_name() {
    let linked = |name: &'static [u8], body: &'static [u8]| Member {
        ino: 42,
        nlink: 2,
        ..file(name, body)
    };
    let data = archive("newc", &[linked(b"bin/a", b""), linked(b"bin/b", b"ELF")]);
    let unpacked = unpack_one("cpio", &data, &Limits::default()).unwrap();
    assert_eq!(content(&unpacked, "bin/a"), b"ELF");
    assert_eq!(content(&unpacked, "bin/b"), b"ELF");
}

#[test]
fn a_truncated_archive_keeps_its_earlier_members_and_names_the_place() {
    let mut data = archive("newc", &[file(b"a", b"1"), file(b"b", &[7; 100])]);
    data.truncate(240);
    let unpacked = unpack_one("cpio", &data, &Limits::default()).unwrap();
    assert_eq!(content(&unpacked, "a"), b"1");
    let problem = &unpacked.report.problems[0];
    assert_eq!(problem.offset, 116);
    assert!(problem.message.contains("past the end"));
}

#[test]
fn detect_refuses_bad_fields_and_names() {
    let good = archive("bin-le", &[file(b"x", b"y")]);
    assert!(Cpio.detect(&good));
    let mut no_nul = good.clone();
    no_nul[26 + 1] = b'z';
    assert!(!Cpio.detect(&no_nul));
    let mut bad_hex = archive("newc", &[file(b"x", b"y")]);
    bad_hex[10] = b'g';
    assert!(!Cpio.detect(&bad_hex));
    assert!(!Cpio.detect(b"\xc7\x71"));
    let control = archive("bin-le", &[file(b"a\x01b", b"y")]);
    assert!(!Cpio.detect(&control));
}

#[test]
fn names_that_climb_are_refused() {
    let data = archive("odc", &[file(b"../../etc/shadow", b"x"), file(b"ok", b"y")]);
    let unpacked = unpack_one("cpio", &data, &Limits::default()).unwrap();
    assert!(matches!(
        unpacked.report.skipped[0].reason,
        SkipReason::UnsafePath { .. }
    ));
    assert_eq!(content(&unpacked, "ok"), b"y");
}
