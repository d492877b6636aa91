use super::{Check, ElementKind, Finding, Severity, finding};
use crate::model::{SlSource, SystemModel};

/// A zone no threat scenario targets.
///
/// **What it finds**: a zone for which neither the zone nor any of its assets is the target
/// of a threat scenario.
///
/// **Why it matters**: the initial risk assessment (ZCR 2) rates the worst case per zone; with
/// no scenario the zone's risk is unassessed, and a derived SL-T falls back to the baseline.
///
/// **Example**: a derived-SL-T zone with no `threats` entry pointing at it.
///
/// **References**: IEC 62443-3-2 ZCR 2.1, ZCR 5.1.
pub struct ZoneWithoutThreatScenarios;

impl Check for ZoneWithoutThreatScenarios {
    fn id(&self) -> &'static str {
        "zone-without-threat-scenarios"
    }
    fn zcr(&self) -> &'static str {
        "ZCR 2.1"
    }
    fn element_kind(&self) -> ElementKind {
        ElementKind::Zone
    }
    fn title(&self) -> &'static str {
        "No threat scenario targets a zone"
    }
    fn hint(&self) -> &'static str {
        "add threat scenarios that target the zone or its assets (at least the worst case), with likelihood and consequences"
    }
    fn run(&self, model: &SystemModel, out: &mut Vec<Finding>) {
        for (zi, z) in model.zone_indexes().zip(model.zones()) {
            if !model.threats_of_zone(zi).is_empty() {
                continue;
            }
            let (severity, tail) = match z.sl_t_source {
                SlSource::Derived => (
                    Severity::Medium,
                    format!("; its derived SL-T{} is only the baseline", z.sl_t),
                ),
                SlSource::Declared => (Severity::Info, String::new()),
            };
            out.push(finding(
                self,
                severity,
                ElementKind::Zone,
                &z.id,
                z.span,
                format!(
                    "no threat scenario targets zone `{}` or its assets{tail}",
                    z.id
                ),
            ));
        }
    }
}
