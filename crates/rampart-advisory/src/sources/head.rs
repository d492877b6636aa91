//! A cheap look at the first bytes of a JSON file, for `detect`: the keys of the top-level
//! object (or of the first element of a top-level array), and the keys of the first key's
//! value. Tolerates a head cut anywhere; never parses the whole file.

/// What the head of a JSON file shows.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct JsonHead {
    /// The file is an array (the keys are then those of its first element).
    pub array: bool,
    /// Keys of the top-level object, in order, as far as the head goes.
    pub keys: Vec<String>,
    /// Keys of the object that is the first key's value, if it is one.
    pub first_value_keys: Vec<String>,
}

impl JsonHead {
    /// Whether the top-level object has `key` within the head.
    pub fn has(&self, key: &str) -> bool {
        self.keys.iter().any(|k| k == key)
    }
}

/// The head of a JSON object (or array of objects) starting `head`; `None` when `head` does
/// not start with one. At most 64 keys are collected.
pub(crate) fn json_head(head: &[u8]) -> Option<JsonHead> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let mut i = skip_space(head, 0);
    let mut result = JsonHead::default();
    if head.get(i) == Some(&b'[') {
        result.array = true;
        i = skip_space(head, i + 1);
    }
    if head.get(i) != Some(&b'{') {
        return None;
    }
    let mut depth = 0usize;
    while i < head.len() && result.keys.len() < 64 {
        match head[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            b'"' => {
                let Some((text, end)) = string_at(head, i) else {
                    break; // the head ends inside a string
                };
                i = end;
                if head.get(skip_space(head, i)) == Some(&b':') {
                    if depth == 1 {
                        result.keys.push(text);
                    } else if depth == 2 && result.keys.len() == 1 {
                        result.first_value_keys.push(text);
                    }
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    Some(result)
}

fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// The string starting at the quote `bytes[start]` (escapes kept as written) and the index
/// after its closing quote; `None` when the head ends inside it.
fn string_at(bytes: &[u8], start: usize) -> Option<(String, usize)> {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => {
                let text = String::from_utf8_lossy(&bytes[start + 1..i]).into_owned();
                return Some((text, i + 1));
            }
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_the_top_object_and_of_the_first_value() {
        let head =
            json_head(br#"{"openssl": {"CVE-2023-0286": {"releases": {}}}, "zlib": {"#).unwrap();
        assert_eq!(head.keys, ["openssl", "zlib"]);
        assert_eq!(head.first_value_keys, ["CVE-2023-0286"]);
    }

    #[test]
    fn an_array_shows_its_first_element() {
        let head =
            json_head(b" [ {\"id\": \"GHSA-1\", \"a\\\"b\": [1, {\"x\": 2}], \"modified\": \"20")
                .unwrap();
        assert!(head.array);
        assert_eq!(head.keys, ["id", "a\\\"b", "modified"]);
    }

    #[test]
    fn not_an_object_is_none() {
        assert_eq!(json_head(b"cve,epss,percentile"), None);
        assert_eq!(json_head(b"[1, 2]"), None);
    }
}
