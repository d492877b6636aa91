//! Hardening checks per second on the machine's own ELF files:
//! `cargo bench -p rampart-firmware --bench hardening`.
//!
//! The folders (default `/usr/bin:/usr/lib`, or `RAMPART_BENCH_ELF_DIRS`, colon-separated)
//! are read once into a tree holding only their ELF regular files; the benches then check
//! that tree whole (in parallel, as `check_tree` does) and file by file on one thread.
//! Throughput is reported in ELF files per second.

use std::fs;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

use bytes::Bytes;
use divan::counter::ItemsCount;
use rampart_firmware::hardening::{ELF_MAGIC, check_elf, check_tree};
use rampart_firmware::tree::{FileTree, Meta, Node, NodeKind};

fn main() {
    divan::main();
}

fn tree() -> &'static FileTree {
    static TREE: OnceLock<FileTree> = OnceLock::new();
    TREE.get_or_init(|| {
        let dirs =
            std::env::var("RAMPART_BENCH_ELF_DIRS").unwrap_or_else(|_| "/usr/bin:/usr/lib".into());
        let mut tree = FileTree::new();
        for dir in dirs.split(':').filter(|d| !d.is_empty()) {
            load(Path::new(dir), &mut tree);
        }
        eprintln!("hardening bench: {} ELF files from {dirs}", tree.len());
        tree
    })
}

fn load(dir: &Path, tree: &mut FileTree) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            load(&path, tree);
            continue;
        }
        if !meta.is_file() {
            continue;
        }
        let Ok(mut file) = fs::File::open(&path) else {
            continue;
        };
        let mut magic = [0u8; 4];
        if file.read_exact(&mut magic).is_err() || &magic != ELF_MAGIC {
            continue;
        }
        let Ok(data) = fs::read(&path) else {
            continue;
        };
        tree.insert(
            path.to_string_lossy().into_owned(),
            Node {
                kind: NodeKind::File(Bytes::from(data)),
                meta: Meta::mode(0o755),
                root: String::new(),
            },
        );
    }
}

/// The whole tree, files checked in parallel.
#[divan::bench(sample_count = 10)]
fn check_tree_parallel(bencher: divan::Bencher) {
    let tree = tree();
    bencher
        .counter(ItemsCount::new(tree.len()))
        .bench(|| check_tree(divan::black_box(tree)));
}

/// The same files one after the other on one thread.
#[divan::bench(sample_count = 10)]
fn check_elf_one_thread(bencher: divan::Bencher) {
    let tree = tree();
    bencher.counter(ItemsCount::new(tree.len())).bench(|| {
        tree.files()
            .map(|(path, node, data)| check_elf(path, data, node.meta.mode).is_ok())
            .filter(|ok| *ok)
            .count()
    });
}
