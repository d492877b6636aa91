use super::support::{CodeStatus, from_firmware_codes};
use super::{EvidenceInput, EvidenceRule, Proposals, Source};
use crate::results::Status;

/// World-writable files and unexpected set-uid programs.
///
/// **What it finds**: world-writable files (FW-PRM-001) and folders without the sticky bit
/// (FW-PRM-002), `partially`; world-writable device nodes (FW-PRM-003) and unexpected
/// set-uid programs (FW-PRM-004), `not-satisfied`. Usual set-uid programs (FW-PRM-005) are
/// not counted.
///
/// **Why it matters**: any local process can change what other users run or read, or
/// become root (CR 2.1 least privilege, CR 3.4 software integrity).
///
/// **What it cannot know**: modes the container format did not record, and modes changed at
/// run time. Never `satisfied`.
///
/// **Example**: `bin/busybox` mode `4755` (FW-PRM-004).
///
/// **References**: IEC 62443-4-2 CR 2.1, CR 3.4, CR 7.7; CWE-732, CWE-250.
pub struct UnsafePermissions;

impl EvidenceRule for UnsafePermissions {
    fn id(&self) -> &'static str {
        "unsafe-permissions"
    }
    fn title(&self) -> &'static str {
        "World-writable files and unexpected set-uid programs"
    }
    fn sources(&self) -> &'static [Source] {
        &[Source::Firmware]
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["CR 2.1", "CR 3.4", "CR 7.7"]
    }
    fn propose(&self, input: &EvidenceInput<'_>, out: &mut Proposals) {
        const CODES: &[CodeStatus] = &[
            CodeStatus {
                code: "FW-PRM-001",
                status: Status::Partially,
            },
            CodeStatus {
                code: "FW-PRM-002",
                status: Status::Partially,
            },
            CodeStatus {
                code: "FW-PRM-003",
                status: Status::NotSatisfied,
            },
            CodeStatus {
                code: "FW-PRM-004",
                status: Status::NotSatisfied,
            },
        ];
        from_firmware_codes(self, input, CODES, "unsafe file permissions", out);
    }
}
