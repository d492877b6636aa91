//! Secrets and risky configuration in an unpacked image: private keys, certificates,
//! password hashes, hard-coded credentials, services started at boot, and file permissions,
//! each finding traced to the IEC 62443-4-2 requirements it bears on.
//!
//! One [`Rule`] per file; adding one is the file, a line in [`all_rules`], a targeted test and
//! a section in `docs/firmware-findings.md`. Rule ids are stable and kebab-case. A finding's
//! code is stable too and says the area and the kind: `FW-<AREA>-<NNN>`, with AREA one of
//! `KEY` (private keys), `CRT` (certificates), `PWD` (password hashes), `CRD` (hard-coded
//! credentials), `SVC` (services at boot), `PRM` (permissions); a number, once published, is
//! never reused for something else. Every code has one severity, so a policy on codes and a
//! policy on severities agree. Tests assert ids and codes are unique and that every
//! requirement id exists in the catalog.
//!
//! A finding never carries a secret in full: keys, hashes and passwords are shown as a short
//! redacted prefix and a SHA-256 fingerprint (`support::redact`).

use std::fmt;

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

use crate::tree::FileTree;

mod boot_service;
mod busybox_httpd;
mod certificate;
mod credential;
mod der;
mod password_hash;
mod pem;
mod private_key;
mod setuid;
mod ssh_host_key;
pub(crate) mod support;
mod world_writable;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing to fix as such.
    Info,
    /// Hygiene: fix when convenient.
    Low,
    /// A weakness an attacker can use with effort or a foothold.
    Medium,
    /// A direct way in, or a secret shared by every device.
    High,
    /// A way in that needs no skill: no password, a published default.
    Critical,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        })
    }
}

/// One kind of finding a rule reports: a stable code with its fixed severity, title,
/// requirements and remediation.
#[derive(Debug, Clone, Copy)]
pub struct Code {
    /// Stable code, `FW-<AREA>-<NNN>`.
    pub code: &'static str,
    /// How much it matters.
    pub severity: Severity,
    /// One-line title.
    pub title: &'static str,
    /// The IEC 62443-4-2 requirements it bears on, spelt as the catalog spells them.
    pub requirements: &'static [&'static str],
    /// How to fix it.
    pub remediation: &'static str,
}

/// One result of a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code, `FW-<AREA>-<NNN>`.
    pub code: &'static str,
    /// The rule's id.
    pub rule: &'static str,
    /// How much it matters.
    pub severity: Severity,
    /// One-line title.
    pub title: &'static str,
    /// The tree path of the file it is about.
    pub path: String,
    /// Byte offset in that file, where the finding sits at one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// What exactly was found; secrets appear only redacted.
    pub detail: String,
    /// The IEC 62443-4-2 requirements it bears on.
    pub requirements: Vec<String>,
    /// How to fix it.
    pub remediation: &'static str,
    /// Stable across runs and unrelated changes to the image: `code/path[/offset]`; for
    /// de-duplication.
    pub fingerprint: String,
}

impl Finding {
    /// A finding of kind `code` reported by `rule` about `path`.
    pub(crate) fn new(
        rule: &dyn Rule,
        code: &Code,
        path: &str,
        offset: Option<u64>,
        detail: String,
    ) -> Finding {
        let fingerprint = match offset {
            Some(o) => format!("{}/{path}/{o:#x}", code.code),
            None => format!("{}/{path}", code.code),
        };
        Finding {
            code: code.code,
            rule: rule.id(),
            severity: code.severity,
            title: code.title,
            path: path.to_owned(),
            offset,
            detail,
            requirements: code.requirements.iter().map(|r| (*r).to_owned()).collect(),
            remediation: code.remediation,
            fingerprint,
        }
    }
}

/// What a rule reads: the tree and the day the validity of certificates is judged on.
pub struct ScanInput<'a> {
    /// The unpacked image.
    pub tree: &'a FileTree,
    /// Today, in UTC.
    pub today: Date,
}

/// A finding rule over an unpacked image.
pub trait Rule: Sync {
    /// Stable kebab-case id.
    fn id(&self) -> &'static str;
    /// One-line title of the rule.
    fn title(&self) -> &'static str;
    /// The kinds of finding it reports.
    fn codes(&self) -> &'static [Code];
    /// Appends its findings.
    fn run(&self, input: &ScanInput<'_>, out: &mut Vec<Finding>);
}

/// Every rule, in a fixed order.
pub fn all_rules() -> &'static [&'static dyn Rule] {
    &[
        &private_key::PrivateKey,
        &ssh_host_key::SshHostKey,
        &certificate::Certificate,
        &password_hash::PasswordHash,
        &credential::HardCodedCredential,
        &boot_service::BootService,
        &busybox_httpd::BusyboxHttpd,
        &world_writable::WorldWritable,
        &setuid::SetUid,
    ]
}

/// The rule with this id.
pub fn rule_by_id(id: &str) -> Option<&'static dyn Rule> {
    all_rules().iter().copied().find(|r| r.id() == id)
}

/// Runs every rule over `tree`, judging certificate validity on `today`. Rules run in
/// parallel; findings are sorted by severity (highest first), then path, offset, code and
/// detail, so the order is the same on every run.
pub fn scan(tree: &FileTree, today: Date) -> Vec<Finding> {
    let input = ScanInput { tree, today };
    let mut out: Vec<Finding> = all_rules()
        .par_iter()
        .flat_map_iter(|rule| {
            let mut found = Vec::new();
            rule.run(&input, &mut found);
            found
        })
        .collect();
    out.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.path.cmp(&b.path))
            .then_with(|| a.offset.cmp(&b.offset))
            .then_with(|| a.code.cmp(b.code))
            .then_with(|| a.detail.cmp(&b.detail))
    });
    out.dedup_by(|a, b| a.fingerprint == b.fingerprint && a.detail == b.detail);
    out
}

#[cfg(test)]
pub(crate) mod tests;
