use super::{Check, ElementKind, Finding, Severity, channel_findings};
use crate::model::SystemModel;
use rampart_catalog::{Fr, SecurityLevel};

/// A cleartext channel on a conduit of a zone that needs confidentiality or integrity.
///
/// **What it finds**: an unencrypted channel on a conduit where either zone's SL-T is at least
/// 2 on FR4 (data confidentiality; SR 4.1 RE 1 asks for protection in transit from SL 2) or
/// at least 3 on FR3 (system integrity; SR 3.1 RE 1 asks for cryptographic integrity from
/// SL 3).
///
/// **Why it matters**: cleartext industrial protocols (Modbus/TCP, S7comm, DNP3 without SA)
/// can be read and rewritten by anyone on the path.
///
/// **Example**: Modbus/TCP from the SCADA zone (SL-T FR4 = 2) to a PLC zone, `encrypted: false`.
///
/// **References**: IEC 62443-3-2 ZCR 3.1; 62443-3-3 SR 4.1, SR 4.1 RE 1, SR 3.1 RE 1.
pub struct CleartextChannel;

impl Check for CleartextChannel {
    fn id(&self) -> &'static str {
        "cleartext-channel"
    }
    fn zcr(&self) -> &'static str {
        "ZCR 3.1"
    }
    fn element_kind(&self) -> ElementKind {
        ElementKind::Conduit
    }
    fn title(&self) -> &'static str {
        "Cleartext channel on a conduit whose zones need confidentiality or integrity"
    }
    fn hint(&self) -> &'static str {
        "use the protocol's secure variant (OPC UA SignAndEncrypt, Modbus/TCP Security, TLS) or tunnel the channel (IPsec VPN), or declare a compensating countermeasure"
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["SR 4.1", "SR 4.1 RE 1", "SR 3.1 RE 1"]
    }
    fn run(&self, model: &SystemModel, out: &mut Vec<Finding>) {
        for c in model.conduits() {
            let [a, b] = c.zones.map(|z| &model.zones()[z]);
            let need = a.sl_t.max(&b.sl_t);
            let dc = need.get(Fr::Dc) >= SecurityLevel::SL2;
            let si = need.get(Fr::Si) >= SecurityLevel::SL3;
            if !(dc || si) {
                continue;
            }
            let why = match (dc, si) {
                (true, true) => {
                    format!("SL-T FR4 {} and FR3 {}", need.get(Fr::Dc), need.get(Fr::Si))
                }
                (true, false) => format!("SL-T FR4 {}", need.get(Fr::Dc)),
                _ => format!("SL-T FR3 {}", need.get(Fr::Si)),
            };
            let severity = if dc && si {
                Severity::High
            } else {
                Severity::Medium
            };
            let message = |ch: &crate::model::Channel| {
                format!(
                    "conduit `{}` carries {} in cleartext between `{}` and `{}` ({why})",
                    c.id,
                    super::service(&ch.protocol, ch.port),
                    a.id,
                    b.id
                )
            };
            channel_findings(self, severity, c, |ch| !ch.encrypted, message, out);
        }
    }
}
