use rampart_advisory::matching::Status as VulnStatus;

use super::vulnerabilities::{VulnFilter, propose_for_vulnerabilities};
use super::{EvidenceInput, EvidenceRule, Proposals, Source};
use crate::results::Status;

/// Known-exploited vulnerabilities left unpatched.
///
/// **What it finds**: scan findings of status `affected` (after VEX and triage) whose
/// vulnerability is in the CISA KEV catalog.
///
/// **Why it matters**: a KEV entry means attackers use the flaw in the wild; shipping a
/// component with one shows issues were not addressed (4-1 DM-4) nor patched in time
/// (SUM-5). Proposes `not-satisfied`; `partially` when every such match is of low
/// confidence (guessed from a name), which an assessor should confirm first.
///
/// **What it cannot know**: whether a compensating measure makes the flaw unreachable (say
/// so with a VEX statement, which turns the status to `not_affected`). It never proposes
/// `satisfied`: a scan covers only the components it could identify.
///
/// **Example**: `CVE-2023-0286` in `openssl 3.0.7`, in KEV, status affected.
///
/// **References**: IEC 62443-4-1 DM-4, SUM-5; CISA BOD 22-01.
pub struct KevUnpatched;

impl EvidenceRule for KevUnpatched {
    fn id(&self) -> &'static str {
        "kev-unpatched"
    }
    fn title(&self) -> &'static str {
        "Known-exploited vulnerabilities unpatched"
    }
    fn sources(&self) -> &'static [Source] {
        &[Source::Scan]
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["DM-4", "SUM-5"]
    }
    fn propose(&self, input: &EvidenceInput<'_>, out: &mut Proposals) {
        let filter = VulnFilter {
            accept: &|f: &rampart_advisory::Finding| {
                f.status == VulnStatus::Affected && f.kev.is_some()
            },
            what: "known-exploited (CISA KEV) vulnerabilities unpatched",
            status: &|_| Status::NotSatisfied,
        };
        propose_for_vulnerabilities(self, input, &filter, out);
    }
}
