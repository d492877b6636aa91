use super::support::from_system_check;
use super::{EvidenceInput, EvidenceRule, Proposals, Source};
use crate::results::Status;

/// Cleartext protocols on conduits.
///
/// **What it reads**: findings of the system check `cleartext-channel` (an unencrypted
/// channel on a conduit whose zones need confidentiality or integrity) and the system model.
///
/// **What it proposes**: `not-satisfied` for the requirements the check names (SR 4.1,
/// SR 4.1 RE 1, SR 3.1 RE 1) and for SR 4.1 RE 2 (confidentiality across zone boundaries,
/// which conduits are); `partially` when the owner has accepted every such finding.
/// `satisfied` for SR 4.1 RE 2 when the model declares at least one channel and every
/// channel on every conduit is encrypted: the conduits are exactly the zone boundaries that
/// item is about, so the model's declaration covers it (the declaration itself is the
/// owner's; the assessor checks it against the plant). For a single zone, pass only the
/// findings about its conduits.
///
/// **Why it matters**: Modbus/TCP or S7comm in clear can be read and rewritten by anyone on
/// the path.
///
/// **Example**: conduit `c1` carries Modbus/TCP (502) in cleartext between `supervisory`
/// and `control` (SL-T FR4 2).
///
/// **References**: IEC 62443-3-3 SR 3.1 RE 1, SR 4.1, SR 4.1 RE 1, SR 4.1 RE 2; 62443-3-2
/// ZCR 3.1.
pub struct CleartextConduit;

impl EvidenceRule for CleartextConduit {
    fn id(&self) -> &'static str {
        "cleartext-conduit"
    }
    fn title(&self) -> &'static str {
        "Cleartext protocols on conduits"
    }
    fn sources(&self) -> &'static [Source] {
        &[Source::System]
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["SR 3.1 RE 1", "SR 4.1", "SR 4.1 RE 1", "SR 4.1 RE 2"]
    }
    fn propose(&self, input: &EvidenceInput<'_>, out: &mut Proposals) {
        let found = from_system_check(
            self,
            input,
            "cleartext-channel",
            &["SR 4.1 RE 2"],
            "cleartext channels on conduits",
            out,
        );
        if found > 0 {
            return;
        }
        let Some(model) = input.system else {
            return;
        };
        let channels: Vec<_> = model
            .conduits()
            .iter()
            .flat_map(|c| c.channels.iter().map(move |ch| (c, ch)))
            .collect();
        if channels.is_empty() || channels.iter().any(|(_, ch)| !ch.encrypted) {
            return;
        }
        let summary = format!(
            "every one of the {} channels on the model's {} conduits is declared encrypted",
            channels.len(),
            model.conduits().len()
        );
        let facts = model
            .conduits()
            .iter()
            .map(|c| format!("conduit:{}", c.id))
            .collect();
        out.add("SR 4.1 RE 2", Status::Satisfied, summary, facts);
    }
}
