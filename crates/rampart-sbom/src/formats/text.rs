//! Byte-level helpers shared by the readers: places in a text as line and column, and the
//! cheap content checks format detection uses.

/// The 1-based line and column (in characters) of byte `offset` in `bytes`.
pub(crate) fn line_col(bytes: &[u8], offset: usize) -> (u32, u32) {
    let before = &bytes[..offset.min(bytes.len())];
    #[allow(clippy::naive_bytecount)] // once per problem, not per byte read
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    // Continuation bytes of UTF-8 do not start a character.
    let col = before[line_start..]
        .iter()
        .filter(|&&b| (b & 0xC0) != 0x80)
        .count()
        + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(col).unwrap_or(u32::MAX),
    )
}

/// The most problems recorded per file: a generated document repeats one mistake thousands of
/// times, and each is located by searching the text.
pub(crate) const MAX_PROBLEMS: usize = 1000;

/// [`locate`] for the problem after `already` others, or nothing once [`MAX_PROBLEMS`] are
/// recorded: searching a 256 MiB text once per problem must stay bounded.
pub(crate) fn locate_bounded(text: &str, needle: &str, already: usize) -> Option<(u32, u32)> {
    (already < MAX_PROBLEMS).then(|| locate(text, needle))
}

/// The place of the first occurrence of `needle` in `text`, or (0, 0) when absent: how a
/// problem found after parsing (a bad purl) is pointed at in the file.
pub(crate) fn locate(text: &str, needle: &str) -> (u32, u32) {
    if needle.is_empty() {
        return (0, 0);
    }
    text.find(needle)
        .map_or((0, 0), |offset| line_col(text.as_bytes(), offset))
}

/// The offset of the first byte after a UTF-8 byte-order mark and white space.
pub(crate) fn skip_bom_and_space(bytes: &[u8]) -> usize {
    let start = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    start
        + bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count()
}

/// Whether `needle` occurs in `bytes`.
pub(crate) fn contains(bytes: &[u8], needle: &[u8]) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle)
}

/// Whether some line of `bytes` starts with `tag` (after leading white space).
pub(crate) fn has_tag_line(bytes: &[u8], tag: &[u8]) -> bool {
    bytes
        .split(|&b| b == b'\n')
        .any(|line| line.trim_ascii_start().starts_with(tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(line_col("ab\nçd".as_bytes(), 6), (2, 3));
        assert_eq!(line_col(b"abc", 0), (1, 1));
        assert_eq!(line_col(b"abc", 99), (1, 4));
    }
}
