//! The catalog's vocabulary: parts of the series, kinds of item, component types, and
//! the [`Requirement`] record every other crate reads.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::id::RequirementId;
use crate::level::{Fr, SecurityLevel, SlVector};

/// A part of the IEC 62443 series that the catalog carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Part {
    /// 62443-2-1: security program requirements for asset owners (ML-rated).
    #[serde(rename = "2-1")]
    P2_1,
    /// 62443-2-4: security program requirements for service providers (ML-rated).
    #[serde(rename = "2-4")]
    P2_4,
    /// 62443-3-2: security risk assessment for system design (ZCR 1–7).
    #[serde(rename = "3-2")]
    P3_2,
    /// 62443-3-3: system security requirements and security levels (SRs, REs).
    #[serde(rename = "3-3")]
    P3_3,
    /// 62443-4-1: secure product development lifecycle (practices, ML-rated).
    #[serde(rename = "4-1")]
    P4_1,
    /// 62443-4-2: technical security requirements for components (CRs and component-specific).
    #[serde(rename = "4-2")]
    P4_2,
}

impl Part {
    /// Every part, in series order.
    pub const ALL: [Part; 6] = [
        Part::P2_1,
        Part::P2_4,
        Part::P3_2,
        Part::P3_3,
        Part::P4_1,
        Part::P4_2,
    ];

    /// The short form used on the command line and in files: `3-3`.
    pub fn as_str(self) -> &'static str {
        match self {
            Part::P2_1 => "2-1",
            Part::P2_4 => "2-4",
            Part::P3_2 => "3-2",
            Part::P3_3 => "3-3",
            Part::P4_1 => "4-1",
            Part::P4_2 => "4-2",
        }
    }

    /// True for the parts whose items are required per security level (3-3 and 4-2).
    pub fn has_security_levels(self) -> bool {
        matches!(self, Part::P3_3 | Part::P4_2)
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Part {
    type Err = UnknownNameError;

    /// Accepts `3-3`, `62443-3-3`, `IEC 62443-3-3` and `3.3`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_uppercase();
        let t = t.strip_prefix("IEC").unwrap_or(&t).trim();
        let t = t
            .strip_prefix("62443")
            .unwrap_or(t)
            .trim_start_matches(['-', ' ', '.']);
        let t = t.replace('.', "-");
        Part::ALL
            .iter()
            .find(|p| p.as_str() == t)
            .copied()
            .ok_or_else(|| {
                UnknownNameError::new("part", s, &["2-1", "2-4", "3-2", "3-3", "4-1", "4-2"])
            })
    }
}

/// What kind of item a catalog entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ItemKind {
    /// A 3-3 system requirement.
    #[serde(rename = "SR")]
    Sr,
    /// A requirement enhancement: of an SR, CR or component-specific requirement (3-3, 4-2),
    /// or of a 2-4 base requirement.
    #[serde(rename = "RE")]
    Re,
    /// A 4-2 component requirement common to all component types.
    #[serde(rename = "CR")]
    Cr,
    /// A 4-2 clause heading that holds no common requirement of its own.
    #[serde(rename = "CR-heading")]
    CrHeading,
    /// A 4-2 software application requirement.
    #[serde(rename = "SAR")]
    Sar,
    /// A 4-2 embedded device requirement.
    #[serde(rename = "EDR")]
    Edr,
    /// A 4-2 host device requirement.
    #[serde(rename = "HDR")]
    Hdr,
    /// A 4-2 network device requirement.
    #[serde(rename = "NDR")]
    Ndr,
    /// A 3-2 zone, conduit and risk assessment requirement.
    #[serde(rename = "ZCR")]
    Zcr,
    /// A sub-requirement of a ZCR.
    #[serde(rename = "ZCR-sub")]
    ZcrSub,
    /// A process requirement rated on maturity levels (4-1, 2-1).
    #[serde(rename = "requirement")]
    Requirement,
    /// A 2-4 base requirement.
    #[serde(rename = "BR")]
    Br,
}

impl ItemKind {
    /// The label shown to users and used in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Sr => "SR",
            ItemKind::Re => "RE",
            ItemKind::Cr => "CR",
            ItemKind::CrHeading => "CR-heading",
            ItemKind::Sar => "SAR",
            ItemKind::Edr => "EDR",
            ItemKind::Hdr => "HDR",
            ItemKind::Ndr => "NDR",
            ItemKind::Zcr => "ZCR",
            ItemKind::ZcrSub => "ZCR-sub",
            ItemKind::Requirement => "requirement",
            ItemKind::Br => "BR",
        }
    }

    /// True for enhancements, which always have a parent.
    pub fn is_enhancement(self) -> bool {
        self == ItemKind::Re
    }
}

impl fmt::Display for ItemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The four component types of IEC 62443-4-2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ComponentType {
    /// Software running on a host: an HMI application, a historian, an engineering tool (SAR).
    SoftwareApplication,
    /// A dedicated device with embedded software: a PLC, RTU, IED or smart sensor (EDR).
    EmbeddedDevice,
    /// A general-purpose computer with an operating system: a server or workstation (HDR).
    HostDevice,
    /// A device that moves data between networks: a switch, router, firewall or gateway (NDR).
    NetworkDevice,
}

impl ComponentType {
    /// All four, in the standard's order.
    pub const ALL: [ComponentType; 4] = [
        ComponentType::SoftwareApplication,
        ComponentType::EmbeddedDevice,
        ComponentType::HostDevice,
        ComponentType::NetworkDevice,
    ];

    /// The kebab-case name used in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ComponentType::SoftwareApplication => "software-application",
            ComponentType::EmbeddedDevice => "embedded-device",
            ComponentType::HostDevice => "host-device",
            ComponentType::NetworkDevice => "network-device",
        }
    }

    /// The two-letter abbreviation: SA, ED, HD or ND.
    pub fn abbrev(self) -> &'static str {
        match self {
            ComponentType::SoftwareApplication => "SA",
            ComponentType::EmbeddedDevice => "ED",
            ComponentType::HostDevice => "HD",
            ComponentType::NetworkDevice => "ND",
        }
    }

    /// The item kind of this type's own component-specific requirements.
    pub fn specific_kind(self) -> ItemKind {
        match self {
            ComponentType::SoftwareApplication => ItemKind::Sar,
            ComponentType::EmbeddedDevice => ItemKind::Edr,
            ComponentType::HostDevice => ItemKind::Hdr,
            ComponentType::NetworkDevice => ItemKind::Ndr,
        }
    }
}

impl fmt::Display for ComponentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ComponentType {
    type Err = UnknownNameError;

    /// Accepts `embedded-device`, `embedded device`, `embedded_device`, `ED` and `EDR`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        ComponentType::ALL
            .iter()
            .find(|c| {
                c.as_str() == t
                    || c.abbrev().eq_ignore_ascii_case(&t)
                    || c.specific_kind().as_str().eq_ignore_ascii_case(&t)
            })
            .copied()
            .ok_or_else(|| {
                UnknownNameError::new(
                    "component type",
                    s,
                    &[
                        "software-application",
                        "embedded-device",
                        "host-device",
                        "network-device",
                    ],
                )
            })
    }
}

/// Where a value came from and whether the public sources agree on it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// True where sources disagree on a value, or rest on one source of medium or low confidence.
    #[serde(default)]
    pub disputed: bool,
    /// The compiler's confidence in the chosen value (`high`, `medium`, `low`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<String>,
    /// The SL lists other sources give, by source.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sl_alternatives: BTreeMap<String, Vec<u8>>,
    /// Why the value was chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One change a local override file made to an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppliedOverride {
    /// The field changed: `title`, `description` or `sl`.
    pub field: &'static str,
    /// The built-in value, as text.
    pub previous: String,
    /// The value now in force, as text.
    pub value: String,
    /// The override file, as given.
    pub source: String,
    /// The reason the file gives, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A catalog item: a requirement, enhancement, heading or process requirement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Requirement {
    /// The canonical id, e.g. `SR 1.1 RE 1`.
    pub id: RequirementId,
    /// The part of the series the item belongs to.
    pub part: Part,
    /// What kind of item it is.
    pub kind: ItemKind,
    /// The short title.
    pub title: String,
    /// The group it sits in: an FR (`FR1`), a 4-1 practice (`SM`), a 2-1 group (`ORG 1`) or a
    /// 2-4 functional area (`SP.01`); none for 3-2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The foundational requirement, for 3-3 and 4-2 items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fr: Option<Fr>,
    /// The item this one enhances or refines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<RequirementId>,
    /// The clause of the standard, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    /// The standard's own notation where it differs from the id, e.g. `SR 1.1(1)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notation: Option<String>,
    /// The security levels at which the item is required (cumulative: `[2, 3, 4]`); empty for
    /// parts rated on maturity levels and for headings.
    pub security_levels: Vec<SecurityLevel>,
    /// The 4-2 component types the item applies to; empty outside 4-2.
    pub component_types: Vec<ComponentType>,
    /// False for headings that carry no requirement of their own.
    pub normative: bool,
    /// Component-specific items a heading points to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub delegates_to: Vec<RequirementId>,
    /// What the item asks for, in Rampart's words.
    pub description: String,
    /// Source agreement for the item's values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    /// Changes a local override file made.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<AppliedOverride>,
}

impl Requirement {
    /// The lowest security level at which the item is required, if any.
    pub fn lowest_level(&self) -> Option<SecurityLevel> {
        self.security_levels.iter().copied().min()
    }

    /// True if and only if the item is normative and required at `level` (for its FR).
    pub fn required_at(&self, level: SecurityLevel) -> bool {
        self.normative && self.lowest_level().is_some_and(|low| level >= low)
    }

    /// True if and only if the item applies to components of type `ty`.
    pub fn applies_to(&self, ty: ComponentType) -> bool {
        self.component_types.contains(&ty)
    }

    /// True if the item is needed for SL vector `target`: it is required at the target
    /// level of its own FR. Items without an FR (outside 3-3 and 4-2) never are.
    pub fn required_by(&self, target: &SlVector) -> bool {
        self.fr.is_some_and(|fr| self.required_at(target.get(fr)))
    }

    /// True where public sources disagree on the item's values.
    pub fn disputed(&self) -> bool {
        self.provenance.as_ref().is_some_and(|p| p.disputed)
    }

    /// The SL list as text: `1-4`, `2-4`, `4`, or `-` when none.
    pub fn levels_text(&self) -> String {
        match (self.security_levels.first(), self.security_levels.last()) {
            (Some(a), Some(b)) if a == b => a.to_string(),
            (Some(a), Some(b)) => format!("{a}-{b}"),
            _ => "-".to_owned(),
        }
    }
}

/// A grouping of items: an FR, a 4-1 practice, a 2-1 element or group, a 2-4 functional area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// The group's id, e.g. `FR1`, `SM`, `SPE1`, `ORG 1`, `SP.01`.
    pub id: String,
    /// Its name.
    pub title: String,
    /// The standard's abbreviation (FRs: `IAC`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abbrev: Option<String>,
    /// The standard's label, e.g. `Practice 1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The clause, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    /// The enclosing group (2-1 requirement groups sit in an SPE).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// What the group is for, in Rampart's words.
    pub description: String,
}

/// How a part rates conformance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scale {
    /// Items are required per security level and FR (3-3, 4-2).
    SecurityLevel,
    /// Processes are rated on maturity levels ML1–ML4 (2-1, 2-4, 4-1).
    MaturityLevel,
    /// Neither: a workflow (3-2).
    None,
}

/// One part's header: its title, edition and groups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartInfo {
    /// The part.
    pub part: Part,
    /// The part's title.
    pub title: String,
    /// The edition the data describes.
    pub edition: String,
    /// How the part rates conformance.
    pub scale: Scale,
    /// Where the part's identifiers, titles and levels come from, and how far they are confirmed.
    pub sources: String,
    /// Its groups, in the standard's order.
    pub groups: Vec<Group>,
}

/// A name that is not one of a closed set (a part, a component type).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{input}`: expected one of {}", expected.join(", "))]
pub struct UnknownNameError {
    what: &'static str,
    input: String,
    expected: Vec<&'static str>,
}

impl UnknownNameError {
    fn new(what: &'static str, input: &str, expected: &[&'static str]) -> Self {
        UnknownNameError {
            what,
            input: input.to_owned(),
            expected: expected.to_vec(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_spellings() {
        for s in ["3-3", "62443-3-3", "IEC 62443-3-3", "3.3", " iec62443-3-3 "] {
            assert_eq!(s.parse::<Part>().unwrap(), Part::P3_3, "{s}");
        }
        let err = "3-4".parse::<Part>().unwrap_err().to_string();
        assert!(
            err.contains("unknown part `3-4`") && err.contains("4-2"),
            "{err}"
        );
    }

    #[test]
    fn component_type_spellings() {
        for s in [
            "embedded-device",
            "Embedded Device",
            "embedded_device",
            "ED",
            "edr",
        ] {
            assert_eq!(
                s.parse::<ComponentType>().unwrap(),
                ComponentType::EmbeddedDevice,
                "{s}"
            );
        }
        assert!("plc".parse::<ComponentType>().is_err());
    }
}
