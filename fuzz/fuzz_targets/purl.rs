//! Package URLs come from untrusted SBOMs: parsing any text must not panic, and a parsed purl
//! must print to its canonical form, which parses back to the same purl.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_sbom::{Purl, normalise};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(purl) = Purl::parse(text) {
        let canonical = purl.to_string();
        assert_eq!(Purl::parse(&canonical).unwrap(), purl, "{canonical}");
        let _ = normalise::candidates(purl.name(), purl.qualifiers().get("distro").copied());
    }
});
