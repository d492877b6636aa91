use super::{Check, ElementKind, Finding, Severity, finding};
use crate::model::SystemModel;
use rampart_catalog::Fr;

/// A large SL-T step across a conduit with no boundary device.
///
/// **What it finds**: a conduit between zones whose SL-T differ by 2 or more on some FR, with
/// no `boundary_devices`. Validation has already made sure every boundary device can enforce
/// the conduit (a firewall, gateway or data diode by its `role`, in one of the two zones or
/// in a zone between them), so a plain switch listed there cannot silence this check.
///
/// **Why it matters**: the conduit is where the weaker zone's threats meet the stronger
/// zone's target; without a firewall, data diode or gateway enforcing it, the stronger zone
/// is only as strong as the weaker one.
///
/// **Example**: DMZ at SL-T 1 joined to the safety zone at SL-T 3 by a bare switch uplink.
///
/// **References**: IEC 62443-3-2 ZCR 3.1; 62443-3-3 SR 5.2 (zone boundary protection).
pub struct SlStepWithoutBoundaryDevice;

impl Check for SlStepWithoutBoundaryDevice {
    fn id(&self) -> &'static str {
        "sl-t-step-without-boundary-device"
    }
    fn zcr(&self) -> &'static str {
        "ZCR 3.1"
    }
    fn element_kind(&self) -> ElementKind {
        ElementKind::Conduit
    }
    fn title(&self) -> &'static str {
        "Zones whose SL-T differ by 2 or more are joined without a boundary device"
    }
    fn hint(&self) -> &'static str {
        "put a firewall, data diode or application gateway on the conduit and list it under `boundary_devices`"
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["SR 5.2"]
    }
    fn run(&self, model: &SystemModel, out: &mut Vec<Finding>) {
        for c in model
            .conduits()
            .iter()
            .filter(|c| c.boundary_devices.is_empty())
        {
            let [a, b] = c.zones.map(|z| &model.zones()[z]);
            let steps: Vec<String> = Fr::ALL
                .iter()
                .filter(|fr| a.sl_t.get(**fr).get().abs_diff(b.sl_t.get(**fr).get()) >= 2)
                .map(|fr| format!("{fr} {} vs {}", a.sl_t.get(*fr), b.sl_t.get(*fr)))
                .collect();
            if !steps.is_empty() {
                out.push(finding(
                    self,
                    Severity::High,
                    ElementKind::Conduit,
                    &c.id,
                    c.span,
                    format!(
                        "conduit `{}` joins `{}` SL-T{} and `{}` SL-T{} with no boundary device ({})",
                        c.id,
                        a.id,
                        a.sl_t,
                        b.id,
                        b.sl_t,
                        steps.join(", ")
                    ),
                ));
            }
        }
    }
}
