//! `csaf-provider` feeds: a CSAF provider followed from its `provider-metadata.json`
//! (CSAF 2.0 §7.1.7), the way vendors and CISA publish their advisories.
//!
//! The metadata lists ROLIE feeds (JSON feeds naming each document, its `updated` date and
//! its `.sha256`/`.sha512` files) and directories (with `changes.csv`: each document's path
//! and date; else `index.txt`). Every feed is read; directories only when there is no ROLIE
//! feed (they hold the same documents). A ROLIE feed is asked for conditionally (ETag,
//! Last-Modified), with the state kept only once every document it listed was settled, so
//! an unchanged feed (304) costs one small request. A document whose date matches the one stored at the
//! last update is skipped without a request; the others are fetched conditionally (ETag,
//! Last-Modified), checked against each hash file the feed names (for directories, the
//! `.sha512` and `.sha256` beside the document, when they exist), and imported together.
//! A document that fails its check or cannot be fetched is left out and reported with its
//! URL; the rest are imported. Each document's OpenPGP signature (`.asc`) is checked against
//! the provider's keys as the feed's `openpgp` policy says ([`super::csaf_openpgp`]).
//!
//! The parsing of the provider files lives in [`crate::sources::csaf::provider`]; this
//! module only fetches. Per-document state (ETag, Last-Modified, feed date) is kept in the
//! index's `feeds` table under `FEED-NAME\nDOCUMENT-URL`, a ROLIE feed's under
//! `FEED-NAME\nrolie\nFEED-URL`.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::csaf_openpgp::{Signatures, check_signature, signature_check};
use super::feeds::Feed;
use super::http::agent;
use super::import::{ImportEvent, ImportOptions, import_inputs, walk};
use super::store::now;
use super::update::{FeedOutcome, UpdateOptions, file_name};
use super::{Index, IndexError, SourceMeta};
use crate::sources::csaf::provider::{
    FeedDocument, provider_metadata, rolie_feed, verify_hash_file,
};

/// Largest `provider-metadata.json`.
const PROVIDER_MAX: u64 = 8 << 20;
/// Largest ROLIE feed or `changes.csv` (Red Hat's feed lists tens of thousands of documents).
const LISTING_MAX: u64 = 512 << 20;
/// Largest document when the feed sets no `max_bytes`.
const DOCUMENT_MAX: u64 = 64 << 20;
/// Largest hash file.
const HASH_MAX: u64 = 4096;

/// A document to fetch, and whether its hash files may be missing (directories, where they
/// are guessed) or must exist (ROLIE, where the feed names them).
struct Wanted {
    document: FeedDocument,
    hashes_optional: bool,
}

/// One response read whole.
pub(super) struct Fetched {
    pub(super) status: u16,
    pub(super) body: Vec<u8>,
    etag: Option<String>,
    last_modified: Option<String>,
}

/// Updates the `csaf-provider` feed `feed`.
pub(super) fn update(
    index: &Index,
    feed: &Feed,
    options: &UpdateOptions,
    import: &ImportOptions<'_>,
    progress: &mut dyn FnMut(ImportEvent<'_>),
) -> Result<FeedOutcome, IndexError> {
    let metadata = match fetch_ok(&feed.url, options, PROVIDER_MAX).and_then(|body| {
        provider_metadata(&feed.url, &body).map_err(|e| format!("{}: {e}", feed.url))
    }) {
        Ok(metadata) => metadata,
        Err(message) => return Ok(FeedOutcome::Failed(message)),
    };
    let mut warnings = Vec::new();
    let mut notes = Vec::new();
    let signatures =
        match signature_check(index, feed, &metadata, options, &mut warnings, &mut notes)? {
            Ok(signatures) => signatures,
            Err(message) => return Ok(FeedOutcome::Failed(message)),
        };
    let mut wanted = Vec::new();
    // ROLIE feeds read in full this run: (state key, state to keep, the document URLs they
    // list). A feed's ETag and Last-Modified are kept only once every document it lists is
    // settled, so a 304 for the feed means there is nothing in it to fetch or retry.
    let mut listings: Vec<(String, SourceMeta, Vec<String>)> = Vec::new();
    for link in &metadata.feeds {
        let key = format!("{}\nrolie\n{}", feed.name, link.url);
        let state = index.feed_meta(&key)?.unwrap_or_default();
        let conditional = state.etag.is_some() || state.last_modified.is_some();
        let fetched = match fetch(&link.url, options, LISTING_MAX, Some(&state)) {
            Ok(fetched) => fetched,
            Err(message) => {
                warnings.push(message);
                continue;
            }
        };
        match fetched.status {
            304 if conditional => continue,
            200 => {}
            status => {
                warnings.push(format!("{}: HTTP {status}", link.url));
                continue;
            }
        }
        match rolie_feed(&link.url, &fetched.body) {
            Ok(documents) => {
                let urls = documents.iter().map(|d| d.url.clone()).collect();
                let kept = SourceMeta {
                    etag: fetched.etag,
                    last_modified: fetched.last_modified,
                    last_update: Some(now()),
                    origins: vec![link.url.clone()],
                    ..SourceMeta::default()
                };
                listings.push((key, kept, urls));
                wanted.extend(documents.into_iter().map(|document| Wanted {
                    document,
                    hashes_optional: false,
                }));
            }
            Err(e) => warnings.push(e.to_string()),
        }
    }
    if metadata.feeds.is_empty() {
        for directory in &metadata.directories {
            match directory_documents(directory, options) {
                Ok(documents) => wanted.extend(documents),
                Err(message) => warnings.push(message),
            }
        }
    }
    if wanted.is_empty() && !warnings.is_empty() {
        return Ok(FeedOutcome::Failed(warnings.join("; ")));
    }
    let mut seen = HashSet::new();
    wanted.retain(|w| seen.insert(w.document.url.clone()));

    let dir = options.cache_dir.join(file_name(&feed.name));
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return Ok(FeedOutcome::Failed(format!(
            "cannot create {}: {e}",
            dir.display()
        )));
    }
    let max = feed.max_bytes.unwrap_or(DOCUMENT_MAX);
    // Input name → (state key, state to keep once imported).
    let mut pending: HashMap<String, (String, SourceMeta)> = HashMap::new();
    let mut settled: Vec<(String, SourceMeta)> = Vec::new();
    let mut paths = Vec::new();
    let mut bytes = 0u64;
    // Documents not fetched, written or imported this run: the next run tries them again.
    let mut unsettled: HashSet<String> = HashSet::new();
    for (
        i,
        Wanted {
            document,
            hashes_optional,
        },
    ) in wanted.iter().enumerate()
    {
        let key = format!("{}\n{}", feed.name, document.url);
        let mut state = index.feed_meta(&key)?.unwrap_or_default();
        if document.updated.is_some() && state.data_date == document.updated {
            continue;
        }
        let fetched = match fetch_document(
            document,
            &state,
            *hashes_optional,
            (&signatures, &mut notes),
            options,
            max,
        ) {
            Ok(fetched) => fetched,
            Err(message) => {
                warnings.push(message);
                unsettled.insert(document.url.clone());
                continue;
            }
        };
        state.data_date.clone_from(&document.updated);
        state.last_update = Some(now());
        state.origins = vec![document.url.clone()];
        let Some(fetched) = fetched else {
            // 304: unchanged although the feed's date moved; remember the new date.
            settled.push((key, state));
            continue;
        };
        let path = dir.join(format!("{i:06}-{}", file_name(&document.url)));
        if let Err(e) = std::fs::write(&path, &fetched.body) {
            warnings.push(format!("cannot write {}: {e}", path.display()));
            unsettled.insert(document.url.clone());
            continue;
        }
        bytes += fetched.body.len() as u64;
        state.etag = fetched.etag;
        state.last_modified = fetched.last_modified;
        pending.insert(path.display().to_string(), (key, state));
        paths.push(path);
    }

    let limits = import.limits;
    let report = {
        let paths: Vec<PathBuf> = paths.clone();
        import_inputs(
            index,
            move |tx| walk(&paths, &limits, tx),
            std::slice::from_ref(&feed.url),
            import,
            progress,
        )?
    };
    let _ = std::fs::remove_dir_all(&dir);
    // A refused document keeps no state, so the next update fetches it again.
    for file in &report.files {
        if file.refused.is_none()
            && let Some(entry) = pending.remove(&file.name)
        {
            settled.push(entry);
        }
    }
    // What is left pending was refused by the import (`origins` is the document's URL).
    unsettled.extend(pending.into_values().flat_map(|(_, state)| state.origins));
    settled.extend(
        listings
            .into_iter()
            .filter(|(_, _, urls)| urls.iter().all(|url| !unsettled.contains(url)))
            .map(|(key, state, _)| (key, state)),
    );
    index.put_feed_metas(settled)?;
    let stamp = now();
    index.set_feed_meta(&feed.name, |m| {
        m.last_update = Some(stamp.clone());
        m.origins = vec![feed.url.clone()];
        m.records = report.records() as u64;
    })?;
    super::update::stamp_sources(index, &report, &stamp, &feed.url)?;
    Ok(FeedOutcome::Imported {
        bytes,
        resumed: 0,
        report,
        warnings,
        notes,
    })
}

/// The documents a directory distribution lists in `changes.csv` (`"path","date"` lines),
/// else in `index.txt` (one path a line, no dates).
fn directory_documents(directory: &str, options: &UpdateOptions) -> Result<Vec<Wanted>, String> {
    let base = directory.trim_end_matches('/');
    let changes = format!("{base}/changes.csv");
    let fetched = fetch(&changes, options, LISTING_MAX, None)?;
    let (text, dated) = match fetched.status {
        200 => (fetched.body, true),
        404 => {
            let index = format!("{base}/index.txt");
            (fetch_ok(&index, options, LISTING_MAX)?, false)
        }
        status => return Err(format!("{changes}: HTTP {status}")),
    };
    Ok(
        directory_listing(base, &String::from_utf8_lossy(&text), dated)
            .into_iter()
            .map(|document| Wanted {
                document,
                hashes_optional: true,
            })
            .collect(),
    )
}

/// The documents a directory listing names: `changes.csv` (`"path","date"` lines, `dated`)
/// or `index.txt` (one path a line), relative to the directory URL `base`. Each document's
/// hash files are guessed as `<url>.sha256` and `<url>.sha512`. A path that is absolute,
/// names another host or climbs out with `..` is not the provider's to list and is left out.
pub fn directory_listing(base: &str, text: &str, dated: bool) -> Vec<FeedDocument> {
    let base = base.trim_end_matches('/');
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut fields = line.splitn(2, ',').map(|f| f.trim().trim_matches('"'));
        let path = fields.next().unwrap_or("");
        if path.is_empty()
            || path.starts_with('/')
            || path.contains("://")
            || path.split('/').any(|s| s == "..")
        {
            continue;
        }
        let url = format!("{base}/{path}");
        out.push(FeedDocument {
            id: path.to_owned(),
            sha256_url: Some(format!("{url}.sha256")),
            sha512_url: Some(format!("{url}.sha512")),
            updated: if dated {
                fields.next().map(str::to_owned)
            } else {
                None
            },
            url,
            ..FeedDocument::default()
        });
    }
    out
}

/// The document if it changed (`None` on 304), checked against its hash files and its
/// OpenPGP signature (failures under `openpgp = "warn"` are pushed to the notes).
fn fetch_document(
    document: &FeedDocument,
    state: &SourceMeta,
    hashes_optional: bool,
    (signatures, notes): (&Signatures, &mut Vec<String>),
    options: &UpdateOptions,
    max: u64,
) -> Result<Option<Fetched>, String> {
    let url = &document.url;
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(format!("{url}: not an http(s) URL; not imported"));
    }
    let fetched = fetch(url, options, max, Some(state))?;
    match fetched.status {
        304 if state.etag.is_some() || state.last_modified.is_some() => return Ok(None),
        200 => {}
        status => return Err(format!("{url}: HTTP {status}; not imported")),
    }
    for hash_url in [&document.sha512_url, &document.sha256_url]
        .into_iter()
        .flatten()
    {
        let hash = fetch(hash_url, options, HASH_MAX, None)?;
        match hash.status {
            200 => verify_hash_file(&fetched.body, hash_url, &hash.body)
                .map_err(|e| format!("{url}: {e}; not imported"))?,
            404 if hashes_optional => {}
            status => {
                return Err(format!(
                    "{url}: its hash file {hash_url} gave HTTP {status}; not imported"
                ));
            }
        }
    }
    check_signature(document, &fetched.body, signatures, options, notes)?;
    Ok(Some(fetched))
}

/// GET `url`, its body bounded by `limit`; conditional on `state`'s ETag and Last-Modified
/// when given. Any status is returned; only transport failures are errors.
pub(super) fn fetch(
    url: &str,
    options: &UpdateOptions,
    limit: u64,
    state: Option<&SourceMeta>,
) -> Result<Fetched, String> {
    let mut request = agent(options, url)?.get(url);
    if let Some(state) = state {
        if let Some(etag) = &state.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(modified) = &state.last_modified {
            request = request.header("If-Modified-Since", modified);
        }
    }
    let response = request.call().map_err(|e| format!("{url}: {e}"))?;
    let status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let etag = header("etag");
    let last_modified = header("last-modified");
    let body = if status == 200 {
        response
            .into_body()
            .into_with_config()
            .limit(limit)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => {
                    format!("{url}: more than {limit} bytes; not imported")
                }
                e => format!("{url}: {e}"),
            })?
    } else {
        Vec::new()
    };
    Ok(Fetched {
        status,
        body,
        etag,
        last_modified,
    })
}

/// GET `url` and require a 200 (provider metadata and directory listings: small, and read
/// whole each run).
fn fetch_ok(url: &str, options: &UpdateOptions, limit: u64) -> Result<Vec<u8>, String> {
    let fetched = fetch(url, options, limit, None)?;
    if fetched.status == 200 {
        Ok(fetched.body)
    } else {
        Err(format!("{url}: HTTP {}", fetched.status))
    }
}

#[cfg(test)]
mod tests {
    use super::directory_listing;

    #[test]
    fn directory_listings_keep_only_relative_paths() {
        let listing = "\"2024/a.json\",\"2024-01-02T00:00:00Z\"\n\n/etc/passwd,x\n\"../b.json\",x\nhttps://evil/c.json,x\n";
        let documents = directory_listing("https://p/white/", listing, true);
        assert_eq!(documents.len(), 1);
        assert_eq!(documents[0].url, "https://p/white/2024/a.json");
        assert_eq!(
            documents[0].updated.as_deref(),
            Some("2024-01-02T00:00:00Z")
        );
        assert_eq!(
            documents[0].sha512_url.as_deref(),
            Some("https://p/white/2024/a.json.sha512")
        );
        let undated = directory_listing("https://p/white", "2024/a.json\n", false);
        assert_eq!(undated[0].updated, None);
    }
}
