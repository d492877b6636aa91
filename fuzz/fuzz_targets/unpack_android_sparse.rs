//! Android sparse images come from firmware images: any bytes must unpack to a guarded
//! tree within the budget, never panic, never place a node outside the container's folder,
//! never claim more bytes than it was given.
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
    if let Some(unpacked) = rampart_firmware::unpack::unpack_one("android-sparse", data, &limits) {
        assert!(
            unpacked
                .tree
                .iter()
                .all(|(p, _)| p.starts_with("input.unpacked/0x0-android-sparse/"))
        );
        assert!(unpacked.report.unpacked_bytes <= 1 << 20);
        assert!(
            unpacked
                .report
                .containers
                .iter()
                .all(|c| c.size <= data.len() as u64)
        );
    }
});
