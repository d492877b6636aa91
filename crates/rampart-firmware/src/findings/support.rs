//! What several rules share: where a file sits in its root filesystem, whether it is text,
//! its lines within a length cap, and how a secret is shown without being given away.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use crate::tree::Node;

/// Text rules skip larger files: configuration and scripts are small, and a big file is a
/// database, a log or an archive the unpackers did not open.
pub const TEXT_CAP: usize = 8 << 20;

/// Key and certificate rules read files up to this size, binaries included (a key compiled
/// into a daemon is a key shipped).
pub const BINARY_CAP: usize = 64 << 20;

/// Lines are matched on their first this many bytes: minified JSON or a base64 blob on one
/// line must not make a regex search quadratic in practice.
pub const LINE_CAP: usize = 4096;

/// How much of a file is looked at to decide whether it is text.
const SNIFF: usize = 8192;

/// The path of a node within its root filesystem (`etc/shadow`), or the tree path when the
/// node has no root prefix.
pub fn rel_path<'a>(path: &'a str, node: &Node) -> &'a str {
    if node.root.is_empty() {
        return path;
    }
    path.strip_prefix(node.root.as_str())
        .and_then(|p| p.strip_prefix('/'))
        .unwrap_or(path)
}

/// True if and only if `rel` is `suffix` or ends with `/suffix`: a root filesystem packed one
/// folder down (`rootfs/etc/shadow`) is found too.
pub fn is_at(rel: &str, suffix: &str) -> bool {
    rel == suffix
        || rel
            .strip_suffix(suffix)
            .is_some_and(|head| head.ends_with('/'))
}

/// The folder part of `rel` ends with `dir` (`etc/init.d`), in the sense of [`is_at`].
pub fn is_in(rel: &str, dir: &str) -> bool {
    rel.rsplit_once('/')
        .is_some_and(|(parent, _)| is_at(parent, dir))
}

/// The last component of a path.
pub fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// True if and only if `data` is small enough for text rules and has no NUL byte in its
/// first 8 KiB.
pub fn is_text(data: &[u8]) -> bool {
    data.len() <= TEXT_CAP && !data[..data.len().min(SNIFF)].contains(&0)
}

/// One line of a text file.
pub struct Line<'a> {
    /// 1-based line number.
    pub number: usize,
    /// Byte offset of the line's first byte in the file.
    pub offset: usize,
    /// The line without its end, cut at [`LINE_CAP`].
    pub text: &'a [u8],
}

/// The lines of `data`, each cut at [`LINE_CAP`] bytes.
pub fn lines(data: &[u8]) -> impl Iterator<Item = Line<'_>> {
    let mut offset = 0;
    data.split(|b| *b == b'\n')
        .enumerate()
        .map(move |(i, raw)| {
            let start = offset;
            offset += raw.len() + 1;
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            Line {
                number: i + 1,
                offset: start,
                text: &raw[..raw.len().min(LINE_CAP)],
            }
        })
}

/// The first 16 hex digits of the SHA-256 of `bytes`: enough to tell two secrets apart or
/// find the same one on another image, useless for recovering it.
pub fn fingerprint(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(16);
    for b in &digest[..8] {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// A secret as a finding shows it: at most its first two characters (never more than a
/// quarter of it), its length and its fingerprint — `"ad…" (8 chars, sha256:1a2b…)`.
pub fn redact(secret: &[u8]) -> String {
    let shown = (secret.len() / 4).min(2);
    let prefix: String = secret[..shown]
        .iter()
        .map(|b| {
            if b.is_ascii_graphic() {
                char::from(*b)
            } else {
                '?'
            }
        })
        .collect();
    format!(
        "\"{prefix}…\" ({} chars, sha256:{})",
        secret.len(),
        fingerprint(secret)
    )
}

/// `bytes` as text for a detail line: lossy UTF-8, control characters replaced, cut at
/// `max` characters.
pub fn printable(bytes: &[u8], max: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out: String = text
        .chars()
        .take(max)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if text.chars().count() > max {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_never_shows_more_than_a_quarter() {
        assert!(redact(b"admin").starts_with("\"a…\" (5 chars"));
        assert!(redact(b"abc").starts_with("\"…\" (3 chars"));
        assert!(redact(b"s3cr3t-passw0rd").starts_with("\"s3…\" (15 chars"));
        assert!(!redact(b"s3cr3t-passw0rd").contains("passw0rd"));
    }

    #[test]
    fn paths_are_matched_on_whole_components() {
        assert!(is_at("etc/shadow", "etc/shadow"));
        assert!(is_at("rootfs/etc/shadow", "etc/shadow"));
        assert!(!is_at("myetc/shadow", "etc/shadow"));
        assert!(is_in("etc/init.d/S50telnet", "etc/init.d"));
        assert!(!is_in("etc/init.d", "etc/init.d"));
    }

    #[test]
    fn lines_carry_numbers_and_offsets_and_are_capped() {
        let long = vec![b'a'; LINE_CAP + 10];
        let mut data = b"one\r\ntwo\n".to_vec();
        data.extend_from_slice(&long);
        let all: Vec<Line<'_>> = lines(&data).collect();
        assert_eq!(all[0].text, b"one");
        assert_eq!((all[1].number, all[1].offset), (2, 5));
        assert_eq!(all[2].text.len(), LINE_CAP);
    }

    #[test]
    fn text_is_told_from_binary() {
        assert!(is_text(b"root:x:0:0::/root:/bin/sh\n"));
        assert!(!is_text(b"\x7fELF\x02\x01\x01\x00"));
    }
}
