use super::support::{CodeStatus, from_firmware_codes};
use super::{EvidenceInput, EvidenceRule, Proposals, Source};
use crate::results::Status;

/// Web servers started at boot without authentication.
///
/// **What it finds**: BusyBox httpd started at boot with no path protected by a user and
/// password (FW-SVC-006); `not-satisfied` for the requirements the finding bears on.
///
/// **Why it matters**: the device's web pages and CGI scripts are then open to anyone who
/// reaches the port: no human user (CR 1.1) or software process (CR 1.2) is identified, and
/// no use is authorised (CR 2.1).
///
/// **What it cannot know**: a firewall closing the port, or authentication done inside the
/// CGI scripts themselves. Never `satisfied`.
///
/// **Example**: `etc/init.d/S80httpd` running `httpd -h /www` with no `etc/httpd.conf`.
///
/// **References**: IEC 62443-4-2 CR 1.1, CR 1.2, CR 2.1; CWE-306.
pub struct UnauthenticatedWebServer;

impl EvidenceRule for UnauthenticatedWebServer {
    fn id(&self) -> &'static str {
        "unauthenticated-web-server"
    }
    fn title(&self) -> &'static str {
        "Web servers started at boot without authentication"
    }
    fn sources(&self) -> &'static [Source] {
        &[Source::Firmware]
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["CR 1.1", "CR 1.2", "CR 2.1"]
    }
    fn propose(&self, input: &EvidenceInput<'_>, out: &mut Proposals) {
        const CODES: &[CodeStatus] = &[CodeStatus {
            code: "FW-SVC-006",
            status: Status::NotSatisfied,
        }];
        from_firmware_codes(
            self,
            input,
            CODES,
            "web servers started at boot without authentication",
            out,
        );
    }
}
