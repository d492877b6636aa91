//! romfs and CramFS images built from the tree of tests/fixtures/squashfs/README.md by
//! genromfs and mkfs.cramfs (both byte orders): contents, modes, links and devices, and
//! the hostile cases their parsers must locate.

use rampart_firmware::limits::{Limits, SkipReason};
use rampart_firmware::tree::{Meta, NodeKind, Special};
use rampart_firmware::unpack::{Unpacked, unpack_one};

fn fixture(path: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn node<'a>(unpacked: &'a Unpacked, format: &str, path: &str) -> &'a rampart_firmware::tree::Node {
    unpacked
        .tree
        .get(&format!("input.unpacked/0x0-{format}/{path}"))
        .unwrap_or_else(|| panic!("{path} missing: {:?}", unpacked.report))
}

fn data<'a>(unpacked: &'a Unpacked, format: &str, path: &str) -> &'a [u8] {
    match &node(unpacked, format, path).kind {
        NodeKind::File(data) => data,
        other => panic!("{path} is {other:?}"),
    }
}

fn check_common(unpacked: &Unpacked, format: &str) {
    assert!(
        unpacked.report.problems.is_empty(),
        "{format}: {:?}",
        unpacked.report.problems
    );
    let busybox = data(unpacked, format, "bin/busybox");
    assert_eq!(busybox.len(), 15500);
    assert!(busybox.ends_with(b"BusyBox v1.36.1"));
    let ash = data(unpacked, format, "bin/ash");
    assert_eq!(
        ash.as_ptr(),
        busybox.as_ptr(),
        "{format}: hard links share one copy"
    );
    assert_eq!(
        data(unpacked, format, "etc/passwd"),
        b"root:x:0:0:root:/root:/bin/sh\n"
    );
    assert_eq!(data(unpacked, format, "etc/os-release"), b"ID=rampart\n");
    assert_eq!(
        node(unpacked, format, "bin/sh").kind,
        NodeKind::Symlink("busybox".into())
    );
    assert_eq!(
        node(unpacked, format, "dev/console").kind,
        NodeKind::Special(Special::CharDevice { major: 5, minor: 1 })
    );
    assert_eq!(
        node(unpacked, format, "dev/mtdblock0").kind,
        NodeKind::Special(Special::BlockDevice {
            major: 31,
            minor: 0
        })
    );
    assert_eq!(
        node(unpacked, format, "dev/initctl").kind,
        NodeKind::Special(Special::Fifo)
    );
}

#[test]
fn romfs_unpacks_with_the_modes_linux_gives_it() {
    let image = fixture("romfs/rootfs.romfs");
    let unpacked = unpack_one("romfs", &image, &Limits::default()).unwrap();
    check_common(&unpacked, "romfs");
    // romfs keeps only an executable bit: Linux shows 0755 or 0644, owned by root.
    assert_eq!(
        node(&unpacked, "romfs", "bin/busybox").meta,
        Meta::mode(0o755)
    );
    assert_eq!(
        node(&unpacked, "romfs", "etc/passwd").meta,
        Meta::mode(0o644)
    );
    let declared = u32::from_be_bytes(image[8..12].try_into().unwrap());
    assert_eq!(unpacked.report.containers[0].size, u64::from(declared));
}

#[test]
fn a_romfs_header_chain_that_loops_is_located() {
    let mut image = fixture("romfs/rootfs.romfs");
    let at = image.windows(8).position(|w| w == b"passwd\0\0").unwrap() - 16;
    let mut next = (at as u32).to_be_bytes();
    next[3] |= image[at + 3] & 0xf;
    image[at..at + 4].copy_from_slice(&next);
    let unpacked = unpack_one("romfs", &image, &Limits::default()).unwrap();
    let problem = &unpacked.report.problems[0];
    assert_eq!(problem.offset, at as u64);
    assert!(problem.message.contains("loop"), "{problem:?}");
}

#[test]
fn a_romfs_name_holding_a_slash_is_refused() {
    let mut image = fixture("romfs/rootfs.romfs");
    let at = image.windows(8).position(|w| w == b"passwd\0\0").unwrap();
    image[at..at + 6].copy_from_slice(b"../etc");
    let unpacked = unpack_one("romfs", &image, &Limits::default()).unwrap();
    assert!(unpacked.report.skipped.iter().any(|s| matches!(
        &s.reason,
        SkipReason::UnsafePath { raw, .. } if raw == "/etc/../etc"
    )));
    assert!(!unpacked.tree.iter().any(|(p, _)| p.ends_with("/etc/etc")));
}

#[test]
fn cramfs_unpacks_in_both_byte_orders() {
    for order in ["little", "big"] {
        let image = fixture(&format!("cramfs/rootfs-{order}.cramfs"));
        let unpacked = unpack_one("cramfs", &image, &Limits::default()).unwrap();
        check_common(&unpacked, "cramfs");
        let meta = |path| node(&unpacked, "cramfs", path).meta;
        assert_eq!(meta("bin/busybox").mode, Some(0o4755), "{order}");
        assert_eq!(
            meta("etc/passwd"),
            Meta {
                mode: Some(0o600),
                uid: Some(0),
                gid: Some(0)
            }
        );
        assert_eq!(
            meta("etc/os-release"),
            Meta {
                mode: Some(0o644),
                uid: Some(1000),
                gid: Some(100)
            }
        );
        assert_eq!(
            unpacked.report.containers[0].size,
            image.len() as u64,
            "{order}"
        );
    }
}

#[test]
fn a_truncated_cramfs_is_located() {
    let image = fixture("cramfs/rootfs-little.cramfs");
    let unpacked = unpack_one("cramfs", &image[..5000], &Limits::default()).unwrap();
    let problem = &unpacked.report.problems[0];
    assert_eq!(problem.offset, 5000);
    assert!(problem.message.contains("truncated"), "{problem:?}");
}

#[test]
fn a_cramfs_directory_naming_itself_is_a_located_loop() {
    let mut image = fixture("cramfs/rootfs-little.cramfs");
    // The root inode's data offset (bits 6.. of its third word) given to the `bin` entry.
    let root_word = u32::from_le_bytes(image[72..76].try_into().unwrap());
    let name_at = image.windows(4).position(|w| w == b"bin\0").unwrap();
    let word_at = name_at - 4;
    let word = u32::from_le_bytes(image[word_at..word_at + 4].try_into().unwrap());
    let patched = (word & 0x3f) | (root_word & !0x3f);
    image[word_at..word_at + 4].copy_from_slice(&patched.to_le_bytes());
    let unpacked = unpack_one("cramfs", &image, &Limits::default()).unwrap();
    let problem = &unpacked.report.problems[0];
    assert!(problem.message.contains("directory loop"), "{problem:?}");
    assert_eq!(problem.offset, (name_at - 12) as u64);
}
