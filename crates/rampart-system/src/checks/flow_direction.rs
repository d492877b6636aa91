use super::{Check, ElementKind, Finding, Severity, carries_service, finding, id_list};
use crate::model::{Channel, Conduit, Direction, SystemModel, ZoneIdx};

/// A data flow that runs against the direction of every channel able to carry it.
///
/// **What it finds**: a flow from zone A to zone B where the conduits joining A and B do have
/// channels for the flow's `protocol` (and `port`; any channel when the flow names no
/// protocol), but every one of them carries data only from B to A (`a-to-b` / `b-to-a` are
/// read in the order of the conduit's `zones`).
///
/// **Why it matters**: a one-way channel is a control, often the strongest one on the
/// boundary: a data diode that lets a safety system report out but lets nothing in. A flow
/// against it means either the diode is bypassed somewhere, or the model is wrong about
/// what crosses the boundary; either way the zone is not protected as described.
///
/// **Example**: conduit `[supervisory, safety]` with one channel `opc-ua/4840, b-to-a`
/// (the SIS reports to SCADA through a diode), and a flow `opc-ua/4840` from the SCADA
/// server to the SIS controller.
///
/// **References**: IEC 62443-3-2 ZCR 3.1; 62443-3-3 SR 5.1, SR 5.2, SR 5.2 RE 1.
pub struct FlowAgainstChannelDirection;

/// True if and only if `channel` of `conduit` carries data out of zone `from` (whose other
/// end is the conduit's other zone).
fn carries_from(conduit: &Conduit, channel: &Channel, from: ZoneIdx) -> bool {
    match channel.direction {
        Direction::Bidirectional => true,
        Direction::AToB => conduit.zones[0] == from,
        Direction::BToA => conduit.zones[1] == from,
    }
}

impl Check for FlowAgainstChannelDirection {
    fn id(&self) -> &'static str {
        "flow-against-channel-direction"
    }
    fn zcr(&self) -> &'static str {
        "ZCR 3.1"
    }
    fn element_kind(&self) -> ElementKind {
        ElementKind::Flow
    }
    fn title(&self) -> &'static str {
        "A data flow runs against the direction of its conduit's channels"
    }
    fn hint(&self) -> &'static str {
        "correct the flow's direction, or the channel's `direction` (and the one-way device enforcing it) if data really crosses that way"
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["SR 5.1", "SR 5.2", "SR 5.2 RE 1"]
    }
    fn run(&self, model: &SystemModel, out: &mut Vec<Finding>) {
        for flow in model.flows() {
            if flow.conduit.is_none() {
                continue;
            }
            let from = model.endpoint_zone(flow.from);
            let to = model.endpoint_zone(flow.to);
            let protocol = flow.protocol.as_deref();
            let mut against = Vec::new();
            let mut carried = false;
            for &ci in model.conduits_between(from, to) {
                let conduit = &model.conduits()[ci];
                for channel in &conduit.channels {
                    if !carries_service(channel, protocol, flow.port) {
                        continue;
                    }
                    if carries_from(conduit, channel, from) {
                        carried = true;
                    } else if !against.contains(&conduit.id.as_str()) {
                        against.push(conduit.id.as_str());
                    }
                }
            }
            // No channel for the service at all is `flow-not-on-conduit`'s (or
            // `conduit-without-channels`') finding, not a question of direction.
            if carried || against.is_empty() {
                continue;
            }
            let service =
                protocol.map_or_else(|| "its data".to_owned(), |p| super::service(p, flow.port));
            out.push(finding(
                self,
                Severity::Medium,
                ElementKind::Flow,
                &flow.id,
                flow.span,
                format!(
                    "flow `{}` from `{}` to `{}` sends {service} from zone `{}` to zone `{}`, but the channels of conduit {} that carry it run only from `{}` to `{}`",
                    flow.id,
                    model.endpoint_id(flow.from),
                    model.endpoint_id(flow.to),
                    model.zones()[from].id,
                    model.zones()[to].id,
                    id_list(against.into_iter()),
                    model.zones()[to].id,
                    model.zones()[from].id,
                ),
            ));
        }
    }
}
