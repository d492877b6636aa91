//! How fast identification reads a tree: `synthetic` is 64 MB of ELF-headed pseudo-random
//! files (512 KiB each) with a few real banners sprinkled in, so the cost is the automaton
//! pass, the ELF header reads and the regexes near hits; `debian` (when
//! `RAMPART_DEBIAN_DIR` names the folder bench/fetch-debian-packages.sh filled) is every
//! extracted package as one tree: real binaries, real symbol tables. Run:
//! `cargo bench -p rampart-firmware --bench identify`.

use std::path::Path;

use bytes::Bytes;
use divan::Bencher;
use divan::counter::BytesCount;
use rampart_firmware::identify::identify;
use rampart_firmware::tree::{FileTree, Meta, Node, NodeKind};

fn main() {
    divan::main();
}

const FILE_BYTES: usize = 512 * 1024;
const FILES: usize = 128;

const BANNERS: [&[u8]; 4] = [
    b"BusyBox v1.36.1 (2024-01-01 00:00:00 UTC) multi-call binary.",
    b"OpenSSL 3.0.15 3 Sep 2024",
    b" deflate 1.2.13 Copyright 1995-2022 Jean-loup Gailly and Mark Adler ",
    b"SSH-2.0-dropbear_2022.83",
];

fn node(data: Vec<u8>) -> Node {
    Node {
        kind: NodeKind::File(Bytes::from(data)),
        meta: Meta::default(),
        root: "rootfs".into(),
    }
}

fn synthetic_tree() -> (FileTree, usize) {
    let mut tree = FileTree::new();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..FILES {
        let mut data = Vec::with_capacity(FILE_BYTES);
        data.extend_from_slice(b"\x7fELF\x02\x01\x01\0");
        while data.len() < FILE_BYTES {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            data.extend_from_slice(&state.to_le_bytes());
        }
        let banner = BANNERS[i % BANNERS.len()];
        let at = FILE_BYTES / 2;
        data[at] = 0;
        data[at + 1..at + 1 + banner.len()].copy_from_slice(banner);
        data[at + 1 + banner.len()] = 0;
        tree.insert(format!("rootfs/usr/lib/lib{i}.so"), node(data));
    }
    (tree, FILES * FILE_BYTES)
}

#[divan::bench(sample_count = 10)]
fn synthetic(bencher: Bencher) {
    let (tree, bytes) = synthetic_tree();
    bencher
        .counter(BytesCount::new(bytes))
        .bench(|| identify(divan::black_box(&tree)));
}

fn debian_tree(dir: &Path) -> (FileTree, usize) {
    let mut tree = FileTree::new();
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            let kind = entry.file_type().unwrap();
            if path.file_name().is_some_and(|n| n == "debs") {
                continue;
            }
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() {
                let data = std::fs::read(&path).unwrap();
                total += data.len();
                let relative = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                tree.insert(format!("rootfs/{relative}"), node(data));
            }
        }
    }
    (tree, total)
}

#[divan::bench(sample_count = 5)]
fn debian(bencher: Bencher) {
    let Some(dir) = std::env::var_os("RAMPART_DEBIAN_DIR") else {
        eprintln!("RAMPART_DEBIAN_DIR is not set: the debian bench measures nothing");
        return;
    };
    let (tree, bytes) = debian_tree(Path::new(&dir));
    bencher
        .counter(BytesCount::new(bytes))
        .bench(|| identify(divan::black_box(&tree)));
}
