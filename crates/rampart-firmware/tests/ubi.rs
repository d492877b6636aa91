//! UBI and UBIFS: images made by ubinize and mkfs.ubifs (tests/fixtures/ubi, ubifs; see their
//! READMEs) with LZO, zlib and zstd data, a UBI volume unpacked into UBIFS by the recursion,
//! and damaged copies.

use std::io::Read;

use bytes::Bytes;
use rampart_firmware::codec::crc;
use rampart_firmware::limits::Limits;
use rampart_firmware::tree::{NodeKind, Special};
use rampart_firmware::unpack::{Unpacked, unpack_image, unpack_one};

fn gunzip(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn ubi_image() -> Vec<u8> {
    gunzip(include_bytes!("fixtures/ubi/ubi.img.gz"))
}

fn ubifs_image(name: &str) -> Vec<u8> {
    match name {
        "zlib" => gunzip(include_bytes!("fixtures/ubifs/zlib.ubifs.gz")),
        "zstd" => gunzip(include_bytes!("fixtures/ubifs/zstd.ubifs.gz")),
        _ => unreachable!(),
    }
}

fn busybox_text() -> Vec<u8> {
    let mut text = Vec::new();
    for n in 1..=2000 {
        text.extend_from_slice(format!("busybox line {n}\n").as_bytes());
    }
    text
}

/// The tree `make_rootfs.sh` and `devtable.txt` describe, under `root`.
fn check_rootfs(u: &Unpacked, root: &str) {
    let node = |p: &str| {
        u.tree
            .get(&format!("{root}/{p}"))
            .unwrap_or_else(|| panic!("{p} missing"))
    };
    let file = |p: &str| node(p).data().unwrap().to_vec();
    assert!(u.report.problems.is_empty(), "{:?}", u.report.problems);
    assert_eq!(file("etc/passwd"), b"root:x:0:0:root:/root:/bin/sh\n");
    assert_eq!(file("bin/busybox"), busybox_text());
    assert_eq!(file("bin/ls"), busybox_text());
    assert_eq!(
        !crc::crc32_raw(0xffff_ffff, &file("etc/random.bin")),
        0xf191_5f9e
    );
    assert_eq!(file("etc/empty"), b"");
    assert_eq!(node("bin/sh").kind, NodeKind::Symlink("busybox".into()));
    assert_eq!(
        node("usr/bin/env").kind,
        NodeKind::Symlink("/bin/busybox".into())
    );
    assert_eq!(
        node("dev/console").kind,
        NodeKind::Special(Special::CharDevice { major: 5, minor: 1 })
    );
    assert_eq!(node("dev/initctl").kind, NodeKind::Special(Special::Fifo));
    assert_eq!(node("var/empty").kind, NodeKind::Dir);
    assert_eq!(node("sbin/helper").meta.mode, Some(0o4755));
    assert_eq!(node("etc/shadow").meta.mode, Some(0o600));
    let home = node("home/user").meta;
    assert_eq!(
        (home.mode, home.uid, home.gid),
        (Some(0o700), Some(1000), Some(1000))
    );
}

#[test]
fn ubi_volumes_are_reassembled_and_ubifs_inside_is_unpacked() {
    let image = ubi_image();
    let u = unpack_image(
        "fw.ubi",
        Bytes::from(image.clone()),
        &Limits::default(),
        &mut |_, _| {},
    );
    let kernel = u.tree.get("fw.ubi.unpacked/0x0-ubi/kernel").unwrap();
    assert_eq!(kernel.data().unwrap().as_ref(), vec![b'K'; 5000]);
    check_rootfs(&u, "fw.ubi.unpacked/0x0-ubi/rootfs.unpacked/0x0-ubifs");
    let formats: Vec<_> = u.report.containers.iter().map(|c| c.format).collect();
    assert_eq!(formats, ["ubi", "ubifs"]);
    assert_eq!(u.report.containers[0].size, image.len() as u64);
}

#[test]
fn zlib_and_zstd_ubifs_images_unpack_exactly() {
    for name in ["zlib", "zstd"] {
        let u = unpack_one("ubifs", &ubifs_image(name), &Limits::default()).unwrap();
        check_rootfs(&u, "input.unpacked/0x0-ubifs");
    }
}

#[test]
fn a_bad_static_volume_crc_is_reported() {
    let mut image = ubi_image();
    // The kernel volume's first LEB: find its data (5000 'K's) and damage one byte.
    let at = image.windows(64).position(|w| w == [b'K'; 64]).unwrap();
    image[at] = b'X';
    let u = unpack_one("ubi", &image, &Limits::default()).unwrap();
    assert!(
        u.report
            .problems
            .iter()
            .any(|p| p.message.contains("fails its data CRC")),
        "{:?}",
        u.report.problems
    );
    assert!(u.tree.get("input.unpacked/0x0-ubi/rootfs").is_some());
}

#[test]
fn a_truncated_ubi_image_keeps_what_it_can_and_names_the_place() {
    let image = ubi_image();
    let cut = &image[..image.len() / 2];
    let u = unpack_image(
        "fw.ubi",
        Bytes::copy_from_slice(cut),
        &Limits::default(),
        &mut |_, _| {},
    );
    assert!(u.tree.get("fw.ubi.unpacked/0x0-ubi/kernel").is_some());
    assert!(!u.report.problems.is_empty());
    assert!(
        u.report
            .problems
            .iter()
            .all(|p| p.format == "ubifs" || p.format == "ubi")
    );
}

/// Every node of a UBIFS image with the given type: (offset, length).
fn nodes_of(image: &[u8], kind: u8) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut at = 0;
    while at + 24 <= image.len() {
        if image[at..at + 4] == 0x0610_1831u32.to_le_bytes() && image[at + 20] == kind {
            let len = u32::from_le_bytes(image[at + 16..at + 20].try_into().unwrap()) as usize;
            found.push((at, len));
        }
        at += 8;
    }
    found
}

fn fix_crc(image: &mut [u8], at: usize, len: usize) {
    let sum = crc::ubi(&image[at + 8..at + len]);
    image[at + 4..at + 8].copy_from_slice(&sum.to_le_bytes());
}

#[test]
fn an_index_loop_ends_and_the_rest_is_still_read() {
    let mut image = ubifs_image("zlib");
    let leb_size = 15872;
    // The index root, from the newest master node; its last branch is pointed back at it.
    let (master, _) = *nodes_of(&image, 7)
        .iter()
        .max_by_key(|(at, _)| u64::from_le_bytes(image[at + 8..at + 16].try_into().unwrap()))
        .unwrap();
    let word = |at: usize| u32::from_le_bytes(image[at..at + 4].try_into().unwrap());
    let (lnum, offs) = (word(master + 48), word(master + 52));
    let root = lnum as usize * leb_size + offs as usize;
    let len = word(root + 16) as usize;
    let count = usize::from(u16::from_le_bytes([image[root + 24], image[root + 25]]));
    assert!(count > 1, "the root has several branches");
    let last = root + 28 + (count - 1) * 20;
    image[last..last + 4].copy_from_slice(&lnum.to_le_bytes());
    image[last + 4..last + 8].copy_from_slice(&offs.to_le_bytes());
    fix_crc(&mut image, root, len);
    let u = unpack_one("ubifs", &image, &Limits::default()).unwrap();
    assert!(
        u.tree.get("input.unpacked/0x0-ubifs/bin").is_some(),
        "the other branches are still read: {:?}",
        u.report.problems
    );
}

#[test]
fn an_inode_claiming_a_terabyte_is_not_allocated() {
    let mut image = ubifs_image("zlib");
    let mut patched = 0;
    for (at, len) in nodes_of(&image, 0) {
        let size = u64::from_le_bytes(image[at + 48..at + 56].try_into().unwrap());
        if size == 34893 {
            image[at + 48..at + 56].copy_from_slice(&(1u64 << 40).to_le_bytes());
            fix_crc(&mut image, at, len);
            patched += 1;
        }
    }
    assert_eq!(patched, 1, "busybox's inode");
    let u = unpack_one("ubifs", &image, &Limits::default()).unwrap();
    assert!(u.tree.get("input.unpacked/0x0-ubifs/bin/busybox").is_none());
    assert!(
        u.report
            .problems
            .iter()
            .any(|p| p.message.contains("1099511627776 bytes")),
        "{:?}",
        u.report.problems
    );
    assert!(u.tree.get("input.unpacked/0x0-ubifs/etc/passwd").is_some());
}

#[test]
fn damaged_images_never_panic() {
    let clean = ubi_image();
    for phase in 0..20 {
        let mut data = clean.clone();
        for i in (phase * 7..data.len()).step_by(1499) {
            data[i] ^= 0xa5;
        }
        let _ = unpack_image("x", Bytes::from(data), &Limits::default(), &mut |_, _| {});
    }
}

#[test]
fn two_ubi_images_back_to_back_are_two_containers() {
    let one = ubi_image();
    let mut flash = one.clone();
    let mut two = one.clone();
    // Give the second image its own sequence number (erase-counter headers at every 16 KiB).
    for at in (0..two.len()).step_by(16 << 10) {
        if &two[at..at + 4] == b"UBI#" {
            two[at + 24..at + 28].copy_from_slice(&7u32.to_be_bytes());
            let sum = crc::ubi(&two[at..at + 60]);
            two[at + 60..at + 64].copy_from_slice(&sum.to_be_bytes());
        }
    }
    flash.extend(two);
    let u = unpack_image("fw", Bytes::from(flash), &Limits::default(), &mut |_, _| {});
    let ubi: Vec<(u64, u64)> = u
        .report
        .containers
        .iter()
        .filter(|c| c.format == "ubi")
        .map(|c| (c.offset, c.size))
        .collect();
    let len = one.len() as u64;
    assert_eq!(ubi, [(0, len), (len, len)]);
}

/// A UBIFS node: the common header (magic, CRC, sequence number, length, type) and `body`.
fn ubifs_node(kind: u8, sqnum: u64, body: &[u8]) -> Vec<u8> {
    let mut n = Vec::new();
    n.extend_from_slice(&0x0610_1831u32.to_le_bytes());
    n.extend_from_slice(&[0; 4]);
    n.extend_from_slice(&sqnum.to_le_bytes());
    n.extend_from_slice(&(24 + body.len() as u32).to_le_bytes());
    n.extend_from_slice(&[kind, 0, 0, 0]);
    n.extend_from_slice(body);
    let len = n.len();
    fix_crc(&mut n, 0, len);
    n
}

fn dent_body(parent: u32, child: u64, name: &[u8]) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(&parent.to_le_bytes());
    b.extend_from_slice(&((2u32 << 29) | 0x1234).to_le_bytes());
    b.extend_from_slice(&[0; 8]);
    b.extend_from_slice(&child.to_le_bytes());
    b.extend_from_slice(&[0, 0]);
    b.extend_from_slice(&(name.len() as u16).to_le_bytes());
    b.extend_from_slice(&[0; 4]);
    b.extend_from_slice(name);
    b.push(0);
    b
}

fn data_body(inum: u32, content: &[u8]) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(&inum.to_le_bytes());
    b.extend_from_slice(&(1u32 << 29).to_le_bytes());
    b.extend_from_slice(&[0; 8]);
    b.extend_from_slice(&(content.len() as u32).to_le_bytes());
    b.extend_from_slice(&[0, 0, 0, 0]);
    b.extend_from_slice(content);
    b
}

/// The body of an existing inode node for `inum`, with a new key and size.
fn inode_body(image: &[u8], from_inum: u32, inum: u32, size: u64) -> Vec<u8> {
    let (at, len) = nodes_of(image, 0)
        .into_iter()
        .find(|&(at, _)| image[at + 24..at + 28] == from_inum.to_le_bytes())
        .unwrap();
    let mut b = image[at + 24..at + len].to_vec();
    b[..4].copy_from_slice(&inum.to_le_bytes());
    b[24..32].copy_from_slice(&size.to_le_bytes());
    b
}

#[test]
fn the_journal_is_replayed_over_the_index() {
    let mut image = ubifs_image("zlib");
    let leb = 15872;
    // The entries of /etc/passwd and /etc/shadow, from the index.
    let dent = |image: &[u8], name: &[u8]| {
        nodes_of(image, 2)
            .into_iter()
            .find(|&(at, len)| &image[at + 56..at + len - 1] == name)
            .map(|(at, _)| {
                let parent = u32::from_le_bytes(image[at + 24..at + 28].try_into().unwrap());
                let child = u64::from_le_bytes(image[at + 40..at + 48].try_into().unwrap());
                (parent, child as u32)
            })
            .unwrap()
    };
    let (etc, passwd) = dent(&image, b"passwd");
    // A bud in the free LEB 11: passwd rewritten, shadow unlinked, a new file in the root.
    let bud = [
        ubifs_node(0, 200, &inode_body(&image, passwd, passwd, 7)),
        ubifs_node(1, 201, &data_body(passwd, b"hacked\n")),
        ubifs_node(2, 202, &dent_body(etc, 0, b"shadow")),
        ubifs_node(0, 203, &inode_body(&image, passwd, 500, 3)),
        ubifs_node(1, 204, &data_body(500, b"abc")),
        ubifs_node(2, 205, &dent_body(1, 500, b"new")),
    ];
    let mut at = 11 * leb;
    for n in &bud {
        image[at..at + n.len()].copy_from_slice(n);
        at = (at + n.len()).next_multiple_of(8);
    }
    // The log (LEB 3): after the commit-start node and its padding, a reference to the bud.
    let mut reference = Vec::new();
    reference.extend_from_slice(&11u32.to_le_bytes());
    reference.extend_from_slice(&0u32.to_le_bytes());
    reference.extend_from_slice(&1u32.to_le_bytes());
    reference.extend_from_slice(&[0; 28]);
    let reference = ubifs_node(8, 199, &reference);
    image[3 * leb + 512..3 * leb + 512 + reference.len()].copy_from_slice(&reference);

    let u = unpack_one("ubifs", &image, &Limits::default()).unwrap();
    let root = "input.unpacked/0x0-ubifs";
    let file = |p: &str| {
        u.tree
            .get(&format!("{root}/{p}"))
            .map(|n| n.data().unwrap().to_vec())
    };
    assert!(u.report.problems.is_empty(), "{:?}", u.report.problems);
    assert_eq!(file("etc/passwd").unwrap(), b"hacked\n");
    assert_eq!(file("new").unwrap(), b"abc");
    assert!(u.tree.get(&format!("{root}/etc/shadow")).is_none());
    assert_eq!(
        file("bin/busybox").unwrap(),
        busybox_text(),
        "the rest as indexed"
    );

    // A reference older than the commit start was committed already: not replayed again.
    let stale = ubifs_node(8, 50, &reference[24..]);
    image[3 * leb + 512..3 * leb + 512 + stale.len()].copy_from_slice(&stale);
    let u = unpack_one("ubifs", &image, &Limits::default()).unwrap();
    let passwd = u.tree.get(&format!("{root}/etc/passwd")).unwrap();
    assert_eq!(
        passwd.data().unwrap().as_ref(),
        b"root:x:0:0:root:/root:/bin/sh\n"
    );
}
