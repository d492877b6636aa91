use super::{Check, ElementKind, Finding, Severity, channel_findings};
use crate::model::SystemModel;
use rampart_catalog::{Fr, SecurityLevel};

/// An unauthenticated channel on a conduit of a zone with SL-T FR1 ≥ 2.
///
/// **What it finds**: a channel with `authenticated: false` on a conduit where either zone's
/// SL-T on FR1 (identification and authentication control) is at least 2.
///
/// **Why it matters**: from SL 2, SR 1.2 asks that software processes and devices
/// authenticate each other; an unauthenticated channel accepts commands from anything that
/// can reach it.
///
/// **Example**: the SCADA server writing set-points to a PLC over plain Modbus/TCP.
///
/// **References**: IEC 62443-3-2 ZCR 3.1; 62443-3-3 SR 1.2, SR 3.1.
pub struct UnauthenticatedChannel;

impl Check for UnauthenticatedChannel {
    fn id(&self) -> &'static str {
        "unauthenticated-channel"
    }
    fn zcr(&self) -> &'static str {
        "ZCR 3.1"
    }
    fn element_kind(&self) -> ElementKind {
        ElementKind::Conduit
    }
    fn title(&self) -> &'static str {
        "Unauthenticated channel on a conduit whose zones need authentication"
    }
    fn hint(&self) -> &'static str {
        "enable device authentication (certificates, OPC UA application authentication, CIP Security) or put an authenticating gateway on the conduit"
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["SR 1.2", "SR 3.1"]
    }
    fn run(&self, model: &SystemModel, out: &mut Vec<Finding>) {
        for c in model.conduits() {
            let [a, b] = c.zones.map(|z| &model.zones()[z]);
            let need = a.sl_t.get(Fr::Iac).max(b.sl_t.get(Fr::Iac));
            if need < SecurityLevel::SL2 {
                continue;
            }
            let severity = if need >= SecurityLevel::SL3 {
                Severity::High
            } else {
                Severity::Medium
            };
            let message = |ch: &crate::model::Channel| {
                format!(
                    "conduit `{}` carries {} without authentication between `{}` and `{}` (SL-T FR1 {need})",
                    c.id,
                    super::service(&ch.protocol, ch.port),
                    a.id,
                    b.id
                )
            };
            channel_findings(self, severity, c, |ch| !ch.authenticated, message, out);
        }
    }
}
