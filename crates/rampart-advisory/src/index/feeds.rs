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
//!
//! [[feed]]
//! name = "nvd"
//! kind = "nvd-api"             # NVD's paged CVE API 2.0; only changes after the first run
//! url = "https://services.nvd.nist.gov/rest/json/cves/2.0"
//! # api_key = "…"              # else the RAMPART_NVD_API_KEY environment variable
//!
//! [[feed]]
//! name = "cisa-csaf"
//! kind = "csaf-provider"       # follow a provider-metadata.json's ROLIE feeds or directories
//! url = "https://example.com/.well-known/csaf/provider-metadata.json"
//! openpgp = "require"          # optional: require (default when the provider lists keys),
//!                              # warn or off; see docs/advisory-index.md
//! openpgp_key_file = "keys/cisa.asc"  # optional: verify with these keys (relative to this
//!                              # file's folder) instead of fetching the provider's
//!
//! [proxy]                      # optional; else HTTPS_PROXY / HTTP_PROXY / NO_PROXY
//! url = "http://proxy.example:3128"
//! no_proxy = ["localhost", ".internal.example"]
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
    /// Largest download accepted, in bytes (for `nvd-api`: per page; for `csaf-provider`:
    /// per document).
    pub max_bytes: Option<u64>,
    /// What the URL is: one file (the default), NVD's paged CVE API, or a CSAF provider.
    #[serde(default)]
    pub kind: FeedKind,
    /// `nvd-api`: the NVD API key, sent in the `apiKey` header (raises the rate limit from 5
    /// to 50 requests per 30 s). Else the `RAMPART_NVD_API_KEY` environment variable; never a
    /// command-line argument, which other users could read in `ps`.
    pub api_key: Option<Secret>,
    /// `nvd-api`: CVEs per page (1 to 2000, NVD's maximum and the default).
    pub results_per_page: Option<u32>,
    /// `csaf-provider`: what to do with a document whose OpenPGP signature is missing or does
    /// not verify. Unset: `require` when the provider lists keys (or `openpgp_key_file` is
    /// given); when it lists none, documents are checked by their hashes only, with a note.
    pub openpgp: Option<OpenPgpPolicy>,
    /// `csaf-provider`: a file of OpenPGP public keys (armoured or binary) to verify the
    /// provider's documents with, instead of the keys its metadata lists (an air-gapped
    /// mirror, or a key obtained out of band). A relative path is read from the feeds file's
    /// folder.
    pub openpgp_key_file: Option<std::path::PathBuf>,
}

/// How a `csaf-provider` feed treats OpenPGP signatures (`openpgp = "…"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum OpenPgpPolicy {
    /// A document is imported only when its `.asc` signature verifies with one of the
    /// provider's keys; else it is reported, not imported and tried again next update. A
    /// provider that lists no keys fails the feed.
    Require,
    /// A document whose signature is missing or does not verify is imported, with a note
    /// saying why; the feed does not fail.
    Warn,
    /// Signatures are not fetched; documents are checked by their hashes only.
    Off,
}

/// What a feed's URL serves.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FeedKind {
    /// One file (JSON, CSV, zip or gzip), downloaded whole when it changed.
    #[default]
    File,
    /// NVD's CVE API 2.0, read page by page; after the first run only the CVEs modified since
    /// the last one (`lastModStartDate`/`lastModEndDate`, in windows of at most 120 days).
    NvdApi,
    /// A CSAF `provider-metadata.json`: its ROLIE feeds (else its directories'
    /// `changes.csv`) are followed and each new or changed document is fetched and checked
    /// against its `.sha256`/`.sha512` file.
    CsafProvider,
}

/// A secret from the feeds file (an API key): its `Debug` form hides it, so it never reaches
/// a log or an error message.
#[derive(Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// The `[proxy]` table: one proxy for http and https feeds.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProxyConfig {
    /// The proxy (`http://host:port`, `socks5://host:port`; credentials as
    /// `http://user:password@host:port`).
    pub url: String,
    /// Hosts reached directly: `example.com` (and its subdomains), `.example.com` (only
    /// subdomains), `*` (every host).
    #[serde(default)]
    pub no_proxy: Vec<String>,
}

/// The feeds file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedConfig {
    /// The feeds, downloaded in this order.
    #[serde(rename = "feed", default)]
    pub feeds: Vec<Feed>,
    /// The proxy every feed is fetched through; else the `HTTPS_PROXY`, `HTTP_PROXY` and
    /// `NO_PROXY` environment variables.
    pub proxy: Option<ProxyConfig>,
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
    /// KEV, FIRST EPSS, the Debian security tracker and NVD's CVE API 2.0 (every CVE on the
    /// first run, then only the changes).
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
                kind: FeedKind::File,
                api_key: None,
                results_per_page: None,
                openpgp: None,
                openpgp_key_file: None,
            })
            .collect();
        let plain = |name: &str, source: &str, url: &str, meta: Option<&str>| Feed {
            name: name.to_owned(),
            source: Some(source.to_owned()),
            url: url.to_owned(),
            sha256_url: None,
            meta_url: meta.map(str::to_owned),
            max_bytes: None,
            kind: FeedKind::File,
            api_key: None,
            results_per_page: None,
            openpgp: None,
            openpgp_key_file: None,
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
            Feed {
                kind: FeedKind::NvdApi,
                ..plain(
                    "nvd",
                    "nvd",
                    "https://services.nvd.nist.gov/rest/json/cves/2.0",
                    None,
                )
            },
        ]);
        FeedConfig { feeds, proxy: None }
    }

    /// Reads a feeds file's text; `file` names it in problems, and its folder is where a
    /// relative `openpgp_key_file` is read from.
    pub fn parse(text: &str, file: &str) -> Result<FeedConfig, Problem> {
        let mut config: FeedConfig = toml::from_str(text).map_err(|e| {
            let (line, col) = e.span().map_or((0, 0), |span| line_col(text, span.start));
            problem(file, line, col, e.message().to_owned())
        })?;
        let mut names = std::collections::HashSet::new();
        let folder = std::path::Path::new(file)
            .parent()
            .unwrap_or(std::path::Path::new(""));
        for feed in &mut config.feeds {
            if let Some(path) = &mut feed.openpgp_key_file
                && path.is_relative()
            {
                *path = folder.join(&*path);
            }
        }
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
            if feed
                .results_per_page
                .is_some_and(|n| !(1..=2000).contains(&n))
            {
                return Err(problem(
                    file,
                    0,
                    0,
                    format!(
                        "feed `{}`: results_per_page must be 1 to 2000 (NVD's maximum)",
                        feed.name
                    ),
                ));
            }
            if feed.kind != FeedKind::NvdApi
                && (feed.api_key.is_some() || feed.results_per_page.is_some())
            {
                return Err(problem(
                    file,
                    0,
                    0,
                    format!(
                        "feed `{}`: api_key and results_per_page apply only to kind = \"nvd-api\"",
                        feed.name
                    ),
                ));
            }
            if feed.kind != FeedKind::CsafProvider
                && (feed.openpgp.is_some() || feed.openpgp_key_file.is_some())
            {
                return Err(problem(
                    file,
                    0,
                    0,
                    format!(
                        "feed `{}`: openpgp and openpgp_key_file apply only to kind = \"csaf-provider\"",
                        feed.name
                    ),
                ));
            }
            if feed.openpgp == Some(OpenPgpPolicy::Off) && feed.openpgp_key_file.is_some() {
                return Err(problem(
                    file,
                    0,
                    0,
                    format!(
                        "feed `{}`: openpgp_key_file is given but openpgp = \"off\" never uses it",
                        feed.name
                    ),
                ));
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
    fn openpgp_options_are_read_for_csaf_providers_only() {
        let config = FeedConfig::parse(
            "[[feed]]\nname = \"p\"\nkind = \"csaf-provider\"\nurl = \"https://p/pm.json\"\nopenpgp = \"warn\"\nopenpgp_key_file = \"keys/p.asc\"\n",
            "/etc/rampart/feeds.toml",
        )
        .unwrap();
        assert_eq!(config.feeds[0].openpgp, Some(OpenPgpPolicy::Warn));
        assert_eq!(
            config.feeds[0].openpgp_key_file.as_deref(),
            Some(std::path::Path::new("/etc/rampart/keys/p.asc"))
        );
        let error = FeedConfig::parse(
            "[[feed]]\nname = \"p\"\nkind = \"csaf-provider\"\nurl = \"https://p\"\nopenpgp = \"maybe\"\n",
            "feeds.toml",
        )
        .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("feeds.toml:5:11: unknown variant `maybe`"),
            "{error}"
        );
        let error = FeedConfig::parse(
            "[[feed]]\nname = \"kev\"\nurl = \"https://k\"\nopenpgp = \"off\"\n",
            "feeds.toml",
        )
        .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("apply only to kind = \"csaf-provider\""),
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
                .any(|f| f.name == "nvd" && f.kind == FeedKind::NvdApi)
        );
    }
}
