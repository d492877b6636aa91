//! The `epss` advisory source reads files from strangers: any bytes must give records or a
//! located error, never a panic, and the summary must count exactly the records handed on.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_advisory::{Input, source};

fuzz_target!(|data: &[u8]| {
    let reader = source::source("epss").expect("registered");
    let mut handed = 0;
    let result = reader.read(
        Input {
            name: "fuzz",
            bytes: data,
        },
        &mut |_| {
            handed += 1;
            Ok(())
        },
    );
    if let Ok(summary) = result {
        assert_eq!(summary.records, handed);
    }
    // detect looks at the head only and must not panic either.
    let _ = reader.detect("fuzz", &data[..data.len().min(4096)]);
});
