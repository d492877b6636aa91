//! Hostile squashfs images: forged names, a link to the root, loops, tables and fragments
//! out of range, huge declared sizes. Each is a small mksquashfs image with uncompressed
//! metadata (tests/fixtures/squashfs/README.md) patched here, so every forged byte is visible.

use bytes::Bytes;
use rampart_firmware::extract::write_tree;
use rampart_firmware::limits::{Limits, SkipReason};
use rampart_firmware::tree::NodeKind;
use rampart_firmware::unpack::{Unpacked, unpack_image, unpack_one};

const ROOT: &str = "input.unpacked/0x0-squashfs";

fn hostile() -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/squashfs/hostile-plain.sqfs",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Replaces the one occurrence of `from` with `to` (same length).
fn patch(image: &mut [u8], from: &[u8], to: &[u8]) {
    let at = image
        .windows(from.len())
        .position(|w| w == from)
        .unwrap_or_else(|| panic!("{} not in the image", String::from_utf8_lossy(from)));
    image[at..at + to.len()].copy_from_slice(to);
}

/// The image with its directory entry names forged: `..`, `etc/passwd`, `../../etc/shadow`.
fn forged_names() -> Vec<u8> {
    let mut image = hostile();
    patch(&mut image, b"QQQQQQetcQshadow", b"../../etc/shadow");
    patch(&mut image, b"QQ", b"..");
    patch(&mut image, b"etcQpasswd", b"etc/passwd");
    image
}

fn unpack(image: &[u8]) -> Unpacked {
    unpack_one("squashfs", image, &Limits::default()).unwrap()
}

fn u64_at(image: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(image[at..at + 8].try_into().unwrap())
}

#[test]
fn names_holding_dot_dot_or_a_slash_are_refused_and_recorded() {
    let unpacked = unpack(&forged_names());
    let refused: Vec<(&str, &str)> = unpacked
        .report
        .skipped
        .iter()
        .filter_map(|s| match &s.reason {
            SkipReason::UnsafePath { raw, cause } => Some((raw.as_str(), cause.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        refused,
        [
            ("/..", "the path climbs out of the archive with `..`"),
            ("/../../etc/shadow", "a directory entry name holds `/`"),
            ("/etc/passwd", "a directory entry name holds `/`"),
        ]
    );
    for (path, _) in unpacked.tree.iter() {
        assert!(path.starts_with(&format!("{ROOT}/")), "{path}");
    }
    assert!(!unpacked.tree.contains(&format!("{ROOT}/etc/passwd")));
    // The rest of the image is still read.
    assert!(unpacked.tree.contains(&format!("{ROOT}/loopdir/inner")));
    assert!(unpacked.report.problems.is_empty());
}

#[test]
fn a_link_to_the_root_lets_nothing_escape_on_write() {
    let image = forged_names();
    let unpacked = unpack_image(
        "fw.bin",
        Bytes::from(image),
        &Limits::default(),
        &mut |_, _| {},
    );
    let root = "fw.bin.unpacked/0x0-squashfs";
    assert_eq!(
        unpacked.tree.get(&format!("{root}/etc")).unwrap().kind,
        NodeKind::Symlink("/".into())
    );
    let out = tempfile::tempdir().unwrap();
    write_tree(&unpacked.tree, "fw.bin", out.path()).unwrap();
    let link = out.path().join(root).join("etc");
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        std::path::Path::new(".")
    );
    let canonical = std::fs::canonicalize(&link).unwrap();
    assert!(canonical.starts_with(std::fs::canonicalize(out.path()).unwrap()));
    let written: Vec<_> = walk(out.path());
    assert!(
        written
            .iter()
            .all(|p| !p.ends_with("passwd") && !p.ends_with("shadow")),
        "{written:?}"
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let kind = entry.file_type().unwrap();
        out.push(entry.path());
        if kind.is_dir() {
            out.extend(walk(&entry.path()));
        }
    }
    out
}

#[test]
fn a_directory_naming_its_ancestor_is_a_located_loop() {
    let mut image = hostile();
    let root_offset = (u64_at(&image, 32) & 0xffff) as u16;
    let name_at = image.windows(7).position(|w| w == b"loopdir").unwrap();
    // The entry's fields sit before its name: inode offset, inode number delta, type, size.
    image[name_at - 8..name_at - 6].copy_from_slice(&root_offset.to_le_bytes());
    let unpacked = unpack(&image);
    let problem = &unpacked.report.problems[0];
    assert!(problem.message.contains("directory loop"), "{problem:?}");
    assert_eq!(
        problem.offset,
        u64_at(&image, 64),
        "the inode table's block"
    );
}

#[test]
fn an_inode_table_outside_the_image_is_located() {
    let mut image = hostile();
    image[64..72].copy_from_slice(&1_000_000u64.to_le_bytes());
    let problem = &unpack(&image).report.problems[0];
    assert_eq!(problem.offset, 1_000_000);
    assert!(problem.message.contains("past the end"), "{problem:?}");
}

#[test]
fn a_fragment_index_out_of_range_is_located() {
    let mut image = hostile();
    image[16..20].copy_from_slice(&0u32.to_le_bytes());
    let unpacked = unpack(&image);
    let problem = &unpacked.report.problems[0];
    assert!(
        problem.message.contains("fragment index 0 is out of range"),
        "{problem:?}"
    );
    assert_eq!(problem.offset, u64_at(&image, 64));
}

#[test]
fn a_huge_declared_size_is_refused_before_any_allocation() {
    let mut image = hostile();
    patch(&mut image, &1234u32.to_le_bytes(), &u32::MAX.to_le_bytes());
    let unpacked = unpack(&image);
    let problem = &unpacked.report.problems[0];
    assert!(
        problem.message.contains("declares 4294967295 bytes"),
        "{problem:?}"
    );
    assert_eq!(problem.offset, u64_at(&image, 64));
    assert!(unpacked.report.unpacked_bytes < 100);
}
