//! The byte offset of the value a JSON pointer (`/components/0/name`) names in a JSON text,
//! so that a schema violation is reported at its line and column. The text is known to be
//! valid JSON (it was parsed first); anything unexpected gives `None`.

/// The offset of the value at `pointer` in `text`, or `None`.
pub(crate) fn offset(text: &str, pointer: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = skip_space(bytes, 0);
    if pointer.is_empty() {
        return Some(at);
    }
    for raw in pointer.strip_prefix('/')?.split('/') {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        match bytes.get(at)? {
            b'{' => {
                at = skip_space(bytes, at + 1);
                loop {
                    if bytes.get(at)? == &b'}' {
                        return None;
                    }
                    let key_end = skip_string(bytes, at)?;
                    let key: String = serde_json::from_str(&text[at..key_end]).ok()?;
                    at = skip_space(bytes, key_end);
                    if bytes.get(at)? != &b':' {
                        return None;
                    }
                    at = skip_space(bytes, at + 1);
                    if key == segment {
                        break;
                    }
                    at = skip_space(bytes, skip_value(bytes, at)?);
                    if bytes.get(at)? == &b',' {
                        at = skip_space(bytes, at + 1);
                    }
                }
            }
            b'[' => {
                let index: usize = segment.parse().ok()?;
                at = skip_space(bytes, at + 1);
                for _ in 0..index {
                    at = skip_space(bytes, skip_value(bytes, at)?);
                    if bytes.get(at)? != &b',' {
                        return None;
                    }
                    at = skip_space(bytes, at + 1);
                }
                if bytes.get(at)? == &b']' {
                    return None;
                }
            }
            _ => return None,
        }
    }
    Some(at)
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// The offset just after the string starting at `at`.
fn skip_string(bytes: &[u8], at: usize) -> Option<usize> {
    if bytes.get(at)? != &b'"' {
        return None;
    }
    let mut i = at + 1;
    loop {
        match bytes.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// The offset just after the value starting at `at`; nesting is counted, not recursed into.
fn skip_value(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at)? {
        b'"' => skip_string(bytes, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            loop {
                match bytes.get(i)? {
                    b'"' => {
                        i = skip_string(bytes, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let mut i = at;
            while bytes
                .get(i)
                .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
            {
                i += 1;
            }
            Some(i)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::offset;

    #[test]
    fn pointers_find_their_values() {
        let text = r#"{ "a": {"x": [1, {"b~/": "v"}]}, "c": "d" }"#;
        assert_eq!(&text[offset(text, "/c").unwrap()..][..3], "\"d\"");
        assert_eq!(&text[offset(text, "/a/x/1/b~0~1").unwrap()..][..3], "\"v\"");
        assert_eq!(offset(text, "/a/x/2"), None);
        assert_eq!(offset(text, ""), Some(0));
    }
}
