use super::support::{CodeStatus, from_firmware_codes};
use super::{EvidenceInput, EvidenceRule, Proposals, Source};
use crate::results::Status;

/// Hard-coded or default credentials.
///
/// **What it finds**: firmware findings of accounts without a password (FW-PWD-001), with a
/// well-known default (FW-PWD-002), SSH accepting empty passwords (FW-SVC-005), and secrets
/// written into configuration (FW-CRD-001 … FW-CRD-004). Each proposes `not-satisfied` for
/// the requirements its code bears on (`docs/firmware-findings.md`).
///
/// **Why it matters**: a credential shipped in the image is shared by every device and
/// readable by anyone holding the firmware; CR 1.5 asks that default authenticators be
/// changeable and authenticators protected, CR 1.7 for password strength.
///
/// **What it cannot know**: whether the device forces a change at first login, and
/// credentials kept outside the files it reads. It never proposes `satisfied`.
///
/// **Example**: `etc/shadow` with `root` whose password is `admin` (FW-PWD-002).
///
/// **References**: IEC 62443-4-2 CR 1.1, CR 1.5, CR 1.7; CWE-798, CWE-1392.
pub struct DefaultCredential;

impl EvidenceRule for DefaultCredential {
    fn id(&self) -> &'static str {
        "default-credential"
    }
    fn title(&self) -> &'static str {
        "Hard-coded or default credentials"
    }
    fn sources(&self) -> &'static [Source] {
        &[Source::Firmware]
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["CR 1.1", "CR 1.2", "CR 1.5", "CR 1.7", "CR 1.14", "CR 4.1"]
    }
    fn propose(&self, input: &EvidenceInput<'_>, out: &mut Proposals) {
        const CODES: &[CodeStatus] = &[
            CodeStatus {
                code: "FW-PWD-001",
                status: Status::NotSatisfied,
            },
            CodeStatus {
                code: "FW-PWD-002",
                status: Status::NotSatisfied,
            },
            CodeStatus {
                code: "FW-SVC-005",
                status: Status::NotSatisfied,
            },
            CodeStatus {
                code: "FW-CRD-001",
                status: Status::NotSatisfied,
            },
            CodeStatus {
                code: "FW-CRD-002",
                status: Status::NotSatisfied,
            },
            CodeStatus {
                code: "FW-CRD-003",
                status: Status::NotSatisfied,
            },
            CodeStatus {
                code: "FW-CRD-004",
                status: Status::NotSatisfied,
            },
        ];
        from_firmware_codes(self, input, CODES, "hard-coded or default credentials", out);
    }
}
