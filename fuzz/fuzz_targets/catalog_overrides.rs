//! Override files come from users: any bytes must give Ok or a located error, never a panic,
//! and a rejected file must leave the catalog unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_catalog::Catalog;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut catalog = Catalog::builtin().clone();
    if catalog.apply_overrides("fuzz.yaml", text).is_err() {
        assert!(catalog.items().all(|i| i.overrides.is_empty()));
    }
});
