use super::support::{CodeStatus, from_firmware_codes};
use super::{EvidenceInput, EvidenceRule, Proposals, Source};
use crate::results::Status;

/// Private keys embedded in the image.
///
/// **What it finds**: unencrypted private keys (FW-KEY-001) and SSH host keys (FW-KEY-003),
/// `not-satisfied`; passphrase-protected keys (FW-KEY-002), `partially` (the passphrase is
/// usually in the same image).
///
/// **Why it matters**: a key in the image is the same on every device, so one extracted
/// key impersonates all of them and decrypts their traffic (CR 1.5, CR 1.9, CR 4.1).
///
/// **What it cannot know**: whether the key is regenerated on first boot (then ship no
/// key). Never `satisfied`.
///
/// **Example**: `etc/lighttpd/server.pem` holding an RSA private key.
///
/// **References**: IEC 62443-4-2 CR 1.5, CR 1.9, CR 4.1; CWE-321.
pub struct EmbeddedPrivateKey;

impl EvidenceRule for EmbeddedPrivateKey {
    fn id(&self) -> &'static str {
        "embedded-private-key"
    }
    fn title(&self) -> &'static str {
        "Private keys embedded in the image"
    }
    fn sources(&self) -> &'static [Source] {
        &[Source::Firmware]
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["CR 1.2", "CR 1.5", "CR 1.9", "CR 4.1"]
    }
    fn propose(&self, input: &EvidenceInput<'_>, out: &mut Proposals) {
        const CODES: &[CodeStatus] = &[
            CodeStatus {
                code: "FW-KEY-001",
                status: Status::NotSatisfied,
            },
            CodeStatus {
                code: "FW-KEY-002",
                status: Status::Partially,
            },
            CodeStatus {
                code: "FW-KEY-003",
                status: Status::NotSatisfied,
            },
        ];
        from_firmware_codes(self, input, CODES, "private keys shipped", out);
    }
}
