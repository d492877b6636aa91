//! Conformance of the filesystem unpackers against real images kept outside the repository
//! (`../shared/corpora`: FACT extractor's and binwalk's test inputs). Built only with
//! `--features conformance`; skipped, with a message, when the corpora folder is absent.
//! Every image must unpack to the files Debian's own tools (`unsquashfs -ll`, `debugfs`,
//! `cramfsck`) list in it, with the same bytes.

use std::path::PathBuf;

use std::io::Read;

use bytes::Bytes;
use rampart_firmware::limits::Limits;
use rampart_firmware::tree::NodeKind;
use rampart_firmware::unpack::{Unpacked, unpack_image};

fn corpora() -> Option<PathBuf> {
    let dir = std::env::var_os("RAMPART_CORPORA").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora"),
        PathBuf::from,
    );
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: the corpora folder {} is absent (set RAMPART_CORPORA)",
            dir.display()
        );
        None
    }
}

fn unpack(path: &std::path::Path) -> Unpacked {
    let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    unpack_image(
        "image",
        Bytes::from(data),
        &Limits::default(),
        &mut |_, _| {},
    )
}

/// The bytes of the one file whose tree path ends with `suffix`.
fn file<'a>(unpacked: &'a Unpacked, suffix: &str) -> Option<&'a [u8]> {
    unpacked
        .tree
        .iter()
        .find_map(|(path, node)| match &node.kind {
            NodeKind::File(data) if path.ends_with(suffix) => Some(data.as_ref()),
            _ => None,
        })
}

const FACT_TESTFILE1: &[u8] = b"test file:\ncontent: MyTestRule 1.2.3\nVersion: Program 0.0.0.0\n";

/// Checks FACT's three test files were unpacked from a filesystem of `format` (`ext/dir`
/// when they sit in a folder of it); returns a description of what is wrong.
fn fact_files(unpacked: &Unpacked, format: &str) -> Result<(), String> {
    let expected: [(&str, &[u8]); 3] = [
        ("testfile1", FACT_TESTFILE1),
        ("testfile2", b"This is the second test file"),
        ("generic folder/test file 3_.txt", b"The third test file!"),
    ];
    for (name, content) in expected {
        let suffix = format!("-{format}/{name}");
        match file(unpacked, &suffix) {
            Some(data) if data == content => {}
            Some(data) => return Err(format!("{name}: wrong content {data:?}")),
            None => {
                return Err(format!(
                    "{name} missing; problems: {:?}",
                    unpacked.report.problems
                ));
            }
        }
    }
    Ok(())
}

#[test]
fn fact_squashfs_images() {
    let Some(corpora) = corpora() else { return };
    let dir =
        corpora.join("fact-extractor-data/fact_extractor/plugins/unpacking/squashFS/test/data");
    let expected_to_pass = [
        "gzip.sqfs",
        "lzma.sqfs",
        "lzo.sqfs",
        "xz.sqfs",
        "lz4.sqfs",
        "zstd.sqfs",
        "avm_le.sqfs4",
        "avm_be.sqfs4",
    ];
    let mut failures = Vec::new();
    for name in expected_to_pass {
        let unpacked = unpack(&dir.join(name));
        if let Err(e) = fact_files(&unpacked, "squashfs") {
            failures.push(format!("{name}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn binwalk_squashfs() {
    let Some(corpora) = corpora() else { return };
    let unpacked = unpack(&corpora.join("binwalk-inputs/tests/inputs/squashfs.bin"));
    let release = file(&unpacked, "-squashfs/lsb-release").expect("lsb-release");
    assert!(release.starts_with(b"DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=22.04\n"));
    assert_eq!(release.len(), 104);
    assert_eq!(unpacked.report.containers[0].size, 315, "bytes_used");
}

/// Versions 2 and 3: FACT's images in both byte orders, zlib and the vendors' raw LZMA.
#[test]
fn fact_squashfs_v2_and_v3_images() {
    let Some(corpora) = corpora() else { return };
    let dir =
        corpora.join("fact-extractor-data/fact_extractor/plugins/unpacking/squashFS/test/data");
    let mut failures = Vec::new();
    for name in [
        "zlib_le.sqfs3",
        "zlib_be.sqfs3",
        "lzma1_le.sqfs3",
        "lzma1_be.sqfs3",
        "lzma_le.sqfs2",
        "lzma_be.sqfs2",
    ] {
        let unpacked = unpack(&dir.join(name));
        if let Err(e) = fact_files(&unpacked, "squashfs") {
            failures.push(format!("{name}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// binwalk's version 2.0 image: its directories, links and devices are read, but its file
/// blocks use an LZMA variant (5-byte header, then a stream no standard LZMA decoder
/// accepts) that only sasquatch's patched decoders read: a located problem, not garbage.
#[test]
fn binwalk_squashfs_v2_is_read_up_to_its_vendor_lzma_blocks() {
    let Some(corpora) = corpora() else { return };
    let unpacked = unpack(&corpora.join("binwalk-inputs/tests/inputs/squashfs_v2.bin"));
    let root = "image.unpacked/0x0-squashfs";
    assert_eq!(
        unpacked
            .tree
            .get(&format!("{root}/linuxrc"))
            .map(|n| &n.kind),
        Some(&NodeKind::Symlink("bin/busybox".into()))
    );
    let problem = &unpacked.report.problems[0];
    assert!(problem.message.contains("lzma"), "{problem:?}");
    assert!(
        !unpacked
            .tree
            .iter()
            .any(|(_, n)| matches!(n.kind, NodeKind::File(_)) && n.root == root)
    );
}

#[test]
fn fact_ext_images() {
    let Some(corpora) = corpora() else { return };
    let dir = corpora.join("fact-extractor-data/fact_extractor/plugins/unpacking/sevenz/test/data");
    let mut failures = Vec::new();
    for name in ["ext2", "ext3", "ext4"] {
        let path = dir.join(format!("{name}.img.xz"));
        let compressed = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut image = Vec::new();
        lzma_rust2::XzReader::new(compressed.as_slice(), false)
            .read_to_end(&mut image)
            .unwrap();
        let unpacked = unpack_image(
            "image",
            Bytes::from(image),
            &Limits::default(),
            &mut |_, _| {},
        );
        if let Err(e) = fact_files(&unpacked, "ext/get_files_test") {
            failures.push(format!("{name}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn cramfs_and_romfs_images() {
    let Some(corpora) = corpora() else { return };
    let fact = corpora.join("fact-extractor-data/fact_extractor/plugins/unpacking");
    let binwalk = corpora.join("binwalk-inputs/tests/inputs");
    let unpacked = unpack(&fact.join("sevenz/test/data/cramfs.img"));
    fact_files(&unpacked, "cramfs").unwrap();
    let unpacked = unpack(&fact.join("generic_fs/test/data/romfs.img"));
    fact_files(&unpacked, "romfs").unwrap();
    assert_eq!(unpacked.report.containers[0].size, 432);
    for (name, format, size) in [("cramfs.bin", "cramfs", 4096), ("romfs.bin", "romfs", 240)] {
        let unpacked = unpack(&binwalk.join(name));
        let release = file(&unpacked, &format!("-{format}/lsb-release")).expect(name);
        assert!(
            release.starts_with(b"DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=22.04\n"),
            "{name}"
        );
        assert_eq!(unpacked.report.containers[0].size, size, "{name}");
    }
}
