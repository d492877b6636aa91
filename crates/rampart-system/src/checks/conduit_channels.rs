use super::{Check, ElementKind, Finding, Severity, finding};
use crate::model::SystemModel;

/// A conduit with no channels described.
///
/// **What it finds**: a conduit with an empty `channels` list.
///
/// **Why it matters**: 3-2 asks for each conduit's characteristics (protocols, directions,
/// protection) to be documented; without them the channel checks have nothing to check and
/// the firewall rules nothing to follow.
///
/// **Example**: `conduits: [{id: c-ent-dmz, zones: [enterprise, dmz]}]`.
///
/// **References**: IEC 62443-3-2 ZCR 6.4 (zone and conduit characteristics).
pub struct ConduitWithoutChannels;

impl Check for ConduitWithoutChannels {
    fn id(&self) -> &'static str {
        "conduit-without-channels"
    }
    fn zcr(&self) -> &'static str {
        "ZCR 6.4"
    }
    fn element_kind(&self) -> ElementKind {
        ElementKind::Conduit
    }
    fn title(&self) -> &'static str {
        "A conduit has no channels described"
    }
    fn hint(&self) -> &'static str {
        "list the conduit's channels: protocol, port, direction, encryption and authentication"
    }
    fn run(&self, model: &SystemModel, out: &mut Vec<Finding>) {
        for c in model.conduits().iter().filter(|c| c.channels.is_empty()) {
            out.push(finding(
                self,
                Severity::Low,
                ElementKind::Conduit,
                &c.id,
                c.span,
                format!("conduit `{}` has no channels described", c.id),
            ));
        }
    }
}
