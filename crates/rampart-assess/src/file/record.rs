//! Recording a review in the file: the run that performs a review (`rampart assess product`
//! with the assessment as answers) writes the day and the state it saw into the file's
//! `review:` section, so the next `rampart assess status` can tell what changed since.
//!
//! The rest of the file is kept byte for byte (comments included): only the `review:` block
//! is replaced, or added before `requirements:` when the file has none. Comments inside the
//! old `review:` block are not kept.

use std::path::Path;

use rampart_system::IsoDate;

use super::{AssessmentError, AssessmentFile, MAX_ASSESSMENT_BYTES};

/// What a review saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRecord {
    /// The day of the review.
    pub date: IsoDate,
    /// The review interval to keep (the file's own, normally).
    pub interval_days: u32,
    /// The product version reviewed.
    pub version: Option<String>,
    /// The SBOM's SHA-256 (lower-case hex).
    pub sbom_sha256: Option<String>,
    /// The advisory index's state token ([`crate::review::advisory_index_state`]).
    pub advisory_index: Option<String>,
}

impl ReviewRecord {
    /// A record of a review of `file` on `date`, keeping its interval and version.
    pub fn for_file(
        file: &AssessmentFile,
        date: IsoDate,
        sbom_sha256: Option<String>,
        advisory_index: Option<String>,
    ) -> ReviewRecord {
        ReviewRecord {
            date,
            interval_days: file.review.interval_days,
            version: file.subject.version.clone(),
            sbom_sha256,
            advisory_index,
        }
    }

    /// The `review:` block, YAML.
    fn block(&self) -> String {
        let mut out = format!(
            "review:\n  interval_days: {}\n  last: {}\n",
            self.interval_days, self.date
        );
        let fields = [
            ("version", &self.version),
            ("sbom_sha256", &self.sbom_sha256),
            ("advisory_index", &self.advisory_index),
        ];
        if fields.iter().any(|(_, v)| v.is_some()) {
            out.push_str("  recorded:\n");
            for (name, value) in fields {
                if let Some(v) = value {
                    out.push_str(&format!("    {name}: {}\n", yaml_string(v)));
                }
            }
        }
        out
    }
}

/// `text` with its `review:` section replaced by `record`.
pub fn record_review(text: &str, record: &ReviewRecord) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let top_level = |l: &str| !l.trim().is_empty() && !l.starts_with([' ', '\t']);
    let start = lines.iter().position(|l| l.starts_with("review:"));
    let (start, end) = if let Some(s) = start {
        let end = lines[s + 1..]
            .iter()
            .position(|l| top_level(l))
            .map_or(lines.len(), |e| s + 1 + e);
        (s, end)
    } else {
        let at = lines
            .iter()
            .position(|l| l.starts_with("requirements:"))
            .unwrap_or(lines.len());
        (at, at)
    };
    let mut out = String::with_capacity(text.len() + 200);
    for l in &lines[..start] {
        out.push_str(l);
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&record.block());
    for l in &lines[end..] {
        out.push_str(l);
    }
    out
}

/// Rewrites the assessment file at `path` with `record` as its review.
pub fn record_review_file(path: &Path, record: &ReviewRecord) -> Result<(), AssessmentError> {
    let shown = path.display().to_string();
    let read_error = |message: String| AssessmentError::Read {
        path: shown.clone(),
        message,
    };
    let text = rampart_yaml::read_input(path, MAX_ASSESSMENT_BYTES)
        .map_err(|e| read_error(e.to_string()))?;
    std::fs::write(path, record_review(&text, record)).map_err(|e| read_error(e.to_string()))
}

/// `s` as a double-quoted YAML scalar, safe whatever it holds.
pub(crate) fn yaml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
