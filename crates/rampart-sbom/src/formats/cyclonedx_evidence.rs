//! CycloneDX `component.evidence` (identity and occurrences) read into and written from the
//! neutral [`Evidence`]. Licences, copyright and call stacks of evidence are not kept.
//!
//! CycloneDX 1.5 wrote `identity` as one object, 1.6 as an array (the object form
//! deprecated): both are read, the array is written.

use serde::{Deserialize, Serialize};

use crate::evidence::{Confidence, Evidence, IDENTITY_FIELDS, Identity, Method, Occurrence};

/// `evidence`, the kept fields.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct RawEvidence {
    pub identity: Option<RawIdentities>,
    #[serde(default)]
    pub occurrences: Vec<RawOccurrence>,
}

/// `identity`: an array (1.6) or one object (1.5).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum RawIdentities {
    Many(Vec<RawIdentity>),
    One(RawIdentity),
}

/// One identity.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawIdentity {
    pub field: String,
    pub confidence: Option<f64>,
    pub concluded_value: Option<String>,
    #[serde(default)]
    pub methods: Vec<RawMethod>,
}

/// One method.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct RawMethod {
    pub technique: String,
    pub confidence: f64,
    pub value: Option<String>,
}

/// One occurrence.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawOccurrence {
    pub location: String,
    pub offset: Option<u64>,
    pub symbol: Option<String>,
    pub additional_context: Option<String>,
}

/// The neutral evidence of `raw`, or the first thing wrong with it (a confidence outside
/// 0..=1, an unknown field or technique) as a message and the text to locate it by.
pub(crate) fn read(raw: RawEvidence) -> Result<Evidence, (String, String)> {
    let identities = match raw.identity {
        None => Vec::new(),
        Some(RawIdentities::Many(list)) => list,
        Some(RawIdentities::One(one)) => vec![one],
    };
    let mut identity = Vec::new();
    for i in identities {
        if !IDENTITY_FIELDS.contains(&i.field.as_str()) {
            return Err((
                format!(
                    "evidence identity field {:?} is not a CycloneDX one",
                    i.field
                ),
                format!("\"{}\"", i.field),
            ));
        }
        let overall = match i.confidence {
            None => None,
            Some(c) => Some(confidence(c)?),
        };
        let mut methods = Vec::new();
        for m in i.methods {
            if !crate::evidence::TECHNIQUES.contains(&m.technique.as_str()) {
                return Err((
                    format!(
                        "evidence technique {:?} is not a CycloneDX one",
                        m.technique
                    ),
                    format!("\"{}\"", m.technique),
                ));
            }
            methods.push(Method {
                technique: m.technique,
                confidence: confidence(m.confidence)?,
                value: m.value,
            });
        }
        identity.push(Identity {
            field: i.field,
            confidence: overall,
            concluded_value: i.concluded_value,
            methods,
        });
    }
    let occurrences = raw
        .occurrences
        .into_iter()
        .map(|o| Occurrence {
            location: o.location,
            offset: o.offset,
            symbol: o.symbol,
            additional_context: o.additional_context,
        })
        .collect();
    Ok(Evidence {
        identity,
        occurrences,
    })
}

fn confidence(value: f64) -> Result<Confidence, (String, String)> {
    Confidence::from_decimal(value).ok_or_else(|| {
        (
            format!("evidence confidence {value} is not between 0 and 1"),
            "\"confidence\"".to_owned(),
        )
    })
}

/// `evidence` as written.
#[derive(Serialize)]
pub(crate) struct OutEvidence<'a> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    identity: Vec<OutIdentity<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    occurrences: Vec<OutOccurrence<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OutIdentity<'a> {
    field: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    concluded_value: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    methods: Vec<OutMethod<'a>>,
}

#[derive(Serialize)]
struct OutMethod<'a> {
    technique: &'a str,
    confidence: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OutOccurrence<'a> {
    location: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    offset: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    symbol: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    additional_context: Option<&'a str>,
}

/// The evidence as CycloneDX 1.6 writes it; `None` when empty (the schema wants at least one
/// part). Unknown fields and techniques cannot be read in, so they are written as they are.
pub(crate) fn write(evidence: Option<&Evidence>) -> Option<OutEvidence<'_>> {
    let evidence = evidence.filter(|e| !e.is_empty())?;
    Some(OutEvidence {
        identity: evidence
            .identity
            .iter()
            .map(|i| OutIdentity {
                field: &i.field,
                confidence: i.confidence.map(Confidence::as_decimal),
                concluded_value: i.concluded_value.as_deref(),
                methods: i
                    .methods
                    .iter()
                    .map(|m| OutMethod {
                        technique: &m.technique,
                        confidence: m.confidence.as_decimal(),
                        value: m.value.as_deref(),
                    })
                    .collect(),
            })
            .collect(),
        occurrences: evidence
            .occurrences
            .iter()
            .map(|o| OutOccurrence {
                location: &o.location,
                offset: o.offset,
                symbol: o.symbol.as_deref(),
                additional_context: o.additional_context.as_deref(),
            })
            .collect(),
    })
}
