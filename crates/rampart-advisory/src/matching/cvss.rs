//! Severity of a record from its scores: CVSS vectors parsed and scored by RustSec's `cvss`
//! crate (v2.0, v3.0, v3.1, v4.0), the stated score or rating when a vector is missing or
//! invalid, and the choice of one severity for a finding among its records.

use std::collections::HashMap;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::model::{Advisory, ScoreScheme, Severity};

use super::report::SeverityScore;

/// The qualitative CVSS rating scale (v3 and v4 share it; v2's has no Critical).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeverityLevel {
    /// Score 0.0.
    None,
    /// 0.1–3.9.
    Low,
    /// 4.0–6.9.
    Medium,
    /// 7.0–8.9.
    High,
    /// 9.0–10.0.
    Critical,
}

impl SeverityLevel {
    /// The CVSS v3/v4 band of a base score.
    pub fn of_score(score: f64) -> SeverityLevel {
        if score >= 9.0 {
            SeverityLevel::Critical
        } else if score >= 7.0 {
            SeverityLevel::High
        } else if score >= 4.0 {
            SeverityLevel::Medium
        } else if score > 0.0 {
            SeverityLevel::Low
        } else {
            SeverityLevel::None
        }
    }

    /// The CVSS v2 band (NVD's: Low below 4.0, Medium below 7.0, High from 7.0).
    fn of_v2_score(score: f64) -> SeverityLevel {
        match SeverityLevel::of_score(score) {
            SeverityLevel::Critical => SeverityLevel::High,
            level => level,
        }
    }

    /// A rating written in words by a source: CVSS names, Red Hat's and Ubuntu's
    /// (`important`, `moderate`, `negligible`), Debian's urgency (`unimportant`).
    pub fn of_rating(rating: &str) -> Option<SeverityLevel> {
        match rating.trim().to_ascii_lowercase().as_str() {
            "critical" => Some(SeverityLevel::Critical),
            "high" | "important" => Some(SeverityLevel::High),
            "medium" | "moderate" => Some(SeverityLevel::Medium),
            "low" | "negligible" | "unimportant" => Some(SeverityLevel::Low),
            "none" => Some(SeverityLevel::None),
            _ => None,
        }
    }
}

/// Vectors scored once per scan: records repeat the same few hundred vectors, and parsing
/// one costs more than the rest of a finding.
#[derive(Debug, Default)]
pub(crate) struct VectorScores(HashMap<ScoreScheme, HashMap<String, VectorScore>>);

/// A vector's score and level, or why it gave none.
type VectorScore = Result<(f64, SeverityLevel), String>;

impl VectorScores {
    /// Looked up by the borrowed vector: a known one costs no allocation.
    fn score(&mut self, scheme: ScoreScheme, vector: &str) -> VectorScore {
        let of_scheme = self.0.entry(scheme).or_default();
        if let Some(known) = of_scheme.get(vector) {
            return known.clone();
        }
        let scored = score_vector(scheme, vector);
        of_scheme.insert(vector.to_owned(), scored.clone());
        scored
    }
}

/// The severity one score of `advisory` gives, or `None` when it gives nothing usable.
pub fn score_severity(advisory: &Advisory, severity: &Severity) -> Option<SeverityScore> {
    score_severity_with(advisory, severity, &mut VectorScores::default())
}

/// [`score_severity`] with the vectors' scores kept in `scores`.
pub(crate) fn score_severity_with(
    advisory: &Advisory,
    severity: &Severity,
    scores: &mut VectorScores,
) -> Option<SeverityScore> {
    let scheme = match severity.scheme {
        ScoreScheme::CvssV2 => "cvss-v2",
        ScoreScheme::CvssV3 => "cvss-v3",
        ScoreScheme::CvssV4 => "cvss-v4",
        ScoreScheme::Rating => "rating",
    };
    let base = |level, score, vector, note| SeverityScore {
        level,
        score,
        vector,
        scheme: scheme.to_owned(),
        record: format!("{}:{}", advisory.source, advisory.id),
        scorer: severity.scorer.clone(),
        note,
    };
    let mut note = None;
    if let Some(vector) = &severity.vector {
        match scores.score(severity.scheme, vector) {
            Ok((score, level)) => {
                return Some(base(level, Some(score), Some(vector.clone()), None));
            }
            Err(cause) => note = Some(format!("vector {vector:?} not used: {cause}")),
        }
    }
    let fallback = |what: &str| match &note {
        Some(n) => Some(format!("{n}; used the stated {what}")),
        None => Some(format!("no vector; used the stated {what}")),
    };
    // Stated scores are f32 with one decimal: round so 9.8 stays 9.8 as f64.
    if let Some(score) = severity
        .score
        .map(|s| (f64::from(s) * 10.0).round() / 10.0)
        .filter(|s| (0.0..=10.0).contains(s))
    {
        let level = if severity.scheme == ScoreScheme::CvssV2 {
            SeverityLevel::of_v2_score(score)
        } else {
            SeverityLevel::of_score(score)
        };
        return Some(base(level, Some(score), None, fallback("score")));
    }
    let level = severity
        .rating
        .as_deref()
        .and_then(SeverityLevel::of_rating)?;
    let note = if severity.scheme == ScoreScheme::Rating && note.is_none() {
        None
    } else {
        fallback("rating")
    };
    Some(base(level, None, None, note))
}

/// Parses and scores a vector of `scheme`; the error says why it cannot be used.
fn score_vector(scheme: ScoreScheme, vector: &str) -> Result<(f64, SeverityLevel), String> {
    let text = vector.trim();
    match scheme {
        ScoreScheme::CvssV2 => {
            let text = text
                .strip_prefix("(")
                .and_then(|t| t.strip_suffix(")"))
                .unwrap_or(text);
            let parsed = cvss::v2::Vector::from_str(text).map_err(|e| e.to_string())?;
            let score = parsed.score().value();
            Ok((score, SeverityLevel::of_v2_score(score)))
        }
        ScoreScheme::CvssV3 | ScoreScheme::CvssV4 => {
            let wanted = if scheme == ScoreScheme::CvssV3 {
                ["CVSS:3.0/", "CVSS:3.1/"].as_slice()
            } else {
                ["CVSS:4.0/"].as_slice()
            };
            if !wanted.iter().any(|p| text.starts_with(p)) {
                return Err(format!(
                    "expected a vector starting with {}",
                    wanted.join(" or ")
                ));
            }
            let parsed = cvss::Cvss::from_str(text).map_err(|e| e.to_string())?;
            let score = parsed.score();
            Ok((score, SeverityLevel::of_score(score)))
        }
        ScoreScheme::Rating => Err("a rating has no vector".to_owned()),
    }
}

/// NVD's own analysts: their score is the primary one of an NVD record.
const NVD_PRIMARY: &str = "nvd@nist.gov";

/// The severity of a finding among its records' scores: the highest level, then the highest
/// score; among equals NVD's primary score, then the newer CVSS version (v4 over v3 over v2,
/// over words).
pub fn pick_severity(candidates: impl IntoIterator<Item = SeverityScore>) -> Option<SeverityScore> {
    fn rank(s: &SeverityScore) -> (SeverityLevel, i64, bool, u8) {
        let scheme = match s.scheme.as_str() {
            "cvss-v4" => 3,
            "cvss-v3" => 2,
            "cvss-v2" => 1,
            _ => 0,
        };
        // Scores are 0.0–10.0 with one decimal: tenths order them exactly.
        let tenths = s.score.map_or(0, |v| (v * 10.0).round() as i64);
        (
            s.level,
            tenths,
            s.scorer.as_deref() == Some(NVD_PRIMARY),
            scheme,
        )
    }
    candidates.into_iter().max_by(|a, b| rank(a).cmp(&rank(b)))
}
