//! The hostile-archive suite for the compression and archive formats: names that climb or
//! are absolute, entries below a symbolic link, compression bombs and deep nesting, each
//! contained by the path guard or a limit. Every archive is built here.

use std::io::{Cursor, Write};

use bytes::Bytes;
use rampart_firmware::limits::{Limits, SkipReason};
use rampart_firmware::unpack::{Unpacked, unpack_image};
use zip::write::{SimpleFileOptions, ZipWriter};

fn run(data: Vec<u8>, limits: &Limits) -> Unpacked {
    unpack_image("fw.bin", Bytes::from(data), limits, &mut |_, _| {})
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in entries {
        writer
            .start_file(*name, SimpleFileOptions::default())
            .unwrap();
        writer.write_all(content).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// A newc cpio archive of `(name, mode, content)` members and its trailer.
fn cpio(members: &[(&[u8], u32, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let trailer: (&[u8], u32, &[u8]) = (b"TRAILER!!!", 0, b"");
    for (name, mode, body) in members.iter().chain(std::iter::once(&trailer)) {
        let header = format!(
            "070701{:08x}{mode:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}",
            1,
            0,
            0,
            1,
            0,
            body.len(),
            0,
            0,
            0,
            0,
            name.len() + 1,
            0
        );
        out.extend_from_slice(header.as_bytes());
        out.extend_from_slice(name);
        out.push(0);
        out.resize(out.len().div_ceil(4) * 4, 0);
        out.extend_from_slice(body);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    out
}

const FILE: u32 = 0o100_644;
const SYMLINK: u32 = 0o120_777;

fn unsafe_causes(unpacked: &Unpacked) -> Vec<String> {
    unpacked
        .report
        .skipped
        .iter()
        .filter_map(|s| match &s.reason {
            SkipReason::UnsafePath { cause, .. } => Some(cause.clone()),
            _ => None,
        })
        .collect()
}

fn leaked(unpacked: &Unpacked, word: &str) -> bool {
    unpacked.tree.iter().any(|(path, _)| path.contains(word))
}

#[test]
fn zip_names_that_climb_or_are_absolute_are_refused() {
    let archive = zip_of(&[("../../evil", b"x"), ("/etc/passwd", b"x"), ("ok", b"fine")]);
    let unpacked = run(archive, &Limits::default());
    let causes = unsafe_causes(&unpacked);
    assert_eq!(causes.len(), 2, "{causes:?}");
    assert!(causes[0].contains(".."));
    assert!(causes[1].contains("absolute"));
    assert!(!leaked(&unpacked, "evil") && !leaked(&unpacked, "passwd"));
    assert!(unpacked.tree.get("fw.bin.unpacked/0x0-zip/ok").is_some());
}

#[test]
fn cpio_names_that_climb_or_are_absolute_are_refused() {
    let archive = cpio(&[
        (b"../../evil", FILE, b"x"),
        (b"/etc/passwd", FILE, b"x"),
        (b"ok", FILE, b"fine"),
    ]);
    let unpacked = run(archive, &Limits::default());
    let causes = unsafe_causes(&unpacked);
    assert_eq!(causes.len(), 2, "{causes:?}");
    assert!(!leaked(&unpacked, "evil") && !leaked(&unpacked, "passwd"));
    assert!(unpacked.tree.get("fw.bin.unpacked/0x0-cpio/ok").is_some());
}

#[test]
fn a_cpio_file_below_its_own_symlink_is_refused() {
    let archive = cpio(&[
        (b"lib", SYMLINK, b"/etc"),
        (b"lib/shadow", FILE, b"root::0:0"),
    ]);
    let unpacked = run(archive, &Limits::default());
    assert!(
        unpacked
            .report
            .skipped
            .iter()
            .any(|s| matches!(&s.reason, SkipReason::ParentNotDirectory { parent } if parent.ends_with("/lib")))
    );
    assert!(!leaked(&unpacked, "shadow"));
}

/// 10 MiB of zeros against a budget of 1 MiB: a bomb of about 1:1000 in both formats.
fn bomb_limits() -> Limits {
    Limits {
        max_expansion_ratio: 10,
        min_budget_bytes: 1 << 20,
        ..Limits::default()
    }
}

fn assert_stopped_by_the_budget(unpacked: &Unpacked, compressed: usize) {
    assert!(
        unpacked.report.unpacked_bytes <= 1 << 20,
        "{}",
        unpacked.report.unpacked_bytes
    );
    assert!(
        unpacked
            .report
            .skipped
            .iter()
            .any(|s| matches!(s.reason, SkipReason::TotalSize { .. })),
        "{:?}",
        unpacked.report.skipped
    );
    assert!(compressed * 500 < 10 << 20, "ratio only {compressed}");
}

#[test]
fn a_zip_bomb_stops_at_the_budget() {
    let zeros = vec![0u8; 10 << 20];
    let bomb = zip_of(&[("zeros", &zeros)]);
    let len = bomb.len();
    assert_stopped_by_the_budget(&run(bomb, &bomb_limits()), len);
}

#[test]
fn an_xz_bomb_stops_at_the_budget() {
    let mut writer =
        lzma_rust2::XzWriter::new(Vec::new(), lzma_rust2::XzOptions::with_preset(0)).unwrap();
    writer.write_all(&vec![0u8; 10 << 20]).unwrap();
    let bomb = writer.finish().unwrap();
    let len = bomb.len();
    assert_stopped_by_the_budget(&run(bomb, &bomb_limits()), len);
}

#[test]
fn a_7z_bomb_stops_at_the_budget() {
    let zeros = vec![0u8; 10 << 20];
    let mut writer = sevenz_rust2::ArchiveWriter::new(Cursor::new(Vec::new())).unwrap();
    writer
        .push_archive_entry(
            sevenz_rust2::ArchiveEntry::new_file("zeros"),
            Some(&zeros[..]),
        )
        .unwrap();
    let bomb = writer.finish().unwrap().into_inner();
    let len = bomb.len();
    assert_stopped_by_the_budget(&run(bomb, &bomb_limits()), len);
}

#[test]
fn nesting_64_deep_across_formats_stops_at_the_depth_limit() {
    let mut data = b"core".to_vec();
    for level in 0..64 {
        data = match level % 4 {
            0 => {
                let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                e.write_all(&data).unwrap();
                e.finish().unwrap()
            }
            1 => {
                let mut w =
                    lzma_rust2::XzWriter::new(Vec::new(), lzma_rust2::XzOptions::with_preset(0))
                        .unwrap();
                w.write_all(&data).unwrap();
                w.finish().unwrap()
            }
            2 => {
                let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
                e.write_all(&data).unwrap();
                e.finish().unwrap()
            }
            _ => zip_of(&[("inner", &data)]),
        };
    }
    let unpacked = run(data, &Limits::default());
    let limit = Limits::default().max_depth;
    assert_eq!(unpacked.report.containers.len(), limit as usize);
    assert!(
        unpacked
            .report
            .skipped
            .iter()
            .any(|s| matches!(s.reason, SkipReason::Depth { limit: l } if l == limit))
    );
    assert!(
        !unpacked
            .tree
            .iter()
            .any(|(_, node)| node.data().is_some_and(|d| d.as_ref() == b"core"))
    );
}

/// One small valid sample of each format built here, for the damage sweep below.
fn samples() -> Vec<(&'static str, Vec<u8>)> {
    let text: Vec<u8> = (0..2000u32).flat_map(|i| (i % 251).to_le_bytes()).collect();
    let mut xz =
        lzma_rust2::XzWriter::new(Vec::new(), lzma_rust2::XzOptions::with_preset(1)).unwrap();
    xz.write_all(&text).unwrap();
    let mut lzma = lzma_rust2::LzmaWriter::new_use_header(
        Vec::new(),
        &lzma_rust2::LzmaOptions::with_preset(1),
        None,
    )
    .unwrap();
    lzma.write_all(&text).unwrap();
    let mut bz = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
    bz.write_all(&text).unwrap();
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    zlib.write_all(&text).unwrap();
    let mut lz4 = lz4_flex::frame::FrameEncoder::new(Vec::new());
    lz4.write_all(&text).unwrap();
    vec![
        ("xz", xz.finish().unwrap()),
        ("lzma", lzma.finish().unwrap()),
        ("bzip2", bz.finish().unwrap()),
        ("zlib", zlib.finish().unwrap()),
        ("lz4", lz4.finish().unwrap()),
        (
            "zstd",
            ruzstd::encoding::compress_to_vec(
                &text[..],
                ruzstd::encoding::CompressionLevel::Fastest,
            ),
        ),
        ("zip", zip_of(&[("a", &text), ("b/c", b"x")])),
        ("cpio", cpio(&[(b"a", FILE, &text), (b"l", SYMLINK, b"a")])),
        (
            "lzop",
            include_bytes!("fixtures/lzop/fox1.txt.lzo").to_vec(),
        ),
        (
            "compress",
            include_bytes!("fixtures/compress/fox.txt.Z").to_vec(),
        ),
        ("lzip", {
            let mut writer =
                lzma_rust2::LzipWriter::new(Vec::new(), lzma_rust2::LzipOptions::with_preset(1));
            writer.write_all(&text).unwrap();
            writer.finish().unwrap()
        }),
        ("7z", {
            let mut writer = sevenz_rust2::ArchiveWriter::new(Cursor::new(Vec::new())).unwrap();
            writer
                .push_archive_entry(sevenz_rust2::ArchiveEntry::new_file("a"), Some(&text[..]))
                .unwrap();
            writer.finish().unwrap().into_inner()
        }),
    ]
}

#[test]
fn every_truncation_and_byte_flip_of_each_format_ends_cleanly() {
    let limits = Limits {
        min_budget_bytes: 1 << 20,
        max_expansion_ratio: 0,
        ..Limits::default()
    };
    for (format, sample) in samples() {
        let full = rampart_firmware::unpack::unpack_one(format, &sample, &limits).unwrap();
        assert_eq!(full.report.containers.len(), 1, "{format} sample");
        for cut in (0..sample.len()).step_by(7) {
            let unpacked = rampart_firmware::unpack::unpack_one(format, &sample[..cut], &limits);
            assert!(unpacked.is_some());
        }
        for at in (0..sample.len()).step_by(3) {
            let mut damaged = sample.clone();
            damaged[at] ^= 0x5a;
            let unpacked = rampart_firmware::unpack::unpack_one(format, &damaged, &limits).unwrap();
            assert!(
                unpacked.report.unpacked_bytes <= 1 << 20,
                "{format} flip at {at}"
            );
        }
    }
}
