//! The format-neutral software bill of materials: what CycloneDX and SPDX documents are read
//! into and written from, and what vulnerability matching takes.
//!
//! Identifiers are kept as the document wrote them after validation (a purl in canonical
//! form, CPEs as CPE 2.3 formatted strings), so a round trip through Rampart keeps them.

use serde::{Deserialize, Serialize};

use crate::evidence::Evidence;

/// One SBOM: the document's own facts and its components with their dependency graph.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Sbom {
    /// The format and spec version the document was read from (`CycloneDX 1.5`, `SPDX-2.3`).
    pub source_format: Option<String>,
    /// The document's serial number (CycloneDX `serialNumber`) or namespace (SPDX
    /// `documentNamespace`).
    pub serial: Option<String>,
    /// The document's name (SPDX `name`; CycloneDX `metadata.component.name`).
    pub name: Option<String>,
    /// When the document was created, as written (RFC 3339).
    pub created: Option<String>,
    /// The product the SBOM describes (CycloneDX `metadata.component`, SPDX `documentDescribes`).
    pub subject: Option<Component>,
    /// Every component, in document order.
    pub components: Vec<Component>,
    /// The dependency graph: for a component's reference, the references it depends on.
    pub dependencies: Vec<Dependency>,
}

/// One software or hardware component.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    /// The document's reference of the component (CycloneDX `bom-ref`, SPDX `SPDXID`): what
    /// results point back at, so users' tools can join them to their own SBOM.
    pub bom_ref: Option<String>,
    /// What kind of thing it is (CycloneDX `type`, SPDX `primaryPackagePurpose`), lower case.
    pub kind: Option<String>,
    /// CycloneDX `group` (Maven group id, npm scope, …).
    pub group: Option<String>,
    /// The component's name.
    pub name: String,
    /// The version as the document wrote it.
    pub version: Option<String>,
    /// The supplier (organisation) named by the document.
    pub supplier: Option<String>,
    /// The package URL, canonical form.
    pub purl: Option<String>,
    /// CPE names, CPE 2.3 formatted strings.
    pub cpes: Vec<String>,
    /// Cryptographic hashes of the component.
    pub hashes: Vec<Hash>,
    /// Licence expressions or names, as written (declared licences first).
    pub licenses: Vec<String>,
    /// Free-text description.
    pub description: Option<String>,
    /// How the component was identified and where it was seen (CycloneDX `evidence`), when
    /// a tool recorded it: firmware identification always does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

/// One hash of a component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hash {
    /// The algorithm as CycloneDX spells it (`SHA-256`, `SHA-1`, `MD5`, `SHA3-256`, `BLAKE3`…).
    pub algorithm: String,
    /// The digest, lower-case hex.
    pub value: String,
}

/// The direct dependencies of one component, by reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dependency {
    /// The depending component's reference.
    pub reference: String,
    /// The references it depends on.
    pub depends_on: Vec<String>,
}
