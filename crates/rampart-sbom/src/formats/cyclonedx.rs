//! The CycloneDX fields Rampart keeps, as both CycloneDX readers (JSON, XML) produce them, and
//! the checks and mapping into the neutral [`Sbom`] they share.
//!
//! An own model rather than a schema-generated crate: Rampart keeps a dozen fields, the
//! generated models cover 1.4–1.6 only in part (`cyclonedx-bom` stops at 1.5) and report
//! neither the place of a problem nor more than the first one.

use std::collections::HashSet;

use rampart_yaml::Problem;
use serde::Deserialize;

use crate::{Component, Dependency, Sbom};

use super::{cyclonedx_evidence, ids, mapping, text};

/// Spec versions read.
pub(crate) const SPEC_VERSIONS: [&str; 3] = ["1.4", "1.5", "1.6"];

/// A CycloneDX BOM, the kept fields.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawBom {
    pub bom_format: String,
    pub spec_version: String,
    pub serial_number: Option<String>,
    pub metadata: Option<RawMetadata>,
    #[serde(default)]
    pub components: Vec<RawComponent>,
    #[serde(default)]
    pub dependencies: Vec<RawDependency>,
}

/// `metadata`, the kept fields.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct RawMetadata {
    pub timestamp: Option<String>,
    pub component: Option<RawComponent>,
}

/// One component, the kept fields.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct RawComponent {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(rename = "bom-ref")]
    pub bom_ref: Option<String>,
    pub supplier: Option<RawEntity>,
    pub group: Option<String>,
    pub name: String,
    pub version: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub hashes: Vec<RawHash>,
    #[serde(default)]
    pub licenses: Vec<RawLicenceChoice>,
    pub cpe: Option<String>,
    pub purl: Option<String>,
    #[serde(default)]
    pub properties: Vec<RawProperty>,
    pub evidence: Option<cyclonedx_evidence::RawEvidence>,
    #[serde(default)]
    pub components: Vec<RawComponent>,
}

/// An organisation (`supplier`).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct RawEntity {
    pub name: Option<String>,
}

/// One hash.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct RawHash {
    pub alg: String,
    pub content: String,
}

/// One entry of `licenses`: a licence or an expression, never both.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct RawLicenceChoice {
    pub license: Option<RawLicence>,
    pub expression: Option<String>,
}

/// One licence: an SPDX id or a name, never both.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct RawLicence {
    pub id: Option<String>,
    pub name: Option<String>,
}

/// A name/value property.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct RawProperty {
    pub name: String,
    pub value: Option<String>,
}

/// One entry of `dependencies`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct RawDependency {
    #[serde(rename = "ref")]
    pub reference: String,
    #[serde(default, rename = "dependsOn")]
    pub depends_on: Vec<String>,
}

/// The property that carries a component's CPEs beyond the first, which CycloneDX's single
/// `cpe` field cannot hold.
pub(crate) const EXTRA_CPE_PROPERTY: &str = "rampart:cpe";

/// The prefix of references generated for components without `bom-ref`.
pub(crate) const GENERATED_REF_PREFIX: &str = "component-";

/// Checks `raw` (read from `file`, whose text is `text`) and maps it to the neutral model;
/// every problem found is reported, not only the first.
pub(crate) fn into_sbom(file: &str, text: &str, raw: RawBom) -> Result<Sbom, Vec<Problem>> {
    let mut checker = Checker {
        file,
        text,
        problems: Vec::new(),
    };
    if raw.bom_format != "CycloneDX" {
        checker.problem(
            "\"bomFormat\"",
            format!("bomFormat is {:?}, expected \"CycloneDX\"", raw.bom_format),
        );
    }
    if !SPEC_VERSIONS.contains(&raw.spec_version.as_str()) {
        checker.problem(
            &raw.spec_version,
            format!(
                "CycloneDX spec version {:?} is not supported (1.4, 1.5, 1.6)",
                raw.spec_version
            ),
        );
    }
    if let Some(serial) = &raw.serial_number
        && !is_urn_uuid(serial)
    {
        checker.problem(serial, format!("serialNumber {serial:?} is not a urn:uuid"));
    }
    let metadata = raw.metadata.unwrap_or_default();
    if let Some(ts) = &metadata.timestamp
        && !is_date_time(ts)
    {
        checker.problem(ts, format!("timestamp {ts:?} is not an RFC 3339 date-time"));
    }
    let mut subject = metadata.component.map(|c| {
        let mut flat = Vec::new();
        checker.flatten(c, &mut flat);
        // The subject's own nested components are components of the SBOM.
        flat
    });
    let mut components = Vec::new();
    if let Some(flat) = &mut subject {
        components.extend(flat.drain(1..));
    }
    let mut subject = subject.and_then(|mut flat| flat.pop());
    for c in raw.components {
        checker.flatten(c, &mut components);
    }
    let mut seen = HashSet::new();
    for reference in subject
        .iter()
        .chain(&components)
        .filter_map(|c| c.bom_ref.as_deref())
    {
        if !seen.insert(reference) {
            checker.problem(
                &format!("\"{reference}\""),
                format!("bom-ref {reference:?} is used by more than one component"),
            );
        }
    }
    ids::fill_missing(
        subject.iter_mut().chain(components.iter_mut()),
        GENERATED_REF_PREFIX,
    );
    let mut dependencies = Vec::new();
    for d in raw.dependencies {
        if d.reference.is_empty() {
            checker.problem("\"ref\"", "a dependency has an empty ref".to_owned());
        }
        if d.depends_on.iter().any(String::is_empty) {
            checker.problem(
                "\"dependsOn\"",
                format!("dependency {:?} depends on an empty ref", d.reference),
            );
        }
        dependencies.push(Dependency {
            reference: d.reference,
            depends_on: d.depends_on,
        });
    }
    if !checker.problems.is_empty() {
        return Err(checker.problems);
    }
    Ok(Sbom {
        source_format: Some(format!("CycloneDX {}", raw.spec_version)),
        serial: raw.serial_number,
        name: subject.as_ref().map(|s| s.name.clone()),
        created: metadata.timestamp,
        subject,
        components,
        dependencies,
    })
}

struct Checker<'a> {
    file: &'a str,
    text: &'a str,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn problem(&mut self, needle: &str, message: String) {
        let Some((line, col)) = text::locate_bounded(self.text, needle, self.problems.len()) else {
            return;
        };
        self.problems.push(Problem {
            file: self.file.to_owned(),
            line,
            col,
            message,
        });
    }

    /// Maps `raw` and its nested components, in document order (a component before those it
    /// holds), onto `out`.
    fn flatten(&mut self, raw: RawComponent, out: &mut Vec<Component>) {
        let name = raw.name.clone();
        if !mapping::CYCLONEDX_KINDS.contains(&raw.kind.as_str()) {
            self.problem(
                &format!("\"{}\"", raw.kind),
                format!("component {name:?} has unknown type {:?}", raw.kind),
            );
        }
        if raw.bom_ref.as_deref() == Some("") {
            self.problem(
                "\"bom-ref\"",
                format!("component {name:?} has an empty bom-ref"),
            );
        }
        let mut hashes = Vec::new();
        for h in &raw.hashes {
            match mapping::hash(&h.alg, &h.content) {
                Ok(hash) if mapping::is_cyclonedx_algorithm(&hash.algorithm) => hashes.push(hash),
                Ok(_) => self.problem(
                    &h.alg,
                    format!("component {name:?}: unknown hash algorithm {:?}", h.alg),
                ),
                Err(e) => self.problem(&h.content, format!("component {name:?}: {e}")),
            }
        }
        let expressions = raw
            .licenses
            .iter()
            .filter(|c| c.expression.is_some())
            .count();
        if expressions > 1 || (expressions == 1 && raw.licenses.len() > 1) {
            self.problem(
                "\"expression\"",
                format!(
                    "component {name:?}: licences are either named licences or one expression, not both or several"
                ),
            );
        }
        let mut licenses = Vec::new();
        for choice in &raw.licenses {
            match (&choice.license, &choice.expression) {
                (Some(_), Some(_)) => self.problem(
                    "\"expression\"",
                    format!(
                        "component {name:?}: a licence entry has both a license and an expression"
                    ),
                ),
                (None, Some(e)) => licenses.push(e.clone()),
                (Some(l), None) => match (&l.id, &l.name) {
                    (Some(id), None) => licenses.push(id.clone()),
                    (None, Some(n)) => licenses.push(n.clone()),
                    _ => self.problem(
                        "\"license\"",
                        format!("component {name:?}: a licence needs exactly one of id and name"),
                    ),
                },
                (None, None) => self.problem(
                    "\"licenses\"",
                    format!("component {name:?}: an empty licence entry"),
                ),
            }
        }
        let mut cpes: Vec<String> = raw.cpe.into_iter().collect();
        cpes.extend(
            raw.properties
                .into_iter()
                .filter(|p| p.name == EXTRA_CPE_PROPERTY)
                .filter_map(|p| p.value),
        );
        let evidence = match raw.evidence.map(cyclonedx_evidence::read) {
            None => None,
            // Evidence of licences or copyright only (what CycloneDX 1.4 evidence holds) is
            // not kept: an empty one would not survive a round trip.
            Some(Ok(evidence)) => (!evidence.is_empty()).then_some(evidence),
            Some(Err((message, needle))) => {
                self.problem(&needle, format!("component {name:?}: {message}"));
                None
            }
        };
        let mut component = Component {
            bom_ref: raw.bom_ref,
            kind: Some(raw.kind),
            group: raw.group,
            name: raw.name,
            version: raw.version,
            supplier: raw.supplier.and_then(|s| s.name),
            purl: raw.purl,
            cpes,
            hashes,
            licenses,
            description: raw.description,
            evidence,
        };
        mapping::canonicalise(self.file, self.text, &mut component, &mut self.problems);
        out.push(component);
        for child in raw.components {
            self.flatten(child, out);
        }
    }
}

/// `urn:uuid:` and a UUID, as the CycloneDX schema's `serialNumber` pattern requires.
pub(crate) fn is_urn_uuid(s: &str) -> bool {
    let Some(uuid) = s.strip_prefix("urn:uuid:") else {
        return false;
    };
    let groups: Vec<&str> = uuid.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// An RFC 3339 date-time (`2024-01-31T12:00:00Z`, fractions and offsets allowed).
pub(crate) fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    if !(b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && matches!(b[10], b'T' | b't')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19))
    {
        return false;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    let zone = rest.as_bytes();
    matches!(rest, "Z" | "z")
        || (zone.len() == 6
            && matches!(zone[0], b'+' | b'-')
            && zone[1..3].iter().all(u8::is_ascii_digit)
            && zone[3] == b':'
            && zone[4..6].iter().all(u8::is_ascii_digit))
}
