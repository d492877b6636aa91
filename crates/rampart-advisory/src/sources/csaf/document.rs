//! The parts of a CSAF 2.0 document Rampart reads, as typed serde structs.
//!
//! Only what the advisory model needs is declared; every other member is ignored, so a
//! document with extensions still reads. Members are optional where the schema lets real
//! documents omit them; a member of the wrong type fails the whole document (serde's error
//! carries line and column). Deserialising straight into these structs, not into
//! `serde_json::Value` trees, keeps a large import fast.

use serde::Deserialize;

/// A whole CSAF document.
#[derive(Debug, Deserialize)]
pub(crate) struct CsafDocument {
    pub document: DocumentMeta,
    #[serde(default)]
    pub product_tree: Option<ProductTree>,
    #[serde(default)]
    pub vulnerabilities: Vec<Vulnerability>,
}

/// `document`.
#[derive(Debug, Deserialize)]
pub(crate) struct DocumentMeta {
    /// `2.0` (checked: another major version is refused rather than misread).
    pub csaf_version: String,
    pub title: String,
    pub tracking: Tracking,
    #[serde(default)]
    pub references: Vec<DocReference>,
}

/// `document.tracking`.
#[derive(Debug, Deserialize)]
pub(crate) struct Tracking {
    pub id: String,
    #[serde(default)]
    pub initial_release_date: Option<String>,
    #[serde(default)]
    pub current_release_date: Option<String>,
}

/// A reference of the document or of a vulnerability.
#[derive(Debug, Deserialize)]
pub(crate) struct DocReference {
    #[serde(default)]
    pub category: Option<String>,
    pub url: String,
}

/// `product_tree`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ProductTree {
    #[serde(default)]
    pub branches: Vec<Branch>,
    #[serde(default)]
    pub full_product_names: Vec<FullProductName>,
    #[serde(default)]
    pub product_groups: Vec<ProductGroup>,
    #[serde(default)]
    pub relationships: Vec<Relationship>,
}

/// One branch of the product tree. `category` and `name` are required by the schema but
/// read as empty when missing: the products below such a branch are still well defined.
#[derive(Debug, Deserialize)]
pub(crate) struct Branch {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub branches: Vec<Branch>,
    #[serde(default)]
    pub product: Option<FullProductName>,
}

/// `full_product_name`: a product and how to identify it.
#[derive(Debug, Deserialize)]
pub(crate) struct FullProductName {
    pub name: String,
    pub product_id: String,
    #[serde(default)]
    pub product_identification_helper: Option<IdentificationHelper>,
}

/// `product_identification_helper` (hashes, SBOM URLs and serial numbers are not read).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct IdentificationHelper {
    #[serde(default)]
    pub cpe: Option<String>,
    #[serde(default)]
    pub purl: Option<String>,
    /// Not in CSAF 2.0 but in 2.1 drafts and in the wild.
    #[serde(default)]
    pub purls: Vec<String>,
    #[serde(default)]
    pub model_numbers: Vec<String>,
    #[serde(default)]
    pub skus: Vec<String>,
}

/// `product_groups[]`.
#[derive(Debug, Deserialize)]
pub(crate) struct ProductGroup {
    pub group_id: String,
    pub product_ids: Vec<String>,
}

/// `relationships[]`.
#[derive(Debug, Deserialize)]
pub(crate) struct Relationship {
    /// `default_component_of`, `external_component_of`, `installed_on`, `installed_with`,
    /// `optional_component_of`: in each the `product_reference` is the component.
    pub category: String,
    pub product_reference: String,
    pub relates_to_product_reference: String,
    pub full_product_name: FullProductName,
}

/// `vulnerabilities[]`.
#[derive(Debug, Deserialize)]
pub(crate) struct Vulnerability {
    #[serde(default)]
    pub cve: Option<String>,
    #[serde(default)]
    pub ids: Vec<VulnerabilityId>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub notes: Vec<Note>,
    #[serde(default)]
    pub cwe: Option<Cwe>,
    #[serde(default)]
    pub references: Vec<DocReference>,
    #[serde(default)]
    pub scores: Vec<Score>,
    #[serde(default)]
    pub product_status: Option<ProductStatusLists>,
    #[serde(default)]
    pub remediations: Vec<RemediationEntry>,
}

/// `ids[]`.
#[derive(Debug, Deserialize)]
pub(crate) struct VulnerabilityId {
    pub text: String,
}

/// `notes[]`.
#[derive(Debug, Deserialize)]
pub(crate) struct Note {
    pub category: String,
    pub text: String,
}

/// `cwe`.
#[derive(Debug, Deserialize)]
pub(crate) struct Cwe {
    pub id: String,
}

/// `scores[]`.
#[derive(Debug, Deserialize)]
pub(crate) struct Score {
    #[serde(default)]
    pub cvss_v3: Option<Cvss>,
    #[serde(default)]
    pub cvss_v2: Option<Cvss>,
}

/// The members of a CVSS object Rampart keeps (the score is stated, never computed here).
#[derive(Debug, Deserialize)]
pub(crate) struct Cvss {
    #[serde(rename = "vectorString")]
    pub vector: String,
    #[serde(rename = "baseScore")]
    pub base_score: f32,
    #[serde(rename = "baseSeverity", default)]
    pub base_severity: Option<String>,
}

/// `product_status`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ProductStatusLists {
    #[serde(default)]
    pub first_affected: Vec<String>,
    #[serde(default)]
    pub first_fixed: Vec<String>,
    #[serde(default)]
    pub fixed: Vec<String>,
    #[serde(default)]
    pub known_affected: Vec<String>,
    #[serde(default)]
    pub known_not_affected: Vec<String>,
    #[serde(default)]
    pub last_affected: Vec<String>,
    #[serde(default)]
    pub recommended: Vec<String>,
    #[serde(default)]
    pub under_investigation: Vec<String>,
}

/// `remediations[]`.
#[derive(Debug, Deserialize)]
pub(crate) struct RemediationEntry {
    pub category: String,
    pub details: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub product_ids: Vec<String>,
    #[serde(default)]
    pub group_ids: Vec<String>,
}
