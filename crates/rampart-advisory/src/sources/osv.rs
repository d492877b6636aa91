//! OSV records (<https://ossf.github.io/osv-schema/>): one record per file, as in the
//! members of OSV's per-ecosystem `all.zip` and its folders, or a JSON array of records.
//!
//! Each record maps field by field onto [`Advisory`]; `affected[]` entries become
//! [`Affected::Package`] with their ranges and versions as written. What matching relies on
//! is checked before a record is kept: every range has an `introduced` event and events of one
//! kind each, and, where Rampart knows the ecosystem's version scheme, every event version is
//! valid in it (`SEMVER` ranges always as semver). A record that fails is skipped with its
//! place and reason; the rest of the file still imports.

use rampart_version::Ecosystem;
use rampart_version::osv::{Event, Range};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::head::json_head;
use super::json::{self, Elements, nullable};
use crate::model::{
    Advisory, Affected, AffectedPackage, Origin, OsvRange, RangeEvent, RangeKind, Reference,
    ScoreScheme, Severity,
};
use crate::source::{AdvisorySource, Input, ReadSummary, SourceError};
use crate::{Record, key};

/// The OSV source.
pub struct Osv;

/// Keys only an OSV record has at its top level (with `id`).
const OSV_KEYS: [&str; 9] = [
    "schema_version",
    "modified",
    "published",
    "withdrawn",
    "aliases",
    "related",
    "summary",
    "details",
    "affected",
];

impl AdvisorySource for Osv {
    fn id(&self) -> &'static str {
        "osv"
    }

    fn describe(&self) -> &'static str {
        "OSV records (osv.dev exports, GitHub, PyPA, Go, RustSec, distro OSV feeds), one per file or an array"
    }

    fn detect(&self, _name: &str, head: &[u8]) -> bool {
        json_head(head).is_some_and(|head| {
            head.has("id")
                && OSV_KEYS.iter().any(|k| head.has(k))
                && !head.has("sourceIdentifier")
                && !head.has("vulnStatus")
        })
    }

    fn read(
        &self,
        input: Input<'_>,
        sink: &mut dyn FnMut(Record) -> Result<(), String>,
    ) -> Result<ReadSummary, SourceError> {
        let text = json::checked_text(&input)?;
        let mut summary = ReadSummary::default();
        let mut each = |index: Option<usize>, raw: &str| -> Result<(), String> {
            let pointer = index.map(|i| format!("/{i}")).unwrap_or_default();
            match parse_record(input.name, text, raw, pointer) {
                Ok(advisory) => {
                    summary.records += 1;
                    sink(Record::Advisory(Box::new(advisory)))
                }
                Err(problem) => {
                    summary.skipped.push(problem);
                    Ok(())
                }
            }
        };
        match json::first_byte(text) {
            Some(b'{') => each(None, text).map_err(SourceError::Sink)?,
            Some(b'[') => {
                let mut stopped = None;
                let mut element = |i: usize, raw: &RawValue| each(Some(i), raw.get());
                let seed = Elements {
                    each: &mut element,
                    stopped: &mut stopped,
                };
                let mut deserializer = serde_json::Deserializer::from_str(text);
                serde::de::DeserializeSeed::deserialize(seed, &mut deserializer)
                    .map_err(|error| json::failure(input.name, &error, stopped.take()))?;
            }
            _ => {
                return Err(SourceError::Invalid(crate::source::problem(
                    input.name,
                    1,
                    1,
                    "expected an OSV record (a JSON object) or an array of records",
                )));
            }
        }
        Ok(summary)
    }
}

/// One OSV record as written; unknown fields (`database_specific` beyond `cwe_ids`,
/// `ecosystem_specific`, `credits`) are skipped without being built.
#[derive(Deserialize)]
struct RawRecord<'a> {
    id: String,
    #[serde(default, deserialize_with = "nullable")]
    aliases: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    upstream: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    related: Vec<String>,
    summary: Option<String>,
    details: Option<String>,
    published: Option<String>,
    modified: Option<String>,
    withdrawn: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    severity: Vec<RawSeverity>,
    #[serde(default, deserialize_with = "nullable")]
    affected: Vec<RawAffected>,
    #[serde(default, deserialize_with = "nullable")]
    references: Vec<RawReference>,
    #[serde(borrow)]
    database_specific: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct RawSeverity {
    #[serde(rename = "type")]
    kind: Option<String>,
    score: Option<String>,
}

#[derive(Deserialize)]
struct RawAffected {
    package: Option<RawPackage>,
    #[serde(default, deserialize_with = "nullable")]
    ranges: Vec<RawRange>,
    #[serde(default, deserialize_with = "nullable")]
    versions: Vec<String>,
}

#[derive(Deserialize)]
struct RawPackage {
    ecosystem: String,
    name: String,
    purl: Option<String>,
}

#[derive(Deserialize)]
struct RawRange {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, deserialize_with = "nullable")]
    events: Vec<RawEvent>,
}

#[derive(Deserialize)]
struct RawEvent {
    introduced: Option<String>,
    fixed: Option<String>,
    last_affected: Option<String>,
    limit: Option<String>,
}

#[derive(Deserialize)]
struct RawReference {
    #[serde(rename = "type")]
    kind: Option<String>,
    url: String,
}

/// `database_specific.cwe_ids`, where GitHub and some others put CWE ids; read leniently
/// because `database_specific` is free-form.
#[derive(Deserialize)]
struct DatabaseSpecific {
    #[serde(default)]
    cwe_ids: Vec<String>,
}

/// Reads and checks the record `raw` (a slice of `text`).
fn parse_record(
    file: &str,
    text: &str,
    raw: &str,
    pointer: String,
) -> Result<Advisory, rampart_yaml::Problem> {
    let record: RawRecord = serde_json::from_str(raw)
        .map_err(|error| json::record_error(file, text, raw, "OSV record", &error))?;
    let id = record.id.clone();
    if id.trim().is_empty() {
        return Err(json::record_problem(
            file,
            text,
            raw,
            "OSV record skipped: its \"id\" is empty".to_owned(),
        ));
    }
    convert(
        record,
        Origin {
            file: file.to_owned(),
            pointer,
        },
    )
    .map_err(|reason| json::record_problem(file, text, raw, format!("{id} skipped: {reason}")))
}

/// Builds the advisory; `Err` says why the record cannot be used.
fn convert(record: RawRecord<'_>, origin: Origin) -> Result<Advisory, String> {
    let mut affected = Vec::with_capacity(record.affected.len());
    for (index, entry) in record.affected.into_iter().enumerate() {
        if let Some(package) =
            convert_affected(entry).map_err(|e| format!("affected[{index}]: {e}"))?
        {
            affected.push(Affected::Package(package));
        }
    }
    let mut aliases = record.aliases;
    for id in record.upstream {
        if !aliases.contains(&id) {
            aliases.push(id);
        }
    }
    let cwes = record
        .database_specific
        .and_then(|raw| serde_json::from_str::<DatabaseSpecific>(raw.get()).ok())
        .map(|d| d.cwe_ids)
        .unwrap_or_default();
    Ok(Advisory {
        id: record.id,
        source: "osv".to_owned(),
        aliases,
        related: record.related,
        summary: record.summary,
        details: record.details,
        published: record.published,
        modified: record.modified,
        withdrawn: record.withdrawn,
        severities: record.severity.into_iter().filter_map(severity).collect(),
        affected,
        references: record
            .references
            .into_iter()
            .map(|r| Reference {
                kind: r.kind,
                url: r.url,
            })
            .collect(),
        cwes,
        origin,
    })
}

/// A `severity[]` entry: CVSS types keep their vector (a bare number is read as a stated
/// score), `Ubuntu` is a rating; other types, and entries without type or score, are dropped
/// (they carry nothing Rampart can use).
fn severity(raw: RawSeverity) -> Option<Severity> {
    let (kind, score) = (raw.kind?, raw.score?);
    let scheme = match kind.as_str() {
        "CVSS_V2" => ScoreScheme::CvssV2,
        "CVSS_V3" => ScoreScheme::CvssV3,
        "CVSS_V4" => ScoreScheme::CvssV4,
        "Ubuntu" => {
            return Some(Severity {
                scheme: ScoreScheme::Rating,
                vector: None,
                score: None,
                rating: Some(score),
                scorer: Some("Ubuntu".to_owned()),
            });
        }
        _ => return None,
    };
    let stated = score
        .trim()
        .parse::<f32>()
        .ok()
        .filter(|s| (0.0..=10.0).contains(s));
    Some(Severity {
        scheme,
        vector: if stated.is_some() { None } else { Some(score) },
        score: stated,
        rating: None,
        scorer: None,
    })
}

/// One `affected[]` entry; `Ok(None)` for an entry without `package` whose ranges are all
/// `GIT` (the schema allows it; it names commits, never a component, so matching cannot use it).
fn convert_affected(entry: RawAffected) -> Result<Option<AffectedPackage>, String> {
    let Some(package) = entry.package else {
        if entry.ranges.iter().all(|r| r.kind == "GIT") {
            for (index, range) in entry.ranges.into_iter().enumerate() {
                convert_range(None, range).map_err(|e| format!("ranges[{index}]: {e}"))?;
            }
            return Ok(None);
        }
        return Err("it has no \"package\" but has non-GIT ranges".to_owned());
    };
    if package.name.trim().is_empty() || package.ecosystem.trim().is_empty() {
        return Err("its package has an empty name or ecosystem".to_owned());
    }
    let scheme = version_scheme(&package.ecosystem);
    let mut ranges = Vec::with_capacity(entry.ranges.len());
    for (index, range) in entry.ranges.into_iter().enumerate() {
        let range = convert_range(scheme, range).map_err(|e| {
            format!(
                "{} {}: ranges[{index}]: {e}",
                package.ecosystem, package.name
            )
        })?;
        ranges.push(range);
    }
    Ok(Some(AffectedPackage {
        ecosystem: package.ecosystem,
        name: package.name,
        purl: package.purl,
        ranges,
        versions: entry.versions,
    }))
}

/// The version scheme of an OSV ecosystem, where Rampart knows it for certain; others are
/// imported with their ranges checked for shape only.
pub(crate) fn version_scheme(ecosystem: &str) -> Option<Ecosystem> {
    match key::base_ecosystem(ecosystem).as_str() {
        "debian" | "ubuntu" => Some(Ecosystem::Debian),
        "alpine" | "wolfi" | "chainguard" => Some(Ecosystem::Alpine),
        "pypi" => Some(Ecosystem::Pypi),
        "maven" => Some(Ecosystem::Maven),
        "red hat" | "rocky linux" | "almalinux" | "suse" | "opensuse" | "mageia" => {
            Some(Ecosystem::Rpm)
        }
        _ => None,
    }
}

/// One range, checked: `SEMVER` against semver, `ECOSYSTEM` against `scheme` when known,
/// `GIT` (commits) for shape only.
fn convert_range(scheme: Option<Ecosystem>, range: RawRange) -> Result<OsvRange, String> {
    let kind = match range.kind.as_str() {
        "SEMVER" => RangeKind::Semver,
        "ECOSYSTEM" => RangeKind::Ecosystem,
        "GIT" => RangeKind::Git,
        other => return Err(format!("unknown range type {other:?}")),
    };
    let mut events = Vec::with_capacity(range.events.len());
    for (index, event) in range.events.into_iter().enumerate() {
        events.push(convert_event(event).map_err(|e| format!("events[{index}]: {e}"))?);
    }
    let check = match kind {
        RangeKind::Semver => Some(Ecosystem::Semver),
        RangeKind::Ecosystem => scheme,
        RangeKind::Git => None,
    };
    // Without a version scheme the shape rules still hold; Generic accepts any non-empty text.
    let scheme = check.unwrap_or(Ecosystem::Generic);
    let for_check: Vec<Event> = events
        .iter()
        .map(|e| match e {
            RangeEvent::Introduced(v) => Event::Introduced(shape_only(check, v)),
            RangeEvent::Fixed(v) => Event::Fixed(shape_only(check, v)),
            RangeEvent::LastAffected(v) => Event::LastAffected(shape_only(check, v)),
            RangeEvent::Limit(v) => Event::Limit(shape_only(check, v)),
        })
        .collect();
    Range::new(scheme, for_check).map_err(|e| e.to_string())?;
    Ok(OsvRange { kind, events })
}

/// The version to check: as written when there is a scheme, else a stand-in every scheme
/// accepts (so only the shape of the range is checked). Markers stay markers.
fn shape_only(check: Option<Ecosystem>, version: &str) -> String {
    match check {
        Some(_) => version.to_owned(),
        None if version == "0" || version == "*" => version.to_owned(),
        None => "1".to_owned(),
    }
}

/// An event object has exactly one of `introduced`, `fixed`, `last_affected`, `limit`.
fn convert_event(event: RawEvent) -> Result<RangeEvent, String> {
    let mut found = [
        event.introduced.map(RangeEvent::Introduced),
        event.fixed.map(RangeEvent::Fixed),
        event.last_affected.map(RangeEvent::LastAffected),
        event.limit.map(RangeEvent::Limit),
    ]
    .into_iter()
    .flatten();
    match (found.next(), found.next()) {
        (Some(event), None) => Ok(event),
        (None, _) => {
            Err("an event needs one of introduced, fixed, last_affected, limit".to_owned())
        }
        (Some(_), Some(_)) => {
            Err("an event has more than one of introduced, fixed, last_affected, limit".to_owned())
        }
    }
}
