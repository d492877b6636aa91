use super::{Check, ElementKind, Finding, Severity, mixed_zones};
use crate::model::SystemModel;

/// Wireless devices not separated.
///
/// **What it finds**: a zone where `wireless` assets sit with wired ones.
///
/// **Why it matters**: a wireless link reaches past the fence; anyone in radio range is a
/// candidate attacker, so 3-2 asks for wireless devices to form zones of their own.
///
/// **Example**: a WirelessHART gateway or a Wi-Fi tablet HMI on the wired control network.
///
/// **References**: IEC 62443-3-2 ZCR 3.5; 62443-3-3 SR 1.6 (wireless access management),
/// SR 2.2 (wireless use control).
pub struct WirelessNotSeparated;

impl Check for WirelessNotSeparated {
    fn id(&self) -> &'static str {
        "wireless-not-separated"
    }
    fn zcr(&self) -> &'static str {
        "ZCR 3.5"
    }
    fn element_kind(&self) -> ElementKind {
        ElementKind::Zone
    }
    fn title(&self) -> &'static str {
        "Wireless devices share a zone with wired assets"
    }
    fn hint(&self) -> &'static str {
        "put wireless devices in their own zone and join it to the wired zone through a conduit with a boundary device"
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["SR 1.6", "SR 2.2", "SR 5.1"]
    }
    fn run(&self, model: &SystemModel, out: &mut Vec<Finding>) {
        mixed_zones(
            self,
            model,
            Severity::Medium,
            |a| a.wireless,
            "wireless devices",
            out,
        );
    }
}
