//! CSAF documents come from vendors and mirrors: any bytes must give advisories or a located
//! error, never a panic; a document is never classified as both a document and a provider
//! file, and provider metadata and ROLIE parsing must not panic either.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_advisory::AdvisorySource;
use rampart_advisory::source::{Input, SourceError};
use rampart_advisory::sources::csaf::{CsafSource, classify, provider_metadata, rolie_feed};

fuzz_target!(|data: &[u8]| {
    let _ = classify("fuzz.json", data);
    let mut records = 0;
    match CsafSource.read(
        Input {
            name: "fuzz.json",
            bytes: data,
        },
        &mut |_| {
            records += 1;
            Ok(())
        },
    ) {
        Ok(summary) => assert_eq!(summary.records, records),
        Err(SourceError::Invalid(problem)) => assert_eq!(problem.file, "fuzz.json"),
        Err(SourceError::Sink(_)) => unreachable!("the sink never fails"),
    }
    let _ = provider_metadata("fuzz.json", data);
    let _ = rolie_feed("fuzz.json", data);
});
