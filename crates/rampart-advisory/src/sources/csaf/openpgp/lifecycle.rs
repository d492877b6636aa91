//! Whether a key that verified a signature was entitled to make it at the time it did: not
//! revoked, not expired, and the signature itself not expired.
//!
//! A cryptographically good signature is not enough: a provider that revokes a leaked key or
//! lets one expire says that signatures from it must not be trusted. The rules follow RFC 4880
//! (§5.2.3.3, §5.2.3.6, §5.2.3.10, §5.2.3.23) as Sequoia and current GnuPG apply them:
//!
//! - a key's expiry comes from its newest valid self-signature (a user ID certification or
//!   a direct-key signature for the primary key, the newest subkey binding for a subkey), and
//!   a signature made at or after that moment is refused, however good it is; one made
//!   before stays valid after the key expires (documents outlive keys);
//! - a revocation counts only when it verifies with the key itself (revocations by a
//!   designated revoker are not followed). "Key superseded" and "key retired" are soft: the
//!   signatures made before the revocation stay valid. Every other reason, or none, means the
//!   key may be compromised: every signature it ever made is refused;
//! - a subkey's signature also needs its primary key valid at that time;
//! - a signature older than its key, or past its own expiry time, is refused.

use std::time::{SystemTime, UNIX_EPOCH};

use pgp::composed::SignedPublicKey;
use pgp::packet::{PublicSubkey, RevocationCode, Signature, SignatureType};
use pgp::types::{KeyDetails, Tag};

use super::OpenPgpError;

/// What limits the use of one key (primary or subkey), read from its self-signatures.
#[derive(Debug, Clone, Default)]
pub(super) struct KeyLifecycle {
    /// The key's creation time, seconds since the epoch.
    created: u64,
    /// When it expires, if its newest self-signature says so.
    expires: Option<u64>,
    /// Its earliest hard revocation, else its earliest soft one.
    revoked: Option<Revocation>,
}

#[derive(Debug, Clone)]
struct Revocation {
    at: u64,
    /// Hard: every signature is refused, not only later ones.
    hard: bool,
    /// The reason code's meaning and the revoker's words.
    reason: String,
}

impl KeyLifecycle {
    /// The primary key's lifecycle.
    pub(super) fn of_primary(key: &SignedPublicKey) -> Self {
        let primary = &key.primary_key;
        let certifications = key.details.users.iter().flat_map(|user| {
            user.signatures.iter().filter(move |sig| {
                sig.is_certification()
                    && sig.typ() != Some(SignatureType::CertRevocation)
                    && sig
                        .verify_certification(primary, Tag::UserId, &user.id)
                        .is_ok()
            })
        });
        let direct = key
            .details
            .direct_signatures
            .iter()
            .filter(|sig| sig.verify_key(primary).is_ok());
        let revocations = key.details.revocation_signatures.iter().filter(|sig| {
            sig.typ() == Some(SignatureType::KeyRevocation) && sig.verify_key(primary).is_ok()
        });
        Self::from_signatures(
            secs(primary.created_at()),
            certifications.chain(direct),
            revocations,
        )
    }

    /// A subkey's lifecycle (its bindings are the primary key's signatures over both keys).
    pub(super) fn of_subkey(
        primary: &SignedPublicKey,
        subkey: &PublicSubkey,
        signatures: &[Signature],
    ) -> Self {
        let verifies = |sig: &&Signature| {
            sig.verify_subkey_binding(&primary.primary_key, subkey)
                .is_ok()
        };
        let bindings = signatures
            .iter()
            .filter(|sig| sig.typ() == Some(SignatureType::SubkeyBinding))
            .filter(verifies);
        let revocations = signatures
            .iter()
            .filter(|sig| sig.typ() == Some(SignatureType::SubkeyRevocation))
            .filter(verifies);
        Self::from_signatures(secs(subkey.created_at()), bindings, revocations)
    }

    fn from_signatures<'a>(
        created: u64,
        self_signatures: impl Iterator<Item = &'a Signature>,
        revocations: impl Iterator<Item = &'a Signature>,
    ) -> Self {
        let newest = self_signatures.max_by_key(|sig| sig.created().map(secs));
        let expires = newest
            .and_then(Signature::key_expiration_time)
            .map(|d| u64::from(d.as_secs()))
            .filter(|&d| d > 0)
            .map(|d| created + d);
        let mut revoked: Option<Revocation> = None;
        for sig in revocations {
            let code = sig.revocation_reason_code();
            let hard = !matches!(
                code,
                Some(RevocationCode::KeySuperseded | RevocationCode::KeyRetired)
            );
            let meaning = match code {
                Some(RevocationCode::KeySuperseded) => "key superseded",
                Some(RevocationCode::KeyRetired) => "key retired",
                Some(RevocationCode::KeyCompromised) => "key compromised",
                _ => "no reason given, so it may be compromised",
            };
            let words = sig
                .revocation_reason_string()
                .map(|s| String::from_utf8_lossy(s).trim().to_owned())
                .filter(|s| !s.is_empty());
            let found = Revocation {
                at: sig.created().map_or(0, secs),
                hard,
                reason: match words {
                    Some(words) => format!("{meaning}: {words}"),
                    None => meaning.to_owned(),
                },
            };
            let wins = match &revoked {
                None => true,
                Some(known) => {
                    (found.hard, std::cmp::Reverse(found.at))
                        > (known.hard, std::cmp::Reverse(known.at))
                }
            };
            if wins {
                revoked = Some(found);
            }
        }
        Self {
            created,
            expires,
            revoked,
        }
    }

    /// What limits this key at `now`, in words (see [`super::PublicKey::standing`]).
    pub(super) fn standing(&self, fingerprint: &str, now: SystemTime) -> Option<String> {
        let now = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        if let Some(revoked) = &self.revoked {
            return Some(if revoked.hard {
                format!(
                    "key {fingerprint} was revoked on {} ({}): no signature it made is trusted",
                    date(revoked.at),
                    revoked.reason
                )
            } else {
                format!(
                    "key {fingerprint} was revoked on {} ({}): only signatures it made before are trusted",
                    date(revoked.at),
                    revoked.reason
                )
            });
        }
        self.expires.filter(|&e| e <= now).map(|expired| {
            format!(
                "key {fingerprint} expired on {}: only signatures it made before are trusted",
                date(expired)
            )
        })
    }

    /// Whether a signature made at `signed` by this key stands; `key` names the key in the
    /// error (`key F…` or `subkey S… of key F…`).
    pub(super) fn check(&self, name: &str, key: &str, signed: u64) -> Result<(), OpenPgpError> {
        if let Some(revoked) = &self.revoked
            && (revoked.hard || signed >= revoked.at)
        {
            return Err(OpenPgpError::Revoked {
                name: name.to_owned(),
                key: key.to_owned(),
                revoked: date(revoked.at),
                reason: revoked.reason.clone(),
                signed: date(signed),
            });
        }
        if let Some(expires) = self.expires
            && signed >= expires
        {
            return Err(OpenPgpError::Expired {
                name: name.to_owned(),
                key: key.to_owned(),
                expired: date(expires),
                signed: date(signed),
            });
        }
        if signed < self.created {
            return Err(OpenPgpError::BeforeKey {
                name: name.to_owned(),
                key: key.to_owned(),
                signed: date(signed),
                created: date(self.created),
            });
        }
        Ok(())
    }
}

/// The signature's creation time, and an error when it has none or has expired by `now`.
pub(super) fn signature_time(
    name: &str,
    sig: &Signature,
    now: SystemTime,
) -> Result<u64, OpenPgpError> {
    let Some(created) = sig.created().map(secs) else {
        return Err(OpenPgpError::BadSignature {
            name: name.to_owned(),
            reason: "it carries no creation time".to_owned(),
        });
    };
    let now = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    if let Some(valid_for) = sig
        .signature_expiration_time()
        .map(|d| u64::from(d.as_secs()))
        .filter(|&d| d > 0)
        && created + valid_for <= now
    {
        return Err(OpenPgpError::SignatureExpired {
            name: name.to_owned(),
            signed: date(created),
            expired: date(created + valid_for),
        });
    }
    Ok(created)
}

fn secs(t: pgp::types::Timestamp) -> u64 {
    u64::from(t.as_secs())
}

/// A time as an ISO date in UTC (what the errors show).
fn date(secs: u64) -> String {
    i64::try_from(secs)
        .ok()
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .map_or_else(
            || format!("{secs} s after the epoch"),
            |t| t.strftime("%Y-%m-%d").to_string(),
        )
}
