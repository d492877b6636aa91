//! The distribution files of a CSAF provider: `provider-metadata.json`, ROLIE feeds and
//! the hash files published beside each document.
//!
//! A provider (CSAF 2.0 §7) publishes `provider-metadata.json`, which lists ROLIE feeds and/or
//! directory URLs; each ROLIE feed lists the documents with their `.sha256`/`.sha512` and
//! `.asc` files. A later `db update` mirrors a provider from these; an import of a mirrored
//! folder meets them beside the documents. [`classify`] tells them apart from documents so
//! they are never read as advisories ([`CsafSource`](super::CsafSource) only detects
//! [`CsafFileKind::Document`]); [`provider_metadata`] and [`rolie_feed`] list what they point
//! at; [`verify_hash_file`] checks a document against its hash file.

use serde::Deserialize;
use sha2::{Digest, Sha256, Sha512};
use thiserror::Error;

use crate::source::{SourceError, json_problem};

/// What kind of CSAF file a JSON file is, judged from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsafFileKind {
    /// A CSAF document (advisory, VEX, …): read by the `csaf` source.
    Document,
    /// A provider's `provider-metadata.json`.
    ProviderMetadata,
    /// An aggregator's `aggregator.json`.
    Aggregator,
    /// A ROLIE feed (`{"feed": …}`) listing documents.
    RolieFeed,
    /// A ROLIE service document (`{"service": …}`) listing feeds.
    RolieService,
    /// A ROLIE category document (`{"categories": …}`).
    RolieCategory,
}

/// Classifies a file from its name and first bytes; `None` when it is no CSAF file.
///
/// ROLIE files are told by their first member (`feed`, `service`, `categories`); provider
/// metadata and aggregators by their file name or their `metadata_version` /
/// `canonical_url` and `aggregator` members; documents by a first member `document`, or a
/// `document` member with a `csaf_version`, a `csaf_…` category or a `tracking` member in the
/// bytes seen.
pub fn classify(name: &str, head: &[u8]) -> Option<CsafFileKind> {
    let lower_name = name.to_ascii_lowercase();
    if !head.trim_ascii_start().starts_with(b"{") {
        return None;
    }
    match first_member(head).as_deref() {
        // CSAF writers sort members, and a document's first one is `document`; its tell-tale
        // members may lie beyond a short head behind long acknowledgments.
        Some("document") => return Some(CsafFileKind::Document),
        Some("feed") => return Some(CsafFileKind::RolieFeed),
        Some("service") => return Some(CsafFileKind::RolieService),
        Some("categories") => return Some(CsafFileKind::RolieCategory),
        _ => {}
    }
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    if lower_name.ends_with("aggregator.json") || (has(b"\"aggregator\"") && has(b"\"csaf_")) {
        return Some(CsafFileKind::Aggregator);
    }
    if lower_name.ends_with("provider-metadata.json")
        || (has(b"\"metadata_version\"") || has(b"\"canonical_url\"")) && has(b"\"publisher\"")
    {
        return Some(CsafFileKind::ProviderMetadata);
    }
    if has(b"\"document\"") && (has(b"\"csaf_version\"") || has(b"\"csaf_") || has(b"\"tracking\""))
    {
        return Some(CsafFileKind::Document);
    }
    None
}

/// The name of the first member of a JSON object, if `head` starts with one.
fn first_member(head: &[u8]) -> Option<String> {
    let rest = head
        .trim_ascii_start()
        .strip_prefix(b"{")?
        .trim_ascii_start();
    let rest = rest.strip_prefix(b"\"")?;
    let end = rest.iter().position(|&b| b == b'"')?;
    String::from_utf8(rest[..end].to_vec()).ok()
}

/// What a `provider-metadata.json` points at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProviderMetadata {
    /// `canonical_url`.
    pub canonical_url: String,
    /// `publisher.name`.
    pub publisher: String,
    /// ROLIE feed URLs of every distribution, with their TLP label.
    pub feeds: Vec<FeedLink>,
    /// `directory_url`s of every distribution (folders with `index.txt`/`changes.csv`).
    pub directories: Vec<String>,
    /// `public_openpgp_keys`: the keys the provider signs its documents with.
    pub openpgp_keys: Vec<OpenPgpKeyLink>,
}

/// One key of `public_openpgp_keys`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct OpenPgpKeyLink {
    /// The key's fingerprint as listed (hex; may be absent, the schema makes it optional).
    #[serde(default)]
    pub fingerprint: Option<String>,
    /// Where the key is published.
    pub url: String,
}

/// One ROLIE feed a provider lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedLink {
    /// The feed's URL.
    pub url: String,
    /// `tlp_label` (`WHITE`, `GREEN`, …).
    pub tlp_label: Option<String>,
}

/// One document a ROLIE feed lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedDocument {
    /// The entry's id (the document's tracking id).
    pub id: String,
    /// The document's URL (`content.src`, else the `self` link).
    pub url: String,
    /// The `.sha256` file's URL (a `hash` link ending so).
    pub sha256_url: Option<String>,
    /// The `.sha512` file's URL.
    pub sha512_url: Option<String>,
    /// The OpenPGP signature's URL (`signature` link).
    pub signature_url: Option<String>,
    /// `updated`, as written.
    pub updated: Option<String>,
}

#[derive(Deserialize)]
struct RawProvider {
    canonical_url: String,
    publisher: RawPublisher,
    #[serde(default)]
    distributions: Vec<RawDistribution>,
    #[serde(default)]
    public_openpgp_keys: Vec<OpenPgpKeyLink>,
}

#[derive(Deserialize)]
struct RawPublisher {
    name: String,
}

#[derive(Deserialize)]
struct RawDistribution {
    #[serde(default)]
    directory_url: Option<String>,
    #[serde(default)]
    rolie: Option<RawRolie>,
}

#[derive(Deserialize)]
struct RawRolie {
    #[serde(default)]
    feeds: Vec<RawFeedLink>,
}

#[derive(Deserialize)]
struct RawFeedLink {
    url: String,
    #[serde(default)]
    tlp_label: Option<String>,
}

/// Reads a `provider-metadata.json` named `name`.
pub fn provider_metadata(name: &str, bytes: &[u8]) -> Result<ProviderMetadata, SourceError> {
    let raw: RawProvider =
        serde_json::from_slice(bytes).map_err(|e| SourceError::Invalid(json_problem(name, &e)))?;
    let mut metadata = ProviderMetadata {
        canonical_url: raw.canonical_url,
        publisher: raw.publisher.name,
        openpgp_keys: raw.public_openpgp_keys,
        ..ProviderMetadata::default()
    };
    for distribution in raw.distributions {
        metadata.directories.extend(distribution.directory_url);
        for feed in distribution.rolie.into_iter().flat_map(|r| r.feeds) {
            metadata.feeds.push(FeedLink {
                url: feed.url,
                tlp_label: feed.tlp_label,
            });
        }
    }
    Ok(metadata)
}

#[derive(Deserialize)]
struct RawFeedFile {
    feed: RawFeed,
}

#[derive(Deserialize)]
struct RawFeed {
    #[serde(default)]
    entry: Vec<RawEntry>,
}

#[derive(Deserialize)]
struct RawEntry {
    id: String,
    #[serde(default)]
    link: Vec<RawLink>,
    #[serde(default)]
    content: Option<RawContent>,
    #[serde(default)]
    updated: Option<String>,
}

#[derive(Deserialize)]
struct RawLink {
    rel: String,
    href: String,
}

#[derive(Deserialize)]
struct RawContent {
    src: String,
}

/// Reads a ROLIE feed named `name` into the documents it lists; an entry with neither
/// `content.src` nor a `self` link names no document and is left out.
pub fn rolie_feed(name: &str, bytes: &[u8]) -> Result<Vec<FeedDocument>, SourceError> {
    let raw: RawFeedFile =
        serde_json::from_slice(bytes).map_err(|e| SourceError::Invalid(json_problem(name, &e)))?;
    let mut out = Vec::new();
    for entry in raw.feed.entry {
        let link = |rel: &str, suffix: &str| {
            entry
                .link
                .iter()
                .find(|l| l.rel == rel && l.href.to_ascii_lowercase().ends_with(suffix))
                .map(|l| l.href.clone())
        };
        let Some(url) = entry
            .content
            .as_ref()
            .map(|c| c.src.clone())
            .or_else(|| link("self", ""))
        else {
            continue;
        };
        out.push(FeedDocument {
            sha256_url: link("hash", ".sha256"),
            sha512_url: link("hash", ".sha512"),
            signature_url: link("signature", ""),
            id: entry.id,
            url,
            updated: entry.updated,
        });
    }
    Ok(out)
}

/// Why a document does not agree with its hash file.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum HashFileError {
    /// The hash file's name ends neither in `.sha256` nor in `.sha512`.
    #[error("{0}: not a .sha256 or .sha512 file")]
    UnknownAlgorithm(String),
    /// The hash file holds no hex digest of the right length.
    #[error("{file}: expected a {algorithm} hex digest, found {found:?}")]
    Malformed {
        /// The hash file.
        file: String,
        /// `SHA-256` or `SHA-512`.
        algorithm: &'static str,
        /// Its first word (at most 140 characters).
        found: String,
    },
    /// The digests differ.
    #[error("{file}: {algorithm} of the document is {actual}, the hash file says {expected}")]
    Mismatch {
        /// The hash file.
        file: String,
        /// `SHA-256` or `SHA-512`.
        algorithm: &'static str,
        /// The digest written in the hash file (lower case).
        expected: String,
        /// The document's digest.
        actual: String,
    },
}

/// Checks `document` against the hash file `hash_file_name` with content `hash_file`, as
/// published beside CSAF documents (`sha256sum` format: the hex digest, optionally followed by
/// whitespace and the file name). The algorithm comes from the hash file's extension.
pub fn verify_hash_file(
    document: &[u8],
    hash_file_name: &str,
    hash_file: &[u8],
) -> Result<(), HashFileError> {
    let lower = hash_file_name.to_ascii_lowercase();
    let (algorithm, actual, hex_len) = if lower.ends_with(".sha256") {
        ("SHA-256", hex(&Sha256::digest(document)), 64)
    } else if lower.ends_with(".sha512") {
        ("SHA-512", hex(&Sha512::digest(document)), 128)
    } else {
        return Err(HashFileError::UnknownAlgorithm(hash_file_name.to_owned()));
    };
    let text = String::from_utf8_lossy(hash_file);
    let word = text.split_whitespace().next().unwrap_or("");
    if word.len() != hex_len || !word.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(HashFileError::Malformed {
            file: hash_file_name.to_owned(),
            algorithm,
            found: word.chars().take(140).collect(),
        });
    }
    let expected = word.to_ascii_lowercase();
    if expected == actual {
        Ok(())
    } else {
        Err(HashFileError::Mismatch {
            file: hash_file_name.to_owned(),
            algorithm,
            expected,
            actual,
        })
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROVIDER: &str = r#"{
      "canonical_url": "https://www.example.com/.well-known/csaf/provider-metadata.json",
      "distributions": [
        {"rolie": {"feeds": [{"summary": "x", "tlp_label": "WHITE",
           "url": "https://www.example.com/.well-known/csaf/feed-tlp-white.json"}]}},
        {"directory_url": "https://www.example.com/.well-known/csaf/white/"}
      ],
      "public_openpgp_keys": [{"fingerprint": "8F5F267907B2C4559DB360DB2294BA7D2B2298B1",
                               "url": "https://www.example.com/.well-known/csaf/openpgp/key.asc"}],
      "last_updated": "2021-07-12T20:20:56.169Z", "metadata_version": "2.0",
      "publisher": {"category": "vendor", "name": "Example Company ProductCERT",
                    "namespace": "https://psirt.example.com"},
      "role": "csaf_trusted_provider"}"#;

    const FEED: &str = r#"{"feed": {"id": "f", "title": "t", "entry": [{
        "id": "2020-ESA-001", "title": "x", "updated": "2021-01-01T12:00:00.000Z",
        "link": [
          {"rel": "self", "href": "https://psirt.domain.tld/a/2020-ESA-001.json"},
          {"rel": "hash", "href": "https://psirt.domain.tld/a/2020-ESA-001.json.sha512"},
          {"rel": "signature", "href": "https://psirt.domain.tld/a/2020-ESA-001.json.asc"}],
        "content": {"type": "application/json",
                    "src": "https://psirt.domain.tld/a/2020-ESA-001.json"}}]}}"#;

    #[test]
    fn provider_metadata_lists_feeds_and_directories() {
        let metadata = provider_metadata("provider-metadata.json", PROVIDER.as_bytes()).unwrap();
        assert_eq!(metadata.publisher, "Example Company ProductCERT");
        assert_eq!(metadata.feeds.len(), 1);
        assert_eq!(metadata.feeds[0].tlp_label.as_deref(), Some("WHITE"));
        assert_eq!(
            metadata.directories,
            ["https://www.example.com/.well-known/csaf/white/"]
        );
        assert_eq!(
            metadata.openpgp_keys,
            [OpenPgpKeyLink {
                fingerprint: Some("8F5F267907B2C4559DB360DB2294BA7D2B2298B1".to_owned()),
                url: "https://www.example.com/.well-known/csaf/openpgp/key.asc".to_owned(),
            }]
        );
    }

    #[test]
    fn rolie_feeds_list_documents_with_their_hash_files() {
        let documents = rolie_feed("feed.json", FEED.as_bytes()).unwrap();
        assert_eq!(documents.len(), 1);
        assert_eq!(
            documents[0].url,
            "https://psirt.domain.tld/a/2020-ESA-001.json"
        );
        assert_eq!(
            documents[0].sha512_url.as_deref(),
            Some("https://psirt.domain.tld/a/2020-ESA-001.json.sha512")
        );
        assert_eq!(documents[0].sha256_url, None);
    }

    #[test]
    fn distribution_files_are_not_documents() {
        assert_eq!(
            classify("x/provider-metadata.json", PROVIDER.as_bytes()),
            Some(CsafFileKind::ProviderMetadata)
        );
        assert_eq!(
            classify("renamed.json", PROVIDER.as_bytes()),
            Some(CsafFileKind::ProviderMetadata)
        );
        assert_eq!(
            classify("feed-tlp-white.json", FEED.as_bytes()),
            Some(CsafFileKind::RolieFeed)
        );
        assert_eq!(
            classify(
                "a.json",
                br#"{"document": {"category": "csaf_vex", "csaf_version": "2.0"}}"#
            ),
            Some(CsafFileKind::Document)
        );
        assert_eq!(
            classify("osv.json", br#"{"id": "GHSA-1", "affected": []}"#),
            None
        );
        // Long acknowledgments push every tell-tale member out of a short head.
        assert_eq!(
            classify(
                "a.json",
                br#"{ "document": { "acknowledgments": [ { "names": ["#
            ),
            Some(CsafFileKind::Document)
        );
    }

    #[test]
    fn hash_files_are_checked() {
        let document = b"{}";
        let digest = hex(&Sha256::digest(document));
        let file = format!("{digest}  a.json\n");
        assert_eq!(
            verify_hash_file(document, "a.json.sha256", file.as_bytes()),
            Ok(())
        );
        assert!(matches!(
            verify_hash_file(b"{ }", "a.json.sha256", file.as_bytes()),
            Err(HashFileError::Mismatch { .. })
        ));
        assert!(matches!(
            verify_hash_file(document, "a.json.sha512", file.as_bytes()),
            Err(HashFileError::Malformed { .. })
        ));
        assert!(matches!(
            verify_hash_file(document, "a.json.md5", file.as_bytes()),
            Err(HashFileError::UnknownAlgorithm(_))
        ));
    }
}
