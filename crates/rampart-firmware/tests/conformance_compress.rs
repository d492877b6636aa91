//! Conformance of the compression and archive unpackers on real files kept outside the
//! repository: binwalk's and FACT's test inputs in `../shared/corpora` (or `$RAMPART_CORPORA`).
//! Built only with `--features conformance`; skipped with a message when the corpora are
//! absent. Every expectation below was checked by hand against the Debian tools (`gzip`,
//! `bzip2`, `xz`, `zstd`, `lz4`, `unzip`, `cpio`).

use std::path::PathBuf;

use bytes::Bytes;
use rampart_firmware::limits::Limits;
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
            "skipping: no corpora at {} (set RAMPART_CORPORA)",
            dir.display()
        );
        None
    }
}

/// Unpacks a corpora file under its own name.
fn unpack(dir: &std::path::Path, relative: &str) -> Unpacked {
    let path = dir.join(relative);
    let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = relative.rsplit('/').next().unwrap();
    unpack_image(name, Bytes::from(data), &Limits::default(), &mut |_, _| {})
}

fn content(unpacked: &Unpacked, path: &str) -> Vec<u8> {
    unpacked
        .tree
        .get(path)
        .and_then(|node| node.data())
        .unwrap_or_else(|| panic!("{path} missing; tree: {:?}", paths(unpacked)))
        .to_vec()
}

fn paths(unpacked: &Unpacked) -> Vec<&str> {
    unpacked.tree.iter().map(|(p, _)| p).collect()
}

fn formats(unpacked: &Unpacked) -> Vec<(u64, &'static str)> {
    unpacked
        .report
        .containers
        .iter()
        .filter(|c| c.path == unpacked.report.image)
        .map(|c| (c.offset, c.format))
        .collect()
}

const FACT: &str = "fact-extractor-data/fact_extractor";
const BINWALK: &str = "binwalk-inputs/tests/inputs";

#[test]
fn binwalk_single_streams() {
    let Some(dir) = corpora() else { return };
    let gzip = unpack(&dir, &format!("{BINWALK}/gzip.bin"));
    assert!(
        content(&gzip, "gzip.bin.unpacked/0x0-gzip/lsb-release")
            .starts_with(b"DISTRIB_ID=Ubuntu\n")
    );
    let seven = unpack(&dir, &format!("{BINWALK}/7z.bin"));
    assert!(
        content(&seven, "7z.bin.unpacked/0x0-7z/lsb-release").starts_with(b"DISTRIB_ID=Ubuntu\n")
    );
    let bzip2 = unpack(&dir, &format!("{BINWALK}/bzip2.bin"));
    let text = content(&bzip2, "bzip2.bin.unpacked/0x0-bzip2/data");
    assert_eq!(text.len(), 21_043);
    assert!(text.starts_with(b"EXPRESSION ]"));
}

#[test]
fn binwalk_zip_and_the_zips_carved_from_its_member() {
    let Some(dir) = corpora() else { return };
    let unpacked = unpack(&dir, &format!("{BINWALK}/zip.bin"));
    let member = "zip.bin.unpacked/0x0-zip/CH-sys-48.53.64.67.bin";
    assert_eq!(content(&unpacked, member).len(), 612_699);
    let carved = unpacked
        .report
        .containers
        .iter()
        .filter(|c| c.path == member && c.format == "zip")
        .count();
    assert_eq!(carved, 13);
    let script = content(
        &unpacked,
        &format!("{member}.unpacked/0x2522c-zip/system/init/ipcam.sh"),
    );
    assert_eq!(script.len(), 227);
    assert!(
        unpacked.report.problems.is_empty(),
        "{:?}",
        unpacked.report.problems
    );
}

#[test]
fn truncated_and_fake_archives_are_reported_not_unpacked() {
    let Some(dir) = corpora() else { return };
    for (file, format) in [
        (
            format!("{FACT}/plugins/unpacking/generic_carver/test/data/fake_zip.zip"),
            "zip",
        ),
        (
            format!("{FACT}/plugins/unpacking/generic_carver/test/data/fake_gz.gz"),
            "gzip",
        ),
        (
            format!("{FACT}/plugins/unpacking/generic_carver/test/data/fake_xz.xz"),
            "xz",
        ),
    ] {
        let unpacked = unpack(&dir, &file);
        // flate2's backend depends on the build's features (miniz_oxide alone; zlib-rs once
        // rampart-report's spreadsheet writer is in the build): zlib-rs decodes a few bytes
        // of the fake deflate stream before it finds the damage, miniz_oxide none. Either
        // way the damage is reported at offset 0, and what came out before it is kept, as
        // the unpacker's rule says (docs/firmware.md); no other container may appear.
        let partial_ok = |c: &rampart_firmware::unpack::Container| {
            format == "gzip" && c.format == "gzip" && c.offset == 0
        };
        assert!(
            unpacked.report.containers.iter().all(partial_ok),
            "{file}: {:?}",
            unpacked.report.containers
        );
        assert_eq!(unpacked.report.problems.len(), 1, "{file}");
        assert_eq!(unpacked.report.problems[0].format, format, "{file}");
        assert_eq!(unpacked.report.problems[0].offset, 0, "{file}");
    }
}

#[test]
fn zips_cut_before_their_directory_are_read_from_their_local_headers() {
    let Some(dir) = corpora() else { return };
    let cut = unpack(&dir, &format!("{BINWALK}/zip_truncated.bin"));
    let folder = "zip_truncated.bin.unpacked/0x0-zip/AfuLnx64/AfuLnx64";
    assert_eq!(
        content(&cut, &format!("{folder}/afulnx_64")).len(),
        1_103_728
    );
    assert_eq!(content(&cut, &format!("{folder}/readme.txt")).len(), 5_194);
    assert!(cut.report.problems[0].message.contains("4 members read"));
    let broken = unpack(&dir, &format!("{FACT}/test/data/container/broken.zip"));
    assert!(
        broken
            .tree
            .get("broken.zip.unpacked/0x0-zip/get_files_test")
            .is_some()
    );
    assert_eq!(broken.report.problems.len(), 1);
}

/// FACT's three test files, as every archive of its test tree holds them.
fn assert_get_files_test(unpacked: &Unpacked, folder: &str) {
    let base = format!("{folder}/get_files_test");
    assert!(
        content(unpacked, &format!("{base}/testfile1"))
            .starts_with(b"test file:\ncontent: MyTestRule 1.2.3\n")
    );
    assert_eq!(
        content(unpacked, &format!("{base}/testfile2")),
        b"This is the second test file"
    );
    assert_eq!(
        content(unpacked, &format!("{base}/generic folder/test file 3_.txt")),
        b"The third test file!"
    );
}

#[test]
fn fact_archives_hold_the_three_test_files() {
    let Some(dir) = corpora() else { return };
    for (file, folder) in [
        (
            format!("{FACT}/test/data/container/test.zip"),
            "test.zip.unpacked/0x0-zip",
        ),
        (
            format!("{FACT}/plugins/unpacking/patool/test/data/test.jar"),
            "test.jar.unpacked/0x0-zip",
        ),
        (
            format!("{FACT}/plugins/unpacking/patool/test/data/test.cpio"),
            "test.cpio.unpacked/0x0-cpio",
        ),
        (
            format!("{FACT}/plugins/unpacking/patool/test/data/test.tar.Z"),
            "test.tar.Z.unpacked/0x0-compress/test.tar.unpacked/0x0-tar",
        ),
        (
            format!("{FACT}/plugins/unpacking/patool/test/data/test.tar.lz"),
            "test.tar.lz.unpacked/0x0-lzip/test.tar.unpacked/0x0-tar",
        ),
        (
            format!("{FACT}/plugins/unpacking/patool/test/data/test.tar.bz2"),
            "test.tar.bz2.unpacked/0x0-bzip2/test.tar.unpacked/0x0-tar",
        ),
    ] {
        let unpacked = unpack(&dir, &file);
        assert_get_files_test(&unpacked, folder);
        assert!(
            unpacked.report.problems.is_empty(),
            "{file}: {:?}",
            unpacked.report.problems
        );
    }
    let nested = unpack(&dir, &format!("{FACT}/test/data/container/test_zip.tar.gz"));
    let zip = "test_zip.tar.gz.unpacked/0x0-gzip/test_zip.tar.unpacked/0x0-tar/testfile1.zip";
    assert!(
        content(&nested, &format!("{zip}.unpacked/0x0-zip/testfile1")).starts_with(b"test file:\n")
    );
}

#[test]
fn fact_single_streams_decode_to_the_same_file() {
    let Some(dir) = corpora() else { return };
    let mut outputs = Vec::new();
    for (file, path) in [
        (
            "patool/test/data/test.bz2",
            "test.bz2.unpacked/0x0-bzip2/test",
        ),
        (
            "patool/test/data/test.lz4",
            "test.lz4.unpacked/0x0-lz4/test",
        ),
        (
            "patool/test/data/test.zst",
            "test.zst.unpacked/0x0-zstd/test",
        ),
        ("sevenz/test/data/test.xz", "test.xz.unpacked/0x0-xz/test"),
        (
            "sevenz/test/data/test.gz",
            "test.gz.unpacked/0x0-gzip/test.data",
        ),
        (
            "patool/test/data/test.lzo",
            "test.lzo.unpacked/0x0-lzop/test.data",
        ),
        ("patool/test/data/test.lz", "test.lz.unpacked/0x0-lzip/test"),
    ] {
        let unpacked = unpack(&dir, &format!("{FACT}/plugins/unpacking/{file}"));
        outputs.push(content(&unpacked, path));
    }
    assert_eq!(outputs[0].len(), 128);
    assert!(outputs[0].starts_with(b"d34bb4669ac6e2b15b07f2489a22c289974a3dcf"));
    assert!(outputs.iter().all(|o| o == &outputs[0]));
}

#[test]
fn trailing_data_is_left_after_the_stream() {
    let Some(dir) = corpora() else { return };
    for (file, path, expected) in [
        (
            "trailing_data.bz2",
            "trailing_data.bz2.unpacked/0x0-bzip2/trailing_data",
            &b"123 test 123\n"[..],
        ),
        (
            "trailing_data.lzma",
            "trailing_data.lzma.unpacked/0x0-lzma/trailing_data",
            b"foobar 1234\n",
        ),
        (
            "trailing_data.zip",
            "trailing_data.zip.unpacked/0x0-zip/foo",
            b"test 123 test\n",
        ),
    ] {
        let relative = format!("{FACT}/test/data/{file}");
        let unpacked = unpack(&dir, &relative);
        assert_eq!(content(&unpacked, path), expected);
        let container = &unpacked.report.containers[0];
        assert!(container.size < unpacked.report.image_size, "{file}");
    }
}

#[test]
fn generic_carver_inputs() {
    let Some(dir) = corpora() else { return };
    let data = format!("{FACT}/plugins/unpacking/generic_carver/test/data");
    let carved = unpack(&dir, &format!("{data}/carving_test_file"));
    assert_eq!(formats(&carved), [(0x80, "zip"), (0x1ac, "7z")]);
    for folder in ["0x80-zip", "0x1ac-7z"] {
        assert_eq!(
            content(&carved, &format!("carving_test_file.unpacked/{folder}/foo")),
            b"foo\nbar\ntest123\n"
        );
    }
    let zlib = unpack(&dir, &format!("{data}/zlib_carving_test"));
    assert_eq!(
        formats(&zlib),
        [
            (0x80, "zlib"),
            (0x154, "zlib"),
            (0x23a, "zlib"),
            (0x321, "zlib")
        ]
    );
    let fake_tar = unpack(&dir, &format!("{data}/fake_tar.tar"));
    assert!(fake_tar.report.containers.is_empty());
}

#[test]
fn encrypted_zip_members_are_reported() {
    let Some(dir) = corpora() else { return };
    let unpacked = unpack(
        &dir,
        &format!("{FACT}/plugins/unpacking/sevenz/test/data/test_password.zip"),
    );
    let encrypted: Vec<_> = unpacked
        .report
        .problems
        .iter()
        .filter(|p| p.message.ends_with("is encrypted: not unpacked"))
        .collect();
    assert_eq!(encrypted.len(), 3);
    assert!(
        !unpacked
            .tree
            .iter()
            .any(|(p, node)| p.ends_with("testfile1") && node.data().is_some())
    );
}

#[test]
fn a_debian_package_yields_its_control_file_from_the_carved_xz() {
    let Some(dir) = corpora() else { return };
    let unpacked = unpack(
        &dir,
        &format!("{FACT}/plugins/unpacking/patool/test/data/test.deb"),
    );
    let control = content(
        &unpacked,
        "test.deb.unpacked/0x84-xz/data.unpacked/0x0-tar/control",
    );
    assert!(
        control.starts_with(b"Package: "),
        "{}",
        String::from_utf8_lossy(&control)
    );
}
