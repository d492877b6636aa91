//! Helpers for the rules' tests and the registry's own checks.

use std::collections::HashSet;

use bytes::Bytes;
use jiff::civil::{Date, date};

use super::*;
use crate::tree::{Meta, Node, NodeKind};

/// The day tests judge certificates on.
pub const TODAY: Date = date(2026, 12, 4);

/// The container root every test tree is placed under.
pub const ROOT: &str = "fw.bin.unpacked/0x0-squashfs";

/// A node of kind `kind` with mode `mode` under [`ROOT`].
pub fn node(kind: NodeKind, mode: u32) -> Node {
    Node {
        kind,
        meta: Meta::mode(mode),
        root: ROOT.to_owned(),
    }
}

/// A tree of regular files (mode 0644) at root-relative paths.
pub fn tree_of(files: &[(&str, &[u8])]) -> FileTree {
    let mut tree = FileTree::new();
    for (rel, data) in files {
        tree.insert(
            format!("{ROOT}/{rel}"),
            node(NodeKind::File(Bytes::copy_from_slice(data)), 0o644),
        );
    }
    tree
}

/// What one rule reports on `tree`, in [`scan`]'s order.
pub fn run_rule(rule: &dyn Rule, tree: &FileTree) -> Vec<Finding> {
    let mut out = Vec::new();
    rule.run(&ScanInput { tree, today: TODAY }, &mut out);
    out.sort_by(|a, b| a.path.cmp(&b.path).then(a.offset.cmp(&b.offset)));
    out
}

#[test]
fn rule_ids_and_codes_are_unique_well_formed_and_in_the_catalog() {
    let catalog = rampart_catalog::Catalog::builtin();
    let mut ids = HashSet::new();
    let mut codes = HashSet::new();
    for rule in all_rules() {
        assert!(ids.insert(rule.id()), "duplicate rule id {}", rule.id());
        assert!(
            rule.id()
                .split('-')
                .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase())),
            "{} is not kebab-case",
            rule.id()
        );
        assert!(!rule.title().is_empty() && !rule.codes().is_empty());
        for code in rule.codes() {
            assert!(codes.insert(code.code), "duplicate code {}", code.code);
            let parts: Vec<&str> = code.code.split('-').collect();
            assert!(
                parts.len() == 3
                    && parts[0] == "FW"
                    && ["KEY", "CRT", "PWD", "CRD", "SVC", "PRM"].contains(&parts[1])
                    && parts[2].len() == 3
                    && parts[2].bytes().all(|b| b.is_ascii_digit()),
                "{} does not follow FW-<AREA>-<NNN>",
                code.code
            );
            assert!(!code.title.is_empty() && !code.remediation.is_empty());
            assert!(
                !code.requirements.is_empty(),
                "{} maps to nothing",
                code.code
            );
            for r in code.requirements {
                let found = catalog
                    .lookup(r)
                    .unwrap_or_else(|e| panic!("{}: {r}: {e}", code.code));
                assert_eq!(
                    found.id.to_string(),
                    *r,
                    "{}: spelt as the catalog does",
                    code.code
                );
            }
        }
    }
    assert!(rule_by_id("private-key").is_some());
    assert!(rule_by_id("no-such-rule").is_none());
}

#[test]
fn every_code_is_documented() {
    let doc = include_str!("../../../../docs/firmware-findings.md");
    for rule in all_rules() {
        assert!(
            doc.contains(&format!("`{}`", rule.id())),
            "{} undocumented",
            rule.id()
        );
        for code in rule.codes() {
            let row = format!(
                "| {} | `{}` | {} | {} | {} |",
                code.code,
                rule.id(),
                code.severity,
                code.title,
                code.requirements.join(", ")
            );
            assert!(
                doc.contains(&row),
                "no row `{row}` in docs/firmware-findings.md"
            );
        }
    }
}

#[test]
fn scan_orders_by_severity_then_path_and_is_repeatable() {
    let tree = tree_of(&[
        ("etc/shadow", b"root::0:0:99999:7:::\n"),
        (
            "etc/ssl/private/a.key",
            b"-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEILRa4BezbG++6lIO4RxIrgjltv0D5pqy6zV6pDCRm2lA\n-----END PRIVATE KEY-----\n",
        ),
    ]);
    let first = scan(&tree, TODAY);
    assert_eq!(first, scan(&tree, TODAY));
    assert!(first.windows(2).all(|w| w[0].severity >= w[1].severity));
    assert_eq!(first[0].code, "FW-PWD-001");
}
