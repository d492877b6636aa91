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

/// What the fuzz target does, on a fixed set of hostile and pseudo-random inputs, so a
/// panic on malformed input fails the ordinary test run too.
#[test]
fn scan_survives_malformed_input_under_the_rules_file_names() {
    let names = [
        "etc/shadow",
        "etc/passwd",
        "etc/inittab",
        "etc/inetd.conf",
        "etc/xinetd.d/x",
        "etc/init.d/S01x",
        "etc/ssl/a.pem",
        "etc/ssh/ssh_host_rsa_key",
        "etc/dropbear/dropbear_rsa_host_key",
        "etc/config/wireless",
        "etc/a.conf",
        "a.der",
        "a.ppk",
    ];
    let hostile: [&[u8]; 16] = [
        b"root:$1$\xc3\xa9\xc3\xa9$x:0::\nx:$1$:1\ny:$6$:1\nz:$6$rounds=:1\nw:$5$rounds=1000:1\nv:$6$rounds=1000$\xe2\x82\xac$:1\n",
        b"a:abcdefghijklm:1\nb:$2b$99$x:1\nc:$y$j9T$x:1\n::::\n:\n",
        b"-----BEGIN ",
        b"-----BEGIN PRIVATE KEY-----",
        b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA/////w==\n-----END OPENSSH PRIVATE KEY-----",
        b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
        b"\x30\x84\xff\xff\xff\xff",
        b"\x30\x82\x00\x03\x02\x01\x00",
        b"\xff\xff\xff\xffssh-rsa",
        b"PuTTY-User-Key-File-",
        b"::respawn:\n:::\nx\n-\n",
        b"start-stop-daemon\nprocd_set_param command\nexec\ndropbear -\n",
        b"service\n{\ndisable\nserver =\n}\n",
        b"password = \"\npsk=\"\noption key '\nftp://a:@b\n<password></password>\n",
        b"<!--\n<!-- -->\n-->\n\xff\xfe password = s3cr3tvalue\n",
        b"",
    ];
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut random = |len: usize| -> Vec<u8> {
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                // Mostly printable, with the separators the parsers split on.
                b"ab:$1$56=#'\"\n -x/\x00\xff{}<>@"[(state % 22) as usize]
            })
            .collect()
    };
    for round in 0..40 {
        let mut files: Vec<(&str, Vec<u8>)> = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let data = if round == 0 {
                hostile[i % hostile.len()].to_vec()
            } else if round == 1 {
                hostile[(i + 7) % hostile.len()].to_vec()
            } else {
                random(64 + round * 31)
            };
            files.push((name, data));
        }
        let borrowed: Vec<(&str, &[u8])> = files.iter().map(|(n, d)| (*n, d.as_slice())).collect();
        let findings = scan(&tree_of(&borrowed), TODAY);
        assert!(findings.iter().all(|f| f.path.starts_with(ROOT)));
    }
}
