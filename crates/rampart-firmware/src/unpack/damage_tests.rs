//! Every container unpacker on damaged copies of a valid sample (each truncation, each byte
//! set to 0x00, 0xff or with its top bit flipped): no panic, nothing placed outside the
//! container's folder, never more bytes claimed than given. A quick, deterministic
//! complement to the fuzz targets.

use crate::limits::Limits;
use crate::unpack::unpack_one;

use super::{bzimage, fdt, ikconfig, tplink, trx, uimage};

fn samples() -> Vec<(&'static str, Vec<u8>)> {
    let fit = fdt::build(&[
        (0, "", vec![("description", b"fit\0".to_vec())]),
        (1, "images", vec![]),
        (
            2,
            "kernel",
            vec![("data", b"kernel".to_vec()), ("arch", b"arm\0".to_vec())],
        ),
        (
            2,
            "ext",
            vec![
                ("data-position", 8u32.to_be_bytes().to_vec()),
                ("data-size", 16u32.to_be_bytes().to_vec()),
            ],
        ),
    ]);
    let mut multi = Vec::new();
    for v in [3u32, 2, 0] {
        multi.extend_from_slice(&v.to_be_bytes());
    }
    multi.extend_from_slice(b"abc\0de");
    vec![
        ("uimage", uimage::build(2, 1, b"kernel", b"payload bytes")),
        ("uimage", uimage::build(4, 0, b"multi", &multi)),
        ("fit", fit.clone()),
        ("dtb", fit),
        ("trx", trx::build(2, &[b"loader", b"kernel", b"rootfs"])),
        ("tplink", tplink::build(1, b"kernel", b"rootfs")),
        ("tplink", tplink::build(2, b"kernel", b"rootfs")),
        ("bzimage", bzimage::build(b"\x1f\x8b\x08 payload")),
        ("ikconfig", ikconfig::build(b"CONFIG_X=y\n")),
        (
            "ihex",
            b":040000006162636472\n:020000040001F9\n:010002006598\n:00000001FF\n".to_vec(),
        ),
        (
            "srec",
            b"S00600004844521B\nS1070000616263646E\nS208000010656667684D\nS9030000FC\n".to_vec(),
        ),
    ]
}

fn check(format: &str, data: &[u8], limits: &Limits) {
    let unpacked = unpack_one(format, data, limits).unwrap();
    let folder = format!("input.unpacked/0x0-{format}/");
    for (path, _) in unpacked.tree.iter() {
        assert!(path.starts_with(&folder), "{format}: {path}");
    }
    for container in &unpacked.report.containers {
        assert!(
            container.size <= data.len() as u64,
            "{format}: {container:?}"
        );
    }
}

#[test]
fn damaged_containers_never_panic_or_escape() {
    let limits = Limits {
        min_budget_bytes: 1 << 20,
        max_expansion_ratio: 0,
        ..Limits::default()
    };
    for (format, sample) in samples() {
        assert!(
            !unpack_one(format, &sample, &limits)
                .unwrap()
                .report
                .containers
                .is_empty(),
            "{format}: the undamaged sample must unpack"
        );
        for len in 0..sample.len() {
            check(format, &sample[..len], &limits);
        }
        for at in 0..sample.len() {
            for value in [0x00, 0xff, sample[at] ^ 0x80] {
                let mut damaged = sample.clone();
                damaged[at] = value;
                check(format, &damaged, &limits);
            }
        }
    }
}
