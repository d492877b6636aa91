//! CycloneDX VEX: a CycloneDX 1.4–1.6 JSON BOM whose `vulnerabilities[]` carry an
//! `analysis`. Read with minimal serde types of its own (only what VEX needs; the full SBOM
//! reader lives in rampart-sbom), written as CycloneDX 1.6 by
//! [`cyclonedx_write`](super::cyclonedx_write).
//!
//! Each vulnerability with an `analysis.state` is one statement: `id` is the vulnerability,
//! `references[].id` its aliases, `affects[].ref` its products. A ref that is the `bom-ref`
//! of a component in the BOM (at any depth, or `metadata.component`) takes that component's
//! purl and CPE (ignored when not valid: the product keeps its other identifiers); the ref itself is kept as the reference unless it is that purl or CPE. A ref
//! that resolves to nothing is read as a purl if it is one, else kept as a reference (a
//! BOM-Link into another BOM). `analysis.detail` is the impact statement, `recommendation`
//! (else `workaround`) the action statement, the vulnerability's `detail` the detail; its
//! time is `analysis.lastUpdated`, else `firstIssued`, else the vulnerability's `updated` or
//! `published`, else `metadata.timestamp`. Vulnerabilities without an analysis state are
//! findings, not statements, and are skipped. CycloneDX has no subcomponents: the writer
//! lists them as products of their own, which applies the same way.
//!
//! States and justifications (CycloneDX → neutral; the writer uses the first line of each):
//!
//! | `analysis.state` | status |
//! |---|---|
//! | `exploitable` | affected |
//! | `not_affected`, `false_positive` | not_affected |
//! | `resolved`, `resolved_with_pedigree` | fixed |
//! | `in_triage` | under_investigation |
//!
//! | `analysis.justification` | justification |
//! |---|---|
//! | `code_not_present` | vulnerable_code_not_present |
//! | `code_not_reachable` | vulnerable_code_not_in_execute_path |
//! | `requires_configuration` | vulnerable_code_not_in_execute_path |
//! | `requires_dependency` | component_not_present |
//! | `requires_environment` | vulnerable_code_cannot_be_controlled_by_adversary |
//! | `protected_by_mitigating_control` | inline_mitigations_already_exist |
//! | `protected_by_compiler`, `protected_at_runtime`, `protected_at_perimeter` | inline_mitigations_already_exist |
//!
//! `analysis.response[]` is read into the statement's responses as is (same names; repeats
//! dropped) and written back the same way; see [`VexResponse`] for the other formats.
//!
//! **Versions.** An `affects[]` entry with `versions[]` limits its product to those
//! versions ([`ProductVersion`]): each entry's `version` (compared as written) or `range` (a
//! `vers:` range, checked and normalised when read; a bad one is a problem naming the file,
//! line and column and the JSON pointer of the range). An entry without versions covers
//! every version of its product. Each version's `status` says whether that version is in
//! the vulnerability's scope; the analysis says what holds for versions in scope. So:
//!
//! | `versions[].status` | status of the statement for that version |
//! |---|---|
//! | `affected` (the default) | the analysis state's (table above) |
//! | `unaffected`, analysis state `resolved` or `resolved_with_pedigree` | fixed |
//! | `unaffected`, any other analysis state | not_affected |
//! | `unknown` | under_investigation |
//!
//! `unaffected` is read as fixed only when the analysis says the vulnerability was
//! resolved: the unaffected versions are then the fixed ones; otherwise they never had it.
//! One vulnerability gives one statement per resulting status (each with the analysis's
//! justification, texts and responses), its products limited to the versions with that
//! status. The writer lists a product's versions with the status its statement maps back to
//! (`affected` for affected, `unaffected` for not_affected and fixed, `unknown` for
//! under_investigation), so what it writes reads back the same.

use std::collections::{HashMap, HashSet};

use rampart_yaml::Problem;
use serde::Deserialize;

use super::json::{Time, classify, non_blank, parse, valid_cpe, valid_purl};
use super::response::push_unique;
use super::{
    Justification, Origin, ProductRef, ProductVersion, VexDocument, VexFormat, VexResponse,
    VexStatement, VexStatus,
};

/// The writer, kept reachable here where it always was.
pub use super::cyclonedx_write::write;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Bom {
    serial_number: Option<String>,
    #[serde(default)]
    metadata: Metadata,
    #[serde(default)]
    components: Vec<Component>,
    #[serde(default)]
    vulnerabilities: Vec<Vulnerability>,
}

#[derive(Deserialize, Default)]
struct Metadata {
    timestamp: Option<Time>,
    #[serde(default)]
    authors: Vec<Author>,
    component: Option<Component>,
}

#[derive(Deserialize)]
struct Author {
    name: Option<String>,
}

#[derive(Deserialize)]
struct Component {
    #[serde(rename = "bom-ref")]
    bom_ref: Option<String>,
    purl: Option<String>,
    cpe: Option<String>,
    #[serde(default)]
    components: Vec<Component>,
}

#[derive(Deserialize)]
struct Vulnerability {
    id: Option<String>,
    #[serde(default)]
    references: Vec<Reference>,
    detail: Option<String>,
    recommendation: Option<String>,
    workaround: Option<String>,
    published: Option<Time>,
    updated: Option<Time>,
    analysis: Option<Analysis>,
    #[serde(default)]
    affects: Vec<Affects>,
}

#[derive(Deserialize)]
struct Reference {
    id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Analysis {
    state: Option<State>,
    justification: Option<CdxJustification>,
    detail: Option<String>,
    #[serde(default)]
    response: Vec<VexResponse>,
    first_issued: Option<Time>,
    last_updated: Option<Time>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum State {
    Resolved,
    ResolvedWithPedigree,
    Exploitable,
    InTriage,
    FalsePositive,
    NotAffected,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum CdxJustification {
    CodeNotPresent,
    CodeNotReachable,
    RequiresConfiguration,
    RequiresDependency,
    RequiresEnvironment,
    ProtectedByCompiler,
    ProtectedAtRuntime,
    ProtectedAtPerimeter,
    ProtectedByMitigatingControl,
}

#[derive(Deserialize)]
struct Affects {
    #[serde(rename = "ref")]
    reference: String,
    #[serde(default)]
    versions: Vec<AffectedVersion>,
}

#[derive(Deserialize)]
struct AffectedVersion {
    version: Option<String>,
    range: Option<String>,
    #[serde(default)]
    status: VersionStatus,
}

/// `affects[].versions[].status`; the schema's default is `affected`.
#[derive(Deserialize, Clone, Copy, Default, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum VersionStatus {
    #[default]
    Affected,
    Unaffected,
    Unknown,
}

impl State {
    fn status(self) -> VexStatus {
        match self {
            State::Exploitable => VexStatus::Affected,
            State::NotAffected | State::FalsePositive => VexStatus::NotAffected,
            State::Resolved | State::ResolvedWithPedigree => VexStatus::Fixed,
            State::InTriage => VexStatus::UnderInvestigation,
        }
    }
}

impl VersionStatus {
    /// The status of a version entry under the analysis `state` (module doc).
    fn status(self, state: State) -> VexStatus {
        match (self, state.status()) {
            (VersionStatus::Affected, status) => status,
            (VersionStatus::Unaffected, VexStatus::Fixed) => VexStatus::Fixed,
            (VersionStatus::Unaffected, _) => VexStatus::NotAffected,
            (VersionStatus::Unknown, _) => VexStatus::UnderInvestigation,
        }
    }
}

/// The `affects[].versions[].status` written for a statement's status: the inverse of
/// reading (`VersionStatus::status`) for the state `state_of` writes.
pub fn version_status_of(status: VexStatus) -> &'static str {
    match status {
        VexStatus::Affected => "affected",
        VexStatus::NotAffected | VexStatus::Fixed => "unaffected",
        VexStatus::UnderInvestigation => "unknown",
    }
}

impl CdxJustification {
    fn neutral(self) -> Justification {
        use CdxJustification as C;
        match self {
            C::CodeNotPresent => Justification::VulnerableCodeNotPresent,
            C::CodeNotReachable | C::RequiresConfiguration => {
                Justification::VulnerableCodeNotInExecutePath
            }
            C::RequiresDependency => Justification::ComponentNotPresent,
            C::RequiresEnvironment => Justification::VulnerableCodeCannotBeControlledByAdversary,
            C::ProtectedByCompiler
            | C::ProtectedAtRuntime
            | C::ProtectedAtPerimeter
            | C::ProtectedByMitigatingControl => Justification::InlineMitigationsAlreadyExist,
        }
    }
}

/// The CycloneDX `analysis.state` written for a status.
pub fn state_of(status: VexStatus) -> &'static str {
    match status {
        VexStatus::Affected => "exploitable",
        VexStatus::NotAffected => "not_affected",
        VexStatus::Fixed => "resolved",
        VexStatus::UnderInvestigation => "in_triage",
    }
}

/// The CycloneDX `analysis.justification` written for a justification.
pub fn justification_of(justification: Justification) -> &'static str {
    match justification {
        Justification::VulnerableCodeNotPresent => "code_not_present",
        Justification::VulnerableCodeNotInExecutePath => "code_not_reachable",
        Justification::ComponentNotPresent => "requires_dependency",
        Justification::VulnerableCodeCannotBeControlledByAdversary => "requires_environment",
        Justification::InlineMitigationsAlreadyExist => "protected_by_mitigating_control",
    }
}

/// Reads a CycloneDX VEX BOM.
pub fn read(name: &str, bytes: &[u8]) -> Result<VexDocument, Problem> {
    let bom: Bom = parse(name, bytes)?;
    let mut by_ref = HashMap::new();
    let mut stack: Vec<&Component> = bom.components.iter().collect();
    stack.extend(bom.metadata.component.as_ref());
    // Iterative, so that deeply nested components cannot exhaust the stack.
    while let Some(c) = stack.pop() {
        if let Some(r) = &c.bom_ref {
            by_ref.entry(r.as_str()).or_insert(c);
        }
        stack.extend(&c.components);
    }
    let authors: Vec<&str> = bom
        .metadata
        .authors
        .iter()
        .filter_map(|a| a.name.as_deref())
        .collect();
    let author = (!authors.is_empty()).then(|| authors.join(", "));
    let doc_time = bom.metadata.timestamp.map(|t| t.0);
    let mut statements = Vec::new();
    for (i, v) in bom.vulnerabilities.into_iter().enumerate() {
        let Some(analysis) = v.analysis else { continue };
        let Some(state) = analysis.state else {
            continue;
        };
        let pointer = format!("/vulnerabilities/{i}");
        let groups = products_by_status(name, bytes, &pointer, state, &v.affects, &by_ref)?;
        let time = analysis
            .last_updated
            .or(analysis.first_issued)
            .or(v.updated)
            .or(v.published)
            .map(|t| t.0)
            .or_else(|| doc_time.clone());
        let id = v.id.unwrap_or_default();
        let aliases = v
            .references
            .into_iter()
            .map(|r| r.id)
            .filter(|a| *a != id)
            .collect();
        let mut responses = Vec::new();
        for r in analysis.response {
            push_unique(&mut responses, r);
        }
        let base = VexStatement {
            vulnerability: id,
            aliases,
            products: Vec::new(),
            status: state.status(),
            justification: analysis.justification.map(CdxJustification::neutral),
            impact_statement: non_blank(analysis.detail),
            action_statement: non_blank(v.recommendation).or(non_blank(v.workaround)),
            detail: non_blank(v.detail),
            responses,
            timestamp: time,
            author: author.clone(),
            origin: Origin {
                file: name.to_owned(),
                pointer,
            },
        };
        for (status, products) in groups {
            statements.push(VexStatement {
                products,
                status,
                ..base.clone()
            });
        }
    }
    Ok(VexDocument {
        format: VexFormat::CycloneDx,
        id: bom.serial_number,
        author,
        timestamp: doc_time,
        statements,
    })
}

fn resolve(reference: &str, by_ref: &HashMap<&str, &Component>) -> ProductRef {
    let Some(component) = by_ref.get(reference) else {
        return match classify(reference) {
            Some((purl, cpe)) => ProductRef {
                purl,
                cpe,
                ..ProductRef::default()
            },
            None => ProductRef {
                reference: Some(reference.to_owned()),
                ..ProductRef::default()
            },
        };
    };
    let purl = valid_purl(component.purl.as_deref());
    let cpe = valid_cpe(component.cpe.as_deref());
    let is_identifier = purl.as_deref() == Some(reference) || cpe.as_deref() == Some(reference);
    ProductRef {
        purl,
        cpe,
        reference: (!is_identifier).then(|| reference.to_owned()),
        ..ProductRef::default()
    }
}

/// The products of one vulnerability grouped by the status each ends up with: products
/// without versions, and versions marked `affected`, take the analysis state's; `unaffected`
/// and `unknown` versions give statuses of their own ([`VersionStatus::status`]). Groups
/// come in order of first appearance, the analysis state's first; empty ones are dropped,
/// except that a vulnerability that affects nothing still gives its one statement.
fn products_by_status(
    name: &str,
    bytes: &[u8],
    pointer: &str,
    state: State,
    affects: &[Affects],
    by_ref: &HashMap<&str, &Component>,
) -> Result<Vec<(VexStatus, Vec<ProductRef>)>, Problem> {
    let mut groups: Vec<(VexStatus, Vec<ProductRef>)> = vec![(state.status(), Vec::new())];
    for (a, affected) in affects.iter().enumerate() {
        let product = resolve(&affected.reference, by_ref);
        if affected.versions.is_empty() {
            group(&mut groups, state.status()).push(product);
            continue;
        }
        let mut by_status: Vec<(VexStatus, Vec<ProductVersion>)> = Vec::new();
        // Repeats are dropped through a set: a list scan per entry would be quadratic in a
        // hostile document's thousands of entries.
        let mut seen: HashSet<(VexStatus, &ProductVersion)> = HashSet::new();
        let versions = affected
            .versions
            .iter()
            .enumerate()
            .map(|(n, entry)| {
                let at = format!("{pointer}/affects/{a}/versions/{n}");
                Ok((
                    entry.status.status(state),
                    product_version(name, bytes, &at, entry)?,
                ))
            })
            .collect::<Result<Vec<_>, Problem>>()?;
        for (status, version) in &versions {
            if !seen.insert((*status, version)) {
                continue;
            }
            match by_status.iter_mut().find(|(s, _)| s == status) {
                Some((_, list)) => list.push(version.clone()),
                None => by_status.push((*status, vec![version.clone()])),
            }
        }
        for (status, versions) in by_status {
            group(&mut groups, status).push(ProductRef {
                versions,
                ..product.clone()
            });
        }
    }
    if groups.iter().any(|(_, products)| !products.is_empty()) {
        groups.retain(|(_, products)| !products.is_empty());
    }
    Ok(groups)
}

/// The products of `groups` with `status`, a new group when there is none yet.
fn group(
    groups: &mut Vec<(VexStatus, Vec<ProductRef>)>,
    status: VexStatus,
) -> &mut Vec<ProductRef> {
    let at = if let Some(at) = groups.iter().position(|(s, _)| *s == status) {
        at
    } else {
        groups.push((status, Vec::new()));
        groups.len() - 1
    };
    &mut groups[at].1
}

/// One `versions[]` entry as a version constraint; `at` is its JSON pointer.
fn product_version(
    name: &str,
    bytes: &[u8],
    at: &str,
    entry: &AffectedVersion,
) -> Result<ProductVersion, Problem> {
    match (&entry.version, &entry.range) {
        (Some(version), None) if !version.trim().is_empty() => {
            Ok(ProductVersion::Exact(version.clone()))
        }
        (None, Some(range)) => ProductVersion::range(range)
            .map_err(|e| located(name, bytes, &format!("{at}/range"), &e.to_string())),
        (Some(_), Some(_)) => Err(located(
            name,
            bytes,
            at,
            "has both `version` and `range`; CycloneDX allows one of them",
        )),
        (Some(_), None) => Err(located(name, bytes, &format!("{at}/version"), "is empty")),
        (None, None) => Err(located(
            name,
            bytes,
            at,
            "has neither `version` nor `range`; CycloneDX requires one of them",
        )),
    }
}

/// A problem about the value at `pointer`, placed at its line and column.
fn located(name: &str, bytes: &[u8], pointer: &str, message: &str) -> Problem {
    let (line, col) = rampart_sbom::json_pointer_place(bytes, pointer).unwrap_or((0, 0));
    Problem {
        file: name.to_owned(),
        line,
        col,
        message: format!("{pointer}: {message}"),
    }
}

#[cfg(test)]
#[path = "cyclonedx_tests.rs"]
mod tests;
