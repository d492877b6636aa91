//! Which feeds `rampart db update` downloads: a TOML file (`feeds.toml`) or the defaults.
//!
//! ```toml
//! [[feed]]
//! name = "kev"                 # unique; names the cached download and the ETag kept for it
//! source = "kev"               # the source that reads it (else detected from the file)
//! url = "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json"
//! sha256_url = "https://…/file.sha256"   # optional: `HEX [name]`, SHA-256 of the download
//! meta_url = "https://…/file.meta"       # optional: NVD `.meta`, `sha256:HEX` of the
//!                                        # uncompressed content
//! max_bytes = 1073741824       # optional: refuse larger downloads (default 1 GiB)
//! ```

use serde::Deserialize;

use crate::source::problem;
use rampart_yaml::Problem;

/// One downloadable feed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Feed {
    /// Unique name (`osv-pypi`, `kev`).
    pub name: String,
    /// The source that reads the download; detected from the file when absent.
    pub source: Option<String>,
    /// Where to download it (http or https).
    pub url: String,
    /// A file holding the SHA-256 of the download (`HEX` or `HEX  name`).
    pub sha256_url: Option<String>,
    /// An NVD-style `.meta` file whose `sha256:` line is the SHA-256 of the uncompressed content.
    pub meta_url: Option<String>,
    /// Largest download accepted, in bytes.
    pub max_bytes: Option<u64>,
}

/// The feeds file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedConfig {
    /// The feeds, downloaded in this order.
    #[serde(rename = "feed", default)]
    pub feeds: Vec<Feed>,
}

/// The OSV ecosystems whose `all.zip` the defaults download.
const DEFAULT_OSV_ECOSYSTEMS: &[&str] = &[
    "Debian",
    "Ubuntu",
    "Alpine",
    "PyPI",
    "npm",
    "Maven",
    "Go",
    "crates.io",
    "NuGet",
    "RubyGems",
    "Packagist",
];

/// The JSON Schema of the feeds file (`rampart schema feeds`), derived from the types the
/// parser reads, so the two cannot drift. The file is TOML; the schema describes its data.
pub fn schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .with(|s| s.inline_subschemas = true)
        .into_generator();
    let mut schema = generator.into_root_schema_for::<FeedConfig>();
    schema.insert(
        "$id".to_owned(),
        serde_json::json!("https://github.com/rampart-iacs/rampart/schemas/feeds.json"),
    );
    schema.to_value()
}

impl FeedConfig {
    /// The default feeds (docs/advisory-index.md): OSV `all.zip` of common ecosystems, CISA
    /// KEV, FIRST EPSS, the Debian security tracker and NVD's CVE API 2.0 "modified" feed
    /// with its `.meta` checksum.
    pub fn defaults() -> FeedConfig {
        let mut feeds: Vec<Feed> = DEFAULT_OSV_ECOSYSTEMS
            .iter()
            .map(|ecosystem| Feed {
                name: format!("osv-{}", ecosystem.to_ascii_lowercase()),
                source: Some("osv".to_owned()),
                url: format!(
                    "https://osv-vulnerabilities.storage.googleapis.com/{ecosystem}/all.zip"
                ),
                sha256_url: None,
                meta_url: None,
                max_bytes: None,
            })
            .collect();
        let plain = |name: &str, source: &str, url: &str, meta: Option<&str>| Feed {
            name: name.to_owned(),
            source: Some(source.to_owned()),
            url: url.to_owned(),
            sha256_url: None,
            meta_url: meta.map(str::to_owned),
            max_bytes: None,
        };
        feeds.extend([
            plain(
                "kev",
                "kev",
                "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json",
                None,
            ),
            plain(
                "epss",
                "epss",
                "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz",
                None,
            ),
            plain(
                "debian-tracker",
                "debian-tracker",
                "https://security-tracker.debian.org/tracker/data/json",
                None,
            ),
            plain(
                "nvd-modified",
                "nvd",
                "https://nvd.nist.gov/feeds/json/cve/2.0/nvdcve-2.0-modified.json.gz",
                Some("https://nvd.nist.gov/feeds/json/cve/2.0/nvdcve-2.0-modified.meta"),
            ),
        ]);
        FeedConfig { feeds }
    }

    /// Reads a feeds file's text; `file` names it in problems.
    pub fn parse(text: &str, file: &str) -> Result<FeedConfig, Problem> {
        let config: FeedConfig = toml::from_str(text).map_err(|e| {
            let (line, col) = e.span().map_or((0, 0), |span| line_col(text, span.start));
            problem(file, line, col, e.message().to_owned())
        })?;
        let mut names = std::collections::HashSet::new();
        for feed in &config.feeds {
            if !names.insert(feed.name.as_str()) {
                return Err(problem(
                    file,
                    0,
                    0,
                    format!("feed `{}` is defined twice", feed.name),
                ));
            }
            for url in std::iter::once(&feed.url)
                .chain(&feed.sha256_url)
                .chain(&feed.meta_url)
            {
                if !(url.starts_with("https://") || url.starts_with("http://")) {
                    return Err(problem(
                        file,
                        0,
                        0,
                        format!("feed `{}`: `{url}` is not an http(s) URL", feed.name),
                    ));
                }
            }
        }
        Ok(config)
    }
}

/// 1-based line and column of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    // A span inside a multi-byte character (never expected) counts from the line's start.
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema accepts what the parser accepts and refuses an unknown field, as it does.
    #[test]
    fn the_schema_describes_the_feeds_file() {
        let schema = schema();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let good = "[[feed]]\nname = \"nvd-2024\"\nsource = \"nvd\"\nurl = \"https://nvd.nist.gov/feeds/json/cve/2.0/nvdcve-2.0-2024.json.gz\"\nmeta_url = \"https://nvd.nist.gov/feeds/json/cve/2.0/nvdcve-2.0-2024.meta\"\nmax_bytes = 1000\n";
        assert!(FeedConfig::parse(good, "feeds.toml").is_ok());
        let value: serde_json::Value = toml::from_str(good).unwrap();
        assert!(validator.is_valid(&value));
        let bad = "[[feed]]\nname = \"kev\"\nurl = \"https://x\"\nurll = \"x\"\n";
        assert!(FeedConfig::parse(bad, "feeds.toml").is_err());
        let value: serde_json::Value = toml::from_str(bad).unwrap();
        assert!(!validator.is_valid(&value));
    }

    #[test]
    fn feeds_files_are_read_with_located_errors() {
        let config = FeedConfig::parse(
            "[[feed]]\nname = \"kev\"\nsource = \"kev\"\nurl = \"http://localhost/kev.json\"\n",
            "feeds.toml",
        )
        .unwrap();
        assert_eq!(config.feeds[0].name, "kev");
        let error = FeedConfig::parse("[[feed]]\nname = \"kev\"\nurll = \"x\"\n", "feeds.toml")
            .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("feeds.toml:3:1: unknown field `urll`"),
            "{error}"
        );
        let error = FeedConfig::parse(
            "[[feed]]\nname = \"a\"\nurl = \"file:///etc/passwd\"\n",
            "f.toml",
        )
        .unwrap_err();
        assert!(
            error.to_string().contains("is not an http(s) URL"),
            "{error}"
        );
    }

    #[test]
    fn the_defaults_name_every_feed_once() {
        let defaults = FeedConfig::defaults();
        let names: std::collections::HashSet<_> = defaults.feeds.iter().map(|f| &f.name).collect();
        assert_eq!(names.len(), defaults.feeds.len());
        assert!(defaults.feeds.iter().any(|f| f.name == "osv-pypi"));
        assert!(
            defaults
                .feeds
                .iter()
                .any(|f| f.name == "nvd-modified" && f.meta_url.is_some())
        );
    }
}
