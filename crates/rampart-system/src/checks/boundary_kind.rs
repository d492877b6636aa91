use std::fmt::Write as _;

use super::{Check, ElementKind, Finding, Severity, finding};
use crate::model::SystemModel;
use rampart_catalog::ComponentType;

/// A boundary device that is not a network device.
///
/// **What it finds**: an asset listed under a conduit's `boundary_devices` whose kind is not
/// `network-device`. (Its `role` is a firewall, gateway or data diode, or the model would not
/// have loaded: this check is about the kind of product doing that job.)
///
/// **Why it matters**: zone boundary protection (SR 5.2) is enforced by firewalls, routers,
/// diodes and gateways, which 4-2 assesses against the NDRs; a dual-homed host doing the job
/// is a common and weak substitute, and the gap analysis would check it against the wrong
/// requirements.
///
/// **Example**: the historian server, with one NIC in each zone, listed as the boundary.
///
/// **References**: IEC 62443-3-2 ZCR 3.1; 62443-3-3 SR 5.2; 62443-4-2 NDR 5.2.
pub struct BoundaryDeviceNotNetworkDevice;

impl Check for BoundaryDeviceNotNetworkDevice {
    fn id(&self) -> &'static str {
        "boundary-device-not-network-device"
    }
    fn zcr(&self) -> &'static str {
        "ZCR 3.1"
    }
    fn element_kind(&self) -> ElementKind {
        ElementKind::Conduit
    }
    fn title(&self) -> &'static str {
        "A conduit's boundary device is not a network device"
    }
    fn hint(&self) -> &'static str {
        "enforce the conduit with a firewall, data diode or gateway (kind: network-device), or correct the asset's kind"
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["SR 5.2"]
    }
    fn run(&self, model: &SystemModel, out: &mut Vec<Finding>) {
        for c in model.conduits() {
            for d in &c.boundary_devices {
                let asset = &model.assets()[*d];
                if asset.kind != ComponentType::NetworkDevice {
                    let mut f = finding(
                        self,
                        Severity::Low,
                        ElementKind::Conduit,
                        &c.id,
                        c.span,
                        format!(
                            "conduit `{}` names `{}` ({}) as boundary device",
                            c.id, asset.id, asset.kind
                        ),
                    );
                    let _ = write!(f.fingerprint, "/{}", asset.id);
                    out.push(f);
                }
            }
        }
    }
}
