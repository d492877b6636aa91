//! Fixed-width header fields and stored names, read without panicking: the small helpers
//! every vendor-header parser needs.

/// A big-endian `u32` at `at`, if the data reaches that far.
pub(crate) fn be_u32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(
        data.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

/// A little-endian `u32` at `at`.
pub(crate) fn le_u32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        data.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

/// A big-endian `u16` at `at`.
pub(crate) fn be_u16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(
        data.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

/// A little-endian `u16` at `at`.
pub(crate) fn le_u16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        data.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

/// A NUL-padded text field up to its first NUL.
pub(crate) fn until_nul(field: &[u8]) -> &[u8] {
    let end = field.iter().position(|&b| b == 0).unwrap_or(field.len());
    &field[..end]
}

/// A NUL-padded text field as text, when it is printable ASCII (a vendor or version field).
pub(crate) fn text(field: &[u8]) -> Option<String> {
    let text = until_nul(field);
    text.iter()
        .all(|&b| (0x20..0x7f).contains(&b))
        .then(|| String::from_utf8_lossy(text).trim().to_owned())
}

/// A stored image name made safe as one file name: letters, digits, `.`, `-` and `_` kept,
/// anything else `_`, no leading dot or `_`, at most 64 bytes; `None` when nothing is left.
pub(crate) fn file_name(raw: &[u8]) -> Option<String> {
    let name: String = until_nul(raw)
        .iter()
        .take(64)
        .map(|&b| {
            if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.' {
                b as char
            } else {
                '_'
            }
        })
        .collect();
    let name = name
        .trim_start_matches(['.', '_'])
        .trim_end_matches('_')
        .to_owned();
    (!name.is_empty()).then_some(name)
}

/// The usual file suffix for a compression named in a header, so the decompressed stream is
/// named after the file without it.
pub(crate) fn compression_suffix(codec: &str) -> &'static str {
    match codec {
        "gzip" => ".gz",
        "bzip2" => ".bz2",
        "lzma" => ".lzma",
        "lzo" => ".lzo",
        "lz4" => ".lz4",
        "zstd" => ".zst",
        "xz" => ".xz",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_past_the_end_are_none() {
        assert_eq!(be_u32(&[1, 2, 3], 0), None);
        assert_eq!(be_u32(&[0, 0, 1, 2], 0), Some(0x102));
        assert_eq!(le_u32(&[2, 1, 0, 0], 0), Some(0x102));
        assert_eq!(be_u16(&[1], usize::MAX), None);
    }

    #[test]
    fn stored_names_become_one_safe_file_name() {
        assert_eq!(file_name(b"u-boot image\0\0").unwrap(), "u-boot_image");
        assert_eq!(file_name(b"../../etc/passwd").unwrap(), "etc_passwd");
        assert_eq!(file_name(b"\0abc"), None);
        assert_eq!(file_name(b"..."), None);
    }
}
