//! The findings rules read files of firmware images: arbitrary bytes under the names they
//! look at (account databases, inittab, init scripts, configs, keys, certificates) must give
//! findings, never a panic, and in bounded time (hash rounds capped, lines capped).
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use rampart_firmware::tree::{FileTree, Meta, Node, NodeKind, Special};

/// The names the chunks of the input are given, in turn.
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
    for name in NAMES {
        let (chunk, next) = match rest.windows(2).position(|w| w == [0xff, 0xfe]) {
            Some(at) => (&rest[..at], &rest[at + 2..]),
            None => (rest, &[][..]),
        };
        let mode = u32::from(chunk.first().copied().unwrap_or(0)) << 4 | 0o4000;
        let node = Node {
            kind: NodeKind::File(Bytes::copy_from_slice(chunk)),
            meta: Meta::mode(mode),
            root: ROOT.to_owned(),
        };
        tree.insert(format!("{ROOT}/{name}"), node);
        rest = next;
        if rest.is_empty() {
            break;
        }
    }
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
