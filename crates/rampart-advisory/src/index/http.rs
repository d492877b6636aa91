//! What every kind of feed shares when it talks HTTP: the agent (timeouts, redirects, the
//! proxy chosen for the URL) and the clock.
//!
//! The proxy is resolved here rather than left to ureq's own reading of the environment so
//! that `HTTPS_PROXY` applies to https URLs and `HTTP_PROXY` to http ones (as curl does), a
//! `[proxy]` table or `--proxy` can replace them, and tests can give settings without
//! changing the process environment. The clock is a trait so rate limits and retry back-off
//! are tested without sleeping.

use std::time::Duration;

use super::update::UpdateOptions;

/// Which proxy each URL goes through.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ProxySettings {
    /// The proxy for `http://` URLs.
    pub http: Option<String>,
    /// The proxy for `https://` URLs.
    pub https: Option<String>,
    /// Hosts reached directly: `example.com` (and its subdomains), `.example.com` (only its
    /// subdomains), `*` (every host); a `:port` suffix is ignored.
    pub no_proxy: Vec<String>,
}

impl std::fmt::Debug for ProxySettings {
    // Proxy URLs may carry a password: show them without it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProxySettings")
            .field("http", &self.http.as_deref().map(redact))
            .field("https", &self.https.as_deref().map(redact))
            .field("no_proxy", &self.no_proxy)
            .finish()
    }
}

impl ProxySettings {
    /// No proxy.
    pub fn none() -> Self {
        ProxySettings::default()
    }

    /// One proxy for both schemes (the `[proxy]` table, `--proxy`).
    pub fn single(url: &str, no_proxy: Vec<String>) -> Self {
        ProxySettings {
            http: Some(url.to_owned()),
            https: Some(url.to_owned()),
            no_proxy,
        }
    }

    /// From the process environment: `HTTPS_PROXY` for https URLs, `HTTP_PROXY` for http
    /// ones, `ALL_PROXY` for either when its own is unset, `NO_PROXY` (comma-separated); each
    /// also in lower case. Empty values count as unset.
    pub fn from_env() -> Self {
        Self::from_env_with(|name| std::env::var(name).ok())
    }

    /// As [`from_env`](Self::from_env), reading variables through `get`.
    pub fn from_env_with(get: impl Fn(&str) -> Option<String>) -> Self {
        let var = |upper: &str| {
            [upper.to_owned(), upper.to_ascii_lowercase()]
                .iter()
                .find_map(|name| get(name).filter(|v| !v.trim().is_empty()))
        };
        let all = var("ALL_PROXY");
        ProxySettings {
            http: var("HTTP_PROXY").or_else(|| all.clone()),
            https: var("HTTPS_PROXY").or(all),
            no_proxy: var("NO_PROXY")
                .map(|list| {
                    list.split(',')
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// The proxy `url` goes through, if any.
    pub fn proxy_for(&self, url: &str) -> Option<&str> {
        let lower = url.to_ascii_lowercase();
        let proxy = if lower.starts_with("https://") {
            self.https.as_deref()
        } else if lower.starts_with("http://") {
            self.http.as_deref()
        } else {
            None
        }?;
        let host = url
            .parse::<ureq::http::Uri>()
            .ok()
            .and_then(|uri| uri.host().map(str::to_owned))?;
        (!bypassed(&self.no_proxy, &host)).then_some(proxy)
    }
}

/// Whether `host` matches a `NO_PROXY` pattern.
fn bypassed(patterns: &[String], host: &str) -> bool {
    let unbracket = |h: &str| h.trim_start_matches('[').trim_end_matches(']').to_owned();
    let host = unbracket(host.trim_end_matches('.')).to_ascii_lowercase();
    patterns.iter().any(|pattern| {
        let pattern = pattern.trim().to_ascii_lowercase();
        let name = if let Some(rest) = pattern.strip_prefix('[') {
            rest.split(']').next().unwrap_or("").to_owned()
        } else if pattern.matches(':').count() == 1 {
            pattern.split(':').next().unwrap_or("").to_owned()
        } else {
            pattern
        };
        if name == "*" {
            return true;
        }
        let name = name.trim_start_matches('*');
        if name.is_empty() {
            return false;
        }
        if name.starts_with('.') {
            host.ends_with(name)
        } else {
            host == name || host.ends_with(&format!(".{name}"))
        }
    })
}

/// `url` without the password of its user information.
pub(crate) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rsplit_once('@') {
        Some((user, host)) => {
            let user = user.split(':').next().unwrap_or("");
            format!("{scheme}://{user}:***@{host}{}", &rest[authority_end..])
        }
        None => url.to_owned(),
    }
}

/// Time as `db update` sees it: the wall clock (NVD's modification windows) and waiting
/// (rate limits, back-off). Tests give one that only pretends to sleep.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Now.
    fn now(&self) -> jiff::Timestamp;
    /// Waits for `duration`.
    fn sleep(&self, duration: Duration);
}

/// The system clock; sleeping blocks the thread.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> jiff::Timestamp {
        jiff::Timestamp::now()
    }
    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

/// An agent for `url`: status codes as values (not errors), bounded waits, at most five
/// redirects, and the proxy the settings give for the URL (never ureq's own reading of the
/// environment).
pub(crate) fn agent(options: &UpdateOptions, url: &str) -> Result<ureq::Agent, String> {
    let proxy = options
        .proxy
        .proxy_for(url)
        .map(|p| ureq::Proxy::new(p).map_err(|e| format!("proxy {}: {e}", redact(p))))
        .transpose()?;
    Ok(ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(Some(options.connect_timeout))
        .timeout_recv_response(Some(options.read_timeout))
        .timeout_per_read(Some(options.read_timeout))
        .max_redirects(5)
        .user_agent(concat!("rampart/", env!("CARGO_PKG_VERSION")))
        .proxy(proxy)
        .build()
        .into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> ProxySettings {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        ProxySettings::from_env_with(|name| {
            vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn each_scheme_takes_its_own_proxy_variable() {
        let settings = env(&[
            ("HTTPS_PROXY", "http://secure:1"),
            ("http_proxy", "http://plain:2"),
        ]);
        assert_eq!(
            settings.proxy_for("https://nvd.nist.gov/x"),
            Some("http://secure:1")
        );
        assert_eq!(
            settings.proxy_for("http://nvd.nist.gov/x"),
            Some("http://plain:2")
        );
        let settings = env(&[("ALL_PROXY", "socks5://all:3"), ("HTTP_PROXY", "")]);
        assert_eq!(settings.proxy_for("http://a/"), Some("socks5://all:3"));
        assert_eq!(settings.proxy_for("https://a/"), Some("socks5://all:3"));
        assert_eq!(env(&[]).proxy_for("https://a/"), None);
    }

    #[test]
    fn no_proxy_patterns_bypass_the_proxy() {
        let settings = env(&[
            ("HTTPS_PROXY", "http://p:1"),
            ("NO_PROXY", "localhost, example.com,.internal:8443,[::1]"),
        ]);
        assert_eq!(settings.proxy_for("https://localhost:8080/x"), None);
        assert_eq!(settings.proxy_for("https://example.com/x"), None);
        assert_eq!(settings.proxy_for("https://www.example.com/x"), None);
        assert_eq!(settings.proxy_for("https://a.internal/x"), None);
        assert_eq!(settings.proxy_for("https://[::1]/x"), None);
        assert_eq!(settings.proxy_for("https://internal/x"), Some("http://p:1"));
        assert_eq!(
            settings.proxy_for("https://notexample.com/x"),
            Some("http://p:1")
        );
        let all = env(&[("HTTPS_PROXY", "http://p:1"), ("no_proxy", "*")]);
        assert_eq!(all.proxy_for("https://anything/"), None);
    }

    #[test]
    fn proxy_passwords_are_not_shown() {
        assert_eq!(
            redact("http://u:secret@proxy:3128/"),
            "http://u:***@proxy:3128/"
        );
        assert_eq!(redact("http://proxy:3128"), "http://proxy:3128");
        let settings = ProxySettings::single("http://u:secret@proxy:3128", Vec::new());
        assert!(!format!("{settings:?}").contains("secret"));
    }
}
