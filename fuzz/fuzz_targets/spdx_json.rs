//! SPDX JSON SBOMs come from strangers: reading any bytes must not panic, and an SBOM that
//! reads must come back the same when written in its own family's JSON and read again (the
//! round trip `docs/sbom.md` promises), and must also convert to the other family.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_sbom::{Format, OutputFormat, read, read_as, write};

fuzz_target!(|data: &[u8]| {
    let Ok(sbom) = read_as(Format::SpdxJson, "fuzz", data) else {
        return;
    };
    let same = write(&sbom, OutputFormat::SpdxJson);
    let mut back =
        read("fuzz.spdx.json", same.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{same}"));
    back.source_format.clone_from(&sbom.source_format);
    if sbom.created.is_none() {
        back.created = None; // SPDX needs one; the writer fills it
    }
    if sbom.serial.is_none() {
        back.serial = None; // likewise the SPDX namespace
    }
    assert_eq!(back, sbom, "{same}");
    for other in [OutputFormat::CycloneDxJson, OutputFormat::SpdxJson] {
        let text = write(&sbom, other);
        read("fuzz.json", text.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{text}"));
    }
});
