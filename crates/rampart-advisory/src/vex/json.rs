//! What the three JSON formats share: the size bound, RFC 3339 times checked while parsing
//! (so a bad one is a located problem), and the deterministic ids writers derive.

use std::fmt;

use rampart_yaml::Problem;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

use super::{MAX_VEX_BYTES, VexDocument};
use crate::source::{json_problem, problem};

/// Refuses an input over [`MAX_VEX_BYTES`] before parsing it.
pub(crate) fn check_size(name: &str, bytes: &[u8]) -> Result<(), Problem> {
    if bytes.len() > MAX_VEX_BYTES {
        return Err(problem(
            name,
            0,
            0,
            format!(
                "has {} bytes; the limit for a VEX document is {MAX_VEX_BYTES}",
                bytes.len()
            ),
        ));
    }
    Ok(())
}

/// Parses `bytes` as `T`, a syntax or type error becoming a located problem.
pub(crate) fn parse<T: de::DeserializeOwned>(name: &str, bytes: &[u8]) -> Result<T, Problem> {
    check_size(name, bytes)?;
    serde_json::from_slice(bytes).map_err(|e| json_problem(name, &e))
}

/// An RFC 3339 time as written, checked when read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub(crate) struct Time(pub String);

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if parse_time(&text).is_none() {
            return Err(de::Error::custom(format!(
                "{text:?} is not an RFC 3339 date-time (such as 2024-05-01T12:00:00Z)"
            )));
        }
        Ok(Time(text))
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The instant of an RFC 3339 time, `None` when it is not one.
pub(crate) fn parse_time(text: &str) -> Option<jiff::Timestamp> {
    text.parse::<jiff::Timestamp>().ok()
}

/// The document's time, or else the latest statement time, or else the Unix epoch: writers
/// never read the clock, so the same document always writes the same bytes.
pub(crate) fn document_time(doc: &VexDocument) -> String {
    if let Some(t) = &doc.timestamp {
        return t.clone();
    }
    doc.statements
        .iter()
        .filter_map(|s| s.timestamp.as_deref())
        .filter_map(|t| parse_time(t).map(|at| (at, t)))
        .max_by_key(|(at, _)| *at)
        .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |(_, t)| t.to_owned())
}

/// A deterministic UUID for `doc`: the name-based (v5) UUID of its statements, so writing
/// the same statements twice gives the same id and different ones a different id.
pub(crate) fn document_uuid(doc: &VexDocument) -> uuid::Uuid {
    let content = serde_json::to_string(&doc.statements).unwrap_or_default();
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, content.as_bytes())
}

/// Text that is present and not blank.
pub(crate) fn non_blank(text: Option<String>) -> Option<String> {
    text.filter(|t| !t.trim().is_empty())
}

/// A package URL, checked and brought to canonical form when read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PurlText(pub String);

impl<'de> Deserialize<'de> for PurlText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        rampart_sbom::Purl::normalise(&text)
            .map(PurlText)
            .map_err(de::Error::custom)
    }
}

/// A CPE name (2.3 formatted string or 2.2 URI), checked when read and kept as a 2.3
/// formatted string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CpeText(pub String);

impl<'de> Deserialize<'de> for CpeText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        rampart_sbom::Cpe::parse(&text)
            .map(|c| CpeText(c.to_formatted_string()))
            .map_err(de::Error::custom)
    }
}

/// Canonical form of an identifier that may be a purl or a CPE, `None` when it is neither.
pub(crate) fn classify(id: &str) -> Option<(Option<String>, Option<String>)> {
    if let Ok(purl) = rampart_sbom::Purl::normalise(id) {
        return Some((Some(purl), None));
    }
    if id.starts_with("cpe:")
        && let Ok(cpe) = rampart_sbom::Cpe::parse(id)
    {
        return Some((None, Some(cpe.to_formatted_string())));
    }
    None
}

/// The canonical purl in `text`, `None` when it is not one: SBOM data inside a VEX file
/// (CycloneDX components, CSAF helpers) with a broken purl still leaves the product its
/// other identifiers, instead of refusing the whole document.
pub(crate) fn valid_purl(text: Option<&str>) -> Option<String> {
    rampart_sbom::Purl::normalise(text?).ok()
}

/// The CPE 2.3 formatted string of the CPE in `text`, `None` when it is not one.
pub(crate) fn valid_cpe(text: Option<&str>) -> Option<String> {
    rampart_sbom::Cpe::parse(text?)
        .ok()
        .map(|c| c.to_formatted_string())
}

/// Deserialises one of two shapes, a string or a map, keeping the map's own located
/// errors (serde's untagged enums replace them with "did not match any variant").
pub(crate) struct StringOrMap<T>(std::marker::PhantomData<T>);

/// A value written either as a plain string or as a map.
pub(crate) enum Either<T> {
    /// The plain string.
    Text(String),
    /// The map.
    Map(T),
}

impl<'de, T: Deserialize<'de>> de::Visitor<'de> for StringOrMap<T> {
    type Value = Either<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or an object")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Either::Text(v.to_owned()))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Either::Map)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Either<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StringOrMap(std::marker::PhantomData))
    }
}
