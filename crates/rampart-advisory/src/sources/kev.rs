//! The CISA Known Exploited Vulnerabilities catalog
//! (<https://www.cisa.gov/known-exploited-vulnerabilities-catalog>,
//! `known_exploited_vulnerabilities.json`): each `vulnerabilities[]` entry becomes a
//! [`KevEntry`], which enriches every advisory of that CVE. An entry without a CVE id or a
//! `dateAdded` is skipped with its place.

use serde::Deserialize;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;

use super::head::json_head;
use super::json::{self, Elements};
use crate::Record;
use crate::model::KevEntry;
use crate::source::{AdvisorySource, Input, ReadSummary, SourceError, problem};

/// The KEV source.
pub struct Kev;

impl AdvisorySource for Kev {
    fn id(&self) -> &'static str {
        "kev"
    }

    fn describe(&self) -> &'static str {
        "CISA Known Exploited Vulnerabilities catalog (known_exploited_vulnerabilities.json)"
    }

    fn detect(&self, _name: &str, head: &[u8]) -> bool {
        json_head(head).is_some_and(|head| {
            !head.array && (head.has("catalogVersion") || head.has("dateReleased"))
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
                "expected the KEV catalog (a JSON object with \"vulnerabilities\")",
            )));
        }
        let mut summary = ReadSummary::default();
        let mut stopped = None;
        let mut element = |_: usize, raw: &RawValue| -> Result<(), String> {
            match parse_entry(input.name, text, raw.get()) {
                Ok(entry) => {
                    summary.records += 1;
                    sink(Record::Kev(entry))
                }
                Err(problem) => {
                    summary.skipped.push(problem);
                    Ok(())
                }
            }
        };
        let catalog = Catalog {
            elements: Elements {
                each: &mut element,
                stopped: &mut stopped,
            },
        };
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let found = DeserializeSeed::deserialize(catalog, &mut deserializer)
            .map_err(|error| json::failure(input.name, &error, stopped.take()))?;
        if !found {
            return Err(SourceError::Invalid(problem(
                input.name,
                1,
                1,
                "not a KEV catalog: no \"vulnerabilities\" array",
            )));
        }
        Ok(summary)
    }
}

/// Visits the catalog object, streaming `vulnerabilities`; the value says whether it was there.
struct Catalog<'f, F> {
    elements: Elements<'f, F>,
}

impl<'de, F> DeserializeSeed<'de> for Catalog<'_, F>
where
    F: FnMut(usize, &'de RawValue) -> Result<(), String>,
{
    type Value = bool;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, F> Visitor<'de> for Catalog<'_, F>
where
    F: FnMut(usize, &'de RawValue) -> Result<(), String>,
{
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the KEV catalog object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let mut elements = Some(self.elements);
        let mut found = false;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match (key.as_ref(), elements.take()) {
                ("vulnerabilities", Some(seed)) => {
                    map.next_value_seed(seed)?;
                    found = true;
                }
                (_, seed) => {
                    elements = seed;
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(found)
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawEntry {
    #[serde(rename = "cveID")]
    cve_id: String,
    #[serde(default)]
    vendor_project: String,
    #[serde(default)]
    product: String,
    #[serde(default)]
    vulnerability_name: String,
    date_added: String,
    due_date: Option<String>,
    required_action: Option<String>,
    known_ransomware_campaign_use: Option<String>,
}

fn parse_entry(file: &str, text: &str, raw: &str) -> Result<KevEntry, rampart_yaml::Problem> {
    let entry: RawEntry = serde_json::from_str(raw)
        .map_err(|error| json::record_error(file, text, raw, "KEV entry", &error))?;
    if !entry.cve_id.starts_with("CVE-") {
        return Err(json::record_problem(
            file,
            text,
            raw,
            format!("KEV entry skipped: {:?} is not a CVE id", entry.cve_id),
        ));
    }
    Ok(KevEntry {
        cve: entry.cve_id,
        vendor_project: entry.vendor_project,
        product: entry.product,
        name: entry.vulnerability_name,
        date_added: entry.date_added,
        due_date: entry.due_date,
        required_action: entry.required_action,
        ransomware: entry.known_ransomware_campaign_use.as_deref() == Some("Known"),
    })
}
