//! VEX (Vulnerability Exploitability eXchange): statements that a product is, or is not,
//! affected by a vulnerability, read from OpenVEX, CycloneDX and CSAF, applied to the
//! components of a scan, and written back in any of the three formats.
//!
//! Every format is read into one neutral model ([`VexDocument`] of [`VexStatement`]s), so
//! applying statements ([`apply`]) and the user's own triage decisions ([`triage`]) know
//! nothing of the formats. See `docs/vex.md` for the mapping of each format onto the model.
//!
//! - [`openvex`], [`cyclonedx`] and [`cyclonedx_write`], [`csaf`] and [`csaf_write`]: one
//!   reader and one writer per format.
//! - [`apply`]: which statement applies to a component, and which wins when several do.
//! - [`triage`]: the user-written triage file and its carry-over rule.

pub mod apply;
pub mod csaf;
mod csaf_tree;
pub mod csaf_write;
pub mod cyclonedx;
pub mod cyclonedx_write;
mod detect;
mod json;
pub mod openvex;
mod response;
pub mod triage;
mod versions;

use rampart_yaml::Problem;
use serde::{Deserialize, Serialize};

pub use apply::effective;
pub use detect::detect;
pub use response::VexResponse;
pub use versions::ProductVersion;

/// The largest VEX document read (64 MiB): far above any real one, and what bounds memory
/// and time for a hostile input.
pub const MAX_VEX_BYTES: usize = 64 * 1024 * 1024;

/// The VEX formats Rampart reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VexFormat {
    /// OpenVEX 0.2.0 (<https://github.com/openvex/spec>).
    OpenVex,
    /// A CycloneDX 1.4–1.6 JSON BOM with `vulnerabilities[].analysis` (written as 1.6).
    CycloneDx,
    /// A CSAF 2.0 document of category `csaf_vex`.
    Csaf,
}

impl VexFormat {
    /// Every format, in the order detection tries them.
    pub const ALL: [VexFormat; 3] = [VexFormat::OpenVex, VexFormat::CycloneDx, VexFormat::Csaf];

    /// The stable id used on the command line (`--format openvex|cyclonedx-vex|csaf-vex`).
    pub fn id(self) -> &'static str {
        match self {
            VexFormat::OpenVex => "openvex",
            VexFormat::CycloneDx => "cyclonedx-vex",
            VexFormat::Csaf => "csaf-vex",
        }
    }

    /// The format with id `id`.
    pub fn from_id(id: &str) -> Option<VexFormat> {
        Self::ALL.into_iter().find(|f| f.id() == id)
    }
}

/// What a statement says about its products and the vulnerability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VexStatus {
    /// The products are affected; an action statement says what to do.
    Affected,
    /// The products are not affected; a justification or impact statement says why.
    NotAffected,
    /// The products contain a fix.
    Fixed,
    /// Not yet known.
    UnderInvestigation,
}

impl VexStatus {
    /// Every status.
    pub const ALL: [VexStatus; 4] = [
        VexStatus::Affected,
        VexStatus::NotAffected,
        VexStatus::Fixed,
        VexStatus::UnderInvestigation,
    ];

    /// The OpenVEX name (`not_affected`), also used in triage files.
    pub fn as_str(self) -> &'static str {
        match self {
            VexStatus::Affected => "affected",
            VexStatus::NotAffected => "not_affected",
            VexStatus::Fixed => "fixed",
            VexStatus::UnderInvestigation => "under_investigation",
        }
    }

    /// The status named `name` (OpenVEX spelling).
    pub fn from_name(name: &str) -> Option<VexStatus> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// Why a product is not affected: the five justifications OpenVEX and CSAF share (CSAF's
/// flag labels; CISA's "VEX Status Justifications"). CycloneDX's `analysis.justification`
/// values are mapped onto them (table in [`cyclonedx`] and `docs/vex.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Justification {
    /// The vulnerable component is not in the product.
    ComponentNotPresent,
    /// The component is present, but not the vulnerable code.
    VulnerableCodeNotPresent,
    /// The vulnerable code is present but cannot be executed.
    VulnerableCodeNotInExecutePath,
    /// The vulnerable code cannot be reached with input an attacker controls.
    VulnerableCodeCannotBeControlledByAdversary,
    /// Built-in protections prevent exploitation.
    InlineMitigationsAlreadyExist,
}

impl Justification {
    /// Every justification.
    pub const ALL: [Justification; 5] = [
        Justification::ComponentNotPresent,
        Justification::VulnerableCodeNotPresent,
        Justification::VulnerableCodeNotInExecutePath,
        Justification::VulnerableCodeCannotBeControlledByAdversary,
        Justification::InlineMitigationsAlreadyExist,
    ];

    /// The OpenVEX and CSAF name.
    pub fn as_str(self) -> &'static str {
        match self {
            Justification::ComponentNotPresent => "component_not_present",
            Justification::VulnerableCodeNotPresent => "vulnerable_code_not_present",
            Justification::VulnerableCodeNotInExecutePath => "vulnerable_code_not_in_execute_path",
            Justification::VulnerableCodeCannotBeControlledByAdversary => {
                "vulnerable_code_cannot_be_controlled_by_adversary"
            }
            Justification::InlineMitigationsAlreadyExist => "inline_mitigations_already_exist",
        }
    }

    /// The justification named `name` (OpenVEX/CSAF spelling).
    pub fn from_name(name: &str) -> Option<Justification> {
        Self::ALL.into_iter().find(|j| j.as_str() == name)
    }
}

/// The product (or component) a statement is about, by any of its identifiers: it matches
/// a component when one of the identifiers given does (see [`apply`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProductRef {
    /// A package URL, canonical form; without a version it names every version.
    pub purl: Option<String>,
    /// A CPE 2.3 formatted string; its wildcards match as NISTIR 7696 says.
    pub cpe: Option<String>,
    /// A document-local reference: a CycloneDX `bom-ref`, an SPDX `SPDXID`, or an OpenVEX
    /// `@id` that is neither purl nor CPE.
    pub reference: Option<String>,
    /// A display name (CSAF product names): shown, never matched, because names are not
    /// identifiers.
    pub name: Option<String>,
    /// The components of the product the statement is really about (OpenVEX
    /// `subcomponents`, CSAF `default_component_of` relationships); one level deep.
    pub subcomponents: Vec<ProductRef>,
    /// The versions the statement is limited to, any of them (CycloneDX
    /// `affects[].versions[]`): a component matches only when its version is one of them.
    /// Empty means every version the identifiers cover. Not serialised when empty, so
    /// documents without versions keep their derived ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<ProductVersion>,
}

impl ProductRef {
    /// A product named by a package URL.
    pub fn purl(purl: &str) -> ProductRef {
        ProductRef {
            purl: Some(purl.to_owned()),
            ..ProductRef::default()
        }
    }

    /// Whether it has any identifier a component can be matched on.
    pub fn is_identified(&self) -> bool {
        self.purl.is_some() || self.cpe.is_some() || self.reference.is_some()
    }

    /// The text that names it best in messages and as an id: purl, CPE, reference, name.
    pub fn label(&self) -> &str {
        self.purl
            .as_deref()
            .or(self.cpe.as_deref())
            .or(self.reference.as_deref())
            .or(self.name.as_deref())
            .unwrap_or("(unnamed product)")
    }
}

/// Where a statement was read from: what messages and evidence point at.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Origin {
    /// The input's display name.
    pub file: String,
    /// The JSON pointer (RFC 6901) of the statement in it (`/statements/2`).
    pub pointer: String,
}

/// One VEX statement: the status of one vulnerability in some products.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VexStatement {
    /// The vulnerability id as written (`CVE-2021-44228`, `GHSA-jfh8-c2jp-5v3q`, …).
    pub vulnerability: String,
    /// Other ids of the same vulnerability.
    pub aliases: Vec<String>,
    /// The products the statement is about.
    pub products: Vec<ProductRef>,
    /// What the statement says.
    pub status: VexStatus,
    /// Why not affected (only with [`VexStatus::NotAffected`]).
    pub justification: Option<Justification>,
    /// Free text on why not affected.
    pub impact_statement: Option<String>,
    /// Free text on what to do (mostly with [`VexStatus::Affected`]).
    pub action_statement: Option<String>,
    /// Free text on the status (OpenVEX `status_notes`, CycloneDX `vulnerability.detail`).
    pub detail: Option<String>,
    /// What the vendor does or offers about it (CycloneDX `analysis.response[]`, CSAF
    /// `remediations[].category`), in document order without repeats. Not serialised when
    /// empty, so documents without responses keep their derived ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responses: Vec<VexResponse>,
    /// When the statement was made, RFC 3339; the document's time when it has none of its
    /// own. The latest statement wins ([`apply::effective`]).
    pub timestamp: Option<String>,
    /// Who made it; the document's author when it names none of its own.
    pub author: Option<String>,
    /// Where it was read from (empty for statements built in memory).
    pub origin: Origin,
}

impl VexStatement {
    /// A statement with only the required parts.
    pub fn new(vulnerability: &str, products: Vec<ProductRef>, status: VexStatus) -> Self {
        VexStatement {
            vulnerability: vulnerability.to_owned(),
            aliases: Vec::new(),
            products,
            status,
            justification: None,
            impact_statement: None,
            action_statement: None,
            detail: None,
            responses: Vec::new(),
            timestamp: None,
            author: None,
            origin: Origin::default(),
        }
    }
}

/// One VEX document in the neutral model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VexDocument {
    /// The format it was read from or is to be written in.
    pub format: VexFormat,
    /// The document's id (OpenVEX `@id`, CycloneDX `serialNumber`, CSAF `tracking.id`);
    /// writers derive a deterministic one from the content when it is `None`.
    pub id: Option<String>,
    /// Who issued it.
    pub author: Option<String>,
    /// When it was issued, RFC 3339. Writers never read the clock (outputs are
    /// reproducible): without it they use the latest statement time.
    pub timestamp: Option<String>,
    /// The statements, in document order.
    pub statements: Vec<VexStatement>,
}

/// Reads a VEX document of any of the three formats; `name` is what problems name.
pub fn read(name: &str, bytes: &[u8]) -> Result<VexDocument, Problem> {
    let format = detect(name, bytes)?;
    read_as(format, name, bytes)
}

/// Reads a VEX document known to be in `format`.
pub fn read_as(format: VexFormat, name: &str, bytes: &[u8]) -> Result<VexDocument, Problem> {
    json::check_size(name, bytes)?;
    match format {
        VexFormat::OpenVex => openvex::read(name, bytes),
        VexFormat::CycloneDx => cyclonedx::read(name, bytes),
        VexFormat::Csaf => csaf::read(name, bytes),
    }
}

/// Writes `doc` as pretty JSON in `format` (whatever format it was read from).
pub fn write(doc: &VexDocument, format: VexFormat) -> String {
    let value = match format {
        VexFormat::OpenVex => openvex::write(doc),
        VexFormat::CycloneDx => cyclonedx_write::write(doc),
        VexFormat::Csaf => csaf_write::write(doc),
    };
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
