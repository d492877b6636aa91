//! The SPDX 2.2/2.3 fields Rampart keeps, as both SPDX readers (JSON, tag-value) produce
//! them, and the checks and mapping into the neutral [`Sbom`] they share.
//!
//! Packages become components; the package the document describes (`documentDescribes` or a
//! `DESCRIBES` relationship of the document) becomes the subject. Dependencies come from
//! `DEPENDS_ON`, `DYNAMIC_LINK`, `STATIC_LINK` and the `*_DEPENDENCY_OF` relationships
//! between packages; `CONTAINS` and the
//! other relationships are not dependencies and are dropped. An own model rather than
//! `spdx-rs`, which is unmaintained since 2023 and reports only the first problem, unplaced.

use std::collections::{HashMap, HashSet};

use rampart_yaml::Problem;
use serde::Deserialize;

use crate::{Component, Dependency, Sbom};

use super::{ids, mapping, text};

/// Spec versions read.
pub(crate) const SPEC_VERSIONS: [&str; 2] = ["SPDX-2.2", "SPDX-2.3"];

/// The id of the document itself.
pub(crate) const DOCUMENT_ID: &str = "SPDXRef-DOCUMENT";

/// An SPDX document, the kept fields.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawDocument {
    pub spdx_version: String,
    #[serde(rename = "SPDXID")]
    pub spdx_id: String,
    pub name: String,
    pub document_namespace: Option<String>,
    pub creation_info: Option<RawCreationInfo>,
    #[serde(default)]
    pub document_describes: Vec<String>,
    #[serde(default)]
    pub packages: Vec<RawPackage>,
    #[serde(default)]
    pub relationships: Vec<RawRelationship>,
}

/// `creationInfo`, the kept field.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct RawCreationInfo {
    pub created: Option<String>,
}

/// One package, the kept fields.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawPackage {
    #[serde(rename = "SPDXID")]
    pub spdx_id: Option<String>,
    pub name: String,
    pub version_info: Option<String>,
    pub supplier: Option<String>,
    #[serde(default)]
    pub checksums: Vec<RawChecksum>,
    pub license_declared: Option<String>,
    pub license_concluded: Option<String>,
    pub description: Option<String>,
    pub primary_package_purpose: Option<String>,
    #[serde(default)]
    pub external_refs: Vec<RawExternalRef>,
    #[serde(default)]
    pub annotations: Vec<RawAnnotation>,
    /// Where the package was read (tag-value only), for locating problems.
    #[serde(skip)]
    pub line: u32,
}

/// One checksum.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawChecksum {
    pub algorithm: String,
    pub checksum_value: String,
}

/// One external reference (purls and CPEs are kept).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(clippy::struct_field_names)] // SPDX's own field names
pub(crate) struct RawExternalRef {
    pub reference_category: String,
    pub reference_type: String,
    pub reference_locator: String,
}

/// One annotation (Rampart reads back only its own evidence annotation).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct RawAnnotation {
    pub comment: String,
}

/// The prefix of the package annotation that carries a component's evidence as JSON: SPDX
/// 2.3 has no evidence field, and an annotation keeps it visible to people and tools.
pub(crate) const EVIDENCE_ANNOTATION_PREFIX: &str = "rampart:evidence ";

/// One relationship.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawRelationship {
    pub spdx_element_id: String,
    pub relationship_type: String,
    pub related_spdx_element: String,
}

/// The prefix of ids generated for packages without `SPDXID` (tag-value documents that omit
/// it; the spec requires it).
pub(crate) const GENERATED_ID_PREFIX: &str = "SPDXRef-Package-";

/// Checks `raw` (read from `file`, whose text is `text`) and maps it to the neutral model.
pub(crate) fn into_sbom(file: &str, text: &str, raw: RawDocument) -> Result<Sbom, Vec<Problem>> {
    let mut problems = Vec::new();
    let problem = |problems: &mut Vec<Problem>, needle: &str, line: u32, message: String| {
        let (l, c) = if line > 0 {
            (line, 1)
        } else {
            match text::locate_bounded(text, needle, problems.len()) {
                Some(place) => place,
                None => return,
            }
        };
        problems.push(Problem {
            file: file.to_owned(),
            line: l,
            col: c,
            message,
        });
    };
    if !SPEC_VERSIONS.contains(&raw.spdx_version.as_str()) {
        problem(
            &mut problems,
            &raw.spdx_version,
            0,
            format!(
                "SPDX version {:?} is not supported (SPDX-2.2, SPDX-2.3)",
                raw.spdx_version
            ),
        );
    }
    if raw.spdx_id != DOCUMENT_ID {
        problem(
            &mut problems,
            &raw.spdx_id,
            0,
            format!(
                "the document's SPDXID is {:?}, expected {DOCUMENT_ID:?}",
                raw.spdx_id
            ),
        );
    }
    if let Some(created) = raw
        .creation_info
        .as_ref()
        .and_then(|c| c.created.as_deref())
        && !super::cyclonedx::is_date_time(created)
    {
        problem(
            &mut problems,
            created,
            0,
            format!("created {created:?} is not a date-time (YYYY-MM-DDThh:mm:ssZ)"),
        );
    }
    let mut components = Vec::new();
    for p in raw.packages {
        let name = p.name.clone();
        let line = p.line;
        if let Some(id) = p.spdx_id.as_deref()
            && !ids::is_spdx_id(id)
        {
            problem(
                &mut problems,
                id,
                line,
                format!(
                    "package {name:?}: SPDXID {id:?} is not `SPDXRef-` and letters, digits, `.` or `-`"
                ),
            );
        }
        let mut hashes = Vec::new();
        for c in &p.checksums {
            match mapping::hash(&c.algorithm, &c.checksum_value) {
                Ok(h) => hashes.push(h),
                Err(e) => problem(
                    &mut problems,
                    &c.checksum_value,
                    line,
                    format!("package {name:?}: {e}"),
                ),
            }
        }
        let mut purl = None;
        let mut cpes = Vec::new();
        for r in &p.external_refs {
            let category = r.reference_category.replace('_', "-");
            match (category.as_str(), r.reference_type.as_str()) {
                ("PACKAGE-MANAGER", "purl") if purl.is_none() => {
                    purl = Some(r.reference_locator.clone());
                }
                ("SECURITY", "cpe23Type" | "cpe22Type") => cpes.push(r.reference_locator.clone()),
                _ => {}
            }
        }
        let mut component = Component {
            bom_ref: p.spdx_id,
            kind: p
                .primary_package_purpose
                .map(|k| k.to_ascii_lowercase().replace('_', "-")),
            group: None,
            name: p.name,
            version: p.version_info,
            supplier: p.supplier.as_deref().and_then(mapping::supplier_from_spdx),
            purl,
            cpes,
            hashes,
            licenses: mapping::spdx_licences(
                p.license_declared.as_deref(),
                p.license_concluded.as_deref(),
            ),
            description: p.description,
            evidence: None,
        };
        for a in &p.annotations {
            let Some(json) = a.comment.strip_prefix(EVIDENCE_ANNOTATION_PREFIX) else {
                continue;
            };
            match serde_json::from_str::<crate::Evidence>(json) {
                Ok(evidence) => component.evidence = Some(evidence),
                Err(e) => problem(
                    &mut problems,
                    EVIDENCE_ANNOTATION_PREFIX,
                    line,
                    format!("package {name:?}: evidence annotation: {e}"),
                ),
            }
        }
        if let Some(kind) = &component.kind
            && !mapping::SPDX_KINDS.contains(&kind.as_str())
        {
            problem(
                &mut problems,
                kind,
                line,
                format!("package {name:?}: unknown primaryPackagePurpose {kind:?}"),
            );
        }
        let mut local = Vec::new();
        mapping::canonicalise(file, text, &mut component, &mut local);
        for mut l in local {
            if line > 0 {
                l.line = line;
                l.col = 1;
            }
            problems.push(l);
        }
        components.push(component);
    }
    let mut seen = HashSet::new();
    for id in components.iter().filter_map(|c| c.bom_ref.as_deref()) {
        if !seen.insert(id) {
            problems.push(Problem {
                file: file.to_owned(),
                line: 0,
                col: 0,
                message: format!("SPDXID {id:?} is used by more than one package"),
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    ids::fill_missing(components.iter_mut(), GENERATED_ID_PREFIX);

    let packages: HashSet<String> = components
        .iter()
        .filter_map(|c| c.bom_ref.clone())
        .collect();
    let mut described: Vec<String> = raw.document_describes.clone();
    let mut graph: Vec<Dependency> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for r in &raw.relationships {
        let (from, to) = match r.relationship_type.as_str() {
            "DESCRIBES" if r.spdx_element_id == DOCUMENT_ID => {
                if !described.contains(&r.related_spdx_element) {
                    described.push(r.related_spdx_element.clone());
                }
                continue;
            }
            "DESCRIBED_BY" if r.related_spdx_element == DOCUMENT_ID => {
                if !described.contains(&r.spdx_element_id) {
                    described.push(r.spdx_element_id.clone());
                }
                continue;
            }
            "DEPENDS_ON" | "DYNAMIC_LINK" | "STATIC_LINK" => {
                (&r.spdx_element_id, &r.related_spdx_element)
            }
            t if t.ends_with("DEPENDENCY_OF") => (&r.related_spdx_element, &r.spdx_element_id),
            _ => continue,
        };
        if !packages.contains(from) || !packages.contains(to) {
            continue;
        }
        let at = *index.entry(from.clone()).or_insert_with(|| {
            graph.push(Dependency {
                reference: from.clone(),
                depends_on: Vec::new(),
            });
            graph.len() - 1
        });
        if !graph[at].depends_on.contains(to) {
            graph[at].depends_on.push(to.clone());
        }
    }
    let subject = described
        .iter()
        .find_map(|id| {
            components
                .iter()
                .position(|c| c.bom_ref.as_deref() == Some(id))
        })
        .map(|at| components.remove(at));
    Ok(Sbom {
        source_format: Some(raw.spdx_version),
        serial: raw.document_namespace,
        name: Some(raw.name),
        created: raw.creation_info.and_then(|c| c.created),
        subject,
        components,
        dependencies: graph,
    })
}
