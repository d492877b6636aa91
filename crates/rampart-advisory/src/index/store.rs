//! Writing the index: one write transaction per batch, so a batch is in the file whole or not
//! at all; a newer copy of a record replaces the old one and its keys; `--replace` drops what
//! a full feed no longer has.

use std::collections::{BTreeMap, HashSet};

use redb::{MultimapTable, ReadableTable, Table, WriteTransaction};

use super::{
    ADVISORIES, ALIASES, EPSS, FEEDS, FORMAT_VERSION, Index, IndexError, KEV, KEYS, META, SOURCES,
    SourceMeta,
};
use crate::model::{Advisory, Record};

/// What a write changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteSummary {
    /// Records new to the index.
    pub inserted: u64,
    /// Records that replaced a held copy with the same (source, id) or CVE.
    pub replaced: u64,
    /// Records removed (`--replace`: no longer in the feed).
    pub removed: u64,
}

impl WriteSummary {
    fn add(&mut self, other: WriteSummary) {
        self.inserted += other.inserted;
        self.replaced += other.replaced;
        self.removed += other.removed;
    }
}

/// Records of one source to write, with where they came from.
#[derive(Debug, Default)]
pub(crate) struct SourceBatch {
    pub source: String,
    pub records: Vec<Record>,
}

struct Tables<'t> {
    advisories: Table<'t, (&'static str, &'static str), &'static [u8]>,
    keys: MultimapTable<'t, &'static str, (&'static str, &'static str)>,
    aliases: MultimapTable<'t, &'static str, (&'static str, &'static str)>,
    kev: Table<'t, &'static str, &'static [u8]>,
    epss: Table<'t, &'static str, &'static [u8]>,
}

impl Index {
    pub(super) fn create_tables(&self) -> Result<(), IndexError> {
        let txn = self.begin_write()?;
        {
            let mut meta = txn.open_table(META).map_err(|e| self.storage(&e))?;
            let format = meta
                .get("format")
                .map_err(|e| self.storage(&e))?
                .map(|v| v.value());
            match format {
                None => {
                    meta.insert("format", FORMAT_VERSION)
                        .map_err(|e| self.storage(&e))?;
                }
                Some(FORMAT_VERSION) => {}
                Some(other) => {
                    return Err(IndexError::Format {
                        path: self.path.clone(),
                        message: format!(
                            "index format {other}, this rampart writes {FORMAT_VERSION}: delete the file and import again"
                        ),
                    });
                }
            }
            self.open_tables(&txn)?;
            txn.open_table(SOURCES).map_err(|e| self.storage(&e))?;
            txn.open_table(FEEDS).map_err(|e| self.storage(&e))?;
        }
        txn.commit().map_err(|e| self.storage(&e))
    }

    fn begin_write(&self) -> Result<WriteTransaction, IndexError> {
        self.writer()?.begin_write().map_err(|e| self.storage(&e))
    }

    fn open_tables<'t>(&self, txn: &'t WriteTransaction) -> Result<Tables<'t>, IndexError> {
        let e = |e: redb::TableError| self.storage(&e);
        Ok(Tables {
            advisories: txn.open_table(ADVISORIES).map_err(e)?,
            keys: txn.open_multimap_table(KEYS).map_err(e)?,
            aliases: txn.open_multimap_table(ALIASES).map_err(e)?,
            kev: txn.open_table(KEV).map_err(e)?,
            epss: txn.open_table(EPSS).map_err(e)?,
        })
    }

    /// Writes `records` of `source` in one transaction (tests, benches, the demo); the same
    /// path the importer takes for each batch.
    pub fn write_records(
        &self,
        source: &str,
        records: Vec<Record>,
        origins: &[String],
    ) -> Result<WriteSummary, IndexError> {
        let batch = vec![SourceBatch {
            source: source.to_owned(),
            records,
        }];
        self.write_batch(batch, origins, &mut |_| {})
    }

    /// Writes every record of `batches` in one transaction, committed at the end: an
    /// interrupted write leaves the index as the previous commit left it. `progress` is told
    /// how many records were written so far.
    pub(crate) fn write_batch(
        &self,
        batches: Vec<SourceBatch>,
        origins: &[String],
        progress: &mut dyn FnMut(u64),
    ) -> Result<WriteSummary, IndexError> {
        let txn = self.begin_write()?;
        let mut summary = WriteSummary::default();
        let mut per_source: BTreeMap<String, (WriteSummary, Option<String>)> = BTreeMap::new();
        let mut written = 0;
        {
            let mut tables = self.open_tables(&txn)?;
            for batch in batches {
                let (source_summary, data_date) =
                    per_source.entry(batch.source.clone()).or_default();
                for record in batch.records {
                    let (change, date) = self.put(&mut tables, &batch.source, record)?;
                    source_summary.add(change);
                    if date > *data_date {
                        data_date.clone_from(&date);
                    }
                    written += 1;
                    progress(written);
                }
            }
        }
        let now = now();
        for (source, (change, data_date)) in per_source {
            summary.add(change);
            self.update_meta(&txn, &source, |meta| {
                meta.records = (meta.records + change.inserted).saturating_sub(change.removed);
                meta.last_import = Some(now.clone());
                meta.origins = origins.to_vec();
                if data_date > meta.data_date {
                    meta.data_date = data_date;
                }
            })?;
        }
        txn.commit().map_err(|e| self.storage(&e))?;
        Ok(summary)
    }

    /// Changes the metadata of `source` in its own transaction (`db update` records ETags).
    pub fn set_source_meta(
        &self,
        source: &str,
        change: impl FnOnce(&mut SourceMeta),
    ) -> Result<(), IndexError> {
        let txn = self.begin_write()?;
        self.update_meta(&txn, source, change)?;
        txn.commit().map_err(|e| self.storage(&e))
    }

    /// Changes what the index keeps about the feed `name` of `db update`.
    pub fn set_feed_meta(
        &self,
        name: &str,
        change: impl FnOnce(&mut SourceMeta),
    ) -> Result<(), IndexError> {
        let txn = self.begin_write()?;
        self.update_meta_in(&txn, FEEDS, name, change)?;
        txn.commit().map_err(|e| self.storage(&e))
    }

    /// Replaces what the index keeps under each of `entries`' feed names in one transaction
    /// (the per-document states of a CSAF provider feed: thousands of small writes).
    pub(crate) fn put_feed_metas(
        &self,
        entries: Vec<(String, SourceMeta)>,
    ) -> Result<(), IndexError> {
        if entries.is_empty() {
            return Ok(());
        }
        let txn = self.begin_write()?;
        for (name, meta) in entries {
            self.update_meta_in(&txn, FEEDS, &name, |m| *m = meta)?;
        }
        txn.commit().map_err(|e| self.storage(&e))
    }

    fn update_meta(
        &self,
        txn: &WriteTransaction,
        source: &str,
        change: impl FnOnce(&mut SourceMeta),
    ) -> Result<(), IndexError> {
        self.update_meta_in(txn, SOURCES, source, change)
    }

    fn update_meta_in(
        &self,
        txn: &WriteTransaction,
        table: redb::TableDefinition<&str, &[u8]>,
        source: &str,
        change: impl FnOnce(&mut SourceMeta),
    ) -> Result<(), IndexError> {
        let mut table = txn.open_table(table).map_err(|e| self.storage(&e))?;
        let mut meta: SourceMeta = match table.get(source).map_err(|e| self.storage(&e))? {
            Some(bytes) => self.decode(bytes.value())?,
            None => SourceMeta::default(),
        };
        change(&mut meta);
        let bytes = encode(&meta);
        table
            .insert(source, bytes.as_slice())
            .map_err(|e| self.storage(&e))?;
        Ok(())
    }

    /// Writes one record; returns what changed and the record's data date (KEV, EPSS).
    fn put(
        &self,
        tables: &mut Tables<'_>,
        source: &str,
        record: Record,
    ) -> Result<(WriteSummary, Option<String>), IndexError> {
        let e = |e: redb::StorageError| self.storage(&e);
        let mut change = WriteSummary::default();
        let mut count = |replaced: bool| {
            if replaced {
                change.replaced += 1;
            } else {
                change.inserted += 1;
            }
        };
        match record {
            Record::Advisory(mut advisory) => {
                if advisory.source.is_empty() {
                    source.clone_into(&mut advisory.source);
                }
                let replaced = self.remove_advisory(tables, &advisory.source, &advisory.id)?;
                let id = (advisory.source.as_str(), advisory.id.as_str());
                for key in advisory.match_keys() {
                    tables
                        .keys
                        .insert(key.to_string().as_str(), id)
                        .map_err(e)?;
                }
                for name in std::iter::once(&advisory.id).chain(&advisory.aliases) {
                    tables.aliases.insert(name.as_str(), id).map_err(e)?;
                }
                tables
                    .advisories
                    .insert(id, encode(&advisory).as_slice())
                    .map_err(e)?;
                count(replaced);
                Ok((change, None))
            }
            Record::Kev(entry) => {
                let bytes = encode(&entry);
                let old = tables
                    .kev
                    .insert(entry.cve.as_str(), bytes.as_slice())
                    .map_err(e)?;
                count(old.is_some());
                Ok((change, Some(entry.date_added)))
            }
            Record::Epss(score) => {
                let bytes = encode(&score);
                let old = tables
                    .epss
                    .insert(score.cve.as_str(), bytes.as_slice())
                    .map_err(e)?;
                count(old.is_some());
                Ok((change, score.date))
            }
        }
    }

    /// Removes the advisory `id` of `source` with its keys and aliases; false when not held.
    fn remove_advisory(
        &self,
        tables: &mut Tables<'_>,
        source: &str,
        id: &str,
    ) -> Result<bool, IndexError> {
        let e = |e: redb::StorageError| self.storage(&e);
        let old = tables.advisories.remove((source, id)).map_err(e)?;
        let Some(old) = old else {
            return Ok(false);
        };
        let old: Advisory = self.decode(old.value())?;
        for key in old.match_keys() {
            tables
                .keys
                .remove(key.to_string().as_str(), (source, id))
                .map_err(e)?;
        }
        for name in std::iter::once(&old.id).chain(&old.aliases) {
            tables
                .aliases
                .remove(name.as_str(), (source, id))
                .map_err(e)?;
        }
        Ok(true)
    }

    /// Removes, in one transaction, the advisories of `source` whose ids are not in
    /// `advisories`, and (when `kev`/`epss` are given) the KEV/EPSS entries not in them: what
    /// `--replace` does after a full feed imported without a refused input.
    pub(crate) fn remove_unseen(
        &self,
        source: &str,
        advisories: &HashSet<String>,
        kev: Option<&HashSet<String>>,
        epss: Option<&HashSet<String>>,
    ) -> Result<WriteSummary, IndexError> {
        let e = |e: redb::StorageError| self.storage(&e);
        let txn = self.begin_write()?;
        let mut removed = 0;
        {
            let mut tables = self.open_tables(&txn)?;
            let mut stale = Vec::new();
            for entry in tables.advisories.range((source, "")..).map_err(e)? {
                let (key, _) = entry.map_err(e)?;
                let (held_source, id) = key.value();
                if held_source != source {
                    break;
                }
                if !advisories.contains(id) {
                    stale.push(id.to_owned());
                }
            }
            for id in stale {
                self.remove_advisory(&mut tables, source, &id)?;
                removed += 1;
            }
            for (table, seen) in [(&mut tables.kev, kev), (&mut tables.epss, epss)] {
                let Some(seen) = seen else { continue };
                let mut stale = Vec::new();
                for entry in table.iter().map_err(e)? {
                    let (cve, _) = entry.map_err(e)?;
                    if !seen.contains(cve.value()) {
                        stale.push(cve.value().to_owned());
                    }
                }
                for cve in stale {
                    table.remove(cve.as_str()).map_err(e)?;
                    removed += 1;
                }
            }
        }
        self.update_meta(&txn, source, |meta| {
            meta.records = meta.records.saturating_sub(removed);
        })?;
        txn.commit().map_err(|e| self.storage(&e))?;
        Ok(WriteSummary {
            removed,
            ..WriteSummary::default()
        })
    }
}

fn encode<T: serde::Serialize>(value: &T) -> Vec<u8> {
    // Serialising the model into a Vec cannot fail: every field is a plain serde type.
    rmp_serde::to_vec(value).expect("the advisory model serialises to MessagePack")
}

/// Now, RFC 3339 UTC, truncated to the second.
pub(crate) fn now() -> String {
    let now = jiff::Timestamp::now();
    let second = jiff::TimestampRound::new()
        .smallest(jiff::Unit::Second)
        .mode(jiff::RoundMode::Trunc);
    now.round(second).unwrap_or(now).to_string()
}
