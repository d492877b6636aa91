//! The distribution a root file system belongs to, from `/etc/os-release` (or
//! `/usr/lib/os-release`) and, for Debian without `VERSION_ID` (testing, sid, old
//! releases), `/etc/debian_version`: what a package database's purls need for their
//! `distro` qualifier so `rampart scan` picks the right release's advisories.

use crate::tree::FileTree;

use super::join;

/// A distribution and release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Distro {
    /// os-release `ID`, lower case (`debian`, `ubuntu`, `alpine`, `openwrt`).
    pub id: String,
    /// os-release `VERSION_ID` (`12`, `22.04`, `3.19.1`), when known.
    pub version_id: Option<String>,
    /// The file it was read from (tree path).
    pub source: String,
}

impl Distro {
    /// The purl namespace: the os-release `ID`, except where the purl spec and OSV name the
    /// vendor otherwise (`rhel` → `redhat`, `opensuse-leap` → `opensuse`, `sles` → `suse`).
    pub fn purl_namespace(&self) -> &str {
        match self.id.as_str() {
            "rhel" | "centos" => "redhat",
            "opensuse-leap" | "opensuse-tumbleweed" | "opensuse-microos" => "opensuse",
            "sles" | "sled" | "sle-micro" => "suse",
            other => other,
        }
    }

    /// The purl `distro` qualifier: `debian-12`, `alpine-3.19.1`; the bare id without release.
    pub fn qualifier(&self) -> String {
        match &self.version_id {
            Some(v) => format!("{}-{v}", self.id),
            None => self.id.clone(),
        }
    }
}

/// Files larger than this are not an os-release file.
const MAX_OS_RELEASE: usize = 64 * 1024;

/// The distribution of the root file system at `root` (a tree path prefix), if it says.
pub fn detect(tree: &FileTree, root: &str) -> Option<Distro> {
    for candidate in ["/etc/os-release", "/usr/lib/os-release"] {
        let path = join(root, candidate);
        let Some((resolved, node)) = tree.resolve(&path) else {
            continue;
        };
        let Some(data) = node.data().filter(|d| d.len() <= MAX_OS_RELEASE) else {
            continue;
        };
        let text = String::from_utf8_lossy(data);
        let field = |name: &str| {
            text.lines().find_map(|line| {
                let value = line.trim().strip_prefix(name)?.strip_prefix('=')?;
                let value = value.trim().trim_matches(['"', '\'']).trim();
                (!value.is_empty()).then(|| value.to_owned())
            })
        };
        let Some(id) = field("ID") else { continue };
        let mut version_id = field("VERSION_ID");
        if version_id.is_none() && id == "debian" {
            version_id = debian_version(tree, root);
        }
        return Some(Distro {
            id: id.to_ascii_lowercase(),
            version_id,
            source: resolved.to_owned(),
        });
    }
    debian_version(tree, root).map(|v| Distro {
        id: "debian".to_owned(),
        version_id: Some(v),
        source: join(root, "/etc/debian_version"),
    })
}

/// The major release of `/etc/debian_version` (`12.8` → `12`); `None` for `trixie/sid`.
fn debian_version(tree: &FileTree, root: &str) -> Option<String> {
    let (_, node) = tree.resolve(&join(root, "/etc/debian_version"))?;
    let data = node.data().filter(|d| d.len() <= 256)?;
    let text = std::str::from_utf8(data).ok()?.trim();
    let major = text.split('.').next()?;
    (!major.is_empty() && major.bytes().all(|b| b.is_ascii_digit())).then(|| major.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identify::tests_support::tree_of;

    #[test]
    fn os_release_names_distribution_and_release() {
        let tree = tree_of(&[(
            "/etc/os-release",
            b"PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nVERSION_ID=\"12\"\nID=debian\n",
        )]);
        let distro = detect(&tree, "r").unwrap();
        assert_eq!(distro.qualifier(), "debian-12");
    }

    #[test]
    fn debian_version_fills_in_for_a_missing_version_id() {
        let tree = tree_of(&[
            ("/etc/os-release", b"ID=debian\n"),
            ("/etc/debian_version", b"12.8\n"),
        ]);
        assert_eq!(detect(&tree, "r").unwrap().qualifier(), "debian-12");
        let sid = tree_of(&[("/etc/debian_version", b"trixie/sid\n")]);
        assert!(detect(&sid, "r").is_none());
    }

    #[test]
    fn openwrt_keeps_its_full_release() {
        let tree = tree_of(&[(
            "/usr/lib/os-release",
            b"NAME=\"OpenWrt\"\nID=\"openwrt\"\nVERSION_ID=\"23.05.3\"\n",
        )]);
        assert_eq!(detect(&tree, "r").unwrap().qualifier(), "openwrt-23.05.3");
    }
}
