//! Versions come from SBOMs, package databases and advisories: comparing any two texts in any
//! ecosystem must not panic, must be antisymmetric, and a range built from them must evaluate
//! without panicking. Input: one byte picks the ecosystem, then two versions split at '\n'.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_version::osv::{Event, Range};
use rampart_version::{Ecosystem, compare};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let ecosystem = Ecosystem::ALL[usize::from(pick) % Ecosystem::ALL.len()];
    let (a, b) = text.split_once('\n').unwrap_or((text, text));
    if let (Ok(forward), Ok(backward)) = (compare(ecosystem, a, b), compare(ecosystem, b, a)) {
        assert_eq!(forward, backward.reverse(), "{ecosystem}: {a:?} vs {b:?}");
    }
    if let Ok(range) = Range::new(
        ecosystem,
        vec![Event::Introduced(a.to_owned()), Event::Fixed(b.to_owned())],
    ) {
        let _ = range.affects(a);
        let _ = range.affects(b);
    }
});
