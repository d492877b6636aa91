//! The model's element types and the enumerations its fields take.

use std::fmt;

use rampart_catalog::{ComponentType, RequirementId, SlVector};
use serde::Serialize;

use rampart_yaml::Span;

use super::index::{AssetIdx, ConduitIdx, CountermeasureIdx, ZoneIdx};

macro_rules! named_enum {
    ($(#[$doc:meta])* $name:ident, $what:literal { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name used in model files and output.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            pub(crate) fn parse(text: &str) -> Result<$name, String> {
                let t = text.trim().to_ascii_lowercase().replace(['_', ' '], "-");
                $name::ALL
                    .iter()
                    .find(|v| v.as_str() == t)
                    .copied()
                    .ok_or_else(|| format!(
                        "unknown {} `{}`: expected one of {}",
                        $what,
                        text,
                        $name::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
                    ))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

named_enum! {
    /// Which side of the business/IACS divide an asset serves; ZCR 3.2 keeps the two apart.
    Domain, "domain" {
        /// Enterprise IT: ERP, e-mail, office workstations.
        Business = "business",
        /// The industrial automation and control system.
        Control = "control",
    }
}

named_enum! {
    /// What an asset does on the network. A conduit's `boundary_devices` must have a
    /// boundary role ([`Role::is_boundary`]): a plain switch or router joins zones, it does not
    /// separate them.
    Role, "asset role" {
        /// Filters traffic by rule: a firewall, a security appliance, a VPN firewall.
        Firewall = "firewall",
        /// Terminates one protocol and speaks another: an application or protocol gateway,
        /// a jump host appliance.
        Gateway = "gateway",
        /// Lets data pass one way only, by construction.
        DataDiode = "data-diode",
        /// Routes between networks without filtering by rule.
        Router = "router",
        /// Switches within a network.
        Switch = "switch",
        /// Bridges a wireless network onto a wired one.
        WirelessAccessPoint = "wireless-access-point",
    }
}

impl Role {
    /// True for the roles that can enforce a conduit: firewall, gateway, data diode.
    pub fn is_boundary(self) -> bool {
        matches!(self, Role::Firewall | Role::Gateway | Role::DataDiode)
    }
}

named_enum! {
    /// How much the operation depends on an asset; shown in reports, orders the gap's assets.
    Criticality, "criticality" {
        /// Loss is an inconvenience.
        Low = "low",
        /// Loss degrades operation.
        Medium = "medium",
        /// Loss stops a process area.
        High = "high",
        /// Loss stops the plant or endangers people.
        Critical = "critical",
    }
}

named_enum! {
    /// The means of a threat source, in the words of the SL definitions of 3-3: the
    /// default SL-T derivation maps them to SL 1–4.
    Capability, "threat-source capability" {
        /// Casual or coincidental violation (SL 1).
        Casual = "casual",
        /// Simple means, low resources, generic skills (SL 2).
        Simple = "simple",
        /// Sophisticated means, moderate resources, IACS-specific skills (SL 3).
        Sophisticated = "sophisticated",
        /// Sophisticated means, extended resources, high motivation (SL 4).
        Extended = "extended",
    }
}

named_enum! {
    /// The kinds of consequence a threat scenario is rated on.
    ConsequenceCategory, "consequence category" {
        /// Harm to people.
        Safety = "safety",
        /// Harm to the environment (a spill, a discharge).
        Environment = "environment",
        /// Lost or degraded production or service.
        Production = "production",
        /// Direct financial loss, including theft of data.
        Financial = "financial",
        /// Loss of trust: customers, regulators, the public.
        Reputation = "reputation",
    }
}

named_enum! {
    /// Which way a channel carries data between the conduit's two zones (in the order listed).
    Direction, "direction" {
        /// From the first zone to the second only.
        AToB = "a-to-b",
        /// From the second zone to the first only.
        BToA = "b-to-a",
        /// Both ways.
        Bidirectional = "bidirectional",
    }
}

impl ConsequenceCategory {
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// Where a zone's SL-T comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SlSource {
    /// Written in the model.
    Declared,
    /// Derived from the risk assessment (`sl_t: derive`); see [`SystemModel::derivation`](super::SystemModel::derivation).
    Derived,
}

/// The system under consideration (ZCR 1).
#[derive(Debug, Clone, Serialize)]
pub struct SystemInfo {
    /// Its name.
    pub name: String,
    /// Where the SUC ends: what is in scope and what is outside.
    pub boundary: Option<String>,
    /// The asset owner.
    pub owner: Option<String>,
    /// Free text.
    pub description: Option<String>,
}

/// A component of the system: device, host or application.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Unique id.
    pub id: String,
    /// Display name (the id when not given).
    pub name: String,
    /// The 4-2 component type: decides which CRs and EDR/HDR/NDR/SARs apply.
    pub kind: ComponentType,
    /// Manufacturer.
    pub vendor: Option<String>,
    /// Product name.
    pub product: Option<String>,
    /// Product or firmware version.
    pub version: Option<String>,
    /// Free text.
    pub description: Option<String>,
    /// What it does on the network, if it is a network element.
    pub role: Option<Role>,
    /// Business or control side (ZCR 3.2).
    pub domain: Domain,
    /// How much the operation depends on it.
    pub criticality: Criticality,
    /// Part of a safety function (ZCR 3.3).
    pub safety_related: bool,
    /// Connects over a wireless link (ZCR 3.5).
    pub wireless: bool,
    /// Connected only now and then: a laptop, a USB device, a vendor's service PC (ZCR 3.4).
    pub temporarily_connected: bool,
    /// Reachable from networks outside the SUC (ZCR 3.6).
    pub externally_reachable: bool,
    /// Path or URL of its SBOM.
    pub sbom: Option<String>,
    /// Path or URL of its firmware image.
    pub firmware: Option<String>,
    /// Path or URL of its 4-2 component assessment.
    pub component_assessment: Option<String>,
    /// Its capability SL-C, if declared; `None` means unknown, never "zero".
    pub sl_c: Option<SlVector>,
    /// 4-2 items the component is known to meet beyond those its SL-C implies.
    pub satisfies: Vec<RequirementId>,
    /// The zone it sits in (index into [`SystemModel::zones`](super::SystemModel::zones)).
    pub zone: ZoneIdx,
    /// Where it is defined.
    pub span: Span,
}

/// A zone: assets sharing security requirements.
#[derive(Debug, Clone)]
pub struct Zone {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// Purdue level 0–5, used only to lay out diagrams.
    pub level: Option<u8>,
    /// Its assets (indexes into [`SystemModel::assets`](super::SystemModel::assets)), in file order.
    pub assets: Vec<AssetIdx>,
    /// The target security level: declared or derived.
    pub sl_t: SlVector,
    /// Whether [`Zone::sl_t`] was declared or derived.
    pub sl_t_source: SlSource,
    /// The achieved level, if declared.
    pub sl_a: Option<SlVector>,
    /// 3-3 items the zone is known to meet.
    pub satisfies: Vec<RequirementId>,
    /// Where it is defined.
    pub span: Span,
}

/// One communication channel of a conduit.
#[derive(Debug, Clone, Serialize)]
pub struct Channel {
    /// Protocol name, e.g. `opc-ua`, `modbus-tcp`.
    pub protocol: String,
    /// TCP/UDP port, if any.
    pub port: Option<u16>,
    /// Which way data flows.
    pub direction: Direction,
    /// Confidentiality protection on the wire (TLS, IPsec, …).
    pub encrypted: bool,
    /// Peers authenticate each other (certificates, keys, …).
    pub authenticated: bool,
    /// Where it is defined.
    #[serde(skip)]
    pub span: Span,
}

/// A conduit: the communication paths between two zones.
#[derive(Debug, Clone)]
pub struct Conduit {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// The two zones joined (indexes), in the order written.
    pub zones: [ZoneIdx; 2],
    /// Its channels.
    pub channels: Vec<Channel>,
    /// Firewalls, data diodes or gateways that enforce it (asset indexes).
    pub boundary_devices: Vec<AssetIdx>,
    /// Where it is defined.
    pub span: Span,
}

/// One end of a data flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// An asset (index).
    Asset(AssetIdx),
    /// A whole zone (index).
    Zone(ZoneIdx),
}

/// A data flow between two assets or zones.
#[derive(Debug, Clone)]
pub struct DataFlow {
    /// Unique id.
    pub id: String,
    /// Free text.
    pub description: Option<String>,
    /// Sender.
    pub from: Endpoint,
    /// Receiver.
    pub to: Endpoint,
    /// Protocol, if given.
    pub protocol: Option<String>,
    /// Port, if given.
    pub port: Option<u16>,
    /// The conduit carrying it (index); `None` when both ends are in one zone.
    pub conduit: Option<ConduitIdx>,
    /// Where it is defined.
    pub span: Span,
}

/// What a threat scenario targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A zone (index).
    Zone(ZoneIdx),
    /// An asset (index).
    Asset(AssetIdx),
}

/// A threat scenario of the detailed risk assessment (ZCR 5.1).
#[derive(Debug, Clone)]
pub struct ThreatScenario {
    /// Unique id.
    pub id: String,
    /// Free text.
    pub description: Option<String>,
    /// The threat source, e.g. "ransomware affiliate", "disgruntled contractor".
    pub source: String,
    /// The source's means.
    pub capability: Capability,
    /// False for accidents and errors: then the source counts as casual.
    pub intentional: bool,
    /// How it gets in: one of [`KNOWN_VECTORS`](crate::model::KNOWN_VECTORS) or of the
    /// configured `external_vectors`, in its normal form (`remote-access`).
    pub vector: String,
    /// The zone or asset attacked.
    pub target: Target,
    /// The zone attacked: the target, or the target asset's zone.
    pub zone: ZoneIdx,
    /// Unmitigated likelihood, 1 to the matrix's size.
    pub likelihood: u8,
    /// Impact per consequence category (0 = none), in [`ConsequenceCategory::ALL`] order.
    pub consequences: [u8; 5],
    /// Countermeasures in place (indexes).
    pub countermeasures: Vec<CountermeasureIdx>,
    /// Where it is defined.
    pub span: Span,
}

impl ThreatScenario {
    /// The impact of one category.
    pub fn impact_of(&self, category: ConsequenceCategory) -> u8 {
        self.consequences[category.index()]
    }

    /// The scenario's impact: the worst over its consequence categories.
    pub fn impact(&self) -> u8 {
        self.consequences.iter().copied().max().unwrap_or(0)
    }
}

/// A countermeasure: reduces scenario risk and/or meets or compensates for requirements.
#[derive(Debug, Clone)]
pub struct Countermeasure {
    /// Unique id.
    pub id: String,
    /// Free text.
    pub description: Option<String>,
    /// Zones it protects (indexes).
    pub zones: Vec<ZoneIdx>,
    /// Assets it protects (indexes).
    pub assets: Vec<AssetIdx>,
    /// 3-3 or 4-2 items it meets (or compensates for, when [`Countermeasure::compensating`]).
    pub requirements: Vec<RequirementId>,
    /// True when it stands in for requirements the protected elements do not meet
    /// themselves (3-3 clause 5.5, compensating countermeasures).
    pub compensating: bool,
    /// Steps it lowers the likelihood of scenarios that list it.
    pub likelihood_reduction: u8,
    /// Steps it lowers the impact of scenarios that list it.
    pub impact_reduction: u8,
    /// Where it is defined.
    pub span: Span,
}
