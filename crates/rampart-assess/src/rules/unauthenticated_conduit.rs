use super::support::from_system_check;
use super::{EvidenceInput, EvidenceRule, Proposals, Source};

/// Unauthenticated protocols on conduits.
///
/// **What it reads**: findings of the system check `unauthenticated-channel` (a channel
/// without authentication on a conduit whose zones need it).
///
/// **What it proposes**: `not-satisfied` for the requirements the check names (SR 1.2
/// device authentication, SR 3.1 communication integrity); `partially` when the owner has
/// accepted every such finding. Never `satisfied`: a channel declared authenticated says
/// nothing of how the devices identify each other (SR 1.2 asks more than the model holds).
///
/// **Why it matters**: without authentication any host on the path can send commands the
/// controller will obey.
///
/// **Example**: conduit `c1` carries Modbus/TCP (502) without authentication.
///
/// **References**: IEC 62443-3-3 SR 1.2, SR 3.1; 62443-3-2 ZCR 3.1.
pub struct UnauthenticatedConduit;

impl EvidenceRule for UnauthenticatedConduit {
    fn id(&self) -> &'static str {
        "unauthenticated-conduit"
    }
    fn title(&self) -> &'static str {
        "Unauthenticated protocols on conduits"
    }
    fn sources(&self) -> &'static [Source] {
        &[Source::System]
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["SR 1.2", "SR 3.1"]
    }
    fn propose(&self, input: &EvidenceInput<'_>, out: &mut Proposals) {
        from_system_check(
            self,
            input,
            "unauthenticated-channel",
            &[],
            "unauthenticated channels on conduits",
            out,
        );
    }
}
