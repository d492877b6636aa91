//! OpenWrt and other opkg/ipkg systems: the installed packages of `/usr/lib/opkg/status`
//! (also `/var/lib/opkg/status` and the ipkg paths). OSV has no OpenWrt ecosystem, so each
//! package gets a generic purl (`pkg:generic/openwrt/busybox@1.36.1-1?arch=…&distro=
//! openwrt-23.05.3`) for the record and, for `rampart scan`, the CPE of its product at the
//! upstream version: from the signature catalog's package names, else from rampart-sbom's
//! normalisation table.

use std::collections::BTreeSet;

use rampart_sbom::{Method, Occurrence};

use crate::tree::FileTree;

use super::dpkg::{MAX_DATABASE_BYTES, field, paragraphs};
use super::found::PACKAGE_DB_CONFIDENCE;
use super::{Found, Identifier, Origin, distro, in_root, join, signatures, upstream_version};

/// Where opkg and ipkg keep their status file and per-package file lists.
const DATABASES: [(&str, &str); 4] = [
    ("/usr/lib/opkg/status", "/usr/lib/opkg/info"),
    ("/var/lib/opkg/status", "/var/lib/opkg/info"),
    ("/usr/lib/ipkg/status", "/usr/lib/ipkg/info"),
    ("/var/lib/ipkg/status", "/var/lib/ipkg/info"),
];

/// Reads opkg/ipkg status databases.
pub struct OpkgStatus;

impl Identifier for OpkgStatus {
    fn id(&self) -> &'static str {
        "opkg-status"
    }

    fn identify(&self, tree: &FileTree) -> Vec<Found> {
        let mut out = Vec::new();
        for (path, node, data) in tree.files() {
            let relative = in_root(&node.root, path);
            let Some((_, info)) = DATABASES.iter().find(|(status, _)| *status == relative) else {
                continue;
            };
            if data.len() > MAX_DATABASE_BYTES {
                continue;
            }
            let distro = distro::detect(tree, &node.root);
            let text = String::from_utf8_lossy(data);
            for (line, fields) in paragraphs(&text) {
                let (Some(name), Some(version)) =
                    (field(&fields, "Package"), field(&fields, "Version"))
                else {
                    continue;
                };
                if field(&fields, "Status").is_some_and(|s| !s.ends_with(" installed")) {
                    continue;
                }
                let arch = field(&fields, "Architecture");
                let purl = generic_purl(distro.as_ref(), name, version, arch);
                out.push(Found {
                    name: name.to_owned(),
                    version: version.to_owned(),
                    kind: "library",
                    purl,
                    cpes: package_cpes(name, version),
                    supplier: distro.as_ref().map(|d| d.id.clone()),
                    origin: Origin::Package {
                        database: path.to_owned(),
                        source: None,
                        files: owned_files(tree, &node.root, info, name),
                    },
                    methods: vec![Method {
                        technique: "manifest-analysis".to_owned(),
                        confidence: PACKAGE_DB_CONFIDENCE,
                        value: Some(format!("opkg status: Package: {name}, Version: {version}")),
                    }],
                    occurrences: vec![Occurrence {
                        location: path.to_owned(),
                        offset: None,
                        symbol: None,
                        additional_context: Some(format!("line {line}")),
                    }],
                });
            }
        }
        out
    }
}

/// `pkg:generic/DISTRO/NAME@VERSION?arch=..&distro=..`.
fn generic_purl(
    distro: Option<&distro::Distro>,
    name: &str,
    version: &str,
    arch: Option<&str>,
) -> Option<String> {
    let mut qualifiers = std::collections::BTreeMap::new();
    if let Some(arch) = arch {
        qualifiers.insert("arch".to_owned(), arch.to_owned());
    }
    if let Some(d) = distro {
        qualifiers.insert("distro".to_owned(), d.qualifier());
    }
    rampart_sbom::Purl::from_parts(&rampart_sbom::purl::PurlParts {
        ty: "generic".to_owned(),
        namespace: distro.map(|d| d.id.clone()),
        name: name.to_owned(),
        version: Some(version.to_owned()),
        qualifiers,
        subpath: None,
    })
    .ok()
    .map(|p| p.to_string())
}

/// The CPEs of a package without an ecosystem, at its upstream version.
pub(crate) fn package_cpes(name: &str, version: &str) -> Vec<String> {
    let upstream = upstream_version(version);
    // A version a CPE cannot carry as a plain value (empty, or with spaces or CPE
    // wildcards) gives no CPE rather than a name that reads back as something else.
    if upstream.is_empty()
        || !upstream
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'+' | b'~' | b'-'))
    {
        return Vec::new();
    }
    if let Some(c) = signatures::component_of_package(name)
        && let Some((part, vendor, product)) = &c.cpe
    {
        let Ok(cpe) = rampart_sbom::Cpe::parse(&format!(
            "cpe:2.3:{part}:{vendor}:{product}:*:*:*:*:*:*:*:*"
        )) else {
            return Vec::new();
        };
        return vec![
            cpe.with_value(3, rampart_sbom::cpe::Value::literal(&upstream))
                .to_formatted_string(),
        ];
    }
    rampart_sbom::normalise::candidates(name, None)
        .into_iter()
        .map(|pair| pair.to_cpe(Some(&upstream)).to_formatted_string())
        .collect()
}

fn owned_files(tree: &FileTree, root: &str, info: &str, name: &str) -> BTreeSet<String> {
    let list = join(root, &format!("{info}/{name}.list"));
    let Some(data) = tree
        .get(&list)
        .and_then(|n| n.data())
        .filter(|d| d.len() <= MAX_DATABASE_BYTES)
    else {
        return BTreeSet::new();
    };
    String::from_utf8_lossy(data)
        .lines()
        .filter(|l| l.starts_with('/') && l.len() > 1)
        .map(|l| join(root, l.split('\t').next().unwrap_or(l)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identify::tests_support::tree_of;

    #[test]
    fn openwrt_packages_get_generic_purls_and_upstream_cpes() {
        let tree = tree_of(&[
            (
                "/usr/lib/opkg/status",
                b"Package: busybox\nVersion: 1.36.1-1\nStatus: install user installed\nArchitecture: mips_24kc\n\nPackage: libopenssl3\nVersion: 3.0.13-1\nStatus: install user installed\nArchitecture: mips_24kc\n",
            ),
            ("/usr/lib/os-release", b"ID=\"openwrt\"\nVERSION_ID=\"23.05.3\"\n"),
            ("/usr/lib/opkg/info/busybox.list", b"/bin/busybox\n"),
        ]);
        let found = OpkgStatus.identify(&tree);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].purl.as_deref(),
            Some("pkg:generic/openwrt/busybox@1.36.1-1?arch=mips_24kc&distro=openwrt-23.05.3")
        );
        assert_eq!(
            found[0].cpes,
            ["cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*"]
        );
        assert_eq!(
            found[1].cpes,
            ["cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*"]
        );
        let Origin::Package { files, .. } = &found[0].origin else {
            panic!()
        };
        assert!(files.contains("r/bin/busybox"));
    }

    #[test]
    fn a_version_a_cpe_cannot_carry_gives_no_cpe() {
        assert!(package_cpes("busybox", ":").is_empty());
        assert!(package_cpes("busybox", "1.0 *beta*").is_empty());
        assert_eq!(package_cpes("busybox", "1.36.1-1").len(), 1);
    }
}
