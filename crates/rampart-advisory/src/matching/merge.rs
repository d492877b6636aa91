//! One finding per vulnerability: a component's matches to records that name the same
//! vulnerability (linked by ids and aliases, transitively) are merged, and upstream CPE
//! matches of a distro package give way to the distro's own records.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::model::Advisory;

use super::report::{Evidence, Identifier};

/// One record matched to one component.
#[derive(Debug, Clone)]
pub(crate) struct RawMatch<'a> {
    pub advisory: &'a Advisory,
    pub evidence: Evidence,
    pub fixed: Vec<String>,
}

impl RawMatch<'_> {
    /// Whether the match came through a CPE (own or derived).
    pub fn is_cpe(&self) -> bool {
        matches!(
            self.evidence.identifier,
            Identifier::Cpe | Identifier::DerivedCpe
        )
    }
}

/// The matches of one vulnerability, with every id its records give it.
#[derive(Debug)]
pub(crate) struct Group<'a> {
    pub ids: BTreeSet<String>,
    pub matches: Vec<RawMatch<'a>>,
}

/// Union-find over vulnerability ids.
#[derive(Default)]
struct Ids {
    index: HashMap<String, usize>,
    parent: Vec<usize>,
}

impl Ids {
    fn slot(&mut self, id: &str) -> usize {
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        let i = self.parent.len();
        self.parent.push(i);
        self.index.insert(id.to_owned(), i);
        i
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra != rb {
            self.parent[rb] = ra;
        }
    }
}

/// Splits `matches` into vulnerabilities: union-find over each record's id and aliases.
pub(crate) fn group_by_vulnerability(matches: Vec<RawMatch<'_>>) -> Vec<Group<'_>> {
    let mut ids = Ids::default();
    let mut first = Vec::with_capacity(matches.len());
    for m in &matches {
        let a = ids.slot(&m.advisory.id);
        for alias in &m.advisory.aliases {
            let b = ids.slot(alias);
            ids.union(a, b);
        }
        first.push(a);
    }
    let mut groups: Vec<Group<'_>> = Vec::new();
    let mut group_of_root: HashMap<usize, usize> = HashMap::new();
    for (m, a) in matches.into_iter().zip(first) {
        let r = ids.root(a);
        let g = *group_of_root.entry(r).or_insert_with(|| {
            groups.push(Group {
                ids: BTreeSet::new(),
                matches: Vec::new(),
            });
            groups.len() - 1
        });
        groups[g].ids.insert(m.advisory.id.clone());
        groups[g].ids.extend(m.advisory.aliases.iter().cloned());
        groups[g].matches.push(m);
    }
    groups
}

/// The id a finding goes by: a CVE id when there is one (the lowest, for a stable choice),
/// else a GHSA id, else the lowest id.
pub(crate) fn preferred_id(ids: &BTreeSet<String>) -> String {
    ids.iter()
        .find(|id| id.starts_with("CVE-"))
        .or_else(|| ids.iter().find(|id| id.starts_with("GHSA-")))
        .or_else(|| ids.iter().next())
        .cloned()
        .unwrap_or_default()
}

/// Removes the CPE matches whose vulnerability a distro record for the component covers
/// (`covered` holds those records' ids and aliases), returning what was removed: the
/// distro's fixed version is the truth for its backported package, whatever the upstream
/// range says.
pub(crate) fn supersede_upstream<'a>(
    matches: &mut Vec<RawMatch<'a>>,
    covered: &HashSet<&str>,
) -> Vec<RawMatch<'a>> {
    if covered.is_empty() {
        return Vec::new();
    }
    let names_covered = |a: &Advisory| {
        covered.contains(a.id.as_str()) || a.aliases.iter().any(|x| covered.contains(x.as_str()))
    };
    let (gone, kept): (Vec<_>, Vec<_>) = matches
        .drain(..)
        .partition(|m| m.is_cpe() && names_covered(m.advisory));
    *matches = kept;
    gone
}
