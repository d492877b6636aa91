//! A JFFS2 file's bytes from its data nodes: each node decompressed (none, zero, rtime, zlib,
//! LZO, OpenWrt's LZMA) and written over the file in version order, the file cut or extended
//! to each node's recorded size as it goes, so writes, truncations and holes end as the kernel
//! would leave them.

use crate::codec::{block, lzo};

use super::super::Sink;
use super::scan::InodeNode;

const COMPR_NONE: u8 = 0x00;
const COMPR_ZERO: u8 = 0x01;
const COMPR_RTIME: u8 = 0x02;
const COMPR_RUBINMIPS: u8 = 0x03;
const COMPR_DYNRUBIN: u8 = 0x05;
const COMPR_ZLIB: u8 = 0x06;
const COMPR_LZO: u8 = 0x07;
/// OpenWrt's LZMA patch: raw LZMA1, lc=0 lp=0 pb=0, 8 KiB dictionary.
const COMPR_LZMA: u8 = 0x08;
const LZMA_PROPS: u8 = 0;
const LZMA_DICT: u32 = 0x2000;

/// A node holds at most one page of data; 256 KiB is past the largest page any kernel uses,
/// so a bigger claim is corrupt and is not decoded.
pub(super) const MAX_NODE_DATA: u32 = 256 << 10;

/// The uncompressed bytes of one node (`dsize` of them, or an error saying why not).
pub(super) fn decode(node: &InodeNode, image: &[u8]) -> Result<Vec<u8>, String> {
    if node.dsize > MAX_NODE_DATA {
        return Err(format!(
            "data node claims {} bytes, more than a node holds",
            node.dsize
        ));
    }
    let size = node.dsize as usize;
    let stored = &image[node.data.clone()];
    let out = match node.compr {
        COMPR_NONE => stored.get(..size).ok_or("stored data is short")?.to_vec(),
        COMPR_ZERO => vec![0; size],
        COMPR_RTIME => rtime(stored, size)?,
        COMPR_ZLIB => block::zlib(stored, size)?,
        COMPR_LZO => lzo::decompress(stored, size).map_err(|e| e.to_string())?,
        COMPR_LZMA => block::lzma1_raw(LZMA_PROPS, LZMA_DICT, stored, size)?,
        COMPR_RUBINMIPS | COMPR_DYNRUBIN => return Err("rubin node not decoded".to_owned()),
        other => return Err(format!("unknown compression {other:#04x}")),
    };
    if out.len() != size {
        return Err(format!(
            "data node decodes to {} bytes, not {size}",
            out.len()
        ));
    }
    Ok(out)
}

/// JFFS2's "rtime" run-length scheme: each literal byte is followed by a count of bytes to
/// copy from just after that byte's previous occurrence.
fn rtime(input: &[u8], size: usize) -> Result<Vec<u8>, String> {
    let mut positions = [0usize; 256];
    let mut out = Vec::with_capacity(size);
    let mut at = 0;
    while out.len() < size {
        let (Some(&value), Some(&repeat)) = (input.get(at), input.get(at + 1)) else {
            return Err("rtime data is truncated".to_owned());
        };
        at += 2;
        out.push(value);
        let back = positions[usize::from(value)];
        positions[usize::from(value)] = out.len();
        let repeat = usize::from(repeat);
        if out.len() + repeat > size {
            return Err("rtime data runs past the node's size".to_owned());
        }
        // Byte by byte: the source may overlap what is being written (a run).
        for from in back..back + repeat {
            let b = out[from];
            out.push(b);
        }
    }
    Ok(out)
}

/// The file of `nodes` (one inode's, in version order, the latest last) as its last node
/// sizes it, or `None` after recording why it is not placed. `cap` is the most bytes the
/// budget allows.
pub(super) fn assemble(
    nodes: &[&InodeNode],
    image: &[u8],
    cap: u64,
    sink: &mut Sink<'_>,
) -> Option<Vec<u8>> {
    let last = nodes.last()?;
    if u64::from(last.isize) > cap {
        sink.problem(
            last.at as u64,
            format!(
                "inode {} declares {} bytes, more than the {cap} the limits allow; not placed",
                last.ino, last.isize
            ),
        );
        return None;
    }
    let size = last.isize as usize;
    let mut file = vec![0u8; size];
    let mut logical = 0usize;
    for node in nodes {
        let offset = node.offset as usize;
        if node.dsize > 0 && offset < size {
            match decode(node, image) {
                Ok(bytes) => {
                    let end = (offset + bytes.len()).min(size);
                    file[offset..end].copy_from_slice(&bytes[..end - offset]);
                }
                Err(message) => sink.problem(
                    node.at as u64,
                    format!("inode {} data at {offset}: {message}", node.ino),
                ),
            }
        }
        // Each node records the file's size after it: a smaller size truncated the file, so
        // older data past it must not show through a later extension.
        let after = node.isize as usize;
        if after < logical {
            file[after.min(size)..logical.min(size)].fill(0);
        }
        logical = after;
    }
    Some(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rtime_copies_runs_from_a_byte_s_last_position() {
        // 'a' then copy 3 from position 0 (nothing seen yet, so from the start): "aaaa";
        // 'b' with no repeat; 'a' again, repeat 2 from just after the first 'a' (index 1).
        let out = rtime(&[b'a', 3, b'b', 0, b'a', 2], 8).unwrap();
        assert_eq!(out, b"aaaabaaa");
    }

    #[test]
    fn rtime_refuses_truncated_and_overlong_input() {
        assert!(rtime(b"a", 4).is_err());
        assert!(rtime(&[b'a', 200], 4).is_err());
    }
}
