//! CSAF version expressions are free text from vendors: parsing never panics, and checking a
//! version against what was parsed never panics either; text stays text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_advisory::sources::csaf::VersionExpression;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (expression, version) = text.split_once('\n').unwrap_or((text, "1.0"));
    let parsed = VersionExpression::parse(expression);
    let _ = parsed.contains(version);
    let _ = parsed.to_string();
    if !parsed.is_structured() {
        assert_eq!(parsed.contains(version), None);
    }
});
