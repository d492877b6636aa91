//! A CSAF provider's `changes.csv` / `index.txt` comes from the network: any text must give
//! documents inside the directory, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_advisory::index::csaf_directory_listing;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for dated in [true, false] {
        for document in csaf_directory_listing("https://p.example/white/", &text, dated) {
            assert!(document.url.starts_with("https://p.example/white/"));
            assert!(!document.url["https://p.example/white/".len()..].contains("://"));
        }
    }
});
