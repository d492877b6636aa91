use rampart_firmware::hardening::KernelCheckStatus;

use super::support::list;
use super::{EvidenceInput, EvidenceRule, Proposals, Source};
use crate::results::Status;

/// Share of failed kernel checks, in percent, from which the rule proposes `not-satisfied`.
pub const FAILED_SHARE_NOT_SATISFIED: usize = 25;

/// Kernel hardening options missing.
///
/// **What it finds**: the kernel configuration found in the image (`/proc/config.gz`
/// source, `.config`, an embedded `IKCFG`) compared with the KSPP recommendations
/// (`docs/firmware-hardening.md`). `not-satisfied` when at least
/// [`FAILED_SHARE_NOT_SATISFIED`]% of the checks that apply to its architecture fail,
/// `partially` when fewer do, nothing when all pass or no configuration was found.
///
/// **Why it matters**: options such as `STRICT_KERNEL_RWX`, `STACKPROTECTOR_STRONG` or
/// `MODULE_SIG` are the kernel's defence in depth (4-1 SD-2, SD-4): they make a kernel bug
/// harder to turn into full control of the device.
///
/// **What it cannot know**: options set on the kernel command line, and the design reasons
/// for an exception. It never proposes `satisfied`.
///
/// **Example**: `CONFIG_STRICT_DEVMEM is not set`, `CONFIG_SLAB_FREELIST_RANDOM` absent.
///
/// **References**: IEC 62443-4-1 SD-2, SD-4; Kernel Self Protection Project recommended
/// settings.
pub struct KernelHardening;

impl EvidenceRule for KernelHardening {
    fn id(&self) -> &'static str {
        "kernel-hardening"
    }
    fn title(&self) -> &'static str {
        "Kernel hardening options missing"
    }
    fn sources(&self) -> &'static [Source] {
        &[Source::Firmware]
    }
    fn requirements(&self) -> &'static [&'static str] {
        &["SD-2", "SD-4"]
    }
    fn propose(&self, input: &EvidenceInput<'_>, out: &mut Proposals) {
        let Some(kernel) = input.firmware.and_then(|f| f.hardening.kernel.as_ref()) else {
            return;
        };
        let failed: Vec<String> = kernel
            .checks
            .iter()
            .filter(|c| c.status == KernelCheckStatus::Fail)
            .map(|c| {
                format!(
                    "{} is {} (want {})",
                    c.option,
                    c.actual.as_deref().unwrap_or("absent"),
                    c.expected
                )
            })
            .collect();
        let total = kernel.checks.len();
        if failed.is_empty() || total == 0 {
            return;
        }
        let status = if failed.len() * 100 >= total * FAILED_SHARE_NOT_SATISFIED {
            Status::NotSatisfied
        } else {
            Status::Partially
        };
        let summary = format!(
            "{} of {total} kernel hardening checks fail in {}: {}",
            failed.len(),
            kernel.path,
            list(&failed)
        );
        let facts: Vec<String> = kernel
            .checks
            .iter()
            .filter(|c| c.status == KernelCheckStatus::Fail)
            .map(|c| format!("kernel:{}/{}", kernel.path, c.option))
            .collect();
        for requirement in self.requirements() {
            out.add(requirement, status, summary.clone(), facts.clone());
        }
    }
}
