//! squashfs images built by mksquashfs (tests/fixtures/squashfs/README.md): every compressor
//! unpacks the same tree with its contents, modes, owners, links and device nodes.

use rampart_firmware::limits::Limits;
use rampart_firmware::tree::{Meta, NodeKind, Special};
use rampart_firmware::unpack::{Unpacked, unpack_one};

const ROOT: &str = "input.unpacked/0x0-squashfs";

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/squashfs/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn unpack(image: &[u8]) -> Unpacked {
    unpack_one("squashfs", image, &Limits::default()).unwrap()
}

fn node<'a>(unpacked: &'a Unpacked, path: &str) -> &'a rampart_firmware::tree::Node {
    unpacked
        .tree
        .get(&format!("{ROOT}/{path}"))
        .unwrap_or_else(|| panic!("{path} missing: {:?}", unpacked.report))
}

fn data<'a>(unpacked: &'a Unpacked, path: &str) -> &'a [u8] {
    match &node(unpacked, path).kind {
        NodeKind::File(data) => data,
        other => panic!("{path} is {other:?}"),
    }
}

const COMPRESSORS: [&str; 7] = ["gzip", "lzma", "lzo", "xz", "lz4", "zstd", "plain"];

#[test]
fn every_compressor_unpacks_the_same_tree() {
    let reference = unpack(&fixture("rootfs-plain.sqfs"));
    let busybox = data(&reference, "bin/busybox");
    assert_eq!(busybox.len(), 15500);
    assert!(busybox.ends_with(b"BusyBox v1.36.1"));
    for compressor in COMPRESSORS {
        let image = fixture(&format!("rootfs-{compressor}.sqfs"));
        let unpacked = unpack(&image);
        assert!(
            unpacked.report.problems.is_empty(),
            "{compressor}: {:?}",
            unpacked.report.problems
        );
        assert_eq!(data(&unpacked, "bin/busybox"), busybox, "{compressor}");
        assert_eq!(
            data(&unpacked, "etc/passwd"),
            b"root:x:0:0:root:/root:/bin/sh\n"
        );
        assert_eq!(data(&unpacked, "etc/os-release"), b"ID=rampart\n");
        let meta = |path| node(&unpacked, path).meta;
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
        assert_eq!(meta("bin/busybox").mode, Some(0o4755), "set-uid kept");
        assert_eq!(
            node(&unpacked, "bin/sh").kind,
            NodeKind::Symlink("busybox".into())
        );
        assert_eq!(
            node(&unpacked, "dev/console").kind,
            NodeKind::Special(Special::CharDevice { major: 5, minor: 1 })
        );
        assert_eq!(
            node(&unpacked, "dev/mtdblock0").kind,
            NodeKind::Special(Special::BlockDevice {
                major: 31,
                minor: 0
            })
        );
        assert_eq!(
            node(&unpacked, "dev/initctl").kind,
            NodeKind::Special(Special::Fifo)
        );
        assert_eq!(node(&unpacked, "bin").kind, NodeKind::Dir);
        // The container ends where the superblock's bytes_used says, before mksquashfs's
        // padding to 4 KiB, so carving resumes right after it.
        let bytes_used = u64::from_le_bytes(image[40..48].try_into().unwrap());
        assert!(bytes_used < image.len() as u64);
        assert_eq!(
            unpacked.report.containers[0].size, bytes_used,
            "{compressor}"
        );
    }
}

#[test]
fn hard_links_share_their_content() {
    let unpacked = unpack(&fixture("rootfs-xz.sqfs"));
    let busybox = data(&unpacked, "bin/busybox");
    let ash = data(&unpacked, "bin/ash");
    assert_eq!(ash, busybox);
    assert_eq!(ash.as_ptr(), busybox.as_ptr(), "one copy for both names");
}

#[test]
fn an_image_after_other_data_is_carved() {
    let mut image = b"firmware header \x00\x01\x02".repeat(10);
    let offset = image.len();
    image.extend_from_slice(&fixture("rootfs-gzip.sqfs"));
    let unpacked = rampart_firmware::unpack::unpack_image(
        "fw.bin",
        bytes::Bytes::from(image),
        &Limits::default(),
        &mut |_, _| {},
    );
    let found = &unpacked.report.containers[0];
    assert_eq!((found.offset, found.format), (offset as u64, "squashfs"));
    assert!(
        unpacked
            .tree
            .contains(&format!("fw.bin.unpacked/{offset:#x}-squashfs/etc/passwd"))
    );
}

#[test]
fn a_truncated_image_is_a_located_problem() {
    let image = fixture("rootfs-gzip.sqfs");
    let unpacked = unpack(&image[..4000]);
    let problem = &unpacked.report.problems[0];
    assert_eq!(problem.offset, 4000);
    assert!(problem.message.contains("truncated"), "{problem:?}");
}
