//! The signature engine: every rule's anchor in one Aho-Corasick automaton, one pass over
//! each file, and a rule's regex run only in a window around its anchor's hits, so a file
//! costs one automaton pass plus a little per hit.
//!
//! A match counts only if it passes the checks that keep other tools' false results out:
//! - the version sits on a boundary: no digit or `.` right before it, no `.digit` right
//!   after (a version cut out of an OID such as `1.3.6.1.4.1` is refused);
//! - the version matches the rule's validity pattern;
//! - the string around it (up to the NULs or line ends either side) reads as no help or
//!   error text and no build-time claim about another library (`requires OpenSSL 1.0.2 or
//!   later`, `built with OpenSSL 3.0.2`): see [`TRAP_WORDS`].

use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::literals::Literals;
use regex::bytes::Regex;

use super::rules::{ComponentRules, Evidence, FileKind, Rule, glob_match};

/// Bytes before an anchor hit the regex may start at.
const WINDOW_BEFORE: usize = 96;
/// Bytes after an anchor hit the regex may end at.
const WINDOW_AFTER: usize = 256;
/// Anchor hits examined per file: bounds the work a hostile file full of anchors can cause.
const MAX_HITS_PER_FILE: usize = 20_000;
/// Bytes of a file an anchorless (version-constant) rule reads.
const MAX_WHOLE_FILE: usize = 64 * 1024 * 1024;
/// How far the enclosing string is read either side of a match for the trap words.
const CONTEXT_LIMIT: usize = 160;

/// Words that make the string around a version a statement about a requirement, an error
/// or another build, not the identity of the shipped component.
pub const TRAP_WORDS: &str = r"(?i)(requires?\b|required|or later|or newer|or higher|or above|at least|minimum|expected|usage:|compiled against|built against|built with|compiled with|linked against|\bneeds?\b|must be|older than|newer than|instead of|not supported|unsupported|deprecated|mismatch|incompatible|upgrade to|please use)";

static TRAPS: LazyLock<Regex> =
    LazyLock::new(|| super::rules::bytes_regex(TRAP_WORDS).expect("valid"));

/// One accepted match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index of the component in the catalog.
    pub component: usize,
    /// Index of the rule in the component.
    pub rule: usize,
    /// The version read.
    pub version: String,
    /// Byte offset of the version in the file (`None` for file-name rules).
    pub offset: Option<u64>,
    /// The matched text, lossy UTF-8, at most 120 bytes.
    pub matched: String,
}

/// The compiled catalog.
pub struct Engine {
    /// Components and rules.
    pub components: Vec<ComponentRules>,
    automaton: Literals,
    /// For each automaton pattern, the (component, rule) pairs anchored on it.
    by_anchor: Vec<Vec<(usize, usize)>>,
}

/// What the engine knows of a file before reading it.
pub struct FileFacts<'a> {
    /// Base name.
    pub name: &'a str,
    /// Whether it is an ELF file.
    pub is_elf: bool,
    /// Its SONAME, when an ELF library has one.
    pub soname: Option<&'a str>,
    /// The libraries it loads (`DT_NEEDED`).
    pub needed: &'a [String],
}

impl Engine {
    /// Compiles `components`' anchors.
    pub fn new(components: Vec<ComponentRules>) -> Engine {
        let mut anchors: Vec<String> = Vec::new();
        let mut by_anchor: Vec<Vec<(usize, usize)>> = Vec::new();
        for (ci, c) in components.iter().enumerate() {
            for (ri, r) in c.rules.iter().enumerate() {
                let Some(anchor) = &r.anchor else { continue };
                let at = anchors.iter().position(|a| a == anchor).unwrap_or_else(|| {
                    anchors.push(anchor.clone());
                    by_anchor.push(Vec::new());
                    anchors.len() - 1
                });
                by_anchor[at].push((ci, ri));
            }
        }
        let automaton = Literals::new(&anchors);
        Engine {
            components,
            automaton,
            by_anchor,
        }
    }

    /// Whether any rule reads a file with these facts (a file no selector matches is skipped
    /// without being read).
    pub fn wants(&self, facts: &FileFacts) -> bool {
        self.components
            .iter()
            .flat_map(|c| &c.rules)
            .any(|r| selects(r, facts))
    }

    /// Every accepted hit in `data`, at most one per rule and version (the first).
    pub fn scan(&self, facts: &FileFacts, data: &[u8]) -> Vec<Hit> {
        let mut found: BTreeMap<(usize, usize, String), Hit> = BTreeMap::new();
        for (ci, c) in self.components.iter().enumerate() {
            for (ri, r) in c.rules.iter().enumerate() {
                if r.anchor.is_none() && r.evidence != Evidence::FileName && selects(r, facts) {
                    let body = &data[..data.len().min(MAX_WHOLE_FILE)];
                    for caps in r.regex.captures_iter(body) {
                        let (Some(whole), Some(v)) = (caps.get(0), caps.name("version")) else {
                            continue;
                        };
                        let Some(version) = accept(r, body, v.start(), v.end()) else {
                            continue;
                        };
                        found.entry((ci, ri, version.clone())).or_insert(Hit {
                            component: ci,
                            rule: ri,
                            version,
                            offset: Some(v.start() as u64),
                            matched: printable(whole.as_bytes()),
                        });
                    }
                }
                if r.evidence == Evidence::FileName
                    && selects(r, facts)
                    && let Some(hit) = file_name_hit(r, facts.name)
                {
                    found.entry((ci, ri, hit.clone())).or_insert_with(|| Hit {
                        component: ci,
                        rule: ri,
                        version: hit,
                        offset: None,
                        matched: facts.name.to_owned(),
                    });
                }
            }
        }
        for (n, (pattern, m_start)) in self.automaton.occurrences(data).enumerate() {
            if n >= MAX_HITS_PER_FILE {
                break;
            }
            let m_len = self.automaton.literal(pattern).len();
            for &(ci, ri) in &self.by_anchor[pattern] {
                let rule = &self.components[ci].rules[ri];
                if !selects(rule, facts) {
                    continue;
                }
                let start = m_start.saturating_sub(WINDOW_BEFORE);
                let end = (m_start + m_len + WINDOW_AFTER).min(data.len());
                let window = &data[start..end];
                let anchor_at = m_start - start;
                for caps in rule.regex.captures_iter(window) {
                    let whole = caps.get(0).expect("group 0");
                    if whole.start() > anchor_at || whole.end() < anchor_at + m_len {
                        continue;
                    }
                    let Some(v) = caps.name("version") else {
                        continue;
                    };
                    let at = start + v.start();
                    let Some(version) = accept(rule, data, at, at + (v.end() - v.start())) else {
                        continue;
                    };
                    let matched = printable(whole.as_bytes());
                    found.entry((ci, ri, version.clone())).or_insert(Hit {
                        component: ci,
                        rule: ri,
                        version,
                        offset: Some(at as u64),
                        matched,
                    });
                }
            }
        }
        found.into_values().collect()
    }
}

/// At most 120 bytes of a match as text (NULs and other control bytes escaped on display).
fn printable(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&bytes[..bytes.len().min(120)]).into_owned()
}

/// Whether `rule` reads a file with `facts`.
fn selects(rule: &Rule, facts: &FileFacts) -> bool {
    if rule.kind == FileKind::Elf && !facts.is_elf {
        return false;
    }
    if !rule.names.is_empty() && !rule.names.iter().any(|g| glob_match(g, facts.name)) {
        return false;
    }
    if !rule.soname.is_empty()
        && !facts
            .soname
            .is_some_and(|s| rule.soname.iter().any(|g| glob_match(g, s)))
    {
        return false;
    }
    !rule
        .not_needed
        .iter()
        .any(|g| facts.needed.iter().any(|n| glob_match(g, n)))
}

fn file_name_hit(rule: &Rule, name: &str) -> Option<String> {
    let caps = rule.regex.captures(name.as_bytes())?;
    let v = std::str::from_utf8(caps.name("version")?.as_bytes()).ok()?;
    rule.version.is_match(v.as_bytes()).then(|| v.to_owned())
}

/// The version at `data[start..end]` if it passes the boundary, validity and trap checks.
fn accept(rule: &Rule, data: &[u8], start: usize, end: usize) -> Option<String> {
    let version = std::str::from_utf8(&data[start..end]).ok()?;
    if !rule.version.is_match(version.as_bytes()) {
        return None;
    }
    // Boundaries: a version is not the middle of a longer dotted number (an OID, an IP
    // address, a longer version).
    if start > 0 && (data[start - 1].is_ascii_digit() || data[start - 1] == b'.') {
        return None;
    }
    if data.get(end) == Some(&b'.') && data.get(end + 1).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    if data.get(end).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    // A bare constant stands alone: not the tail of some other printable string.
    if rule.evidence == Evidence::VersionConstant
        && start > 0
        && (0x20..0x7f).contains(&data[start - 1])
    {
        return None;
    }
    let context = enclosing_string(data, start, end);
    if TRAPS.is_match(context) {
        return None;
    }
    Some(version.to_owned())
}

/// The printable run around `data[start..end]`, up to a NUL, line end or
/// [`CONTEXT_LIMIT`] bytes either side: the string the version was written in.
fn enclosing_string(data: &[u8], start: usize, end: usize) -> &[u8] {
    let stop = |b: &u8| *b == 0 || *b == b'\n' || *b == b'\r';
    let lo_bound = start.saturating_sub(CONTEXT_LIMIT);
    let lo = data[lo_bound..start]
        .iter()
        .rposition(stop)
        .map_or(lo_bound, |i| lo_bound + i + 1);
    let hi_bound = (end + CONTEXT_LIMIT).min(data.len());
    let hi = data[end..hi_bound]
        .iter()
        .position(stop)
        .map_or(hi_bound, |i| end + i);
    &data[lo..hi]
}
