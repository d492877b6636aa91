use super::{Check, ElementKind, Finding, Severity, mixed_zones};
use crate::model::SystemModel;

/// Temporarily connected devices not separated.
///
/// **What it finds**: a zone where `temporarily_connected` devices (service laptops, USB
/// tools, a vendor's commissioning PC) sit with permanently connected assets.
///
/// **Why it matters**: such devices spend their lives on other networks and bring their
/// malware along (Stuxnet travelled on removable media); 3-2 asks for them to be separate.
///
/// **Example**: the integrator's laptop listed as a member of the PLC zone.
///
/// **References**: IEC 62443-3-2 ZCR 3.4; 62443-3-3 SR 2.3 (portable and mobile devices),
/// SR 5.1.
pub struct TemporaryDevicesNotSeparated;

impl Check for TemporaryDevicesNotSeparated {
    fn id(&self) -> &'static str {
        "temporary-devices-not-separated"
    }
    fn zcr(&self) -> &'static str {
        "ZCR 3.4"
    }
    fn element_kind(&self) -> ElementKind {
        ElementKind::Zone
    }
    fn title(&self) -> &'static str {
        "Temporarily connected devices share a zone with permanent assets"
    }
    fn hint(&self) -> &'static str {
        "give temporarily connected devices their own zone (e.g. a maintenance zone) with a conduit that is checked before each connection"
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["SR 2.3", "SR 5.1"]
    }
    fn run(&self, model: &SystemModel, out: &mut Vec<Finding>) {
        mixed_zones(
            self,
            model,
            Severity::Medium,
            |a| a.temporarily_connected,
            "temporarily connected devices",
            out,
        );
    }
}
