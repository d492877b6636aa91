//! How fast the findings rules read an unpacked image: a synthetic rootfs of binaries and
//! configuration (throughput in bytes), and the cost of trying default passwords against
//! SHA-512 crypt hashes. Run: `cargo bench -p rampart-firmware --bench findings`.

use bytes::Bytes;
use divan::Bencher;
use divan::counter::BytesCount;
use rampart_firmware::tree::{FileTree, Meta, Node, NodeKind};

fn main() {
    divan::main();
}

const ROOT: &str = "fw.bin.unpacked/0x0-squashfs";
const TODAY: jiff::civil::Date = jiff::civil::date(2026, 12, 4);

fn insert(tree: &mut FileTree, rel: &str, data: Vec<u8>, mode: u32) {
    tree.insert(
        format!("{ROOT}/{rel}"),
        Node {
            kind: NodeKind::File(Bytes::from(data)),
            meta: Meta::mode(mode),
            root: ROOT.to_owned(),
        },
    );
}

/// 200 binaries of 256 KiB (incompressible bytes, a PEM key in every tenth) and 2,000
/// configuration files of about 4 KiB: 58 MB, the shape of a small router's rootfs.
fn rootfs() -> (FileTree, u64) {
    let mut tree = FileTree::new();
    let mut total = 0;
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    for i in 0..200 {
        let mut data: Vec<u8> = (0..256 * 1024)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        if i % 10 == 0 {
            data.extend_from_slice(include_bytes!("../tests/fixtures/findings/ca.pem"));
        }
        total += data.len() as u64;
        insert(&mut tree, &format!("usr/bin/prog{i}"), data, 0o755);
    }
    for i in 0..2000 {
        let mut text = String::new();
        for line in 0..100 {
            text.push_str(&format!(
                "option_{line} = value-{i}-{line} # a comment about option {line}\n"
            ));
        }
        text.push_str("password = changeme\nurl = http://example.com/path\n");
        total += text.len() as u64;
        insert(
            &mut tree,
            &format!("etc/app{i}/app.conf"),
            text.into_bytes(),
            0o644,
        );
    }
    (tree, total)
}

#[divan::bench(sample_count = 10)]
fn scan_rootfs(bencher: Bencher) {
    let (tree, total) = rootfs();
    bencher
        .counter(BytesCount::new(total))
        .bench(|| rampart_firmware::findings::scan(divan::black_box(&tree), TODAY));
}

/// Eight accounts with SHA-512 crypt (5,000 rounds) and passwords not on the list: every
/// candidate is computed for each.
#[divan::bench(sample_count = 5)]
fn shadow_eight_sha512_accounts(bencher: Bencher) {
    let hash = "$6$pepper$bZHkGaZqVxLKYdEkglcVQ/U..OFqGdEGU9mKv1gpjf1fIZEDI5BbVTGWtqlHAa00cEvaE.JDzvnptpp0egAK6.";
    let mut shadow = String::new();
    for i in 0..8 {
        shadow.push_str(&format!("user{i}:{hash}:19000::::::\n"));
    }
    let mut tree = FileTree::new();
    insert(&mut tree, "etc/shadow", shadow.into_bytes(), 0o600);
    bencher.bench(|| rampart_firmware::findings::scan(divan::black_box(&tree), TODAY));
}
