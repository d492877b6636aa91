//! FIRST EPSS scores (<https://www.first.org/epss/data_stats>, `epss_scores-YYYY-MM-DD.csv`,
//! already decompressed by the importer): an optional comment line
//! `#model_version:v2023.03.01,score_date:2023-03-09T00:00:00+0000`, the header
//! `cve,epss,percentile`, then one line per CVE. Each line becomes an [`EpssScore`] carrying the
//! header's score date; a line that is not a CVE id with two numbers in 0–1 is skipped with
//! its line and column.

use crate::Record;
use crate::model::EpssScore;
use crate::source::{AdvisorySource, Input, ReadSummary, SourceError, problem};

/// The EPSS source.
pub struct Epss;

impl AdvisorySource for Epss {
    fn id(&self) -> &'static str {
        "epss"
    }

    fn describe(&self) -> &'static str {
        "FIRST EPSS scores (CSV: cve,epss,percentile with the model's score date)"
    }

    fn detect(&self, _name: &str, head: &[u8]) -> bool {
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        head.starts_with(b"#model_version:") || head.starts_with(b"cve,epss")
    }

    fn read(
        &self,
        input: Input<'_>,
        sink: &mut dyn FnMut(Record) -> Result<(), String>,
    ) -> Result<ReadSummary, SourceError> {
        let text = std::str::from_utf8(input.bytes).map_err(|error| {
            let (line, col) = super::json::position(input.bytes, error.valid_up_to());
            SourceError::Invalid(problem(input.name, line, col, "not valid UTF-8"))
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
        let mut date = None;
        let mut header = None;
        for (number, line) in lines.by_ref() {
            if let Some(comment) = line.strip_prefix('#') {
                date = date.or_else(|| score_date(comment));
            } else if !line.trim().is_empty() {
                header = Some((number, line));
                break;
            }
        }
        let Some((number, header)) = header else {
            return Err(SourceError::Invalid(problem(
                input.name,
                0,
                0,
                "no \"cve,epss,percentile\" header line",
            )));
        };
        let columns: Vec<&str> = header.split(',').map(str::trim).collect();
        if columns != ["cve", "epss", "percentile"] {
            return Err(SourceError::Invalid(problem(
                input.name,
                number,
                1,
                format!("expected the header \"cve,epss,percentile\", found {header:?}"),
            )));
        }
        let mut summary = ReadSummary::default();
        for (number, line) in lines {
            if line.trim().is_empty() {
                continue;
            }
            match parse_line(line, date.as_deref()) {
                Ok(score) => {
                    summary.records += 1;
                    sink(Record::Epss(score)).map_err(SourceError::Sink)?;
                }
                Err((col, message)) => {
                    summary.skipped.push(problem(
                        input.name,
                        number,
                        col,
                        format!("line skipped: {message}"),
                    ));
                }
            }
        }
        Ok(summary)
    }
}

/// `score_date` of the comment line, as `YYYY-MM-DD`.
fn score_date(comment: &str) -> Option<String> {
    comment.split(',').find_map(|part| {
        let (key, value) = part.split_once(':')?;
        let value = value.trim();
        (key.trim() == "score_date" && value.len() >= 10 && value.is_char_boundary(10))
            .then(|| value[..10].to_owned())
    })
}

/// One data line; `Err` gives the column and what is wrong.
fn parse_line(line: &str, date: Option<&str>) -> Result<EpssScore, (usize, String)> {
    let mut fields = Vec::with_capacity(3);
    let mut start = 0;
    for field in line.split(',') {
        fields.push((start + 1, field.trim()));
        start += field.len() + 1;
    }
    if fields.len() != 3 {
        return Err((
            1,
            format!(
                "expected 3 fields (cve,epss,percentile), found {}",
                fields.len()
            ),
        ));
    }
    let (_, cve) = fields[0];
    if !cve.starts_with("CVE-") {
        return Err((1, format!("{cve:?} is not a CVE id")));
    }
    let probability = unit_number(fields[1])?;
    let percentile = unit_number(fields[2])?;
    Ok(EpssScore {
        cve: cve.to_owned(),
        probability,
        percentile,
        date: date.map(str::to_owned),
    })
}

/// A number in 0–1.
fn unit_number((col, text): (usize, &str)) -> Result<f32, (usize, String)> {
    match text.parse::<f32>() {
        Ok(value) if (0.0..=1.0).contains(&value) => Ok(value),
        _ => Err((col, format!("{text:?} is not a number between 0 and 1"))),
    }
}
