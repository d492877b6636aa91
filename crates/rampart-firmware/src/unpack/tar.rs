//! POSIX ustar and GNU tar archives, with the `tar` crate (long names, PAX headers); only the
//! entries' headers and bytes are read from it: every entry goes through the sink's guard.

use tar::{Archive, EntryType};

use crate::tree::{Meta, Special};

use super::{Magic, Outcome, Sink, UnpackError, Unpacker};

/// tar.
pub struct Tar;

const BLOCK: u64 = 512;

impl Unpacker for Tar {
    fn format(&self) -> &'static str {
        "tar"
    }

    fn magics(&self) -> &'static [Magic] {
        &[Magic {
            bytes: b"ustar",
            offset: 257,
        }]
    }

    fn detect(&self, data: &[u8]) -> bool {
        data.len() >= 512 && &data[257..262] == b"ustar" && checksum_ok(&data[..512])
    }

    fn unpack(&self, data: &[u8], sink: &mut Sink<'_>) -> Result<Outcome, UnpackError> {
        let mut archive = Archive::new(data);
        let entries = archive
            .entries()
            .map_err(|e| UnpackError::format(0, format!("unreadable tar header: {e}")))?;
        let mut end = 0u64;
        for entry in entries {
            let mut entry = match entry {
                Ok(entry) => entry,
                Err(e) => return Err(UnpackError::format(end, format!("bad tar entry: {e}"))),
            };
            let header_at = entry.raw_header_position();
            let size = entry.size();
            end = entry.raw_file_position() + size.div_ceil(BLOCK) * BLOCK;
            let header = entry.header();
            let meta = Meta {
                mode: header.mode().ok().map(|m| m & 0o7777),
                uid: header.uid().ok().and_then(|u| u32::try_from(u).ok()),
                gid: header.gid().ok().and_then(|g| u32::try_from(g).ok()),
            };
            let kind = header.entry_type();
            let name = entry.path_bytes().into_owned();
            let device = || {
                let major = header.device_major().ok().flatten().unwrap_or(0);
                let minor = header.device_minor().ok().flatten().unwrap_or(0);
                (major, minor)
            };
            match kind {
                EntryType::Regular | EntryType::Continuous | EntryType::GNUSparse => {
                    sink.file_from_reader(&name, &mut entry, meta)
                        .map_err(|e| at(e, header_at))?;
                }
                EntryType::Directory => sink.dir(&name, meta)?,
                EntryType::Symlink => {
                    let target = entry
                        .link_name_bytes()
                        .map(std::borrow::Cow::into_owned)
                        .unwrap_or_default();
                    sink.symlink(&name, &target, meta)?;
                }
                EntryType::Link => {
                    let target = entry
                        .link_name_bytes()
                        .map(std::borrow::Cow::into_owned)
                        .unwrap_or_default();
                    if !sink.hard_link(&name, &target, meta)? {
                        return Err(UnpackError::format(
                            header_at,
                            format!(
                                "hard link {} names {}, which the archive has not stored before it",
                                String::from_utf8_lossy(&name),
                                String::from_utf8_lossy(&target)
                            ),
                        ));
                    }
                }
                EntryType::Char => {
                    let (major, minor) = device();
                    sink.special(&name, Special::CharDevice { major, minor }, meta)?;
                }
                EntryType::Block => {
                    let (major, minor) = device();
                    sink.special(&name, Special::BlockDevice { major, minor }, meta)?;
                }
                EntryType::Fifo => sink.special(&name, Special::Fifo, meta)?,
                _ => {}
            }
        }
        let consumed = (end + 2 * BLOCK).min(data.len() as u64);
        Ok(Outcome {
            consumed: consumed as usize,
        })
    }
}

/// A format error from an entry's body, placed at the entry's header.
fn at(error: UnpackError, header_at: u64) -> UnpackError {
    match error {
        UnpackError::Format { offset, message } => UnpackError::Format {
            offset: offset + header_at,
            message,
        },
        limit @ UnpackError::Limit(_) => limit,
    }
}

/// The header checksum: the sum of its bytes with the checksum field read as spaces.
fn checksum_ok(header: &[u8]) -> bool {
    let field = &header[148..156];
    let text: String = field
        .iter()
        .take_while(|&&b| b != 0)
        .map(|&b| b as char)
        .collect();
    let Ok(stored) = u32::from_str_radix(text.trim(), 8) else {
        return false;
    };
    let sum: u32 = header
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if (148..156).contains(&i) {
                32
            } else {
                u32::from(b)
            }
        })
        .sum();
    sum == stored
}
