//! CSAF documents come from other vendors' PSIRTs and from aggregators: any bytes must give a
//! located JSON error or a validation report, never a panic, and every failure must point into
//! the document: at a value that exists, or at a missing member of an object that exists.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(doc) = rampart_csaf::parse("fuzz.json", text) else {
        return;
    };
    let report = rampart_csaf::validate(&doc);
    for failure in &report.failures {
        let parent = failure.pointer.rsplit_once('/').map_or("", |(p, _)| p);
        assert!(
            doc.pointer(&failure.pointer).is_some() || doc.pointer(parent).is_some(),
            "{failure:?} points outside the document"
        );
    }
});
