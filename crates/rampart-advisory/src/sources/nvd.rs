//! NVD CVE API 2.0 JSON (<https://nvd.nist.gov/developers/vulnerabilities>): an API response
//! or a 2.0 JSON feed file (`{"resultsPerPage", …, "vulnerabilities": [{"cve": {…}}]}`), one
//! `{"cve": {…}}` wrapper, or a bare `cve` object.
//!
//! The `vulnerabilities` array is read element by element by a serde `SeqAccess` visitor that
//! hands each record to the sink as soon as it is built, so a feed file of 100,000 CVEs never
//! sits in memory as a model. Each CVE maps onto [`Advisory`]: English description, dates,
//! `vulnStatus: Rejected` as withdrawn, CVSS metrics (v4.0, v3.1, v3.0, v2; the primary
//! scorer's first), CWE ids, references, and each configuration as an [`Affected::Cpe`] tree.
//! A CVE without configurations (not yet analysed) is kept with no `affected`: matching finds
//! nothing for it rather than guessing.

use std::fmt;

use serde::Deserialize;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::head::json_head;
use super::json::{self, Elements, nullable};
use crate::Record;
use crate::model::{
    Advisory, Affected, CpeConfiguration, CpeMatch, CpeNode, Operator, Origin, Reference,
    ScoreScheme, Severity,
};
use crate::source::{AdvisorySource, Input, ReadSummary, SourceError, problem};

/// The NVD source.
pub struct Nvd;

impl AdvisorySource for Nvd {
    fn id(&self) -> &'static str {
        "nvd"
    }

    fn describe(&self) -> &'static str {
        "NVD CVE API 2.0 responses and JSON 2.0 feed files (CPE configurations, CVSS, CWE)"
    }

    fn detect(&self, _name: &str, head: &[u8]) -> bool {
        json_head(head).is_some_and(|head| {
            !head.array
                && !head.has("catalogVersion")
                && (head.has("resultsPerPage")
                    || head.has("totalResults")
                    || (head.has("vulnerabilities") && head.has("format"))
                    || head.keys.first().is_some_and(|k| k == "cve")
                    || (head.has("id") && (head.has("sourceIdentifier") || head.has("vulnStatus"))))
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
                "expected an NVD CVE API 2.0 response or CVE object (a JSON object)",
            )));
        }
        let mut summary = ReadSummary::default();
        let mut each = |raw: &str, wrapped: bool, pointer: String| -> Result<(), String> {
            match parse_cve(input.name, text, raw, wrapped, pointer) {
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
        let mut stopped = None;
        let mut element =
            |i: usize, raw: &RawValue| each(raw.get(), true, format!("/vulnerabilities/{i}/cve"));
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let top = Top {
            elements: Elements {
                each: &mut element,
                stopped: &mut stopped,
            },
        };
        let shape = DeserializeSeed::deserialize(top, &mut deserializer)
            .map_err(|error| json::failure(input.name, &error, stopped.take()))?;
        match shape {
            Shape::Feed => {}
            Shape::Wrapper(raw) => {
                each(raw.get(), false, "/cve".to_owned()).map_err(SourceError::Sink)?;
            }
            Shape::Bare => each(text, false, String::new()).map_err(SourceError::Sink)?,
            Shape::Unknown => {
                return Err(SourceError::Invalid(problem(
                    input.name,
                    1,
                    1,
                    "not an NVD CVE API 2.0 document: no \"vulnerabilities\", \"cve\" or \"id\" key",
                )));
            }
        }
        Ok(summary)
    }
}

/// Which of the accepted shapes the top-level object had.
enum Shape<'de> {
    /// A response or feed file; its records went to the sink while it was read.
    Feed,
    /// `{"cve": {…}}`.
    Wrapper(&'de RawValue),
    /// A bare CVE object (`{"id": "CVE-…", …}`).
    Bare,
    /// None of them.
    Unknown,
}

/// Visits the top-level object: streams `vulnerabilities`, keeps `cve`, skips the rest.
struct Top<'f, F> {
    elements: Elements<'f, F>,
}

impl<'de, F> DeserializeSeed<'de> for Top<'_, F>
where
    F: FnMut(usize, &'de RawValue) -> Result<(), String>,
{
    type Value = Shape<'de>;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Shape<'de>, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, F> Visitor<'de> for Top<'_, F>
where
    F: FnMut(usize, &'de RawValue) -> Result<(), String>,
{
    type Value = Shape<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an NVD CVE API 2.0 response object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape<'de>, A::Error> {
        let Top { elements } = self;
        let mut elements = Some(elements);
        let (mut feed, mut wrapper, mut id) = (false, None, false);
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "vulnerabilities" if elements.is_some() => {
                    let seed = elements.take().expect("checked above");
                    map.next_value_seed(seed)?;
                    feed = true;
                }
                "cve" => wrapper = Some(map.next_value::<&'de RawValue>()?),
                other => {
                    id |= other == "id";
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(if feed {
            Shape::Feed
        } else if let Some(raw) = wrapper {
            Shape::Wrapper(raw)
        } else if id {
            Shape::Bare
        } else {
            Shape::Unknown
        })
    }
}

#[derive(Deserialize)]
struct Wrapper {
    cve: RawCve,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawCve {
    id: String,
    published: Option<String>,
    last_modified: Option<String>,
    vuln_status: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    descriptions: Vec<LangString>,
    #[serde(default, deserialize_with = "nullable")]
    metrics: RawMetrics,
    #[serde(default, deserialize_with = "nullable")]
    weaknesses: Vec<RawWeakness>,
    #[serde(default, deserialize_with = "nullable")]
    configurations: Vec<RawConfiguration>,
    #[serde(default, deserialize_with = "nullable")]
    references: Vec<RawReference>,
}

#[derive(Deserialize)]
struct LangString {
    lang: String,
    value: String,
}

#[derive(Deserialize, Default)]
struct RawMetrics {
    #[serde(rename = "cvssMetricV40", default, deserialize_with = "nullable")]
    v40: Vec<RawMetric>,
    #[serde(rename = "cvssMetricV31", default, deserialize_with = "nullable")]
    v31: Vec<RawMetric>,
    #[serde(rename = "cvssMetricV30", default, deserialize_with = "nullable")]
    v30: Vec<RawMetric>,
    #[serde(rename = "cvssMetricV2", default, deserialize_with = "nullable")]
    v2: Vec<RawMetric>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawMetric {
    source: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    cvss_data: RawCvssData,
    /// v2 puts the rating beside `cvssData`.
    base_severity: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawCvssData {
    vector_string: Option<String>,
    base_score: Option<f32>,
    base_severity: Option<String>,
}

#[derive(Deserialize)]
struct RawWeakness {
    #[serde(default, deserialize_with = "nullable")]
    description: Vec<LangString>,
}

#[derive(Deserialize)]
struct RawConfiguration {
    operator: Option<Operator>,
    #[serde(default)]
    negate: bool,
    #[serde(default, deserialize_with = "nullable")]
    nodes: Vec<RawNode>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawNode {
    operator: Option<Operator>,
    #[serde(default)]
    negate: bool,
    #[serde(default, deserialize_with = "nullable")]
    cpe_match: Vec<RawCpeMatch>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawCpeMatch {
    vulnerable: bool,
    criteria: String,
    version_start_including: Option<String>,
    version_start_excluding: Option<String>,
    version_end_including: Option<String>,
    version_end_excluding: Option<String>,
}

#[derive(Deserialize)]
struct RawReference {
    url: String,
    #[serde(default, deserialize_with = "nullable")]
    tags: Vec<String>,
}

/// Reads and checks one CVE (`wrapped`: inside `{"cve": …}`) from `raw`, a slice of `text`.
fn parse_cve(
    file: &str,
    text: &str,
    raw: &str,
    wrapped: bool,
    pointer: String,
) -> Result<Advisory, rampart_yaml::Problem> {
    let parsed = if wrapped {
        serde_json::from_str::<Wrapper>(raw).map(|w| w.cve)
    } else {
        serde_json::from_str::<RawCve>(raw)
    };
    let cve = parsed.map_err(|error| json::record_error(file, text, raw, "NVD CVE", &error))?;
    let id = cve.id.clone();
    convert(
        cve,
        Origin {
            file: file.to_owned(),
            pointer,
        },
    )
    .map_err(|reason| json::record_problem(file, text, raw, format!("{id} skipped: {reason}")))
}

fn convert(cve: RawCve, origin: Origin) -> Result<Advisory, String> {
    if cve.id.trim().is_empty() {
        return Err("its \"id\" is empty".to_owned());
    }
    let mut affected = Vec::with_capacity(cve.configurations.len());
    for (index, configuration) in cve.configurations.into_iter().enumerate() {
        affected.push(Affected::Cpe(
            convert_configuration(configuration)
                .map_err(|e| format!("configurations[{index}]: {e}"))?,
        ));
    }
    let withdrawn = (cve.vuln_status.as_deref() == Some("Rejected")).then(|| {
        cve.last_modified
            .clone()
            .or_else(|| cve.published.clone())
            .unwrap_or_default()
    });
    let details = cve
        .descriptions
        .into_iter()
        .find(|d| d.lang == "en" || d.lang.starts_with("en-"))
        .map(|d| d.value);
    let mut cwes: Vec<String> = Vec::new();
    for value in cve
        .weaknesses
        .into_iter()
        .flat_map(|w| w.description)
        .map(|d| d.value)
    {
        // NVD-CWE-Other and NVD-CWE-noinfo say there is no CWE.
        if value.starts_with("CWE-") && !cwes.contains(&value) {
            cwes.push(value);
        }
    }
    Ok(Advisory {
        id: cve.id,
        source: "nvd".to_owned(),
        aliases: Vec::new(),
        related: Vec::new(),
        summary: None,
        details,
        published: cve.published,
        modified: cve.last_modified,
        withdrawn,
        severities: severities(cve.metrics),
        affected,
        references: cve
            .references
            .into_iter()
            .map(|r| Reference {
                kind: r.tags.into_iter().next(),
                url: r.url,
            })
            .collect(),
        cwes,
        origin,
    })
}

/// CVSS v4.0, v3.1, v3.0, then v2; within each, the `Primary` scorer (NVD) before the CNA's
/// `Secondary` ones. A metric without a vector is dropped (matching never needs it, and a
/// score alone cannot be checked).
fn severities(metrics: RawMetrics) -> Vec<Severity> {
    let mut result = Vec::new();
    for (scheme, mut list) in [
        (ScoreScheme::CvssV4, metrics.v40),
        (ScoreScheme::CvssV3, metrics.v31),
        (ScoreScheme::CvssV3, metrics.v30),
        (ScoreScheme::CvssV2, metrics.v2),
    ] {
        list.sort_by_key(|m| m.kind.as_deref() != Some("Primary"));
        for metric in list {
            let Some(vector) = metric.cvss_data.vector_string else {
                continue;
            };
            result.push(Severity {
                scheme,
                vector: Some(vector),
                score: metric.cvss_data.base_score,
                rating: metric.cvss_data.base_severity.or(metric.base_severity),
                scorer: metric.source,
            });
        }
    }
    result
}

/// One configuration; every criterion must be a CPE (matching reads them as such).
fn convert_configuration(raw: RawConfiguration) -> Result<CpeConfiguration, String> {
    let mut nodes = Vec::with_capacity(raw.nodes.len());
    for (n, node) in raw.nodes.into_iter().enumerate() {
        let mut matches = Vec::with_capacity(node.cpe_match.len());
        for (m, criterion) in node.cpe_match.into_iter().enumerate() {
            if let Err(error) = rampart_sbom::Cpe::parse(&criterion.criteria) {
                return Err(format!(
                    "nodes[{n}].cpeMatch[{m}]: {:?} is not a CPE: {error}",
                    criterion.criteria
                ));
            }
            matches.push(CpeMatch {
                vulnerable: criterion.vulnerable,
                criteria: criterion.criteria,
                version_start_including: criterion.version_start_including,
                version_start_excluding: criterion.version_start_excluding,
                version_end_including: criterion.version_end_including,
                version_end_excluding: criterion.version_end_excluding,
            });
        }
        nodes.push(CpeNode {
            operator: node.operator.unwrap_or(Operator::Or),
            negate: node.negate,
            matches,
        });
    }
    Ok(CpeConfiguration {
        operator: raw.operator.unwrap_or(Operator::Or),
        negate: raw.negate,
        nodes,
    })
}
