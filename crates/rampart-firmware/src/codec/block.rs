//! Small compressed blocks of a known decompressed size, as flash filesystems store file data
//! (one block per node or page): each decoder reads at most the size it is given, so a block
//! that claims to be small cannot inflate into a large allocation.

use std::io::Read;

/// Why a block did not decode.
pub type BlockError = String;

fn read_capped(reader: impl Read, max_out: usize) -> Result<Vec<u8>, BlockError> {
    let mut out = Vec::with_capacity(max_out.min(1 << 20));
    reader
        .take(max_out as u64)
        .read_to_end(&mut out)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

/// A zlib stream (RFC 1950, header and Adler-32): JFFS2's `zlib`.
pub fn zlib(data: &[u8], max_out: usize) -> Result<Vec<u8>, BlockError> {
    read_capped(flate2::read::ZlibDecoder::new(data), max_out)
}

/// A raw deflate stream (RFC 1951, no header): UBIFS's `zlib`.
pub fn deflate(data: &[u8], max_out: usize) -> Result<Vec<u8>, BlockError> {
    read_capped(flate2::read::DeflateDecoder::new(data), max_out)
}

/// A zstd frame: UBIFS's `zstd`.
pub fn zstd(data: &[u8], max_out: usize) -> Result<Vec<u8>, BlockError> {
    let decoder = ruzstd::decoding::StreamingDecoder::new(data).map_err(|e| e.to_string())?;
    read_capped(decoder, max_out)
}

/// A raw LZMA1 stream without the `.lzma` header, decoded with the given properties byte and
/// dictionary size into exactly `size` bytes: OpenWrt's JFFS2 `lzma`.
pub fn lzma1_raw(
    props: u8,
    dict_size: u32,
    data: &[u8],
    size: usize,
) -> Result<Vec<u8>, BlockError> {
    // lzma-rust2, the crate the other LZMA formats use, reads a headerless stream given the
    // properties byte's lc/lp/pb, the dictionary size and the exact unpacked size.
    if props >= 9 * 5 * 5 {
        return Err(format!("LZMA properties byte {props} is out of range"));
    }
    let (lc, lp, pb) = (props % 9, (props / 9) % 5, props / 45);
    let reader = lzma_rust2::LzmaReader::new(
        data,
        size as u64,
        u32::from(lc),
        u32::from(lp),
        u32::from(pb),
        dict_size,
        None,
    )
    .map_err(|e| e.to_string())?;
    let out = read_capped(reader, size)?;
    if out.len() != size {
        return Err(format!(
            "LZMA stream ends after {} of {size} bytes",
            out.len()
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn zlib_and_deflate_stop_at_the_size_given() {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(&[7u8; 10_000]).unwrap();
        let z = z.finish().unwrap();
        assert_eq!(zlib(&z, 100).unwrap().len(), 100);
        assert_eq!(zlib(&z, 20_000).unwrap().len(), 10_000);
        let mut d = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        d.write_all(b"hello").unwrap();
        assert_eq!(deflate(&d.finish().unwrap(), 100).unwrap(), b"hello");
        assert!(zlib(b"not zlib", 100).is_err());
    }

    #[test]
    fn lzma1_raw_decodes_a_headerless_stream() {
        // lzma-rs writes `.lzma` files: properties (5 bytes), then the unpacked size (8), then
        // the raw stream; take the raw stream and its properties back out.
        let mut packed = Vec::new();
        lzma_rs::lzma_compress(&mut &b"flash filesystem node"[..], &mut packed).unwrap();
        let dict = u32::from_le_bytes(packed[1..5].try_into().unwrap());
        let out = lzma1_raw(packed[0], dict, &packed[13..], 21).unwrap();
        assert_eq!(out, b"flash filesystem node");
        assert!(lzma1_raw(packed[0], dict, &packed[13..20], 21).is_err());
    }
}
