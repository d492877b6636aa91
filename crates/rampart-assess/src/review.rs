//! The review cadence: when an assessment falls due, and whether what it assessed has changed
//! since its last review. IEC 62443 asks for continuous monitoring and at least an annual
//! review; Rampart makes both visible with `rampart assess status`.
//!
//! - **Due** on the day of the last review plus `review.interval_days` (365 by default). The
//!   last review is `review.last`, else the latest `assessed` date of any answer; an
//!   assessment never reviewed is due at once.
//! - **Changed** when the product version (`subject.version`), the SBOM's SHA-256
//!   (`subject.sbom`) or the advisory index's state differ from what `review.recorded` holds.
//!   Only what was recorded is compared: a field never recorded cannot have changed.
//! - The state is `due` from the due day on, else `changed` when something changed, else
//!   `current`. The changes are listed whatever the state.

use std::path::{Path, PathBuf};

use rampart_system::IsoDate;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::file::{ASSESSMENT_FILE_NAME, AssessmentFile, evidence_sha256};
use crate::results::Review;

/// The schema id of `rampart assess status --format json`.
pub const STATUS_SCHEMA: &str = "rampart.assess-status/1";

/// How deep `rampart assess status DIR` looks for assessment folders below DIR.
pub const MAX_SEARCH_DEPTH: usize = 4;

/// The state today, to compare with what the last review recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Observed {
    /// The SBOM's SHA-256 now, or why it cannot be read; `None` when the file names no SBOM.
    pub sbom_sha256: Option<Result<String, String>>,
    /// The advisory index's state token now; `None` when there is no index to compare with.
    pub advisory_index: Option<String>,
}

impl Observed {
    /// The state of `file`'s SBOM now (hashed from the assessment's folder), with the
    /// advisory index's state token when known.
    pub fn of(file: &AssessmentFile, advisory_index: Option<String>) -> Observed {
        let sbom_sha256 = file
            .subject
            .sbom
            .as_ref()
            .map(|path| evidence_sha256(&file.base_dir, path));
        Observed {
            sbom_sha256,
            advisory_index,
        }
    }
}

/// `date` plus `days`.
fn add_days(date: IsoDate, days: u32) -> IsoDate {
    let span = jiff::Span::new().days(i64::from(days));
    date.date()
        .checked_add(span)
        .map_or(date, |d| d.to_string().parse().unwrap_or(date))
}

/// When `file` falls due and whether it has changed, as of `today`.
pub fn review(file: &AssessmentFile, today: IsoDate, now: &Observed) -> Review {
    let last = file.review.last.or_else(|| file.latest_assessed());
    let mut changes = Vec::new();
    let recorded = &file.review.recorded;
    if let (Some(then), Some(current)) = (&recorded.version, &file.subject.version)
        && then != current
    {
        changes.push(format!(
            "the product version changed from {then} to {current}"
        ));
    }
    if let Some(then) = &recorded.sbom_sha256 {
        let sbom = file.subject.sbom.as_deref().unwrap_or("the SBOM");
        match &now.sbom_sha256 {
            Some(Ok(current)) if current != then => changes.push(format!(
                "the SBOM `{sbom}` changed (SHA-256 {} at the last review, {} now)",
                &then[..12],
                &current[..12.min(current.len())]
            )),
            Some(Err(e)) => changes.push(format!("the SBOM `{sbom}` cannot be read: {e}")),
            None => changes.push(
                "the SBOM reviewed is no longer named in the assessment (`subject.sbom`)"
                    .to_owned(),
            ),
            Some(Ok(_)) => {}
        }
    }
    if let (Some(then), Some(current)) = (&recorded.advisory_index, &now.advisory_index)
        && then != current
    {
        changes.push(
            "the advisory index was updated since the last review: new or changed advisories may affect the product"
                .to_owned(),
        );
    }
    let (due, state) = match last {
        None => {
            changes.insert(0, "never reviewed".to_owned());
            (today, "due")
        }
        Some(last) => {
            let due = add_days(last, file.review.interval_days);
            let state = if today >= due {
                "due"
            } else if changes.is_empty() {
                "current"
            } else {
                "changed"
            };
            (due, state)
        }
    };
    Review {
        last: last.map(|d| d.to_string()),
        due: due.to_string(),
        state: state.to_owned(),
        changes,
    }
}

/// The state token of an advisory index: SHA-256 over each source's id, record count and
/// last import and update times, in id order. Any import or update changes it.
pub fn advisory_index_state<'a>(
    sources: impl IntoIterator<Item = (&'a str, u64, Option<&'a str>, Option<&'a str>)>,
) -> String {
    let mut lines: Vec<String> = sources
        .into_iter()
        .map(|(id, records, import, update)| {
            format!(
                "{id}\t{records}\t{}\t{}\n",
                import.unwrap_or(""),
                update.unwrap_or("")
            )
        })
        .collect();
    lines.sort();
    let mut hasher = Sha256::new();
    for l in &lines {
        hasher.update(l.as_bytes());
    }
    format!("sha256:{}", crate::file::hex(&hasher.finalize()))
}

/// The assessment folders in `dir`: `dir` itself when it holds `assessment.yaml`, else every
/// folder below it (to [`MAX_SEARCH_DEPTH`] levels, hidden folders and links skipped) that
/// does, in path order.
pub fn find_assessments(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    search(dir, 0, &mut found)?;
    found.sort();
    Ok(found)
}

fn search(dir: &Path, depth: usize, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if dir.join(ASSESSMENT_FILE_NAME).is_file() {
        found.push(dir.join(ASSESSMENT_FILE_NAME));
        return Ok(());
    }
    if depth >= MAX_SEARCH_DEPTH {
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    entries.sort();
    for e in entries {
        search(&e, depth + 1, found)?;
    }
    Ok(())
}

/// One assessment in `rampart assess status`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusEntry {
    /// The assessment file.
    pub file: String,
    /// The subject's name.
    pub subject: String,
    /// Its version, when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Product, system or organisation.
    pub kind: crate::results::SubjectKind,
    /// When it falls due and why.
    pub review: Review,
    /// Answers expired or not yet in force today.
    pub lapsed_answers: usize,
}

impl StatusEntry {
    /// The entry for `file` as of `today`.
    pub fn new(file: &AssessmentFile, today: IsoDate, now: &Observed) -> StatusEntry {
        StatusEntry {
            file: file.file.clone(),
            subject: file.subject.name.clone(),
            version: file.subject.version.clone(),
            kind: file.subject.kind,
            review: review(file, today, now),
            lapsed_answers: file.lapsed_answers(today).len(),
        }
    }
}

/// `rampart assess status --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusDocument {
    /// Always [`STATUS_SCHEMA`].
    pub schema: &'static str,
    /// The day judged on.
    pub today: String,
    /// Every assessment found, in path order.
    pub assessments: Vec<StatusEntry>,
}

#[cfg(test)]
mod tests;
