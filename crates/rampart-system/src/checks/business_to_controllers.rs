use super::{Check, ElementKind, Finding, Severity, finding};
use crate::model::{Domain, SystemModel, ZoneIdx};
use rampart_catalog::ComponentType;

/// A business zone joined directly to a zone of controllers.
///
/// **What it finds**: a conduit whose one end is a business zone (every asset
/// `domain: business`) and whose other end holds control embedded devices (PLCs, RTUs,
/// safety controllers).
///
/// **Why it matters**: the reference architecture of 62443-3-2 Annex B and the Purdue model
/// put a DMZ and a supervisory zone between the enterprise and the controllers; a direct
/// conduit skips both layers of boundary protection.
///
/// **Example**: an ERP zone talking Modbus/TCP to the filter-gallery PLC zone.
///
/// **References**: IEC 62443-3-2 ZCR 3.2; 62443-3-3 SR 5.1 RE 2 (independence from
/// non-control system networks), SR 5.2.
pub struct BusinessZoneToControllers;

impl Check for BusinessZoneToControllers {
    fn id(&self) -> &'static str {
        "business-zone-to-controllers"
    }
    fn zcr(&self) -> &'static str {
        "ZCR 3.2"
    }
    fn element_kind(&self) -> ElementKind {
        ElementKind::Conduit
    }
    fn title(&self) -> &'static str {
        "A business zone is joined directly to a zone of controllers"
    }
    fn hint(&self) -> &'static str {
        "route business traffic through a DMZ and the supervisory zone; replace the direct conduit with conduits to the DMZ"
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["SR 5.1 RE 2", "SR 5.2"]
    }
    fn run(&self, model: &SystemModel, out: &mut Vec<Finding>) {
        let business = |z: ZoneIdx| {
            let zone = &model.zones()[z];
            !zone.assets.is_empty()
                && zone
                    .assets
                    .iter()
                    .all(|a| model.assets()[*a].domain == Domain::Business)
        };
        let controllers = |z: ZoneIdx| {
            model.zones()[z].assets.iter().any(|a| {
                let a = &model.assets()[*a];
                a.domain == Domain::Control && a.kind == ComponentType::EmbeddedDevice
            })
        };
        for c in model.conduits() {
            let [a, b] = c.zones;
            for (biz, ctl) in [(a, b), (b, a)] {
                if business(biz) && controllers(ctl) {
                    out.push(finding(
                        self,
                        Severity::High,
                        ElementKind::Conduit,
                        &c.id,
                        c.span,
                        format!(
                            "conduit `{}` joins business zone `{}` directly to zone `{}`, which holds controllers",
                            c.id,
                            model.zones()[biz].id,
                            model.zones()[ctl].id
                        ),
                    ));
                }
            }
        }
    }
}
