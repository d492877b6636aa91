//! `rampart firmware unpack`: images built here, written through the guard.

use std::io::Write;
use std::path::Path;

use flate2::{Compression, write::GzEncoder};

use crate::common::rampart;

/// A vendor header, then a gzipped tar holding a file and an absolute symlink.
fn image(dir: &Path) -> std::path::PathBuf {
    let mut builder = tar::Builder::new(Vec::new());
    let mut header = tar::Header::new_gnu();
    header.set_size(10);
    header.set_mode(0o644);
    header.set_cksum();
    builder
        .append_data(&mut header, "etc/os-release", &b"ID=debian\n"[..])
        .unwrap();
    let mut link = tar::Header::new_gnu();
    link.set_entry_type(tar::EntryType::Symlink);
    link.set_size(0);
    builder
        .append_link(&mut link, "bin/sh", "/etc/os-release")
        .unwrap();
    let archive = builder.into_inner().unwrap();
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    gz.write_all(&archive).unwrap();
    let mut data = b"VENDOR-HEADER-v1".repeat(4);
    data.extend(gz.finish().unwrap());
    let path = dir.join("fw.bin");
    std::fs::write(&path, data).unwrap();
    path
}

#[test]
fn unpack_writes_the_tree_with_relative_links_and_reports_containers() {
    let dir = tempfile::tempdir().unwrap();
    let fw = image(dir.path());
    let out = dir.path().join("out");
    let run = rampart(&[
        "firmware",
        "unpack",
        fw.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["schema"], "rampart.firmware.unpack/1");
    let formats: Vec<_> = json["containers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["format"].as_str().unwrap())
        .collect();
    assert_eq!(formats, ["gzip", "tar"]);
    assert_eq!(json["containers"][0]["offset"], 64);
    let root = out.join("fw.bin.unpacked/0x40-gzip/data.unpacked/0x0-tar");
    assert_eq!(
        std::fs::read(root.join("etc/os-release")).unwrap(),
        b"ID=debian\n"
    );
    assert_eq!(
        std::fs::read_link(root.join("bin/sh")).unwrap(),
        Path::new("../etc/os-release")
    );
}

#[test]
fn unpack_refuses_a_non_empty_folder_and_a_missing_image() {
    let dir = tempfile::tempdir().unwrap();
    let fw = image(dir.path());
    let run = rampart(&[
        "firmware",
        "unpack",
        fw.to_str().unwrap(),
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not empty"), "{}", run.stderr);
    let run = rampart(&["firmware", "unpack", "/nonexistent/fw.bin", "-o", "x"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("/nonexistent/fw.bin"), "{}", run.stderr);
}

#[test]
fn a_truncated_container_is_reported_on_stderr_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let fw = image(dir.path());
    let data = std::fs::read(&fw).unwrap();
    std::fs::write(&fw, &data[..data.len() - 40]).unwrap();
    let out = dir.path().join("out");
    let run = rampart(&[
        "firmware",
        "unpack",
        fw.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("fw.bin@0x40: gzip:"), "{}", run.stderr);
}
