//! `nvd-api` feeds: NVD's CVE API 2.0 (<https://nvd.nist.gov/developers/vulnerabilities>),
//! read page by page.
//!
//! The first update asks for every CVE (`startIndex`/`resultsPerPage`, 2000 a page); each
//! later one asks only for the CVEs modified since the previous one ended
//! (`lastModStartDate`/`lastModEndDate`, split into windows of at most 120 days, NVD's
//! limit). Where that end lies is kept in the feed's entry of the index
//! ([`SourceMeta::modified_until`]) and moved on only when every page was imported, so an
//! interrupted or refused update asks again for the same changes.
//!
//! NVD allows 5 requests in a rolling 30 s window without an API key and 50 with one (sent
//! in the `apiKey` header, never in the URL, so it appears in no message); [`RateLimiter`]
//! keeps to that, and a request refused for load (403, 429, 503) or cut off is tried again
//! after a growing wait (`Retry-After` when the server gives one). Both wait through the
//! options' [`Clock`], so tests do not sleep.
//!
//! Pages are written to the feed's cache folder and imported together in one transaction
//! (the whole update or nothing), then deleted. An update cut off before it has every page
//! (a refused request, a lost connection, the process killed) leaves the pages it has, and a
//! list of them (`pages.json`), in that folder; the next update takes them over and asks
//! only for the rest, as long as they were asked of the same URL, with the same page size,
//! for the same modification window. The first full download is about 150 pages, a quarter
//! of an hour at the keyless rate, so an interruption near its end no longer costs it all.
//! Such an update stores as its end the time the interrupted one began, never later: the
//! pages taken over hold the CVEs as they were then, and what changed since is asked for by
//! the following update.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use super::feeds::{Feed, Secret};
use super::http::{Clock, agent};
use super::import::{ImportEvent, ImportOptions, import_inputs, walk};
use super::store::now;
use super::update::{FeedOutcome, UpdateOptions, file_name};
use super::{Index, IndexError};

/// NVD's largest page, and the default.
const MAX_RESULTS_PER_PAGE: u32 = 2000;
/// NVD's longest `lastModStartDate`–`lastModEndDate` range.
const MAX_WINDOW: SignedDuration = SignedDuration::from_hours(120 * 24);
/// NVD's rate-limit window.
const RATE_WINDOW: SignedDuration = SignedDuration::from_secs(30);
/// Requests per window without and with an API key.
const REQUESTS_WITHOUT_KEY: usize = 5;
const REQUESTS_WITH_KEY: usize = 50;
/// The first retry's wait when the server names none; doubled each time, capped.
const FIRST_BACKOFF: Duration = Duration::from_secs(6);
const MAX_BACKOFF: Duration = Duration::from_mins(2);
/// Pages one window may take (all of NVD is about 150 at 2000 a page): a bound against a
/// server that never stops announcing more.
const MAX_PAGES_PER_WINDOW: usize = 10_000;

/// The part of a response page that paging needs.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageHead {
    total_results: u64,
    #[serde(default)]
    vulnerabilities: Vec<IgnoredAny>,
}

/// Updates the `nvd-api` feed `feed`.
pub(super) fn update(
    index: &Index,
    feed: &Feed,
    options: &UpdateOptions,
    import: &ImportOptions<'_>,
    progress: &mut dyn FnMut(ImportEvent<'_>),
) -> Result<FeedOutcome, IndexError> {
    let meta = index.feed_meta(&feed.name)?.unwrap_or_default();
    // Whole seconds: the stored end is the next start, and NVD takes milliseconds at most.
    let until = Timestamp::from_second(options.clock.now().as_second()).unwrap_or_default();
    let since = meta
        .modified_until
        .as_deref()
        .and_then(|s| s.parse::<Timestamp>().ok());
    let windows: Vec<Option<(Timestamp, Timestamp)>> = match since {
        Some(since) => windows(since, until).into_iter().map(Some).collect(),
        None => vec![None],
    };
    let key = feed.api_key.as_ref().or(options.nvd_api_key.as_ref());
    let mut limiter = RateLimiter::new(if key.is_some() {
        REQUESTS_WITH_KEY
    } else {
        REQUESTS_WITHOUT_KEY
    });
    let per_page = feed.results_per_page.unwrap_or(MAX_RESULTS_PER_PAGE);
    let max = feed.max_bytes.unwrap_or(options.max_bytes);
    let dir = options.cache_dir.join(file_name(&feed.name));
    let fetched = match fetch_pages(
        feed,
        options,
        &dir,
        &windows,
        per_page,
        max,
        key,
        &mut limiter,
        MAX_PAGES_PER_WINDOW,
        until,
    ) {
        Ok(fetched) => fetched,
        Err(message) => return Ok(FeedOutcome::Failed(message)),
    };
    let bytes = fetched.pages.iter().map(|(_, n)| n).sum();
    let paths: Vec<PathBuf> = fetched.pages.iter().map(|(p, _)| p.clone()).collect();
    // Pages taken over from an interrupted update hold NVD as it was when that one began.
    let until = fetched.started.min(until);
    let limits = import.limits;
    let report = {
        let paths = paths.clone();
        import_inputs(
            index,
            move |tx| walk(&paths, &limits, tx),
            std::slice::from_ref(&feed.url),
            import,
            progress,
        )?
    };
    let _ = std::fs::remove_dir_all(&dir);
    let stamp = now();
    let complete = report.refused() == 0;
    index.set_feed_meta(&feed.name, |m| {
        m.last_update = Some(stamp.clone());
        m.origins = vec![feed.url.clone()];
        m.records = report.records() as u64;
        if complete {
            m.modified_until = Some(until.to_string());
        }
    })?;
    super::update::stamp_sources(index, &report, &stamp, &feed.url)?;
    Ok(FeedOutcome::Imported {
        bytes,
        resumed: fetched.resumed,
        report,
        warnings: Vec::new(),
        notes: Vec::new(),
    })
}

/// The pages of one update, in order.
#[derive(Debug)]
pub(super) struct Fetched {
    /// Each page's path and size.
    pub pages: Vec<(PathBuf, u64)>,
    /// Bytes of the pages taken over from an interrupted update.
    pub resumed: u64,
    /// When the update that fetched the first of these pages began.
    pub started: Timestamp,
}

/// The list of the pages in the cache folder, rewritten after each page.
const MANIFEST: &str = "pages.json";
const MANIFEST_SCHEMA: &str = "rampart-nvd-pages/1";
/// A bound on the list's size when it is read back (10,000 pages per window would be about
/// 2 MB).
const MAX_MANIFEST_BYTES: u64 = 16 << 20;

/// What the pages in the cache folder are.
#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    schema: String,
    /// The feed URL they were asked of.
    url: String,
    per_page: u32,
    /// When the update that fetched the first of them began, in Unix seconds.
    started: i64,
    pages: Vec<CachedPage>,
}

/// One page in the cache folder.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct CachedPage {
    /// The `lastMod…` window it was asked for, in Unix seconds; `None` for the full
    /// download.
    window: Option<(i64, i64)>,
    /// Its `startIndex`, the CVEs it holds, and the `totalResults` it announced.
    start: u64,
    count: u64,
    total: u64,
    /// File name in the cache folder, and size.
    file: String,
    bytes: u64,
}

impl Manifest {
    /// The list left in `dir` when it is of `url` paged by `per_page`. An unreadable list
    /// (too large, cut short, another schema) is set aside like one for other questions: it
    /// is only a cache, and every page is then fetched again.
    fn left_in(dir: &std::path::Path, url: &str, per_page: u32) -> Option<Manifest> {
        let bytes = rampart_yaml::read_input_bytes(&dir.join(MANIFEST), MAX_MANIFEST_BYTES).ok()?;
        let manifest: Manifest = serde_json::from_slice(&bytes).ok()?;
        (manifest.schema == MANIFEST_SCHEMA && manifest.url == url && manifest.per_page == per_page)
            .then_some(manifest)
    }

    /// Its pages of `window` that can be taken over: from `startIndex` 0 on without a gap,
    /// each file still there at its recorded size.
    fn reusable(
        &self,
        dir: &std::path::Path,
        window: Option<(Timestamp, Timestamp)>,
    ) -> Vec<CachedPage> {
        let mut out: Vec<CachedPage> = Vec::new();
        let mut next = 0;
        let window = seconds(window);
        for page in self.pages.iter().filter(|p| p.window == window) {
            let intact =
                std::fs::metadata(dir.join(&page.file)).is_ok_and(|m| m.len() == page.bytes);
            if page.start != next || !intact {
                break;
            }
            next += page.count;
            out.push(page.clone());
        }
        out
    }

    /// Writes the list to `dir` whole or not at all (written beside, then renamed).
    fn save(&self, dir: &std::path::Path) -> Result<(), String> {
        let path = dir.join(MANIFEST);
        let partial = dir.join(format!("{MANIFEST}.partial"));
        let bytes = serde_json::to_vec(self).map_err(|e| e.to_string())?;
        std::fs::write(&partial, bytes)
            .and_then(|()| std::fs::rename(&partial, &path))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    }
}

/// A window as the list keeps it (every bound is a whole second: see [`update`]).
fn seconds(window: Option<(Timestamp, Timestamp)>) -> Option<(i64, i64)> {
    window.map(|(from, to)| (from.as_second(), to.as_second()))
}

/// The file name of the page at `start` of `window`: the same page of the same window has
/// the same name in every update, and no two pages of one update share one.
fn page_file(window: Option<(Timestamp, Timestamp)>, start: u64) -> String {
    match window {
        None => format!("page-all-{start:09}.json"),
        Some((from, _)) => format!("page-{}-{start:09}.json", from.as_second()),
    }
}

/// Fetches every page of every window into `dir`, taking over the pages an interrupted
/// update left there for the same questions (see the module's documentation) and dropping
/// the rest. `now` is when this update began. A window that needs more than `max_pages`
/// pages is an error, never a silent cut: the update would otherwise count as complete and
/// move the stored window past CVEs it never fetched.
#[allow(clippy::too_many_arguments)]
pub(super) fn fetch_pages(
    feed: &Feed,
    options: &UpdateOptions,
    dir: &std::path::Path,
    windows: &[Option<(Timestamp, Timestamp)>],
    per_page: u32,
    max: u64,
    key: Option<&Secret>,
    limiter: &mut RateLimiter,
    max_pages: usize,
    now: Timestamp,
) -> Result<Fetched, String> {
    let left = Manifest::left_in(dir, &feed.url, per_page);
    let mut manifest = Manifest {
        schema: MANIFEST_SCHEMA.to_owned(),
        url: feed.url.clone(),
        per_page,
        started: now.as_second(),
        pages: Vec::new(),
    };
    let mut taken_over = Vec::new();
    if let Some(left) = &left {
        taken_over = windows.iter().map(|w| left.reusable(dir, *w)).collect();
        if taken_over.iter().any(|pages| !pages.is_empty()) {
            manifest.started = left.started.min(now.as_second());
        }
    }
    let kept: std::collections::HashSet<String> = taken_over
        .iter()
        .flatten()
        .map(|p| p.file.clone())
        .collect();
    if kept.is_empty() {
        let _ = std::fs::remove_dir_all(dir);
    } else if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name != MANIFEST && !kept.contains(&name) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut pages = Vec::new();
    let mut resumed = 0;
    for (w, window) in windows.iter().enumerate() {
        let mut start = 0u64;
        let mut complete = false;
        let mut asked = 0;
        for page in taken_over.get(w).into_iter().flatten() {
            pages.push((dir.join(&page.file), page.bytes));
            resumed += page.bytes;
            start += page.count;
            asked += 1;
            complete = page.count == 0 || start >= page.total;
            manifest.pages.push(page.clone());
        }
        while !complete && asked < max_pages {
            asked += 1;
            let url = page_url(&feed.url, start, per_page, *window);
            let body = fetch_page(&url, key, options, limiter, max)?;
            let head: PageHead = serde_json::from_slice(&body)
                .map_err(|e| format!("{url}: not an NVD CVE API response ({e})"))?;
            let file = page_file(*window, start);
            let path = dir.join(&file);
            std::fs::write(&path, &body)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            let count = head.vulnerabilities.len() as u64;
            manifest.pages.push(CachedPage {
                window: seconds(*window),
                start,
                count,
                total: head.total_results,
                file,
                bytes: body.len() as u64,
            });
            manifest.save(dir)?;
            pages.push((path, body.len() as u64));
            start += count;
            complete = count == 0 || start >= head.total_results;
        }
        if !complete {
            return Err(format!(
                "{}: still more results after {max_pages} pages of {per_page}; not imported \
                 (raise results_per_page, or check the server)",
                feed.url
            ));
        }
    }
    Ok(Fetched {
        pages,
        resumed,
        started: Timestamp::from_second(manifest.started).unwrap_or(now),
    })
}

/// `[since, until]` in consecutive windows of at most 120 days (one, possibly empty, when
/// `since` is not before `until`).
fn windows(since: Timestamp, until: Timestamp) -> Vec<(Timestamp, Timestamp)> {
    let mut out = Vec::new();
    let mut from = since.min(until);
    loop {
        let to = from.saturating_add(MAX_WINDOW).unwrap_or(until).min(until);
        out.push((from, to));
        if to >= until {
            return out;
        }
        from = to;
    }
}

/// The URL of one page.
fn page_url(
    base: &str,
    start: u64,
    per_page: u32,
    window: Option<(Timestamp, Timestamp)>,
) -> String {
    let separator = if base.contains('?') { '&' } else { '?' };
    let mut url = format!("{base}{separator}resultsPerPage={per_page}&startIndex={start}");
    if let Some((from, to)) = window {
        url.push_str(&format!(
            "&lastModStartDate={}&lastModEndDate={}",
            nvd_date(from),
            nvd_date(to)
        ));
    }
    url
}

/// NVD's date form: `2024-05-01T00:00:00.000Z`.
fn nvd_date(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// What one attempt at a page gave.
enum Attempt {
    Page(Vec<u8>),
    /// Worth trying again: why, and the wait the server asked for.
    Retry(String, Option<Duration>),
    Fail(String),
}

/// One page, tried again on 403, 429, 503 and cut-off transfers.
fn fetch_page(
    url: &str,
    key: Option<&Secret>,
    options: &UpdateOptions,
    limiter: &mut RateLimiter,
    max: u64,
) -> Result<Vec<u8>, String> {
    let mut backoff = FIRST_BACKOFF;
    for attempt in 0..=options.retries {
        limiter.wait(&*options.clock);
        let (why, asked) = match attempt_page(url, key, options, max)? {
            Attempt::Page(body) => return Ok(body),
            Attempt::Fail(message) => return Err(message),
            Attempt::Retry(why, asked) => (why, asked),
        };
        if attempt == options.retries {
            return Err(format!("{why} (gave up after {} attempts)", attempt + 1));
        }
        options
            .clock
            .sleep(asked.unwrap_or(backoff).min(MAX_BACKOFF));
        backoff = backoff.saturating_mul(2);
    }
    unreachable!("the last attempt returns")
}

fn attempt_page(
    url: &str,
    key: Option<&Secret>,
    options: &UpdateOptions,
    max: u64,
) -> Result<Attempt, String> {
    let mut request = agent(options, url)?.get(url);
    if let Some(key) = key {
        request = request.header("apiKey", &key.0);
    }
    let response = match request.call() {
        Ok(response) => response,
        Err(e) => return Ok(Attempt::Retry(format!("{url}: {e}"), None)),
    };
    let status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    // NVD explains refusals in a `message` header.
    let message = header("message").map_or_else(String::new, |m| format!(" ({m})"));
    let retry_after = header("retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    match status {
        200 => {}
        403 | 429 | 503 => {
            return Ok(Attempt::Retry(
                format!("{url}: HTTP {status}{message}"),
                retry_after,
            ));
        }
        _ => return Ok(Attempt::Fail(format!("{url}: HTTP {status}{message}"))),
    }
    match response
        .into_body()
        .into_with_config()
        .limit(max)
        .read_to_vec()
    {
        Ok(body) => Ok(Attempt::Page(body)),
        Err(ureq::Error::BodyExceedsLimit(_)) => Ok(Attempt::Fail(format!(
            "{url}: more than {max} bytes, the limit for this feed; not imported"
        ))),
        Err(e) => Ok(Attempt::Retry(format!("{url}: {e}"), None)),
    }
}

/// At most `max` requests in any 30 s.
#[derive(Debug)]
pub(super) struct RateLimiter {
    max: usize,
    sent: VecDeque<Timestamp>,
}

impl RateLimiter {
    pub(super) fn new(max: usize) -> Self {
        RateLimiter {
            max,
            sent: VecDeque::new(),
        }
    }

    /// Waits until one more request keeps within the limit, and counts it.
    fn wait(&mut self, clock: &dyn Clock) {
        loop {
            let now = clock.now();
            while self
                .sent
                .front()
                .is_some_and(|first| now.duration_since(*first) >= RATE_WINDOW)
            {
                self.sent.pop_front();
            }
            let Some(first) = self.sent.front().filter(|_| self.sent.len() >= self.max) else {
                self.sent.push_back(now);
                return;
            };
            let left = RATE_WINDOW - now.duration_since(*first);
            clock.sleep(Duration::try_from(left).unwrap_or(Duration::from_millis(1)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn long_gaps_are_split_into_windows_of_120_days() {
        let w = windows(at("2024-01-01T00:00:00Z"), at("2024-09-01T00:00:00Z"));
        assert_eq!(w.len(), 3);
        assert_eq!(
            w[0],
            (at("2024-01-01T00:00:00Z"), at("2024-04-30T00:00:00Z"))
        );
        assert_eq!(w[1].0, w[0].1);
        assert_eq!(w[2].1, at("2024-09-01T00:00:00Z"));
        assert!(w.iter().all(|(a, b)| b.duration_since(*a) <= MAX_WINDOW));
        let same = at("2024-01-01T00:00:00Z");
        assert_eq!(windows(same, same), [(same, same)]);
    }

    #[test]
    fn page_urls_carry_paging_and_the_window() {
        assert_eq!(
            page_url("https://nvd/cves/2.0", 4000, 2000, None),
            "https://nvd/cves/2.0?resultsPerPage=2000&startIndex=4000"
        );
        assert_eq!(
            page_url(
                "https://nvd/cves/2.0?noRejected",
                0,
                10,
                Some((at("2024-01-01T00:00:00Z"), at("2024-02-01T12:30:00Z")))
            ),
            "https://nvd/cves/2.0?noRejected&resultsPerPage=10&startIndex=0&lastModStartDate=2024-01-01T00:00:00.000Z&lastModEndDate=2024-02-01T12:30:00.000Z"
        );
    }
}
