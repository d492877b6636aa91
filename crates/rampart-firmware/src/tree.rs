//! The unpacked image as an in-memory tree: what identification, hardening and secret checks
//! read, and what `rampart firmware unpack` writes to disk.
//!
//! Paths are `/`-separated, relative, and already through the path guard. The contents of
//! a container found in file `P` at byte offset `O` in format `F` live under
//! `P.unpacked/0xO-F/`, so every path says how it was reached (`fw.bin.unpacked/0x40-squashfs/
//! bin/busybox`), two containers in one file never collide, and evidence can cite it as is.

use std::collections::BTreeMap;

use bytes::Bytes;
use serde::Serialize;

/// The folder name under which a container's contents are placed.
pub fn container_dir(parent: &str, offset: u64, format: &str) -> String {
    format!("{parent}.unpacked/{offset:#x}-{format}")
}

/// Unix ownership and permissions, where the container records them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Meta {
    /// Permission bits and the set-uid, set-gid and sticky bits (`0o4755`), without the type.
    pub mode: Option<u32>,
    /// Owner user id.
    pub uid: Option<u32>,
    /// Owner group id.
    pub gid: Option<u32>,
}

impl Meta {
    /// Metadata with only the mode known.
    pub fn mode(mode: u32) -> Meta {
        Meta {
            mode: Some(mode & 0o7777),
            ..Meta::default()
        }
    }
}

/// A device node, FIFO or socket: recorded (a rootfs's `/dev` tells what a device exposes)
/// but never created on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Special {
    /// A character device with its major and minor numbers.
    CharDevice {
        /// Major number.
        major: u32,
        /// Minor number.
        minor: u32,
    },
    /// A block device with its major and minor numbers.
    BlockDevice {
        /// Major number.
        major: u32,
        /// Minor number.
        minor: u32,
    },
    /// A named pipe.
    Fifo,
    /// A Unix socket.
    Socket,
}

/// What a tree node is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    /// A regular file and its bytes.
    File(Bytes),
    /// A directory.
    Dir,
    /// A symbolic link and its target as stored.
    Symlink(String),
    /// A device node, FIFO or socket.
    Special(Special),
}

/// One node of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// What it is.
    pub kind: NodeKind,
    /// Ownership and permissions.
    pub meta: Meta,
    /// The container folder it was unpacked into (`fw.bin.unpacked/0x40-squashfs`): the root
    /// its absolute symlinks are resolved against.
    pub root: String,
}

impl Node {
    /// The file's bytes, for regular files.
    pub fn data(&self) -> Option<&Bytes> {
        match &self.kind {
            NodeKind::File(data) => Some(data),
            _ => None,
        }
    }
}

/// The unpacked tree, ordered by path.
#[derive(Debug, Clone, Default)]
pub struct FileTree {
    nodes: BTreeMap<String, Node>,
}

impl FileTree {
    /// An empty tree.
    pub fn new() -> FileTree {
        FileTree::default()
    }

    /// The node at `path`.
    pub fn get(&self, path: &str) -> Option<&Node> {
        self.nodes.get(path)
    }

    /// Every node, ordered by path.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Node)> {
        self.nodes.iter().map(|(p, n)| (p.as_str(), n))
    }

    /// Every regular file and its bytes, ordered by path.
    pub fn files(&self) -> impl Iterator<Item = (&str, &Node, &Bytes)> {
        self.nodes
            .iter()
            .filter_map(|(p, n)| n.data().map(|d| (p.as_str(), n, d)))
    }

    /// Nodes in the tree.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the tree is empty.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The nearest ancestor of `path` that exists and is not a directory, if any: an entry
    /// may not be placed below a file or a link (the classic symlink-then-file escape).
    pub fn blocking_ancestor(&self, path: &str) -> Option<&str> {
        let mut end = 0;
        while let Some(pos) = path[end..].find('/') {
            end += pos;
            let prefix = &path[..end];
            if let Some((key, node)) = self.nodes.get_key_value(prefix)
                && !matches!(node.kind, NodeKind::Dir)
            {
                return Some(key.as_str());
            }
            end += 1;
        }
        None
    }

    /// Inserts a node; `false` (and no change) when the path is taken. Missing parent
    /// directories are not created here (the sink creates them).
    pub fn insert(&mut self, path: String, node: Node) -> bool {
        if self.nodes.contains_key(&path) {
            return false;
        }
        self.nodes.insert(path, node);
        true
    }

    /// Every node, ordered by path, taken out of the tree.
    pub fn into_nodes(self) -> impl Iterator<Item = (String, Node)> {
        self.nodes.into_iter()
    }

    /// Whether a node exists at `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.nodes.contains_key(path)
    }

    /// Follows symbolic links from `path` (at most 40, as Linux does) to the node they name.
    pub fn resolve(&self, path: &str) -> Option<(&str, &Node)> {
        let mut current = path.to_owned();
        for _ in 0..40 {
            let (key, node) = self.nodes.get_key_value(current.as_str())?;
            match &node.kind {
                NodeKind::Symlink(target) => {
                    current = crate::guard::resolve_link(&node.root, key, target)?;
                }
                _ => return Some((key.as_str(), node)),
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(data: &'static [u8]) -> Node {
        Node {
            kind: NodeKind::File(Bytes::from_static(data)),
            meta: Meta::default(),
            root: "r".into(),
        }
    }

    fn link(target: &str) -> Node {
        Node {
            kind: NodeKind::Symlink(target.into()),
            meta: Meta::default(),
            root: "r".into(),
        }
    }

    #[test]
    fn a_file_or_link_blocks_entries_below_it() {
        let mut tree = FileTree::new();
        assert!(tree.insert("r/etc".into(), link("/tmp")));
        assert!(tree.insert("r/bin".into(), file(b"x")));
        assert_eq!(tree.blocking_ancestor("r/etc/passwd"), Some("r/etc"));
        assert_eq!(tree.blocking_ancestor("r/bin/a/b"), Some("r/bin"));
        assert_eq!(tree.blocking_ancestor("r/usr/bin"), None);
    }

    #[test]
    fn a_taken_path_is_not_replaced() {
        let mut tree = FileTree::new();
        assert!(tree.insert("r/a".into(), file(b"1")));
        assert!(!tree.insert("r/a".into(), file(b"2")));
        assert_eq!(tree.get("r/a").unwrap().data().unwrap().as_ref(), b"1");
    }

    #[test]
    fn links_resolve_within_their_root_and_loops_end() {
        let mut tree = FileTree::new();
        tree.insert("r/bin/busybox".into(), file(b"bb"));
        tree.insert("r/bin/sh".into(), link("busybox"));
        tree.insert("r/usr/bin/sh".into(), link("/bin/sh"));
        tree.insert("r/loop".into(), link("loop"));
        assert_eq!(tree.resolve("r/usr/bin/sh").unwrap().0, "r/bin/busybox");
        assert!(tree.resolve("r/loop").is_none());
    }

    #[test]
    fn container_folders_name_offset_and_format() {
        assert_eq!(
            container_dir("fw.bin", 64, "squashfs"),
            "fw.bin.unpacked/0x40-squashfs"
        );
    }
}
