//! `rampart db status`: what the index holds and how old each source's data is.

use serde::Serialize;

use super::{EPSS, Index, IndexError, KEV};

/// The state of the index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    /// Always `rampart.db.status/1`.
    pub schema: &'static str,
    /// The index file.
    pub path: String,
    /// Its size in bytes.
    pub size_bytes: u64,
    /// The age, in days, over which a source is reported stale.
    pub max_age_days: u64,
    /// One entry per source imported, in id order.
    pub sources: Vec<SourceStatus>,
    /// KEV entries held.
    pub kev_entries: u64,
    /// EPSS scores held.
    pub epss_scores: u64,
}

/// What the index holds of one source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceStatus {
    /// The source id.
    pub id: String,
    /// Records held.
    pub records: u64,
    /// When records were last imported, RFC 3339 UTC.
    pub last_import: Option<String>,
    /// When the feed was last downloaded or found unchanged, RFC 3339 UTC.
    pub last_update: Option<String>,
    /// Where the last import or update read from.
    pub origins: Vec<String>,
    /// The newest date the records carry (KEV `dateAdded`, EPSS score date).
    pub data_date: Option<String>,
    /// Whole days since the later of `last_import` and `last_update`.
    pub age_days: Option<u64>,
    /// True when `age_days` is over the threshold: the data should be refreshed.
    pub stale: bool,
}

impl Index {
    /// The state of the index as of `now`, with sources older than `max_age_days` marked stale.
    pub fn status(&self, now: jiff::Timestamp, max_age_days: u64) -> Result<Status, IndexError> {
        let size_bytes = std::fs::metadata(&self.path).map_or(0, |m| m.len());
        let mut sources = Vec::new();
        for (id, meta) in self.source_metas()? {
            let freshest = [&meta.last_import, &meta.last_update]
                .into_iter()
                .flatten()
                .filter_map(|t| t.parse::<jiff::Timestamp>().ok())
                .max();
            let age_days = freshest.map(|t| {
                u64::try_from(now.as_second().saturating_sub(t.as_second()) / 86_400).unwrap_or(0)
            });
            sources.push(SourceStatus {
                id,
                records: meta.records,
                last_import: meta.last_import,
                last_update: meta.last_update,
                origins: meta.origins,
                data_date: meta.data_date,
                age_days,
                stale: age_days.is_some_and(|age| age > max_age_days),
            });
        }
        Ok(Status {
            schema: "rampart.db.status/1",
            path: self.path.display().to_string(),
            size_bytes,
            max_age_days,
            sources,
            kev_entries: self.count(KEV)?,
            epss_scores: self.count(EPSS)?,
        })
    }
}
