use super::{Check, ElementKind, Finding, Severity, finding};
use crate::model::SystemModel;

/// An asset whose capability SL-C is unknown.
///
/// **What it finds**: an asset with no `sl_c`.
///
/// **Why it matters**: a zone's SL-C is the element-wise minimum of its assets'; one unknown
/// asset makes the zone's capability, and so its gap, uncertain. Rampart reports such assets
/// instead of silently leaving them out.
///
/// **Example**: a legacy RTU with no 4-2 certificate and no vendor statement.
///
/// **References**: IEC 62443-3-2 ZCR 5.8 (existing countermeasures); 62443-4-2 clause 4.
pub struct AssetCapabilityUnknown;

impl Check for AssetCapabilityUnknown {
    fn id(&self) -> &'static str {
        "asset-capability-unknown"
    }
    fn zcr(&self) -> &'static str {
        "ZCR 5.8"
    }
    fn element_kind(&self) -> ElementKind {
        ElementKind::Asset
    }
    fn title(&self) -> &'static str {
        "An asset's capability SL-C is unknown"
    }
    fn hint(&self) -> &'static str {
        "declare `sl_c` from the product's IEC 62443-4-2 certificate, a vendor statement or a component assessment"
    }
    fn run(&self, model: &SystemModel, out: &mut Vec<Finding>) {
        for a in model.assets().iter().filter(|a| a.sl_c.is_none()) {
            out.push(finding(
                self,
                Severity::Info,
                ElementKind::Asset,
                &a.id,
                a.span,
                format!(
                    "asset `{}` ({}) has no declared SL-C; zone `{}` capability is uncertain",
                    a.id,
                    a.kind,
                    model.zones()[a.zone].id
                ),
            ));
        }
    }
}
