//! The directory walk of squashfs versions 2 to 4, with the data of many files decoded side by
//! side.
//!
//! Most files of a root filesystem are a few KiB: one data block or only a tail in a shared
//! fragment block. Decoding each file as the walk reaches it keeps one core busy, so the walk
//! instead queues what it would hand the sink (directories, links, files with their stored
//! blocks located) and, every [`BATCH_BYTES`] or [`BATCH_OPS`], decodes every block and
//! fragment the queue needs in parallel, then replays the queue into the sink in walk order.
//! The sink sees the same calls in the same order as a one-by-one walk, and a run stops at
//! the same first error: an error met while reading metadata is returned only after the
//! entries queued before it were replayed, and a file's errors are checked in the order a
//! one-by-one read meets them (size against the budget, block list, blocks, fragment).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use bytes::Bytes;
use rayon::prelude::*;

use crate::tree::{Meta, Special};
use crate::unpack::{Sink, UnpackError};

use super::compression::Codec;
use super::reader::{FileInode, Kind, NO_FRAGMENT, Reader};

/// Declared file bytes queued before the queue is decoded and replayed.
const BATCH_BYTES: u64 = 16 << 20;
/// Entries queued before the queue is decoded and replayed.
const BATCH_OPS: usize = 4096;
/// Fragment blocks kept decoded between batches.
const FRAGMENT_CACHE: usize = 64;

/// One data block of a file: its offset in the image, its stored bytes and whether they are
/// stored uncompressed (`None` for a sparse block), and the bytes it contributes.
type StoredBlock<'a> = (u64, Option<(&'a [u8], bool)>, usize);

/// Where a file's tail fragment block is, as far as the metadata read could tell.
enum FragmentSource<'a> {
    /// Decoded by an earlier batch.
    Cached(Arc<[u8]>),
    /// Stored at this offset: the bytes and whether they are uncompressed.
    Stored(u64, &'a [u8], bool),
}

/// A file's tail: `len` bytes at `offset` in fragment block `index`.
struct Tail<'a> {
    index: u32,
    offset: usize,
    source: Result<FragmentSource<'a>, UnpackError>,
}

/// A regular file whose data is still to be decoded.
struct FileJob<'a> {
    name: Vec<u8>,
    meta: Meta,
    reference: u64,
    nlink: u32,
    /// Where its block list starts: the offset its problems are reported at.
    at: u64,
    declared: u64,
    /// Its blocks, or the error reading their list met.
    blocks: Result<Vec<StoredBlock<'a>>, UnpackError>,
    tail: Option<Tail<'a>>,
}

/// One call the walk makes on the sink, in walk order.
enum Op<'a> {
    RejectName(Vec<u8>, Vec<u8>),
    Dir(Vec<u8>, Meta),
    File(Box<FileJob<'a>>),
    /// A further name of a hard-linked file queued or placed before.
    Linked(Vec<u8>, u64, Meta),
    Symlink(Vec<u8>, Vec<u8>, Meta),
    Special(Vec<u8>, Special, Meta),
}

/// The queue between two replays.
#[derive(Default)]
struct Queue<'a> {
    ops: Vec<Op<'a>>,
    bytes: u64,
    /// Hard-linked files queued, by inode reference.
    linked: HashSet<u64>,
}

impl<'a> Reader<'a> {
    /// Walks the tree from the root inode depth first, placing every entry in `sink`.
    pub(super) fn walk(&mut self, sink: &mut Sink<'_>) -> Result<(), UnpackError> {
        let mut queue = Queue::default();
        let walked = self.walk_into(&mut queue, sink);
        // Entries queued before a metadata error come first, as a one-by-one walk places them.
        self.replay(&mut queue, sink)?;
        walked
    }

    fn walk_into(&mut self, queue: &mut Queue<'a>, sink: &mut Sink<'_>) -> Result<(), UnpackError> {
        let root = self.read_inode(self.sb.root_inode)?;
        let Kind::Dir { .. } = root.kind else {
            return Err(UnpackError::format(
                self.inode_pos(self.sb.root_inode).block,
                "the root inode is not a directory",
            ));
        };
        let mut seen = HashSet::from([self.sb.root_inode]);
        let mut stack = vec![(root.kind, Vec::<u8>::new())];
        while let Some((dir, path)) = stack.pop() {
            sink.check_time()?;
            let Kind::Dir {
                start,
                offset,
                size,
            } = dir
            else {
                continue;
            };
            for (name, reference) in self.list(start, offset, size)? {
                let mut child = path.clone();
                child.push(b'/');
                child.extend_from_slice(&name);
                if !Sink::is_entry_name(&name) {
                    queue.ops.push(Op::RejectName(path.clone(), name));
                    continue;
                }
                let inode = self.read_inode(reference)?;
                match inode.kind {
                    Kind::Dir { .. } => {
                        if !seen.insert(reference) {
                            return Err(UnpackError::format(
                                self.inode_pos(reference).block,
                                format!(
                                    "directory loop: {} names a directory already read",
                                    String::from_utf8_lossy(&child)
                                ),
                            ));
                        }
                        queue.ops.push(Op::Dir(child.clone(), inode.meta));
                        stack.push((inode.kind, child));
                    }
                    Kind::File(file) => {
                        if self.links.contains_key(&reference) || queue.linked.contains(&reference)
                        {
                            queue.ops.push(Op::Linked(child, reference, inode.meta));
                        } else {
                            let job = self.file_job(&file, child, reference, inode.meta, sink);
                            let failed = job.blocks.is_err();
                            if file.nlink > 1 {
                                queue.linked.insert(reference);
                            }
                            queue.bytes = queue.bytes.saturating_add(job.declared);
                            queue.ops.push(Op::File(Box::new(job)));
                            if failed {
                                // The walk ends at this file: replay up to it now.
                                return Ok(());
                            }
                        }
                    }
                    Kind::Symlink(target) => {
                        queue.ops.push(Op::Symlink(child, target, inode.meta));
                    }
                    Kind::Device { block, rdev } => {
                        let major = (rdev >> 8) & 0xfff;
                        let minor = (rdev & 0xff) | ((rdev >> 12) & 0xf_ff00);
                        let special = if block {
                            Special::BlockDevice { major, minor }
                        } else {
                            Special::CharDevice { major, minor }
                        };
                        queue.ops.push(Op::Special(child, special, inode.meta));
                    }
                    Kind::Fifo => queue
                        .ops
                        .push(Op::Special(child, Special::Fifo, inode.meta)),
                    Kind::Socket => {
                        queue
                            .ops
                            .push(Op::Special(child, Special::Socket, inode.meta));
                    }
                }
                if queue.bytes >= BATCH_BYTES || queue.ops.len() >= BATCH_OPS {
                    self.replay(queue, sink)?;
                }
            }
        }
        Ok(())
    }

    /// Locates a regular file's blocks and tail; the errors met are kept in the job, to be
    /// returned when it is replayed.
    fn file_job(
        &mut self,
        file: &FileInode,
        name: Vec<u8>,
        reference: u64,
        meta: Meta,
        sink: &Sink<'_>,
    ) -> FileJob<'a> {
        let mut job = FileJob {
            name,
            meta,
            reference,
            nlink: file.nlink,
            at: file.sizes.block,
            declared: file.size,
            blocks: Ok(Vec::new()),
            tail: None,
        };
        // A file larger than the budget allows is refused before anything is read.
        if let Err(e) = size_check(&job, sink) {
            job.blocks = Err(e);
            return job;
        }
        job.blocks = self.stored_blocks(file);
        if job.blocks.is_ok() && file.fragment != NO_FRAGMENT {
            let source = match self.fragments.get(&file.fragment) {
                Some(data) => Ok(FragmentSource::Cached(Arc::clone(data))),
                None => self
                    .fragment_location(file.fragment, job.at)
                    .and_then(|(start, entry)| {
                        let len = u64::from(entry & 0x00ff_ffff);
                        let chunk = self.slice(start, len, "a fragment block")?;
                        Ok(FragmentSource::Stored(start, chunk, entry & (1 << 24) != 0))
                    }),
            };
            job.tail = Some(Tail {
                index: file.fragment,
                offset: file.fragment_offset as usize,
                source,
            });
        }
        job
    }

    /// The stored blocks of a file: the block list (in the metadata, read in order), each
    /// block checked to lie inside the image.
    fn stored_blocks(&mut self, file: &FileInode) -> Result<Vec<StoredBlock<'a>>, UnpackError> {
        let at = file.sizes.block;
        let block_size = u64::from(self.sb.block_size);
        let blocks = if file.fragment == NO_FRAGMENT {
            file.size.div_ceil(block_size)
        } else {
            file.size / block_size
        };
        let mut expected = usize::try_from(file.size)
            .map_err(|_| UnpackError::format(at, "a file too large for this machine"))?;
        let mut sizes = file.sizes;
        let mut disk = file.blocks_start;
        let mut listed = Vec::new();
        for _ in 0..blocks {
            let entry = self.u32(&mut sizes)?;
            let want = expected.min(self.sb.block_size as usize);
            expected -= want;
            let len = u64::from(entry & 0x00ff_ffff);
            listed.push((disk, entry, len, want));
            if entry != 0 {
                disk += len;
            }
        }
        let mut stored = Vec::with_capacity(listed.len());
        for (at, entry, len, want) in listed {
            if entry == 0 {
                stored.push((at, None, want));
            } else {
                let chunk = self.slice(at, len, "a data block")?;
                stored.push((at, Some((chunk, entry & (1 << 24) != 0)), want));
            }
        }
        Ok(stored)
    }

    /// Decodes every block and fragment the queue needs side by side, then hands the queued
    /// entries to the sink in walk order; stops at the first error, as a one-by-one walk
    /// would.
    fn replay(&mut self, queue: &mut Queue<'a>, sink: &mut Sink<'_>) -> Result<(), UnpackError> {
        let ops = std::mem::take(&mut queue.ops);
        queue.bytes = 0;
        queue.linked.clear();
        if ops.is_empty() {
            return Ok(());
        }
        let codec = self.sb.codec;
        let block_size = self.sb.block_size as usize;
        let jobs: Vec<&FileJob<'a>> = ops
            .iter()
            .filter_map(|op| match op {
                Op::File(job) => Some(&**job),
                _ => None,
            })
            .collect();
        let mut wanted: HashMap<u32, (u64, &[u8])> = HashMap::new();
        for job in &jobs {
            if let Some(Tail {
                index,
                source: Ok(FragmentSource::Stored(start, chunk, false)),
                ..
            }) = &job.tail
            {
                wanted.entry(*index).or_insert((*start, chunk));
            }
        }
        let wanted: Vec<(u32, u64, &[u8])> = wanted
            .into_iter()
            .map(|(index, (start, chunk))| (index, start, chunk))
            .collect();
        // No file may take more than this; the size check at assembly refuses the ones that
        // declare more, so their blocks are not decoded at all.
        let file_limit = sink.file_bytes_left();
        let (decoded, fragments) = rayon::join(
            || {
                jobs.par_iter()
                    .map(|job| match &job.blocks {
                        Ok(blocks) => {
                            decode_blocks(codec, block_size, blocks, job.declared, file_limit)
                        }
                        Err(_) => DecodedBlocks::default(),
                    })
                    .collect::<Vec<DecodedBlocks>>()
            },
            || {
                wanted
                    .par_iter()
                    .map(|&(index, start, chunk)| {
                        let data = codec.decompress(chunk, block_size).map_err(|e| {
                            UnpackError::format(start, format!("fragment block: {e}"))
                        });
                        (index, data)
                    })
                    .collect::<HashMap<u32, Result<Vec<u8>, UnpackError>>>()
            },
        );
        let mut fragments: HashMap<u32, Result<Arc<[u8]>, UnpackError>> = fragments
            .into_iter()
            .map(|(index, data)| (index, data.map(Arc::from)))
            .collect();
        let mut decoded = decoded.into_iter();
        for op in ops {
            match op {
                Op::RejectName(dir, name) => {
                    sink.check_name(&dir, &name);
                }
                Op::Dir(name, meta) => sink.dir(&name, meta)?,
                Op::Symlink(name, target, meta) => sink.symlink(&name, &target, meta)?,
                Op::Special(name, special, meta) => sink.special(&name, special, meta)?,
                Op::Linked(name, reference, meta) => {
                    let data = self.links.get(&reference).cloned().unwrap_or_default();
                    sink.file(&name, data, meta)?;
                }
                Op::File(mut job) => {
                    let blocks = decoded.next().unwrap_or_default();
                    let data = self.assemble(&mut job, blocks, &mut fragments, sink)?;
                    if job.nlink > 1 {
                        self.links.insert(job.reference, data.clone());
                    }
                    sink.file(&job.name, data, job.meta)?;
                }
            }
        }
        Ok(())
    }

    /// A file's bytes from its decoded blocks and its tail, checked in the order a one-by-one
    /// read meets its errors.
    fn assemble(
        &mut self,
        job: &mut FileJob<'a>,
        decoded: DecodedBlocks,
        fragments: &mut HashMap<u32, Result<Arc<[u8]>, UnpackError>>,
        sink: &Sink<'_>,
    ) -> Result<Bytes, UnpackError> {
        size_check(job, sink)?;
        // The block list's own error comes before its blocks' (as a one-by-one read meets them).
        std::mem::replace(&mut job.blocks, Ok(Vec::new()))?;
        if let Some(problem) = decoded.problem {
            return Err(problem);
        }
        let at = job.at;
        let size = usize::try_from(job.declared)
            .map_err(|_| UnpackError::format(at, "a file too large for this machine"))?;
        // Only a file over the budget is left undecoded, and the size check refused it.
        let Some(mut out) = decoded.data else {
            return Err(UnpackError::format(
                at,
                format!(
                    "{}: its blocks were not decoded",
                    String::from_utf8_lossy(&job.name)
                ),
            ));
        };
        if let Some(tail) = job.tail.take() {
            let fragment = match tail.source? {
                FragmentSource::Cached(data) => data,
                FragmentSource::Stored(_, chunk, true) => Arc::from(chunk),
                FragmentSource::Stored(..) => {
                    let data = fragments
                        .get(&tail.index)
                        .cloned()
                        .unwrap_or_else(|| Ok(Arc::from(&[][..])))?;
                    if self.fragments.len() >= FRAGMENT_CACHE {
                        self.fragments.clear();
                    }
                    self.fragments.insert(tail.index, Arc::clone(&data));
                    data
                }
            };
            let want = size - out.len();
            let bytes = fragment
                .get(tail.offset..tail.offset.saturating_add(want))
                .ok_or_else(|| {
                    UnpackError::format(
                        at,
                        format!("a file's tail lies outside fragment {}", tail.index),
                    )
                })?;
            out.extend_from_slice(bytes);
        }
        if out.len() != size {
            return Err(UnpackError::format(
                at,
                format!(
                    "{} decodes to {} bytes, its inode says {size}",
                    String::from_utf8_lossy(&job.name),
                    out.len()
                ),
            ));
        }
        Ok(Bytes::from(out))
    }
}

/// Refuses a file that declares more bytes than the budget leaves for one file.
fn size_check(job: &FileJob<'_>, sink: &Sink<'_>) -> Result<(), UnpackError> {
    if job.declared > sink.file_bytes_left() {
        return Err(UnpackError::format(
            job.at,
            format!(
                "{} declares {} bytes, more than the {} the limits leave for one file",
                String::from_utf8_lossy(&job.name),
                job.declared,
                sink.file_bytes_left()
            ),
        ));
    }
    Ok(())
}

/// A file's data blocks, decoded straight into the buffer the file is handed over in (no
/// per-block buffers and no copy: a 280 MB program's blocks were all alive at once, then
/// copied), with room for its tail.
#[derive(Default)]
struct DecodedBlocks {
    /// Every block at its place, sparse blocks as zeros; `None` when the file was not
    /// decoded (it declares more than the budget leaves, or its block list failed).
    data: Option<Vec<u8>>,
    /// The error of the first block, in file order, that did not decode to its length.
    problem: Option<UnpackError>,
}

/// Decodes `blocks` of a file of `declared` bytes side by side, unless the file declares more
/// than `limit` bytes.
fn decode_blocks(
    codec: Codec,
    block_size: usize,
    blocks: &[StoredBlock<'_>],
    declared: u64,
    limit: u64,
) -> DecodedBlocks {
    let blocks_len = blocks
        .iter()
        .fold(0usize, |sum, &(_, _, want)| sum.saturating_add(want));
    let Ok(capacity) = usize::try_from(declared) else {
        return DecodedBlocks::default();
    };
    if declared > limit || blocks_len > capacity {
        return DecodedBlocks::default();
    }
    // Zeroed by the allocator (fresh pages need no clearing); the capacity holds the tail too.
    let mut data = vec![0u8; capacity];
    data.truncate(blocks_len);
    let mut places = Vec::with_capacity(blocks.len());
    let mut rest = data.as_mut_slice();
    for &(_, _, want) in blocks {
        let (place, after) = rest.split_at_mut(want);
        places.push(place);
        rest = after;
    }
    let problem = blocks
        .par_iter()
        .zip(places.into_par_iter())
        .find_map_first(|(block, place)| fill_block(codec, block_size, block, place).err());
    DecodedBlocks {
        data: Some(data),
        problem,
    }
}

/// Writes one block's bytes into its place in the file: a compressed block decoded (cut to
/// the place), a stored one copied, a sparse one left as zeros. A block that gives fewer
/// bytes than its place holds is an error: the file's later bytes would be misplaced.
fn fill_block(
    codec: Codec,
    block_size: usize,
    &(at, chunk, want): &StoredBlock<'_>,
    place: &mut [u8],
) -> Result<(), UnpackError> {
    let got = match chunk {
        None => want,
        Some((stored, true)) => {
            let n = stored.len().min(want);
            place[..n].copy_from_slice(&stored[..n]);
            n
        }
        Some((compressed, false)) => codec
            .decompress_into(compressed, place, block_size)
            .map_err(|e| UnpackError::format(at, format!("data block: {e}")))?,
    };
    if got < want {
        return Err(UnpackError::format(
            at,
            format!("a data block holds {got} bytes where the file needs {want}"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::compression::tests::zlib;
    use super::*;

    #[test]
    fn blocks_are_decoded_in_place_with_room_for_the_tail() {
        let one = zlib(&[1u8; 8]);
        let blocks: Vec<StoredBlock<'_>> = vec![
            (100, Some((&one, false)), 8),
            (200, None, 8),
            (300, Some((b"stored!!", true)), 8),
        ];
        let decoded = decode_blocks(Codec::Zlib, 8, &blocks, 30, 1 << 20);
        assert!(decoded.problem.is_none());
        let mut expected = vec![1u8; 8];
        expected.extend_from_slice(&[0; 8]);
        expected.extend_from_slice(b"stored!!");
        let data = decoded.data.unwrap();
        assert_eq!(data, expected);
        assert_eq!(data.capacity(), 30);
        // A file over the budget is not decoded (the size check refuses it).
        assert!(
            decode_blocks(Codec::Zlib, 8, &blocks, 30, 29)
                .data
                .is_none()
        );
    }

    #[test]
    fn a_block_shorter_than_its_place_is_the_first_error_in_file_order() {
        let short = zlib(&[1u8; 5]);
        let blocks: Vec<StoredBlock<'_>> = vec![
            (100, Some((b"ok", true)), 8),
            (200, Some((&short, false)), 8),
            (300, Some((b"not zlib", false)), 8),
        ];
        let problem = decode_blocks(Codec::Zlib, 8, &blocks, 24, 1 << 20)
            .problem
            .unwrap();
        assert_eq!(
            problem.to_string(),
            UnpackError::format(100, "a data block holds 2 bytes where the file needs 8")
                .to_string()
        );
        let problem = decode_blocks(Codec::Zlib, 8, &blocks[1..], 16, 1 << 20)
            .problem
            .unwrap();
        assert!(problem.to_string().contains("holds 5 bytes"), "{problem}");
        let problem = decode_blocks(Codec::Zlib, 8, &blocks[2..], 8, 1 << 20)
            .problem
            .unwrap();
        assert!(
            problem.to_string().contains("data block: bad gzip block"),
            "{problem}"
        );
    }
}
