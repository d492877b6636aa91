//! `db update` against a local HTTP server started by each test (never the internet): 200,
//! 304, an interrupted download resumed with 206, checksum mismatches, server errors and
//! oversized bodies.

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use super::test_source::SOURCES;
use super::*;
use crate::model::{Affected, AffectedPackage, Record};

/// One request as the server saw it: path and lower-case headers.
#[derive(Debug, Clone)]
pub(super) struct Seen {
    pub(super) path: String,
    pub(super) headers: HashMap<String, String>,
}

/// What to answer: status, headers, body, and how many body bytes to send before hanging up.
pub(super) struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    cut_after: Option<usize>,
    content_length: bool,
}

impl Reply {
    pub(super) fn new(status: u16, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: body.into(),
            cut_after: None,
            content_length: true,
        }
    }
    pub(super) fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

pub(super) type Handler = dyn Fn(&Seen) -> Reply + Send + Sync;

/// A server on 127.0.0.1 answering every request with `handler`; returns its base URL and
/// the requests it saw.
pub(super) fn serve(handler: Box<Handler>) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let path = line.split_whitespace().nth(1).unwrap_or("").to_owned();
            let mut headers = HashMap::new();
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
                    break;
                }
                if let Some((name, value)) = header.split_once(':') {
                    headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
                }
            }
            let request = Seen { path, headers };
            log.lock().unwrap().push(request.clone());
            let reply = handler(&request);
            let mut head = format!("HTTP/1.1 {} X\r\nConnection: close\r\n", reply.status);
            if reply.content_length {
                head.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
            }
            for (name, value) in &reply.headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes());
            let body = &reply.body[..reply.cut_after.unwrap_or(reply.body.len())];
            let _ = stream.write_all(body);
            let _ = stream.flush();
        }
    });
    (base, seen)
}

fn feed_bytes(ids: &[&str]) -> Vec<u8> {
    let records: Vec<Record> = ids
        .iter()
        .map(|id| {
            Record::Advisory(Box::new(Advisory {
                id: (*id).to_owned(),
                source: "test".to_owned(),
                details: Some("x".repeat(400)),
                affected: vec![Affected::Package(AffectedPackage {
                    ecosystem: "npm".to_owned(),
                    name: "left-pad".to_owned(),
                    ..AffectedPackage::default()
                })],
                ..Advisory::default()
            }))
        })
        .collect();
    serde_json::to_vec(&records).unwrap()
}

fn feed(base: &str) -> Feed {
    Feed {
        name: "test-feed".to_owned(),
        source: None,
        url: format!("{base}/feeds/feed.test.json"),
        sha256_url: None,
        meta_url: None,
        max_bytes: None,
        kind: FeedKind::File,
        api_key: None,
        results_per_page: None,
        openpgp: None,
        openpgp_key_file: None,
    }
}

pub(super) struct Fixture {
    pub(super) _dir: tempfile::TempDir,
    pub(super) index: Index,
    pub(super) options: UpdateOptions,
}

pub(super) fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_write(&dir.path().join("advisories.redb")).unwrap();
    let mut options = UpdateOptions::new(dir.path().join("feeds"));
    options.read_timeout = std::time::Duration::from_secs(10);
    Fixture {
        _dir: dir,
        index,
        options,
    }
}

fn update(fixture: &Fixture, feed: &Feed) -> FeedOutcome {
    update_feed(
        &fixture.index,
        feed,
        &fixture.options,
        &ImportOptions::new(SOURCES),
        &mut |_| {},
    )
    .unwrap()
}

fn held(index: &Index) -> Vec<String> {
    let mut ids: Vec<String> = index
        .advisories(&MatchKey::package("npm", "left-pad"))
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    ids.sort();
    ids
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    super::update::hex(&sha2::Sha256::digest(bytes))
}

#[test]
fn a_changed_feed_is_imported_and_an_unchanged_one_costs_a_304() {
    let body = feed_bytes(&["A-1", "A-2"]);
    let (base, seen) = serve(Box::new(move |request| {
        if request.headers.get("if-none-match").map(String::as_str) == Some("\"v1\"") {
            Reply::new(304, "")
        } else {
            Reply::new(200, body.clone())
                .header("ETag", "\"v1\"")
                .header("Last-Modified", "Wed, 01 May 2024 00:00:00 GMT")
        }
    }));
    let f = fixture();
    let outcome = update(&f, &feed(&base));
    let FeedOutcome::Imported {
        report, resumed, ..
    } = outcome
    else {
        panic!("{outcome:?}")
    };
    assert_eq!((report.records(), resumed), (2, 0));
    let meta = f.index.feed_meta("test-feed").unwrap().unwrap();
    assert_eq!(meta.etag.as_deref(), Some("\"v1\""));
    assert_eq!(meta.origins, [format!("{base}/feeds/feed.test.json")]);
    assert!(
        f.index
            .source_meta("test")
            .unwrap()
            .unwrap()
            .last_update
            .is_some()
    );

    let outcome = update(&f, &feed(&base));
    assert!(matches!(outcome, FeedOutcome::Unchanged), "{outcome:?}");
    let requests = seen.lock().unwrap();
    assert_eq!(requests[1].headers["if-none-match"], "\"v1\"");
    assert_eq!(
        requests[1].headers["if-modified-since"],
        "Wed, 01 May 2024 00:00:00 GMT"
    );
    assert_eq!(held(&f.index), ["A-1", "A-2"]);
}

#[test]
fn an_interrupted_download_resumes_with_a_range_request() {
    let body = feed_bytes(&["R-1", "R-2", "R-3"]);
    let half = body.len() / 2;
    let (base, seen) = serve(Box::new(move |request| {
        match request.headers.get("range") {
            None => {
                let mut reply = Reply::new(200, body.clone()).header("ETag", "\"r\"");
                reply.cut_after = Some(half);
                reply
            }
            Some(range) => {
                let start: usize = range
                    .trim_start_matches("bytes=")
                    .trim_end_matches('-')
                    .parse()
                    .unwrap();
                let total = body.len();
                Reply::new(206, body[start..].to_vec())
                    .header("ETag", "\"r\"")
                    .header(
                        "Content-Range",
                        &format!("bytes {start}-{}/{total}", total - 1),
                    )
            }
        }
    }));
    let f = fixture();
    let outcome = update(&f, &feed(&base));
    let FeedOutcome::Failed(message) = outcome else {
        panic!("{outcome:?}")
    };
    assert!(message.contains("the next update resumes it"), "{message}");
    assert!(held(&f.index).is_empty());

    let outcome = update(&f, &feed(&base));
    let FeedOutcome::Imported {
        report,
        resumed,
        bytes,
        ..
    } = outcome
    else {
        panic!("{outcome:?}")
    };
    assert!(resumed > 0, "nothing was resumed");
    assert_eq!(report.records(), 3);
    let requests = seen.lock().unwrap();
    assert_eq!(requests[1].headers["range"], format!("bytes={resumed}-"));
    assert_eq!(requests[1].headers["if-range"], "\"r\"");
    assert!(bytes > resumed);
    assert_eq!(held(&f.index), ["R-1", "R-2", "R-3"]);
}

#[test]
fn a_checksum_mismatch_imports_nothing_and_keeps_the_index() {
    let good = feed_bytes(&["OLD-1"]);
    let bad = feed_bytes(&["NEW-1"]);
    let good_sum = sha256_hex(&good);
    let serving_bad = Arc::new(Mutex::new(false));
    let flag = Arc::clone(&serving_bad);
    let (base, _) = serve(Box::new(move |request| {
        let bad_now = *flag.lock().unwrap();
        if request.path.ends_with(".sha256") {
            Reply::new(200, format!("{good_sum}  feed.test.json\n"))
        } else if bad_now {
            Reply::new(200, bad.clone())
        } else {
            Reply::new(200, good.clone())
        }
    }));
    let f = fixture();
    let mut checked = feed(&base);
    checked.sha256_url = Some(format!("{base}/feeds/feed.test.json.sha256"));
    assert!(matches!(update(&f, &checked), FeedOutcome::Imported { .. }));
    *serving_bad.lock().unwrap() = true;
    let outcome = update(&f, &checked);
    let FeedOutcome::Failed(message) = outcome else {
        panic!("{outcome:?}")
    };
    assert!(message.contains("does not match"), "{message}");
    assert_eq!(held(&f.index), ["OLD-1"]);
}

#[test]
fn an_nvd_meta_checks_the_uncompressed_content() {
    let json = feed_bytes(&["N-1"]);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&json).unwrap();
    let gz = gz.finish().unwrap();
    let meta = format!(
        "lastModifiedDate:2024-05-01T00:00:00-04:00\r\nsize:{}\r\nsha256:{}\r\n",
        json.len(),
        sha256_hex(&json).to_uppercase()
    );
    let (base, _) = serve(Box::new(move |request| {
        if request.path.contains(".meta") {
            Reply::new(200, meta.clone())
        } else {
            Reply::new(200, gz.clone())
        }
    }));
    let f = fixture();
    let mut nvd = feed(&base);
    nvd.url = format!("{base}/feeds/feed.test.json.gz");
    nvd.meta_url = Some(format!("{base}/feeds/feed.meta"));
    let outcome = update(&f, &nvd);
    assert!(
        matches!(outcome, FeedOutcome::Imported { .. }),
        "{outcome:?}"
    );
    assert_eq!(held(&f.index), ["N-1"]);
}

#[test]
fn a_server_error_fails_the_feed_and_keeps_the_index() {
    let (base, _) = serve(Box::new(|_| Reply::new(503, "busy")));
    let f = fixture();
    f.index
        .write_records(
            "test",
            vec![Record::Advisory(Box::new(Advisory {
                id: "KEEP-1".to_owned(),
                source: "test".to_owned(),
                affected: vec![Affected::Package(AffectedPackage {
                    ecosystem: "npm".to_owned(),
                    name: "left-pad".to_owned(),
                    ..AffectedPackage::default()
                })],
                ..Advisory::default()
            }))],
            &[],
        )
        .unwrap();
    let outcome = update(&f, &feed(&base));
    let FeedOutcome::Failed(message) = outcome else {
        panic!("{outcome:?}")
    };
    assert!(message.ends_with("feed.test.json: HTTP 503"), "{message}");
    assert_eq!(held(&f.index), ["KEEP-1"]);
    assert!(f.index.feed_meta("test-feed").unwrap().is_none());
}

#[test]
fn oversized_bodies_are_refused_whether_announced_or_not() {
    let body = feed_bytes(&["BIG-1", "BIG-2", "BIG-3"]);
    let (base, _) = serve(Box::new(move |request| {
        let mut reply = Reply::new(200, body.clone());
        reply.content_length = !request.path.contains("unannounced");
        reply
    }));
    let f = fixture();
    let mut small = feed(&base);
    small.max_bytes = Some(1000);
    let FeedOutcome::Failed(message) = update(&f, &small) else {
        panic!()
    };
    assert!(message.contains("exceed the limit of 1000"), "{message}");
    small.url = format!("{base}/unannounced/feed.test.json");
    let FeedOutcome::Failed(message) = update(&f, &small) else {
        panic!()
    };
    assert!(message.contains("more than 1000 bytes"), "{message}");
    assert!(held(&f.index).is_empty());
}

/// A CONNECT proxy on 127.0.0.1 that records each request line, then answers the tunnelled
/// request itself with `body` (it never reaches the target).
fn recording_proxy(body: Vec<u8>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let read_head = |reader: &mut BufReader<std::net::TcpStream>| {
                let mut first = String::new();
                let _ = reader.read_line(&mut first);
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
                        break;
                    }
                }
                first.trim().to_owned()
            };
            let connect = read_head(&mut reader);
            log.lock().unwrap().push(connect);
            let _ = stream.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
            let _ = read_head(&mut reader);
            let head = format!(
                "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    (url, seen)
}

#[test]
fn feeds_go_through_the_proxy_unless_no_proxy_names_the_host() {
    let (base, direct) = serve(Box::new(|_| Reply::new(200, feed_bytes(&["D-1"]))));
    let (proxy, tunnelled) = recording_proxy(feed_bytes(&["P-1"]));
    let host = base.trim_start_matches("http://").to_owned();

    let mut f = fixture();
    f.options.proxy = ProxySettings::single(&proxy, Vec::new());
    let outcome = update(&f, &feed(&base));
    assert!(
        matches!(outcome, FeedOutcome::Imported { .. }),
        "{outcome:?}"
    );
    assert_eq!(
        *tunnelled.lock().unwrap(),
        [format!("CONNECT {host} HTTP/1.1")]
    );
    assert!(direct.lock().unwrap().is_empty());
    assert_eq!(held(&f.index), ["P-1"]);

    let mut f = fixture();
    f.options.proxy = ProxySettings::single(&proxy, vec!["127.0.0.1".to_owned()]);
    update(&f, &feed(&base));
    assert_eq!(tunnelled.lock().unwrap().len(), 1);
    assert_eq!(direct.lock().unwrap().len(), 1);
    assert_eq!(held(&f.index), ["D-1"]);
}
