//! The OpenPGP side of `csaf-provider` feeds: which keys a provider's documents are verified
//! with, and the check of each document's detached signature (CSAF 2.0 §7.1.20, §7.1.21).
//!
//! Keys come from the feed's `openpgp_key_file` when given (an air-gapped mirror, or keys
//! obtained out of band: the provider's metadata is then not trusted for keys at all), else
//! from the metadata's `public_openpgp_keys`: each key is fetched (bounded, with the same
//! agent and timeouts as the rest of the feed) and used only when its fingerprint is the
//! listed one. A key that matched is kept in the index under `FEED-NAME\nopenpgp\nFINGERPRINT`,
//! so a later update can still verify when the key's URL cannot be reached.
//!
//! The policy (`openpgp = "require" | "warn" | "off"`, [`OpenPgpPolicy`]): under `require` (the
//! default when there are keys) a document whose `.asc` is missing or does not verify is
//! reported with its URL and the reason and not imported, so neither it nor its ROLIE feed
//! keeps state and the next update tries it again; under `warn` it is imported with a note.
//! A provider that lists no keys is said so once (a note) and its documents are checked by
//! their hashes only, unless `openpgp = "require"` was asked for explicitly, which fails the
//! feed.

use std::path::Path;

use super::csaf_feed::fetch;
use super::feeds::{Feed, OpenPgpPolicy};
use super::store::now;
use super::update::UpdateOptions;
use super::{Index, IndexError, SourceMeta};
use crate::sources::csaf::openpgp::{
    KEY_MAX, PublicKey, SIGNATURE_MAX, SUPPORTED, normalise_fingerprint, read_public_keys,
    verify_detached,
};
use crate::sources::csaf::provider::{FeedDocument, OpenPgpKeyLink, ProviderMetadata};

/// How a feed's documents are checked.
pub(super) enum Signatures {
    /// Not at all (`openpgp = "off"`, or a provider without keys).
    Off,
    /// Against these keys; `require`: a document that fails is not imported.
    Check { keys: Vec<PublicKey>, require: bool },
}

/// The signature check for `feed`, whose provider published `metadata`. Problems that leave
/// the feed with a usable check are pushed to `warnings` (a listed key that cannot be used)
/// or `notes`; `Err` is a message that fails the whole feed (nothing can be imported under
/// the policy).
pub(super) fn signature_check(
    index: &Index,
    feed: &Feed,
    metadata: &ProviderMetadata,
    options: &UpdateOptions,
    warnings: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> Result<Result<Signatures, String>, IndexError> {
    if feed.openpgp == Some(OpenPgpPolicy::Off) {
        return Ok(Ok(Signatures::Off));
    }
    let require = feed.openpgp != Some(OpenPgpPolicy::Warn);
    let nothing = "nothing imported (openpgp = \"off\" imports without checking signatures)";
    if !SUPPORTED {
        let message = "this build of rampart has no OpenPGP support (the `openpgp` feature)";
        if require
            && (feed.openpgp.is_some()
                || feed.openpgp_key_file.is_some()
                || !metadata.openpgp_keys.is_empty())
        {
            return Ok(Err(format!("{message}; {nothing}")));
        }
        notes.push(format!("{message}; signatures are not checked"));
        return Ok(Ok(Signatures::Off));
    }
    if let Some(path) = &feed.openpgp_key_file {
        return Ok(read_key_file(path).map(|keys| {
            notes.extend(key_standing(&keys));
            Signatures::Check { keys, require }
        }));
    }
    if metadata.openpgp_keys.is_empty() {
        let message = format!(
            "{}: the provider lists no OpenPGP keys (public_openpgp_keys)",
            feed.url
        );
        if feed.openpgp == Some(OpenPgpPolicy::Require) {
            return Ok(Err(format!(
                "{message} and openpgp = \"require\"; {nothing}"
            )));
        }
        notes.push(format!(
            "{message}; its documents are checked by their hashes only"
        ));
        return Ok(Ok(Signatures::Off));
    }
    let mut keys = Vec::new();
    let mut problems = Vec::new();
    for link in &metadata.openpgp_keys {
        match provider_keys(index, feed, link, options)? {
            Ok((found, note)) => {
                keys.extend(found);
                notes.extend(note);
            }
            Err(problem) => problems.push(problem),
        }
    }
    if keys.is_empty() {
        let message = format!(
            "no OpenPGP key of the provider could be used: {}",
            problems.join("; ")
        );
        if require {
            return Ok(Err(format!("{message}; {nothing}")));
        }
        notes.push(format!("{message}; signatures are not checked"));
        return Ok(Ok(Signatures::Off));
    }
    warnings.extend(problems);
    notes.extend(key_standing(&keys));
    Ok(Ok(Signatures::Check { keys, require }))
}

/// A note for each key that is revoked or expired today, so that documents refused for it
/// are explained once, by the key, besides each refusal.
fn key_standing(keys: &[PublicKey]) -> Vec<String> {
    let now = std::time::SystemTime::now();
    keys.iter().filter_map(|k| k.standing(now)).collect()
}

/// The keys of one `public_openpgp_keys` entry and, when they are the copy kept from an
/// earlier update, a note saying so.
type KeysFound = (Vec<PublicKey>, Option<String>);

/// The keys of one `public_openpgp_keys` entry, and a note when they are the copy kept from an
/// earlier update; `Err` says why there is none.
fn provider_keys(
    index: &Index,
    feed: &Feed,
    link: &OpenPgpKeyLink,
    options: &UpdateOptions,
) -> Result<Result<KeysFound, String>, IndexError> {
    let listed = link.fingerprint.as_deref().map(normalise_fingerprint);
    let fetched = fetch_key(link, listed.as_deref(), options);
    let Some(listed) = listed else {
        // Nothing to pin a copy to: the key is as good as the HTTPS it came over.
        return Ok(fetched.map(|keys| (keys, None)));
    };
    let cache_key = format!("{}\nopenpgp\n{listed}", feed.name);
    match fetched {
        Ok(keys) => {
            let kept = SourceMeta {
                openpgp_key: Some(keys[0].armoured()),
                last_update: Some(now()),
                origins: vec![link.url.clone()],
                ..SourceMeta::default()
            };
            index.put_feed_metas(vec![(cache_key, kept)])?;
            Ok(Ok((keys, None)))
        }
        Err(problem) => {
            let cached = index
                .feed_meta(&cache_key)?
                .and_then(|meta| meta.openpgp_key)
                .and_then(|text| read_public_keys(&cache_key, text.as_bytes()).ok())
                .map(|keys| {
                    keys.into_iter()
                        .filter(|k| k.fingerprint() == listed)
                        .collect::<Vec<_>>()
                })
                .filter(|keys| !keys.is_empty());
            Ok(match cached {
                Some(keys) => Ok((
                    keys,
                    Some(format!(
                        "{problem}; verifying with the copy of key {listed} kept from an earlier update"
                    )),
                )),
                None => Err(problem),
            })
        }
    }
}

/// Fetches the key file `link` names and keeps the key whose fingerprint is `listed` (every key
/// in it when no fingerprint is listed).
fn fetch_key(
    link: &OpenPgpKeyLink,
    listed: Option<&str>,
    options: &UpdateOptions,
) -> Result<Vec<PublicKey>, String> {
    let url = &link.url;
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(format!("{url}: not an http(s) URL; key not used"));
    }
    let fetched = fetch(url, options, KEY_MAX, None)?;
    if fetched.status != 200 {
        return Err(format!("{url}: HTTP {}; key not used", fetched.status));
    }
    let keys = read_public_keys(url, &fetched.body).map_err(|e| format!("{e}; key not used"))?;
    let Some(listed) = listed else {
        return Ok(keys);
    };
    let found: Vec<String> = keys.iter().map(|k| k.fingerprint().to_owned()).collect();
    let matching: Vec<PublicKey> = keys
        .into_iter()
        .filter(|k| k.fingerprint() == listed)
        .collect();
    if matching.is_empty() {
        return Err(format!(
            "{url}: the key's fingerprint is {}, not the listed {listed}; key refused",
            found.join(", ")
        ));
    }
    Ok(matching)
}

/// Reads a user's key file through the bounded reader every input file goes through: a
/// regular file of at most [`KEY_MAX`] bytes (a FIFO or device is refused, never opened).
fn read_key_file(path: &Path) -> Result<Vec<PublicKey>, String> {
    let name = path.display().to_string();
    let bytes = rampart_yaml::read_input_bytes(path, KEY_MAX)
        .map_err(|e| format!("{name}: cannot read: {e}"))?;
    read_public_keys(&name, &bytes).map_err(|e| e.to_string())
}

/// Checks `body`, the document `document` names, against its signature (the feed's
/// `signature` link, else `<document URL>.asc`). `Err` is the message of a document that is
/// not to be imported; under `warn` a failure becomes a note instead.
pub(super) fn check_signature(
    document: &FeedDocument,
    body: &[u8],
    signatures: &Signatures,
    options: &UpdateOptions,
    notes: &mut Vec<String>,
) -> Result<(), String> {
    let Signatures::Check { keys, require } = signatures else {
        return Ok(());
    };
    let url = &document.url;
    let signature_url = document
        .signature_url
        .clone()
        .unwrap_or_else(|| format!("{url}.asc"));
    let outcome = match fetch(&signature_url, options, SIGNATURE_MAX, None) {
        Err(e) => Err(format!("its OpenPGP signature could not be fetched ({e})")),
        Ok(fetched) if fetched.status == 200 => {
            verify_detached(&signature_url, body, &fetched.body, keys)
                .map(drop)
                .map_err(|e| format!("OpenPGP signature {e}"))
        }
        Ok(fetched) => Err(format!(
            "no OpenPGP signature ({signature_url}: HTTP {})",
            fetched.status
        )),
    };
    match outcome {
        Ok(()) => Ok(()),
        Err(reason) if *require => Err(format!("{url}: {reason}; not imported")),
        Err(reason) => {
            notes.push(format!(
                "{url}: {reason}; imported anyway (openpgp = \"warn\")"
            ));
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_too_large_or_not_a_file_is_refused_by_name_unread() {
        let dir = tempfile::tempdir().unwrap();
        let large = dir.path().join("keys.asc");
        std::fs::write(&large, vec![b'A'; usize::try_from(KEY_MAX).unwrap() + 1]).unwrap();
        let err = read_key_file(&large).unwrap_err();
        assert!(
            err.starts_with(&large.display().to_string()) && err.contains("the limit is 1048576"),
            "{err}"
        );
        let err = read_key_file(dir.path()).unwrap_err();
        assert!(err.contains("is a directory"), "{err}");
    }
}
