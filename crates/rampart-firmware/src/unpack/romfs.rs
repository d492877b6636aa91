//! romfs, Linux's minimal read-only filesystem (big-endian headers, 16-byte aligned, no
//! compression, no owners), read by Rampart's own parser: the format is a chain of file
//! headers, simpler to check field by field than to take a dependency for. Every header
//! offset is checked against the image and visited at most once, so a chain or directory
//! that loops is a located error, not a hang.

use std::collections::{HashMap, HashSet};

use bytes::Bytes;

use crate::tree::{Meta, Special};

use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// romfs.
pub struct Romfs;

const MAGIC: &[u8] = b"-rom1fs-";
const HEADER: usize = 16;
const TYPE_MASK: u32 = 7;
const EXEC: u32 = 8;

fn be32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(
        data.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

/// The NUL-terminated name at `at` and the 16-byte aligned offset after it.
fn name_at(data: &[u8], at: usize) -> Result<(&[u8], usize), UnpackError> {
    let rest = data
        .get(at..)
        .ok_or_else(|| UnpackError::format(at as u64, "a name lies past the end of the image"))?;
    let len = rest
        .iter()
        .position(|&b| b == 0)
        .ok_or_else(|| UnpackError::format(at as u64, "a name runs past the end of the image"))?;
    Ok((&rest[..len], at + (len + 1).div_ceil(HEADER) * HEADER))
}

/// One file header.
struct Header<'a> {
    at: usize,
    next: u32,
    spec: u32,
    size: u32,
    name: &'a [u8],
    data: usize,
}

fn header(image: &[u8], at: usize) -> Result<Header<'_>, UnpackError> {
    let field = |off| {
        be32(image, at + off).ok_or_else(|| {
            UnpackError::format(at as u64, "a file header lies past the end of the image")
        })
    };
    let next = field(0)?;
    let spec = field(4)?;
    let size = field(8)?;
    let (name, data) = name_at(image, at + HEADER)?;
    Ok(Header {
        at,
        next,
        spec,
        size,
        name,
        data,
    })
}

impl Unpacker for Romfs {
    fn format(&self) -> &'static str {
        "romfs"
    }

    fn magics(&self) -> &'static [Magic] {
        const MAGICS: &[Magic] = &[Magic::at_start(MAGIC)];
        MAGICS
    }

    fn detect(&self, data: &[u8]) -> bool {
        data.starts_with(MAGIC) && be32(data, 8).is_some_and(|size| size >= 32)
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let size = be32(data, 8).unwrap_or_default() as usize;
        if size > data.len() {
            return Err(UnpackError::format(
                data.len() as u64,
                format!(
                    "the image is truncated: it declares {size} bytes, {} are present",
                    data.len()
                ),
            ));
        }
        let image = &data[..size];
        let (_, first) = name_at(image, HEADER)?;
        sink.rooted_names();
        let mut walk = Walk {
            image,
            seen: HashSet::new(),
            files: HashMap::new(),
        };
        walk.dir(first, Vec::new(), sink)?;
        Ok(Outcome { consumed: size })
    }
}

struct Walk<'a> {
    image: &'a [u8],
    seen: HashSet<usize>,
    files: HashMap<usize, Bytes>,
}

impl Walk<'_> {
    /// Reads the directory whose first header is at `first`, then its subdirectories.
    fn dir(&mut self, first: usize, path: Vec<u8>, sink: &mut Sink<'_>) -> Result<(), UnpackError> {
        let mut pending = vec![(first, path)];
        while let Some((mut at, path)) = pending.pop() {
            sink.check_time()?;
            while at != 0 {
                if !self.seen.insert(at) {
                    return Err(UnpackError::format(at as u64, "the file headers loop"));
                }
                let h = header(self.image, at)?;
                at = (h.next & !0xf) as usize;
                if h.name == b"." || h.name == b".." {
                    continue;
                }
                if !sink.check_name(&path, h.name) {
                    continue;
                }
                let mut child = path.clone();
                child.push(b'/');
                child.extend_from_slice(h.name);
                let exec = h.next & EXEC != 0;
                let meta = Meta::mode(if exec { 0o755 } else { 0o644 });
                match h.next & TYPE_MASK {
                    0 => self.hard_link(&h, &child, sink)?,
                    1 => {
                        sink.dir(&child, Meta::mode(0o755))?;
                        pending.push(((h.spec & !0xf) as usize, child));
                    }
                    2 => {
                        let data = self.content(&h)?;
                        self.files.insert(h.at, data.clone());
                        sink.file(&child, data, meta)?;
                    }
                    3 => {
                        let target = self.content(&h)?;
                        sink.symlink(&child, &target, Meta::mode(0o777))?;
                    }
                    kind @ (4 | 5) => {
                        let (major, minor) = (h.spec >> 16, h.spec & 0xffff);
                        let special = if kind == 4 {
                            Special::BlockDevice { major, minor }
                        } else {
                            Special::CharDevice { major, minor }
                        };
                        sink.special(&child, special, Meta::mode(0o600))?;
                    }
                    6 => sink.special(&child, Special::Socket, meta)?,
                    _ => sink.special(&child, Special::Fifo, meta)?,
                }
            }
        }
        Ok(())
    }

    fn content(&self, h: &Header<'_>) -> Result<Bytes, UnpackError> {
        let end = h.data.saturating_add(h.size as usize);
        self.image
            .get(h.data..end)
            .map(Bytes::copy_from_slice)
            .ok_or_else(|| {
                UnpackError::format(
                    h.at as u64,
                    format!("{} bytes of data run past the end of the image", h.size),
                )
            })
    }

    /// A hard link: the file its spec field names, sharing that file's content.
    fn hard_link(
        &mut self,
        h: &Header<'_>,
        child: &[u8],
        sink: &mut Sink<'_>,
    ) -> Result<(), UnpackError> {
        let target_at = (h.spec & !0xf) as usize;
        let data = if let Some(data) = self.files.get(&target_at) {
            data.clone()
        } else {
            let target = header(self.image, target_at)?;
            if target.next & TYPE_MASK != 2 {
                // A link to a directory or another link: romfs uses these only for `.`
                // and `..`, skipped above.
                return Ok(());
            }
            let data = self.content(&target)?;
            self.files.insert(target_at, data.clone());
            data
        };
        let exec = header(self.image, target_at)?.next & EXEC != 0;
        sink.file(child, data, Meta::mode(if exec { 0o755 } else { 0o644 }))
    }
}
