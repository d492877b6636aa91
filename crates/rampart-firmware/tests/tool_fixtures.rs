//! Files written by the Debian tools themselves (GNU cpio, lz4, xz; lzop and ncompress are
//! tested in their unpackers' own tests): Rampart's parsers against real output, not only
//! against archives built by the same hands that wrote the parsers. Each fixture folder's
//! README names the command and tool version.

use bytes::Bytes;
use rampart_firmware::limits::Limits;
use rampart_firmware::tree::{NodeKind, Special};
use rampart_firmware::unpack::{Unpacked, unpack_image, unpack_one};

fn fox() -> Vec<u8> {
    let mut text = Vec::new();
    for i in 0..400u32 {
        text.extend_from_slice(
            format!(
                "line {i}: the quick brown fox jumps over the lazy dog {}\n",
                i * i % 97
            )
            .as_bytes(),
        );
    }
    text
}

fn node_data(unpacked: &Unpacked, path: &str) -> Vec<u8> {
    unpacked
        .tree
        .get(path)
        .and_then(|n| n.data())
        .unwrap_or_else(|| panic!("{path} missing"))
        .to_vec()
}

#[test]
fn gnu_cpio_archives_of_every_format_unpack_to_the_same_tree() {
    for (format, data) in [
        ("newc", &include_bytes!("fixtures/cpio/tree.newc.cpio")[..]),
        ("crc", &include_bytes!("fixtures/cpio/tree.crc.cpio")[..]),
        ("odc", &include_bytes!("fixtures/cpio/tree.odc.cpio")[..]),
        ("bin", &include_bytes!("fixtures/cpio/tree.bin.cpio")[..]),
    ] {
        let unpacked = unpack_one("cpio", data, &Limits::default()).unwrap();
        assert!(
            unpacked.report.problems.is_empty(),
            "{format}: {:?}",
            unpacked.report.problems
        );
        let root = "input.unpacked/0x0-cpio";
        assert_eq!(
            node_data(&unpacked, &format!("{root}/etc/hostname")),
            b"plc-01\n",
            "{format}"
        );
        // A hard-linked pair: newc and crc store the data only with the last name.
        assert_eq!(
            node_data(&unpacked, &format!("{root}/bin/busybox")),
            b"shared\n",
            "{format}"
        );
        assert_eq!(
            node_data(&unpacked, &format!("{root}/bin/sh")),
            b"shared\n",
            "{format}"
        );
        let get = |p: &str| unpacked.tree.get(&format!("{root}/{p}")).unwrap();
        assert_eq!(get("bin/busybox").meta.mode, Some(0o4755), "{format}");
        assert!(
            matches!(&get("bin/ls").kind, NodeKind::Symlink(t) if t == "busybox"),
            "{format}"
        );
        assert!(
            matches!(
                get("dev/console").kind,
                NodeKind::Special(Special::CharDevice { major: 5, minor: 1 })
            ),
            "{format}"
        );
        assert!(
            matches!(get("dev/fifo").kind, NodeKind::Special(Special::Fifo)),
            "{format}"
        );
    }
}

#[test]
fn a_legacy_lz4_stream_from_the_lz4_tool_decodes() {
    let data = include_bytes!("fixtures/lz4/fox.txt.legacy.lz4");
    let unpacked = unpack_image(
        "fox.txt.lz4",
        Bytes::from_static(data),
        &Limits::default(),
        &mut |_, _| {},
    );
    assert_eq!(
        node_data(&unpacked, "fox.txt.lz4.unpacked/0x0-lz4/fox.txt"),
        fox()
    );
    assert_eq!(unpacked.report.containers[0].size, data.len() as u64);
}

#[test]
fn an_lzma_alone_stream_from_xz_decodes_and_ends_at_its_marker() {
    let data = include_bytes!("fixtures/lzma/fox.txt.lzma");
    let unpacked = unpack_image(
        "fox.txt.lzma",
        Bytes::from_static(data),
        &Limits::default(),
        &mut |_, _| {},
    );
    assert_eq!(
        node_data(&unpacked, "fox.txt.lzma.unpacked/0x0-lzma/fox.txt"),
        fox()
    );
    assert_eq!(unpacked.report.containers[0].size, data.len() as u64);
}
