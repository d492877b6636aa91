//! The 3-2 checks: rules that read a validated model and report findings, each traced to the
//! ZCR it comes from and the 3-3 requirements it bears on.
//!
//! One check per file; adding one is the file, a line in [`all_checks`], a fixture pair
//! (`tests/fixtures/checks/<id>/{triggers,clean}.yaml`) and its snapshot. Ids are stable and
//! kebab-case; a test asserts they are unique. Every check runs in time linear in the model
//! (it walks zones, conduits or flows once, with indexes for lookups).

use std::fmt::{self, Write as _};

use serde::Serialize;

use crate::acceptance::AcceptanceNote;
use crate::date::IsoDate;
use crate::model::{Span, SystemModel};

mod boundary_kind;
mod business_control;
mod business_to_controllers;
mod capability_unknown;
mod cleartext;
mod conduit_channels;
mod empty_zone;
mod external;
mod flow_channel;
mod flow_direction;
mod residual_risk;
mod safety;
mod sl_step;
mod temporary;
mod unassessed_zone;
mod unauthenticated;
mod wireless;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing to fix as such.
    Info,
    /// A documentation or hygiene gap.
    Low,
    /// A weakness an attacker can use with effort.
    Medium,
    /// A direct path to the consequences the zone model is meant to prevent.
    High,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        })
    }
}

/// The kind of model element a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ElementKind {
    /// A zone.
    Zone,
    /// A conduit.
    Conduit,
    /// An asset.
    Asset,
    /// A data flow.
    Flow,
    /// A threat scenario.
    Threat,
}

impl fmt::Display for ElementKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ElementKind::Zone => "zone",
            ElementKind::Conduit => "conduit",
            ElementKind::Asset => "asset",
            ElementKind::Flow => "flow",
            ElementKind::Threat => "threat scenario",
        })
    }
}

/// One result of a check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The check's id.
    pub check: &'static str,
    /// The 3-2 requirement it comes from, e.g. `ZCR 3.2`.
    pub zcr: &'static str,
    /// How much it matters.
    pub severity: Severity,
    /// The kind of element.
    pub element_kind: ElementKind,
    /// The element's id.
    pub element: String,
    /// Where the element is defined in the model file.
    pub line: u32,
    /// Column of the element's id.
    pub col: u32,
    /// What was found.
    pub message: String,
    /// How to fix it.
    pub hint: &'static str,
    /// The 3-3 requirements it bears on.
    pub requirements: Vec<&'static str>,
    /// Stable across runs and unrelated edits: `check/element[/detail]`; for de-duplication.
    pub fingerprint: String,
    /// The owner's acceptance naming this check and element, with its standing on the day
    /// of the run; absent when there is none (see [`crate::acceptance`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acceptance: Option<AcceptanceNote>,
}

impl Finding {
    /// True if and only if an acceptance in force covers it: it is reported, but does not
    /// count for `--fail-on`.
    pub fn is_accepted(&self) -> bool {
        self.acceptance
            .as_ref()
            .is_some_and(AcceptanceNote::in_force)
    }
}

/// A rule of the 3-2 workflow.
pub trait Check: Sync {
    /// Stable kebab-case id.
    fn id(&self) -> &'static str;
    /// The ZCR it comes from.
    fn zcr(&self) -> &'static str;
    /// The kind of element its findings are about (what an acceptance of it must name).
    fn element_kind(&self) -> ElementKind;
    /// One-line title.
    fn title(&self) -> &'static str;
    /// How to fix what it finds.
    fn hint(&self) -> &'static str;
    /// The 3-3 requirements it bears on.
    fn requirements(&self) -> &'static [&'static str] {
        &[]
    }
    /// Appends its findings.
    fn run(&self, model: &SystemModel, out: &mut Vec<Finding>);
}

/// Every check, in a fixed order.
pub fn all_checks() -> &'static [&'static dyn Check] {
    &[
        &business_control::BusinessAndControlInOneZone,
        &safety::SafetyZoneShared,
        &temporary::TemporaryDevicesNotSeparated,
        &wireless::WirelessNotSeparated,
        &external::ExternalConnectionNotSeparated,
        &business_to_controllers::BusinessZoneToControllers,
        &sl_step::SlStepWithoutBoundaryDevice,
        &boundary_kind::BoundaryDeviceNotNetworkDevice,
        &cleartext::CleartextChannel,
        &unauthenticated::UnauthenticatedChannel,
        &conduit_channels::ConduitWithoutChannels,
        &flow_channel::FlowNotOnConduit,
        &flow_direction::FlowAgainstChannelDirection,
        &empty_zone::EmptyZone,
        &unassessed_zone::ZoneWithoutThreatScenarios,
        &residual_risk::IntolerableResidualRisk,
        &capability_unknown::AssetCapabilityUnknown,
    ]
}

/// The check with this id.
pub fn check_by_id(id: &str) -> Option<&'static dyn Check> {
    all_checks().iter().copied().find(|c| c.id() == id)
}

/// Runs every check; findings sorted by severity (highest first), then check order, then
/// position in the file. Acceptances are not looked at: see [`run_checks_as_of`].
pub fn run_checks(model: &SystemModel) -> Vec<Finding> {
    let mut out = Vec::new();
    for check in all_checks() {
        check.run(model, &mut out);
    }
    let order: std::collections::HashMap<&str, usize> = all_checks()
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id(), i))
        .collect();
    out.sort_by_cached_key(|f| {
        (
            std::cmp::Reverse(f.severity),
            order.get(f.check).copied(),
            f.line,
            f.col,
            f.fingerprint.clone(),
        )
    });
    out
}

/// Runs every check, as [`run_checks`], and attaches to each finding the owner's acceptance
/// of it with its standing on `today` ([`Finding::is_accepted`]).
pub fn run_checks_as_of(model: &SystemModel, today: IsoDate) -> Vec<Finding> {
    let mut findings = run_checks(model);
    crate::acceptance::annotate_findings(model, &mut findings, today);
    findings
}

/// Builds a finding of `check` about one element.
pub(crate) fn finding(
    check: &dyn Check,
    severity: Severity,
    kind: ElementKind,
    element: &str,
    at: Span,
    message: String,
) -> Finding {
    Finding {
        check: check.id(),
        zcr: check.zcr(),
        severity,
        element_kind: kind,
        element: element.to_owned(),
        line: at.line,
        col: at.col,
        message,
        hint: check.hint(),
        requirements: check.requirements().to_vec(),
        fingerprint: format!("{}/{element}", check.id()),
        acceptance: None,
    }
}

/// One finding per channel of `conduit` that `flagged` picks, placed at the channel and
/// fingerprinted by its index, so two channels of one conduit stay apart.
pub(crate) fn channel_findings(
    check: &dyn Check,
    severity: Severity,
    conduit: &crate::model::Conduit,
    flagged: impl Fn(&crate::model::Channel) -> bool,
    message: impl Fn(&crate::model::Channel) -> String,
    out: &mut Vec<Finding>,
) {
    for (i, ch) in conduit
        .channels
        .iter()
        .enumerate()
        .filter(|(_, ch)| flagged(ch))
    {
        let mut f = finding(
            check,
            severity,
            ElementKind::Conduit,
            &conduit.id,
            ch.span,
            message(ch),
        );
        let _ = write!(f.fingerprint, "/{i}");
        out.push(f);
    }
}

/// True if and only if `channel` can carry a flow of `protocol` (case-insensitive) and `port`;
/// a port left out on either side matches any, and a flow naming no protocol fits any channel.
pub(crate) fn carries_service(
    channel: &crate::model::Channel,
    protocol: Option<&str>,
    port: Option<u16>,
) -> bool {
    protocol.is_none_or(|p| channel.protocol.eq_ignore_ascii_case(p))
        && (port.is_none() || channel.port.is_none() || port == channel.port)
}

/// A service as people write it: `modbus-tcp/502`, or the bare protocol without a port.
pub(crate) fn service(protocol: &str, port: Option<u16>) -> String {
    match port {
        Some(p) => format!("{protocol}/{p}"),
        None => protocol.to_owned(),
    }
}

/// Lists ids as `a`, `b`, `c` and N more.
pub(crate) fn id_list<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    const SHOWN: usize = 5;
    let all: Vec<&str> = ids.collect();
    let mut text = all
        .iter()
        .take(SHOWN)
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if all.len() > SHOWN {
        let _ = write!(text, " and {} more", all.len() - SHOWN);
    }
    text
}

/// For the separation checks (ZCR 3.3–3.6): zones where assets with `flag` share the zone
/// with assets without it.
pub(crate) fn mixed_zones(
    check: &dyn Check,
    model: &SystemModel,
    severity: Severity,
    flag: impl Fn(&crate::model::Asset) -> bool,
    describe: &str,
    out: &mut Vec<Finding>,
) {
    for zone in model.zones() {
        let (with, without): (Vec<&crate::model::Asset>, Vec<&crate::model::Asset>) = zone
            .assets
            .iter()
            .map(|a| &model.assets()[*a])
            .partition(|a| flag(a));
        if !with.is_empty() && !without.is_empty() {
            out.push(finding(
                check,
                severity,
                ElementKind::Zone,
                &zone.id,
                zone.span,
                format!(
                    "zone `{}` mixes {describe} ({}) with other assets ({})",
                    zone.id,
                    id_list(with.iter().map(|a| a.id.as_str())),
                    id_list(without.iter().map(|a| a.id.as_str())),
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn check_ids_are_unique_kebab_case_and_documented() {
        let mut seen = HashSet::new();
        for c in all_checks() {
            assert!(seen.insert(c.id()), "duplicate check id {}", c.id());
            assert!(
                c.id()
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch == '-'),
                "{} is not kebab-case",
                c.id()
            );
            assert!(c.zcr().starts_with("ZCR "), "{}", c.id());
            assert!(!c.title().is_empty() && !c.hint().is_empty(), "{}", c.id());
            for r in c.requirements() {
                rampart_catalog::Catalog::builtin()
                    .lookup(r)
                    .unwrap_or_else(|e| panic!("{}: {e}", c.id()));
            }
            rampart_catalog::Catalog::builtin()
                .lookup(c.zcr())
                .unwrap_or_else(|e| panic!("{}: {e}", c.id()));
        }
        assert!(check_by_id("empty-zone").is_some());
        assert!(check_by_id("no-such-check").is_none());
    }
}
