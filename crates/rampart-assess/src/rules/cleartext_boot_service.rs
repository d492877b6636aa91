use super::support::{CodeStatus, from_firmware_codes};
use super::{EvidenceInput, EvidenceRule, Proposals, Source};
use crate::results::Status;

/// Cleartext services started at boot.
///
/// **What it finds**: telnet, rlogin, rsh, rexec (FW-SVC-001) and FTP or TFTP (FW-SVC-002)
/// servers the image starts at boot; `not-satisfied`.
///
/// **Why it matters**: they carry passwords and data in clear (CR 4.1) and are functions a
/// device rarely needs (CR 7.7 least functionality).
///
/// **What it cannot know**: services started by a vendor daemon it cannot read, and
/// whether a firewall closes the port. Never `satisfied`.
///
/// **Example**: `etc/init.d/S50telnet` running `telnetd`.
///
/// **References**: IEC 62443-4-2 CR 4.1, CR 7.7; CWE-319.
pub struct CleartextBootService;

impl EvidenceRule for CleartextBootService {
    fn id(&self) -> &'static str {
        "cleartext-boot-service"
    }
    fn title(&self) -> &'static str {
        "Cleartext services started at boot"
    }
    fn sources(&self) -> &'static [Source] {
        &[Source::Firmware]
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["CR 4.1", "CR 7.7"]
    }
    fn propose(&self, input: &EvidenceInput<'_>, out: &mut Proposals) {
        const CODES: &[CodeStatus] = &[
            CodeStatus {
                code: "FW-SVC-001",
                status: Status::NotSatisfied,
            },
            CodeStatus {
                code: "FW-SVC-002",
                status: Status::NotSatisfied,
            },
        ];
        from_firmware_codes(
            self,
            input,
            CODES,
            "cleartext services started at boot",
            out,
        );
    }
}
