//! JFFS2: images made by mkfs.jffs2 (tests/fixtures/jffs2, see its README) in both byte
//! orders and with each compressor, and hand-built hostile logs.

use rampart_firmware::codec::crc;
use rampart_firmware::limits::Limits;
use rampart_firmware::tree::{Meta, NodeKind, Special};
use rampart_firmware::unpack::{Unpacked, unpack_one};

const LE: &[u8] = include_bytes!("fixtures/jffs2/le.img");
const BE_LZO: &[u8] = include_bytes!("fixtures/jffs2/be-lzo.img");
const LE_RTIME: &[u8] = include_bytes!("fixtures/jffs2/le-rtime.img");
const ROOT: &str = "input.unpacked/0x0-jffs2";

fn unpack(data: &[u8]) -> Unpacked {
    unpack_one("jffs2", data, &Limits::default()).unwrap()
}

fn file<'a>(u: &'a Unpacked, path: &str) -> &'a [u8] {
    u.tree
        .get(&format!("{ROOT}/{path}"))
        .unwrap_or_else(|| panic!("{path} missing"))
        .data()
        .unwrap_or_else(|| panic!("{path} is not a file"))
}

fn kind<'a>(u: &'a Unpacked, path: &str) -> &'a NodeKind {
    &u.tree.get(&format!("{ROOT}/{path}")).unwrap().kind
}

fn meta(u: &Unpacked, path: &str) -> Meta {
    u.tree.get(&format!("{ROOT}/{path}")).unwrap().meta
}

/// The standard CRC-32 (what `zlib.crc32` prints), to pin binary fixture files.
fn crc32(data: &[u8]) -> u32 {
    !crc::crc32_raw(0xffff_ffff, data)
}

fn busybox_text() -> Vec<u8> {
    let mut text = Vec::new();
    for n in 1..=2000 {
        text.extend_from_slice(format!("busybox line {n}\n").as_bytes());
    }
    text
}

/// Every fixture holds the tree `make_rootfs.sh` and `devtable.txt` describe.
fn check_rootfs(u: &Unpacked) {
    assert!(u.report.problems.is_empty(), "{:?}", u.report.problems);
    assert_eq!(file(u, "etc/passwd"), b"root:x:0:0:root:/root:/bin/sh\n");
    assert_eq!(file(u, "bin/busybox"), busybox_text());
    assert_eq!(file(u, "bin/ls"), busybox_text(), "hard link");
    assert_eq!(crc32(file(u, "etc/random.bin")), 0xf191_5f9e);
    assert_eq!(file(u, "etc/random.bin").len(), 3000);
    assert_eq!(file(u, "etc/empty"), b"");
    assert_eq!(file(u, "home/user/notes"), b"notes of user 1000\n");
    assert_eq!(*kind(u, "bin/sh"), NodeKind::Symlink("busybox".into()));
    assert_eq!(
        *kind(u, "usr/bin/env"),
        NodeKind::Symlink("/bin/busybox".into())
    );
    assert_eq!(*kind(u, "var/empty"), NodeKind::Dir);
    assert_eq!(
        *kind(u, "dev/console"),
        NodeKind::Special(Special::CharDevice { major: 5, minor: 1 })
    );
    assert_eq!(
        *kind(u, "dev/mtdblock0"),
        NodeKind::Special(Special::BlockDevice {
            major: 31,
            minor: 0
        })
    );
    assert_eq!(*kind(u, "dev/initctl"), NodeKind::Special(Special::Fifo));
    assert_eq!(meta(u, "etc/shadow").mode, Some(0o600));
    assert_eq!(meta(u, "sbin/helper").mode, Some(0o4755));
    assert_eq!(meta(u, "dev/console").gid, Some(5));
    let home = meta(u, "home/user");
    assert_eq!(
        (home.mode, home.uid, home.gid),
        (Some(0o700), Some(1000), Some(1000))
    );
}

#[test]
fn a_little_endian_zlib_image_unpacks_exactly() {
    let u = unpack(LE);
    check_rootfs(&u);
    assert_eq!(u.report.containers[0].size, LE.len() as u64);
}

#[test]
fn a_big_endian_lzo_image_unpacks_exactly() {
    check_rootfs(&unpack(BE_LZO));
}

#[test]
fn an_rtime_image_unpacks_exactly() {
    check_rootfs(&unpack(LE_RTIME));
}

#[test]
fn a_truncated_image_keeps_what_was_read_and_names_the_place() {
    let cut = &LE[..LE.len() / 2];
    let u = unpack(cut);
    assert!(u.tree.len() > 3, "partial results kept");
    let problem = &u.report.problems[0];
    assert_eq!(problem.format, "jffs2");
    assert!(problem.offset < cut.len() as u64, "{problem:?}");
}

#[test]
fn damaged_images_never_panic() {
    // Deterministic corruption: every 97th byte of a copy flipped, at shifting phases.
    for phase in 0..40 {
        let mut data = BE_LZO.to_vec();
        for i in (phase..data.len()).step_by(97) {
            data[i] ^= 0x5a;
        }
        let _ = unpack(&data);
    }
}

/// Hand-built JFFS2 logs (little-endian), CRCs computed as the kernel does.
struct Log(Vec<u8>);

const DIRENT: u16 = 0xe001;
const INODE: u16 = 0xe002;

impl Log {
    fn node(&mut self, kind: u16, body: &[u8]) -> usize {
        let at = self.0.len();
        let total = 12 + body.len() as u32;
        let mut head = Vec::new();
        head.extend_from_slice(&0x1985u16.to_le_bytes());
        head.extend_from_slice(&kind.to_le_bytes());
        head.extend_from_slice(&total.to_le_bytes());
        let hcrc = crc::jffs2(&head);
        self.0.extend_from_slice(&head);
        self.0.extend_from_slice(&hcrc.to_le_bytes());
        self.0.extend_from_slice(body);
        while !self.0.len().is_multiple_of(4) {
            self.0.push(0);
        }
        at
    }

    fn dirent(&mut self, pino: u32, version: u32, ino: u32, name: &[u8]) -> usize {
        let mut b = Vec::new();
        for v in [pino, version, ino, 0] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(&[name.len() as u8, 8, 0, 0]);
        let mut node_head = 0x1985u16.to_le_bytes().to_vec();
        node_head.extend_from_slice(&DIRENT.to_le_bytes());
        node_head.extend_from_slice(&(40 + name.len() as u32).to_le_bytes());
        node_head.extend_from_slice(&crc::jffs2(&node_head).to_le_bytes());
        let mut full = node_head.clone();
        full.extend_from_slice(&b);
        b.extend_from_slice(&crc::jffs2(&full).to_le_bytes());
        b.extend_from_slice(&crc::jffs2(name).to_le_bytes());
        b.extend_from_slice(name);
        self.node(DIRENT, &b)
    }

    #[allow(clippy::too_many_arguments)]
    fn inode(
        &mut self,
        ino: u32,
        version: u32,
        mode: u32,
        isize: u32,
        offset: u32,
        dsize: u32,
        compr: u8,
        data: &[u8],
    ) -> usize {
        let mut b = Vec::new();
        for v in [ino, version, mode] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(&0u16.to_le_bytes());
        b.extend_from_slice(&0u16.to_le_bytes());
        for v in [isize, 0, 0, 0, offset, data.len() as u32, dsize] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(&[compr, 0, 0, 0]);
        b.extend_from_slice(&crc::jffs2(data).to_le_bytes());
        let mut node_head = 0x1985u16.to_le_bytes().to_vec();
        node_head.extend_from_slice(&INODE.to_le_bytes());
        node_head.extend_from_slice(&(68 + data.len() as u32).to_le_bytes());
        node_head.extend_from_slice(&crc::jffs2(&node_head).to_le_bytes());
        let mut full = node_head;
        full.extend_from_slice(&b[..48]);
        b.extend_from_slice(&crc::jffs2(&full).to_le_bytes());
        b.extend_from_slice(data);
        self.node(INODE, &b)
    }
}

const DIR: u32 = 0o040_755;
const REG: u32 = 0o100_644;

fn messages(u: &Unpacked) -> Vec<(u64, String)> {
    u.report
        .problems
        .iter()
        .map(|p| (p.offset, p.message.clone()))
        .collect()
}

#[test]
fn loops_orphans_and_unsafe_names_are_reported_not_followed() {
    let mut log = Log(Vec::new());
    log.inode(2, 1, DIR, 0, 0, 0, 0, b"");
    log.inode(3, 1, DIR, 0, 0, 0, 0, b"");
    log.dirent(1, 1, 2, b"a");
    log.dirent(2, 1, 3, b"b");
    let back = log.dirent(3, 1, 2, b"up");
    let orphan = log.dirent(50, 1, 4, b"lost");
    log.inode(4, 1, REG, 2, 0, 2, 0, b"hi");
    let slash = log.dirent(1, 1, 4, b"x/y");
    let dots = log.dirent(1, 1, 4, b"..");
    let u = unpack(&log.0);
    let problems = messages(&u);
    let at = |offset: usize, needle: &str| {
        problems
            .iter()
            .any(|(o, m)| *o == offset as u64 && m.contains(needle))
    };
    assert!(at(back, "a second time"), "{problems:?}");
    assert!(at(orphan, "not reachable from the root"), "{problems:?}");
    assert!(at(slash, "not a single name component"), "{problems:?}");
    assert!(at(dots, "not a single name component"), "{problems:?}");
    assert_eq!(*kind(&u, "a/b"), NodeKind::Dir);
    assert!(
        u.tree
            .iter()
            .all(|(p, _)| !p.contains("up") && !p.contains("lost"))
    );
}

#[test]
fn the_newest_version_wins_and_a_deleted_name_is_gone() {
    let mut log = Log(Vec::new());
    log.inode(2, 1, REG, 5, 0, 5, 0, b"first");
    log.inode(2, 3, 0o100_600, 6, 0, 6, 0, b"second");
    log.inode(2, 2, REG, 5, 0, 5, 0, b"older");
    log.dirent(1, 1, 2, b"f");
    log.dirent(1, 1, 2, b"gone");
    log.dirent(1, 2, 0, b"gone");
    let u = unpack(&log.0);
    assert_eq!(file(&u, "f"), b"second");
    assert_eq!(meta(&u, "f").mode, Some(0o600));
    assert!(u.tree.get(&format!("{ROOT}/gone")).is_none());
}

#[test]
fn a_truncation_node_hides_older_data_past_it() {
    let mut log = Log(Vec::new());
    log.inode(2, 1, REG, 8, 0, 8, 0, b"abcdefgh");
    // Truncate to 2, then write "Z" at 5: bytes 2..5 must read as zeros, not "cde".
    log.inode(2, 2, REG, 2, 2, 0, 0, b"");
    log.inode(2, 3, REG, 6, 5, 1, 0, b"Z");
    log.dirent(1, 1, 2, b"f");
    assert_eq!(file(&unpack(&log.0), "f"), b"ab\0\0\0Z");
}

#[test]
fn a_data_node_far_past_any_sane_size_is_not_allocated() {
    let mut log = Log(Vec::new());
    let huge = log.inode(2, 1, REG, 0xffff_0000, 0xffff_0000, 4, 0, b"data");
    log.inode(3, 1, REG, 4, 0x7fff_0000, 4, 0, b"late");
    log.dirent(1, 1, 2, b"huge");
    log.dirent(1, 1, 3, b"small");
    let u = unpack(&log.0);
    assert!(u.tree.get(&format!("{ROOT}/huge")).is_none());
    assert!(
        messages(&u)
            .iter()
            .any(|(o, m)| *o == huge as u64 && m.contains("more than")),
        "{:?}",
        messages(&u)
    );
    assert_eq!(
        file(&u, "small"),
        b"\0\0\0\0",
        "data past the size is ignored"
    );
}

#[test]
fn openwrt_lzma_nodes_decode() {
    // `lzma.compress(b"lzma node of openwrt jffs2 " * 3, format=FORMAT_RAW,
    // filters=[{"id": FILTER_LZMA1, "lc": 0, "lp": 0, "pb": 0, "dict_size": 0x2000}])`
    const RAW: &[u8] = &[
        0x00, 0x36, 0x20, 0x6f, 0xb7, 0xca, 0xc5, 0xd0, 0x45, 0xb7, 0x91, 0xdb, 0xba, 0xc9, 0x15,
        0xcf, 0x29, 0x26, 0x84, 0x17, 0xef, 0xf8, 0xc0, 0xaa, 0x7e, 0x44, 0x40, 0xde, 0xf7, 0xc0,
        0xcc, 0x94, 0x40, 0xff, 0xff, 0xea, 0x53, 0x20, 0x00,
    ];
    let text = b"lzma node of openwrt jffs2 ".repeat(3);
    let mut log = Log(Vec::new());
    log.inode(2, 1, REG, 81, 0, 81, 0x08, RAW);
    log.dirent(1, 1, 2, b"l");
    let u = unpack(&log.0);
    assert_eq!(file(&u, "l"), text, "{:?}", messages(&u));
}

#[test]
fn rubin_nodes_are_reported_not_guessed() {
    let mut log = Log(Vec::new());
    let at = log.inode(2, 1, REG, 4, 0, 4, 0x05, b"????");
    log.dirent(1, 1, 2, b"r");
    let u = unpack(&log.0);
    assert!(
        messages(&u)
            .iter()
            .any(|(o, m)| *o == at as u64 && m.contains("rubin node not decoded"))
    );
}

#[test]
fn detect_needs_a_valid_header_crc() {
    let mut bad = LE[..64].to_vec();
    bad[8] ^= 1;
    assert!(
        unpack_one("jffs2", &bad, &Limits::default())
            .unwrap()
            .tree
            .is_empty()
    );
}

#[test]
fn problems_past_the_first_hundred_are_counted_not_listed() {
    let mut log = Log(Vec::new());
    for ino in 2..152 {
        log.inode(ino, 1, REG, 4, 0, 4, 0x05, b"????");
        log.dirent(1, 1, ino, format!("r{ino}").as_bytes());
    }
    let u = unpack(&log.0);
    assert_eq!(u.report.problems.len(), 101);
    assert_eq!(
        u.report.problems[100].message,
        "50 more problems not listed"
    );
}

#[test]
fn erase_block_padding_belongs_to_the_image_and_what_follows_is_carved() {
    // As `mkfs.jffs2 -p` pads to the erase block, then another partition follows.
    let mut flash = LE.to_vec();
    flash.resize(64 << 10, 0xff);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, b"next partition").unwrap();
    flash.extend(gz.finish().unwrap());
    let u = rampart_firmware::unpack::unpack_image(
        "flash.bin",
        bytes::Bytes::from(flash),
        &Limits::default(),
        &mut |_, _| {},
    );
    let found: Vec<(u64, &str, u64)> = u
        .report
        .containers
        .iter()
        .filter(|c| c.path == "flash.bin")
        .map(|c| (c.offset, c.format, c.size))
        .collect();
    assert_eq!(found[0], (0, "jffs2", 64 << 10));
    assert_eq!((found[1].0, found[1].1), (64 << 10, "gzip"));
}
