//! Reading the index: records by (source, id), by key, by alias; KEV, EPSS and source metadata.

use redb::{ReadableMultimapTable, ReadableTable, ReadableTableMetadata, TableDefinition};
use serde::de::DeserializeOwned;

use super::{ADVISORIES, ALIASES, Db, FEEDS, Index, IndexError, KEYS, SOURCES, SourceMeta};
use crate::model::Advisory;

impl Index {
    /// The advisory `id` of `source`, if held.
    pub fn advisory(&self, source: &str, id: &str) -> Result<Option<Advisory>, IndexError> {
        let txn = self.begin_read()?;
        let table = txn.open_table(ADVISORIES).map_err(|e| self.storage(&e))?;
        let value = table.get((source, id)).map_err(|e| self.storage(&e))?;
        value.map(|v| self.decode(v.value())).transpose()
    }

    /// Every advisory filed under the key whose display form is `key`, each once, in
    /// (source, id) order.
    pub fn advisories_by_key(&self, key: &str) -> Result<Vec<Advisory>, IndexError> {
        if let Db::Read(read) = &self.db {
            return self.collect_by_key(&read.keys, &read.advisories, key);
        }
        let txn = self.begin_read()?;
        let keys = txn
            .open_multimap_table(KEYS)
            .map_err(|e| self.storage(&e))?;
        let records = txn.open_table(ADVISORIES).map_err(|e| self.storage(&e))?;
        self.collect_by_key(&keys, &records, key)
    }

    fn collect_by_key(
        &self,
        keys: &impl ReadableMultimapTable<&'static str, (&'static str, &'static str)>,
        records: &impl ReadableTable<(&'static str, &'static str), &'static [u8]>,
        key: &str,
    ) -> Result<Vec<Advisory>, IndexError> {
        let mut out = Vec::new();
        for entry in keys.get(key).map_err(|e| self.storage(&e))? {
            let entry = entry.map_err(|e| self.storage(&e))?;
            let (source, id) = entry.value();
            if let Some(bytes) = records.get((source, id)).map_err(|e| self.storage(&e))? {
                out.push(self.decode(bytes.value())?);
            }
        }
        Ok(out)
    }

    /// (source, id) of every advisory whose own id or alias is `id`.
    pub(crate) fn naming(&self, id: &str) -> Result<Vec<(String, String)>, IndexError> {
        let txn = self.begin_read()?;
        let aliases = txn
            .open_multimap_table(ALIASES)
            .map_err(|e| self.storage(&e))?;
        let mut out = Vec::new();
        for entry in aliases.get(id).map_err(|e| self.storage(&e))? {
            let entry = entry.map_err(|e| self.storage(&e))?;
            let (source, advisory) = entry.value();
            out.push((source.to_owned(), advisory.to_owned()));
        }
        Ok(out)
    }

    /// What the index keeps about `source`, if anything was imported from it.
    pub fn source_meta(&self, source: &str) -> Result<Option<SourceMeta>, IndexError> {
        self.get_decoded(SOURCES, source)
    }

    /// What the index keeps about the feed `name` of `db update`.
    pub fn feed_meta(&self, name: &str) -> Result<Option<SourceMeta>, IndexError> {
        self.get_decoded(FEEDS, name)
    }

    /// Every source with metadata, in id order.
    pub fn source_metas(&self) -> Result<Vec<(String, SourceMeta)>, IndexError> {
        let txn = self.begin_read()?;
        let table = txn.open_table(SOURCES).map_err(|e| self.storage(&e))?;
        let mut out = Vec::new();
        for entry in table.iter().map_err(|e| self.storage(&e))? {
            let (id, bytes) = entry.map_err(|e| self.storage(&e))?;
            out.push((id.value().to_owned(), self.decode(bytes.value())?));
        }
        Ok(out)
    }

    /// Number of entries of a CVE-keyed table.
    pub(crate) fn count(&self, table: TableDefinition<&str, &[u8]>) -> Result<u64, IndexError> {
        let txn = self.begin_read()?;
        let table = txn.open_table(table).map_err(|e| self.storage(&e))?;
        table.len().map_err(|e| self.storage(&e))
    }

    pub(crate) fn get_decoded<T: DeserializeOwned>(
        &self,
        table: TableDefinition<&str, &[u8]>,
        key: &str,
    ) -> Result<Option<T>, IndexError> {
        let txn = self.begin_read()?;
        let table = txn.open_table(table).map_err(|e| self.storage(&e))?;
        let value = table.get(key).map_err(|e| self.storage(&e))?;
        value.map(|v| self.decode(v.value())).transpose()
    }

    pub(crate) fn decode<T: DeserializeOwned>(&self, bytes: &[u8]) -> Result<T, IndexError> {
        rmp_serde::from_slice(bytes).map_err(|e| IndexError::Format {
            path: self.path.clone(),
            message: format!(
                "a stored record does not decode ({e}): delete the file and import again"
            ),
        })
    }
}
