//! The local advisory index: one redb file holding every imported advisory, the keys matching
//! looks them up by, their aliases, CISA KEV and FIRST EPSS, and what each source last brought.
//!
//! redb is embedded, pure Rust, ACID and keeps everything in one file, so a scan needs no
//! server and a crash never leaves half an import behind (SQLite through sqlx is reserved
//! for the later server; rusqlite's libsqlite3-sys cannot coexist with sqlx's). Records are
//! stored as MessagePack (self-describing, which the internally tagged [`Affected`] needs).
//!
//! Tables (see docs/advisory-index.md):
//! - `advisories`: (source, id) → the [`Advisory`];
//! - `keys`: a [`MatchKey`]'s display form → (source, id), many per key;
//! - `aliases`: an advisory's own id and each alias → (source, id) of the advisories naming it;
//! - `kev`, `epss`: CVE id → the entry;
//! - `sources`: source id → [`SourceMeta`]; `feeds`: feed name → its ETag, Last-Modified, URL
//!   (and, for a CSAF provider feed, `NAME\nDOCUMENT-URL` → that document's ETag, Last-Modified
//!   and feed date); `meta`: the file format version.
//!
//! [`Affected`]: crate::model::Affected

mod archive;
mod csaf_feed;
mod csaf_openpgp;
mod feeds;
mod http;
mod import;
mod nvd_api;
mod read;
mod status;
mod store;
#[cfg(test)]
mod test_source;
#[cfg(test)]
mod tests;
mod update;
#[cfg(test)]
mod update_tests;
#[cfg(test)]
mod update_tests_csaf;
#[cfg(all(test, feature = "openpgp"))]
mod update_tests_csaf_openpgp;
#[cfg(test)]
mod update_tests_nvd;

use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

use redb::{
    Database, MultimapTableDefinition, ReadOnlyDatabase, ReadOnlyMultimapTable, ReadOnlyTable,
    ReadTransaction, ReadableDatabase, TableDefinition,
};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::key::MatchKey;
use crate::lookup::{AdvisoryLookup, LookupError};
use crate::model::{Advisory, EpssScore, KevEntry};

pub use csaf_feed::directory_listing as csaf_directory_listing;
pub use feeds::{
    Feed, FeedConfig, FeedKind, OpenPgpPolicy, ProxyConfig, Secret, schema as feeds_schema,
};
pub use http::{Clock, ProxySettings, SystemClock};
pub use import::{
    FileReport, ImportEvent, ImportOptions, ImportReport, InputItem, Limits, human_size,
    import_inputs, import_paths, registry,
};
pub use status::{SourceStatus, Status};
pub use store::WriteSummary;
pub use update::{FeedOutcome, UpdateOptions, update_feed};

/// (source, id) → the advisory, MessagePack.
const ADVISORIES: TableDefinition<(&str, &str), &[u8]> = TableDefinition::new("advisories");
/// A match key's display form → (source, id).
const KEYS: MultimapTableDefinition<&str, (&str, &str)> = MultimapTableDefinition::new("keys");
/// An id (own or alias) → (source, id) of the advisories naming it.
const ALIASES: MultimapTableDefinition<&str, (&str, &str)> =
    MultimapTableDefinition::new("aliases");
/// CVE id → KEV entry, MessagePack.
const KEV: TableDefinition<&str, &[u8]> = TableDefinition::new("kev");
/// CVE id → EPSS score, MessagePack.
const EPSS: TableDefinition<&str, &[u8]> = TableDefinition::new("epss");
/// Source id → [`SourceMeta`], MessagePack.
const SOURCES: TableDefinition<&str, &[u8]> = TableDefinition::new("sources");
/// Feed name (`db update`) → [`SourceMeta`] of the feed (ETag, Last-Modified, URL), MessagePack.
const FEEDS: TableDefinition<&str, &[u8]> = TableDefinition::new("feeds");
/// `format` → the file format version.
const META: TableDefinition<&str, u64> = TableDefinition::new("meta");

/// The index file format this code reads and writes.
pub const FORMAT_VERSION: u64 = 1;

/// How many ids an alias group may reach before the walk stops (a chain of aliases through
/// a wrongly merged record must not walk the whole index).
const ALIAS_GROUP_CAP: usize = 1000;

/// Why the index could not be opened, read or written.
#[derive(Debug, Error)]
pub enum IndexError {
    /// No index file at the path.
    #[error(
        "no advisory index at {0}: create one with `rampart db import PATH…` or `rampart db update` (or point --db / RAMPART_DB at one)"
    )]
    Missing(PathBuf),
    /// The file exists but is not an index of a format this version reads.
    #[error("{path}: {message}")]
    Format {
        /// The index file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// The storage failed.
    #[error("advisory index {path}: {message}")]
    Storage {
        /// The index file.
        path: PathBuf,
        /// The storage error.
        message: String,
    },
    /// An input or feed could not be read at all (not a located problem of one file).
    #[error("{0}")]
    Input(String),
}

/// What the index keeps about one source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceMeta {
    /// Records of the source held (advisories, or KEV/EPSS entries).
    pub records: u64,
    /// When records were last imported from files, RFC 3339 UTC.
    pub last_import: Option<String>,
    /// When the feed was last downloaded (or found unchanged) by `db update`, RFC 3339 UTC.
    pub last_update: Option<String>,
    /// Where the last import or update read from (paths as given, or URLs).
    pub origins: Vec<String>,
    /// The feed's `ETag` at the last update, for a conditional request.
    pub etag: Option<String>,
    /// The feed's `Last-Modified` at the last update, for a conditional request.
    pub last_modified: Option<String>,
    /// The newest date the records carry (KEV `dateAdded`, EPSS score date), when they have one;
    /// for a CSAF document fetched by `db update`, the `updated` date its feed gave.
    pub data_date: Option<String>,
    /// `nvd-api` feeds: the end of the last window of changes imported (RFC 3339 UTC), so the
    /// next update asks only for CVEs modified since. Added after format 1 was released;
    /// `default` lets older files (which lack it) decode.
    #[serde(default)]
    pub modified_until: Option<String>,
    /// `csaf-provider` feeds: a provider's OpenPGP key (armoured), kept under
    /// `FEED-NAME\nopenpgp\nFINGERPRINT` once its fingerprint matched the listed one, so a
    /// later update can verify documents when the key's URL is unreachable. Added after
    /// format 1 was released; `default` lets older files decode.
    #[serde(default)]
    pub openpgp_key: Option<String>,
}

/// The on-disk advisory index.
pub struct Index {
    db: Db,
    path: PathBuf,
}

enum Db {
    /// Opened read-only.
    Read(Box<ReadOnly>),
    Write(Database),
}

/// A read-only handle: one read transaction for its life, since nothing writes (beginning one
/// per lookup costs more than the lookup itself), and the two tables key lookups read, opened
/// once.
struct ReadOnly {
    /// Kept open (and its file lock held) for as long as the transaction is used.
    _database: ReadOnlyDatabase,
    txn: ReadTransaction,
    keys: ReadOnlyMultimapTable<&'static str, (&'static str, &'static str)>,
    advisories: ReadOnlyTable<(&'static str, &'static str), &'static [u8]>,
}

/// A read transaction: the read-only handle's own, or a fresh one.
enum Txn<'a> {
    Held(&'a ReadTransaction),
    Fresh(ReadTransaction),
}

impl std::ops::Deref for Txn<'_> {
    type Target = ReadTransaction;
    fn deref(&self) -> &ReadTransaction {
        match self {
            Txn::Held(txn) => txn,
            Txn::Fresh(txn) => txn,
        }
    }
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// Where the index lives unless `--db` or `RAMPART_DB` says otherwise:
/// `$XDG_DATA_HOME/rampart/advisories.redb`, else `~/.local/share/rampart/advisories.redb`.
/// `None` when neither variable is set (then `--db` is required).
pub fn default_path() -> Option<PathBuf> {
    let non_empty = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let data = non_empty("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| non_empty("HOME").map(|home| PathBuf::from(home).join(".local/share")))?;
    Some(data.join("rampart").join("advisories.redb"))
}

/// redb's page cache: its default (1 GiB) alone would break the 1 GiB budget of an import;
/// a quarter of that keeps a 550,000-record import as fast (the batches are written
/// sequentially) and a scan's lookups warm.
const CACHE_BYTES: usize = 256 * 1024 * 1024;

fn builder() -> redb::Builder {
    let mut builder = redb::Builder::new();
    builder.set_cache_size(CACHE_BYTES);
    builder
}

impl Index {
    /// Opens an existing index for reading. Several readers may have it open while nothing
    /// writes. A file left by a crashed import is repaired first when the file is writable
    /// (redb needs a writable open for that); the last committed import is what it holds.
    pub fn open_read(path: &Path) -> Result<Index, IndexError> {
        if !path.is_file() {
            return Err(IndexError::Missing(path.to_owned()));
        }
        let index = match builder().open_read_only(path) {
            Ok(db) => {
                let txn = db.begin_read().map_err(|e| storage(path, &e))?;
                let keys = txn
                    .open_multimap_table(KEYS)
                    .map_err(|e| open_table_error(path, &e))?;
                let advisories = txn
                    .open_table(ADVISORIES)
                    .map_err(|e| open_table_error(path, &e))?;
                Index {
                    db: Db::Read(Box::new(ReadOnly {
                        _database: db,
                        txn,
                        keys,
                        advisories,
                    })),
                    path: path.to_owned(),
                }
            }
            Err(redb::DatabaseError::RepairAborted) => {
                let db = builder().open(path).map_err(|e| storage(path, &e))?;
                Index {
                    db: Db::Write(db),
                    path: path.to_owned(),
                }
            }
            Err(e) => return Err(open_error(path, &e)),
        };
        index.check_format()?;
        Ok(index)
    }

    /// Opens the index for writing, creating the file (and its folder) when missing. Only one
    /// process may have it open for writing.
    pub fn open_write(path: &Path) -> Result<Index, IndexError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| IndexError::Storage {
                path: path.to_owned(),
                message: format!("cannot create {}: {e}", parent.display()),
            })?;
        }
        let db = builder().create(path).map_err(|e| open_error(path, &e))?;
        let index = Index {
            db: Db::Write(db),
            path: path.to_owned(),
        };
        index.create_tables()?;
        Ok(index)
    }

    /// The index file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn begin_read(&self) -> Result<Txn<'_>, IndexError> {
        match &self.db {
            Db::Read(read) => Ok(Txn::Held(&read.txn)),
            Db::Write(db) => db
                .begin_read()
                .map(Txn::Fresh)
                .map_err(|e| self.storage(&e)),
        }
    }

    fn writer(&self) -> Result<&Database, IndexError> {
        match &self.db {
            Db::Write(db) => Ok(db),
            Db::Read(_) => Err(IndexError::Storage {
                path: self.path.clone(),
                message: "opened read-only".to_owned(),
            }),
        }
    }

    fn storage(&self, error: &dyn std::fmt::Display) -> IndexError {
        storage(&self.path, error)
    }

    fn check_format(&self) -> Result<(), IndexError> {
        let txn = self.begin_read()?;
        let format = txn.open_table(META).ok().and_then(|table| {
            let value = redb::ReadableTable::get(&table, "format").ok().flatten();
            value.map(|v| v.value())
        });
        match format {
            Some(FORMAT_VERSION) => Ok(()),
            Some(other) => Err(IndexError::Format {
                path: self.path.clone(),
                message: format!(
                    "index format {other}, this rampart reads {FORMAT_VERSION}: delete the file and import again"
                ),
            }),
            None => Err(IndexError::Format {
                path: self.path.clone(),
                message: "not a rampart advisory index".to_owned(),
            }),
        }
    }

    /// Every id of the vulnerability `id` names: `id` itself, the ids of the advisories naming
    /// it (as their own id or an alias) and their aliases, followed transitively, so a CVE,
    /// its GHSA, the DSA/DLA fixing it and a vendor's ICSA advisory come out as one group.
    /// Sorted; stops after 1000 ids.
    pub fn alias_group(&self, id: &str) -> Result<Vec<String>, LookupError> {
        let mut group = BTreeSet::from([id.to_owned()]);
        let mut queue = VecDeque::from([id.to_owned()]);
        let mut seen_advisories = BTreeSet::new();
        while let Some(next) = queue.pop_front() {
            for (source, advisory_id) in self.naming(&next).map_err(lookup_error)? {
                if !seen_advisories.insert((source.clone(), advisory_id.clone())) {
                    continue;
                }
                let Some(advisory) = self.advisory(&source, &advisory_id).map_err(lookup_error)?
                else {
                    continue;
                };
                for other in std::iter::once(advisory.id).chain(advisory.aliases) {
                    if group.len() >= ALIAS_GROUP_CAP {
                        return Ok(group.into_iter().collect());
                    }
                    if group.insert(other.clone()) {
                        queue.push_back(other);
                    }
                }
            }
        }
        Ok(group.into_iter().collect())
    }
}

/// A table missing from a file that opened: not an index of ours.
fn open_table_error(path: &Path, error: &redb::TableError) -> IndexError {
    match error {
        redb::TableError::TableDoesNotExist(_) => IndexError::Format {
            path: path.to_owned(),
            message: "not a rampart advisory index".to_owned(),
        },
        other => storage(path, other),
    }
}

fn storage(path: &Path, error: &dyn std::fmt::Display) -> IndexError {
    IndexError::Storage {
        path: path.to_owned(),
        message: error.to_string(),
    }
}

fn open_error(path: &Path, error: &redb::DatabaseError) -> IndexError {
    match error {
        redb::DatabaseError::DatabaseAlreadyOpen => IndexError::Storage {
            path: path.to_owned(),
            message: "another rampart process is writing the index; try again when it is done"
                .to_owned(),
        },
        redb::DatabaseError::Storage(redb::StorageError::Corrupted(message)) => {
            IndexError::Format {
                path: path.to_owned(),
                message: format!("not a rampart advisory index ({message})"),
            }
        }
        other => storage(path, other),
    }
}

pub(crate) fn lookup_error(error: IndexError) -> LookupError {
    let (place, message) = match error {
        IndexError::Storage { path, message } | IndexError::Format { path, message } => {
            (path.display().to_string(), message)
        }
        other => (String::new(), other.to_string()),
    };
    LookupError { place, message }
}

impl AdvisoryLookup for Index {
    fn advisories(&self, key: &MatchKey) -> Result<Vec<Advisory>, LookupError> {
        self.advisories_by_key(&key.to_string())
            .map_err(lookup_error)
    }

    fn kev(&self, cve: &str) -> Result<Option<KevEntry>, LookupError> {
        self.get_decoded(KEV, cve).map_err(lookup_error)
    }

    fn epss(&self, cve: &str) -> Result<Option<EpssScore>, LookupError> {
        self.get_decoded(EPSS, cve).map_err(lookup_error)
    }
}
