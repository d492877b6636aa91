//! OpenPGP checks of CSAF documents (CSAF 2.0 §7.1.20, §7.1.21): each document a provider
//! publishes has a detached signature at `<document URL>.asc`, made by one of the keys its
//! `provider-metadata.json` lists under `public_openpgp_keys` (`fingerprint`, `url`).
//!
//! [`read_public_keys`] reads a key file (ASCII-armoured or binary, one or more keys);
//! [`PublicKey::fingerprint`] is what a provider's listed fingerprint is compared with;
//! [`verify_detached`] checks a document against its signature and the provider's keys. Every
//! input is untrusted and bounded ([`KEY_MAX`], [`SIGNATURE_MAX`]); the OpenPGP parsing and
//! the cryptography are rpgp's (the `openpgp` feature). Built without that feature, keys
//! cannot be read and nothing verifies ([`OpenPgpError::Unsupported`]), so a policy that
//! requires signatures refuses every document rather than importing it unchecked.

use thiserror::Error;

/// Largest key file read (a provider's key with its subkeys and certifications).
pub const KEY_MAX: u64 = 1 << 20;
/// Largest detached signature read (an armoured signature is a few hundred bytes; RSA-4096
/// ones under 1 KiB).
pub const SIGNATURE_MAX: u64 = 64 << 10;

/// Why a key or a signature could not be used.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum OpenPgpError {
    /// The input is larger than its bound.
    #[error("{name}: more than {max} bytes")]
    TooLarge {
        /// The key or signature file.
        name: String,
        /// Its bound.
        max: u64,
    },
    /// The file holds no readable OpenPGP public key.
    #[error("{name}: not an OpenPGP public key: {reason}")]
    BadKey {
        /// The key file.
        name: String,
        /// rpgp's reason.
        reason: String,
    },
    /// The file holds no readable OpenPGP signature.
    #[error("{name}: not an OpenPGP signature: {reason}")]
    BadSignature {
        /// The signature file.
        name: String,
        /// rpgp's reason.
        reason: String,
    },
    /// The signature names an issuer that none of the keys is.
    #[error("{name}: made by key {issuer}, which is not one of the provider's keys ({known})")]
    UnknownIssuer {
        /// The signature file.
        name: String,
        /// The issuer fingerprint (or key id) the signature names.
        issuer: String,
        /// The fingerprints of the keys tried, comma-separated.
        known: String,
    },
    /// The issuer's key is known but the signature does not verify: the document is not the
    /// one that was signed.
    #[error("{name}: does not verify with key {fingerprint} ({reason})")]
    Mismatch {
        /// The signature file.
        name: String,
        /// The primary fingerprint of the key tried.
        fingerprint: String,
        /// rpgp's reason.
        reason: String,
    },
    /// The signature hashes the document with an algorithm too weak to trust (MD5, SHA-1,
    /// RIPEMD-160: rpgp verifies those, collisions make them forgeable).
    #[error("{name}: hashed with {hash}, which is too weak to trust")]
    WeakHash {
        /// The signature file.
        name: String,
        /// The hash algorithm's name.
        hash: String,
    },
    /// The key that made the signature was revoked: for good ("key compromised", or no
    /// reason given), or, for a superseded or retired key, before the signature was made.
    #[error(
        "{name}: made by {key}, which was revoked on {revoked} ({reason}); the signature is dated {signed}"
    )]
    Revoked {
        /// The signature file.
        name: String,
        /// The key (`key F…`, or `subkey S… of key F…`).
        key: String,
        /// The revocation's date.
        revoked: String,
        /// The revocation reason and the revoker's words.
        reason: String,
        /// The signature's date.
        signed: String,
    },
    /// The signature was made after the key (or its primary key) had expired.
    #[error("{name}: dated {signed}, made by {key}, which had expired on {expired}")]
    Expired {
        /// The signature file.
        name: String,
        /// The key (`key F…`, or `subkey S… of key F…`).
        key: String,
        /// The key's expiry date.
        expired: String,
        /// The signature's date.
        signed: String,
    },
    /// The signature is dated before the key that made it was created: its date is false.
    #[error("{name}: dated {signed}, before {key} was created ({created})")]
    BeforeKey {
        /// The signature file.
        name: String,
        /// The key (`key F…`, or `subkey S… of key F…`).
        key: String,
        /// The signature's date.
        signed: String,
        /// The key's creation date.
        created: String,
    },
    /// The signature's own validity period is over.
    #[error("{name}: the signature, dated {signed}, expired on {expired}")]
    SignatureExpired {
        /// The signature file.
        name: String,
        /// The signature's date.
        signed: String,
        /// Its expiry date.
        expired: String,
    },
    /// No key to verify with.
    #[error("{name}: no OpenPGP key to verify it with")]
    NoKeys {
        /// The signature file.
        name: String,
    },
    /// This build has no OpenPGP support.
    #[error("this build of rampart has no OpenPGP support (the `openpgp` feature)")]
    Unsupported,
}

/// A public key read from a key file: its primary key and the subkeys bound to it for
/// signing.
#[derive(Debug, Clone)]
pub struct PublicKey {
    fingerprint: String,
    #[cfg(feature = "openpgp")]
    key: pgp::composed::SignedPublicKey,
    /// The primary key's lifecycle, read once with the key (verifying self-signatures is
    /// cryptography, not to be redone for every document).
    #[cfg(feature = "openpgp")]
    lifecycle: lifecycle::KeyLifecycle,
    /// The subkeys that may sign (index in `key.public_subkeys`, bindings verified) and
    /// their lifecycles, read once with the key too.
    #[cfg(feature = "openpgp")]
    signing_subkeys: Vec<(usize, lifecycle::KeyLifecycle)>,
    /// Without the feature no key can be read: the type has no value.
    #[cfg(not(feature = "openpgp"))]
    never: std::convert::Infallible,
}

impl PublicKey {
    /// The primary key's fingerprint, upper-case hex without spaces (the form
    /// [`normalise_fingerprint`] gives a listed one).
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// What limits the key's use at `now`, in words, when something does: revoked (and why)
    /// or expired, with what that means for the documents it signed. `None` for a key in
    /// good standing.
    pub fn standing(&self, now: std::time::SystemTime) -> Option<String> {
        #[cfg(feature = "openpgp")]
        {
            self.lifecycle.standing(&self.fingerprint, now)
        }
        #[cfg(not(feature = "openpgp"))]
        {
            let _ = now;
            match self.never {}
        }
    }

    /// The key, ASCII-armoured (what the index keeps of a provider's key).
    pub fn armoured(&self) -> String {
        #[cfg(feature = "openpgp")]
        {
            // Writing a key read from bytes into memory cannot fail in practice; an empty
            // string would only make a later offline re-read fail, never verify wrongly.
            self.key
                .to_armored_string(pgp::composed::ArmorOptions::default())
                .unwrap_or_default()
        }
        #[cfg(not(feature = "openpgp"))]
        match self.never {}
    }
}

/// A fingerprint as a provider lists it (any case, maybe spaced) in the form
/// [`PublicKey::fingerprint`] gives.
pub fn normalise_fingerprint(listed: &str) -> String {
    listed
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase()
}

/// Reads the public keys of a key file named `name`: ASCII-armoured (one or more
/// `PUBLIC KEY BLOCK`s) or binary. A file with no key, a secret key or a damaged one is an
/// error.
pub fn read_public_keys(name: &str, bytes: &[u8]) -> Result<Vec<PublicKey>, OpenPgpError> {
    if bytes.len() as u64 > KEY_MAX {
        return Err(OpenPgpError::TooLarge {
            name: name.to_owned(),
            max: KEY_MAX,
        });
    }
    imp::read_public_keys(name, bytes)
}

/// Checks `document` against the detached signature `signature` (the file `name`, armoured
/// or binary) and `keys`; gives the primary fingerprint of the key that made it.
///
/// The signature must name its issuer among `keys` (by fingerprint or key id; one naming no
/// issuer is tried against every key) and verify over the document's exact bytes, and the
/// key must have been entitled to make it then: not revoked, not expired, the signature not
/// past its own expiry (the rules are in `docs/advisory-index.md`). A file with several signatures verifies
/// when one of them does.
pub fn verify_detached(
    name: &str,
    document: &[u8],
    signature: &[u8],
    keys: &[PublicKey],
) -> Result<String, OpenPgpError> {
    if signature.len() as u64 > SIGNATURE_MAX {
        return Err(OpenPgpError::TooLarge {
            name: name.to_owned(),
            max: SIGNATURE_MAX,
        });
    }
    if keys.is_empty() {
        return Err(OpenPgpError::NoKeys {
            name: name.to_owned(),
        });
    }
    imp::verify_detached(name, document, signature, keys)
}

/// Whether this build can check signatures.
pub const SUPPORTED: bool = cfg!(feature = "openpgp");

#[cfg(not(feature = "openpgp"))]
mod imp {
    use super::{OpenPgpError, PublicKey};

    pub(super) fn read_public_keys(_: &str, _: &[u8]) -> Result<Vec<PublicKey>, OpenPgpError> {
        Err(OpenPgpError::Unsupported)
    }

    pub(super) fn verify_detached(
        _: &str,
        _: &[u8],
        _: &[u8],
        _: &[PublicKey],
    ) -> Result<String, OpenPgpError> {
        Err(OpenPgpError::Unsupported)
    }
}

#[cfg(feature = "openpgp")]
mod lifecycle;

#[cfg(feature = "openpgp")]
mod imp {
    use pgp::composed::{Deserializable, DetachedSignature, SignedPublicKey};
    use pgp::crypto::hash::HashAlgorithm;
    use pgp::types::KeyDetails;

    use super::lifecycle::{KeyLifecycle, signature_time};
    use super::{OpenPgpError, PublicKey};

    /// Most keys one key file may hold.
    const KEYS_MAX: usize = 64;
    /// Most signatures one `.asc` file may hold.
    const SIGNATURES_MAX: usize = 16;

    /// The armour line that starts each public key block.
    const KEY_BLOCK: &[u8] = b"-----BEGIN PGP PUBLIC KEY BLOCK-----";

    fn hex(fingerprint: &pgp::types::Fingerprint) -> String {
        format!("{fingerprint:X}")
    }

    pub(super) fn read_public_keys(
        name: &str,
        bytes: &[u8],
    ) -> Result<Vec<PublicKey>, OpenPgpError> {
        let bad = |reason: String| OpenPgpError::BadKey {
            name: name.to_owned(),
            reason,
        };
        // rpgp reads one armour block per call; a key file may hold several.
        let blocks: Vec<&[u8]> = if bytes.windows(KEY_BLOCK.len()).any(|w| w == KEY_BLOCK) {
            armour_blocks(bytes)
        } else {
            vec![bytes]
        };
        let mut keys = Vec::new();
        for block in blocks {
            let (parsed, _) =
                SignedPublicKey::from_reader_many(block).map_err(|e| bad(e.to_string()))?;
            for key in parsed {
                let key = key.map_err(|e| bad(e.to_string()))?;
                if keys.len() == KEYS_MAX {
                    return Err(bad(format!("more than {KEYS_MAX} keys")));
                }
                keys.push(PublicKey {
                    fingerprint: hex(&key.fingerprint()),
                    lifecycle: KeyLifecycle::of_primary(&key),
                    signing_subkeys: signing_subkeys(&key),
                    key,
                });
            }
        }
        if keys.is_empty() {
            return Err(bad("no key found".to_owned()));
        }
        Ok(keys)
    }

    /// The armour blocks of `bytes`, each from its `BEGIN` line to the next one (text before
    /// the first is left out).
    fn armour_blocks(bytes: &[u8]) -> Vec<&[u8]> {
        let starts: Vec<usize> = bytes
            .windows(KEY_BLOCK.len())
            .enumerate()
            .filter(|(_, w)| *w == KEY_BLOCK)
            .map(|(i, _)| i)
            .collect();
        starts
            .iter()
            .enumerate()
            .map(|(n, &start)| &bytes[start..starts.get(n + 1).copied().unwrap_or(bytes.len())])
            .collect()
    }

    /// A key that may have made a signature: the primary key, or a subkey whose binding
    /// verifies and whose newest binding allows signing.
    struct Candidate<'a> {
        primary: &'a PublicKey,
        fingerprint: pgp::types::Fingerprint,
        key_id: pgp::types::KeyId,
        key: Signer<'a>,
        /// How the errors name it: `key F…` or `subkey S… of key F…`.
        described: String,
        /// The key's own lifecycle, and its primary key's for a subkey.
        lifecycles: Vec<&'a KeyLifecycle>,
    }

    /// The key material of a [`Candidate`].
    enum Signer<'a> {
        Primary(&'a SignedPublicKey),
        Subkey(&'a pgp::packet::PublicSubkey),
    }

    /// The subkeys of `key` that may sign, with their lifecycles: the newest binding must
    /// allow signing (a revocation carries no key flags: it is judged by the lifecycle check,
    /// after the signature verifies) and every binding must verify.
    fn signing_subkeys(key: &SignedPublicKey) -> Vec<(usize, KeyLifecycle)> {
        key.public_subkeys
            .iter()
            .enumerate()
            .filter(|(_, subkey)| {
                subkey
                    .signatures
                    .iter()
                    .filter(|s| s.typ() == Some(pgp::packet::SignatureType::SubkeyBinding))
                    .max_by_key(|s| s.created().map(pgp::types::Timestamp::as_secs))
                    .is_some_and(|s| s.key_flags().sign())
                    && subkey.verify_bindings(&key.primary_key).is_ok()
            })
            .map(|(i, subkey)| {
                (
                    i,
                    KeyLifecycle::of_subkey(key, &subkey.key, &subkey.signatures),
                )
            })
            .collect()
    }

    fn candidates(keys: &[PublicKey]) -> Vec<Candidate<'_>> {
        let mut out = Vec::new();
        for primary in keys {
            out.push(Candidate {
                primary,
                fingerprint: primary.key.fingerprint(),
                key_id: primary.key.legacy_key_id(),
                key: Signer::Primary(&primary.key),
                described: format!("key {}", primary.fingerprint),
                lifecycles: vec![&primary.lifecycle],
            });
            for (i, lifecycle) in &primary.signing_subkeys {
                let subkey = &primary.key.public_subkeys[*i].key;
                out.push(Candidate {
                    primary,
                    fingerprint: subkey.fingerprint(),
                    key_id: subkey.legacy_key_id(),
                    key: Signer::Subkey(subkey),
                    described: format!(
                        "subkey {} of key {}",
                        hex(&subkey.fingerprint()),
                        primary.fingerprint
                    ),
                    lifecycles: vec![lifecycle, &primary.lifecycle],
                });
            }
        }
        out
    }

    pub(super) fn verify_detached(
        name: &str,
        document: &[u8],
        signature: &[u8],
        keys: &[PublicKey],
    ) -> Result<String, OpenPgpError> {
        let bad = |reason: String| OpenPgpError::BadSignature {
            name: name.to_owned(),
            reason,
        };
        let (signatures, _) =
            DetachedSignature::from_reader_many(signature).map_err(|e| bad(e.to_string()))?;
        let candidates = candidates(keys);
        let mut first_error = None;
        let mut read = 0;
        for signature in signatures {
            let signature = signature.map_err(|e| bad(e.to_string()))?;
            read += 1;
            if read > SIGNATURES_MAX {
                return Err(bad(format!("more than {SIGNATURES_MAX} signatures")));
            }
            match verify_one(name, document, &signature, &candidates, keys) {
                Ok(fingerprint) => return Ok(fingerprint),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        Err(first_error.unwrap_or_else(|| bad("no signature found".to_owned())))
    }

    fn verify_one(
        name: &str,
        document: &[u8],
        signature: &DetachedSignature,
        candidates: &[Candidate<'_>],
        keys: &[PublicKey],
    ) -> Result<String, OpenPgpError> {
        let sig = &signature.signature;
        match sig.hash_alg() {
            Some(
                HashAlgorithm::Sha256
                | HashAlgorithm::Sha384
                | HashAlgorithm::Sha512
                | HashAlgorithm::Sha224
                | HashAlgorithm::Sha3_256
                | HashAlgorithm::Sha3_512,
            ) => {}
            other => {
                return Err(OpenPgpError::WeakHash {
                    name: name.to_owned(),
                    hash: other.map_or_else(|| "an unknown hash".to_owned(), |h| h.to_string()),
                });
            }
        }
        let fingerprints = sig.issuer_fingerprint();
        let key_ids = sig.issuer_key_id();
        let named = !fingerprints.is_empty() || !key_ids.is_empty();
        let matching: Vec<&Candidate<'_>> = candidates
            .iter()
            .filter(|c| {
                !named
                    || fingerprints.iter().any(|f| **f == c.fingerprint)
                    || key_ids.iter().any(|k| **k == c.key_id)
            })
            .collect();
        if matching.is_empty() {
            let issuer = fingerprints.first().map_or_else(
                || {
                    key_ids
                        .first()
                        .map(|k| k.to_string().to_ascii_uppercase())
                        .unwrap_or_default()
                },
                |f| hex(f),
            );
            return Err(OpenPgpError::UnknownIssuer {
                name: name.to_owned(),
                issuer,
                known: keys
                    .iter()
                    .map(|k| k.fingerprint.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
        let signed = signature_time(name, sig, std::time::SystemTime::now())?;
        let mut first_error = None;
        for candidate in matching {
            let verified = match candidate.key {
                Signer::Primary(key) => signature.verify(key, document),
                Signer::Subkey(key) => signature.verify(key, document),
            };
            match verified {
                Ok(()) => {
                    match candidate
                        .lifecycles
                        .iter()
                        .try_for_each(|l| l.check(name, &candidate.described, signed))
                    {
                        Ok(()) => return Ok(candidate.primary.fingerprint.clone()),
                        Err(e) => {
                            first_error.get_or_insert(e);
                        }
                    }
                }
                Err(e) => {
                    first_error.get_or_insert(OpenPgpError::Mismatch {
                        name: name.to_owned(),
                        fingerprint: candidate.primary.fingerprint.clone(),
                        reason: e.to_string(),
                    });
                }
            }
        }
        Err(first_error.expect("at least one candidate was tried"))
    }
}

#[cfg(all(test, feature = "openpgp"))]
mod tests;
