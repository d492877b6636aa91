//! `rampart db update` of a CSAF provider: a provider's key file and a document's detached
//! signature are untrusted. The input is split at its first `0xFF` byte into a key file and a
//! signature (the rest of the input is the document); reading keys and verifying never panic,
//! and a verification succeeds only with a key that was read.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_advisory::sources::csaf::openpgp::{read_public_keys, verify_detached};

fuzz_target!(|data: &[u8]| {
    let (key, rest) = match data.iter().position(|&b| b == 0xFF) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let (signature, document) = match rest.iter().position(|&b| b == 0xFF) {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, &[][..]),
    };
    let keys = read_public_keys("key.asc", key).unwrap_or_default();
    if let Ok(fingerprint) = verify_detached("doc.json.asc", document, signature, &keys) {
        assert!(keys.iter().any(|k| k.fingerprint() == fingerprint));
    }
});
