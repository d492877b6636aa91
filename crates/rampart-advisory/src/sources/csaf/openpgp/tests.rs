//! Reading keys and checking detached signatures, on fixtures made with GnuPG
//! (`tests/fixtures/openpgp/README.md`).

use super::*;

const PSIRT_KEY: &[u8] = include_bytes!("../../../../tests/fixtures/openpgp/psirt-key.asc");
const IMPOSTOR_KEY: &[u8] = include_bytes!("../../../../tests/fixtures/openpgp/impostor-key.asc");
const SUBKEY_KEY: &[u8] = include_bytes!("../../../../tests/fixtures/openpgp/subkey-psirt-key.asc");
const SIEMENS: &[u8] =
    include_bytes!("../../../../tests/fixtures/csaf/siemens-icsa-22-104-08.json");
const SIEMENS_ASC: &[u8] =
    include_bytes!("../../../../tests/fixtures/openpgp/siemens-icsa-22-104-08.json.asc");
const SIEMENS_SUBKEY_ASC: &[u8] =
    include_bytes!("../../../../tests/fixtures/openpgp/siemens-icsa-22-104-08.json.subkey.asc");
const PSIRT: &str = "F7ED9A9CC73EAB8FC851FB02206714F2894ADAA4";

fn keys(bytes: &[u8]) -> Vec<PublicKey> {
    read_public_keys("key.asc", bytes).unwrap()
}

#[test]
fn a_good_signature_names_its_key() {
    let keys = keys(PSIRT_KEY);
    assert_eq!(keys[0].fingerprint(), PSIRT);
    assert_eq!(
        verify_detached("a.json.asc", SIEMENS, SIEMENS_ASC, &keys).as_deref(),
        Ok(PSIRT)
    );
}

#[test]
fn a_changed_document_does_not_verify() {
    let mut tampered = SIEMENS.to_vec();
    let at = tampered.iter().position(|&b| b == b'3').unwrap();
    tampered[at] = b'4';
    let error =
        verify_detached("a.json.asc", &tampered, SIEMENS_ASC, &keys(PSIRT_KEY)).unwrap_err();
    assert!(
        matches!(&error, OpenPgpError::Mismatch { fingerprint, .. } if fingerprint == PSIRT),
        "{error}"
    );
}

#[test]
fn another_key_s_signature_names_the_issuer() {
    let error =
        verify_detached("a.json.asc", SIEMENS, SIEMENS_ASC, &keys(IMPOSTOR_KEY)).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "a.json.asc: made by key {PSIRT}, which is not one of the provider's keys (97C1BBB8F9DDBD98B7358DAF52BE819B0D62E67E)"
        )
    );
}

#[test]
fn a_signing_subkey_counts_for_its_primary_key() {
    let keys = keys(SUBKEY_KEY);
    assert_eq!(
        verify_detached("a.json.asc", SIEMENS, SIEMENS_SUBKEY_ASC, &keys).as_deref(),
        Ok("313A6449A828B73998FEA3E25AF057E9B818A6AA")
    );
}

#[test]
fn a_signature_over_sha1_is_refused() {
    let keys = keys(include_bytes!(
        "../../../../tests/fixtures/openpgp/weak-hash-key.asc"
    ));
    let error = verify_detached(
        "a.json.asc",
        SIEMENS,
        include_bytes!("../../../../tests/fixtures/openpgp/siemens-icsa-22-104-08.json.sha1.asc"),
        &keys,
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "a.json.asc: hashed with SHA1, which is too weak to trust"
    );
}

#[test]
fn a_key_file_may_hold_several_armoured_keys() {
    let both = [PSIRT_KEY, b"\n", IMPOSTOR_KEY].concat();
    let keys = keys(&both);
    assert_eq!(keys.len(), 2);
    assert_eq!(
        keys[1].fingerprint(),
        "97C1BBB8F9DDBD98B7358DAF52BE819B0D62E67E"
    );
}

#[test]
fn bad_inputs_are_errors_not_panics() {
    assert!(matches!(
        read_public_keys("k", b"not a key"),
        Err(OpenPgpError::BadKey { .. })
    ));
    assert!(matches!(
        read_public_keys("k", &vec![b'x'; usize::try_from(KEY_MAX).unwrap() + 1]),
        Err(OpenPgpError::TooLarge { .. })
    ));
    let keys = keys(PSIRT_KEY);
    assert!(matches!(
        verify_detached(
            "s",
            SIEMENS,
            b"-----BEGIN PGP SIGNATURE-----\n\nAAAA\n",
            &keys
        ),
        Err(OpenPgpError::BadSignature { .. })
    ));
    assert!(matches!(
        verify_detached("s", SIEMENS, PSIRT_KEY, &keys),
        Err(OpenPgpError::BadSignature { .. })
    ));
    assert!(matches!(
        verify_detached("s", SIEMENS, &vec![b'x'; 70_000], &keys),
        Err(OpenPgpError::TooLarge { .. })
    ));
    assert_eq!(normalise_fingerprint("f7ed 9a9c"), "F7ED9A9C");
}

/// An OpenPGP fixture, compiled in.
macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!("../../../../tests/fixtures/openpgp/", $name)).as_slice()
    };
}

/// The error (or the key) of the Siemens document's signature `sig` checked with the key
/// file `key` (OpenPGP fixtures).
fn lifecycle_case(key: &[u8], sig: &[u8]) -> Result<String, String> {
    verify_detached("a.json.asc", SIEMENS, sig, &keys(key)).map_err(|e| e.to_string())
}

const EXPIRING: &str = "835372D4EC12F46A1E0FC236473FA5D8E0868D2F";

#[test]
fn a_signature_made_before_its_key_expired_stands() {
    assert_eq!(
        lifecycle_case(
            fixture!("expiring-key.asc"),
            fixture!("siemens-icsa-22-104-08.json.expiring-in-time.asc")
        )
        .as_deref(),
        Ok(EXPIRING)
    );
}

#[test]
fn a_signature_made_after_its_key_expired_is_refused() {
    assert_eq!(
        lifecycle_case(
            fixture!("expiring-key.asc"),
            fixture!("siemens-icsa-22-104-08.json.expiring-late.asc")
        ),
        Err(format!(
            "a.json.asc: dated 2022-01-01, made by key {EXPIRING}, which had expired on 2021-01-01"
        ))
    );
}

#[test]
fn a_compromised_key_s_signatures_are_refused_even_those_made_before() {
    assert_eq!(
        lifecycle_case(fixture!("compromised-key.asc"), fixture!("siemens-icsa-22-104-08.json.compromised.asc")),
        Err("a.json.asc: made by key F920BD1F9AB33167CB86892AD0F87A6C20E28261, which was revoked on 2021-01-01 (key compromised: key leaked); the signature is dated 2020-06-01".to_owned())
    );
}

#[test]
fn a_retired_key_s_signatures_stand_until_its_revocation() {
    assert_eq!(
        lifecycle_case(
            fixture!("retired-key.asc"),
            fixture!("siemens-icsa-22-104-08.json.retired-before.asc")
        )
        .as_deref(),
        Ok("493465AF94C766CF7A9F9DEA0FA8DB5F80F695ED")
    );
    assert_eq!(
        lifecycle_case(fixture!("retired-key.asc"), fixture!("siemens-icsa-22-104-08.json.retired-after.asc")),
        Err("a.json.asc: made by key 493465AF94C766CF7A9F9DEA0FA8DB5F80F695ED, which was revoked on 2021-01-01 (key retired: replaced by a new key); the signature is dated 2022-01-01".to_owned())
    );
}

#[test]
fn a_revoked_subkey_s_signature_is_refused() {
    assert_eq!(
        lifecycle_case(fixture!("revoked-subkey-key.asc"), fixture!("siemens-icsa-22-104-08.json.revoked-subkey.asc")),
        Err("a.json.asc: made by subkey 674B16CB41961B4A351A9CDEF59573CE113BC33B of key 092BC3DE31788B5BFC06326761583792277DC083, which was revoked on 2021-01-01 (key compromised: subkey leaked); the signature is dated 2020-06-01".to_owned())
    );
}

#[test]
fn a_signature_past_its_own_expiry_is_refused() {
    assert_eq!(
        lifecycle_case(
            fixture!("sig-expiry-key.asc"),
            fixture!("siemens-icsa-22-104-08.json.sig-expired.asc")
        ),
        Err("a.json.asc: the signature, dated 2020-06-01, expired on 2020-07-01".to_owned())
    );
}

#[test]
fn a_signature_older_than_its_key_is_refused() {
    assert_eq!(
        lifecycle_case(fixture!("sig-expiry-key.asc"), fixture!("siemens-icsa-22-104-08.json.before-key.asc")),
        Err("a.json.asc: dated 2017-01-01, before key EC0ADF774B0874CCA12AC48469D7350E5F7E7981 was created (2018-01-01)".to_owned())
    );
}

#[test]
fn the_newest_self_signature_sets_the_expiry() {
    // Created 2020-01-01 to expire on 2021-01-01, renewed on 2020-12-01 until 2023-01-01;
    // the file keeps both certifications, the old one first.
    assert_eq!(
        lifecycle_case(
            fixture!("renewed-key.gpg"),
            fixture!("siemens-icsa-22-104-08.json.renewed.asc")
        )
        .as_deref(),
        Ok("903962D07732D4565741F56D1A875E9CD53163F8")
    );
}

#[test]
fn a_key_s_standing_says_what_limits_it() {
    let standing = |key: &[u8]| keys(key)[0].standing(std::time::SystemTime::now());
    assert_eq!(standing(fixture!("psirt-key.asc")), None);
    assert_eq!(
        standing(fixture!("expiring-key.asc")).as_deref(),
        Some(
            "key 835372D4EC12F46A1E0FC236473FA5D8E0868D2F expired on 2021-01-01: only signatures it made before are trusted"
        )
    );
    assert_eq!(
        standing(fixture!("compromised-key.asc")).as_deref(),
        Some(
            "key F920BD1F9AB33167CB86892AD0F87A6C20E28261 was revoked on 2021-01-01 (key compromised: key leaked): no signature it made is trusted"
        )
    );
    assert_eq!(
        standing(fixture!("retired-key.asc")).as_deref(),
        Some(
            "key 493465AF94C766CF7A9F9DEA0FA8DB5F80F695ED was revoked on 2021-01-01 (key retired: replaced by a new key): only signatures it made before are trusted"
        )
    );
    // Renewed until 2023-01-01: expired by now, but not on its first expiry date.
    assert_eq!(
        standing(fixture!("renewed-key.gpg")).as_deref(),
        Some(
            "key 903962D07732D4565741F56D1A875E9CD53163F8 expired on 2023-01-01: only signatures it made before are trusted"
        )
    );
}
