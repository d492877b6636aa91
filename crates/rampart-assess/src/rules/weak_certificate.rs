use super::support::{CodeStatus, from_firmware_codes};
use super::{EvidenceInput, EvidenceRule, Proposals, Source};
use crate::results::Status;

/// Expired or weak certificates.
///
/// **What it finds**: certificates expired on the day of the run (FW-CRT-001), with a short
/// key (FW-CRT-003) or an MD5/SHA-1 signature (FW-CRT-004), `not-satisfied`; not yet valid
/// (FW-CRT-002) or self-signed end-entity certificates (FW-CRT-005), `partially`.
///
/// **Why it matters**: CR 1.8 asks for certificates managed under a PKI, CR 1.9 for the
/// strength of public-key authentication, CR 4.3 for current cryptography.
///
/// **What it cannot know**: certificates issued to the device after installation. Never
/// `satisfied`.
///
/// **Example**: `etc/lighttpd/server.pem`, RSA-1024, SHA-1, expired 2019-06-30.
///
/// **References**: IEC 62443-4-2 CR 1.8, CR 1.9, CR 4.3; CWE-295, CWE-326, CWE-327.
pub struct WeakCertificate;

impl EvidenceRule for WeakCertificate {
    fn id(&self) -> &'static str {
        "weak-certificate"
    }
    fn title(&self) -> &'static str {
        "Expired or weak certificates"
    }
    fn sources(&self) -> &'static [Source] {
        &[Source::Firmware]
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["CR 1.8", "CR 1.9", "CR 4.3"]
    }
    fn propose(&self, input: &EvidenceInput<'_>, out: &mut Proposals) {
        const CODES: &[CodeStatus] = &[
            CodeStatus {
                code: "FW-CRT-001",
                status: Status::NotSatisfied,
            },
            CodeStatus {
                code: "FW-CRT-002",
                status: Status::Partially,
            },
            CodeStatus {
                code: "FW-CRT-003",
                status: Status::NotSatisfied,
            },
            CodeStatus {
                code: "FW-CRT-004",
                status: Status::NotSatisfied,
            },
            CodeStatus {
                code: "FW-CRT-005",
                status: Status::Partially,
            },
        ];
        from_firmware_codes(self, input, CODES, "expired or weak certificates", out);
    }
}
