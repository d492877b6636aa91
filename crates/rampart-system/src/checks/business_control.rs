use super::{Check, ElementKind, Finding, Severity, mixed_zones};
use crate::model::{Domain, SystemModel};

/// Business and control assets in one zone.
///
/// **What it finds**: a zone holding both `domain: business` assets (ERP, e-mail, office
/// PCs) and control-system assets.
///
/// **Why it matters**: business networks face the internet, phishing and commodity malware;
/// a control asset in the same zone is one hop from all of it, and inherits none of the
/// boundary protection a conduit would give.
///
/// **Example**: the plant's ERP terminal and the SCADA server on one VLAN.
///
/// **References**: IEC 62443-3-2 ZCR 3.2; 62443-3-3 SR 5.1 (network segmentation).
pub struct BusinessAndControlInOneZone;

impl Check for BusinessAndControlInOneZone {
    fn id(&self) -> &'static str {
        "business-and-control-in-one-zone"
    }
    fn zcr(&self) -> &'static str {
        "ZCR 3.2"
    }
    fn element_kind(&self) -> ElementKind {
        ElementKind::Zone
    }
    fn title(&self) -> &'static str {
        "Business and control assets share a zone"
    }
    fn hint(&self) -> &'static str {
        "move the business assets to an enterprise zone and join it to the control zone through a conduit (ideally via a DMZ)"
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["SR 5.1"]
    }
    fn run(&self, model: &SystemModel, out: &mut Vec<Finding>) {
        mixed_zones(
            self,
            model,
            Severity::High,
            |a| a.domain == Domain::Business,
            "business assets",
            out,
        );
    }
}
