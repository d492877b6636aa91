//! ext2, ext3 and ext4 images, read with the `ext4-view` crate: pure Rust, read-only, reading
//! from a byte buffer (no disk access, no `unsafe`), checking the superblock, group
//! descriptors and checksums it meets. Rampart walks the directories itself, depth first,
//! and hands every entry to the sink; file contents are read through the sink's budgeted
//! reader, so a huge declared size cannot inflate past the limits.
//!
//! `ext4-view` does not expose a device node's numbers, so character and block devices are
//! not recorded; FIFOs and sockets are.

use ext4_view::{Ext4, Ext4Error, FileType, PathBuf};

use crate::tree::{Meta, Special};

use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// ext2/3/4.
pub struct Ext;

/// Where the superblock starts.
const SUPERBLOCK: usize = 1024;
/// The superblock's magic, 0xEF53 little-endian, at byte 56 of the superblock.
const MAGIC_AT: usize = SUPERBLOCK + 56;
/// Directories nested deeper than this are not read (a corrupt image can make a directory
/// its own descendant; the tree's depth is bounded by path lengths anyway).
const MAX_DEPTH: usize = 256;

fn le16(data: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([data[at], data[at + 1]])
}

fn le32(data: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(data[at..at + 4].try_into().unwrap_or_default())
}

/// The image's size from its superblock: blocks count times block size.
fn declared_size(data: &[u8]) -> u64 {
    let log = le32(data, SUPERBLOCK + 24);
    let block_size = 1024u64 << log.min(6);
    let mut blocks = u64::from(le32(data, SUPERBLOCK + 4));
    let incompat = le32(data, SUPERBLOCK + 96);
    if incompat & 0x80 != 0 {
        blocks |= u64::from(le32(data, SUPERBLOCK + 0x150)) << 32;
    }
    blocks.saturating_mul(block_size)
}

impl Unpacker for Ext {
    fn format(&self) -> &'static str {
        "ext"
    }

    fn magics(&self) -> &'static [Magic] {
        &[Magic {
            bytes: b"\x53\xef",
            offset: MAGIC_AT,
        }]
    }

    fn detect(&self, data: &[u8]) -> bool {
        if data.len() < SUPERBLOCK + 1024 || le16(data, MAGIC_AT) != 0xef53 {
            return false;
        }
        let log_block_size = le32(data, SUPERBLOCK + 24);
        let inodes = le32(data, SUPERBLOCK);
        let blocks = le32(data, SUPERBLOCK + 4);
        let per_group = le32(data, SUPERBLOCK + 32);
        let state = le16(data, SUPERBLOCK + 58);
        let revision = le32(data, SUPERBLOCK + 76);
        log_block_size <= 6
            && inodes > 0
            && blocks > 0
            && per_group > 0
            && (1..=7).contains(&state)
            && revision <= 1
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let declared = declared_size(data);
        if declared > data.len() as u64 {
            return Err(UnpackError::format(
                data.len() as u64,
                format!(
                    "the image is truncated: it declares {declared} bytes, {} are present",
                    data.len()
                ),
            ));
        }
        let size = declared as usize;
        let fs = Ext4::load(Box::new(data[..size].to_vec()))
            .map_err(|e| UnpackError::format(SUPERBLOCK as u64, format!("unreadable: {e}")))?;
        sink.rooted_names();
        walk(&fs, sink)?;
        Ok(Outcome { consumed: size })
    }
}

/// A problem met while reading `path`: ext4-view does not say where in the image, so the
/// path is the location and the offset is the superblock's.
fn problem(path: &PathBuf, e: &Ext4Error) -> UnpackError {
    UnpackError::format(SUPERBLOCK as u64, format!("{}: {e}", path.display()))
}

fn walk(fs: &Ext4, sink: &mut Sink<'_>) -> Result<(), UnpackError> {
    let mut stack = vec![(PathBuf::new("/"), 0usize)];
    while let Some((dir, depth)) = stack.pop() {
        sink.check_time()?;
        let entries = fs.read_dir(&dir).map_err(|e| problem(&dir, &e))?;
        for entry in entries {
            let entry = entry.map_err(|e| problem(&dir, &e))?;
            let name = entry.file_name();
            let name = name.as_ref();
            if name == b"." || name == b".." || name == b"lost+found" && depth == 0 {
                continue;
            }
            if !sink.check_name(dir.as_ref(), name) {
                continue;
            }
            let path = entry.path();
            let metadata = entry.metadata().map_err(|e| problem(&path, &e))?;
            let meta = Meta {
                mode: Some(u32::from(metadata.mode())),
                uid: Some(metadata.uid()),
                gid: Some(metadata.gid()),
            };
            let raw: &[u8] = path.as_ref();
            match metadata.file_type() {
                FileType::Directory => {
                    if depth + 1 >= MAX_DEPTH {
                        return Err(UnpackError::format(
                            SUPERBLOCK as u64,
                            format!(
                                "{}: directories nested over {MAX_DEPTH} deep",
                                path.display()
                            ),
                        ));
                    }
                    sink.dir(raw, meta)?;
                    stack.push((path, depth + 1));
                }
                FileType::Regular => {
                    if metadata.len() > sink.file_bytes_left() {
                        return Err(UnpackError::format(
                            SUPERBLOCK as u64,
                            format!(
                                "{} declares {} bytes, more than the {} the limits leave for one file",
                                path.display(),
                                metadata.len(),
                                sink.file_bytes_left()
                            ),
                        ));
                    }
                    let file = fs.open(&path).map_err(|e| problem(&path, &e))?;
                    sink.file_from_reader(raw, file, meta)
                        .map_err(|e| relocate(e, &path))?;
                }
                FileType::Symlink => {
                    let target = fs.read_link(&path).map_err(|e| problem(&path, &e))?;
                    sink.symlink(raw, target.as_ref(), meta)?;
                }
                FileType::Fifo => sink.special(raw, Special::Fifo, meta)?,
                FileType::Socket => sink.special(raw, Special::Socket, meta)?,
                FileType::BlockDevice | FileType::CharacterDevice => {}
            }
        }
    }
    Ok(())
}

/// A read error inside a file, named by the file.
fn relocate(error: UnpackError, path: &PathBuf) -> UnpackError {
    match error {
        UnpackError::Format { message, .. } => {
            UnpackError::format(SUPERBLOCK as u64, format!("{}: {message}", path.display()))
        }
        limit @ UnpackError::Limit(_) => limit,
    }
}
