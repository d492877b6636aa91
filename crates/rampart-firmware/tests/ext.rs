//! ext2, ext3 and ext4 images built by mke2fs from one tree (tests/fixtures/ext/README.md),
//! stored gzipped: each unpacks to the tree's contents, modes, owners, links and FIFO.

use std::io::Read;

use flate2::read::GzDecoder;
use rampart_firmware::limits::Limits;
use rampart_firmware::tree::{Meta, NodeKind, Special};
use rampart_firmware::unpack::{Unpacked, unpack_one};

const ROOT: &str = "input.unpacked/0x0-ext";

fn image(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/ext/{name}.img.gz",
        env!("CARGO_MANIFEST_DIR")
    );
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut out = Vec::new();
    GzDecoder::new(file).read_to_end(&mut out).unwrap();
    out
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

#[test]
fn ext2_ext3_and_ext4_unpack_the_same_tree() {
    for kind in ["ext2", "ext3", "ext4"] {
        let image = image(kind);
        let unpacked = unpack_one("ext", &image, &Limits::default()).unwrap();
        assert!(
            unpacked.report.problems.is_empty(),
            "{kind}: {:?}",
            unpacked.report.problems
        );
        let busybox = data(&unpacked, "bin/busybox");
        assert_eq!(busybox.len(), 15500, "{kind}");
        assert!(busybox.ends_with(b"BusyBox v1.36.1"));
        assert_eq!(data(&unpacked, "bin/ash"), busybox, "hard link");
        assert_eq!(
            data(&unpacked, "etc/passwd"),
            b"root:x:0:0:root:/root:/bin/sh\n"
        );
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
        assert_eq!(meta("bin/busybox").mode, Some(0o4755));
        assert_eq!(
            node(&unpacked, "bin/sh").kind,
            NodeKind::Symlink("busybox".into())
        );
        assert_eq!(
            node(&unpacked, "dev/initctl").kind,
            NodeKind::Special(Special::Fifo)
        );
        assert!(!unpacked.tree.contains(&format!("{ROOT}/lost+found")));
        assert_eq!(
            unpacked.report.containers[0].size,
            image.len() as u64,
            "{kind}"
        );
    }
}

#[test]
fn a_gzipped_ext4_image_is_unpacked_recursively() {
    let path = format!(
        "{}/tests/fixtures/ext/ext4.img.gz",
        env!("CARGO_MANIFEST_DIR")
    );
    let unpacked = rampart_firmware::unpack::unpack_image(
        "rootfs.ext4.gz",
        bytes::Bytes::from(std::fs::read(path).unwrap()),
        &Limits::default(),
        &mut |_, _| {},
    );
    let passwd = "rootfs.ext4.gz.unpacked/0x0-gzip/rootfs.ext4.unpacked/0x0-ext/etc/passwd";
    assert!(unpacked.tree.contains(passwd), "{:?}", unpacked.report);
}

#[test]
fn a_truncated_image_is_a_located_problem() {
    let image = image("ext4");
    let unpacked = unpack_one("ext", &image[..60_000], &Limits::default()).unwrap();
    let problem = &unpacked.report.problems[0];
    assert_eq!(problem.offset, 60_000);
    assert!(problem.message.contains("truncated"), "{problem:?}");
}

#[test]
fn a_huge_declared_file_is_refused_within_the_limits() {
    let image = image("ext2");
    let limits = Limits {
        max_file_bytes: 10_000,
        ..Limits::default()
    };
    let unpacked = unpack_one("ext", &image, &limits).unwrap();
    let problem = &unpacked.report.problems[0];
    assert!(
        problem.message.contains("declares 15500 bytes"),
        "{problem:?}"
    );
}
