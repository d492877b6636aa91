//! Evidence entries: a file (whose SHA-256 must match what the assessor recorded), a link, or
//! a tool result. File paths are confined to the assessment's folder: an assessment from a
//! stranger must not make Rampart read `/etc/shadow` or `../../secrets` to "verify" it.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use rampart_yaml::Span;
use sha2::{Digest, Sha256};

use super::MAX_EVIDENCE_BYTES;
use super::raw::RawEvidence;
use crate::results::{Evidence, EvidenceKind};

/// Checks that `path` is relative and stays inside its folder (no `..`, no root, no drive).
pub(crate) fn relative_path(path: &str) -> Result<PathBuf, String> {
    if path.is_empty() {
        return Err("the path is empty".to_owned());
    }
    let p = Path::new(path);
    for c in p.components() {
        match c {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => {
                return Err(format!(
                    "`{path}` leaves the assessment's folder (`..`): keep evidence inside it"
                ));
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!(
                    "`{path}` is absolute: give a path relative to the assessment's folder"
                ));
            }
        }
    }
    Ok(p.to_path_buf())
}

/// A SHA-256 as written, in lower-case hex; the error says what is wrong.
pub(crate) fn sha256_text(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(t.to_ascii_lowercase())
    } else {
        Err(format!(
            "`{t}` is not a SHA-256: give 64 hexadecimal digits"
        ))
    }
}

/// The SHA-256 of the file at `path` (lower-case hex), read in chunks; files over
/// [`MAX_EVIDENCE_BYTES`] and anything but regular files are refused.
pub fn sha256_file(path: &Path) -> Result<String, String> {
    let mut file =
        rampart_yaml::open_regular(path, MAX_EVIDENCE_BYTES).map_err(|e| e.to_string())?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut total: u64 = 0;
    loop {
        let n = file.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        total += n as u64;
        if total > MAX_EVIDENCE_BYTES {
            return Err(format!(
                "is larger than {MAX_EVIDENCE_BYTES} bytes, the limit for evidence files"
            ));
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Resolves `relative` under `base` and checks it does not escape `base` through a link.
pub(crate) fn inside(base: &Path, relative: &Path) -> Result<PathBuf, String> {
    let joined = base.join(relative);
    let real = joined
        .canonicalize()
        .map_err(|e| format!("cannot read `{}`: {e}", relative.display()))?;
    let root = if base.as_os_str().is_empty() {
        Path::new(".").canonicalize()
    } else {
        base.canonicalize()
    }
    .map_err(|e| format!("cannot read the assessment's folder: {e}"))?;
    if real.starts_with(&root) {
        Ok(real)
    } else {
        Err(format!(
            "`{}` leads out of the assessment's folder through a link: keep evidence inside it",
            relative.display()
        ))
    }
}

/// One evidence entry checked; the error carries the place to report it at, when known.
pub(super) fn check(raw: &RawEvidence, base: &Path) -> Result<Evidence, (Option<Span>, String)> {
    let given: Vec<(&str, Span)> = [
        ("file", &raw.file),
        ("link", &raw.link),
        ("tool", &raw.tool),
    ]
    .into_iter()
    .filter_map(|(name, v)| v.as_ref().map(|v| (name, v.at)))
    .collect();
    let description = raw.description.as_deref().unwrap_or("").trim().to_owned();
    match given.as_slice() {
        [] => Err((
            raw.sha256.as_ref().map(|s| s.at),
            "an evidence entry needs one of `file`, `link` or `tool`".to_owned(),
        )),
        [(_, _), (second, at), ..] => Err((
            Some(*at),
            format!(
                "an evidence entry names one thing: `{second}` here is a second; give it its own entry"
            ),
        )),
        [("link", at)] => {
            let url = raw.link.as_ref().map_or("", |l| l.value.trim());
            if !(url.starts_with("https://") || url.starts_with("http://")) || url.len() < 10 {
                return Err((
                    Some(*at),
                    format!("`{url}` is not a link: give an http(s) URL"),
                ));
            }
            if let Some(h) = &raw.sha256 {
                return Err((
                    Some(h.at),
                    "`sha256` is for evidence files, not links".to_owned(),
                ));
            }
            Ok(Evidence {
                kind: EvidenceKind::Link,
                description,
                location: url.to_owned(),
                sha256: None,
            })
        }
        [("tool", at)] => {
            let name = raw.tool.as_ref().map_or("", |l| l.value.trim());
            if name.is_empty() {
                return Err((Some(*at), "the tool result's name is empty".to_owned()));
            }
            Ok(Evidence {
                kind: EvidenceKind::Tool,
                description,
                location: name.to_owned(),
                sha256: None,
            })
        }
        [(_, at)] => {
            let path = raw.file.as_ref().map_or("", |l| l.value.trim());
            let relative = relative_path(path).map_err(|e| (Some(*at), e))?;
            let real = inside(base, &relative).map_err(|e| (Some(*at), e))?;
            let actual = sha256_file(&real).map_err(|e| (Some(*at), format!("`{path}` {e}")))?;
            let Some(recorded) = &raw.sha256 else {
                return Err((
                    Some(*at),
                    format!(
                        "the evidence file `{path}` has no `sha256`: record `sha256: {actual}`"
                    ),
                ));
            };
            let recorded_hex = sha256_text(&recorded.value).map_err(|e| (Some(recorded.at), e))?;
            if recorded_hex != actual {
                return Err((
                    Some(recorded.at),
                    format!(
                        "the evidence file `{path}` has changed since it was recorded: its SHA-256 is {actual}, the assessment records {recorded_hex}"
                    ),
                ));
            }
            Ok(Evidence {
                kind: EvidenceKind::File,
                description,
                location: path.to_owned(),
                sha256: Some(actual),
            })
        }
    }
}
