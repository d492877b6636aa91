//! OpenPGP checks of `csaf-provider` feeds against a local server: a provider whose metadata
//! lists its key and whose ROLIE feed lists two real CISA advisories, each signed by that key
//! (tests/fixtures/openpgp, made with gpg for these tests). The feed names no hash files, so
//! the signature is the only check a changed document meets.

use std::sync::{Arc, Mutex};

use super::update_tests::{Fixture, Reply, Seen, fixture, serve};
use super::*;

const SIEMENS: &[u8] = include_bytes!("../../tests/fixtures/csaf/siemens-icsa-22-104-08.json");
const SCHNEIDER: &[u8] = include_bytes!("../../tests/fixtures/csaf/schneider-icsa-23-220-01.json");
const SIEMENS_ASC: &[u8] =
    include_bytes!("../../tests/fixtures/openpgp/siemens-icsa-22-104-08.json.asc");
const SIEMENS_IMPOSTOR_ASC: &[u8] =
    include_bytes!("../../tests/fixtures/openpgp/siemens-icsa-22-104-08.json.impostor.asc");
const SCHNEIDER_ASC: &[u8] =
    include_bytes!("../../tests/fixtures/openpgp/schneider-icsa-23-220-01.json.asc");
const PSIRT_KEY: &[u8] = include_bytes!("../../tests/fixtures/openpgp/psirt-key.asc");
const IMPOSTOR_KEY: &[u8] = include_bytes!("../../tests/fixtures/openpgp/impostor-key.asc");
const PSIRT: &str = "F7ED9A9CC73EAB8FC851FB02206714F2894ADAA4";
const IMPOSTOR: &str = "97C1BBB8F9DDBD98B7358DAF52BE819B0D62E67E";

/// What the provider serves; tests change it between runs.
struct Provider {
    /// Whether the metadata lists the key at all.
    lists_key: bool,
    /// The key file served at `/keys/psirt.asc` (`None`: HTTP 500).
    key: Option<&'static [u8]>,
    siemens: Vec<u8>,
    /// `None`: the signature is missing (404).
    siemens_asc: Option<&'static [u8]>,
    /// The Siemens entry's `updated` (also the feed's ETag).
    siemens_updated: String,
}

impl Provider {
    fn good() -> Provider {
        Provider {
            lists_key: true,
            key: Some(PSIRT_KEY),
            siemens: SIEMENS.to_vec(),
            siemens_asc: Some(SIEMENS_ASC),
            siemens_updated: "2022-04-14T00:00:00Z".to_owned(),
        }
    }
}

/// The Siemens document with one character of a product name changed: still a valid CSAF
/// document, which imports unless its signature is checked.
fn tampered() -> Vec<u8> {
    let text = String::from_utf8(SIEMENS.to_vec()).unwrap();
    assert!(text.contains("SCALANCE"));
    text.replacen("SCALANCE", "SCALANCF", 1).into_bytes()
}

fn serve_provider(state: &Arc<Mutex<Provider>>) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let base = Arc::new(Mutex::new(String::new()));
    let base_in = Arc::clone(&base);
    let state = Arc::clone(state);
    let (url, seen) = serve(Box::new(move |request| {
        let base = base_in.lock().unwrap().clone();
        let state = state.lock().unwrap();
        let entry = |name: &str, updated: &str| {
            let url = format!("{base}/csaf/white/{name}");
            serde_json::json!({
                "id": name, "title": name, "updated": updated,
                "link": [{"rel": "self", "href": url}, {"rel": "signature", "href": format!("{url}.asc")}],
                "content": {"type": "application/json", "src": url}
            })
        };
        match request.path.as_str() {
            "/.well-known/csaf/provider-metadata.json" => {
                let keys = if state.lists_key {
                    serde_json::json!([{"fingerprint": PSIRT.to_lowercase(), "url": format!("{base}/keys/psirt.asc")}])
                } else {
                    serde_json::json!([])
                };
                Reply::new(
                    200,
                    serde_json::to_vec(&serde_json::json!({
                        "canonical_url": format!("{base}/.well-known/csaf/provider-metadata.json"),
                        "publisher": {"name": "Example PSIRT", "category": "vendor", "namespace": base},
                        "public_openpgp_keys": keys,
                        "distributions": [{"rolie": {"feeds": [
                            {"summary": "white", "tlp_label": "WHITE", "url": format!("{base}/csaf/feed-white.json")}
                        ]}}]
                    }))
                    .unwrap(),
                )
            }
            "/keys/psirt.asc" => match state.key {
                Some(key) => Reply::new(200, key),
                None => Reply::new(500, ""),
            },
            "/csaf/feed-white.json" => {
                let etag = format!("\"{}\"", state.siemens_updated);
                if request.headers.get("if-none-match") == Some(&etag) {
                    return Reply::new(304, "");
                }
                let body = serde_json::json!({"feed": {"id": "white", "title": "white", "entry": [
                    entry("icsa-22-104-08.json", &state.siemens_updated),
                    entry("icsa-23-220-01.json", "2023-08-08T00:00:00Z"),
                ]}});
                Reply::new(200, serde_json::to_vec(&body).unwrap()).header("ETag", &etag)
            }
            "/csaf/white/icsa-22-104-08.json" => Reply::new(200, state.siemens.clone()),
            "/csaf/white/icsa-22-104-08.json.asc" => match state.siemens_asc {
                Some(asc) => Reply::new(200, asc),
                None => Reply::new(404, ""),
            },
            "/csaf/white/icsa-23-220-01.json" => Reply::new(200, SCHNEIDER),
            "/csaf/white/icsa-23-220-01.json.asc" => Reply::new(200, SCHNEIDER_ASC),
            _ => Reply::new(404, ""),
        }
    }));
    base.lock().unwrap().clone_from(&url);
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

fn run(fixture: &Fixture, feed: &Feed) -> FeedOutcome {
    let sources = registry();
    let mut import = ImportOptions::new(&sources);
    import.forced = crate::source::source("csaf");
    update_feed(&fixture.index, feed, &fixture.options, &import, &mut |_| {}).unwrap()
}

/// The warnings and notes of an import; panics on any other outcome.
fn imported(outcome: FeedOutcome) -> (Vec<String>, Vec<String>) {
    match outcome {
        FeedOutcome::Imported {
            warnings, notes, ..
        } => (warnings, notes),
        other => panic!("{other:?}"),
    }
}

fn held_siemens(index: &Index) -> bool {
    index
        .advisory("csaf", "ICSA-22-104-08/CVE-2022-27481")
        .unwrap()
        .is_some()
}

fn held_schneider(index: &Index) -> bool {
    index
        .advisory("csaf", "ICSA-23-220-01/CVE-2023-4516")
        .unwrap()
        .is_some()
}

/// The `If-None-Match` of the last request for the ROLIE feed.
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
fn documents_signed_by_the_listed_key_are_imported() {
    let state = Arc::new(Mutex::new(Provider::good()));
    let (base, seen) = serve_provider(&state);
    let f = fixture();
    let (warnings, notes) = imported(run(&f, &csaf_feed(&base)));
    assert!(
        warnings.is_empty() && notes.is_empty(),
        "{warnings:?} {notes:?}"
    );
    assert!(held_siemens(&f.index) && held_schneider(&f.index));
    let asked: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|s| s.path.clone())
        .collect();
    assert!(asked.contains(&"/keys/psirt.asc".to_owned()), "{asked:?}");
    assert!(
        asked.contains(&"/csaf/white/icsa-22-104-08.json.asc".to_owned()),
        "{asked:?}"
    );
}

#[test]
fn a_changed_document_is_refused_and_the_feed_state_kept_back() {
    let state = Arc::new(Mutex::new(Provider {
        siemens: tampered(),
        ..Provider::good()
    }));
    let (base, seen) = serve_provider(&state);
    let f = fixture();
    let (warnings, _) = imported(run(&f, &csaf_feed(&base)));
    assert_eq!(
        warnings.len(),
        1,
        "the tampered document was imported: {warnings:?}"
    );
    let warning = &warnings[0];
    let url = format!("{base}/csaf/white/icsa-22-104-08.json");
    assert!(
        warning.starts_with(&format!(
            "{url}: OpenPGP signature {url}.asc: does not verify with key {PSIRT}"
        )) && warning.ends_with("; not imported"),
        "{warning}"
    );
    assert!(!held_siemens(&f.index) && held_schneider(&f.index));

    // The feed's state was not kept: the next run reads it in full and fetches the document
    // again; fixed at the provider, it is imported.
    state.lock().unwrap().siemens = SIEMENS.to_vec();
    let (warnings, _) = imported(run(&f, &csaf_feed(&base)));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(feed_request_etag(&seen), None);
    assert!(held_siemens(&f.index));
}

#[test]
fn a_missing_signature_refuses_under_require_and_notes_under_warn() {
    let state = Arc::new(Mutex::new(Provider {
        siemens_asc: None,
        ..Provider::good()
    }));
    let (base, _) = serve_provider(&state);
    let f = fixture();
    let (warnings, _) = imported(run(&f, &csaf_feed(&base)));
    let url = format!("{base}/csaf/white/icsa-22-104-08.json");
    assert_eq!(
        warnings,
        [format!(
            "{url}: no OpenPGP signature ({url}.asc: HTTP 404); not imported"
        )]
    );
    assert!(!held_siemens(&f.index) && held_schneider(&f.index));

    let warn = Feed {
        openpgp: Some(OpenPgpPolicy::Warn),
        ..csaf_feed(&base)
    };
    let (warnings, notes) = imported(run(&f, &warn));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        notes,
        [format!(
            "{url}: no OpenPGP signature ({url}.asc: HTTP 404); imported anyway (openpgp = \"warn\")"
        )]
    );
    assert!(held_siemens(&f.index));
}

#[test]
fn a_key_whose_fingerprint_is_not_the_listed_one_is_refused() {
    let state = Arc::new(Mutex::new(Provider {
        key: Some(IMPOSTOR_KEY),
        siemens_asc: Some(SIEMENS_IMPOSTOR_ASC),
        ..Provider::good()
    }));
    let (base, _) = serve_provider(&state);
    let f = fixture();
    let FeedOutcome::Failed(message) = run(&f, &csaf_feed(&base)) else {
        panic!("the impostor's key was used");
    };
    assert!(
        message.contains(&format!(
            "{base}/keys/psirt.asc: the key's fingerprint is {IMPOSTOR}, not the listed {PSIRT}; key refused"
        )) && message.ends_with("nothing imported (openpgp = \"off\" imports without checking signatures)"),
        "{message}"
    );
    assert!(!held_siemens(&f.index) && !held_schneider(&f.index));
}

#[test]
fn a_signature_by_another_key_is_refused() {
    let state = Arc::new(Mutex::new(Provider {
        siemens_asc: Some(SIEMENS_IMPOSTOR_ASC),
        ..Provider::good()
    }));
    let (base, _) = serve_provider(&state);
    let f = fixture();
    let (warnings, _) = imported(run(&f, &csaf_feed(&base)));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains(&format!(
            "made by key {IMPOSTOR}, which is not one of the provider's keys ({PSIRT})"
        )),
        "{warnings:?}"
    );
    assert!(!held_siemens(&f.index));
}

#[test]
fn a_key_file_from_the_config_is_used_without_fetching_keys() {
    // The provider lists no key (an air-gapped mirror copies documents, not trust): the
    // user's file is what documents are checked against.
    let state = Arc::new(Mutex::new(Provider {
        lists_key: false,
        key: None,
        ..Provider::good()
    }));
    let (base, seen) = serve_provider(&state);
    let f = fixture();
    let with_file = |file: &str| Feed {
        openpgp_key_file: Some(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/openpgp")
                .join(file),
        ),
        ..csaf_feed(&base)
    };
    // The impostor's key in the file: nothing verifies.
    let (warnings, _) = imported(run(&f, &with_file("impostor-key.asc")));
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(!held_siemens(&f.index) && !held_schneider(&f.index));

    let (warnings, notes) = imported(run(&f, &with_file("psirt-key.asc")));
    assert!(
        warnings.is_empty() && notes.is_empty(),
        "{warnings:?} {notes:?}"
    );
    assert!(held_siemens(&f.index) && held_schneider(&f.index));
    assert!(
        !seen
            .lock()
            .unwrap()
            .iter()
            .any(|s| s.path.starts_with("/keys/"))
    );

    let missing = with_file("no-such-key.asc");
    let FeedOutcome::Failed(message) = run(&f, &missing) else {
        panic!("a missing key file was ignored");
    };
    assert!(
        message.contains("no-such-key.asc: cannot read"),
        "{message}"
    );
}

#[test]
fn the_key_kept_from_an_earlier_update_verifies_when_its_url_is_down() {
    let state = Arc::new(Mutex::new(Provider::good()));
    let (base, _) = serve_provider(&state);
    let f = fixture();
    imported(run(&f, &csaf_feed(&base)));
    assert!(held_siemens(&f.index));

    // The key's URL now fails and the Siemens document changed (re-signed copy, same bytes):
    // it is fetched again and verified with the kept key.
    {
        let mut state = state.lock().unwrap();
        state.key = None;
        state.siemens_updated = "2022-05-01T00:00:00Z".to_owned();
    }
    let (warnings, notes) = imported(run(&f, &csaf_feed(&base)));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        notes,
        [format!(
            "{base}/keys/psirt.asc: HTTP 500; key not used; verifying with the copy of key {PSIRT} kept from an earlier update"
        )]
    );

    // A fresh index has no copy: nothing can be verified, nothing is imported.
    let fresh = fixture();
    let FeedOutcome::Failed(message) = run(&fresh, &csaf_feed(&base)) else {
        panic!("imported without a key");
    };
    assert!(message.contains("HTTP 500; key not used"), "{message}");
}

#[test]
fn a_provider_without_keys_is_noted_once_and_checked_by_hashes_only() {
    let state = Arc::new(Mutex::new(Provider {
        lists_key: false,
        ..Provider::good()
    }));
    let (base, seen) = serve_provider(&state);
    let f = fixture();
    let (warnings, notes) = imported(run(&f, &csaf_feed(&base)));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        notes,
        [format!(
            "{base}/.well-known/csaf/provider-metadata.json: the provider lists no OpenPGP keys (public_openpgp_keys); its documents are checked by their hashes only"
        )]
    );
    assert!(held_siemens(&f.index));
    assert!(
        !seen
            .lock()
            .unwrap()
            .iter()
            .any(|s| s.path.contains(".json.asc"))
    );

    // Asked for explicitly, `require` fails such a provider.
    let require = Feed {
        openpgp: Some(OpenPgpPolicy::Require),
        ..csaf_feed(&base)
    };
    let FeedOutcome::Failed(message) = run(&fixture(), &require) else {
        panic!("require without keys imported");
    };
    assert!(message.contains("lists no OpenPGP keys"), "{message}");
}

#[test]
fn off_fetches_no_signature() {
    let state = Arc::new(Mutex::new(Provider {
        siemens: tampered(),
        ..Provider::good()
    }));
    let (base, seen) = serve_provider(&state);
    let f = fixture();
    let off = Feed {
        openpgp: Some(OpenPgpPolicy::Off),
        ..csaf_feed(&base)
    };
    let (warnings, notes) = imported(run(&f, &off));
    assert!(
        warnings.is_empty() && notes.is_empty(),
        "{warnings:?} {notes:?}"
    );
    assert!(
        !seen
            .lock()
            .unwrap()
            .iter()
            .any(|s| s.path.contains(".json.asc") || s.path.starts_with("/keys/"))
    );
}

#[test]
fn a_revoked_key_is_noted_once_by_its_standing() {
    let state = Arc::new(Mutex::new(Provider {
        lists_key: false,
        key: None,
        ..Provider::good()
    }));
    let (base, _) = serve_provider(&state);
    let f = fixture();
    let feed = Feed {
        openpgp_key_file: Some(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/openpgp/compromised-key.asc"),
        ),
        ..csaf_feed(&base)
    };
    let (warnings, notes) = imported(run(&f, &feed));
    assert_eq!(
        notes,
        [
            "key F920BD1F9AB33167CB86892AD0F87A6C20E28261 was revoked on 2021-01-01 (key compromised: key leaked): no signature it made is trusted"
        ]
    );
    // Each document is still refused on its own (here: signed by another key).
    assert_eq!(warnings.len(), 2, "{warnings:?}");
}
