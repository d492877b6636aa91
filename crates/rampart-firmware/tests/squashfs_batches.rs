//! The squashfs walk decodes files in batches (at most 4,096 entries or 16 MiB of declared
//! file bytes each, `src/unpack/squashfs/walk.rs`) and replays each batch into the sink in walk
//! order. Small fixtures never fill a batch, so these tests build trees that cross a batch
//! boundary (once by entry count, once by bytes), pack them with mksquashfs (an independent
//! writer) and check that the unpacked tree is the source tree: every path, content, mode,
//! link target, and a hard link whose two names fall into different batches still sharing one
//! copy. The order the sink saw is read through the file-count limit: with room for `k` nodes,
//! exactly the first entries of the walk must be kept and the next one refused.
//!
//! mksquashfs comes from Debian's squashfs-tools, which `.ci/run` installs; without it these
//! tests say so and pass, unless `RAMPART_REQUIRE_TOOLS=1` (set by `.ci/run`) makes that a
//! failure.

use std::collections::{BTreeMap, HashMap};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::path::Path;
use std::process::Command;

use rampart_firmware::limits::{Limits, SkipReason};
use rampart_firmware::tree::NodeKind;
use rampart_firmware::unpack::{Unpacked, unpack_one};

const ROOT: &str = "input.unpacked/0x0-squashfs";
/// walk.rs's `BATCH_OPS`: entries queued before a batch is decoded and replayed.
const BATCH_OPS: usize = 4096;
/// walk.rs's `BATCH_BYTES`: declared file bytes queued before a batch is replayed.
const BATCH_BYTES: u64 = 16 << 20;

/// What one source entry is.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    Dir,
    /// Content, permission bits and the source inode (equal for the names of one hard link).
    File(Vec<u8>, u32, u64),
    Symlink(String),
}

/// The source tree in the order the walk visits it: depth first from the root, each
/// directory's names in byte order (as squashfs stores them), the directories met pushed on
/// a stack and the last one pushed listed next.
fn walk_order(root: &Path) -> Vec<(String, Entry)> {
    let mut order = Vec::new();
    let mut stack = vec![String::new()];
    while let Some(dir) = stack.pop() {
        let mut names: Vec<Vec<u8>> = std::fs::read_dir(root.join(&dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().as_bytes().to_vec())
            .collect();
        names.sort();
        for name in names {
            let name = String::from_utf8(name).unwrap();
            let path = if dir.is_empty() {
                name
            } else {
                format!("{dir}/{name}")
            };
            let full = root.join(&path);
            let meta = std::fs::symlink_metadata(&full).unwrap();
            let entry = if meta.is_dir() {
                stack.push(path.clone());
                Entry::Dir
            } else if meta.is_symlink() {
                let target = std::fs::read_link(&full).unwrap();
                Entry::Symlink(target.to_str().unwrap().to_owned())
            } else {
                Entry::File(
                    std::fs::read(&full).unwrap(),
                    meta.permissions().mode() & 0o7777,
                    meta.ino(),
                )
            };
            order.push((path, entry));
        }
    }
    order
}

/// Whether mksquashfs can run here; `RAMPART_REQUIRE_TOOLS=1` turns its absence into a
/// failure, so CI cannot pass these tests by skipping them.
fn have_mksquashfs() -> bool {
    let found = Command::new("mksquashfs")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("RAMPART_REQUIRE_TOOLS").as_deref() != Ok("1"),
            "mksquashfs (Debian squashfs-tools) is required (RAMPART_REQUIRE_TOOLS=1)"
        );
        eprintln!("skipped: mksquashfs (Debian squashfs-tools) is not installed");
    }
    found
}

/// Packs `tree` with gzip and 4 KiB blocks, so files of more than 4 KiB span several blocks
/// and smaller ones share fragment blocks.
fn mksquashfs(tree: &Path) -> Vec<u8> {
    let image = tree.with_extension("sqfs");
    let output = Command::new("mksquashfs")
        .arg(tree)
        .arg(&image)
        .args(["-comp", "gzip", "-b", "4096", "-noappend", "-no-progress"])
        .args(["-processors", "2", "-mkfs-time", "0", "-all-time", "0"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "mksquashfs: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::read(&image).unwrap()
}

fn write_file(root: &Path, path: &str, data: &[u8], mode: u32) {
    let full = root.join(path);
    std::fs::write(&full, data).unwrap();
    std::fs::set_permissions(&full, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// `len` bytes that no other file of the tree holds: the name, then bytes from a generator
/// seeded by it (mksquashfs would store identical files once).
fn distinct(name: &str, len: usize) -> Vec<u8> {
    let mut data = format!("{name}\n").into_bytes();
    let mut state = name.bytes().fold(0x9e37_79b9_7f4a_7c15_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    while data.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        // Letters only: compressible like text, different in every block.
        data.push(b'a' + (state % 26) as u8);
    }
    data.truncate(len.max(name.len() + 1));
    data
}

/// The unpacked tree under the container's folder, as source-relative paths.
fn unpacked_entries(unpacked: &Unpacked) -> BTreeMap<String, &rampart_firmware::tree::Node> {
    let prefix = format!("{ROOT}/");
    unpacked
        .tree
        .iter()
        .filter_map(|(path, node)| Some((path.strip_prefix(&prefix)?.to_owned(), node)))
        .collect()
}

/// Every source entry is unpacked with its content, mode or target, nothing else is, and the
/// names of each hard link share one copy of the data.
fn assert_same_tree(order: &[(String, Entry)], unpacked: &Unpacked) {
    assert!(
        unpacked.report.problems.is_empty() && unpacked.report.skipped.is_empty(),
        "{:?} {:?}",
        unpacked.report.problems,
        unpacked.report.skipped
    );
    let entries = unpacked_entries(unpacked);
    let expected: Vec<&str> = {
        let mut paths: Vec<&str> = order.iter().map(|(p, _)| p.as_str()).collect();
        paths.sort_unstable();
        paths
    };
    assert_eq!(
        entries.keys().map(String::as_str).collect::<Vec<_>>(),
        expected
    );
    let mut copies: HashMap<u64, *const u8> = HashMap::new();
    for (path, entry) in order {
        let node = entries[path];
        match (entry, &node.kind) {
            (Entry::Dir, NodeKind::Dir) => {}
            (Entry::Symlink(target), NodeKind::Symlink(got)) => assert_eq!(got, target, "{path}"),
            (Entry::File(data, mode, inode), NodeKind::File(got)) => {
                assert!(got == data, "{path}: content differs");
                assert_eq!(node.meta.mode, Some(*mode), "{path}");
                let first = *copies.entry(*inode).or_insert(got.as_ptr());
                assert_eq!(
                    first,
                    got.as_ptr(),
                    "{path}: a hard link's names share one copy"
                );
            }
            (entry, kind) => panic!("{path}: {kind:?}, the source has {entry:?}"),
        }
    }
}

/// Unpacks with room for `room` nodes and checks that what is kept is exactly a prefix of the
/// walk order and that the entry refused is the next one: the sink saw the walk's order.
fn assert_sink_order_up_to(image: &[u8], order: &[(String, Entry)], room: u64) {
    let limits = Limits {
        max_files: room,
        ..Limits::default()
    };
    let unpacked = unpack_one("squashfs", image, &limits).unwrap();
    let kept = unpacked_entries(&unpacked);
    let prefix: Vec<&str> = order
        .iter()
        .take_while(|(path, _)| kept.contains_key(path))
        .map(|(path, _)| path.as_str())
        .collect();
    assert_eq!(
        prefix.len(),
        kept.len(),
        "room for {room}: the kept entries are not the first {} of the walk",
        kept.len()
    );
    let refused: Vec<&str> = unpacked
        .report
        .skipped
        .iter()
        .filter(|s| matches!(s.reason, SkipReason::FileCount { .. }))
        .map(|s| s.path.strip_prefix(&format!("{ROOT}/")).unwrap_or(&s.path))
        .collect();
    assert_eq!(
        refused,
        [order[kept.len()].0.as_str()],
        "room for {room}: the entry refused follows the kept ones in walk order"
    );
}

/// The walk position of `path`.
fn position(order: &[(String, Entry)], path: &str) -> usize {
    order.iter().position(|(p, _)| p == path).unwrap()
}

#[test]
fn more_entries_than_one_batch_unpack_in_walk_order() {
    if !have_mksquashfs() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("tree");
    for sub in ["bulk", "deep/sub", "empty"] {
        std::fs::create_dir_all(root.join(sub)).unwrap();
    }
    // The root lists first, then `deep` (pushed after `bulk`), `deep/sub`, then `bulk`.
    write_file(&root, "hard-first", &distinct("hard-first", 6000), 0o4755);
    std::fs::hard_link(root.join("hard-first"), root.join("bulk/zz-hard-second")).unwrap();
    symlink("bulk/f0001", root.join("link-to-file")).unwrap();
    for i in 0..2000 {
        let name = format!("deep/d{i:04}");
        // Every 97th file spans three blocks; the rest are tails in shared fragments.
        let len = if i % 97 == 0 { 9000 + i } else { 20 + i % 700 };
        write_file(
            &root,
            &name,
            &distinct(&name, len),
            0o600 | (i as u32 % 3) << 3,
        );
    }
    write_file(&root, "deep/sub/pair-a", &distinct("pair-a", 300), 0o640);
    std::fs::hard_link(root.join("deep/sub/pair-a"), root.join("deep/sub/pair-b")).unwrap();
    symlink("../../bulk", root.join("deep/sub/up")).unwrap();
    for i in 0..3000 {
        let name = format!("bulk/f{i:04}");
        let len = if i % 89 == 0 {
            4096 * 2 + i
        } else {
            10 + i % 500
        };
        write_file(&root, &name, &distinct(&name, len), 0o644);
    }
    symlink("../deep/sub", root.join("bulk/zz-symlink")).unwrap();
    let image = mksquashfs(&root);
    let order = walk_order(&root);

    // The tree crosses the entry bound, not the byte bound, and the hard link's names sit on
    // either side of the first boundary.
    assert!(order.len() > BATCH_OPS);
    let bytes: usize = order
        .iter()
        .map(|(_, e)| {
            if let Entry::File(d, ..) = e {
                d.len()
            } else {
                0
            }
        })
        .sum();
    assert!((bytes as u64) < BATCH_BYTES);
    assert!(position(&order, "hard-first") < BATCH_OPS);
    assert!(position(&order, "bulk/zz-hard-second") >= BATCH_OPS);

    let unpacked = unpack_one("squashfs", &image, &Limits::default()).unwrap();
    assert_same_tree(&order, &unpacked);

    // Around the batch boundary and the last entries one by one, elsewhere sparsely.
    let mut rooms: Vec<u64> = (1..=order.len() as u64).step_by(257).collect();
    let boundary = BATCH_OPS as u64;
    rooms.extend(boundary - 3..=boundary + 3);
    rooms.extend(order.len() as u64 - 3..order.len() as u64);
    for room in rooms {
        assert_sink_order_up_to(&image, &order, room);
    }
}

#[test]
fn more_bytes_than_one_batch_unpack_in_walk_order() {
    if !have_mksquashfs() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("tree");
    std::fs::create_dir_all(root.join("big/inner")).unwrap();
    // Text-like files of 1 MiB and a little: few entries, many bytes.
    write_file(
        &root,
        "big/a-hard",
        &distinct("big/a-hard", (1 << 20) + 7),
        0o755,
    );
    for i in 0..20 {
        let name = format!("big/m{i:02}");
        write_file(&root, &name, &distinct(&name, (1 << 20) + 100 * i), 0o644);
    }
    std::fs::hard_link(root.join("big/a-hard"), root.join("big/z-hard")).unwrap();
    symlink("../a-hard", root.join("big/inner/link")).unwrap();
    write_file(&root, "big/inner/small", b"small\n", 0o600);
    let image = mksquashfs(&root);
    let order = walk_order(&root);

    // Where the declared bytes first reach the bound: the first batch ends there.
    let mut queued = 0u64;
    let boundary = order
        .iter()
        .position(|(path, entry)| {
            if let Entry::File(data, ..) = entry
                && path != "big/z-hard"
            {
                queued += data.len() as u64;
            }
            queued >= BATCH_BYTES
        })
        .unwrap();
    assert!(order.len() < BATCH_OPS);
    assert!(position(&order, "big/a-hard") < boundary);
    assert!(position(&order, "big/z-hard") > boundary);

    let unpacked = unpack_one("squashfs", &image, &Limits::default()).unwrap();
    assert_same_tree(&order, &unpacked);
    for room in [
        1,
        2,
        boundary as u64,
        boundary as u64 + 1,
        boundary as u64 + 2,
    ] {
        assert_sink_order_up_to(&image, &order, room);
    }
    assert_sink_order_up_to(&image, &order, order.len() as u64 - 1);
}
