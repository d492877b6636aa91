//! What the single-stream decompressors share: where a decoder stopped in its input, and the
//! strict reading the weak-magic formats (zlib, LZMA-alone) need so that bytes which merely
//! look like a header never become a file.

use std::io::Read;

use crate::tree::Meta;

use super::{Sink, UnpackError};

/// Reads at most `cap + 1` bytes from `reader`: one more than allowed tells the caller the
/// cap was passed without decoding a byte more. A decoding error ends the read.
pub(super) fn read_capped(reader: impl Read, cap: u64) -> (Vec<u8>, Option<std::io::Error>) {
    let mut out = Vec::new();
    let error = reader
        .take(cap.saturating_add(1))
        .read_to_end(&mut out)
        .err();
    (out, error)
}

/// Adds the sink's stream file only if `reader` decodes to its end without error (or passes
/// the budget, which the sink then records): for formats whose magic is too weak to trust a
/// partial decode.
pub(super) fn add_if_intact(
    sink: &mut Sink<'_>,
    reader: impl Read,
    format: &str,
) -> Result<(), UnpackError> {
    let cap = sink.file_bytes_left();
    let (data, error) = read_capped(reader, cap);
    if let Some(e) = error {
        return Err(UnpackError::format(
            0,
            format!("not a complete {format} stream: {e}"),
        ));
    }
    let name = sink.stream_name().as_bytes().to_vec();
    sink.file(&name, data, Meta::default())
}

/// A single decompressed stream handed to the sink under the sink's stream name, read
/// through the budget.
pub(super) fn add_stream(sink: &mut Sink<'_>, reader: impl Read) -> Result<(), UnpackError> {
    let name = sink.stream_name().as_bytes().to_vec();
    sink.file_from_reader(&name, reader, Meta::default())
}
