//! The path guard: the one place an archive's entry name becomes a path of the unpacked tree.
//!
//! Archive formats store names as bytes the archive's author chose. A name that climbs out
//! (`../../etc/cron.d/x`), starts at the root (`/etc/passwd`) or hides a NUL would, written
//! to disk naively, land outside the output folder. Every unpacker hands its names to the
//! [`Sink`](crate::unpack::Sink), which calls [`clean_entry_path`]; what it refuses is
//! recorded as skipped, not written. Links are checked again when written ([`crate::extract`]).

/// Why an entry name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathRejection {
    /// The name climbs with `..`.
    #[error("the path climbs out of the archive with `..`")]
    ParentDir,
    /// The name starts at the root (`/…`, `\…` or a drive letter).
    #[error("the path is absolute")]
    Absolute,
    /// The name holds a NUL byte.
    #[error("the path holds a NUL byte")]
    Nul,
    /// Nothing is left of the name (`.`, `./`, empty).
    #[error("the path is empty")]
    Empty,
    /// One component of a filesystem directory holds a `/` (a filesystem stores components
    /// apart, so this is a forged name, not a separator).
    #[error("a directory entry name holds `/`")]
    Separator,
}

/// The tree path of an entry name: components joined by `/`, `.` and empty components
/// dropped, bytes that are not UTF-8 replaced (U+FFFD). `./etc/passwd` is `etc/passwd`;
/// `../x`, `/etc/passwd`, `a/../../x` and `C:\x` are refused. A backslash is an ordinary
/// character on the Unix filesystems firmware carries, but names starting with one are
/// refused as absolute because Windows tools would read them so.
pub fn clean_entry_path(raw: &[u8]) -> Result<String, PathRejection> {
    if raw.contains(&0) {
        return Err(PathRejection::Nul);
    }
    let text = String::from_utf8_lossy(raw);
    if text.starts_with('/') || text.starts_with('\\') || has_drive_prefix(&text) {
        return Err(PathRejection::Absolute);
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in text.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err(PathRejection::ParentDir),
            _ => parts.push(part),
        }
    }
    if parts.is_empty() {
        return Err(PathRejection::Empty);
    }
    Ok(parts.join("/"))
}

/// An entry name whose leading `/` is the root of a filesystem image (squashfs, ext4, cramfs
/// name entries from their own root, so the root is not an escape there): the same rules as
/// [`clean_entry_path`] after the leading slashes.
pub fn clean_filesystem_path(raw: &[u8]) -> Result<String, PathRejection> {
    let start = raw.iter().take_while(|&&b| b == b'/').count();
    clean_entry_path(&raw[start..])
}

fn has_drive_prefix(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':'
}

/// Where a symbolic link at tree path `link` pointing to `target` resolves, as a tree path
/// relative to `root` (the root of the filesystem or archive the link came from): absolute
/// targets are taken from that root, as the device would. `None` when it climbs above `root`.
pub fn resolve_link(root: &str, link: &str, target: &str) -> Option<String> {
    let inside = link.strip_prefix(root)?.trim_start_matches('/');
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        let mut dir: Vec<&str> = inside.split('/').filter(|p| !p.is_empty()).collect();
        dir.pop();
        dir
    };
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    let relative = parts.join("/");
    Some(match (root.is_empty(), relative.is_empty()) {
        (true, _) => relative,
        (false, true) => root.to_owned(),
        (false, false) => format!("{root}/{relative}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_names_are_normalised() {
        assert_eq!(clean_entry_path(b"./etc//passwd").unwrap(), "etc/passwd");
        assert_eq!(clean_entry_path(b"bin/busybox").unwrap(), "bin/busybox");
        assert_eq!(clean_entry_path(b"a/./b/").unwrap(), "a/b");
    }

    #[test]
    fn climbing_names_are_refused_wherever_the_dots_are() {
        for raw in [&b"../x"[..], b"a/../../x", b"a/b/../c", b".."] {
            assert_eq!(
                clean_entry_path(raw),
                Err(PathRejection::ParentDir),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn absolute_names_are_refused_in_archives_but_rooted_in_filesystems() {
        assert_eq!(
            clean_entry_path(b"/etc/passwd"),
            Err(PathRejection::Absolute)
        );
        assert_eq!(clean_entry_path(b"\\x"), Err(PathRejection::Absolute));
        assert_eq!(clean_entry_path(b"C:\\x"), Err(PathRejection::Absolute));
        assert_eq!(clean_filesystem_path(b"/etc/passwd").unwrap(), "etc/passwd");
        assert_eq!(
            clean_filesystem_path(b"/../etc"),
            Err(PathRejection::ParentDir)
        );
    }

    #[test]
    fn nul_and_empty_names_are_refused() {
        assert_eq!(clean_entry_path(b"a\0b"), Err(PathRejection::Nul));
        assert_eq!(clean_entry_path(b"./"), Err(PathRejection::Empty));
        assert_eq!(clean_entry_path(b""), Err(PathRejection::Empty));
    }

    #[test]
    fn non_utf8_names_are_kept_lossily() {
        assert_eq!(clean_entry_path(b"caf\xe9").unwrap(), "caf\u{fffd}");
    }

    #[test]
    fn links_resolve_inside_their_root_or_not_at_all() {
        let root = "fw.unpacked/0x0-squashfs";
        let link = "fw.unpacked/0x0-squashfs/bin/sh";
        assert_eq!(
            resolve_link(root, link, "busybox").unwrap(),
            "fw.unpacked/0x0-squashfs/bin/busybox"
        );
        assert_eq!(
            resolve_link(root, link, "/usr/bin/env").unwrap(),
            "fw.unpacked/0x0-squashfs/usr/bin/env"
        );
        assert_eq!(
            resolve_link(root, link, "../lib/x").unwrap(),
            "fw.unpacked/0x0-squashfs/lib/x"
        );
        assert_eq!(resolve_link(root, link, "../../../etc/passwd"), None);
        assert_eq!(resolve_link(root, link, "/.."), None);
    }
}
