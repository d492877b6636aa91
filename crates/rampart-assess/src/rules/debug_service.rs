use super::support::{CodeStatus, from_firmware_codes};
use super::{EvidenceInput, EvidenceRule, Proposals, Source};
use crate::results::Status;

/// Debug services at boot.
///
/// **What it finds**: debug agents (`gdbserver`, `adbd`; FW-SVC-003) and console shells
/// without login (FW-SVC-004) the image starts at boot; `not-satisfied`. The firmware code
/// names `EDR 2.13`; for a host or network device it is proposed as `HDR 2.13` or
/// `NDR 2.13`, and dropped for a software application, which has no such item.
///
/// **Why it matters**: a debug agent or a root shell on the console is a way in that needs
/// no credential (CR 1.1) and a diagnostic interface left open (EDR 2.13).
///
/// **What it cannot know**: whether the console is physically reachable. Never `satisfied`.
///
/// **Example**: `etc/inittab` with `::respawn:/bin/sh`.
///
/// **References**: IEC 62443-4-2 CR 1.1, CR 7.7, EDR 2.13; CWE-489.
pub struct DebugServiceAtBoot;

impl EvidenceRule for DebugServiceAtBoot {
    fn id(&self) -> &'static str {
        "debug-service-at-boot"
    }
    fn title(&self) -> &'static str {
        "Debug services at boot"
    }
    fn sources(&self) -> &'static [Source] {
        &[Source::Firmware]
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["CR 1.1", "CR 7.7", "EDR 2.13", "HDR 2.13", "NDR 2.13"]
    }
    fn propose(&self, input: &EvidenceInput<'_>, out: &mut Proposals) {
        const CODES: &[CodeStatus] = &[
            CodeStatus {
                code: "FW-SVC-003",
                status: Status::NotSatisfied,
            },
            CodeStatus {
                code: "FW-SVC-004",
                status: Status::NotSatisfied,
            },
        ];
        from_firmware_codes(self, input, CODES, "debug services started at boot", out);
    }
}
