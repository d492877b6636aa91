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
    let mut header = [0u8; 5];
    header[0] = props;
    header[1..].copy_from_slice(&dict_size.to_le_bytes());
    let mut input = std::io::BufReader::new(header.chain(data));
    let mut out = Vec::with_capacity(size.min(1 << 20));
    let options = lzma_rs::decompress::Options {
        unpacked_size: lzma_rs::decompress::UnpackedSize::UseProvided(Some(size as u64)),
        memlimit: Some(dict_size as usize),
        allow_incomplete: false,
    };
    lzma_rs::lzma_decompress_with_options(&mut input, &mut out, &options)
        .map_err(|e| e.to_string())?;
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
