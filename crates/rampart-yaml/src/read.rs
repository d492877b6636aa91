//! Reading an input file with a size cap that holds for every kind of file.
//!
//! A size taken from file metadata says nothing about a pipe, a character device such as
//! `/dev/zero`, or `/dev/stdin`: reading those "whole" never ends. So every input is read
//! through a reader capped one byte past the limit, and only regular files (or standard
//! input, asked for explicitly as `-`) are opened at all: a FIFO would block the open itself.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// The name standard input goes by in messages when a command is given `-`.
pub const STDIN_NAME: &str = "<stdin>";

/// Why an input could not be read; printed after the file's name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The operating system refused (missing file, no permission, …).
    #[error("{0}")]
    Io(String),
    /// A directory was named where a file is expected.
    #[error("is a directory, not a file")]
    Directory,
    /// A device, FIFO or socket: its size is unknown and reading it may never end.
    #[error("is not a regular file (a {0}); give a regular file, or `-` to read standard input")]
    NotRegular(&'static str),
    /// Larger than the limit for this kind of input.
    #[error("{}", too_large(*size, *limit))]
    TooLarge {
        /// The size the file system reports; `None` for a stream cut at the limit.
        size: Option<u64>,
        /// The limit, in bytes.
        limit: u64,
    },
    /// Not UTF-8 text.
    #[error("is not UTF-8 text: invalid byte at offset {offset}")]
    NotUtf8 {
        /// Offset of the first invalid byte.
        offset: usize,
    },
}

/// Reads a whole input of at most `limit` bytes as UTF-8 text. `-` reads standard input;
/// anything else must be a regular file (after following links). Nothing beyond `limit + 1`
/// bytes is ever read, whatever the file is.
pub fn read_input(path: &Path, limit: u64) -> Result<String, ReadError> {
    if path.as_os_str() == "-" {
        return read_capped(std::io::stdin().lock(), limit);
    }
    utf8(read_file_bytes(open_regular(path, limit)?, limit)?)
}

/// Reads a whole input of at most `limit` bytes, as bytes (binary feeds: `.gz`, archives'
/// members are read by their own readers). The same rules as [`read_input`]: only a regular
/// file (after following links) or `-` is read, never more than `limit + 1` bytes.
pub fn read_input_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    if path.as_os_str() == "-" {
        return read_capped_bytes(std::io::stdin().lock(), limit);
    }
    read_file_bytes(open_regular(path, limit)?, limit)
}

/// Reads an open regular file (from [`open_regular`]) of at most `limit` bytes into one
/// buffer sized from its metadata, so a large image is read without the grow-and-copy steps
/// of an unsized read (for a 200 MB firmware image those took longer than the read itself).
/// The size is only a hint: the read is still capped at `limit + 1` bytes, whatever the file
/// holds by now.
pub fn read_file_bytes(file: File, limit: u64) -> Result<Vec<u8>, ReadError> {
    let hint = file.metadata().map_or(0, |m| m.len()).min(limit);
    // One byte more than the file holds, so the read that meets its end needs no new room.
    let room = usize::try_from(hint)
        .unwrap_or(usize::MAX)
        .saturating_add(1);
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(room)
        .map_err(|e| ReadError::Io(e.to_string()))?;
    read_capped_into(file, limit, bytes)
}

/// Opens `path` for reading when it is a regular file (after following links) of at most
/// `limit` bytes; never blocks on a FIFO. For readers that seek (zip archives).
pub fn open_regular(path: &Path, limit: u64) -> Result<File, ReadError> {
    check_regular(&std::fs::metadata(path).map_err(io)?, limit)?;
    let file = open_without_blocking(path)?;
    // Checked again on the open file: the path may have been swapped since.
    check_regular(&file.metadata().map_err(io)?, limit)?;
    Ok(file)
}

fn too_large(size: Option<u64>, limit: u64) -> String {
    match size {
        Some(size) => format!("has {size} bytes; the limit is {limit} for this kind of file"),
        None => {
            format!("holds more than {limit} bytes; the limit is {limit} for this kind of file")
        }
    }
}

#[allow(clippy::needless_pass_by_value)] // used as `map_err(io)`
fn io(e: std::io::Error) -> ReadError {
    ReadError::Io(e.to_string())
}

fn check_regular(meta: &std::fs::Metadata, limit: u64) -> Result<(), ReadError> {
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err(ReadError::Directory);
    }
    if !kind.is_file() {
        return Err(ReadError::NotRegular(describe(kind)));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: Some(meta.len()),
            limit,
        });
    }
    Ok(())
}

#[cfg(unix)]
fn describe(kind: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "FIFO"
    } else if kind.is_char_device() {
        "character device"
    } else if kind.is_block_device() {
        "block device"
    } else if kind.is_socket() {
        "socket"
    } else {
        "special file"
    }
}

#[cfg(not(unix))]
fn describe(_: std::fs::FileType) -> &'static str {
    "special file"
}

/// Opens for reading; on Unix with `O_NONBLOCK`, so that a FIFO swapped in after the type
/// check cannot hang the open (the check on the open file then refuses it).
fn open_without_blocking(path: &Path) -> Result<File, ReadError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path).map_err(io)
}

/// Reads at most `limit` bytes from any reader (an archive member, a decompressor, a
/// network body); one more means the input is too large.
pub fn read_capped_bytes(reader: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    read_capped_into(reader, limit, Vec::new())
}

/// [`read_capped_bytes`] into `bytes` (empty, with whatever room the caller reserved).
fn read_capped_into(
    reader: impl Read,
    limit: u64,
    mut bytes: Vec<u8>,
) -> Result<Vec<u8>, ReadError> {
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { size: None, limit });
    }
    Ok(bytes)
}

/// [`read_capped_bytes`] as UTF-8 text.
fn read_capped(reader: impl Read, limit: u64) -> Result<String, ReadError> {
    utf8(read_capped_bytes(reader, limit)?)
}

fn utf8(bytes: Vec<u8>) -> Result<String, ReadError> {
    String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_file_is_read_whole_in_one_buffer_and_capped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("image.bin");
        std::fs::write(&path, vec![7u8; 100_000]).unwrap();
        let bytes = read_file_bytes(File::open(&path).unwrap(), 100_000).unwrap();
        assert_eq!(bytes.len(), 100_000);
        // Sized from the metadata: the read never had to grow the buffer.
        assert_eq!(bytes.capacity(), 100_001);
        assert_eq!(
            read_file_bytes(File::open(&path).unwrap(), 99_999).unwrap_err(),
            ReadError::TooLarge {
                size: None,
                limit: 99_999
            }
        );
    }

    #[test]
    fn regular_files_are_read_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.yaml");
        std::fs::write(&path, "abcd").unwrap();
        assert_eq!(read_input(&path, 4).unwrap(), "abcd");
        assert_eq!(
            read_input(&path, 3).unwrap_err(),
            ReadError::TooLarge {
                size: Some(4),
                limit: 3
            }
        );
        assert_eq!(
            read_input(&path, 3).unwrap_err().to_string(),
            "has 4 bytes; the limit is 3 for this kind of file"
        );
    }

    #[test]
    fn a_reader_longer_than_its_metadata_says_is_cut_at_the_limit() {
        // What /dev/zero or a pipe looks like to the capped reader: an endless stream.
        let endless = std::io::repeat(b'a');
        assert_eq!(
            read_capped(endless, 1024).unwrap_err(),
            ReadError::TooLarge {
                size: None,
                limit: 1024
            }
        );
    }

    #[test]
    fn directories_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            read_input(dir.path(), 10).unwrap_err(),
            ReadError::Directory
        );
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_links_to_them_are_refused_without_reading() {
        let err = read_input(Path::new("/dev/zero"), 10).unwrap_err();
        assert_eq!(err, ReadError::NotRegular("character device"));
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("model.yaml");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        assert_eq!(
            read_input(&link, 10).unwrap_err(),
            ReadError::NotRegular("character device")
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_before_it_is_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(
            made.is_ok_and(|s| s.success()),
            "mkfifo is needed for this test (coreutils)"
        );
        // No writer ever opens the FIFO: a plain open would block forever.
        assert_eq!(
            read_input(&fifo, 10).unwrap_err(),
            ReadError::NotRegular("FIFO")
        );
    }

    #[test]
    fn invalid_utf8_is_located() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.yaml");
        std::fs::write(&path, b"name: \xff\n").unwrap();
        assert_eq!(
            read_input(&path, 100).unwrap_err(),
            ReadError::NotUtf8 { offset: 6 }
        );
    }

    #[test]
    fn a_missing_file_says_why() {
        let err = read_input(Path::new("/nonexistent/model.yaml"), 10).unwrap_err();
        assert!(
            matches!(err, ReadError::Io(ref m) if m.contains("No such file")),
            "{err}"
        );
    }
}
