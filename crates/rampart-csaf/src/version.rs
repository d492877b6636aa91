//! Document version numbers (section 3.1.11): integer versioning (`0`, `1`, `2`, …) or
//! semantic versioning (`1.0.0`, `1.1.0-rc.1`, …). The revision-history tests (6.1.14–6.1.22,
//! 6.1.30) compare them, each scheme by its own order, and read dates as instants.

use std::cmp::Ordering;

use jiff::Timestamp;
use serde_json::Value;

use crate::tree::{items, text, text_at};

/// One version number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Version {
    Integer(u64),
    Semantic(semver::Version),
}

impl Version {
    pub(crate) fn parse(text: &str) -> Option<Self> {
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            if text.len() > 1 && text.starts_with('0') {
                return None;
            }
            return text.parse().ok().map(Version::Integer);
        }
        semver::Version::parse(text).ok().map(Version::Semantic)
    }

    /// The integer, or the semantic version's major number.
    pub(crate) fn major(&self) -> u64 {
        match self {
            Version::Integer(n) => *n,
            Version::Semantic(v) => v.major,
        }
    }

    pub(crate) fn is_prerelease(&self) -> bool {
        matches!(self, Version::Semantic(v) if !v.pre.is_empty())
    }

    pub(crate) fn is_semantic(&self) -> bool {
        matches!(self, Version::Semantic(_))
    }

    /// The version without build metadata (and without its pre-release part if `drop_pre`).
    pub(crate) fn trimmed(&self, drop_pre: bool) -> Self {
        match self {
            Version::Integer(n) => Version::Integer(*n),
            Version::Semantic(v) => {
                let mut v = v.clone();
                v.build = semver::BuildMetadata::EMPTY;
                if drop_pre {
                    v.pre = semver::Prerelease::EMPTY;
                }
                Version::Semantic(v)
            }
        }
    }

    /// Order within one scheme (semantic: precedence, build metadata ignored); an integer
    /// against a semantic version compares the integer with the major number.
    pub(crate) fn order(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Version::Integer(a), Version::Integer(b)) => a.cmp(b),
            (Version::Semantic(a), Version::Semantic(b)) => a.cmp_precedence(b),
            (a, b) => a.major().cmp(&b.major()),
        }
    }
}

/// One item of the revision history.
pub(crate) struct Revision {
    pub index: usize,
    pub number_text: String,
    pub number: Option<Version>,
    pub date: Option<Timestamp>,
}

impl Revision {
    pub(crate) fn pointer(&self) -> String {
        format!("/document/tracking/revision_history/{}", self.index)
    }
}

/// The revision history, in document order.
pub(crate) fn revisions(doc: &Value) -> Vec<Revision> {
    doc.pointer("/document/tracking")
        .map(|tracking| items(tracking, "revision_history"))
        .unwrap_or_default()
        .iter()
        .enumerate()
        .filter_map(|(index, item)| {
            let number_text = text(item, "number")?.to_owned();
            Some(Revision {
                index,
                number: Version::parse(&number_text),
                number_text,
                date: text(item, "date").and_then(|d| d.parse().ok()),
            })
        })
        .collect()
}

/// The revision history sorted by date (items without a readable date last), ties by number.
pub(crate) fn by_date(doc: &Value) -> Vec<Revision> {
    let mut list = revisions(doc);
    list.sort_by(|a, b| {
        match (a.date, b.date) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
        .then_with(|| match (&a.number, &b.number) {
            (Some(x), Some(y)) => x.order(y),
            _ => Ordering::Equal,
        })
    });
    list
}

/// `/document/tracking/version`, parsed.
pub(crate) fn document_version(doc: &Value) -> Option<(&str, Option<Version>)> {
    text_at(doc, "/document/tracking/version").map(|t| (t, Version::parse(t)))
}

/// `/document/tracking/status`.
pub(crate) fn status(doc: &Value) -> Option<&str> {
    text_at(doc, "/document/tracking/status")
}

/// Whether the document is `final` or `interim` (the statuses that promise a released state).
pub(crate) fn is_released(doc: &Value) -> bool {
    matches!(status(doc), Some("final" | "interim"))
}
