//! What the JSON sources share: UTF-8 and syntax checks with a located error, places of
//! records inside the input, and streaming an array one element at a time.

use std::fmt;

use rampart_yaml::Problem;
use serde::de::{self, DeserializeSeed, IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use crate::source::{Input, SourceError, json_problem, problem};

/// The input as text, after checking that it is UTF-8 and one syntactically valid JSON value
/// (serde_json's default recursion limit applies), so nothing of a broken file is kept. A
/// leading byte-order mark, which some Windows tools write, is dropped.
pub(crate) fn checked_text<'a>(input: &Input<'a>) -> Result<&'a str, SourceError> {
    let text = std::str::from_utf8(input.bytes).map_err(|error| {
        let (line, col) = position(input.bytes, error.valid_up_to());
        SourceError::Invalid(problem(input.name, line, col, "not valid UTF-8"))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(offset) = too_deep(input.bytes) {
        let (line, col) = position(input.bytes, offset);
        let message = format!("recursion limit exceeded: nested deeper than {MAX_DEPTH} levels");
        return Err(SourceError::Invalid(problem(
            input.name, line, col, message,
        )));
    }
    serde_json::from_str::<IgnoredAny>(text)
        .map_err(|error| SourceError::Invalid(json_problem(input.name, &error)))?;
    Ok(text)
}

/// serde_json's default recursion limit. serde_json skips values it does not build (unknown
/// fields, the syntax check) without recursing, so it only enforces the limit where it
/// builds; the sources apply it to the whole input, so deep nesting is an error everywhere.
const MAX_DEPTH: usize = 128;

/// The offset of the first bracket nested deeper than [`MAX_DEPTH`], if any.
fn too_deep(bytes: &[u8]) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (offset, &byte) in bytes.iter().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(offset);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The first byte of the JSON value in `text` (after white space), if any.
pub(crate) fn first_byte(text: &str) -> Option<u8> {
    text.bytes().find(|b| !b.is_ascii_whitespace())
}

/// 1-based line and byte column of `offset` in `bytes`.
// Only called for problems (rare), so a plain count is fast enough.
#[allow(clippy::naive_bytecount)]
pub(crate) fn position(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    (line, before.len() - start + 1)
}

/// Where `part` (a slice of `text`) starts, as line and column.
pub(crate) fn place_of(text: &str, part: &str) -> (usize, usize) {
    let offset = (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    position(text.as_bytes(), offset)
}

/// A problem at the start of the record `raw` (a slice of `text`).
pub(crate) fn record_problem(file: &str, text: &str, raw: &str, message: String) -> Problem {
    let (line, col) = place_of(text, raw);
    problem(file, line, col, message)
}

/// A problem from deserializing the record `raw` (a slice of `text`), placed in the file.
pub(crate) fn record_error(
    file: &str,
    text: &str,
    raw: &str,
    what: &str,
    error: &serde_json::Error,
) -> Problem {
    let (line, col) = place_of(text, raw);
    let (line, col) = match error.line() {
        0 => (line, col),
        1 => (line, col + error.column().saturating_sub(1)),
        n => (line + n - 1, error.column()),
    };
    let message = json_problem(file, error).message;
    problem(file, line, col, format!("{what} skipped: {message}"))
}

/// Deserializes a JSON array element by element, handing each raw element and its index to
/// `each`; an `Err` from `each` (a sink failure) stops the read and is kept in `stopped`.
pub(crate) struct Elements<'f, F> {
    pub each: &'f mut F,
    pub stopped: &'f mut Option<String>,
}

impl<'de, F> DeserializeSeed<'de> for Elements<'_, F>
where
    F: FnMut(usize, &'de RawValue) -> Result<(), String>,
{
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, F> Visitor<'de> for Elements<'_, F>
where
    F: FnMut(usize, &'de RawValue) -> Result<(), String>,
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(raw) = seq.next_element::<&'de RawValue>()? {
            if let Err(message) = (self.each)(index, raw) {
                *self.stopped = Some(message);
                return Err(de::Error::custom("stopped by the sink"));
            }
            index += 1;
        }
        Ok(())
    }
}

/// The error of a streaming read that failed: the sink's, when it stopped the read (kept in
/// `stopped`), else the input's.
pub(crate) fn failure(
    file: &str,
    error: &serde_json::Error,
    stopped: Option<String>,
) -> SourceError {
    match stopped {
        Some(message) => SourceError::Sink(message),
        None => SourceError::Invalid(json_problem(file, error)),
    }
}

/// A field that may be `null` or absent, read as its default then (OSV and NVD writers
/// differ on which they use for "none").
pub(crate) fn nullable<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A JSON pointer token for `key` (RFC 6901: `~` as `~0`, `/` as `~1`).
pub(crate) fn pointer_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_byte_columns() {
        assert_eq!(position(b"ab\ncd", 0), (1, 1));
        assert_eq!(position(b"ab\ncd", 4), (2, 2));
    }

    #[test]
    fn nesting_is_measured_outside_strings() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(too_deep(ok.as_bytes()), None);
        assert_eq!(too_deep(format!("[{ok}]").as_bytes()), Some(MAX_DEPTH));
        assert_eq!(too_deep(br#"["[[[[\"[[[["]"#), None);
    }

    #[test]
    fn pointer_tokens_escape_tilde_and_slash() {
        assert_eq!(pointer_token("a/b~c"), "a~1b~0c");
    }
}
