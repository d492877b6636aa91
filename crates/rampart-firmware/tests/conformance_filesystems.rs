//! Conformance of the filesystem unpackers against real images kept outside the repository
//! (`../shared/corpora`: FACT extractor's and binwalk's test inputs). Built only with
//! `--features conformance`; skipped, with a message, when the corpora folder is absent.
//! Every image must unpack to the files Debian's own tools (`unsquashfs -ll`, `debugfs`,
//! `cramfsck`) list in it, with the same bytes.

use std::path::PathBuf;

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

/// Checks FACT's three test files were unpacked from a filesystem of `format`; returns a
/// description of what is wrong.
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
