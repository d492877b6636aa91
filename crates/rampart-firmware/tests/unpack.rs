//! The recursive driver on archives built here: nesting, carving, limits and the guard.

use std::io::Write;

use bytes::Bytes;
use flate2::{Compression, write::GzEncoder};
use rampart_firmware::limits::{Limits, SkipReason};
use rampart_firmware::tree::NodeKind;
use rampart_firmware::unpack::unpack_image;

/// A ustar header block for `name` with the given type flag, size and link name, written by
/// hand so tests can store names the `tar` crate's builder refuses (`../x`, `/etc/x`).
fn tar_header(name: &[u8], kind: u8, size: usize, link: &[u8]) -> [u8; 512] {
    let mut h = [0u8; 512];
    h[..name.len()].copy_from_slice(name);
    h[100..108].copy_from_slice(b"0000755\0");
    h[108..116].copy_from_slice(b"0000000\0");
    h[116..124].copy_from_slice(b"0000000\0");
    h[124..136].copy_from_slice(format!("{size:011o}\0").as_bytes());
    h[136..148].copy_from_slice(b"00000000000\0");
    h[156] = kind;
    h[157..157 + link.len()].copy_from_slice(link);
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    h[148..156].copy_from_slice(b"        ");
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    h
}

/// One tar entry: name, type flag, content, link target.
type TarEntry<'a> = (&'a [u8], u8, &'a [u8], &'a [u8]);

fn tar(entries: &[TarEntry<'_>]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, kind, data, link) in entries {
        out.extend_from_slice(&tar_header(name, *kind, data.len(), link));
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.extend_from_slice(&[0u8; 1024]);
    out
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

fn run(data: Vec<u8>, limits: &Limits) -> rampart_firmware::unpack::Unpacked {
    unpack_image("fw.bin", Bytes::from(data), limits, &mut |_, _| {})
}

#[test]
fn a_gzipped_tar_is_unpacked_recursively() {
    let inner = tar(&[
        (b"./etc/os-release", b'0', b"ID=debian\n", b""),
        (b"bin/sh", b'2', b"", b"busybox"),
    ]);
    let unpacked = run(gzip(&inner), &Limits::default());
    let path = "fw.bin.unpacked/0x0-gzip/data.unpacked/0x0-tar/etc/os-release";
    assert_eq!(
        unpacked.tree.get(path).unwrap().data().unwrap().as_ref(),
        b"ID=debian\n"
    );
    assert!(matches!(
        unpacked
            .tree
            .get("fw.bin.unpacked/0x0-gzip/data.unpacked/0x0-tar/bin/sh")
            .unwrap()
            .kind,
        NodeKind::Symlink(_)
    ));
    let formats: Vec<_> = unpacked
        .report
        .containers
        .iter()
        .map(|c| c.format)
        .collect();
    assert_eq!(formats, ["gzip", "tar"]);
}

#[test]
fn content_at_any_offset_is_carved() {
    let mut image = b"VENDOR HEADER ".repeat(10);
    let at = image.len();
    image.extend(gzip(b"hello"));
    image.extend(b"trailer");
    let unpacked = run(image, &Limits::default());
    let path = format!("fw.bin.unpacked/{at:#x}-gzip/data");
    assert_eq!(
        unpacked.tree.get(&path).unwrap().data().unwrap().as_ref(),
        b"hello"
    );
}

#[test]
fn climbing_and_absolute_names_are_refused_and_reported() {
    let archive = tar(&[
        (b"../../evil", b'0', b"x", b""),
        (b"/etc/passwd", b'0', b"x", b""),
        (b"link", b'2', b"", b"/etc"),
        (b"link/shadow", b'0', b"x", b""),
        (b"ok", b'0', b"fine", b""),
    ]);
    let unpacked = run(archive, &Limits::default());
    let reasons: Vec<_> = unpacked.report.skipped.iter().map(|s| &s.reason).collect();
    assert!(matches!(reasons[0], SkipReason::UnsafePath { cause, .. } if cause.contains("..")));
    assert!(
        matches!(reasons[1], SkipReason::UnsafePath { cause, .. } if cause.contains("absolute"))
    );
    assert!(matches!(reasons[2], SkipReason::ParentNotDirectory { .. }));
    assert!(unpacked.tree.get("fw.bin.unpacked/0x0-tar/ok").is_some());
    assert_eq!(
        unpacked
            .tree
            .iter()
            .filter(|(p, _)| p.contains("evil") || p.contains("passwd") || p.contains("shadow"))
            .count(),
        0
    );
}

#[test]
fn a_compression_bomb_stops_at_the_budget() {
    let bomb = gzip(&vec![0u8; 10 << 20]);
    let limits = Limits {
        max_expansion_ratio: 10,
        min_budget_bytes: 1 << 20,
        ..Limits::default()
    };
    let unpacked = run(bomb, &limits);
    assert!(unpacked.report.unpacked_bytes <= 1 << 20);
    assert!(
        unpacked
            .report
            .skipped
            .iter()
            .any(|s| matches!(s.reason, SkipReason::TotalSize { .. }))
    );
}

#[test]
fn nesting_stops_at_the_depth_limit() {
    let mut data = b"core".to_vec();
    for _ in 0..20 {
        data = gzip(&data);
    }
    let limits = Limits {
        max_depth: 5,
        ..Limits::default()
    };
    let unpacked = run(data, &limits);
    assert_eq!(unpacked.report.containers.len(), 5);
    assert!(
        unpacked
            .report
            .skipped
            .iter()
            .any(|s| matches!(s.reason, SkipReason::Depth { limit: 5 }))
    );
}

#[test]
fn a_truncated_stream_keeps_what_was_read_and_names_the_place() {
    let mut data = gzip(&b"abcdefgh".repeat(10_000));
    data.truncate(data.len() / 2);
    let unpacked = run(data, &Limits::default());
    let problem = &unpacked.report.problems[0];
    assert_eq!((problem.path.as_str(), problem.format), ("fw.bin", "gzip"));
    assert!(unpacked.tree.get("fw.bin.unpacked/0x0-gzip/data").is_some());
}

/// Regression: match offsets are relative to where the carver's search began, not to where
/// the last carved container ended; the second of two carved streams was looked for past
/// its place (or past the end of the file, a panic).
#[test]
fn every_carved_stream_is_found_at_its_own_offset() {
    let mut image = b"HEADER".repeat(4);
    let first = image.len();
    image.extend(gzip(b"one"));
    image.extend(b"gap");
    let second = image.len();
    image.extend(gzip(b"two"));
    image.extend(b"tail".repeat(50));
    let unpacked = run(image, &Limits::default());
    for (at, content) in [(first, &b"one"[..]), (second, b"two")] {
        let path = format!("fw.bin.unpacked/{at:#x}-gzip/data");
        assert_eq!(
            unpacked.tree.get(&path).map(|n| n.data().unwrap().as_ref()),
            Some(content),
            "{path}"
        );
    }
}
