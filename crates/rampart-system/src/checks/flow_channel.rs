use super::{Check, ElementKind, Finding, Severity, carries_service, finding};
use crate::model::SystemModel;

/// A data flow whose protocol no channel of its conduit carries.
///
/// **What it finds**: a flow between zones whose `protocol` (and `port`, when both give one)
/// matches no channel of the conduit joining the zones.
///
/// **Why it matters**: either the conduit description is incomplete, or the flow crosses the
/// boundary on a path nobody approved; both defeat "deny by default, allow by exception".
///
/// **Example**: a historian flow over `pi-api/5450` on a conduit that lists only `opc-ua/4840`.
///
/// **References**: IEC 62443-3-2 ZCR 3.1; 62443-3-3 SR 5.1, SR 5.2 RE 1.
pub struct FlowNotOnConduit;

impl Check for FlowNotOnConduit {
    fn id(&self) -> &'static str {
        "flow-not-on-conduit"
    }
    fn zcr(&self) -> &'static str {
        "ZCR 3.1"
    }
    fn element_kind(&self) -> ElementKind {
        ElementKind::Flow
    }
    fn title(&self) -> &'static str {
        "A data flow uses a protocol its conduit does not carry"
    }
    fn hint(&self) -> &'static str {
        "add the channel to the conduit (and its firewall rule), or correct the flow's protocol and port"
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["SR 5.1", "SR 5.2 RE 1"]
    }
    fn run(&self, model: &SystemModel, out: &mut Vec<Finding>) {
        for flow in model.flows() {
            let (Some(ci), Some(protocol)) = (flow.conduit, &flow.protocol) else {
                continue;
            };
            let conduit = &model.conduits()[ci];
            // Any conduit between the two zones may carry it.
            let za = model.endpoint_zone(flow.from);
            let zb = model.endpoint_zone(flow.to);
            let carried = model.conduits_between(za, zb).iter().any(|c| {
                model.conduits()[*c]
                    .channels
                    .iter()
                    .any(|ch| carries_service(ch, Some(protocol), flow.port))
            });
            if !carried {
                out.push(finding(
                    self,
                    Severity::Medium,
                    ElementKind::Flow,
                    &flow.id,
                    flow.span,
                    format!(
                        "flow `{}` ({}) from `{}` to `{}` is not among the channels of conduit `{}`",
                        flow.id,
                        super::service(protocol, flow.port),
                        model.endpoint_id(flow.from),
                        model.endpoint_id(flow.to),
                        conduit.id
                    ),
                ));
            }
        }
    }
}
