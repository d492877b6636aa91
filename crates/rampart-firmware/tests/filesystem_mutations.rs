//! Every filesystem fixture with bytes corrupted at random (a fixed seed, so runs repeat):
//! the unpackers must neither panic nor place anything outside their folder, and stay
//! within a small budget. A cheap, always-run complement to the fuzz targets.

use std::io::Read;

use rampart_firmware::limits::Limits;
use rampart_firmware::unpack::unpack_one;

fn fixture(path: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    if std::path::Path::new(&path)
        .extension()
        .is_some_and(|e| e == "gz")
    {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(data.as_slice())
            .read_to_end(&mut out)
            .unwrap();
        out
    } else {
        data
    }
}

/// xorshift64: deterministic and dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn corrupted_images_never_panic_or_escape() {
    let cases = [
        ("squashfs", "squashfs/rootfs-gzip.sqfs"),
        ("squashfs", "squashfs/rootfs-xz.sqfs"),
        ("squashfs", "squashfs/rootfs-lzo.sqfs"),
        ("squashfs", "squashfs/rootfs-lz4.sqfs"),
        ("squashfs", "squashfs/rootfs-zstd.sqfs"),
        ("squashfs", "squashfs/rootfs-lzma.sqfs"),
        ("squashfs", "squashfs/rootfs-plain.sqfs"),
        ("romfs", "romfs/rootfs.romfs"),
        ("cramfs", "cramfs/rootfs-little.cramfs"),
        ("cramfs", "cramfs/rootfs-big.cramfs"),
        ("ext", "ext/ext2.img.gz"),
        ("ext", "ext/ext4.img.gz"),
    ];
    let limits = Limits {
        min_budget_bytes: 4 << 20,
        max_expansion_ratio: 0,
        max_files: 10_000,
        ..Limits::default()
    };
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for (format, path) in cases {
        let original = fixture(path);
        let used = original.len().min(8192);
        for _ in 0..300 {
            let mut image = original.clone();
            for _ in 0..=(rng.next() % 4) {
                let at = (rng.next() as usize) % used;
                image[at] = rng.next() as u8;
            }
            let unpacked = unpack_one(format, &image, &limits).unwrap();
            let root = format!("input.unpacked/0x0-{format}/");
            assert!(
                unpacked.tree.iter().all(|(p, _)| p.starts_with(&root)),
                "{path}"
            );
            assert!(unpacked.report.unpacked_bytes <= 4 << 20, "{path}");
        }
    }
}
