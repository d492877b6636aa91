//! The Debian security tracker's JSON (<https://security-tracker.debian.org/tracker/data/json>):
//! source package → CVE (or `TEMP-…`) id → `{description, scope, debianbug, releases:
//! {codename: {status, fixed_version, urgency, repositories}}}`.
//!
//! Entries are grouped by id into one [`Advisory`] per CVE (source `debian-tracker`), with one
//! [`Affected::Package`] per (package, release) that is or may be affected, in the ecosystem
//! `Debian:<number>` (`bookworm` → `Debian:12`; `sid` → `Debian:unstable`):
//! - `resolved` with a `fixed_version`: affected from the start (`introduced: 0`) until that
//!   version (`fixed`);
//! - `resolved` with `fixed_version: "0"`: the release never had the flaw; no entry;
//! - `open`: affected, no fix yet (`introduced: 0` alone);
//! - `undetermined`: Debian has not ruled it out, so, like `open`, affected with no fix (a
//!   false alarm the user can dismiss is better than a silent miss).
//!
//! The release's `urgency` becomes a [`Severity`] rating (`not yet assigned` is none). The
//! whole file is read before the first advisory is handed on, because one CVE's entries are
//! spread over several packages.

use std::collections::BTreeMap;
use std::fmt;

use rampart_version::Ecosystem;
use serde::Deserialize;
use serde::de::{DeserializeSeed, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::head::json_head;
use super::json::{self, pointer_token};
use crate::Record;
use crate::model::{
    Advisory, Affected, AffectedPackage, Origin, OsvRange, RangeEvent, RangeKind, Reference,
    ScoreScheme, Severity,
};
use crate::source::{AdvisorySource, Input, ReadSummary, SourceError, problem};

/// The Debian security tracker source.
pub struct DebianTracker;

/// Release codenames and the number OSV's `Debian:<n>` ecosystems use.
const RELEASES: [(&str, &str); 20] = [
    ("buzz", "1.1"),
    ("rex", "1.2"),
    ("bo", "1.3"),
    ("hamm", "2.0"),
    ("slink", "2.1"),
    ("potato", "2.2"),
    ("woody", "3.0"),
    ("sarge", "3.1"),
    ("etch", "4"),
    ("lenny", "5"),
    ("squeeze", "6"),
    ("wheezy", "7"),
    ("jessie", "8"),
    ("stretch", "9"),
    ("buster", "10"),
    ("bullseye", "11"),
    ("bookworm", "12"),
    ("trixie", "13"),
    ("forky", "14"),
    ("sid", "unstable"),
];

/// The OSV-style ecosystem of a codename: `bookworm` → `Debian:12`, `sid` → `Debian:unstable`.
pub fn ecosystem_of_codename(codename: &str) -> Option<String> {
    RELEASES
        .iter()
        .find(|(name, _)| *name == codename)
        .map(|(_, number)| format!("Debian:{number}"))
}

impl AdvisorySource for DebianTracker {
    fn id(&self) -> &'static str {
        "debian-tracker"
    }

    fn describe(&self) -> &'static str {
        "Debian security tracker JSON (per source package and release: fixed version, status, urgency)"
    }

    fn detect(&self, _name: &str, head: &[u8]) -> bool {
        json_head(head).is_some_and(|head| {
            !head.array
                && head
                    .first_value_keys
                    .first()
                    .is_some_and(|k| k.starts_with("CVE-") || k.starts_with("TEMP-"))
        })
    }

    fn read(
        &self,
        input: Input<'_>,
        sink: &mut dyn FnMut(Record) -> Result<(), String>,
    ) -> Result<ReadSummary, SourceError> {
        let text = json::checked_text(&input)?;
        if json::first_byte(text) != Some(b'{') {
            return Err(SourceError::Invalid(problem(
                input.name,
                1,
                1,
                "expected the Debian tracker's JSON (an object of source packages)",
            )));
        }
        let mut grouping = Grouping {
            file: input.name,
            text,
            advisories: BTreeMap::new(),
            summary: ReadSummary::default(),
            unknown_codenames: Vec::new(),
        };
        let mut deserializer = serde_json::Deserializer::from_str(text);
        DeserializeSeed::deserialize(&mut grouping, &mut deserializer).map_err(|error| {
            SourceError::Invalid(crate::source::json_problem(input.name, &error))
        })?;
        let Grouping {
            advisories,
            mut summary,
            ..
        } = grouping;
        for advisory in advisories.into_values() {
            summary.records += 1;
            sink(Record::Advisory(Box::new(advisory))).map_err(SourceError::Sink)?;
        }
        Ok(summary)
    }
}

/// What reading the packages builds up.
struct Grouping<'a> {
    file: &'a str,
    text: &'a str,
    advisories: BTreeMap<String, Advisory>,
    summary: ReadSummary,
    /// Codenames already reported as unknown (reported once per file).
    unknown_codenames: Vec<String>,
}

#[derive(Deserialize)]
struct RawIssue {
    description: Option<String>,
    debianbug: Option<u64>,
    #[serde(default)]
    releases: BTreeMap<String, RawRelease>,
}

#[derive(Deserialize)]
struct RawRelease {
    status: String,
    fixed_version: Option<String>,
    urgency: Option<String>,
}

impl<'de> DeserializeSeed<'de> for &mut Grouping<'de> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for &mut Grouping<'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of source packages")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(package) = map.next_key::<String>()? {
            let raw = map.next_value::<&'de RawValue>()?;
            self.package(&package, raw.get());
        }
        Ok(())
    }
}

impl Grouping<'_> {
    /// Reads one package's issues; a package whose value has the wrong shape is skipped.
    fn package(&mut self, package: &str, raw: &str) {
        let issues: BTreeMap<String, RawIssue> = match serde_json::from_str(raw) {
            Ok(issues) => issues,
            Err(error) => {
                let what = format!("package {package:?}");
                let problem = json::record_error(self.file, self.text, raw, &what, &error);
                self.summary.skipped.push(problem);
                return;
            }
        };
        for (id, issue) in issues {
            self.issue(package, raw, &id, issue);
        }
    }

    fn issue(&mut self, package: &str, raw: &str, id: &str, issue: RawIssue) {
        let mut affected = Vec::new();
        let mut urgencies = Vec::new();
        for (codename, release) in issue.releases {
            let Some(ecosystem) = ecosystem_of_codename(&codename) else {
                if !self.unknown_codenames.contains(&codename) {
                    let message = format!(
                        "{package}/{id}: release {codename:?} is not a Debian codename Rampart knows; its entries are skipped"
                    );
                    self.summary
                        .skipped
                        .push(json::record_problem(self.file, self.text, raw, message));
                    self.unknown_codenames.push(codename);
                }
                continue;
            };
            if let Some(urgency) = release.urgency.filter(|u| u != "not yet assigned")
                && !urgencies.contains(&urgency)
            {
                urgencies.push(urgency);
            }
            let fixed = match (release.status.as_str(), release.fixed_version) {
                ("resolved", Some(version)) if version == "0" => continue,
                ("resolved", Some(version)) if !version.is_empty() => {
                    if let Err(error) = Ecosystem::Debian.validate(&version) {
                        let message = format!("{package}/{id}/{codename}: skipped: {error}");
                        self.summary
                            .skipped
                            .push(json::record_problem(self.file, self.text, raw, message));
                        continue;
                    }
                    Some(version)
                }
                ("open" | "undetermined", _) => None,
                (status, _) => {
                    let reason = if status == "resolved" {
                        "status \"resolved\" without a fixed version".to_owned()
                    } else {
                        format!("unknown status {status:?}")
                    };
                    let message = format!("{package}/{id}/{codename}: skipped: {reason}");
                    self.summary
                        .skipped
                        .push(json::record_problem(self.file, self.text, raw, message));
                    continue;
                }
            };
            let mut events = vec![RangeEvent::Introduced("0".to_owned())];
            events.extend(fixed.map(RangeEvent::Fixed));
            affected.push(Affected::Package(AffectedPackage {
                ecosystem,
                name: package.to_owned(),
                purl: None,
                ranges: vec![OsvRange {
                    kind: RangeKind::Ecosystem,
                    events,
                }],
                versions: Vec::new(),
            }));
        }
        let file = self.file;
        let advisory = self
            .advisories
            .entry(id.to_owned())
            .or_insert_with(|| Advisory {
                id: id.to_owned(),
                source: "debian-tracker".to_owned(),
                references: vec![Reference {
                    kind: Some("debian-tracker".to_owned()),
                    url: format!("https://security-tracker.debian.org/tracker/{id}"),
                }],
                origin: Origin {
                    file: file.to_owned(),
                    pointer: format!("/{}/{}", pointer_token(package), pointer_token(id)),
                },
                ..Advisory::default()
            });
        if advisory.summary.is_none() {
            advisory.summary = issue.description.filter(|d| !d.is_empty());
        }
        if let Some(bug) = issue.debianbug {
            let url = format!("https://bugs.debian.org/{bug}");
            if !advisory.references.iter().any(|r| r.url == url) {
                advisory.references.push(Reference {
                    kind: Some("debian-bug".to_owned()),
                    url,
                });
            }
        }
        for urgency in urgencies {
            if !advisory
                .severities
                .iter()
                .any(|s| s.rating.as_deref() == Some(&urgency))
            {
                advisory.severities.push(Severity {
                    scheme: ScoreScheme::Rating,
                    vector: None,
                    score: None,
                    rating: Some(urgency),
                    scorer: Some("debian".to_owned()),
                });
            }
        }
        advisory.affected.extend(affected);
    }
}
