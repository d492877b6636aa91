//! SPDX JSON: reads SPDX 2.2 and 2.3 into the neutral [`Sbom`], writes SPDX 2.3.
//!
//! serde_json places syntax and type errors and refuses nesting deeper than 128 levels; the
//! checks after parsing are in [`super::spdx`].

use serde::Serialize;

use crate::{Component, Sbom, SbomError};

use super::cyclonedx_json::json_error;
use super::spdx::{self, DOCUMENT_ID, EVIDENCE_ANNOTATION_PREFIX, RawDocument};
use super::{ids, mapping};

/// Reads an SPDX JSON document (`text`, from `file`).
pub(crate) fn read(file: &str, text: &str) -> Result<Sbom, SbomError> {
    let raw: RawDocument = serde_json::from_str(text).map_err(|e| json_error(file, &e))?;
    spdx::into_sbom(file, text, raw).map_err(SbomError::Invalid)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OutDocument<'a> {
    spdx_version: &'static str,
    data_license: &'static str,
    #[serde(rename = "SPDXID")]
    spdx_id: &'static str,
    name: &'a str,
    document_namespace: String,
    creation_info: OutCreationInfo,
    packages: Vec<OutPackage<'a>>,
    relationships: Vec<OutRelationship>,
}

#[derive(Serialize)]
struct OutCreationInfo {
    created: String,
    creators: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OutPackage<'a> {
    name: &'a str,
    #[serde(rename = "SPDXID")]
    spdx_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    version_info: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    supplier: Option<String>,
    download_location: &'static str,
    files_analyzed: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    checksums: Vec<OutChecksum<'a>>,
    license_concluded: &'static str,
    license_declared: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    primary_package_purpose: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    external_refs: Vec<OutExternalRef<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    annotations: Vec<OutAnnotation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OutAnnotation {
    annotation_date: String,
    annotation_type: &'static str,
    annotator: String,
    comment: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OutChecksum<'a> {
    algorithm: &'a str,
    checksum_value: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(clippy::struct_field_names)] // SPDX's own field names
struct OutExternalRef<'a> {
    reference_category: &'static str,
    reference_type: &'static str,
    reference_locator: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OutRelationship {
    spdx_element_id: String,
    relationship_type: &'static str,
    related_spdx_element: String,
}

/// Writes `sbom` as SPDX 2.3 JSON (two-space indented, a final newline).
///
/// Required fields the neutral model may lack are filled as documented in `docs/sbom.md`:
/// the name falls back to the subject's, the namespace to one derived from the content, the
/// creation time to now.
pub(crate) fn write(sbom: &Sbom) -> String {
    let from_cyclonedx = sbom
        .source_format
        .as_deref()
        .is_some_and(|f| f.starts_with("CycloneDX"));
    let created = match sbom.created.as_deref() {
        None => now(),
        // SPDX asks for UTC; an SPDX document's own time goes back as it came.
        Some(t) if from_cyclonedx => utc(t),
        Some(t) => t.to_owned(),
    };
    let packages: Vec<OutPackage> = sbom
        .subject
        .iter()
        .chain(&sbom.components)
        .map(|c| package(c, &created))
        .collect();
    let mut relationships = Vec::new();
    if let Some(subject) = &sbom.subject {
        relationships.push(OutRelationship {
            spdx_element_id: DOCUMENT_ID.to_owned(),
            relationship_type: "DESCRIBES",
            related_spdx_element: id_of(subject),
        });
    }
    for d in &sbom.dependencies {
        for to in &d.depends_on {
            relationships.push(OutRelationship {
                spdx_element_id: ids::spdx_id_for(&d.reference),
                relationship_type: "DEPENDS_ON",
                related_spdx_element: ids::spdx_id_for(to),
            });
        }
    }
    let name = sbom
        .name
        .as_deref()
        .or(sbom.subject.as_ref().map(|s| s.name.as_str()))
        .unwrap_or("sbom");
    let document = OutDocument {
        spdx_version: "SPDX-2.3",
        data_license: "CC0-1.0",
        spdx_id: DOCUMENT_ID,
        name,
        document_namespace: sbom
            .serial
            .clone()
            .unwrap_or_else(|| derived_namespace(name, &packages)),
        creation_info: OutCreationInfo {
            created,
            creators: vec![format!("Tool: rampart-{}", env!("CARGO_PKG_VERSION"))],
        },
        packages,
        relationships,
    };
    let mut out = serde_json::to_string_pretty(&document).expect("plain structs serialise");
    out.push('\n');
    out
}

fn id_of(c: &Component) -> String {
    ids::spdx_id_for(c.bom_ref.as_deref().unwrap_or(&c.name))
}

/// The package's evidence as an annotation dated `created` (the document's creation time:
/// the evidence was gathered for it).
fn package<'a>(c: &'a Component, created: &str) -> OutPackage<'a> {
    let mut external_refs = Vec::new();
    if let Some(purl) = &c.purl {
        external_refs.push(OutExternalRef {
            reference_category: "PACKAGE-MANAGER",
            reference_type: "purl",
            reference_locator: purl,
        });
    }
    for cpe in &c.cpes {
        external_refs.push(OutExternalRef {
            reference_category: "SECURITY",
            reference_type: "cpe23Type",
            reference_locator: cpe,
        });
    }
    OutPackage {
        name: &c.name,
        spdx_id: id_of(c),
        version_info: c.version.as_deref(),
        supplier: c.supplier.as_deref().map(mapping::supplier_to_spdx),
        download_location: "NOASSERTION",
        files_analyzed: false,
        checksums: c
            .hashes
            .iter()
            .map(|h| OutChecksum {
                algorithm: mapping::spdx_algorithm(&h.algorithm),
                checksum_value: &h.value,
            })
            .collect(),
        license_concluded: "NOASSERTION",
        license_declared: mapping::spdx_licence_expression(&c.licenses)
            .unwrap_or_else(|| "NOASSERTION".to_owned()),
        description: c.description.as_deref(),
        primary_package_purpose: c.kind.as_deref().map(|k| {
            if mapping::SPDX_KINDS.contains(&k) {
                k.to_ascii_uppercase()
            } else {
                "OTHER".to_owned()
            }
        }),
        external_refs,
        annotations: c
            .evidence
            .iter()
            .filter(|e| !e.is_empty())
            .map(|e| OutAnnotation {
                annotation_date: created.to_owned(),
                annotation_type: "OTHER",
                annotator: format!("Tool: rampart-{}", env!("CARGO_PKG_VERSION")),
                comment: format!(
                    "{EVIDENCE_ANNOTATION_PREFIX}{}",
                    serde_json::to_string(e).expect("plain structs serialise")
                ),
            })
            .collect(),
    }
}

/// A namespace for a document whose SBOM has none: stable for the same content, so the same
/// input converts to the same output.
fn derived_namespace(name: &str, packages: &[OutPackage]) -> String {
    let ids: Vec<&str> = packages.iter().map(|p| p.spdx_id.as_str()).collect();
    let digest = mapping::fnv1a(format!("{name}\n{}", ids.join("\n")).as_bytes());
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("https://rampart.invalid/spdxdocs/{slug}-{digest:016x}")
}

/// Now, as SPDX writes times (`2024-01-31T12:00:00Z`).
fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// An RFC 3339 time with an offset (`2021-05-16T17:10:53+02:00`, as CycloneDX allows) in the
/// form SPDX requires, UTC without fractions (`2021-05-16T15:10:53Z`); any other text as it is.
fn utc(time: &str) -> String {
    let b = time.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = time.get(r)?;
        t.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse().ok())?
    };
    let parsed = (|| {
        if b.len() < 25 || !matches!(b[b.len() - 6], b'+' | b'-') || b[b.len() - 3] != b':' {
            return None;
        }
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
        let sign = if b[b.len() - 6] == b'+' { 1 } else { -1 };
        let offset = sign * (num(b.len() - 5..b.len() - 3)? * 60 + num(b.len() - 2..b.len())?);
        let days = days_from_civil(y, mo, d);
        Some(days * 86_400 + h * 3600 + mi * 60 + sec - offset * 60)
    })();
    let Some(secs) = parsed else {
        return time.to_owned();
    };
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Howard Hinnant's `days_from_civil`: days from 1970-01-01 to a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Howard Hinnant's `civil_from_days`: the proleptic Gregorian date `days` after 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::{civil_from_days, days_from_civil, utc};

    #[test]
    fn offsets_become_utc_and_other_times_stay() {
        assert_eq!(utc("2021-05-16T17:10:53+02:00"), "2021-05-16T15:10:53Z");
        assert_eq!(utc("2021-01-01T00:30:00.5+01:00"), "2020-12-31T23:30:00Z");
        assert_eq!(utc("2010-01-29T18:30:22Z"), "2010-01-29T18:30:22Z");
        assert_eq!(utc("yesterday"), "yesterday");
        assert_eq!(days_from_civil(2024, 2, 29), 19_782);
    }

    #[test]
    fn days_map_to_calendar_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    }
}
