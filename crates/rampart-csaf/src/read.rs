//! Reading a CSAF document from a file: bounded in size (a document larger than
//! [`MAX_DOCUMENT_BYTES`] is refused before it is parsed), and JSON errors placed at their line
//! and column, so `rampart csaf validate` never reads without end nor fails without saying where.

use std::path::Path;

use rampart_yaml::ReadError;
use serde_json::Value;

/// The largest document read: 32 MiB, twice the largest real advisories seen (vendor CSAF
/// documents with thousands of products stay under 16 MiB), so a truncated or hostile stream
/// cannot exhaust memory.
pub const MAX_DOCUMENT_BYTES: u64 = 32 * 1024 * 1024;

/// Why a document could not be read as JSON; the message names the file and the place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    /// The file could not be read (missing, a directory, a device, too large, not UTF-8).
    #[error("{file}: {source}")]
    Unreadable {
        /// The file, as named.
        file: String,
        /// Why.
        source: ReadError,
    },
    /// The file is not JSON.
    #[error("{file}:{line}:{col}: not valid JSON: {message}")]
    NotJson {
        /// The file, as named.
        file: String,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        col: usize,
        /// What the JSON parser found.
        message: String,
    },
}

/// Reads and parses the document at `path` (`-` for standard input), at most
/// [`MAX_DOCUMENT_BYTES`].
///
/// # Errors
/// [`DocumentError`] naming the file, and for invalid JSON the line and column.
pub fn read_path(path: &Path) -> Result<Value, DocumentError> {
    let file = if path.as_os_str() == "-" {
        rampart_yaml::STDIN_NAME.to_owned()
    } else {
        path.display().to_string()
    };
    let text = rampart_yaml::read_input(path, MAX_DOCUMENT_BYTES).map_err(|source| {
        DocumentError::Unreadable {
            file: file.clone(),
            source,
        }
    })?;
    parse(&file, &text)
}

/// Parses the JSON text of a document named `file` (for messages).
///
/// # Errors
/// [`DocumentError::NotJson`] with the line and column of the first error.
pub fn parse(file: &str, text: &str) -> Result<Value, DocumentError> {
    serde_json::from_str(text).map_err(|e| DocumentError::NotJson {
        file: file.to_owned(),
        line: e.line(),
        // serde_json counts column 0 at the start of a line (an early end of file).
        col: e.column().max(1),
        message: strip_position(&e.to_string()),
    })
}

/// serde_json appends " at line L column C" to its messages; the error already says where.
fn strip_position(message: &str) -> String {
    message
        .rfind(" at line ")
        .map_or(message, |at| &message[..at])
        .to_owned()
}
