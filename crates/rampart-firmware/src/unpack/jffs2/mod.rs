//! JFFS2, the log-structured flash filesystem of NOR-flash routers and PLCs, in either byte
//! order: Rampart's own parser, because no Rust crate reads JFFS2 at all.
//!
//! The image is a log of nodes: directory entries (parent inode, name, child inode) and inode
//! nodes (metadata plus one run of data), each with a version; the newest version of each
//! entry and of each inode's metadata wins, an entry whose child is inode 0 deletes the name,
//! and data nodes are applied oldest first. The tree is then built from the entries, from
//! inode 1 down ([`super::fs_tree`]). Damage (bad CRCs, undecodable data, loops, orphans) is
//! reported as located problems and the rest is still unpacked.

mod data;
mod scan;

use std::collections::HashMap;

use crate::tree::Meta;

use super::endian::Endian;
use super::fs_tree::{FsEntry, FsInode, FsKind, FsTree, ROOT};
use super::{Magic, Outcome, Sink, UnpackError, Unpacker};
use scan::{InodeNode, Scan};

/// JFFS2.
pub struct Jffs2;

impl Unpacker for Jffs2 {
    fn format(&self) -> &'static str {
        "jffs2"
    }

    fn magics(&self) -> &'static [Magic] {
        // The magic and the node type of the nodes an image starts with (a cleanmarker, an
        // entry or an inode), in both byte orders: two bytes alone match too often.
        const MAGICS: &[Magic] = &[
            Magic::at_start(&[0x85, 0x19, 0x03, 0x20]),
            Magic::at_start(&[0x85, 0x19, 0x01, 0xe0]),
            Magic::at_start(&[0x85, 0x19, 0x02, 0xe0]),
            Magic::at_start(&[0x19, 0x85, 0x20, 0x03]),
            Magic::at_start(&[0x19, 0x85, 0xe0, 0x01]),
            Magic::at_start(&[0x19, 0x85, 0xe0, 0x02]),
        ];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        scan::header_order(data).is_some()
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let order = scan::header_order(data)
            .ok_or_else(|| UnpackError::format(0, "no JFFS2 node header"))?;
        let scan = scan::scan(order, data, sink)?;
        if scan.dirents.is_empty() && scan.inodes.is_empty() {
            return Err(UnpackError::format(0, "no directory entry or inode node"));
        }
        let (tree, inodes) = build(&scan, order, data, sink);
        tree.emit(
            &mut |ino, cap, sink| {
                let nodes = inodes.get(&ino).map(Vec::as_slice).unwrap_or_default();
                Ok(data::assemble(nodes, data, cap, sink))
            },
            sink,
        )?;
        let erased = data[scan.end..]
            .chunks_exact(4)
            .take_while(|w| *w == [0xff; 4])
            .count();
        Ok(Outcome {
            consumed: scan.end + erased * 4,
        })
    }
}

/// The newest entries and inode metadata of a scan, and each inode's nodes in version order.
fn build<'s>(
    scan: &'s Scan,
    order: Endian,
    image: &[u8],
    sink: &mut Sink<'_>,
) -> (FsTree, HashMap<u64, Vec<&'s InodeNode>>) {
    let mut by_ino: HashMap<u64, Vec<&InodeNode>> = HashMap::new();
    for node in &scan.inodes {
        by_ino.entry(u64::from(node.ino)).or_default().push(node);
    }
    let mut tree = FsTree::default();
    for nodes in by_ino.values_mut() {
        // Stable: of two nodes with one version, the later in the log wins.
        nodes.sort_by_key(|n| n.version);
    }
    for (&ino, nodes) in &by_ino {
        let Some(last) = nodes.last() else { continue };
        let meta = Meta {
            mode: Some(last.mode & 0o7777),
            uid: Some(u32::from(last.uid)),
            gid: Some(u32::from(last.gid)),
        };
        let kind = match FsKind::from_mode(last.mode, 0) {
            Some(FsKind::Symlink(_)) => match data::decode(last, image) {
                Ok(target) => FsKind::Symlink(target),
                Err(message) => {
                    sink.problem(
                        last.at as u64,
                        format!("symbolic link inode {ino}: {message}"),
                    );
                    continue;
                }
            },
            Some(FsKind::Special(_)) => {
                // The device number, in the image's byte order: 16 bits as old_encode_dev
                // packs it (major high byte, minor low byte) or 32 as new_encode_dev does;
                // both decode alike.
                let raw = data::decode(last, image).unwrap_or_default();
                let rdev = match raw.len() {
                    2 => order.u16(&raw, 0).map(u32::from),
                    4 => order.u32(&raw, 0),
                    _ => None,
                };
                match FsKind::from_mode(last.mode, rdev.unwrap_or(0)) {
                    Some(kind) => kind,
                    None => continue,
                }
            }
            Some(kind) => kind,
            None => {
                sink.problem(
                    last.at as u64,
                    format!(
                        "inode {ino} has an unknown file type (mode {:#o})",
                        last.mode
                    ),
                );
                continue;
            }
        };
        tree.inodes.insert(ino, FsInode { kind, meta });
    }
    tree.inodes.entry(ROOT).or_insert(FsInode {
        kind: FsKind::Dir,
        meta: Meta::default(),
    });
    // The newest entry per (directory, name); child 0 means the name was deleted.
    let mut newest: HashMap<(u32, &[u8]), &scan::Dirent> = HashMap::new();
    for dirent in &scan.dirents {
        let key = (dirent.pino, dirent.name.as_slice());
        match newest.get(&key) {
            Some(seen) if seen.version > dirent.version => {}
            _ => {
                newest.insert(key, dirent);
            }
        }
    }
    for dirent in newest.into_values() {
        if dirent.ino == 0 {
            continue;
        }
        tree.children
            .entry(u64::from(dirent.pino))
            .or_default()
            .push(FsEntry {
                name: dirent.name.clone(),
                child: u64::from(dirent.ino),
                at: dirent.at as u64,
            });
    }
    (tree, by_ino)
}
