//! `rampart db update --feeds FILE`: the feeds file parser never panics, and what it accepts
//! names only http(s) URLs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_advisory::index::FeedConfig;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(config) = FeedConfig::parse(text, "feeds.toml") {
        for feed in &config.feeds {
            assert!(feed.url.starts_with("http://") || feed.url.starts_with("https://"));
        }
    }
});
