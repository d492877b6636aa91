use super::support::{CodeStatus, from_firmware_codes};
use super::{EvidenceInput, EvidenceRule, Proposals, Source};
use crate::results::Status;

/// Passwords stored with weak hashes.
///
/// **What it finds**: DES-crypt hashes (FW-PWD-003, `not-satisfied`), MD5-crypt hashes
/// (FW-PWD-004, `partially`) and hashes kept in the world-readable `passwd` file
/// (FW-PWD-005, `partially`).
///
/// **Why it matters**: these hashes fall to an offline guess in minutes once the image or a
/// backup leaks; CR 1.7 asks for password strength and CR 4.3 for current cryptography.
///
/// **What it cannot know**: how passwords set later are hashed. Never `satisfied`.
///
/// **Example**: `root:abJnggxhB/yWI:…` in `etc/shadow` (DES crypt).
///
/// **References**: IEC 62443-4-2 CR 1.7, CR 4.3; CWE-916.
pub struct WeakPasswordHash;

impl EvidenceRule for WeakPasswordHash {
    fn id(&self) -> &'static str {
        "weak-password-hash"
    }
    fn title(&self) -> &'static str {
        "Passwords stored with weak hashes"
    }
    fn sources(&self) -> &'static [Source] {
        &[Source::Firmware]
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["CR 1.5", "CR 1.7", "CR 4.3"]
    }
    fn propose(&self, input: &EvidenceInput<'_>, out: &mut Proposals) {
        const CODES: &[CodeStatus] = &[
            CodeStatus {
                code: "FW-PWD-003",
                status: Status::NotSatisfied,
            },
            CodeStatus {
                code: "FW-PWD-004",
                status: Status::Partially,
            },
            CodeStatus {
                code: "FW-PWD-005",
                status: Status::Partially,
            },
        ];
        from_firmware_codes(self, input, CODES, "weakly stored passwords", out);
    }
}
