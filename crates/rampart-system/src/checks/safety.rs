use super::{Check, ElementKind, Finding, Severity, mixed_zones};
use crate::model::SystemModel;

/// Safety-related assets sharing a zone with others.
///
/// **What it finds**: a zone holding both `safety_related` assets (a safety controller, its
/// engineering station) and assets that are not.
///
/// **Why it matters**: a safety instrumented system is the last layer between an attack and
/// harm to people; if it shares a zone with the basic process control system, one
/// compromise reaches both (TRITON/TRISIS reached a Triconex controller this way).
///
/// **Example**: a HIMA HIMax and the process PLCs on one control network.
///
/// **References**: IEC 62443-3-2 ZCR 3.3; 62443-3-3 SR 5.1 RE 3 (isolation of critical
/// networks); IEC 61511-1 clause 8.2.4.
pub struct SafetyZoneShared;

impl Check for SafetyZoneShared {
    fn id(&self) -> &'static str {
        "safety-zone-shared"
    }
    fn zcr(&self) -> &'static str {
        "ZCR 3.3"
    }
    fn element_kind(&self) -> ElementKind {
        ElementKind::Zone
    }
    fn title(&self) -> &'static str {
        "Safety-related assets share a zone with other assets"
    }
    fn hint(&self) -> &'static str {
        "put the safety-related assets in a zone of their own, joined to the control zone by a conduit with a boundary device"
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["SR 5.1", "SR 5.1 RE 3"]
    }
    fn run(&self, model: &SystemModel, out: &mut Vec<Finding>) {
        mixed_zones(
            self,
            model,
            Severity::High,
            |a| a.safety_related,
            "safety-related assets",
            out,
        );
    }
}
