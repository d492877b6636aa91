use std::sync::OnceLock;

use memchr::memmem::find;
use rayon::prelude::*;
use regex::bytes::{Regex, RegexBuilder};
use regex_syntax::ParserBuilder;
use regex_syntax::hir::{Capture, Hir, HirKind, Repetition};
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
/// (`usr/share/doc`, `man`, `info`, `usr/include`) are skipped. Comments are dropped first
/// (whole-line, trailing ` #`, XML across lines): they hold examples. A value shorter than
/// 4 characters, a variable or format (`$X`, `${X}`, `%s`, `{{x}}`, `@X@`, `` `cmd` ``), a
/// path, masked (`****`, `xxxx`), a keyword (`none`, `true`, `required`, …), a quoted phrase
/// (goes on past a space), or in Perl/Python/Lua/… an unquoted expression, is not reported;
/// a placeholder such as `changeme` is, since it is then the default. At most one finding
/// per line and [`MAX_PER_FILE`] per file.
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
    /// `regex` without its anchors and word boundaries ([`unanchored`]): it matches somewhere
    /// in a file whenever `regex` matches one of its lines, so a file it does not match is
    /// left without reading it line by line (most text files, at the speed of one search).
    anywhere: Regex,
    placeholders: Vec<String>,
    /// Whether it reads an assignment (it has a `q` group for the opening quote).
    assigns: bool,
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
            let assigns = regex.capture_names().any(|n| n == Some("q"));
            let anywhere = unanchored(&spec.regex, !spec.case_sensitive)
                .map_err(|e| format!("pattern {}: {e}", spec.id))?;
            Ok(Pattern {
                assigns,
                anywhere,
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

/// `pattern` loosened for finding files worth reading line by line: every look-around
/// assertion (`^`, `$`, `\b`, …) taken out, and the parts at either end that may match
/// nothing (`\s*`, `(?:^|[^a-z])`) dropped. Lines are read apart and cut (comments, the
/// 4 KiB cap), so a match in a line may rest on an edge the whole file does not have there;
/// the loosened pattern still matches the same bytes, or a part of them, in the file. And
/// with its ends trimmed it starts and ends on literals where the pattern has them, which
/// the regex engine searches for far faster (one leading `(?:^|[^A-Z0-9])` made it 150
/// times slower). Only ever used to skip files, never to report.
fn unanchored(pattern: &str, case_insensitive: bool) -> Result<Regex, String> {
    let hir = ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .case_insensitive(case_insensitive)
        .build()
        .parse(pattern)
        .map_err(|e| e.to_string())?;
    let loose = trim_edge(trim_edge(without_looks(hir), Edge::Start), Edge::End);
    // The printed form spells out the case folding and byte classes; it compiles as is.
    RegexBuilder::new(&loose.to_string())
        .unicode(false)
        .build()
        .map_err(|e| e.to_string())
}

/// `hir` with every look-around assertion replaced by the empty match.
fn without_looks(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Look(_) => Hir::empty(),
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(without_looks(*rep.sub)),
            ..rep
        }),
        HirKind::Capture(cap) => Hir::capture(Capture {
            sub: Box::new(without_looks(*cap.sub)),
            ..cap
        }),
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(without_looks).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.into_iter().map(without_looks).collect())
        }
        kind @ (HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_)) => rebuild(kind),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Edge {
    Start,
    End,
}

/// `hir` without the parts at `edge` that may match nothing: a match of `hir` then contains
/// a match of the result.
fn trim_edge(hir: Hir, edge: Edge) -> Hir {
    match hir.into_kind() {
        HirKind::Concat(mut subs) => {
            let may_be_empty = |h: &Hir| h.properties().minimum_len() == Some(0);
            match edge {
                Edge::Start => {
                    let keep = subs
                        .iter()
                        .position(|h| !may_be_empty(h))
                        .unwrap_or(subs.len());
                    subs.drain(..keep);
                    if let Some(first) = subs.first_mut() {
                        *first = trim_edge(std::mem::replace(first, Hir::empty()), edge);
                    }
                }
                Edge::End => {
                    let keep = subs
                        .iter()
                        .rposition(|h| !may_be_empty(h))
                        .map_or(0, |i| i + 1);
                    subs.truncate(keep);
                    if let Some(last) = subs.last_mut() {
                        *last = trim_edge(std::mem::replace(last, Hir::empty()), edge);
                    }
                }
            }
            Hir::concat(subs)
        }
        HirKind::Capture(cap) => Hir::capture(Capture {
            sub: Box::new(trim_edge(*cap.sub, edge)),
            ..cap
        }),
        kind => rebuild(kind),
    }
}

/// A node back from its parts, unchanged.
fn rebuild(kind: HirKind) -> Hir {
    match kind {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(literal) => Hir::literal(literal.0),
        HirKind::Class(class) => Hir::class(class),
        HirKind::Look(look) => Hir::look(look),
        HirKind::Repetition(rep) => Hir::repetition(rep),
        HirKind::Capture(cap) => Hir::capture(cap),
        HirKind::Concat(subs) => Hir::concat(subs),
        HirKind::Alternation(subs) => Hir::alternation(subs),
    }
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
    /// Shorter values are flags and counters (`ask_passwd = 1`), not secrets.
    const MIN_LEN: usize = 4;
    let Some(&first) = value.first() else {
        return true;
    };
    if value.len() < MIN_LEN {
        return true;
    }
    if b"$%{<@`/[(\\".contains(&first)
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
        let expressions = is_expression_language(rel, data);
        let applicable: Vec<&Pattern> = patterns()
            .iter()
            .filter(|p| p.files == Files::Text || config)
            .filter(|p| p.under.as_deref().is_none_or(|dir| is_in(rel, dir)))
            .filter(|p| p.anywhere.is_match(data))
            .collect();
        let mut out = Vec::new();
        if applicable.is_empty() {
            return out;
        }
        let mut in_xml_comment = false;
        for line in lines(data) {
            if out.len() >= MAX_PER_FILE {
                break;
            }
            let Some((start, text)) = uncommented(line.text, &mut in_xml_comment) else {
                continue;
            };
            let hit = applicable.iter().find_map(|p| {
                p.regex.captures_iter(text).find_map(|caps| {
                    let value = caps.name("value")?;
                    let quoted = caps.name("q").is_some();
                    // In Perl, Python, Lua, … an unquoted right-hand side is an expression.
                    let expression = expressions && p.assigns && !quoted;
                    // A quoted value that goes on past a space is a phrase or a command.
                    let phrase = quoted && text.get(value.end()) == Some(&b' ');
                    (!expression && !phrase && !is_placeholder(value.as_bytes(), p)).then(|| {
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
                    Some((line.offset + start + value.start()) as u64),
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

/// The part of a line that is not a comment, and where it starts: whole-line comments
/// (`#`, `;`, `//`, `--`, `*`), trailing ` #` comments and XML comments, which may span
/// lines (`in_xml_comment` carries that state), are dropped. Comments hold examples far more
/// often than secrets.
fn uncommented<'a>(line: &'a [u8], in_xml_comment: &mut bool) -> Option<(usize, &'a [u8])> {
    let mut start = 0;
    if *in_xml_comment {
        start = find(line, b"-->")? + 3;
        *in_xml_comment = false;
    }
    let mut text = &line[start..];
    if let Some(open) = find(text, b"<!--") {
        *in_xml_comment = find(&text[open..], b"-->").is_none();
        text = &text[..open];
    }
    let trimmed = text.trim_ascii_start();
    if [&b"#"[..], b";", b"//", b"--", b"*"]
        .iter()
        .any(|c| trimmed.starts_with(c))
    {
        return None;
    }
    if let Some(hash) = find(text, b" #").or_else(|| find(text, b"\t#")) {
        text = &text[..hash];
    }
    (!text.trim_ascii().is_empty()).then_some((start, text))
}

/// Whether the file is a program in a language where `x = y` assigns an expression (Perl,
/// Python, Ruby, PHP, Lua, Tcl, JavaScript), by extension or `#!` line.
fn is_expression_language(rel: &str, data: &[u8]) -> bool {
    const EXTENSIONS: &[&str] = &["pl", "pm", "py", "rb", "php", "lua", "tcl", "tm", "js"];
    const INTERPRETERS: &[&[u8]] = &[
        b"perl", b"python", b"ruby", b"php", b"lua", b"tclsh", b"wish", b"node",
    ];
    let extension = file_name(rel).rsplit_once('.').map(|(_, e)| e);
    if extension.is_some_and(|e| EXTENSIONS.contains(&e)) {
        return true;
    }
    let first = data.split(|b| *b == b'\n').next().unwrap_or_default();
    first.starts_with(b"#!") && INTERPRETERS.iter().any(|i| find(first, i).is_some())
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
        // Files whose `key: value` lines name no secret (`passwd: files systemd`).
        const NOT_CONFIG: &[&str] = &["nsswitch.conf"];
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
                    && !NOT_CONFIG.contains(&file_name(rel))
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
