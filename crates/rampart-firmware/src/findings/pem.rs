//! PEM blocks (`-----BEGIN LABEL-----` … `-----END LABEL-----`) anywhere in a file, text or
//! binary, with their offsets: what the key and certificate rules read.
//!
//! Bounded: at most [`MAX_BLOCKS`] blocks per file and [`MAX_BODY`] bytes of body per block;
//! a block without its END line, or whose body is not base64, is reported with no contents
//! rather than dropped (a truncated key is still a key).

use memchr::memmem::find;

/// Blocks read per file: a CA bundle has a few hundred.
pub const MAX_BLOCKS: usize = 2000;

/// Body bytes decoded per block: an RSA-16384 key is about 12 KiB of base64.
const MAX_BODY: usize = 64 << 10;

/// One PEM block.
pub struct PemBlock<'a> {
    /// Offset of `-----BEGIN` in the file.
    pub offset: usize,
    /// The label (`RSA PRIVATE KEY`).
    pub label: &'a str,
    /// RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`), if any.
    pub headers: Vec<&'a [u8]>,
    /// The decoded body; `None` when the END line is missing or the body is not base64.
    pub contents: Option<Vec<u8>>,
}

const BEGIN: &[u8] = b"-----BEGIN ";
const DASHES: &[u8] = b"-----";

/// Every PEM block in `data`, in file order.
pub fn blocks(data: &[u8]) -> Vec<PemBlock<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    while out.len() < MAX_BLOCKS {
        let Some(pos) = find(&data[at..], BEGIN) else {
            break;
        };
        let start = at + pos;
        let label_start = start + BEGIN.len();
        at = label_start;
        let Some(label_len) = find(&data[label_start..data.len().min(label_start + 64)], DASHES)
        else {
            continue;
        };
        let Ok(label) = std::str::from_utf8(&data[label_start..label_start + label_len]) else {
            continue;
        };
        if label.is_empty()
            || !label
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' ')
        {
            continue;
        }
        let body_start = label_start + label_len + DASHES.len();
        let end_marker = format!("-----END {label}-----");
        let window = &data[body_start..data.len().min(body_start + MAX_BODY)];
        let (body, next) = match find(window, end_marker.as_bytes()) {
            Some(end) => (Some(&window[..end]), body_start + end + end_marker.len()),
            None => (None, body_start),
        };
        let (headers, contents) = match body {
            Some(body) => decode_body(body),
            None => (Vec::new(), None),
        };
        out.push(PemBlock {
            offset: start,
            label,
            headers,
            contents,
        });
        at = next;
    }
    out
}

/// Splits a body into its header lines (those with a `:`) and the decoded base64 rest.
fn decode_body(body: &[u8]) -> (Vec<&[u8]>, Option<Vec<u8>>) {
    let mut headers = Vec::new();
    let mut base64 = Vec::with_capacity(body.len());
    for line in body.split(|b| *b == b'\n') {
        let line = line.trim_ascii();
        if line.contains(&b':') {
            headers.push(line);
        } else {
            base64.extend_from_slice(line);
        }
    }
    let contents = data_encoding::BASE64.decode(&base64).ok();
    (headers, contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_found_at_any_offset_with_headers() {
        let data = b"\x00\x01garbage-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nAAEC\n-----END RSA PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\nAw==\n-----END CERTIFICATE-----";
        let all = blocks(data);
        assert_eq!(all.len(), 2);
        assert_eq!((all[0].offset, all[0].label), (9, "RSA PRIVATE KEY"));
        assert_eq!(all[0].headers, vec![&b"Proc-Type: 4,ENCRYPTED"[..]]);
        assert_eq!(all[0].contents.as_deref(), Some(&[0u8, 1, 2][..]));
        assert_eq!(all[1].contents.as_deref(), Some(&[3u8][..]));
    }

    #[test]
    fn a_block_without_end_is_kept_without_contents() {
        let all = blocks(b"-----BEGIN PRIVATE KEY-----\nAAEC");
        assert_eq!(all.len(), 1);
        assert!(all[0].contents.is_none());
    }
}
