//! JFFS2 images come from firmware flash dumps: any bytes must unpack to a guarded tree within
//! the budget, never panic, never loop forever on a cyclic directory graph.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_firmware::limits::Limits;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        min_budget_bytes: 1 << 20,
        max_expansion_ratio: 0,
        max_files: 10_000,
        ..Limits::default()
    };
    if let Some(unpacked) = rampart_firmware::unpack::unpack_one("jffs2", data, &limits) {
        assert!(
            unpacked
                .tree
                .iter()
                .all(|(p, _)| p.starts_with("input.unpacked/0x0-jffs2/"))
        );
        assert!(unpacked.report.unpacked_bytes <= 1 << 20);
    }
});
