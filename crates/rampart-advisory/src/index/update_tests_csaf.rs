//! `csaf-provider` feeds against a local server: a provider whose ROLIE feed lists two real
//! CISA advisories (tests/fixtures/csaf), unchanged ones skipped on the next run, hash
//! mismatches reported and not imported, and a directory distribution with `changes.csv`.

use std::sync::{Arc, Mutex};

use sha2::Digest as _;

use super::update_tests::{Fixture, Reply, Seen, fixture, serve};
use super::*;

const SIEMENS: &[u8] = include_bytes!("../../tests/fixtures/csaf/siemens-icsa-22-104-08.json");
const SCHNEIDER: &[u8] = include_bytes!("../../tests/fixtures/csaf/schneider-icsa-23-220-01.json");

fn sha256(bytes: &[u8]) -> String {
    super::update::hex(&sha2::Sha256::digest(bytes))
}

/// What the provider serves; tests change it between runs.
struct Provider {
    siemens_updated: String,
    schneider_updated: String,
    schneider_sha256: String,
}

fn provider(base: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "canonical_url": format!("{base}/.well-known/csaf/provider-metadata.json"),
        "publisher": {"name": "Example PSIRT", "category": "vendor", "namespace": base},
        "distributions": [{"rolie": {"feeds": [
            {"summary": "white", "tlp_label": "WHITE", "url": format!("{base}/csaf/feed-white.json")}
        ]}}]
    }))
    .unwrap()
}

fn entry(base: &str, name: &str, id: &str, updated: &str) -> serde_json::Value {
    let url = format!("{base}/csaf/white/{name}");
    serde_json::json!({
        "id": id,
        "title": id,
        "updated": updated,
        "link": [
            {"rel": "self", "href": url},
            {"rel": "hash", "href": format!("{url}.sha256")},
            {"rel": "signature", "href": format!("{url}.asc")}
        ],
        "content": {"type": "application/json", "src": url}
    })
}

fn serve_provider(state: Arc<Mutex<Provider>>) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let base = Arc::new(Mutex::new(String::new()));
    let base_in = Arc::clone(&base);
    let (url, seen) = serve(Box::new(move |request| {
        let base = base_in.lock().unwrap().clone();
        let state = state.lock().unwrap();
        match request.path.as_str() {
            "/.well-known/csaf/provider-metadata.json" => Reply::new(200, provider(&base)),
            "/csaf/feed-white.json" => {
                // The feed's ETag changes with its entries' dates.
                let etag = format!("\"{}|{}\"", state.siemens_updated, state.schneider_updated);
                if request.headers.get("if-none-match") == Some(&etag) {
                    return Reply::new(304, "");
                }
                Reply::new(
                    200,
                    serde_json::to_vec(&serde_json::json!({"feed": {
                        "id": "example-white", "title": "white",
                        "entry": [
                            entry(&base, "icsa-22-104-08.json", "ICSA-22-104-08", &state.siemens_updated),
                            entry(&base, "icsa-23-220-01.json", "ICSA-23-220-01", &state.schneider_updated),
                        ]
                    }}))
                    .unwrap(),
                )
                .header("ETag", &etag)
            }
            "/csaf/white/icsa-22-104-08.json" => Reply::new(200, SIEMENS).header("ETag", "\"s1\""),
            "/csaf/white/icsa-22-104-08.json.sha256" => {
                Reply::new(200, format!("{}  icsa-22-104-08.json\n", sha256(SIEMENS)))
            }
            "/csaf/white/icsa-23-220-01.json" => {
                if request.headers.get("if-none-match").map(String::as_str) == Some("\"n1\"") {
                    Reply::new(304, "")
                } else {
                    Reply::new(200, SCHNEIDER).header("ETag", "\"n1\"")
                }
            }
            "/csaf/white/icsa-23-220-01.json.sha256" => {
                Reply::new(200, state.schneider_sha256.clone())
            }
            _ => Reply::new(404, ""),
        }
    }));
    *base.lock().unwrap() = url.clone();
    (url, seen)
}

fn csaf_feed(base: &str) -> Feed {
    Feed {
        name: "example-csaf".to_owned(),
        source: Some("csaf".to_owned()),
        url: format!("{base}/.well-known/csaf/provider-metadata.json"),
        sha256_url: None,
        meta_url: None,
        max_bytes: None,
        kind: FeedKind::CsafProvider,
        api_key: None,
        results_per_page: None,
        openpgp: None,
        openpgp_key_file: None,
    }
}

fn run(fixture: &Fixture, feed: &Feed) -> (ImportReport, Vec<String>) {
    let sources = registry();
    let mut import = ImportOptions::new(&sources);
    import.forced = crate::source::source("csaf");
    match update_feed(&fixture.index, feed, &fixture.options, &import, &mut |_| {}).unwrap() {
        FeedOutcome::Imported {
            report, warnings, ..
        } => (report, warnings),
        other => panic!("{other:?}"),
    }
}

fn paths(seen: &Arc<Mutex<Vec<Seen>>>) -> Vec<String> {
    seen.lock()
        .unwrap()
        .iter()
        .map(|s| s.path.clone())
        .collect()
}

/// Whether the index holds the CSAF advisory `TRACKING-ID/CVE`.
fn held(index: &Index, id: &str) -> bool {
    index.advisory("csaf", id).unwrap().is_some()
}

#[test]
fn a_rolie_feed_is_followed_and_unchanged_documents_are_skipped() {
    let state = Arc::new(Mutex::new(Provider {
        siemens_updated: "2022-04-14T00:00:00Z".to_owned(),
        schneider_updated: "2023-08-08T00:00:00Z".to_owned(),
        schneider_sha256: sha256(SCHNEIDER),
    }));
    let (base, seen) = serve_provider(Arc::clone(&state));
    let f = fixture();
    let (report, warnings) = run(&f, &csaf_feed(&base));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(report.files.len(), 2);
    assert_eq!(report.records(), 3);
    assert!(
        held(&f.index, "ICSA-22-104-08/CVE-2022-27481")
            && held(&f.index, "ICSA-23-220-01/CVE-2023-4516")
    );
    assert!(
        f.index
            .source_meta("csaf")
            .unwrap()
            .unwrap()
            .last_update
            .is_some()
    );

    // Next run: the Siemens entry has the same date (not requested at all); the Schneider
    // one moved, is asked for conditionally and the server says it did not change.
    state.lock().unwrap().schneider_updated = "2023-09-01T00:00:00Z".to_owned();
    seen.lock().unwrap().clear();
    let (report, warnings) = run(&f, &csaf_feed(&base));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(report.files.is_empty(), "{:?}", report.files);
    let asked = paths(&seen);
    assert!(
        !asked.iter().any(|p| p.contains("icsa-22-104-08")),
        "{asked:?}"
    );
    assert!(
        asked.iter().any(|p| p == "/csaf/white/icsa-23-220-01.json"),
        "{asked:?}"
    );
    let last = seen.lock().unwrap().last().cloned().unwrap();
    assert_eq!(
        last.headers.get("if-none-match").map(String::as_str),
        Some("\"n1\"")
    );

    // A third run asks for the feed conditionally, hears it is unchanged (304), and asks
    // for neither document.
    seen.lock().unwrap().clear();
    run(&f, &csaf_feed(&base));
    assert!(!paths(&seen).iter().any(|p| p.starts_with("/csaf/white/")));
    assert_eq!(
        feed_request_etag(&seen).as_deref(),
        Some("\"2022-04-14T00:00:00Z|2023-09-01T00:00:00Z\"")
    );
}

/// The `If-None-Match` of the (last) request for the ROLIE feed.
fn feed_request_etag(seen: &Arc<Mutex<Vec<Seen>>>) -> Option<String> {
    let seen = seen.lock().unwrap();
    let request = seen
        .iter()
        .rev()
        .find(|s| s.path == "/csaf/feed-white.json")
        .expect("the feed was requested");
    request.headers.get("if-none-match").cloned()
}

#[test]
fn a_hash_mismatch_is_reported_with_its_url_and_not_imported() {
    let state = Arc::new(Mutex::new(Provider {
        siemens_updated: "2022-04-14T00:00:00Z".to_owned(),
        schneider_updated: "2023-08-08T00:00:00Z".to_owned(),
        schneider_sha256: format!("{}  icsa-23-220-01.json\n", "0".repeat(64)),
    }));
    let (base, seen) = serve_provider(Arc::clone(&state));
    let f = fixture();
    let (report, warnings) = run(&f, &csaf_feed(&base));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let warning = &warnings[0];
    assert!(
        warning.starts_with(&format!("{base}/csaf/white/icsa-23-220-01.json: ")),
        "{warning}"
    );
    assert!(
        warning.contains("SHA-256") && warning.ends_with("not imported"),
        "{warning}"
    );
    assert_eq!(report.files.len(), 1);
    assert!(!held(&f.index, "ICSA-23-220-01/CVE-2023-3001"));
    assert!(held(&f.index, "ICSA-22-104-08/CVE-2022-27481"));

    // Fixed at the provider, the feed unchanged: the next run reads the feed in full (its
    // state was not kept while one of its documents failed) and fetches the document again
    // (no state was kept for it either).
    state.lock().unwrap().schneider_sha256 = sha256(SCHNEIDER);
    seen.lock().unwrap().clear();
    let (report, warnings) = run(&f, &csaf_feed(&base));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(feed_request_etag(&seen), None);
    assert_eq!(report.files.len(), 1);
    assert!(held(&f.index, "ICSA-23-220-01/CVE-2023-3001"));

    // All settled now: the feed's state is kept, and the next run asks conditionally.
    seen.lock().unwrap().clear();
    run(&f, &csaf_feed(&base));
    assert!(feed_request_etag(&seen).is_some());
}

#[test]
fn a_directory_distribution_is_read_from_changes_csv() {
    let (base, seen) = serve(Box::new(|request| match request.path.as_str() {
        "/white/changes.csv" => Reply::new(
            200,
            "\"2022/icsa-22-104-08.json\",\"2022-04-14T00:00:00Z\"\n\"../etc/passwd\",\"2022-01-01T00:00:00Z\"\n",
        ),
        "/white/2022/icsa-22-104-08.json" => Reply::new(200, SIEMENS),
        "/white/2022/icsa-22-104-08.json.sha512" => {
            Reply::new(200, super::update::hex(&sha2::Sha512::digest(SIEMENS)))
        }
        _ => Reply::new(404, ""),
    }));
    // The metadata names the directory by absolute URL: a second server serves it, naming
    // the first.
    let f = fixture();
    let (rebased, _) = serve(Box::new({
        let base = base.clone();
        move |request| {
            let host = base.trim_start_matches("http://").to_owned();
            let body = format!(
                r#"{{"canonical_url": "https://x/pm.json", "publisher": {{"name": "P"}},
                    "distributions": [{{"directory_url": "http://{host}/white/"}}]}}"#
            );
            assert_eq!(request.path, "/pm.json");
            Reply::new(200, body)
        }
    }));
    let mut feed = csaf_feed(&rebased);
    feed.url = format!("{rebased}/pm.json");
    let (report, warnings) = run(&f, &feed);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(report.files.len(), 1);
    assert!(held(&f.index, "ICSA-22-104-08/CVE-2022-27481"));
    let asked = paths(&seen);
    assert!(asked.contains(&"/white/2022/icsa-22-104-08.json.sha512".to_owned()));
    assert!(!asked.iter().any(|p| p.contains("passwd")), "{asked:?}");
}

/// Built without OpenPGP support, a feed that requires signatures imports nothing.
#[cfg(not(feature = "openpgp"))]
#[test]
fn without_openpgp_support_require_imports_nothing() {
    let state = Arc::new(Mutex::new(Provider {
        siemens_updated: "2022-04-14T00:00:00Z".to_owned(),
        schneider_updated: "2023-08-08T00:00:00Z".to_owned(),
        schneider_sha256: sha256(SCHNEIDER),
    }));
    let (base, _) = serve_provider(Arc::clone(&state));
    let f = fixture();
    let feed = Feed {
        openpgp: Some(OpenPgpPolicy::Require),
        ..csaf_feed(&base)
    };
    let sources = registry();
    let import = ImportOptions::new(&sources);
    let outcome = update_feed(&f.index, &feed, &f.options, &import, &mut |_| {}).unwrap();
    let FeedOutcome::Failed(message) = outcome else {
        panic!("{outcome:?}");
    };
    assert!(message.contains("no OpenPGP support"), "{message}");
    assert!(!held(&f.index, "ICSA-22-104-08/CVE-2022-27481"));
}
