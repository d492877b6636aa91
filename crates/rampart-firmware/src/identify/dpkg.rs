//! Debian and Ubuntu: the installed packages of dpkg's `/var/lib/dpkg/status`, each with a
//! distro purl (`pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&distro=debian-12&
//! upstream=openssl`), the source package as the `upstream` qualifier (Debian's advisories
//! are filed under source packages) and the files `/var/lib/dpkg/info/NAME.list` says it
//! owns. Also the control-file paragraph reader opkg shares.

use std::collections::BTreeSet;

use rampart_sbom::purl::PurlParts;
use rampart_sbom::{Method, Occurrence, Purl};

use crate::tree::FileTree;

use super::distro::{self, Distro};
use super::found::PACKAGE_DB_CONFIDENCE;
use super::{Found, Identifier, Origin, in_root, join};

/// Status files and file lists larger than this are not read (a real one is a few MB).
pub(crate) const MAX_DATABASE_BYTES: usize = 64 * 1024 * 1024;

/// Reads dpkg's status database.
pub struct DpkgStatus;

impl Identifier for DpkgStatus {
    fn id(&self) -> &'static str {
        "dpkg-status"
    }

    fn identify(&self, tree: &FileTree) -> Vec<Found> {
        let mut out = Vec::new();
        for (path, node, data) in tree.files() {
            if in_root(&node.root, path) != "/var/lib/dpkg/status"
                || data.len() > MAX_DATABASE_BYTES
            {
                continue;
            }
            let distro = distro::detect(tree, &node.root);
            let text = String::from_utf8_lossy(data);
            for (line, fields) in paragraphs(&text) {
                let get = |name: &str| field(&fields, name);
                let (Some(name), Some(version)) = (get("Package"), get("Version")) else {
                    continue;
                };
                // Only installed packages: `deinstall ok config-files` left only its conffiles.
                if get("Status").is_some_and(|s| !s.ends_with(" installed")) {
                    continue;
                }
                let arch = get("Architecture");
                let source = get("Source")
                    .map(|s| s.split_whitespace().next().unwrap_or_default().to_owned());
                let files = owned_files(tree, &node.root, name, arch);
                out.push(Found {
                    name: name.to_owned(),
                    version: version.to_owned(),
                    kind: "library",
                    purl: distro_purl(
                        "deb",
                        distro.as_ref(),
                        name,
                        version,
                        arch,
                        source.as_deref(),
                        &[],
                    ),
                    cpes: Vec::new(),
                    supplier: distro.as_ref().map(|d| d.id.clone()),
                    origin: Origin::Package {
                        database: path.to_owned(),
                        source,
                        files,
                    },
                    methods: vec![Method {
                        technique: "manifest-analysis".to_owned(),
                        confidence: PACKAGE_DB_CONFIDENCE,
                        value: Some(format!("dpkg status: Package: {name}, Version: {version}")),
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

/// A distro purl: `pkg:TYPE/ID/NAME@VERSION?arch=..&distro=ID-RELEASE&upstream=SOURCE`, the
/// form `rampart scan` keys by ecosystem, release and source package. Without a known
/// distribution the namespace is left out, which the matcher reads as no ecosystem (name
/// CPEs from the normalisation table still apply). `extra` adds a type's own qualifiers
/// (rpm's `epoch`).
pub(crate) fn distro_purl(
    ty: &str,
    distro: Option<&Distro>,
    name: &str,
    version: &str,
    arch: Option<&str>,
    source: Option<&str>,
    extra: &[(&str, String)],
) -> Option<String> {
    let mut qualifiers: std::collections::BTreeMap<String, String> = extra
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    if let Some(arch) = arch {
        qualifiers.insert("arch".to_owned(), arch.to_owned());
    }
    if let Some(d) = distro {
        qualifiers.insert("distro".to_owned(), d.qualifier());
    }
    if let Some(source) = source.filter(|s| *s != name) {
        qualifiers.insert("upstream".to_owned(), source.to_owned());
    }
    Purl::from_parts(&PurlParts {
        ty: ty.to_owned(),
        namespace: distro.map(|d| d.purl_namespace().to_owned()),
        name: name.to_owned(),
        version: Some(version.to_owned()),
        qualifiers,
        subpath: None,
    })
    .ok()
    .map(|p| p.to_string())
}

/// The tree paths dpkg lists as owned by `name` (`info/NAME.list` or `info/NAME:ARCH.list`).
fn owned_files(tree: &FileTree, root: &str, name: &str, arch: Option<&str>) -> BTreeSet<String> {
    let mut lists = vec![join(root, &format!("/var/lib/dpkg/info/{name}.list"))];
    if let Some(arch) = arch {
        lists.push(join(
            root,
            &format!("/var/lib/dpkg/info/{name}:{arch}.list"),
        ));
    }
    let mut files = BTreeSet::new();
    for list in lists {
        let Some(data) = tree
            .get(&list)
            .and_then(|n| n.data())
            .filter(|d| d.len() <= MAX_DATABASE_BYTES)
        else {
            continue;
        };
        for line in String::from_utf8_lossy(data).lines() {
            if line.starts_with('/') && line.len() > 1 {
                files.insert(join(root, line));
            }
        }
    }
    files
}

/// The paragraphs of a Debian control-format file (dpkg and opkg status): for each, the
/// 1-based line it starts on and its `Field: value` pairs (continuation lines dropped: no
/// field identification reads is multi-line).
pub(crate) fn paragraphs(text: &str) -> Vec<(usize, Vec<(&str, &str)>)> {
    let mut out = Vec::new();
    let mut current: Vec<(&str, &str)> = Vec::new();
    let mut start = 1;
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push((start, std::mem::take(&mut current)));
            }
            start = index + 2;
            continue;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        if let Some((key, value)) = line.split_once(':') {
            current.push((key.trim(), value.trim()));
        }
    }
    if !current.is_empty() {
        out.push((start, current));
    }
    out
}

/// The value of field `name` (case-insensitive, as dpkg reads field names).
pub(crate) fn field<'a>(fields: &[(&'a str, &'a str)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| *v)
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identify::tests_support::tree_of;

    const STATUS: &[u8] = b"Package: libssl3\nStatus: install ok installed\nPriority: optional\nArchitecture: amd64\nSource: openssl\nVersion: 3.0.15-1~deb12u1\nDescription: Secure Sockets Layer toolkit\n shared libraries\n\nPackage: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nSource: zlib (1:1.2.13.dfsg-1)\nVersion: 1:1.2.13.dfsg-1\n\nPackage: removed\nStatus: deinstall ok config-files\nVersion: 1.0\n";

    #[test]
    fn installed_packages_get_distro_purls_with_their_source_package() {
        let tree = tree_of(&[
            ("/var/lib/dpkg/status", STATUS),
            ("/etc/os-release", b"ID=debian\nVERSION_ID=\"12\"\n"),
            (
                "/var/lib/dpkg/info/libssl3:amd64.list",
                b"/.\n/usr/lib/x86_64-linux-gnu/libssl.so.3\n",
            ),
        ]);
        let found = DpkgStatus.identify(&tree);
        let names: Vec<&str> = found.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["libssl3", "zlib1g"]);
        assert_eq!(
            found[0].purl.as_deref(),
            Some(
                "pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&distro=debian-12&upstream=openssl"
            )
        );
        // The source's own version in parentheses is not part of its name.
        assert!(found[1].purl.as_deref().unwrap().ends_with("upstream=zlib"));
        let Origin::Package { files, .. } = &found[0].origin else {
            panic!()
        };
        assert!(files.contains("r/usr/lib/x86_64-linux-gnu/libssl.so.3"));
        assert_eq!(
            found[0].occurrences[0].additional_context.as_deref(),
            Some("line 1")
        );
    }

    #[test]
    fn purls_match_the_matchers_key_for_the_source_package() {
        // key.rs reads `upstream` as the source package name: the scan looks up
        // Debian's `openssl` records for the binary package libssl3.
        let purl = distro_purl(
            "deb",
            Some(&Distro {
                id: "debian".into(),
                version_id: Some("12".into()),
                source: String::new(),
            }),
            "libssl3",
            "3.0.15-1~deb12u1",
            Some("amd64"),
            Some("openssl"),
            &[],
        )
        .unwrap();
        let parsed = Purl::parse(&purl).unwrap();
        assert_eq!(parsed.qualifiers().get("upstream"), Some(&"openssl"));
        assert_eq!(parsed.namespace(), Some("debian"));
    }
}
