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

/// A root filesystem with a dpkg database, an account without a password and telnetd at boot.
fn rootfs_image(dir: &Path) -> std::path::PathBuf {
    let files: [(&str, &[u8]); 4] = [
        ("etc/os-release", b"ID=debian\nVERSION_ID=\"12\"\n"),
        (
            "var/lib/dpkg/status",
            b"Package: openssl\nStatus: install ok installed\nArchitecture: amd64\nVersion: 3.0.11-1~deb12u2\n\n",
        ),
        ("etc/shadow", b"root::19000:0:99999:7:::\n"),
        ("etc/inittab", b"::sysinit:/etc/init.d/rcS\n::respawn:/usr/sbin/telnetd -F\n"),
    ];
    let mut builder = tar::Builder::new(Vec::new());
    for (name, data) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder.append_data(&mut header, name, data).unwrap();
    }
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    gz.write_all(&builder.into_inner().unwrap()).unwrap();
    let path = dir.join("rootfs.bin");
    std::fs::write(&path, gz.finish().unwrap()).unwrap();
    path
}

#[test]
fn analyze_reports_components_findings_and_writes_the_output_set() {
    let dir = tempfile::tempdir().unwrap();
    let fw = rootfs_image(dir.path());
    let out = dir.path().join("report");
    let run = rampart(&[
        "firmware",
        "analyze",
        fw.to_str().unwrap(),
        "--format",
        "json",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["schema"], "rampart.firmware/1");
    let openssl = json["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "openssl")
        .expect("openssl from dpkg");
    assert_eq!(
        openssl["purl"],
        "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12"
    );
    let codes: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.iter().any(|c| c.starts_with("FW-PWD")), "{codes:?}");
    assert!(codes.iter().any(|c| c.starts_with("FW-SVC")), "{codes:?}");
    for file in [
        "sbom.cdx.json",
        "sbom.spdx.json",
        "analysis.json",
        "findings.json",
        "hardening.csv",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }
    // The SBOM is what `rampart sbom validate` and `rampart scan` read.
    let cdx = out.join("sbom.cdx.json");
    let run = rampart(&["sbom", "validate", cdx.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn analyze_prints_the_sbom_on_request_and_reads_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("root/etc")).unwrap();
    std::fs::write(
        dir.path().join("root/etc/shadow"),
        "admin::19000:0:99999:7:::\n",
    )
    .unwrap();
    let root = dir.path().join("root");
    let run = rampart(&[
        "firmware",
        "analyze",
        root.to_str().unwrap(),
        "--format",
        "cyclonedx-json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let cdx: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(cdx["metadata"]["component"]["name"], "root");
    let run = rampart(&["firmware", "analyze", root.to_str().unwrap()]);
    assert!(run.stdout.contains("FW-PWD"), "{}", run.stdout);
}
