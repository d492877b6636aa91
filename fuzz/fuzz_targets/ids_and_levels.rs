//! Ids and SL vectors are typed by people and read from files: parsing any text must not
//! panic, and whatever parses must print to a form that parses back to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_catalog::{Catalog, RequirementId, SlVector};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(id) = text.parse::<RequirementId>() {
        assert_eq!(id.to_string().parse::<RequirementId>().unwrap(), id);
    }
    if let Ok(v) = text.parse::<SlVector>() {
        assert_eq!(v.to_string().parse::<SlVector>().unwrap(), v);
    }
    let _ = Catalog::builtin().lookup(text);
});
