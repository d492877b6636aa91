//! Automated evidence: rules that read firmware analysis, vulnerability matching and system
//! checks and propose a status for the requirements they bear on, each proposal naming the
//! facts it rests on.
//!
//! One rule a file, like the firmware findings and the system checks; adding one is the
//! file, a line in [`all_rules`], a failing and a passing test in `tests.rs` and a row in
//! `docs/evidence-rules.md`. Ids are stable and kebab-case; tests assert they are unique,
//! that every requirement a rule names is in the catalog and that the page lists every id.
//!
//! Absence of a finding is weak evidence: a scanner that found no default password has not
//! shown that no account has one. A rule therefore proposes `satisfied` only where its
//! analysis covers what the requirement asks (each rule's doc says where that is); otherwise
//! it speaks only when it has found something. A proposal stays automatic until an assessor
//! confirms or overrides it.

use std::collections::BTreeMap;

use rampart_advisory::ScanReport;
use rampart_catalog::{Catalog, ComponentType, Part, RequirementId};
use rampart_firmware::analysis::FirmwareAnalysis;
use rampart_system::SystemModel;

use crate::results::{Proposal, Status};

mod binary_hardening;
mod cleartext_boot_service;
mod cleartext_conduit;
mod debug_service;
mod default_credential;
mod kernel_hardening;
mod kev_unpatched;
mod permissions;
mod private_key;
mod sbom_inventory;
mod severe_vulnerability;
mod support;
mod unauthenticated_conduit;
mod unauthenticated_web_server;
mod update_signing;
mod vulnerabilities;
mod weak_certificate;
mod weak_password_hash;

#[cfg(test)]
mod tests;

pub use binary_hardening::{elf_is_weak, weak_elf_count};

/// What the rules read. Every source is optional: a rule whose input is absent proposes
/// nothing.
#[derive(Debug, Clone, Copy)]
pub struct EvidenceInput<'a> {
    /// The firmware analysis of the product's image.
    pub firmware: Option<&'a FirmwareAnalysis>,
    /// The vulnerability scan of the product's components (after VEX and triage).
    pub scan: Option<&'a ScanReport>,
    /// The 3-2 check findings of the system model, with their acceptances.
    pub system_findings: &'a [rampart_system::Finding],
    /// The system model the checks ran on, when one was given: lets a conduit rule tell
    /// "no finding because every channel is declared protected" from "no model".
    pub system: Option<&'a SystemModel>,
    /// The product's 4-2 component type: type-specific requirements (`EDR 2.13`) are
    /// proposed as this type's own (`NDR 2.13`) and dropped where the type has none.
    /// `None` (a system assessment) keeps every requirement as the rule names it.
    pub component_type: Option<ComponentType>,
}

/// Where a rule's facts come from, for the documentation and the report's provenance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// [`FirmwareAnalysis`]: findings, hardening, components.
    Firmware,
    /// [`ScanReport`]: vulnerabilities with KEV, EPSS, severity and status.
    Scan,
    /// The system model and its 3-2 check findings.
    System,
}

impl Source {
    /// The name used in `docs/evidence-rules.md`.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Firmware => "firmware",
            Source::Scan => "scan",
            Source::System => "system",
        }
    }
}

/// One evidence rule.
pub trait EvidenceRule: Sync {
    /// Stable kebab-case id (`kev-unpatched`).
    fn id(&self) -> &'static str;
    /// One-line title.
    fn title(&self) -> &'static str;
    /// What it reads.
    fn sources(&self) -> &'static [Source];
    /// Every requirement it may propose a status for, spelt as the catalog spells it
    /// (type-specific ones under every type that has them).
    fn requirements(&self) -> &'static [&'static str];
    /// Adds its proposals.
    fn propose(&self, input: &EvidenceInput<'_>, out: &mut Proposals);
}

/// Every rule, in a fixed order (the order proposals are listed in).
pub fn all_rules() -> &'static [&'static dyn EvidenceRule] {
    &[
        &kev_unpatched::KevUnpatched,
        &severe_vulnerability::SevereVulnerabilityUnpatched,
        &default_credential::DefaultCredential,
        &weak_password_hash::WeakPasswordHash,
        &private_key::EmbeddedPrivateKey,
        &weak_certificate::WeakCertificate,
        &cleartext_boot_service::CleartextBootService,
        &debug_service::DebugServiceAtBoot,
        &unauthenticated_web_server::UnauthenticatedWebServer,
        &permissions::UnsafePermissions,
        &binary_hardening::BinaryHardening,
        &kernel_hardening::KernelHardening,
        &update_signing::UpdateSigning,
        &sbom_inventory::SbomInventory,
        &cleartext_conduit::CleartextConduit,
        &unauthenticated_conduit::UnauthenticatedConduit,
    ]
}

/// The rule with this id.
pub fn rule_by_id(id: &str) -> Option<&'static dyn EvidenceRule> {
    all_rules().iter().copied().find(|r| r.id() == id)
}

/// Runs every rule: the proposals per requirement (catalog id as the catalog spells it),
/// each list in rule order.
pub fn propose(input: &EvidenceInput<'_>) -> BTreeMap<String, Vec<Proposal>> {
    let mut out = Proposals::default();
    for rule in all_rules() {
        out.rule = Some(*rule);
        rule.propose(input, &mut out);
    }
    out.finish(input.component_type)
}

/// The proposals collected from the rules.
#[derive(Default)]
pub struct Proposals {
    rule: Option<&'static dyn EvidenceRule>,
    by_requirement: BTreeMap<String, Vec<Proposal>>,
}

impl Proposals {
    /// Proposes `status` for `requirement` (one of the running rule's
    /// [`EvidenceRule::requirements`]) with the sentence and facts that justify it.
    ///
    /// # Panics
    ///
    /// When called outside [`propose`], or for a requirement the rule does not declare: a
    /// bug in the rule, which the tests catch.
    pub fn add(&mut self, requirement: &str, status: Status, summary: String, facts: Vec<String>) {
        let rule = self
            .rule
            .expect("Proposals::add is called by a running rule");
        assert!(
            rule.requirements().contains(&requirement),
            "rule `{}` proposes for `{requirement}`, which it does not declare",
            rule.id()
        );
        self.by_requirement
            .entry(requirement.to_owned())
            .or_default()
            .push(Proposal {
                rule: rule.id().to_owned(),
                status,
                summary,
                facts,
            });
    }

    /// Re-keys type-specific requirements for `ty` and drops those that do not apply.
    fn finish(self, ty: Option<ComponentType>) -> BTreeMap<String, Vec<Proposal>> {
        let Some(ty) = ty else {
            return self.by_requirement;
        };
        let mut out: BTreeMap<String, Vec<Proposal>> = BTreeMap::new();
        for (id, proposals) in self.by_requirement {
            if let Some(mapped) = for_component_type(&id, ty) {
                let list = out.entry(mapped).or_default();
                for p in proposals {
                    if !list.contains(&p) {
                        list.push(p);
                    }
                }
            }
        }
        out
    }
}

/// The requirement `id` as it applies to a component of type `ty`: 3-3 and 4-1 ids
/// unchanged; a 4-2 item that applies to `ty` unchanged; a type-specific item of another
/// type (`EDR 2.13` for a network device) as `ty`'s own (`NDR 2.13`) when the catalog has
/// it; `None` when nothing of the kind applies to `ty`.
pub fn for_component_type(id: &str, ty: ComponentType) -> Option<String> {
    let catalog = Catalog::builtin();
    let parsed = RequirementId::parse(id).ok()?;
    let item = catalog.get(&parsed)?;
    if item.part != Part::P4_2 {
        return Some(parsed.to_string());
    }
    if item.applies_to(ty) {
        return Some(parsed.to_string());
    }
    let own = ty.specific_kind().as_str();
    let rest = id.trim().split_once(' ').map(|(_, rest)| rest)?;
    let swapped = RequirementId::parse(&format!("{own} {rest}")).ok()?;
    catalog
        .get(&swapped)
        .filter(|i| i.normative && i.applies_to(ty))
        .map(|i| i.id.to_string())
}
