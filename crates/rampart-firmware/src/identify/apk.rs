//! Alpine: the installed packages of apk's `/lib/apk/db/installed`, each with a distro purl
//! (`pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1`, the origin
//! package as `upstream` when it differs) and the files the database lists for it.

use std::collections::BTreeSet;

use rampart_sbom::{Method, Occurrence};

use crate::tree::FileTree;

use super::dpkg::{MAX_DATABASE_BYTES, distro_purl};
use super::found::PACKAGE_DB_CONFIDENCE;
use super::{Found, Identifier, Origin, distro, in_root, join};

/// Reads apk's installed database.
pub struct ApkInstalled;

impl Identifier for ApkInstalled {
    fn id(&self) -> &'static str {
        "apk-installed"
    }

    fn identify(&self, tree: &FileTree) -> Vec<Found> {
        let mut out = Vec::new();
        for (path, node, data) in tree.files() {
            if in_root(&node.root, path) != "/lib/apk/db/installed"
                || data.len() > MAX_DATABASE_BYTES
            {
                continue;
            }
            let distro = distro::detect(tree, &node.root);
            let text = String::from_utf8_lossy(data);
            for entry in entries(&text) {
                let (Some(name), Some(version)) = (entry.name, entry.version) else {
                    continue;
                };
                out.push(Found {
                    name: name.to_owned(),
                    version: version.to_owned(),
                    kind: "library",
                    purl: distro_purl(
                        "apk",
                        distro.as_ref(),
                        name,
                        version,
                        entry.arch,
                        entry.origin,
                        &[],
                    ),
                    cpes: Vec::new(),
                    supplier: distro.as_ref().map(|d| d.id.clone()),
                    origin: Origin::Package {
                        database: path.to_owned(),
                        source: entry.origin.map(str::to_owned),
                        files: entry.files.iter().map(|f| join(&node.root, f)).collect(),
                    },
                    methods: vec![Method {
                        technique: "manifest-analysis".to_owned(),
                        confidence: PACKAGE_DB_CONFIDENCE,
                        value: Some(format!("apk installed: P:{name} V:{version}")),
                    }],
                    occurrences: vec![Occurrence {
                        location: path.to_owned(),
                        offset: None,
                        symbol: None,
                        additional_context: Some(format!("line {}", entry.line)),
                    }],
                });
            }
        }
        out
    }
}

/// One package entry of the database.
#[derive(Default)]
struct Entry<'a> {
    line: usize,
    name: Option<&'a str>,
    version: Option<&'a str>,
    arch: Option<&'a str>,
    origin: Option<&'a str>,
    /// Root-relative absolute paths (`F:` folder + `R:` file).
    files: BTreeSet<String>,
}

/// The entries of an `installed` file: `X:value` lines, entries separated by blank lines.
fn entries(text: &str) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    let mut current = Entry::default();
    let mut folder = String::new();
    for (index, line) in text.lines().enumerate() {
        if line.is_empty() {
            if current.name.is_some() {
                out.push(std::mem::take(&mut current));
            }
            folder.clear();
            continue;
        }
        if current.line == 0 {
            current.line = index + 1;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        match key {
            "P" => current.name = Some(value),
            "V" => current.version = Some(value),
            "A" => current.arch = Some(value),
            "o" => current.origin = Some(value),
            "F" => value.clone_into(&mut folder),
            "R" => {
                current
                    .files
                    .insert(format!("/{folder}/{value}").replace("//", "/"));
            }
            _ => {}
        }
    }
    if current.name.is_some() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identify::tests_support::tree_of;

    #[test]
    fn alpine_packages_get_distro_purls_and_their_files() {
        let tree = tree_of(&[
            (
                "/lib/apk/db/installed",
                b"C:Q1abc=\nP:busybox\nV:1.36.1-r15\nA:x86_64\no:busybox\nF:bin\nR:busybox\n\nC:Q1def=\nP:libcrypto3\nV:3.1.4-r5\nA:x86_64\no:openssl\nF:lib\nR:libcrypto.so.3\n",
            ),
            ("/etc/os-release", b"ID=alpine\nVERSION_ID=3.19.1\n"),
        ]);
        let found = ApkInstalled.identify(&tree);
        assert_eq!(
            found[0].purl.as_deref(),
            Some("pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1")
        );
        assert_eq!(
            found[1].purl.as_deref(),
            Some(
                "pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&distro=alpine-3.19.1&upstream=openssl"
            )
        );
        let Origin::Package { files, .. } = &found[1].origin else {
            panic!()
        };
        assert!(files.contains("r/lib/libcrypto.so.3"));
    }
}
