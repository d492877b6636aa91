//! `vers` ranges and native range notations come from advisories: parsing, normalising,
//! converting and evaluating any text must not panic, and a canonical `vers` must print back
//! as itself. Input: a `vers` (or a native range after a scheme name and a space) and a
//! version, split at '\n'.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_version::vers::Vers;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (range, version) = text.split_once('\n').unwrap_or((text, "1.0.0"));
    if let Ok(vers) = Vers::parse(range) {
        assert_eq!(vers.to_string(), range);
        let _ = vers.contains(version);
    }
    if let Ok(vers) = Vers::normalise(range) {
        let _ = vers.contains(version);
        let printed = vers.to_string();
        Vers::parse(&printed).expect("a normalised vers prints canonically");
    }
    if let Some((scheme, native)) = range.split_once(' ') {
        if let Ok(vers) = Vers::from_native(scheme, native) {
            let _ = vers.contains(version);
        }
    }
});
