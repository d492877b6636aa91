use std::sync::OnceLock;

use rayon::prelude::*;
use regex::bytes::{Regex, RegexBuilder};
use serde::Deserialize;

use super::support::{file_name, is_at, is_in, is_text, lines, printable, redact, rel_path};
use super::{Code, Finding, Rule, ScanInput, Severity};

/// Passwords, keys and tokens written into configuration files and scripts.
///
/// **What it finds**: on text files only, line by line (the first 4 KiB of each line), the
/// patterns of `data/credential-patterns.toml`: a password, secret, passphrase, API key or
/// token assigned a literal value (`password=…`, `"api_key": "…"`, `<password>…</password>`,
/// OpenWrt `option password '…'`), Wi-Fi pre-shared keys (`psk=`, `wpa_passphrase=`, UCI
/// `option key`), cloud and service keys by their fixed form (AWS `AKIA…`, GitHub `ghp_…`,
/// Google `AIza…`), and URLs with `user:password@`. Assignment patterns look at
/// configuration files and scripts (by extension, any text file under `etc/`, any file
/// starting with `#!`); key-form and URL patterns at every text file. Documentation folders
/// (`usr/share/doc`, `man`, `info`, `usr/include`) are skipped. A value that is empty, a
/// variable or format (`$X`, `${X}`, `%s`, `{{x}}`, `@X@`, `` `cmd` ``), a path, masked
/// (`****`, `xxxx`) or a keyword (`none`, `true`, `required`, …) is not reported; a
/// placeholder such as `changeme` is, since it is then the default. At most one finding per
/// line and [`MAX_PER_FILE`] per file.
///
/// **Why it matters**: a secret in the image is the same on every device and public as soon
/// as the firmware is downloadable: a cloud key lets anyone act as the vendor's fleet, a
/// Wi-Fi key opens the plant network, a service password opens the service.
///
/// **Example**: `etc/mosquitto/mosquitto.conf` with `password = Pl4nt2019`.
///
/// **References**: IEC 62443-4-2 CR 1.5 (authenticator management), CR 1.2 (software process
/// identification and authentication), CR 1.14 (strength of symmetric key-based
/// authentication), CR 4.1 (information confidentiality); CWE-798, CWE-259.
pub struct HardCodedCredential;

const ASSIGNED: Code = Code {
    code: "FW-CRD-001",
    severity: Severity::High,
    title: "Hard-coded password or secret in a configuration file or script",
    requirements: &["CR 1.5", "CR 4.1"],
    remediation: "set credentials per device at commissioning and store them outside the image (protected storage, not the read-only rootfs)",
};

const SERVICE_KEY: Code = Code {
    code: "FW-CRD-002",
    severity: Severity::High,
    title: "Cloud or service access key in the image",
    requirements: &["CR 1.2", "CR 1.5", "CR 4.1"],
    remediation: "revoke the key now; give each device its own short-lived credential from a provisioning service",
};

const WIFI_KEY: Code = Code {
    code: "FW-CRD-003",
    severity: Severity::High,
    title: "Wi-Fi pre-shared key in the image",
    requirements: &["CR 1.5", "CR 1.14"],
    remediation: "ship no network key: have the operator set it at commissioning, or use 802.1X with per-device credentials",
};

const URL: Code = Code {
    code: "FW-CRD-004",
    severity: Severity::High,
    title: "Credentials embedded in a URL",
    requirements: &["CR 1.5", "CR 4.1"],
    remediation: "take the credentials out of the URL and provision them per device",
};

/// Findings per file: past this a file is a credential dump and the first ones say enough.
pub const MAX_PER_FILE: usize = 64;

/// Extensions of configuration files and scripts.
const CONFIG_EXTENSIONS: &[&str] = &[
    "conf",
    "cfg",
    "ini",
    "xml",
    "json",
    "sh",
    "env",
    "properties",
    "yaml",
    "yml",
    "cnf",
    "config",
    "toml",
];

/// Folders whose text is documentation, not configuration.
const DOC_DIRS: &[&str] = &[
    "usr/share/doc",
    "usr/share/man",
    "usr/share/info",
    "usr/include",
];

/// Which files a pattern reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Files {
    /// Configuration files and scripts.
    Config,
    /// Every text file.
    Text,
}

/// One pattern as written in the data file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternSpec {
    id: String,
    code: String,
    files: Files,
    #[serde(default)]
    under: Option<String>,
    regex: String,
    #[serde(default)]
    case_sensitive: bool,
    #[serde(default)]
    placeholders: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternFile {
    pattern: Vec<PatternSpec>,
}

/// A compiled pattern.
struct Pattern {
    id: String,
    code: &'static Code,
    files: Files,
    under: Option<String>,
    regex: Regex,
    placeholders: Vec<String>,
}

/// Reads and compiles the patterns; an error names the pattern and the cause.
fn compile(text: &str) -> Result<Vec<Pattern>, String> {
    let file: PatternFile = toml::from_str(text).map_err(|e| e.to_string())?;
    file.pattern
        .into_iter()
        .map(|spec| {
            let code = HardCodedCredential
                .codes()
                .iter()
                .find(|c| c.code == spec.code)
                .ok_or_else(|| format!("pattern {}: unknown code {}", spec.id, spec.code))?;
            let regex = RegexBuilder::new(&spec.regex)
                .unicode(false)
                .case_insensitive(!spec.case_sensitive)
                .build()
                .map_err(|e| format!("pattern {}: {e}", spec.id))?;
            if !regex.capture_names().any(|n| n == Some("value")) {
                return Err(format!("pattern {}: no `value` group", spec.id));
            }
            Ok(Pattern {
                id: spec.id,
                code,
                files: spec.files,
                under: spec.under,
                regex,
                placeholders: spec.placeholders,
            })
        })
        .collect()
}

/// The built-in patterns, compiled once; a test proves they compile.
fn patterns() -> &'static [Pattern] {
    static PATTERNS: OnceLock<Vec<Pattern>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        compile(include_str!("../../data/credential-patterns.toml"))
            .unwrap_or_else(|e| panic!("data/credential-patterns.toml: {e}"))
    })
}

/// Values that name no secret: keywords, variables, formats, paths and masks.
fn is_placeholder(value: &[u8], pattern: &Pattern) -> bool {
    const KEYWORDS: &[&str] = &[
        "none",
        "null",
        "nil",
        "true",
        "false",
        "yes",
        "no",
        "on",
        "off",
        "required",
        "optional",
        "undefined",
        "empty",
        "disabled",
        "enabled",
        "string",
        "prompt",
    ];
    let Some(&first) = value.first() else {
        return true;
    };
    if b"$%{<@`/[(".contains(&first)
        || value.contains(&b'(')
        || value.windows(2).any(|w| w == b"${")
    {
        return true;
    }
    if value.iter().all(|b| b"*xX.-#?".contains(b)) {
        return true;
    }
    let text = String::from_utf8_lossy(value);
    KEYWORDS.iter().any(|k| text.eq_ignore_ascii_case(k))
        || pattern
            .placeholders
            .iter()
            .any(|p| text.eq_ignore_ascii_case(p))
}

/// Whether a file at `rel` with contents `data` is configuration or a script.
fn is_config(rel: &str, data: &[u8]) -> bool {
    let name = file_name(rel);
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    extension.is_some_and(|e| CONFIG_EXTENSIONS.contains(&e.as_str()))
        || rel.starts_with("etc/")
        || rel.contains("/etc/")
        || data.starts_with(b"#!")
}

impl HardCodedCredential {
    fn scan_file(&self, path: &str, rel: &str, data: &[u8]) -> Vec<Finding> {
        let config = is_config(rel, data);
        let applicable: Vec<&Pattern> = patterns()
            .iter()
            .filter(|p| p.files == Files::Text || config)
            .filter(|p| p.under.as_deref().is_none_or(|dir| is_in(rel, dir)))
            .collect();
        let mut out = Vec::new();
        for line in lines(data) {
            if out.len() >= MAX_PER_FILE {
                break;
            }
            let trimmed = line.text.trim_ascii_start();
            if config
                && (trimmed.starts_with(b"#")
                    || trimmed.starts_with(b";")
                    || trimmed.starts_with(b"//"))
            {
                continue;
            }
            let hit = applicable.iter().find_map(|p| {
                p.regex.captures_iter(line.text).find_map(|caps| {
                    let value = caps.name("value")?;
                    (!is_placeholder(value.as_bytes(), p)).then(|| {
                        let key = caps.name("key").map(|k| printable(k.as_bytes(), 40));
                        (*p, key, value)
                    })
                })
            });
            if let Some((pattern, key, value)) = hit {
                let named = key.map(|k| format!("`{k}` = ")).unwrap_or_default();
                out.push(Finding::new(
                    self,
                    pattern.code,
                    path,
                    Some((line.offset + value.start()) as u64),
                    format!(
                        "line {} ({}): {named}{}",
                        line.number,
                        pattern.id,
                        redact(value.as_bytes())
                    ),
                ));
            }
        }
        out
    }
}

impl Rule for HardCodedCredential {
    fn id(&self) -> &'static str {
        "hardcoded-credential"
    }
    fn title(&self) -> &'static str {
        "Passwords, keys and tokens written into configuration files and scripts"
    }
    fn codes(&self) -> &'static [Code] {
        &[ASSIGNED, SERVICE_KEY, WIFI_KEY, URL]
    }
    fn run(&self, input: &ScanInput<'_>, out: &mut Vec<Finding>) {
        let files: Vec<_> = input
            .tree
            .files()
            .map(|(path, node, data)| (path, rel_path(path, node), data))
            .filter(|(_, rel, data)| {
                !DOC_DIRS
                    .iter()
                    .any(|d| rel.starts_with(d) || rel.contains(&format!("/{d}/")))
                    && !["etc/shadow", "etc/shadow-", "etc/passwd", "etc/passwd-"]
                        .iter()
                        .any(|f| is_at(rel, f))
                    && is_text(data)
            })
            .collect();
        let found: Vec<Finding> = files
            .par_iter()
            .flat_map_iter(|(path, rel, data)| self.scan_file(path, rel, data))
            .collect();
        out.extend(found);
    }
}

#[cfg(test)]
mod tests;
