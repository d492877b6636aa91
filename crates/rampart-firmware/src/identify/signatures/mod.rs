//! Version signatures: rules as data (`data/signatures/*.yaml`, one file per component,
//! compiled in), validated at first use, run by one [`scan::Engine`] over every file a rule
//! selects. Each hit becomes a candidate with a generic purl and the component's CPE, and an
//! occurrence naming the file, the offset, the rule and the bytes matched.

pub mod rules;
pub mod scan;

use rayon::prelude::*;
use std::sync::LazyLock;

use rampart_sbom::{Confidence, Method, Occurrence};

use crate::tree::FileTree;

use super::elf;
use super::{Found, Identifier, Origin};
use rules::ComponentRules;
use scan::{Engine, FileFacts};

/// The rule files, compiled in. `every_rule_file_is_listed` checks this list against the
/// folder, so a new file cannot be forgotten.
pub const RULE_FILES: &[(&str, &str)] = &include!("catalog.in");

/// The catalog, validated once. A broken rule file is a build defect that
/// `every_rule_file_validates` catches first.
pub static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    let components = RULE_FILES
        .iter()
        .map(|(name, text)| rules::parse(name, text).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    Engine::new(components)
});

/// Reads version signatures in files.
pub struct VersionSignatures;

impl Identifier for VersionSignatures {
    fn id(&self) -> &'static str {
        "version-signatures"
    }

    fn identify(&self, tree: &FileTree) -> Vec<Found> {
        // Files are scanned side by side (the scan is most of identification's time) and the
        // candidates kept in path order, so the result does not depend on the thread count.
        let engine = &*ENGINE;
        let files: Vec<(&str, &bytes::Bytes)> = tree.files().map(|(p, _, d)| (p, d)).collect();
        files
            .par_iter()
            .map(|(path, data)| scan_file(engine, path, data))
            .collect::<Vec<_>>()
            .into_iter()
            .flatten()
            .collect()
    }
}

/// The candidates in one file (`path` as evidence names it).
pub fn scan_file(engine: &Engine, path: &str, data: &[u8]) -> Vec<Found> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let is_elf = elf::is_elf(data);
    // SONAMEs are needed before scanning only by SONAME-selected rules: parse headers of
    // shared objects only (`.so` in the name or ET_DYN), once.
    let facts = if is_elf { elf::facts(data) } else { None };
    let file = FileFacts {
        name,
        is_elf,
        soname: facts.as_ref().and_then(|f| f.soname.as_deref()),
        needed: facts.as_ref().map_or(&[], |f| f.needed.as_slice()),
    };
    if !engine.wants(&file) {
        return Vec::new();
    }
    let hits = engine.scan(&file, data);
    let summary = facts.as_ref().map(elf::ElfFacts::summary);
    hits.into_iter()
        .map(|hit| {
            let component = &engine.components[hit.component];
            let rule = &component.rules[hit.rule];
            found(component, rule, &hit, path, summary.as_deref())
        })
        .collect()
}

fn found(
    component: &ComponentRules,
    rule: &rules::Rule,
    hit: &scan::Hit,
    path: &str,
    elf_summary: Option<&str>,
) -> Found {
    let version = &hit.version;
    let purl = component.purl.as_ref().and_then(|p| {
        rampart_sbom::Purl::parse(&format!("{p}@{version}"))
            .ok()
            .map(|p| p.to_string())
    });
    let cpes = component
        .cpe
        .iter()
        .filter_map(|(part, vendor, product)| {
            let cpe = rampart_sbom::Cpe::parse(&format!(
                "cpe:2.3:{part}:{vendor}:{product}:*:*:*:*:*:*:*:*"
            ))
            .ok()?;
            Some(
                cpe.with_value(3, rampart_sbom::cpe::Value::literal(version))
                    .to_formatted_string(),
            )
        })
        .collect();
    let mut context = format!(
        "rule {} ({}): {}",
        rule.id,
        rule.evidence.name(),
        hit.matched.escape_debug()
    );
    if let Some(summary) = elf_summary.filter(|s| !s.is_empty()) {
        context.push_str("; elf ");
        context.push_str(summary);
    }
    Found {
        name: component.component.clone(),
        version: version.clone(),
        kind: component.kind,
        purl,
        cpes,
        supplier: None,
        origin: Origin::Signature {
            rule: rule.id.clone(),
            packages: component.packages.clone(),
        },
        methods: vec![Method {
            technique: rule.evidence.technique().to_owned(),
            confidence: Confidence::from_thousandths(rule.evidence.confidence()),
            value: Some(format!("{}: {}", rule.id, hit.matched.escape_debug())),
        }],
        occurrences: vec![Occurrence {
            location: path.to_owned(),
            offset: hit.offset,
            symbol: None,
            additional_context: Some(context),
        }],
    }
}

/// The component rules of a distro package name (`libssl3` → openssl), for merging and for
/// CPEs of package databases that have no ecosystem (opkg).
pub fn component_of_package(name: &str) -> Option<&'static ComponentRules> {
    ENGINE
        .components
        .iter()
        .find(|c| c.component == name || c.packages.iter().any(|p| p == name))
}
