//! The fallback for a zip without its central directory (cut off, or carved from a damaged
//! image): members read from their local headers alone, one after the other, until a header
//! that is not a local one (the central directory's, or the damage). Stored and deflate
//! members; a member whose size is only in a trailing data descriptor is found by inflating
//! it (deflate) or ends the walk (stored).

use flate2::bufread::DeflateDecoder;

use crate::tree::Meta;

use super::{Sink, UnpackError};

pub(super) const LOCAL: &[u8] = b"PK\x03\x04";
const DESCRIPTOR: &[u8] = b"PK\x07\x08";
pub(super) const HEADER_LEN: usize = 30;
pub(super) const ENCRYPTED: u16 = 0x0001;
pub(super) const SIZES_IN_DESCRIPTOR: u16 = 0x0008;
pub(super) const STORED: u16 = 0;
const DEFLATE: u16 = 8;

fn u16_at(data: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([data[at], data[at + 1]])
}

fn u32_at(data: &[u8], at: usize) -> usize {
    u32::from_le_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]]) as usize
}

/// Reads the members from their local headers; returns where the walk stopped. Problems with
/// single members are recorded in the sink; an error means no member at all was read.
pub(super) fn walk_local_headers(data: &[u8], sink: &mut Sink<'_>) -> Result<usize, UnpackError> {
    let mut at = 0;
    let mut members = 0usize;
    // Why the walk stopped inside a member, if it did.
    let mut stopped: Option<(u64, String)> = None;
    while data.get(at..at + 4) == Some(LOCAL) && data.len() >= at + HEADER_LEN {
        sink.check_time()?;
        let flags = u16_at(data, at + 6);
        let method = u16_at(data, at + 8);
        let compressed = u32_at(data, at + 18);
        let name_len = usize::from(u16_at(data, at + 26));
        let extra_len = usize::from(u16_at(data, at + 28));
        let name_at = at + HEADER_LEN;
        let body = name_at + name_len + extra_len;
        let Some(name) = data.get(name_at..name_at + name_len) else {
            break;
        };
        let shown = String::from_utf8_lossy(name).into_owned();
        let deferred = flags & SIZES_IN_DESCRIPTOR != 0 && compressed == 0;
        let member_at = at as u64;
        let end = if flags & ENCRYPTED != 0 {
            sink.problem(member_at, format!("{shown} is encrypted: not unpacked"));
            if deferred {
                break;
            }
            body + compressed
        } else if name.ends_with(b"/") && compressed == 0 && !deferred {
            sink.dir(name, Meta::default())?;
            body
        } else if method == STORED && !deferred {
            let Some(content) = data.get(body..body + compressed) else {
                stopped = Some((member_at, format!("{shown}: cut off")));
                break;
            };
            sink.file(name, content.to_vec(), Meta::default())?;
            body + compressed
        } else if method == DEFLATE {
            let Some(rest) = data.get(body..) else { break };
            let input = if deferred {
                rest
            } else {
                &rest[..compressed.min(rest.len())]
            };
            let mut remaining = input;
            let mut decoder = DeflateDecoder::new(&mut remaining);
            match sink.file_from_reader(name, &mut decoder, Meta::default()) {
                Ok(()) => {}
                Err(UnpackError::Format { message, .. }) => {
                    stopped = Some((member_at, format!("{shown}: {message}")));
                    break;
                }
                Err(limit) => return Err(limit),
            }
            drop(decoder);
            let used = input.len() - remaining.len();
            let mut end = body + if deferred { used } else { compressed };
            if deferred {
                if data.get(end..end + 4) == Some(DESCRIPTOR) {
                    end += 4;
                }
                end += 12;
            }
            end
        } else {
            sink.problem(
                member_at,
                format!("{shown}: method {method} is not unpacked"),
            );
            if deferred {
                break;
            }
            body + compressed
        };
        members += 1;
        at = end;
    }
    if members == 0 {
        let (offset, why) = stopped.unwrap_or((0, "no member is whole".to_owned()));
        return Err(UnpackError::format(
            offset,
            format!("no end of central directory record matches this zip; {why}"),
        ));
    }
    if let Some((offset, why)) = stopped {
        sink.problem(offset, why);
    }
    sink.problem(
        at as u64,
        format!(
            "no end of central directory record: {members} members read from their local headers"
        ),
    );
    Ok(at.min(data.len()))
}
