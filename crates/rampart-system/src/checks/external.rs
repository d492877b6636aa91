use super::{Check, ElementKind, Finding, Severity, mixed_zones};
use crate::model::SystemModel;

/// Devices connected via external networks not separated.
///
/// **What it finds**: a zone where `externally_reachable` assets (a remote-access gateway, a
/// cellular router, a cloud connector) sit with assets that are not reachable from outside.
///
/// **Why it matters**: anything reachable from outside the SUC is the first thing an attacker
/// touches; sharing its zone gives every neighbour the same exposure.
///
/// **Example**: an Ewon Cosy remote-access router on the PLC network.
///
/// **References**: IEC 62443-3-2 ZCR 3.6; 62443-3-3 SR 1.13 (access via untrusted
/// networks), SR 5.1, SR 5.2.
pub struct ExternalConnectionNotSeparated;

impl Check for ExternalConnectionNotSeparated {
    fn id(&self) -> &'static str {
        "external-connection-not-separated"
    }
    fn zcr(&self) -> &'static str {
        "ZCR 3.6"
    }
    fn element_kind(&self) -> ElementKind {
        ElementKind::Zone
    }
    fn title(&self) -> &'static str {
        "Externally reachable devices share a zone with internal assets"
    }
    fn hint(&self) -> &'static str {
        "move externally reachable devices to a remote-access or DMZ zone of their own, reached through a boundary device"
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["SR 1.13", "SR 5.1", "SR 5.2"]
    }
    fn run(&self, model: &SystemModel, out: &mut Vec<Finding>) {
        mixed_zones(
            self,
            model,
            Severity::High,
            |a| a.externally_reachable,
            "externally reachable devices",
            out,
        );
    }
}
