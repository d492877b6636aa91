//! What matching asks of an index: candidates by key, and the KEV and EPSS facts of a CVE.
//!
//! The on-disk index and the in-memory [`MemoryIndex`] (tests, the demo's bundled advisories)
//! both implement [`AdvisoryLookup`], so matching never knows which it reads.

use std::collections::HashMap;
use std::sync::Arc;

use thiserror::Error;

use crate::key::MatchKey;
use crate::matching::ReadyAdvisory;
use crate::model::{Advisory, EpssScore, KevEntry, Record};

/// The index could not answer.
#[derive(Debug, Error)]
#[error("advisory index {place}: {message}")]
pub struct LookupError {
    /// The index file, or `memory`.
    pub place: String,
    /// What went wrong.
    pub message: String,
}

/// Read access to a set of advisories and their enrichment.
pub trait AdvisoryLookup {
    /// Every advisory filed under `key`, each once; in (source, id) order where the index
    /// keeps them so (both of Rampart's do; matching sorts any other order itself).
    fn advisories(&self, key: &MatchKey) -> Result<Vec<Advisory>, LookupError>;
    /// The same as [`advisories`](AdvisoryLookup::advisories), shared rather than copied:
    /// matching looks up every key of every component, and an index that holds its records
    /// in memory can hand out references instead of deep copies. The default wraps
    /// `advisories`.
    fn shared_advisories(&self, key: &MatchKey) -> Result<Vec<Arc<Advisory>>, LookupError> {
        Ok(self.advisories(key)?.into_iter().map(Arc::new).collect())
    }
    /// The same records, each with room for the form matching prepares from it (parsed
    /// ranges and criteria). An index that keeps its records in memory keeps these too, so
    /// that a record is prepared once however many scans judge it; the default wraps
    /// `shared_advisories`, and each scan prepares what it judges.
    fn ready_advisories(&self, key: &MatchKey) -> Result<Vec<Arc<ReadyAdvisory>>, LookupError> {
        Ok(self
            .shared_advisories(key)?
            .into_iter()
            .map(|advisory| Arc::new(ReadyAdvisory::new(advisory)))
            .collect())
    }
    /// The KEV entry of `cve`, if it is known exploited.
    fn kev(&self, cve: &str) -> Result<Option<KevEntry>, LookupError>;
    /// The EPSS score of `cve`, if scored.
    fn epss(&self, cve: &str) -> Result<Option<EpssScore>, LookupError>;
}

/// Advisories held in memory, keyed like the on-disk index, each with its matching-ready
/// form (prepared by the first scan that judges it, kept for the next).
#[derive(Debug, Default)]
pub struct MemoryIndex {
    advisories: Vec<Arc<ReadyAdvisory>>,
    by_key: HashMap<MatchKey, Vec<usize>>,
    by_id: HashMap<(String, String), usize>,
    kev: HashMap<String, KevEntry>,
    epss: HashMap<String, EpssScore>,
}

impl MemoryIndex {
    /// An empty index.
    pub fn new() -> Self {
        MemoryIndex::default()
    }

    /// Adds a record. An advisory with the same source and id as one already held replaces
    /// it (a newer copy of the same record), as it does in the on-disk index.
    pub fn insert(&mut self, record: Record) {
        match record {
            Record::Advisory(advisory) => self.insert_advisory(*advisory),
            Record::Kev(entry) => {
                self.kev.insert(entry.cve.clone(), entry);
            }
            Record::Epss(score) => {
                self.epss.insert(score.cve.clone(), score);
            }
        }
    }

    fn insert_advisory(&mut self, advisory: Advisory) {
        let id = (advisory.source.clone(), advisory.id.clone());
        let keys = advisory.match_keys();
        let slot = if let Some(&slot) = self.by_id.get(&id) {
            for list in self.by_key.values_mut() {
                list.retain(|&i| i != slot);
            }
            self.advisories[slot] = ready(advisory);
            slot
        } else {
            let slot = self.advisories.len();
            self.by_id.insert(id, slot);
            self.advisories.push(ready(advisory));
            slot
        };
        // Each key's records in (source, id) order, as the on-disk index returns them:
        // matching then needs no sort for a component found under one key.
        let advisories = &self.advisories;
        let order = |i: usize| {
            let advisory = advisories[i].advisory();
            (&advisory.source, &advisory.id)
        };
        for key in keys {
            let list = self.by_key.entry(key).or_default();
            if let Err(at) = list.binary_search_by(|&i| order(i).cmp(&order(slot))) {
                list.insert(at, slot);
            }
        }
    }

    /// The records filed under `key`, in (source, id) order.
    fn held<'a>(&'a self, key: &MatchKey) -> impl Iterator<Item = &'a Arc<ReadyAdvisory>> + 'a {
        self.by_key
            .get(key)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|&i| &self.advisories[i])
    }

    /// Number of advisories held.
    pub fn len(&self) -> usize {
        self.advisories.len()
    }

    /// True when no advisory is held.
    pub fn is_empty(&self) -> bool {
        self.advisories.is_empty()
    }
}

impl AdvisoryLookup for MemoryIndex {
    fn advisories(&self, key: &MatchKey) -> Result<Vec<Advisory>, LookupError> {
        Ok(self.held(key).map(|r| r.advisory().clone()).collect())
    }

    fn shared_advisories(&self, key: &MatchKey) -> Result<Vec<Arc<Advisory>>, LookupError> {
        Ok(self.held(key).map(|r| Arc::clone(r.shared())).collect())
    }

    fn ready_advisories(&self, key: &MatchKey) -> Result<Vec<Arc<ReadyAdvisory>>, LookupError> {
        Ok(self.held(key).map(Arc::clone).collect())
    }

    fn kev(&self, cve: &str) -> Result<Option<KevEntry>, LookupError> {
        Ok(self.kev.get(cve).cloned())
    }

    fn epss(&self, cve: &str) -> Result<Option<EpssScore>, LookupError> {
        Ok(self.epss.get(cve).cloned())
    }
}

fn ready(advisory: Advisory) -> Arc<ReadyAdvisory> {
    Arc::new(ReadyAdvisory::new(Arc::new(advisory)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Affected, AffectedPackage};

    fn advisory(id: &str, package: &str) -> Advisory {
        Advisory {
            id: id.to_owned(),
            source: "osv".to_owned(),
            affected: vec![Affected::Package(AffectedPackage {
                ecosystem: "Debian:12".to_owned(),
                name: package.to_owned(),
                ..AffectedPackage::default()
            })],
            ..Advisory::default()
        }
    }

    #[test]
    fn shared_advisories_are_the_held_records_not_copies() {
        let mut index = MemoryIndex::new();
        index.insert(Record::Advisory(Box::new(advisory("DSA-1", "openssl"))));
        let key = MatchKey::package("Debian", "openssl");
        let first = index.shared_advisories(&key).unwrap();
        let again = index.shared_advisories(&key).unwrap();
        assert!(Arc::ptr_eq(&first[0], &again[0]));
        assert_eq!(*first[0], index.advisories(&key).unwrap()[0]);
    }

    /// An npm record affecting `left` from 1.0.0 until `fixed`.
    fn npm_advisory(fixed: &str) -> Advisory {
        use crate::model::{OsvRange, RangeEvent, RangeKind};
        Advisory {
            id: "GHSA-1".to_owned(),
            source: "osv".to_owned(),
            affected: vec![Affected::Package(AffectedPackage {
                ecosystem: "npm".to_owned(),
                name: "left".to_owned(),
                ranges: vec![OsvRange {
                    kind: RangeKind::Ecosystem,
                    events: vec![
                        RangeEvent::Introduced("1.0.0".to_owned()),
                        RangeEvent::Fixed(fixed.to_owned()),
                    ],
                }],
                ..AffectedPackage::default()
            })],
            ..Advisory::default()
        }
    }

    fn left(version: &str) -> rampart_sbom::Component {
        rampart_sbom::Component {
            name: "left".to_owned(),
            version: Some(version.to_owned()),
            purl: Some(format!("pkg:npm/left@{version}")),
            ..rampart_sbom::Component::default()
        }
    }

    #[test]
    fn records_are_prepared_once_and_kept_for_later_scans() {
        let mut index = MemoryIndex::new();
        index.insert(Record::Advisory(Box::new(npm_advisory("1.2.0"))));
        let key = MatchKey::package("npm", "left");
        let held = index.ready_advisories(&key).unwrap();
        let Affected::Package(package) = &held[0].advisory().affected[0] else {
            unreachable!("an npm package record")
        };
        let components = [left("1.1.0")];
        assert_eq!(crate::scan(&components, &index).unwrap().findings.len(), 1);
        let prepared = held[0].ranges(0, package).as_ptr();
        assert_eq!(crate::scan(&components, &index).unwrap().findings.len(), 1);
        let again = index.ready_advisories(&key).unwrap();
        assert!(Arc::ptr_eq(&held[0], &again[0]));
        assert_eq!(again[0].ranges(0, package).as_ptr(), prepared);
    }

    #[test]
    fn a_replaced_record_is_judged_by_its_new_ranges_not_the_prepared_old_ones() {
        let mut index = MemoryIndex::new();
        index.insert(Record::Advisory(Box::new(npm_advisory("1.2.0"))));
        let components = [left("1.1.0")];
        assert_eq!(crate::scan(&components, &index).unwrap().findings.len(), 1);
        index.insert(Record::Advisory(Box::new(npm_advisory("1.1.0"))));
        assert!(
            crate::scan(&components, &index)
                .unwrap()
                .findings
                .is_empty()
        );
    }

    #[test]
    fn a_newer_copy_replaces_the_record_and_its_keys() {
        let mut index = MemoryIndex::new();
        index.insert(Record::Advisory(Box::new(advisory("DSA-1", "openssl"))));
        index.insert(Record::Advisory(Box::new(advisory("DSA-1", "curl"))));
        assert_eq!(index.len(), 1);
        let openssl = MatchKey::package("Debian", "openssl");
        let curl = MatchKey::package("Debian", "curl");
        assert!(index.advisories(&openssl).unwrap().is_empty());
        assert_eq!(index.advisories(&curl).unwrap().len(), 1);
    }
}
