//! rpm databases come from firmware images: any bytes as `rpmdb.sqlite` must read without
//! panicking (rampart-firmware's own SQLite and Berkeley DB readers and rpm header parser;
//! the reader is chosen by the magic, not the name), and the packages read must identify
//! with evidence and write as an SBOM that reads back.
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use rampart_firmware::tree::{FileTree, Meta, Node, NodeKind};

fuzz_target!(|data: &[u8]| {
    let mut count = 0;
    let _ = rampart_firmware::identify::rpm::packages(data, |_, _| count += 1);
    let mut tree = FileTree::new();
    tree.insert(
        "r/var/lib/rpm/rpmdb.sqlite".to_owned(),
        Node {
            kind: NodeKind::File(Bytes::copy_from_slice(data)),
            meta: Meta::default(),
            root: "r".to_owned(),
        },
    );
    let components = rampart_firmware::identify::identify(&tree);
    assert!(components.len() <= count);
    assert!(components.iter().all(|c| c.evidence.is_some()));
    let sbom = rampart_firmware::identify::to_sbom("fuzz.bin", &"0".repeat(64), components);
    let json = rampart_sbom::write(&sbom, rampart_sbom::OutputFormat::CycloneDxJson);
    assert!(rampart_sbom::read("fuzz.cdx.json", json.as_bytes()).is_ok());
});
