//! Component identification: what software an unpacked image ships, each component with a
//! purl and/or CPE that `rampart scan` matches and the evidence it rests on.
//!
//! One [`Identifier`] per kind of evidence, run in a fixed order ([`identifiers`]):
//! - package databases: [`dpkg`] (Debian, Ubuntu), [`opkg`] (OpenWrt, ipkg), [`apk`]
//!   (Alpine), [`rpm`] (Fedora, openSUSE, Yocto with `package_rpm`): exact names and versions, a distro purl when `/etc/os-release` names the
//!   distribution, and the files each package owns;
//! - [`signatures`]: version strings in binaries, rules as data (`data/signatures/*.yaml`),
//!   found with one Aho-Corasick pass over literal anchors and a regex run only near hits;
//!   [`elf`] metadata (SONAME, NEEDED, build-id, `.comment`) selects files for rules and is
//!   recorded with each occurrence.
//!
//! `merge` then joins what they found: a signature hit in a file a package owns (or of a
//! component a package is) becomes more evidence of that package, not a second component;
//! the same component and version seen in several files is one component with several
//! occurrences. [`to_sbom`] wraps the result in an SBOM whose subject is the image.
//!
//! rpm's SQLite and Berkeley DB databases are read by [`rpm`] (its own bounded readers of
//! both file formats); SUSE's NDB backend is not, and signatures still find the binaries of
//! such images.

pub mod apk;
pub mod distro;
pub mod dpkg;
pub mod elf;
mod found;
mod merge;
pub mod opkg;
pub mod rpm;
mod sbom;
pub mod signatures;

pub use found::{Found, Origin};
pub use sbom::to_sbom;

use crate::tree::FileTree;
use crate::unpack::UnpackProblem;

/// One kind of identification evidence.
pub trait Identifier: Sync {
    /// Stable kebab-case id (`dpkg-status`, `version-signatures`).
    fn id(&self) -> &'static str;

    /// Everything this identifier finds in `tree`.
    fn identify(&self, tree: &FileTree) -> Vec<Found>;

    /// What [`Identifier::identify`] finds, and a located problem for each input it could
    /// read only in part (a damaged package database), in the same pass. Identifiers whose
    /// reading cannot stop part way report none.
    fn identify_reporting(&self, tree: &FileTree) -> (Vec<Found>, Vec<UnpackProblem>) {
        (self.identify(tree), Vec::new())
    }
}

/// Every identifier, package databases first.
pub fn identifiers() -> Vec<Box<dyn Identifier>> {
    vec![
        Box::new(dpkg::DpkgStatus),
        Box::new(opkg::OpkgStatus),
        Box::new(apk::ApkInstalled),
        Box::new(rpm::RpmDatabase),
        Box::new(signatures::VersionSignatures),
    ]
}

/// The components of `tree`, merged and in a deterministic order (by name, version, purl).
pub fn identify(tree: &FileTree) -> Vec<rampart_sbom::Component> {
    identify_reporting(tree).0
}

/// [`identify`], with the located problems of the inputs read only in part (a damaged
/// package database), for the analysis report.
pub fn identify_reporting(tree: &FileTree) -> (Vec<rampart_sbom::Component>, Vec<UnpackProblem>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for identifier in identifiers() {
        let (more, trouble) = identifier.identify_reporting(tree);
        found.extend(more);
        problems.extend(trouble);
    }
    let components = merge::merge(found)
        .into_iter()
        .map(Found::into_component)
        .collect();
    (components, problems)
}

/// The root-relative path of a file (`/bin/busybox` for `fw.bin.unpacked/0x40-squashfs/bin/busybox`
/// in root `fw.bin.unpacked/0x40-squashfs`).
pub(crate) fn in_root(root: &str, path: &str) -> String {
    let rest = if root.is_empty() {
        path
    } else {
        path.strip_prefix(root)
            .filter(|rest| rest.starts_with('/'))
            .unwrap_or(path)
    };
    format!("/{}", rest.trim_start_matches('/'))
}

/// The tree path of a root-relative path (`/etc/os-release` in `root`).
pub(crate) fn join(root: &str, absolute: &str) -> String {
    let relative = absolute.trim_start_matches('/');
    if root.is_empty() {
        relative.to_owned()
    } else {
        format!("{root}/{relative}")
    }
}

/// The upstream part of a package version (no epoch, no packaging revision, no `+dfsg`-like
/// repack suffix): what NVD's CPE bounds and a binary's own version string are written in.
/// `1:1.2.13.dfsg-1` → `1.2.13`, `3.0.8-r0` → `3.0.8`, `1.36.1-1` → `1.36.1`.
pub(crate) fn upstream_version(version: &str) -> String {
    let no_epoch = version.split_once(':').map_or(version, |(_, v)| v);
    let no_revision = no_epoch
        .rsplit_once('-')
        .map_or(no_epoch, |(upstream, _)| upstream);
    let cut = no_revision
        .find(['+', '~'])
        .or_else(|| no_revision.find(".dfsg"))
        .unwrap_or(no_revision.len());
    no_revision[..cut].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_ids_are_unique_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for identifier in identifiers() {
            let id = identifier.id();
            assert!(
                id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{id}"
            );
            assert!(seen.insert(id), "{id} twice");
        }
    }

    #[test]
    fn upstream_versions_drop_epoch_revision_and_repack() {
        assert_eq!(upstream_version("1:1.2.13.dfsg-1"), "1.2.13");
        assert_eq!(upstream_version("3.0.8-r0"), "3.0.8");
        assert_eq!(upstream_version("2.9.14+dfsg-1.3~deb12u1"), "2.9.14");
        assert_eq!(upstream_version("1:1.35.0-4+deb12u1+b1"), "1.35.0");
        assert_eq!(upstream_version("1.36.1"), "1.36.1");
    }

    #[test]
    fn paths_are_read_relative_to_their_root() {
        assert_eq!(
            in_root("fw.unpacked/0x0-tar", "fw.unpacked/0x0-tar/bin/sh"),
            "/bin/sh"
        );
        assert_eq!(in_root("", "bin/sh"), "/bin/sh");
        assert_eq!(join("r", "/etc/os-release"), "r/etc/os-release");
        assert_eq!(join("", "/etc/os-release"), "etc/os-release");
    }
}

/// Trees for unit tests: files under root `r`.
#[cfg(test)]
pub(crate) mod tests_support {
    use bytes::Bytes;

    use crate::tree::{FileTree, Meta, Node, NodeKind};

    /// A tree with `files` (root-relative absolute paths) under root `r`.
    pub fn tree_of(files: &[(&str, &[u8])]) -> FileTree {
        let mut tree = FileTree::new();
        for (path, data) in files {
            tree.insert(
                format!("r{path}"),
                Node {
                    kind: NodeKind::File(Bytes::copy_from_slice(data)),
                    meta: Meta::default(),
                    root: "r".into(),
                },
            );
        }
        tree
    }
}
