//! Package databases, os-release files and binaries come from firmware images: any bytes as
//! a dpkg status, an opkg status, an apk database, an os-release file and an ELF file (the
//! input split at NUL-NUL-NUL-NUL) must identify without panicking, with every component
//! carrying evidence and the SBOM writing as valid CycloneDX.
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use rampart_firmware::tree::{FileTree, Meta, Node, NodeKind};

const PATHS: [&str; 6] = [
    "r/var/lib/dpkg/status",
    "r/usr/lib/opkg/status",
    "r/lib/apk/db/installed",
    "r/etc/os-release",
    "r/usr/lib/libfuzz.so.1",
    "r/var/lib/dpkg/info/a.list",
];

fuzz_target!(|data: &[u8]| {
    let mut tree = FileTree::new();
    let mut rest = data;
    for path in PATHS {
        let cut = rest
            .windows(4)
            .position(|w| w == b"\0\0\0\0")
            .unwrap_or(rest.len());
        tree.insert(
            path.to_owned(),
            Node {
                kind: NodeKind::File(Bytes::copy_from_slice(&rest[..cut])),
                meta: Meta::default(),
                root: "r".to_owned(),
            },
        );
        rest = rest.get(cut + 4..).unwrap_or_default();
    }
    let components = rampart_firmware::identify::identify(&tree);
    assert!(components.iter().all(|c| c.evidence.is_some()));
    let sbom = rampart_firmware::identify::to_sbom("fuzz.bin", &"0".repeat(64), components);
    let json = rampart_sbom::write(&sbom, rampart_sbom::OutputFormat::CycloneDxJson);
    assert!(rampart_sbom::read("fuzz.cdx.json", json.as_bytes()).is_ok());
});
