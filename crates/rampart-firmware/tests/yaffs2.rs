//! YAFFS2: images written here chunk by chunk as mkyaffs2image writes them (object headers
//! and data chunks with packed tags), in every page layout and byte order the unpacker
//! guesses, plus updates, deletions and hostile objects. Real images from other tools are
//! in the conformance test (fact-extractor's and binwalk's, checked against unyaffs).

use rampart_firmware::limits::Limits;
use rampart_firmware::tree::{NodeKind, Special};
use rampart_firmware::unpack::{Unpacked, unpack_one};

const ROOT: &str = "input.unpacked/0x0-yaffs2";

#[derive(Clone, Copy)]
struct Layout {
    page: usize,
    spare: usize,
    /// Tags offset in the spare; `None` for tags in band (end of the page).
    tags_at: Option<usize>,
    big_endian: bool,
}

struct Image {
    layout: Layout,
    bytes: Vec<u8>,
    seq: u32,
}

const FILE: u32 = 1;
const SYMLINK: u32 = 2;
const DIR: u32 = 3;
const HARDLINK: u32 = 4;
const SPECIAL: u32 = 5;

struct Header<'a> {
    kind: u32,
    parent: u32,
    name: &'a [u8],
    mode: u32,
    uid: u32,
    size: u64,
    equiv: u32,
    alias: &'a [u8],
    rdev: u32,
}

impl Header<'_> {
    fn new(kind: u32, parent: u32, name: &[u8], mode: u32) -> Header<'_> {
        Header {
            kind,
            parent,
            name,
            mode,
            uid: 0,
            size: 0,
            equiv: u32::MAX,
            alias: b"",
            rdev: 0,
        }
    }
}

impl Image {
    fn new(layout: Layout) -> Image {
        Image {
            layout,
            bytes: Vec::new(),
            seq: 0x1000,
        }
    }

    fn data_len(&self) -> usize {
        match self.layout.tags_at {
            Some(_) => self.layout.page,
            None => self.layout.page - 16,
        }
    }

    fn word(&self, v: u32) -> [u8; 4] {
        if self.layout.big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    }

    fn chunk(&mut self, data: &[u8], object: u32, chunk: u32, bytes: u32) {
        let mut tags = Vec::new();
        for v in [self.seq, object, chunk, bytes] {
            tags.extend_from_slice(&self.word(v));
        }
        let mut page = data.to_vec();
        page.resize(self.data_len(), 0xff);
        self.bytes.extend_from_slice(&page);
        if let Some(at) = self.layout.tags_at {
            let mut spare = vec![0xff; self.layout.spare];
            spare[at..at + 16].copy_from_slice(&tags);
            self.bytes.extend_from_slice(&spare);
        } else {
            self.bytes.extend_from_slice(&tags);
        }
    }

    fn header(&mut self, object: u32, h: &Header<'_>) -> usize {
        let at = self.bytes.len();
        let mut d = vec![0xffu8; 512];
        d[0..4].copy_from_slice(&self.word(h.kind));
        d[4..8].copy_from_slice(&self.word(h.parent));
        d[10..266].fill(0);
        d[10..10 + h.name.len()].copy_from_slice(h.name);
        d[268..272].copy_from_slice(&self.word(h.mode));
        d[272..276].copy_from_slice(&self.word(h.uid));
        d[276..280].copy_from_slice(&self.word(h.uid));
        d[292..296].copy_from_slice(&self.word(h.size as u32));
        d[296..300].copy_from_slice(&self.word(h.equiv));
        d[300..460].fill(0);
        d[300..300 + h.alias.len()].copy_from_slice(h.alias);
        d[460..464].copy_from_slice(&self.word(h.rdev));
        let high = if h.size >> 32 == 0 {
            u32::MAX
        } else {
            (h.size >> 32) as u32
        };
        d[496..500].copy_from_slice(&self.word(high));
        self.chunk(&d, object, 0, 0xffff);
        at
    }

    fn file(&mut self, object: u32, parent: u32, name: &[u8], mode: u32, content: &[u8]) {
        let mut h = Header::new(FILE, parent, name, mode);
        h.size = content.len() as u64;
        self.header(object, &h);
        for (i, piece) in content.chunks(self.data_len()).enumerate() {
            self.chunk(piece, object, i as u32 + 1, piece.len() as u32);
        }
    }
}

fn unpack(image: &Image) -> Unpacked {
    unpack_one("yaffs2", &image.bytes, &Limits::default()).unwrap()
}

fn big_text() -> Vec<u8> {
    let mut text = Vec::new();
    for n in 1..=700 {
        text.extend_from_slice(format!("busybox line {n}\n").as_bytes());
    }
    text
}

/// A small root filesystem: folders, a file over several chunks, links, devices, modes.
fn rootfs(layout: Layout) -> Image {
    let mut img = Image::new(layout);
    img.header(257, &Header::new(DIR, 1, b"bin", 0o40755));
    img.header(258, &Header::new(DIR, 1, b"etc", 0o40755));
    img.header(259, &Header::new(DIR, 1, b"dev", 0o40755));
    img.file(260, 257, b"busybox", 0o104_755, &big_text());
    let mut link = Header::new(SYMLINK, 257, b"sh", 0o120_777);
    link.alias = b"busybox";
    img.header(261, &link);
    let mut hard = Header::new(HARDLINK, 257, b"ls", 0o100_755);
    hard.equiv = 260;
    img.header(262, &hard);
    let mut passwd = Header::new(FILE, 258, b"passwd", 0o100_600);
    passwd.uid = 1000;
    passwd.size = 30;
    img.header(263, &passwd);
    img.chunk(b"root:x:0:0:root:/root:/bin/sh\n", 263, 1, 30);
    let mut console = Header::new(SPECIAL, 259, b"console", 0o20_600);
    console.rdev = (5 << 8) | 1;
    img.header(264, &console);
    img.header(265, &Header::new(SPECIAL, 259, b"fifo", 0o10_644));
    img
}

fn check_rootfs(u: &Unpacked, what: &str) {
    let node = |p: &str| {
        u.tree
            .get(&format!("{ROOT}/{p}"))
            .unwrap_or_else(|| panic!("{what}: {p} missing"))
    };
    assert!(
        u.report.problems.is_empty(),
        "{what}: {:?}",
        u.report.problems
    );
    assert_eq!(
        node("bin/busybox").data().unwrap().as_ref(),
        big_text(),
        "{what}"
    );
    assert_eq!(
        node("bin/ls").data().unwrap().as_ref(),
        big_text(),
        "{what}"
    );
    assert_eq!(node("bin/busybox").meta.mode, Some(0o4755));
    assert_eq!(node("bin/sh").kind, NodeKind::Symlink("busybox".into()));
    let passwd = node("etc/passwd");
    assert_eq!(
        passwd.data().unwrap().as_ref(),
        b"root:x:0:0:root:/root:/bin/sh\n"
    );
    assert_eq!(
        (passwd.meta.mode, passwd.meta.uid, passwd.meta.gid),
        (Some(0o600), Some(1000), Some(1000))
    );
    assert_eq!(
        node("dev/console").kind,
        NodeKind::Special(Special::CharDevice { major: 5, minor: 1 })
    );
    assert_eq!(node("dev/fifo").kind, NodeKind::Special(Special::Fifo));
}

const LAYOUTS: [Layout; 6] = [
    Layout {
        page: 2048,
        spare: 64,
        tags_at: Some(0),
        big_endian: false,
    },
    Layout {
        page: 2048,
        spare: 64,
        tags_at: Some(2),
        big_endian: true,
    },
    Layout {
        page: 4096,
        spare: 128,
        tags_at: Some(0),
        big_endian: false,
    },
    Layout {
        page: 4096,
        spare: 128,
        tags_at: Some(2),
        big_endian: true,
    },
    Layout {
        page: 512,
        spare: 16,
        tags_at: Some(0),
        big_endian: false,
    },
    Layout {
        page: 2048,
        spare: 0,
        tags_at: None,
        big_endian: false,
    },
];

#[test]
fn every_page_layout_and_byte_order_is_guessed_and_read() {
    for layout in LAYOUTS {
        let img = rootfs(layout);
        let u = unpack(&img);
        check_rootfs(
            &u,
            &format!("page {} tags {:?}", layout.page, layout.tags_at),
        );
        assert_eq!(u.report.containers[0].size, img.bytes.len() as u64);
    }
}

#[test]
fn the_newest_copy_wins_and_deleted_objects_are_gone() {
    let mut img = Image::new(LAYOUTS[0]);
    img.file(257, 1, b"config", 0o100_644, b"old value");
    img.file(258, 1, b"removed", 0o100_644, b"secret");
    img.seq += 1;
    // A rewrite in a newer block: the header (new size, mode) and the data chunk.
    img.file(257, 1, b"config", 0o100_640, b"new");
    // Deleting moves the object under the "deleted" directory (object 4).
    let mut gone = Header::new(FILE, 4, b"removed", 0o100_644);
    gone.size = 6;
    img.header(258, &gone);
    let u = unpack(&img);
    let config = u.tree.get(&format!("{ROOT}/config")).unwrap();
    assert_eq!(config.data().unwrap().as_ref(), b"new");
    assert_eq!(config.meta.mode, Some(0o640));
    assert!(u.tree.get(&format!("{ROOT}/removed")).is_none());
}

#[test]
fn hostile_names_loops_and_sizes_are_reported_not_followed() {
    let mut img = Image::new(LAYOUTS[0]);
    img.file(257, 1, b"ok", 0o100_644, b"fine");
    let dots = img.header(258, &Header::new(FILE, 1, b"..", 0o100_644));
    let slash = img.header(259, &Header::new(FILE, 1, b"../../etc/x", 0o100_644));
    // Two folders that are each other's parent: a detached loop.
    let looped = img.header(260, &Header::new(DIR, 261, b"a", 0o40755));
    img.header(261, &Header::new(DIR, 260, b"b", 0o40755));
    let mut huge = Header::new(FILE, 1, b"huge", 0o100_644);
    huge.size = 0xffff_ffff_0000;
    let huge_at = img.header(262, &huge);
    img.chunk(b"data", 262, 0x00ff_ffff, 4);
    let u = unpack(&img);
    let problems: Vec<(u64, &str)> = u
        .report
        .problems
        .iter()
        .map(|p| (p.offset, p.message.as_str()))
        .collect();
    let has = |at: usize, needle: &str| {
        problems
            .iter()
            .any(|(o, m)| *o == at as u64 && m.contains(needle))
    };
    assert!(has(dots, "not a single name component"), "{problems:?}");
    assert!(has(slash, "not a single name component"), "{problems:?}");
    assert!(has(looped, "not reachable from the root"), "{problems:?}");
    assert!(has(huge_at, "more than"), "{problems:?}");
    assert_eq!(
        u.tree
            .get(&format!("{ROOT}/ok"))
            .unwrap()
            .data()
            .unwrap()
            .as_ref(),
        b"fine"
    );
    assert!(u.tree.iter().all(|(p, _)| p.starts_with(ROOT)));
}

#[test]
fn a_truncated_image_keeps_the_objects_before_the_cut() {
    let img = rootfs(LAYOUTS[0]);
    let stride = 2048 + 64;
    // Cut inside busybox's data: its header and the folders before it survive.
    let cut = &img.bytes[..5 * stride + 100];
    let u = unpack_one("yaffs2", cut, &Limits::default()).unwrap();
    assert!(u.tree.get(&format!("{ROOT}/bin")).is_some());
    assert_eq!(u.report.containers[0].size, 5 * stride as u64);
}

#[test]
fn damaged_images_never_panic() {
    let clean = rootfs(LAYOUTS[1]).bytes;
    for phase in 0..30 {
        let mut data = clean.clone();
        for i in (phase * 13..data.len()).step_by(331) {
            data[i] ^= 0x3c;
        }
        let _ = unpack_one("yaffs2", &data, &Limits::default());
    }
}

#[test]
fn text_that_merely_starts_like_a_header_is_not_yaffs2() {
    let mut data = vec![0u8; 4096];
    data[0] = 1;
    data[4] = 1;
    assert!(
        unpack_one("yaffs2", &data, &Limits::default())
            .unwrap()
            .tree
            .is_empty()
    );
}

#[test]
fn checkpoint_and_bad_blocks_are_stepped_over() {
    let mut img = Image::new(LAYOUTS[0]);
    img.file(257, 1, b"before", 0o100_644, b"1");
    // A checkpoint block (sequence 0x21, object 0x20) longer than the scan's tolerance for
    // unreadable chunks, then a block marked bad.
    let seq = img.seq;
    img.seq = 0x21;
    for i in 0..100 {
        img.chunk(&[0x5a; 64], 0x20, i, 2048);
    }
    img.seq = 0xffff_0000;
    img.chunk(&[0; 16], 0, 0, 0);
    img.seq = seq;
    img.file(258, 1, b"after", 0o100_644, b"2");
    let u = unpack(&img);
    assert!(u.report.problems.is_empty(), "{:?}", u.report.problems);
    assert!(u.tree.get(&format!("{ROOT}/after")).is_some());
}
