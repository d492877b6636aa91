use super::support::list;
use super::{EvidenceInput, EvidenceRule, Proposals, Source};
use crate::results::Status;

/// Update mechanisms that verify a signature on what they install, by the component name
/// firmware identification gives them, with the note a summary shows. Each verifies by
/// default; each can be configured not to, which is why they prove only `partially`.
const VERIFYING_UPDATERS: &[(&str, &str)] = &[
    (
        "rauc",
        "RAUC verifies bundle signatures against its keyring",
    ),
    (
        "swupdate",
        "SWUpdate verifies signed images when built with signing",
    ),
    (
        "mender",
        "Mender verifies artifact signatures when a verify key is set",
    ),
    (
        "mender-client",
        "Mender verifies artifact signatures when a verify key is set",
    ),
    ("fwupd", "fwupd verifies signed metadata and firmware"),
    (
        "ostree",
        "OSTree verifies signed commits when the remote asks for it",
    ),
    (
        "libostree",
        "OSTree verifies signed commits when the remote asks for it",
    ),
    (
        "usign",
        "OpenWrt verifies package lists and images with usign keys",
    ),
    (
        "apk-tools",
        "apk verifies signed package indexes against /etc/apk/keys",
    ),
    ("apt", "APT verifies signed repository metadata (with gpgv)"),
    ("dnf", "DNF verifies package signatures when gpgcheck is on"),
];

/// Packages whose presence an updater needs before it can verify, by updater.
const NEEDS: &[(&str, &str)] = &[("apt", "gpgv")];

/// No evidence of signed updates.
///
/// **What it reads**: the components firmware identification found. An update mechanism
/// known to verify signatures (RAUC, SWUpdate, Mender, fwupd, OSTree, OpenWrt's usign, apk,
/// APT with gpgv, DNF) proposes `partially` for update authenticity: the capability is in
/// the image, but whether it is configured to refuse unsigned updates is not something the
/// files show reliably. When the image was unpacked to a filesystem with identified
/// components and none of these is among them, it proposes `not-satisfied`.
///
/// **What it cannot know** — and why that second proposal is weak: a vendor's own updater
/// (a custom binary checking an RSA signature) is invisible to it, and so is verification
/// done by the boot loader or by an update server. The summary says so; an assessor with
/// the vendor's update design confirms or overrides it. It never proposes `satisfied`.
///
/// **Why it matters**: an update that is not signed lets anyone who reaches the update path
/// install their own firmware (EDR/HDR/NDR 3.10 RE 1, 4-1 SUM-4 authenticated delivery).
///
/// **Example**: a BusyBox image whose only updater is a `sysupgrade` shell script.
///
/// **References**: IEC 62443-4-2 EDR 3.10 RE 1, HDR 3.10 RE 1, NDR 3.10 RE 1; 62443-4-1
/// SUM-4; CWE-494.
pub struct UpdateSigning;

impl EvidenceRule for UpdateSigning {
    fn id(&self) -> &'static str {
        "update-signing"
    }
    fn title(&self) -> &'static str {
        "No evidence of signed updates"
    }
    fn sources(&self) -> &'static [Source] {
        &[Source::Firmware]
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["EDR 3.10 RE 1", "HDR 3.10 RE 1", "NDR 3.10 RE 1", "SUM-4"]
    }
    fn propose(&self, input: &EvidenceInput<'_>, out: &mut Proposals) {
        let Some(firmware) = input.firmware else {
            return;
        };
        if firmware.components.is_empty() {
            // Nothing identified: the image was not read far enough to say anything.
            return;
        }
        let present = |name: &str| {
            firmware
                .components
                .iter()
                .any(|c| c.name.eq_ignore_ascii_case(name))
        };
        let found: Vec<(&str, &str)> = VERIFYING_UPDATERS
            .iter()
            .copied()
            .filter(|(name, _)| present(name))
            .filter(|(name, _)| {
                NEEDS
                    .iter()
                    .filter(|(updater, _)| updater == name)
                    .all(|(_, needed)| present(needed))
            })
            .collect();
        let (status, summary, facts) = if found.is_empty() {
            (
                Status::NotSatisfied,
                format!(
                    "none of the {} components identified is an update mechanism known to \
                     verify signatures; a vendor's own updater or boot-loader verification \
                     would not show here: confirm with the update design",
                    firmware.components.len()
                ),
                Vec::new(),
            )
        } else {
            let named: Vec<String> = found.iter().map(|(_, note)| (*note).to_owned()).collect();
            (
                Status::Partially,
                format!(
                    "the image has an update mechanism that can verify signatures ({}); \
                     whether it refuses unsigned updates depends on its configuration",
                    list(&named)
                ),
                found
                    .iter()
                    .map(|(name, _)| format!("component:{name}"))
                    .collect(),
            )
        };
        for requirement in self.requirements() {
            out.add(requirement, status, summary.clone(), facts.clone());
        }
    }
}
