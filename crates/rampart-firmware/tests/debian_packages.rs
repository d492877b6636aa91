//! Component identification on real Debian 12 packages (feature `debian-packages`): every
//! signature rule marked `tested: debian:PACKAGE` must find its component at the package's
//! exact upstream version in that package's files, through that rule. Recall and precision
//! over all packages are printed.
//!
//! The packages are fetched and extracted by `bench/fetch-debian-packages.sh DIR`; the test
//! reads `$RAMPART_DEBIAN_DIR` (the .deb file names in `DIR/debs` give the exact versions)
//! and skips with a message when it is not set.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use bytes::Bytes;
use rampart_firmware::identify::identify;
use rampart_firmware::identify::signatures::ENGINE;
use rampart_firmware::tree::{FileTree, Meta, Node, NodeKind};

/// Every regular file and link under `dir`, in a tree rooted at `root`.
fn tree_of_dir(dir: &Path, root: &str) -> FileTree {
    let mut tree = FileTree::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let relative = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let kind = entry.file_type().unwrap();
            let node_kind = if kind.is_symlink() {
                NodeKind::Symlink(
                    std::fs::read_link(&path)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                )
            } else if kind.is_dir() {
                stack.push(path.clone());
                NodeKind::Dir
            } else {
                NodeKind::File(Bytes::from(std::fs::read(&path).unwrap()))
            };
            tree.insert(
                format!("{root}/{relative}"),
                Node {
                    kind: node_kind,
                    meta: Meta::default(),
                    root: root.to_owned(),
                },
            );
        }
    }
    tree
}

/// Package name → version, from `NAME_VERSION_ARCH.deb` (epoch colon escaped as `%3a`).
fn pinned_versions(debs: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(debs).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".deb") else {
            continue;
        };
        let parts: Vec<&str> = stem.split('_').collect();
        if parts.len() == 3 {
            out.insert(parts[0].to_owned(), parts[1].replace("%3a", ":"));
        }
    }
    out
}

/// The upstream part of a Debian version, as the identify module computes it.
fn upstream(version: &str) -> String {
    let no_epoch = version.split_once(':').map_or(version, |(_, v)| v);
    let no_revision = no_epoch.rsplit_once('-').map_or(no_epoch, |(u, _)| u);
    let cut = no_revision
        .find(['+', '~'])
        .or_else(|| no_revision.find(".dfsg"))
        .unwrap_or(no_revision.len());
    no_revision[..cut].to_owned()
}

/// Whether a found version is the expected upstream version (or its leading part, as
/// `2.1.12` of `2.1.12-stable`).
fn agrees(found: &str, expected: &str) -> bool {
    found == expected
        || expected.strip_prefix(found).is_some_and(|rest| {
            rest.starts_with(['.', '-']) || rest.starts_with(|c: char| c.is_ascii_lowercase())
        })
}

#[test]
fn every_debian_tested_rule_finds_its_exact_version() {
    let Some(dir) = std::env::var_os("RAMPART_DEBIAN_DIR") else {
        eprintln!(
            "RAMPART_DEBIAN_DIR is not set: run bench/fetch-debian-packages.sh DIR first; skipping"
        );
        return;
    };
    let dir = Path::new(&dir);
    let versions = pinned_versions(&dir.join("debs"));
    // Package → (component → rule ids expected to find it there).
    let mut expected: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for c in &ENGINE.components {
        for r in &c.rules {
            if let Some(package) = r.tested.strip_prefix("debian:") {
                expected
                    .entry(package.to_owned())
                    .or_default()
                    .entry(c.component.clone())
                    .or_default()
                    .insert(r.id.clone());
            }
        }
    }
    let (mut true_positive, mut expected_total, mut expected_found, mut found_total) =
        (0usize, 0usize, 0usize, 0usize);
    let mut misses = Vec::new();
    let mut extras = Vec::new();
    for package in versions.keys() {
        let folder = dir.join(package);
        if !folder.is_dir() {
            continue;
        }
        let want = expected.get(package).cloned().unwrap_or_default();
        let version = upstream(&versions[package]);
        let tree = tree_of_dir(&folder, package);
        let components = identify(&tree);
        found_total += components.len();
        expected_total += want.len();
        for component in &components {
            let v = component.version.as_deref().unwrap_or_default();
            // A component the rule files say this package ships counts as correct too (the
            // lua5.4 package ships Lua, tested on liblua5.4-0).
            let ships = ENGINE
                .components
                .iter()
                .any(|c| c.component == component.name && c.packages.contains(package));
            if (want.contains_key(&component.name) || ships) && agrees(v, &version) {
                true_positive += 1;
            } else {
                extras.push(format!("{package}: {} {v}", component.name));
            }
        }
        for (name, rules) in &want {
            let hit = components.iter().find(|c| {
                &c.name == name && agrees(c.version.as_deref().unwrap_or_default(), &version)
            });
            let Some(hit) = hit else {
                misses.push(format!("{package}: {name} {version} not found"));
                continue;
            };
            expected_found += 1;
            let methods: String = hit
                .evidence
                .iter()
                .flat_map(|e| &e.identity)
                .flat_map(|i| &i.methods)
                .filter_map(|m| m.value.clone())
                .collect::<Vec<_>>()
                .join(" | ");
            for rule in rules {
                if !methods.contains(&format!("{rule}:")) {
                    misses.push(format!(
                        "{package}: {name} found, but not by rule {rule} ({methods})"
                    ));
                }
            }
        }
    }
    // The recall below is over the `debian:` rules only; say how many rules it leaves out.
    let tested = |prefix: &str| {
        ENGINE
            .components
            .iter()
            .flat_map(|c| &c.rules)
            .filter(|r| r.tested.starts_with(prefix))
            .count()
    };
    println!(
        "rules: {} tested here on Debian packages, {} on real excerpts (tests/identify_real.rs), {} synthetic (on no real binary)",
        tested("debian:"),
        tested("fixture:"),
        tested("synthetic")
    );
    let recall = expected_found as f64 / expected_total.max(1) as f64;
    let precision = true_positive as f64 / found_total.max(1) as f64;
    println!(
        "packages {}, expected components {expected_total}, found {found_total}, correct {true_positive}: recall {:.1}%, precision {:.1}%",
        versions.len(),
        recall * 100.0,
        precision * 100.0
    );
    for e in &extras {
        println!("extra: {e}");
    }
    for m in &misses {
        println!("miss: {m}");
    }
    assert!(
        misses.is_empty(),
        "{} misses:\n{}",
        misses.len(),
        misses.join("\n")
    );
    let missing_packages: Vec<&String> = expected
        .keys()
        .filter(|p| !versions.contains_key(*p))
        .collect();
    assert!(
        missing_packages.is_empty(),
        "rules name packages the fetch script does not fetch: {missing_packages:?}"
    );
}
