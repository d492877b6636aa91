//! `rampart db update`: downloads each configured feed over HTTP(S) and imports it.
//!
//! Conditional requests (`If-None-Match`/`If-Modified-Since` from the ETag and Last-Modified
//! kept per feed) make an unchanged feed cost one round trip; an interrupted download is
//! resumed with `Range` into the partial file (`If-Range` guards against a feed that changed
//! meanwhile); a published checksum (`.sha256`, NVD `.meta`) is verified before anything is
//! imported; the size and every wait are bounded.
//!
//! Feeds of kind `nvd-api` ([`super::nvd_api`]) and `csaf-provider` ([`super::csaf_feed`])
//! are more than one download; this module hands them over.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use sha2::{Digest as _, Sha256};

use super::feeds::{Feed, FeedKind, Secret};
use super::http::{Clock, ProxySettings, SystemClock, agent};
use super::import::{ImportEvent, ImportOptions, ImportReport, import_inputs, walk};
use super::{Index, IndexError, SourceMeta, store::now};

/// How to download.
#[derive(Debug, Clone)]
pub struct UpdateOptions {
    /// Where downloads are kept between runs (one folder per feed), so an interrupted one
    /// resumes.
    pub cache_dir: PathBuf,
    /// Largest download accepted when the feed sets no `max_bytes`.
    pub max_bytes: u64,
    /// Longest wait to connect.
    pub connect_timeout: Duration,
    /// Longest silence while a response or body is read.
    pub read_timeout: Duration,
    /// Which proxy each URL goes through.
    pub proxy: ProxySettings,
    /// The NVD API key for `nvd-api` feeds that set none (the CLI reads it from
    /// `RAMPART_NVD_API_KEY`).
    pub nvd_api_key: Option<Secret>,
    /// How many times a request refused for load (HTTP 403, 429, 503) or cut off is tried
    /// again, waiting longer each time.
    pub retries: u32,
    /// The wall clock and the sleeper (rate limits, back-off).
    pub clock: Arc<dyn Clock>,
}

impl UpdateOptions {
    /// 1 GiB per download, 30 s to connect, 60 s of silence at most, no proxy, 5 retries,
    /// the system clock; downloads in `cache_dir`.
    pub fn new(cache_dir: PathBuf) -> Self {
        UpdateOptions {
            cache_dir,
            max_bytes: 1 << 30,
            connect_timeout: Duration::from_secs(30),
            read_timeout: Duration::from_mins(1),
            proxy: ProxySettings::none(),
            nvd_api_key: None,
            retries: 5,
            clock: Arc::new(SystemClock),
        }
    }
}

/// What updating one feed did.
#[derive(Debug)]
pub enum FeedOutcome {
    /// The server said the feed has not changed since the last update (304).
    Unchanged,
    /// The feed was downloaded (`bytes`, of which `resumed` came from an earlier partial
    /// download) and imported.
    Imported {
        /// Bytes of the complete download.
        bytes: u64,
        /// Bytes a previous, interrupted download had already fetched.
        resumed: u64,
        /// The import of the download.
        report: ImportReport,
        /// Parts of the feed left out, each naming its URL and why (a CSAF document whose
        /// checksum does not match); the rest was imported. The feed counts as failed.
        warnings: Vec<String>,
        /// What the user should know that is no failure (a CSAF provider that lists no
        /// OpenPGP keys; a document imported with a bad signature under `openpgp = "warn"`).
        notes: Vec<String>,
    },
    /// Downloading or checking failed; nothing of this feed was imported.
    Failed(String),
}

/// Downloads `feed` if it changed and imports it into `index`.
pub fn update_feed(
    index: &Index,
    feed: &Feed,
    options: &UpdateOptions,
    import: &ImportOptions<'_>,
    progress: &mut dyn FnMut(ImportEvent<'_>),
) -> Result<FeedOutcome, IndexError> {
    match feed.kind {
        FeedKind::File => {}
        FeedKind::NvdApi => {
            return super::nvd_api::update(index, feed, options, import, progress);
        }
        FeedKind::CsafProvider => {
            return super::csaf_feed::update(index, feed, options, import, progress);
        }
    }
    let meta = index.feed_meta(&feed.name)?.unwrap_or_default();
    let download = match download(feed, &meta, options) {
        Ok(download) => download,
        Err(message) => return Ok(FeedOutcome::Failed(message)),
    };
    let Some(download) = download else {
        let stamp = now();
        index.set_feed_meta(&feed.name, |m| m.last_update = Some(stamp.clone()))?;
        if let Some(source) = &feed.source {
            index.set_source_meta(source, |m| m.last_update = Some(stamp))?;
        }
        return Ok(FeedOutcome::Unchanged);
    };
    if let Err(message) = verify(feed, &download.path, options) {
        let _ = std::fs::remove_file(&download.path);
        return Ok(FeedOutcome::Failed(message));
    }
    let limits = import.limits;
    let path = download.path.clone();
    let report = import_inputs(
        index,
        move |tx| walk(&[path], &limits, tx),
        std::slice::from_ref(&feed.url),
        import,
        progress,
    )?;
    let stamp = now();
    let origin = feed.url.clone();
    index.set_feed_meta(&feed.name, |m| {
        m.last_update = Some(stamp.clone());
        m.origins = vec![origin.clone()];
        m.etag.clone_from(&download.etag);
        m.last_modified.clone_from(&download.last_modified);
        m.records = report.records() as u64;
    })?;
    stamp_sources(index, &report, &stamp, &origin)?;
    Ok(FeedOutcome::Imported {
        bytes: download.bytes,
        resumed: download.resumed,
        report,
        warnings: Vec::new(),
        notes: Vec::new(),
    })
}

/// A complete download.
struct Download {
    path: PathBuf,
    bytes: u64,
    resumed: u64,
    etag: Option<String>,
    last_modified: Option<String>,
}

/// The file name of the download: the URL's last path segment, reduced to safe characters
/// (the name only helps sources detect the format; it never leaves the feed's folder).
/// Marks every advisory source `report` imported records of as updated at `stamp` from
/// `origin`, so `db status` shows when each source last changed, whichever feed (a file
/// download, the NVD API, a CSAF provider) brought it.
pub(crate) fn stamp_sources(
    index: &Index,
    report: &ImportReport,
    stamp: &str,
    origin: &str,
) -> Result<(), IndexError> {
    let sources: std::collections::BTreeSet<&str> = report
        .files
        .iter()
        .filter_map(|f| f.source.as_deref())
        .collect();
    for source in sources {
        index.set_source_meta(source, |m| {
            m.last_update = Some(stamp.to_owned());
            m.origins = vec![origin.to_owned()];
        })?;
    }
    Ok(())
}

pub(crate) fn file_name(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let last = path.rsplit('/').next().unwrap_or("");
    let safe: String = last
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    let safe = safe.trim_start_matches('.');
    if safe.is_empty() {
        "download".to_owned()
    } else {
        safe.to_owned()
    }
}

/// Downloads `feed` into its cache folder; `None` when the server says it is unchanged.
fn download(
    feed: &Feed,
    meta: &SourceMeta,
    options: &UpdateOptions,
) -> Result<Option<Download>, String> {
    let dir = options.cache_dir.join(file_name(&feed.name));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let target = dir.join(file_name(&feed.url));
    let part = target.with_extension(format!(
        "{}.part",
        target.extension().and_then(|e| e.to_str()).unwrap_or("")
    ));
    let part_tag = part.with_extension("part.etag");
    let max = feed.max_bytes.unwrap_or(options.max_bytes);
    let have = std::fs::metadata(&part).map_or(0, |m| m.len());
    // The tag file is ours, but the cache folder is the user's: read it bounded (an ETag is
    // a short header value), as a regular file only.
    let partial_etag = rampart_yaml::read_input(&part_tag, 4096)
        .ok()
        .filter(|_| have > 0);

    let mut request = agent(options, &feed.url)?.get(&feed.url);
    if let Some(etag) = &partial_etag {
        request = request
            .header("Range", format!("bytes={have}-"))
            .header("If-Range", etag);
    } else {
        if let Some(etag) = &meta.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(modified) = &meta.last_modified {
            request = request.header("If-Modified-Since", modified);
        }
    }
    let response = request.call().map_err(|e| format!("{}: {e}", feed.url))?;
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
    let length = header("content-length").and_then(|v| v.parse::<u64>().ok());
    let resumed = match status {
        304 if partial_etag.is_none() => return Ok(None),
        206 if partial_etag.is_some()
            && content_range_start(header("content-range")) == Some(have) =>
        {
            have
        }
        200 => 0,
        _ => return Err(format!("{}: HTTP {status}", feed.url)),
    };
    if length.is_some_and(|n| resumed + n > max) {
        let _ = std::fs::remove_file(&part);
        return Err(format!(
            "{}: {} bytes exceed the limit of {max} for this feed",
            feed.url,
            resumed + length.unwrap_or(0)
        ));
    }
    let mut file = OpenOptions::new()
        .create(true)
        .write(true)
        .append(resumed > 0)
        .truncate(resumed == 0)
        .open(&part)
        .map_err(|e| format!("cannot write {}: {e}", part.display()))?;
    match &etag {
        Some(etag) => std::fs::write(&part_tag, etag)
            .map_err(|e| format!("cannot write {}: {e}", part_tag.display()))?,
        None => {
            let _ = std::fs::remove_file(&part_tag);
        }
    }
    let mut body = response
        .into_body()
        .into_with_config()
        .limit(u64::MAX)
        .reader();
    let copied = copy_capped(&mut body, &mut file, max - resumed).map_err(|e| {
        format!(
            "{}: download interrupted ({e}); the next update resumes it",
            feed.url
        )
    })?;
    let Some(copied) = copied else {
        drop(file);
        let _ = std::fs::remove_file(&part);
        let _ = std::fs::remove_file(&part_tag);
        return Err(format!(
            "{}: more than {max} bytes, the limit for this feed; not imported",
            feed.url
        ));
    };
    file.sync_all()
        .map_err(|e| format!("cannot write {}: {e}", part.display()))?;
    drop(file);
    std::fs::rename(&part, &target)
        .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    let _ = std::fs::remove_file(&part_tag);
    Ok(Some(Download {
        path: target,
        bytes: resumed + copied,
        resumed,
        etag,
        last_modified,
    }))
}

/// The first byte of a `Content-Range: bytes START-END/TOTAL`.
fn content_range_start(value: Option<String>) -> Option<u64> {
    let value = value?;
    let range = value.trim().strip_prefix("bytes")?.trim_start();
    range.split('-').next()?.trim().parse().ok()
}

/// Copies at most `limit` bytes; `None` when the source has more.
pub(crate) fn copy_capped(
    from: &mut impl Read,
    to: &mut File,
    limit: u64,
) -> std::io::Result<Option<u64>> {
    let copied = std::io::copy(&mut from.take(limit.saturating_add(1)), to)?;
    to.flush()?;
    Ok((copied <= limit).then_some(copied))
}

/// Checks the download against the feed's published checksum, if it has one.
fn verify(feed: &Feed, path: &Path, options: &UpdateOptions) -> Result<(), String> {
    if let Some(url) = &feed.sha256_url {
        let text = fetch_small(url, options)?;
        let expected = text
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let actual = sha256_of(File::open(path).map_err(|e| e.to_string())?)?;
        if expected != actual {
            return Err(format!(
                "{}: SHA-256 {actual} does not match {expected} from {url}; not imported",
                feed.url
            ));
        }
    }
    if let Some(url) = &feed.meta_url {
        let text = fetch_small(url, options)?;
        let expected = text
            .lines()
            .find_map(|line| line.trim().strip_prefix("sha256:"))
            .map(|hex| hex.trim().to_ascii_lowercase())
            .ok_or_else(|| format!("{url}: no `sha256:` line"))?;
        let file = File::open(path).map_err(|e| e.to_string())?;
        // NVD's .meta gives the SHA-256 of the uncompressed JSON.
        let actual = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
        {
            sha256_of(
                flate2::read::GzDecoder::new(file).take(options.max_bytes.saturating_mul(16)),
            )?
        } else {
            sha256_of(file)?
        };
        if expected != actual {
            return Err(format!(
                "{}: SHA-256 {actual} does not match {expected} from {url}; not imported",
                feed.url
            ));
        }
    }
    Ok(())
}

fn sha256_of(mut reader: impl Read) -> Result<String, String> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 64 * 1024];
    loop {
        let n = reader.read(&mut buffer).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// Lower-case hexadecimal.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

/// A checksum file: at most 64 KiB of text.
pub(crate) fn fetch_small(url: &str, options: &UpdateOptions) -> Result<String, String> {
    let response = agent(options, url)?
        .get(url)
        .call()
        .map_err(|e| format!("{url}: {e}"))?;
    let status = response.status().as_u16();
    if status != 200 {
        return Err(format!("{url}: HTTP {status}"));
    }
    response
        .into_body()
        .into_with_config()
        .limit(64 * 1024)
        .read_to_string()
        .map_err(|e| format!("{url}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_names_stay_inside_the_feed_folder() {
        assert_eq!(file_name("https://x/PyPI/all.zip"), "all.zip");
        assert_eq!(file_name("https://x/a/..%2F..%2Fetc?x=1"), "2F..2Fetc");
        assert_eq!(file_name("https://x/tracker/data/json"), "json");
        assert_eq!(file_name("https://x/"), "download");
        assert_eq!(file_name("https://x/.."), "download");
    }

    #[test]
    fn content_ranges_give_their_start() {
        assert_eq!(
            content_range_start(Some("bytes 100-199/200".to_owned())),
            Some(100)
        );
        assert_eq!(content_range_start(Some("items 1-2/3".to_owned())), None);
        assert_eq!(content_range_start(None), None);
    }
}
