//! CycloneDX JSON: reads spec 1.4–1.6 into the neutral [`Sbom`], writes spec 1.6.
//!
//! serde_json places syntax and type errors (line and column) and refuses nesting deeper than
//! 128 levels; the checks after parsing are in [`super::cyclonedx`].

use serde::Serialize;

use crate::{Component, Sbom, SbomError};

use super::cyclonedx::{self, EXTRA_CPE_PROPERTY, RawBom};
use super::{cyclonedx_evidence, mapping};

/// Reads a CycloneDX JSON document (`text`, from `file`).
pub(crate) fn read(file: &str, text: &str) -> Result<Sbom, SbomError> {
    let raw: RawBom = serde_json::from_str(text).map_err(|e| json_error(file, &e))?;
    cyclonedx::into_sbom(file, text, raw).map_err(SbomError::Invalid)
}

/// A serde_json error as a located problem.
pub(crate) fn json_error(file: &str, e: &serde_json::Error) -> SbomError {
    let message = e.to_string();
    // serde_json appends " at line L column C"; the place goes in front instead.
    let message = message
        .rfind(" at line ")
        .map_or(message.as_str(), |i| &message[..i])
        .to_owned();
    SbomError::at(
        file,
        u32::try_from(e.line()).unwrap_or(u32::MAX),
        u32::try_from(e.column()).unwrap_or(u32::MAX),
        message,
    )
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OutBom<'a> {
    bom_format: &'static str,
    spec_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    serial_number: Option<&'a str>,
    version: u32,
    #[serde(skip_serializing_if = "OutMetadata::is_empty")]
    metadata: OutMetadata<'a>,
    components: Vec<OutComponent<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    dependencies: Vec<OutDependency<'a>>,
}

#[derive(Serialize)]
struct OutMetadata<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    timestamp: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    component: Option<OutComponent<'a>>,
}

impl OutMetadata<'_> {
    fn is_empty(&self) -> bool {
        self.timestamp.is_none() && self.component.is_none()
    }
}

#[derive(Serialize)]
struct OutComponent<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(rename = "bom-ref", skip_serializing_if = "Option::is_none")]
    bom_ref: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    supplier: Option<OutEntity<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hashes: Vec<OutHash<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    licenses: Vec<OutLicenceChoice<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cpe: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    purl: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    properties: Vec<OutProperty<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<cyclonedx_evidence::OutEvidence<'a>>,
}

#[derive(Serialize)]
struct OutEntity<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct OutHash<'a> {
    alg: &'a str,
    content: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "lowercase")]
enum OutLicenceChoice<'a> {
    License { name: &'a str },
    Expression(&'a str),
}

#[derive(Serialize)]
struct OutProperty<'a> {
    name: &'static str,
    value: &'a str,
}

#[derive(Serialize)]
struct OutDependency<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    #[serde(rename = "dependsOn")]
    depends_on: &'a [String],
}

/// Writes `sbom` as CycloneDX 1.6 JSON (two-space indented, a final newline).
pub(crate) fn write(sbom: &Sbom) -> String {
    let bom = OutBom {
        bom_format: "CycloneDX",
        spec_version: "1.6",
        serial_number: sbom.serial.as_deref().filter(|s| cyclonedx::is_urn_uuid(s)),
        version: 1,
        metadata: OutMetadata {
            timestamp: sbom.created.as_deref(),
            component: sbom.subject.as_ref().map(component),
        },
        components: sbom.components.iter().map(component).collect(),
        dependencies: sbom
            .dependencies
            .iter()
            .map(|d| OutDependency {
                reference: &d.reference,
                depends_on: &d.depends_on,
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&bom).expect("plain structs serialise");
    out.push('\n');
    out
}

fn component(c: &Component) -> OutComponent<'_> {
    let kind = c
        .kind
        .as_deref()
        .filter(|k| mapping::CYCLONEDX_KINDS.contains(k))
        .unwrap_or("library");
    OutComponent {
        kind,
        bom_ref: c.bom_ref.as_deref(),
        supplier: c.supplier.as_deref().map(|name| OutEntity { name }),
        group: c.group.as_deref(),
        name: &c.name,
        version: c.version.as_deref(),
        description: c.description.as_deref(),
        hashes: c
            .hashes
            .iter()
            .filter(|h| mapping::is_cyclonedx_algorithm(&h.algorithm))
            .map(|h| OutHash {
                alg: &h.algorithm,
                content: &h.value,
            })
            .collect(),
        licenses: licences(&c.licenses),
        cpe: c.cpes.first().map(String::as_str),
        purl: c.purl.as_deref(),
        properties: c
            .cpes
            .iter()
            .skip(1)
            .map(|value| OutProperty {
                name: EXTRA_CPE_PROPERTY,
                value,
            })
            .collect(),
        evidence: cyclonedx_evidence::write(c.evidence.as_ref()),
    }
}

/// CycloneDX allows either named licences or exactly one expression: a single licence that
/// is an expression is written as one, anything else as named licences, so that every
/// licence reads back as the same text.
fn licences(list: &[String]) -> Vec<OutLicenceChoice<'_>> {
    match list {
        [one] if mapping::is_expression(one) => vec![OutLicenceChoice::Expression(one)],
        _ => list
            .iter()
            .map(|name| OutLicenceChoice::License { name })
            .collect(),
    }
}
