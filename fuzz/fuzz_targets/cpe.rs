//! CPE names come from untrusted SBOMs and feeds: parsing any text must not panic, both
//! bindings of a parsed name must parse back to it, and a name without wildcards equals itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_sbom::Cpe;
use rampart_sbom::cpe::{NameRelation, compare_names};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(cpe) = Cpe::parse(text) {
        let formatted = cpe.to_formatted_string();
        assert_eq!(Cpe::parse(&formatted).unwrap(), cpe, "{formatted}");
        let uri = cpe.to_uri();
        assert_eq!(Cpe::parse(&uri).unwrap(), cpe, "{uri}");
        let has_wildcards = (0..11).any(|i| cpe.value(i).has_wildcards());
        if !has_wildcards {
            assert_eq!(compare_names(&cpe, &cpe), NameRelation::Equal);
        }
    }
});
