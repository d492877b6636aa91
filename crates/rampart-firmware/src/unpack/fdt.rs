//! Flattened device tree blobs (the devicetree specification, v0.4 chapter 5): the header
//! and a bounded walk of the structure block. Own parser: the format is four tokens, and
//! the crates that read it either panic on bad input or need the whole tree in memory.

use super::fields::be_u32;

/// The FDT magic.
pub(crate) const MAGIC: &[u8] = b"\xd0\x0d\xfe\xed";
/// Header bytes up to `size_dt_struct` (version 17).
const HEADER: usize = 40;
/// Nodes nested deeper than this are refused: real trees stay below ten.
const MAX_DEPTH: usize = 32;
/// Tokens read at most in one walk: a device tree with a million properties is hostile.
const MAX_TOKENS: usize = 1 << 20;

const BEGIN_NODE: u32 = 1;
const END_NODE: u32 = 2;
const PROP: u32 = 3;
const NOP: u32 = 4;
const END: u32 = 9;

/// The header of a blob whose blocks all lie inside `totalsize`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Header {
    /// The blob's size in bytes.
    pub(crate) total_size: usize,
    struct_at: usize,
    struct_size: usize,
    strings_at: usize,
    strings_size: usize,
}

impl Header {
    /// The header of `data`, when its magic, version and block bounds are consistent and
    /// the blob lies within `data`.
    pub(crate) fn read(data: &[u8]) -> Option<Header> {
        if !data.starts_with(MAGIC) || data.len() < HEADER {
            return None;
        }
        let field = |at| be_u32(data, at).map(|v| v as usize);
        let total_size = field(4)?;
        let struct_at = field(8)?;
        let strings_at = field(12)?;
        let reserve_at = field(16)?;
        let version = field(20)?;
        let last_compatible = field(24)?;
        let strings_size = field(32)?;
        let struct_size = field(36)?;
        let inside = |at: usize, size: usize| at.checked_add(size).is_some_and(|e| e <= total_size);
        let ok = (16..=17).contains(&version)
            && last_compatible <= 17
            && total_size <= data.len()
            && struct_at >= HEADER
            && strings_at >= HEADER
            && reserve_at >= HEADER
            && struct_at % 4 == 0
            && reserve_at % 8 == 0
            && inside(struct_at, struct_size)
            && inside(strings_at, strings_size)
            && reserve_at < total_size
            && struct_size >= 8;
        ok.then_some(Header {
            total_size,
            struct_at,
            struct_size,
            strings_at,
            strings_size,
        })
    }
}

/// One step of a walk through the structure block.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Event<'a> {
    /// A node starts; `depth` is 1 for the root's children (the root itself is depth 0).
    Begin { name: &'a [u8], depth: usize },
    /// A property of the innermost open node.
    Prop { name: &'a [u8], value: &'a [u8] },
    /// The innermost open node ends.
    End,
}

/// Walks the structure block of `data` (whose header is `header`), calling `visit` for each
/// node and property until it returns `false` or the block ends. Errors name the byte offset
/// of the bad token.
pub(crate) fn walk<'a>(
    data: &'a [u8],
    header: &Header,
    mut visit: impl FnMut(Event<'a>) -> bool,
) -> Result<(), (u64, String)> {
    let block = &data[header.struct_at..header.struct_at + header.struct_size];
    let strings = &data[header.strings_at..header.strings_at + header.strings_size];
    let mut at = 0usize;
    let mut open = 0usize;
    let err = |at: usize, message: &str| Err(((header.struct_at + at) as u64, message.to_owned()));
    for _ in 0..MAX_TOKENS {
        let Some(token) = be_u32(block, at) else {
            return err(at, "device tree structure block ends without an END token");
        };
        let token_at = at;
        at += 4;
        match token {
            BEGIN_NODE => {
                let rest = block.get(at..).unwrap_or_default();
                let Some(len) = rest.iter().position(|&b| b == 0) else {
                    return err(token_at, "node name runs past the structure block");
                };
                if open == MAX_DEPTH {
                    return err(token_at, "device tree nested deeper than 32 nodes");
                }
                let name = &rest[..len];
                at += (len + 1).next_multiple_of(4);
                if !visit(Event::Begin { name, depth: open }) {
                    return Ok(());
                }
                open += 1;
            }
            END_NODE => {
                if open == 0 {
                    return err(token_at, "END_NODE without an open node");
                }
                open -= 1;
                if !visit(Event::End) {
                    return Ok(());
                }
            }
            PROP => {
                let (Some(len), Some(name_at)) = (be_u32(block, at), be_u32(block, at + 4)) else {
                    return err(token_at, "property header runs past the structure block");
                };
                let (len, name_at) = (len as usize, name_at as usize);
                let start = at + 8;
                let Some(value) = block.get(start..start.saturating_add(len)) else {
                    return err(token_at, "property value runs past the structure block");
                };
                let Some(name) = strings
                    .get(name_at..)
                    .and_then(|s| s.iter().position(|&b| b == 0).map(|e| &s[..e]))
                else {
                    return err(token_at, "property name outside the strings block");
                };
                if open == 0 {
                    return err(token_at, "property outside any node");
                }
                at = start + len.next_multiple_of(4);
                if !visit(Event::Prop { name, value }) {
                    return Ok(());
                }
            }
            NOP => {}
            END => {
                return if open == 0 {
                    Ok(())
                } else {
                    err(token_at, "END token inside an open node")
                };
            }
            other => return err(token_at, &format!("unknown structure token {other:#x}")),
        }
    }
    err(at, "device tree with more than a million tokens")
}

/// Whether the root node has a child named `child`, looking no deeper than the root's
/// children: the cheap check that tells a FIT image (`images`) from a board's device tree.
pub(crate) fn root_has_child(data: &[u8], header: &Header, child: &[u8]) -> bool {
    let mut found = false;
    let _ = walk(data, header, |event| {
        if let Event::Begin { name, depth: 1 } = event
            && name == child
        {
            found = true;
        }
        !found
    });
    found
}

/// A string property's first string, when it is printable text.
pub(crate) fn string(value: &[u8]) -> Option<String> {
    super::fields::text(value).filter(|s| !s.is_empty())
}

/// A node for [`build`]: depth, name, properties.
#[cfg(test)]
pub(crate) type TestNode<'a> = (usize, &'a str, Vec<(&'a str, Vec<u8>)>);

/// A device tree blob, built for tests.
#[cfg(test)]
pub(crate) fn build(nodes: &[TestNode<'_>]) -> Vec<u8> {
    let mut structure = Vec::new();
    let mut strings: Vec<u8> = Vec::new();
    let mut open = 0usize;
    let put = |s: &mut Vec<u8>, v: u32| s.extend_from_slice(&v.to_be_bytes());
    for (depth, name, props) in nodes {
        while open > *depth {
            put(&mut structure, END_NODE);
            open -= 1;
        }
        put(&mut structure, BEGIN_NODE);
        structure.extend_from_slice(name.as_bytes());
        structure.push(0);
        structure.resize(structure.len().next_multiple_of(4), 0);
        open += 1;
        for (prop, value) in props {
            let name_at = strings.len() as u32;
            strings.extend_from_slice(prop.as_bytes());
            strings.push(0);
            put(&mut structure, PROP);
            put(&mut structure, value.len() as u32);
            put(&mut structure, name_at);
            structure.extend_from_slice(value);
            structure.resize(structure.len().next_multiple_of(4), 0);
        }
    }
    while open > 0 {
        put(&mut structure, END_NODE);
        open -= 1;
    }
    put(&mut structure, END);
    let reserve_at = HEADER.next_multiple_of(8);
    let struct_at = reserve_at + 16;
    let strings_at = struct_at + structure.len();
    let total = strings_at + strings.len();
    let mut out = Vec::new();
    for v in [
        0xd00d_feed,
        total as u32,
        struct_at as u32,
        strings_at as u32,
        reserve_at as u32,
        17,
        16,
        0,
        strings.len() as u32,
        structure.len() as u32,
    ] {
        out.extend_from_slice(&u32::to_be_bytes(v));
    }
    out.resize(struct_at, 0);
    out.extend_from_slice(&structure);
    out.extend_from_slice(&strings);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_walk_sees_nodes_and_properties_in_order() {
        let blob = build(&[
            (0, "", vec![("model", b"Board\0".to_vec())]),
            (1, "images", vec![]),
            (2, "kernel", vec![("data", b"abc".to_vec())]),
        ]);
        let header = Header::read(&blob).unwrap();
        let mut events = Vec::new();
        walk(&blob, &header, |e| {
            events.push(format!("{e:?}"));
            true
        })
        .unwrap();
        assert_eq!(events.len(), 8, "{events:?}");
        assert!(root_has_child(&blob, &header, b"images"));
        assert!(!root_has_child(&blob, &header, b"kernel"));
    }

    #[test]
    fn a_broken_structure_block_is_an_error_not_a_panic() {
        let mut blob = build(&[(0, "", vec![("a", b"x".to_vec())])]);
        let header = Header::read(&blob).unwrap();
        let prop_len_at = header.struct_at + 8 + 4;
        blob[prop_len_at..prop_len_at + 4].copy_from_slice(&0xffff_fff0u32.to_be_bytes());
        let error = walk(&blob, &header, |_| true).unwrap_err();
        assert!(error.1.contains("runs past"), "{error:?}");
    }

    #[test]
    fn nesting_deeper_than_the_cap_is_an_error() {
        let names: Vec<String> = (0..=MAX_DEPTH).map(|i| format!("n{i}")).collect();
        let nodes: Vec<TestNode<'_>> = names
            .iter()
            .enumerate()
            .map(|(depth, name)| (depth, name.as_str(), vec![]))
            .collect();
        let blob = build(&nodes);
        let header = Header::read(&blob).unwrap();
        let error = walk(&blob, &header, |_| true).unwrap_err();
        assert!(error.1.contains("deeper than 32"), "{error:?}");
        let blob = build(&nodes[..MAX_DEPTH]);
        assert!(walk(&blob, &Header::read(&blob).unwrap(), |_| true).is_ok());
    }

    #[test]
    fn a_header_whose_blocks_leave_the_blob_is_refused() {
        let mut blob = build(&[(0, "", vec![])]);
        assert!(Header::read(&blob).is_some());
        blob[36..40].copy_from_slice(&0x1000u32.to_be_bytes());
        assert!(Header::read(&blob).is_none());
    }
}
