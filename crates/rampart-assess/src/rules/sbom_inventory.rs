use super::{EvidenceInput, EvidenceRule, Proposals, Source};
use crate::results::Status;

/// Share of identified components, in percent, from which the inventory counts as usable.
pub const IDENTIFIED_SHARE: usize = 80;

/// A software inventory (SBOM) of the product.
///
/// **What it reads**: the components of the firmware analysis, or of the scan when the
/// product was assessed from an SBOM, and how many carry a purl or CPE (so that advisories
/// can be matched to them).
///
/// **What it proposes**: `partially` for CR 7.8 and 4-1 SM-9 when there are components and
/// at least [`IDENTIFIED_SHARE`]% of them are identified; `not-satisfied` for SM-9 when
/// fewer are (third-party components whose identity is not known cannot be managed).
///
/// **Why not `satisfied`**: CR 7.8 asks the component to *report* its installed software to
/// the control system's inventory at run time; an SBOM derived from the image shows the
/// inventory exists, not that the device reports it. SM-9 asks for security requirements
/// on externally provided components, of which knowing them is the first step only.
///
/// **Example**: 142 components from dpkg status, 139 with a purl.
///
/// **References**: IEC 62443-4-2 CR 7.8; 62443-4-1 SM-9; NTIA minimum elements for an SBOM.
pub struct SbomInventory;

impl EvidenceRule for SbomInventory {
    fn id(&self) -> &'static str {
        "sbom-inventory"
    }
    fn title(&self) -> &'static str {
        "Software inventory (SBOM) of the product"
    }
    fn sources(&self) -> &'static [Source] {
        &[Source::Firmware, Source::Scan]
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["CR 7.8", "SM-9"]
    }
    fn propose(&self, input: &EvidenceInput<'_>, out: &mut Proposals) {
        let (total, identified, from) = if let Some(firmware) = input.firmware {
            let identified = firmware
                .components
                .iter()
                .filter(|c| c.purl.is_some() || !c.cpes.is_empty())
                .count();
            (firmware.components.len(), identified, "the image")
        } else if let Some(scan) = input.scan {
            let identified = scan.components.iter().filter(|c| c.purl.is_some()).count();
            (scan.components.len(), identified, "the SBOM")
        } else {
            return;
        };
        if total == 0 {
            return;
        }
        let facts = vec![format!("sbom:{total}-components")];
        let counts = format!("{total} components from {from}, {identified} with a purl or CPE");
        if identified * 100 >= total * IDENTIFIED_SHARE {
            out.add(
                "CR 7.8",
                Status::Partially,
                format!(
                    "{counts}: an inventory exists; that the component reports it to the \
                     control system's inventory at run time is for the assessor to confirm"
                ),
                facts.clone(),
            );
            out.add(
                "SM-9",
                Status::Partially,
                format!(
                    "{counts}: the third-party components are known; the security \
                     requirements set on them are for the assessor to confirm"
                ),
                facts,
            );
        } else {
            let summary = format!(
                "{counts}: fewer than {IDENTIFIED_SHARE}% identified, so the third-party \
                 components cannot all be tracked for advisories"
            );
            out.add("SM-9", Status::NotSatisfied, summary, facts);
        }
    }
}
