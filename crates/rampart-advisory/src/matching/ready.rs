//! Records made ready for matching once, and kept by the index that holds them.
//!
//! Judging a record needs its ranges validated, parsed and sorted and its CPE criteria
//! parsed. Doing that in every scan was most of a warm scan's time: a record met by
//! components of several runs was prepared once per run, and every preparation allocated
//! copies of its version strings. A [`ReadyAdvisory`] carries an advisory with a slot for
//! the prepared form of each affected entry, filled the first time a scan needs it (so a
//! package of another ecosystem is never prepared) and kept for every later scan. The
//! advisory is shared and never changed, so the prepared form cannot go stale: an index that
//! replaces a record replaces its `ReadyAdvisory` with it.

use std::sync::{Arc, OnceLock};

use rampart_sbom::Cpe;

use crate::model::{Advisory, Affected, AffectedPackage, CpeConfiguration};

use super::package::{Prepared, prepare_all};

/// An advisory with room for its matching-ready form. Cheap to make: nothing is prepared
/// until a scan judges the record.
#[derive(Debug)]
pub struct ReadyAdvisory {
    advisory: Arc<Advisory>,
    /// One per entry of `advisory.affected`, in the same order.
    affected: Box<[ReadyAffected]>,
}

/// A configuration's criteria parsed, by node and then criterion; `None` where a criterion
/// is no valid CPE name (it then never matches).
pub(crate) type ParsedCriteria = [Box<[Option<Cpe>]>];

/// The prepared form of one affected entry.
#[derive(Debug)]
enum ReadyAffected {
    /// The package's ranges, each validated, parsed and sorted (or why not).
    Package(OnceLock<Box<[Prepared]>>),
    /// Each node's criteria parsed.
    Cpe(OnceLock<Box<ParsedCriteria>>),
    /// CSAF products are judged from the record itself.
    Product,
}

impl ReadyAdvisory {
    /// `advisory`, ready to be prepared as scans judge it.
    pub fn new(advisory: Arc<Advisory>) -> Self {
        let affected = advisory
            .affected
            .iter()
            .map(|affected| match affected {
                Affected::Package(_) => ReadyAffected::Package(OnceLock::new()),
                Affected::Cpe(_) => ReadyAffected::Cpe(OnceLock::new()),
                Affected::Product(_) => ReadyAffected::Product,
            })
            .collect();
        ReadyAdvisory { advisory, affected }
    }

    /// The advisory.
    pub fn advisory(&self) -> &Advisory {
        &self.advisory
    }

    /// The advisory, shared.
    pub fn shared(&self) -> &Arc<Advisory> {
        &self.advisory
    }

    /// The ranges of affected entry `index`, which is `package`, prepared on first use.
    pub(crate) fn ranges(&self, index: usize, package: &AffectedPackage) -> &[Prepared] {
        match self.affected.get(index) {
            Some(ReadyAffected::Package(cell)) => cell.get_or_init(|| prepare_all(package)),
            // `affected` mirrors the advisory's entries, so this is never reached; preparing
            // nothing would leave the package unjudged rather than wrongly judged.
            _ => &[],
        }
    }

    /// The parsed criteria of affected entry `index`, which is `configuration`, by node,
    /// parsed on first use.
    pub(crate) fn criteria(
        &self,
        index: usize,
        configuration: &CpeConfiguration,
    ) -> &ParsedCriteria {
        match self.affected.get(index) {
            Some(ReadyAffected::Cpe(cell)) => cell.get_or_init(|| {
                configuration
                    .nodes
                    .iter()
                    .map(|node| {
                        node.matches
                            .iter()
                            .map(|m| Cpe::parse(&m.criteria).ok())
                            .collect()
                    })
                    .collect()
            }),
            _ => &[],
        }
    }
}
