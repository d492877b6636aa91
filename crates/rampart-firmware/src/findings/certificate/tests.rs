use super::*;
use crate::findings::tests::{run_rule, tree_of};

const CA: &[u8] = include_bytes!("../../../tests/fixtures/findings/ca.pem");
const WEAK: &[u8] = include_bytes!("../../../tests/fixtures/findings/weak-self-signed.pem");
const FUTURE: &[u8] = include_bytes!("../../../tests/fixtures/findings/future-sha1-ec.der");

fn codes(found: &[Finding], suffix: &str) -> Vec<&'static str> {
    let mut codes: Vec<_> = found
        .iter()
        .filter(|f| f.path.ends_with(suffix))
        .map(|f| f.code)
        .collect();
    codes.sort_unstable();
    codes
}

#[test]
fn a_sound_ca_has_no_finding() {
    assert!(run_rule(&Certificate, &tree_of(&[("etc/ssl/certs/ca.pem", CA)])).is_empty());
}

#[test]
fn an_expired_short_self_signed_leaf_is_reported_on_each_count() {
    let found = run_rule(&Certificate, &tree_of(&[("etc/lighttpd/server.pem", WEAK)]));
    // SHA-1 on a self-signed certificate is not reported: nobody relies on that signature.
    assert_eq!(
        codes(&found, "server.pem"),
        ["FW-CRT-001", "FW-CRT-003", "FW-CRT-005"]
    );
    let expired = found.iter().find(|f| f.code == "FW-CRT-001").unwrap();
    assert!(
        expired.detail.contains("expired on 2019-06-30")
            && expired.detail.contains("CN=192.168.1.1"),
        "{}",
        expired.detail
    );
    let weak = found.iter().find(|f| f.code == "FW-CRT-003").unwrap();
    assert!(
        weak.detail.contains("RSA key of 1024 bits"),
        "{}",
        weak.detail
    );
}

#[test]
fn a_der_leaf_signed_with_sha1_and_valid_later_is_reported() {
    let found = run_rule(&Certificate, &tree_of(&[("etc/plc/cert.der", FUTURE)]));
    assert_eq!(codes(&found, "cert.der"), ["FW-CRT-002", "FW-CRT-004"]);
    assert!(
        found[0].detail.contains("2030-01-01"),
        "{}",
        found[0].detail
    );
}

#[test]
fn certificates_in_a_bundle_are_read_each_at_its_offset() {
    let mut bundle = CA.to_vec();
    bundle.extend_from_slice(WEAK);
    let found = run_rule(&Certificate, &tree_of(&[("etc/ssl/cert.pem", &bundle)]));
    assert!(!found.is_empty());
    assert!(found.iter().all(|f| f.offset == Some(CA.len() as u64)));
}
