//! What an identifier reports: one component candidate with the evidence for it, before
//! [`super::merge`] joins candidates that are the same component.

use std::collections::BTreeSet;

use rampart_sbom::{Component, Confidence, Evidence, Identity, Method, Occurrence};

/// Where a candidate came from, which decides how it merges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// An installed package in a package database.
    Package {
        /// The database file (`root/var/lib/dpkg/status`).
        database: String,
        /// The source package, when the database names it.
        source: Option<String>,
        /// Tree paths of the files the package owns.
        files: BTreeSet<String>,
    },
    /// A version signature in a binary.
    Signature {
        /// The rule's id.
        rule: String,
        /// Distro package names that ship this component (from the rule file), for merging
        /// into a package database entry.
        packages: Vec<String>,
    },
}

/// One identified component candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Component name (package name, or the rule file's component).
    pub name: String,
    /// Version as found (a distro version for packages).
    pub version: String,
    /// CycloneDX type: `library`, `application`, `operating-system`, `firmware`.
    pub kind: &'static str,
    /// Package URL, canonical.
    pub purl: Option<String>,
    /// CPE 2.3 names.
    pub cpes: Vec<String>,
    /// Supplier, when known (a distro).
    pub supplier: Option<String>,
    /// How it was found.
    pub origin: Origin,
    /// Identification methods.
    pub methods: Vec<Method>,
    /// Places seen.
    pub occurrences: Vec<Occurrence>,
}

impl Found {
    /// The component's SBOM reference: its purl, else `name@version`. CycloneDX allows each
    /// reference once, so candidates with the same one are one component.
    pub(crate) fn bom_ref(&self) -> String {
        self.purl
            .clone()
            .unwrap_or_else(|| format!("{}@{}", self.name, self.version))
    }

    /// The SBOM component, with its evidence: the concluded purl (or CPE) and the methods.
    pub fn into_component(self) -> Component {
        let (field, concluded) = match (&self.purl, self.cpes.first()) {
            (Some(purl), _) => ("purl", Some(purl.clone())),
            (None, Some(cpe)) => ("cpe", Some(cpe.clone())),
            (None, None) => ("name", Some(self.name.clone())),
        };
        let confidence = self.methods.iter().map(|m| m.confidence).max();
        let bom_ref = self.bom_ref();
        Component {
            bom_ref: Some(bom_ref),
            kind: Some(self.kind.to_owned()),
            name: self.name,
            version: Some(self.version),
            supplier: self.supplier,
            purl: self.purl,
            cpes: self.cpes,
            evidence: Some(Evidence {
                identity: vec![Identity {
                    field: field.to_owned(),
                    confidence,
                    concluded_value: concluded,
                    methods: self.methods,
                }],
                occurrences: self.occurrences,
            }),
            ..Component::default()
        }
    }
}

/// Confidence of a package database entry: the package manager's own record.
pub(crate) const PACKAGE_DB_CONFIDENCE: Confidence = Confidence::CERTAIN;
