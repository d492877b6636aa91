//! The findings rules read files of firmware images: arbitrary bytes under the names they
//! look at (account databases, inittab, init scripts, configs, keys, certificates) must give
//! findings, never a panic, and in bounded time (hash rounds capped, lines capped).
//!
//! The first chunks build a BusyBox httpd set-up, so every input reaches the httpd rule
//! (FW-SVC-006) past its BusyBox check: a boot script whose first line starts `httpd` with
//! the chunk as its options (`-c FILE`, `-h DIR`, `-p [IP:]PORT`, …), then the
//! configurations httpd may read: `/etc/httpd.conf`, `httpd.conf` in the document root
//! `/www` (`-h`) and in a folder below it, and one that only `-c /etc/httpd/alt.conf` names;
//! an empty chunk leaves its file out, as an image without that file.
//! `fuzz/findings.dict` holds these words for libFuzzer (`-dict=findings.dict`).
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use rampart_firmware::tree::{FileTree, Meta, Node, NodeKind, Special};

/// The names the first chunks of the input are given, each chunk after the bytes shown.
const HTTPD: &[(&str, &[u8])] = &[
    ("etc/init.d/S80httpd", b"httpd "),
    ("etc/httpd.conf", b""),
    ("www/httpd.conf", b""),
    ("www/cgi-bin/httpd.conf", b""),
    ("etc/httpd/alt.conf", b""),
];

/// The names the chunks after those are given, in turn.
const NAMES: &[&str] = &[
    "etc/shadow",
    "etc/passwd",
    "etc/inittab",
    "etc/inetd.conf",
    "etc/xinetd.d/telnet",
    "etc/init.d/S50app",
    "etc/rc.local",
    "etc/ssl/certs/ca.pem",
    "etc/ssh/ssh_host_rsa_key",
    "etc/ssh/sshd_config",
    "etc/dropbear/dropbear_rsa_host_key",
    "etc/config/wireless",
    "etc/app.conf",
    "etc/cert.der",
    "root/key.ppk",
    "www/config.json",
];

const ROOT: &str = "fw.unpacked/0x0-squashfs";

fuzz_target!(|data: &[u8]| {
    let mut tree = FileTree::new();
    // Chunks are separated by 0xff 0xfe; the first byte of each also picks a mode.
    let mut rest = data;
    let names = HTTPD
        .iter()
        .copied()
        .chain(NAMES.iter().map(|name| (*name, &b""[..])));
    for (name, before) in names {
        let (chunk, next) = match rest.windows(2).position(|w| w == [0xff, 0xfe]) {
            Some(at) => (&rest[..at], &rest[at + 2..]),
            None => (rest, &[][..]),
        };
        let mode = u32::from(chunk.first().copied().unwrap_or(0)) << 4 | 0o4000;
        let content = [before, chunk].concat();
        // An empty chunk leaves its file out: httpd then looks for the next configuration.
        if !content.is_empty() {
            let node = Node {
                kind: NodeKind::File(Bytes::from(content)),
                meta: Meta::mode(mode),
                root: ROOT.to_owned(),
            };
            tree.insert(format!("{ROOT}/{name}"), node);
        }
        rest = next;
        if rest.is_empty() {
            break;
        }
    }
    // BusyBox as images hold it, so `httpd` (a bare name or a path) resolves to it.
    let busybox = Node {
        kind: NodeKind::File(Bytes::from_static(
            b"\x7fELF\0BusyBox v1.36.1 (2024-01-01)\0",
        )),
        meta: Meta::mode(0o755),
        root: ROOT.to_owned(),
    };
    tree.insert(format!("{ROOT}/bin/busybox"), busybox);
    let httpd = Node {
        kind: NodeKind::Symlink("../../bin/busybox".to_owned()),
        meta: Meta::mode(0o777),
        root: ROOT.to_owned(),
    };
    tree.insert(format!("{ROOT}/usr/sbin/httpd"), httpd);
    let special = Node {
        kind: NodeKind::Special(Special::CharDevice { major: 1, minor: 1 }),
        meta: Meta::mode(0o666),
        root: ROOT.to_owned(),
    };
    tree.insert(format!("{ROOT}/dev/mem"), special);
    let link = Node {
        kind: NodeKind::Symlink("../init.d/S50app".to_owned()),
        meta: Meta::mode(0o777),
        root: ROOT.to_owned(),
    };
    tree.insert(format!("{ROOT}/etc/rc.d/S50app"), link);
    let today = jiff::civil::date(2026, 12, 4);
    let findings = rampart_firmware::findings::scan(&tree, today);
    for f in &findings {
        assert!(f.path.starts_with(ROOT));
        assert!(!f.requirements.is_empty());
    }
});
