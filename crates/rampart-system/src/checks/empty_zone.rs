use super::{Check, ElementKind, Finding, Severity, finding};
use crate::model::SystemModel;

/// A zone with no assets.
///
/// **What it finds**: a zone whose `assets` list is empty.
///
/// **Why it matters**: a zone groups assets that share security requirements; an empty one is
/// usually an unfinished model, and its SL-C cannot be known.
///
/// **Example**: `zones: [{id: safety, sl_t: 3}]` with the safety controller forgotten.
///
/// **References**: IEC 62443-3-2 ZCR 3.1.
pub struct EmptyZone;

impl Check for EmptyZone {
    fn id(&self) -> &'static str {
        "empty-zone"
    }
    fn zcr(&self) -> &'static str {
        "ZCR 3.1"
    }
    fn element_kind(&self) -> ElementKind {
        ElementKind::Zone
    }
    fn title(&self) -> &'static str {
        "A zone has no assets"
    }
    fn hint(&self) -> &'static str {
        "list the zone's assets, or remove the zone"
    }
    fn run(&self, model: &SystemModel, out: &mut Vec<Finding>) {
        for z in model.zones().iter().filter(|z| z.assets.is_empty()) {
            out.push(finding(
                self,
                Severity::Low,
                ElementKind::Zone,
                &z.id,
                z.span,
                format!("zone `{}` has no assets", z.id),
            ));
        }
    }
}
