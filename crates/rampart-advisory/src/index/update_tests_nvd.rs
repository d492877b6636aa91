//! `nvd-api` feeds against a local server (never NVD): paging, the incremental window kept
//! in the index, the `apiKey` header, the rate limit and retries, with a clock that only
//! pretends to sleep.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::Timestamp;

use super::update_tests::{Fixture, Reply, Seen, fixture, serve};
use super::*;

/// A clock that stands still until slept on; records every sleep.
#[derive(Debug)]
struct FakeClock {
    now: Mutex<Timestamp>,
    sleeps: Mutex<Vec<Duration>>,
}

impl FakeClock {
    fn at(now: &str) -> Arc<FakeClock> {
        Arc::new(FakeClock {
            now: Mutex::new(now.parse().unwrap()),
            sleeps: Mutex::new(Vec::new()),
        })
    }
    fn advance(&self, by: jiff::SignedDuration) {
        let mut now = self.now.lock().unwrap();
        *now = now.checked_add(by).unwrap();
    }
    fn sleeps(&self) -> Vec<Duration> {
        self.sleeps.lock().unwrap().clone()
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Timestamp {
        *self.now.lock().unwrap()
    }
    fn sleep(&self, duration: Duration) {
        self.sleeps.lock().unwrap().push(duration);
        let mut now = self.now.lock().unwrap();
        *now = now
            .checked_add(jiff::SignedDuration::try_from(duration).unwrap())
            .unwrap();
    }
}

/// The query parameters of a request path.
fn query(seen: &Seen) -> HashMap<String, String> {
    seen.path
        .split_once('?')
        .map_or("", |(_, q)| q)
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// An API response page holding CVE-2024-`n` for each `n` of `numbers`.
fn page(total: usize, start: usize, numbers: &[usize]) -> Vec<u8> {
    let vulnerabilities: Vec<serde_json::Value> = numbers
        .iter()
        .map(|n| {
            serde_json::json!({"cve": {
                "id": format!("CVE-2024-{n:04}"),
                "published": "2024-01-01T00:00:00.000",
                "lastModified": "2024-01-02T00:00:00.000",
                "vulnStatus": "Analyzed",
                "descriptions": [{"lang": "en", "value": "A flaw in a widget."}]
            }})
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "resultsPerPage": numbers.len(),
        "startIndex": start,
        "totalResults": total,
        "format": "NVD_CVE",
        "version": "2.0",
        "timestamp": "2024-06-01T00:00:00.000",
        "vulnerabilities": vulnerabilities
    }))
    .unwrap()
}

/// A server holding CVE-2024-0000 … `total - 1`, paged as asked.
fn paging_server(total: usize) -> (String, Arc<Mutex<Vec<Seen>>>) {
    serve(Box::new(move |request| {
        let q = query(request);
        let start: usize = q["startIndex"].parse().unwrap();
        let per: usize = q["resultsPerPage"].parse().unwrap();
        let numbers: Vec<usize> = (start..total.min(start + per)).collect();
        Reply::new(200, page(total, start, &numbers))
    }))
}

fn nvd_feed(base: &str, per_page: u32) -> Feed {
    Feed {
        name: "nvd".to_owned(),
        source: Some("nvd".to_owned()),
        url: format!("{base}/rest/json/cves/2.0"),
        sha256_url: None,
        meta_url: None,
        max_bytes: None,
        kind: FeedKind::NvdApi,
        api_key: None,
        results_per_page: Some(per_page),
        openpgp: None,
        openpgp_key_file: None,
    }
}

fn run(fixture: &Fixture, feed: &Feed) -> FeedOutcome {
    let sources = registry();
    let mut import = ImportOptions::new(&sources);
    import.forced = crate::source::source("nvd");
    update_feed(&fixture.index, feed, &fixture.options, &import, &mut |_| {}).unwrap()
}

fn with_clock(clock: &Arc<FakeClock>) -> Fixture {
    let mut f = fixture();
    f.options.clock = Arc::clone(clock) as Arc<dyn Clock>;
    f
}

fn imported(outcome: &FeedOutcome) -> usize {
    match outcome {
        FeedOutcome::Imported { report, .. } => report.records(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_api_is_read_page_by_page_then_only_for_what_changed_since() {
    let clock = FakeClock::at("2024-06-01T00:00:00Z");
    let f = with_clock(&clock);
    let (base, seen) = paging_server(5);
    let feed = nvd_feed(&base, 2);
    assert_eq!(imported(&run(&f, &feed)), 5);
    let starts: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|s| query(s)["startIndex"].clone())
        .collect();
    assert_eq!(starts, ["0", "2", "4"]);
    assert!(
        seen.lock()
            .unwrap()
            .iter()
            .all(|s| !s.path.contains("lastMod"))
    );
    let meta = f.index.feed_meta("nvd").unwrap().unwrap();
    assert_eq!(meta.modified_until.as_deref(), Some("2024-06-01T00:00:00Z"));
    assert!(
        f.index
            .source_meta("nvd")
            .unwrap()
            .unwrap()
            .last_update
            .is_some()
    );

    // 200 days later: only the changes since, in two windows of at most 120 days.
    clock.advance(jiff::SignedDuration::from_hours(200 * 24));
    seen.lock().unwrap().clear();
    run(&f, &feed);
    let windows: Vec<(String, String)> = seen
        .lock()
        .unwrap()
        .iter()
        .filter(|s| query(s)["startIndex"] == "0")
        .map(|s| {
            let q = query(s);
            (q["lastModStartDate"].clone(), q["lastModEndDate"].clone())
        })
        .collect();
    assert_eq!(
        windows,
        [
            (
                "2024-06-01T00:00:00.000Z".to_owned(),
                "2024-09-29T00:00:00.000Z".to_owned()
            ),
            (
                "2024-09-29T00:00:00.000Z".to_owned(),
                "2024-12-18T00:00:00.000Z".to_owned()
            ),
        ]
    );
    let meta = f.index.feed_meta("nvd").unwrap().unwrap();
    assert_eq!(meta.modified_until.as_deref(), Some("2024-12-18T00:00:00Z"));
}

#[test]
fn a_failed_update_keeps_the_window_for_the_next_one() {
    let clock = FakeClock::at("2024-06-01T00:00:00Z");
    let f = with_clock(&clock);
    let (base, _) = paging_server(3);
    let feed = nvd_feed(&base, 2);
    run(&f, &feed);
    clock.advance(jiff::SignedDuration::from_hours(24));
    let (broken, _) = serve(Box::new(|_| Reply::new(500, "")));
    let outcome = run(&f, &nvd_feed(&broken, 2));
    assert!(matches!(&outcome, FeedOutcome::Failed(m) if m.contains("HTTP 500")));
    let meta = f.index.feed_meta("nvd").unwrap().unwrap();
    assert_eq!(meta.modified_until.as_deref(), Some("2024-06-01T00:00:00Z"));
}

#[test]
fn the_api_key_goes_in_a_header_and_nowhere_else() {
    let clock = FakeClock::at("2024-06-01T00:00:00Z");
    let mut f = with_clock(&clock);
    f.options.nvd_api_key = Some(Secret("key-0123-secret".to_owned()));
    let (base, seen) = paging_server(1);
    let feed = nvd_feed(&base, 2);
    let outcome = run(&f, &feed);
    assert_eq!(imported(&outcome), 1);
    let request = seen.lock().unwrap()[0].clone();
    assert_eq!(
        request.headers.get("apikey").map(String::as_str),
        Some("key-0123-secret")
    );
    assert!(!request.path.contains("secret"));
    assert!(!format!("{:?}", f.options).contains("secret"));

    // A refusal names the URL and NVD's message, not the key.
    let (refusing, _) = serve(Box::new(|_| {
        Reply::new(404, "").header("message", "Invalid apiKey")
    }));
    let mut feed = nvd_feed(&refusing, 2);
    feed.api_key = Some(Secret("key-from-config-secret".to_owned()));
    let outcome = run(&f, &feed);
    let FeedOutcome::Failed(message) = &outcome else {
        panic!("{outcome:?}")
    };
    assert!(message.contains("HTTP 404 (Invalid apiKey)"), "{message}");
    assert!(!format!("{outcome:?}{feed:?}").contains("secret"));
}

#[test]
fn without_a_key_five_requests_fit_in_30_seconds_and_fifty_with_one() {
    let clock = FakeClock::at("2024-06-01T00:00:00Z");
    let f = with_clock(&clock);
    let (base, seen) = paging_server(7);
    assert_eq!(imported(&run(&f, &nvd_feed(&base, 1))), 7);
    assert_eq!(seen.lock().unwrap().len(), 7);
    assert_eq!(clock.sleeps(), [Duration::from_secs(30)]);

    let clock = FakeClock::at("2024-06-01T00:00:00Z");
    let mut f = with_clock(&clock);
    f.options.nvd_api_key = Some(Secret("k".to_owned()));
    let (base, _) = paging_server(7);
    assert_eq!(imported(&run(&f, &nvd_feed(&base, 1))), 7);
    assert_eq!(clock.sleeps(), []);
}

#[test]
fn a_503_is_retried_after_a_back_off_and_retry_after_is_honoured() {
    let clock = FakeClock::at("2024-06-01T00:00:00Z");
    let f = with_clock(&clock);
    let calls = Arc::new(Mutex::new(0));
    let counter = Arc::clone(&calls);
    let (base, _) = serve(Box::new(move |_| {
        let mut n = counter.lock().unwrap();
        *n += 1;
        match *n {
            1 => Reply::new(503, ""),
            2 => Reply::new(403, "").header("Retry-After", "2"),
            _ => Reply::new(200, page(1, 0, &[7])),
        }
    }));
    assert_eq!(imported(&run(&f, &nvd_feed(&base, 2))), 1);
    assert_eq!(
        clock.sleeps(),
        [Duration::from_secs(6), Duration::from_secs(2)]
    );

    let clock = FakeClock::at("2024-06-01T00:00:00Z");
    let mut f = with_clock(&clock);
    f.options.retries = 2;
    let (base, seen) = serve(Box::new(|_| Reply::new(503, "")));
    let outcome = run(&f, &nvd_feed(&base, 2));
    let FeedOutcome::Failed(message) = &outcome else {
        panic!("{outcome:?}")
    };
    assert!(
        message.contains("HTTP 503 (gave up after 3 attempts)"),
        "{message}"
    );
    assert_eq!(seen.lock().unwrap().len(), 3);
    assert_eq!(
        clock.sleeps(),
        [Duration::from_secs(6), Duration::from_secs(12)]
    );
    assert!(f.index.feed_meta("nvd").unwrap().is_none());
}

/// Every page of the full download (no window), 2 a page, into `dir`, as of the fixture's
/// clock.
fn fetch_all_pages(
    f: &Fixture,
    feed: &Feed,
    dir: &std::path::Path,
    limiter: &mut super::nvd_api::RateLimiter,
    max_pages: usize,
) -> Result<super::nvd_api::Fetched, String> {
    super::nvd_api::fetch_pages(
        feed,
        &f.options,
        dir,
        &[None],
        2,
        1 << 20,
        None,
        limiter,
        max_pages,
        f.options.clock.now(),
    )
}

#[test]
fn a_window_that_needs_more_pages_than_the_cap_is_an_error_not_a_silent_cut() {
    let (base, seen) = paging_server(10);
    let feed = nvd_feed(&base, 2);
    let clock = FakeClock::at("2026-12-01T00:00:00Z");
    let fixture = with_clock(&clock);
    let dir = fixture.options.cache_dir.join("nvd-pages");
    let mut limiter = super::nvd_api::RateLimiter::new(50);
    let fetch = |max_pages, limiter: &mut super::nvd_api::RateLimiter| {
        fetch_all_pages(&fixture, &feed, &dir, limiter, max_pages)
    };
    // 10 CVEs at 2 a page need 5 pages: 3 are not enough, and that is said.
    let err = fetch(3, &mut limiter).unwrap_err();
    assert!(
        err.contains("still more results after 3 pages of 2"),
        "{err}"
    );
    assert!(err.contains(&feed.url), "{err}");
    assert_eq!(seen.lock().unwrap().len(), 3);
    // With room for them, all 5 pages are fetched.
    assert_eq!(fetch(5, &mut limiter).unwrap().pages.len(), 5);
}

/// A paging server (`total` CVEs) that refuses (HTTP 500, not retried) the page at
/// `failing` the first time it is asked for.
fn flaky_server(total: usize, failing: usize) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let refused = Arc::new(Mutex::new(false));
    serve(Box::new(move |request| {
        let q = query(request);
        let start: usize = q["startIndex"].parse().unwrap();
        let per: usize = q["resultsPerPage"].parse().unwrap();
        let mut refused = refused.lock().unwrap();
        if start == failing && !*refused {
            *refused = true;
            return Reply::new(500, "");
        }
        let numbers: Vec<usize> = (start..total.min(start + per)).collect();
        Reply::new(200, page(total, start, &numbers))
    }))
}

fn starts(seen: &Arc<Mutex<Vec<Seen>>>) -> Vec<String> {
    seen.lock()
        .unwrap()
        .iter()
        .map(|s| query(s)["startIndex"].clone())
        .collect()
}

#[test]
fn an_interrupted_update_goes_on_from_the_pages_it_left() {
    let clock = FakeClock::at("2024-06-01T00:00:00Z");
    let f = with_clock(&clock);
    let (base, seen) = flaky_server(7, 4);
    let feed = nvd_feed(&base, 2);
    let outcome = run(&f, &feed);
    assert!(matches!(&outcome, FeedOutcome::Failed(m) if m.contains("HTTP 500")));
    assert_eq!(starts(&seen), ["0", "2", "4"]);
    seen.lock().unwrap().clear();

    clock.advance(jiff::SignedDuration::from_hours(1));
    let outcome = run(&f, &feed);
    assert_eq!(imported(&outcome), 7);
    // Only the pages it did not have.
    assert_eq!(starts(&seen), ["4", "6"]);
    let FeedOutcome::Imported { resumed, bytes, .. } = outcome else {
        unreachable!()
    };
    assert!(resumed > 0 && resumed < bytes, "{resumed} of {bytes}");
    // The end stored is when the interrupted update began: its pages are of that time.
    let meta = f.index.feed_meta("nvd").unwrap().unwrap();
    assert_eq!(meta.modified_until.as_deref(), Some("2024-06-01T00:00:00Z"));
    // Nothing is left to take over once imported.
    seen.lock().unwrap().clear();
    clock.advance(jiff::SignedDuration::from_hours(1));
    run(&f, &feed);
    assert!(
        seen.lock()
            .unwrap()
            .iter()
            .all(|s| s.path.contains("lastModStartDate=2024-06-01T00:00:00.000Z"))
    );
}

#[test]
fn pages_asked_with_another_page_size_are_not_taken_over() {
    let clock = FakeClock::at("2024-06-01T00:00:00Z");
    let f = with_clock(&clock);
    let (base, seen) = flaky_server(7, 4);
    assert!(matches!(
        run(&f, &nvd_feed(&base, 2)),
        FeedOutcome::Failed(_)
    ));
    seen.lock().unwrap().clear();
    let outcome = run(&f, &nvd_feed(&base, 3));
    assert_eq!(imported(&outcome), 7);
    assert_eq!(starts(&seen), ["0", "3", "6"]);
    assert!(matches!(outcome, FeedOutcome::Imported { resumed: 0, .. }));
}

#[test]
fn a_damaged_page_list_is_set_aside_and_every_page_asked_again() {
    let clock = FakeClock::at("2024-06-01T00:00:00Z");
    let f = with_clock(&clock);
    let (base, seen) = flaky_server(5, 4);
    let feed = nvd_feed(&base, 2);
    assert!(matches!(run(&f, &feed), FeedOutcome::Failed(_)));
    let dir = f
        .options
        .cache_dir
        .join(super::update::file_name(&feed.name));
    let list = dir.join("pages.json");
    assert!(list.exists(), "{}", list.display());
    std::fs::write(&list, b"{\"schema\": \"rampart-nvd-pages/1\", \"url\": ").unwrap();
    let mut limiter = super::nvd_api::RateLimiter::new(50);
    let fetched = fetch_all_pages(&f, &feed, &dir, &mut limiter, 10).unwrap();
    assert_eq!(starts(&seen)[3..], ["0", "2", "4"]);
    assert_eq!(fetched.resumed, 0);
    assert_eq!(fetched.pages.len(), 3);
}

#[test]
fn a_page_file_gone_missing_is_asked_for_again_with_those_after_it() {
    let clock = FakeClock::at("2024-06-01T00:00:00Z");
    let f = with_clock(&clock);
    let (base, seen) = flaky_server(7, 6);
    let feed = nvd_feed(&base, 2);
    assert!(matches!(run(&f, &feed), FeedOutcome::Failed(_)));
    let dir = f
        .options
        .cache_dir
        .join(super::update::file_name(&feed.name));
    std::fs::remove_file(dir.join("page-all-000000002.json")).unwrap();
    seen.lock().unwrap().clear();
    assert_eq!(imported(&run(&f, &feed)), 7);
    assert_eq!(starts(&seen), ["2", "4", "6"]);
}
