//! cpio archives in every variant initramfs images and old firmware use: SVR4 "newc"
//! (`070701`) and its CRC twin (`070702`), POSIX "odc" (`070707`), and the old binary format
//! in both byte orders. Rampart's own parser (the `cpio` crate reads newc only): the formats
//! are a fixed header, a NUL-terminated name and the data, with per-variant padding, ending at
//! `TRAILER!!!`.
//!
//! Hard links share content: newc stores the data once, with the last name of the inode, so
//! earlier names of a linked inode wait for it; odc and binary store it with every name.
//! Device nodes and FIFOs are recorded in the tree, never created.

use std::collections::HashMap;

use bytes::Bytes;

use crate::tree::{Meta, Special};

use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// cpio.
pub struct Cpio;

const TRAILER: &[u8] = b"TRAILER!!!";
/// Names longer than this are not file names.
const MAX_NAME: usize = 4096;
/// The longest symbolic-link target kept.
const MAX_LINK: usize = 4096;

const S_IFMT: u32 = 0o170_000;
const S_IFREG: u32 = 0o100_000;
const S_IFDIR: u32 = 0o040_000;
const S_IFLNK: u32 = 0o120_000;
const S_IFCHR: u32 = 0o020_000;
const S_IFBLK: u32 = 0o060_000;
const S_IFIFO: u32 = 0o010_000;
const S_IFSOCK: u32 = 0o140_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Variant {
    /// `070701` and `070702`: hexadecimal fields, 4-byte alignment.
    Newc,
    /// `070707`: octal fields, no padding.
    Odc,
    /// The old binary header of 16-bit words, 2-byte alignment.
    Binary { big_endian: bool },
}

/// One entry's header, its name and where its data lies.
struct Entry<'a> {
    inode: Inode,
    mode: u32,
    uid: u32,
    gid: u32,
    nlink: u64,
    rdev: (u32, u32),
    name: &'a [u8],
    data_at: usize,
    size: usize,
    next: usize,
}

fn variant(data: &[u8]) -> Option<Variant> {
    match data.get(..6)? {
        b"070701" | b"070702" => Some(Variant::Newc),
        b"070707" => Some(Variant::Odc),
        _ => match data.get(..2)? {
            [0xc7, 0x71] => Some(Variant::Binary { big_endian: false }),
            [0x71, 0xc7] => Some(Variant::Binary { big_endian: true }),
            _ => None,
        },
    }
}

fn number(field: &[u8], radix: u32) -> Option<u64> {
    let text = std::str::from_utf8(field).ok()?;
    u64::from_str_radix(text, radix).ok()
}

fn align(at: usize, to: usize) -> usize {
    at.div_ceil(to) * to
}

/// Parses the entry at `at`; an error when no header of a known variant, with a name and
/// sizes that fit, starts there.
fn entry(data: &[u8], at: usize) -> Result<Entry<'_>, String> {
    let head = data
        .get(at..)
        .ok_or("the archive ends before its trailer")?;
    let variant = variant(head).ok_or("no cpio header magic")?;
    let (fields, header_len) = match variant {
        Variant::Newc => {
            let h = head.get(..110).ok_or("truncated header")?;
            let f = |i: usize| number(&h[6 + 8 * i..14 + 8 * i], 16).ok_or("bad header field");
            let fields = [
                f(0)?,
                f(1)?,
                f(2)?,
                f(3)?,
                f(4)?,
                f(6)?,
                f(7)?,
                f(8)?,
                f(9)?,
                f(10)?,
                f(11)?,
            ];
            (fields, 110)
        }
        Variant::Odc => {
            let h = head.get(..76).ok_or("truncated header")?;
            let f =
                |from: usize, len: usize| number(&h[from..from + len], 8).ok_or("bad header field");
            let rdev = f(42, 6)?;
            let fields = [
                f(12, 6)?,
                f(18, 6)?,
                f(24, 6)?,
                f(30, 6)?,
                f(36, 6)?,
                f(65, 11)?,
                f(6, 6)?,
                0,
                rdev >> 8,
                rdev & 0xff,
                f(59, 6)?,
            ];
            (fields, 76)
        }
        Variant::Binary { big_endian } => {
            let h = head.get(..26).ok_or("truncated header")?;
            let w = |i: usize| {
                let pair = [h[2 * i], h[2 * i + 1]];
                u64::from(if big_endian {
                    u16::from_be_bytes(pair)
                } else {
                    u16::from_le_bytes(pair)
                })
            };
            let fields = [
                w(2),
                w(3),
                w(4),
                w(5),
                w(6),
                w(11) << 16 | w(12),
                w(1),
                0,
                w(7) >> 8,
                w(7) & 0xff,
                w(10),
            ];
            (fields, 26)
        }
    };
    let [
        ino,
        mode,
        uid,
        gid,
        nlink,
        size,
        dev_major,
        dev_minor,
        rmajor,
        rminor,
        namesize,
    ] = fields;
    let namesize = usize::try_from(namesize).map_err(|_| "bad name size")?;
    if !(2..=MAX_NAME).contains(&namesize) {
        return Err(format!("name size {namesize} out of range"));
    }
    let name_at = at + header_len;
    let raw_name = data
        .get(name_at..name_at + namesize)
        .ok_or("truncated name")?;
    if raw_name[namesize - 1] != 0 || raw_name[..namesize - 1].contains(&0) {
        return Err("name is not NUL-terminated where its size says".into());
    }
    let name_end = name_at + namesize;
    let size = usize::try_from(size).map_err(|_| "bad file size")?;
    let (data_at, next) = match variant {
        Variant::Newc => {
            let data_at = align(name_end, 4);
            (data_at, align(data_at.saturating_add(size), 4))
        }
        Variant::Odc => (name_end, name_end.saturating_add(size)),
        Variant::Binary { .. } => {
            let data_at = align(name_end, 2);
            (data_at, align(data_at.saturating_add(size), 2))
        }
    };
    let narrow = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
    Ok(Entry {
        inode: (dev_major << 32 | dev_minor, ino),
        mode: narrow(mode),
        uid: narrow(uid),
        gid: narrow(gid),
        nlink,
        rdev: (narrow(rmajor), narrow(rminor)),
        name: &raw_name[..namesize - 1],
        data_at,
        size,
        next,
    })
}

/// Hard-link bookkeeping: the first name that carried each linked inode's data, and the names
/// still waiting for it.
#[derive(Default)]
struct Links<'a> {
    stored: HashMap<Inode, &'a [u8]>,
    waiting: HashMap<Inode, Vec<Waiting<'a>>>,
}

/// A device (major and minor in one number) and an inode number.
type Inode = (u64, u64);

/// A linked name whose data has not come yet: the name, its metadata, its header's offset.
type Waiting<'a> = (&'a [u8], Meta, usize);

impl Unpacker for Cpio {
    fn format(&self) -> &'static str {
        "cpio"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[
            Magic::at_start(b"070701"),
            Magic::at_start(b"070702"),
            Magic::at_start(b"070707"),
            Magic::at_start(b"\xc7\x71"),
            Magic::at_start(b"\x71\xc7"),
        ];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        // Names are paths: no control characters (which also keeps the two-byte binary
        // magics from matching random bytes).
        entry(data, 0).is_ok_and(|e| {
            !e.name.iter().any(|&b| b < 0x20 || b == 0x7f)
                && matches!(
                    e.mode & S_IFMT,
                    S_IFREG | S_IFDIR | S_IFLNK | S_IFCHR | S_IFBLK | S_IFIFO | S_IFSOCK
                )
                || e.name == TRAILER
        })
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let mut at = 0;
        let mut links = Links::default();
        let result = loop {
            let entry = match entry(data, at) {
                Ok(entry) => entry,
                Err(message) => break Err(UnpackError::format(at as u64, message)),
            };
            if entry.name == TRAILER {
                break Ok(entry.next.min(data.len()));
            }
            let Some(body) = entry
                .data_at
                .checked_add(entry.size)
                .and_then(|end| data.get(entry.data_at..end))
            else {
                break Err(UnpackError::format(
                    at as u64,
                    format!(
                        "{} runs past the end of the data",
                        String::from_utf8_lossy(entry.name)
                    ),
                ));
            };
            add(&entry, body, at, sink, &mut links)?;
            at = entry.next;
        };
        for (inode, names) in links.waiting {
            for (name, meta, header_at) in names {
                if links.stored.contains_key(&inode) {
                    continue;
                }
                sink.problem(
                    header_at as u64,
                    format!(
                        "hard link {} has no member carrying its data; kept empty",
                        String::from_utf8_lossy(name)
                    ),
                );
                sink.file(name, Bytes::new(), meta)?;
            }
        }
        result.map(|consumed| Outcome { consumed })
    }
}

/// Hands one entry to the sink.
fn add<'a>(
    entry: &Entry<'a>,
    body: &'a [u8],
    header_at: usize,
    sink: &mut Sink<'_>,
    links: &mut Links<'a>,
) -> Result<(), UnpackError> {
    let name = entry.name;
    let meta = Meta {
        mode: Some(entry.mode & 0o7777),
        uid: Some(entry.uid),
        gid: Some(entry.gid),
    };
    let (major, minor) = entry.rdev;
    match entry.mode & S_IFMT {
        S_IFDIR => {
            if name == b"." || name == b"./" {
                return Ok(());
            }
            sink.dir(name, meta)
        }
        S_IFLNK => sink.symlink(name, &body[..body.len().min(MAX_LINK)], meta),
        S_IFCHR => sink.special(name, Special::CharDevice { major, minor }, meta),
        S_IFBLK => sink.special(name, Special::BlockDevice { major, minor }, meta),
        S_IFIFO => sink.special(name, Special::Fifo, meta),
        S_IFSOCK => sink.special(name, Special::Socket, meta),
        S_IFREG if entry.nlink > 1 => {
            if let Some(&first) = links.stored.get(&entry.inode)
                && sink.hard_link(name, first, meta)?
            {
                return Ok(());
            }
            if body.is_empty() {
                links
                    .waiting
                    .entry(entry.inode)
                    .or_default()
                    .push((name, meta, header_at));
                return Ok(());
            }
            sink.file(name, Bytes::copy_from_slice(body), meta)?;
            links.stored.entry(entry.inode).or_insert(name);
            for (waiting, meta, _) in links.waiting.remove(&entry.inode).unwrap_or_default() {
                sink.hard_link(waiting, name, meta)?;
            }
            Ok(())
        }
        _ => sink.file(name, Bytes::copy_from_slice(body), meta),
    }
}

#[cfg(test)]
#[path = "cpio_tests.rs"]
mod tests;
