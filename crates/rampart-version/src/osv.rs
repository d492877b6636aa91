//! OSV range evaluation: is a version inside an `affected[].ranges[]` entry?
//!
//! Follows the OSV schema's evaluation rules (<https://ossf.github.io/osv-schema/>, "Evaluation")
//! for `ECOSYSTEM` and `SEMVER` ranges, using only the ecosystem's order ([`crate::compare`],
//! through [`VersionKey`]s parsed once per event):
//! - `introduced` is inclusive; `introduced: "0"` means from the very first version;
//! - `fixed` is exclusive (the fixed version is not affected);
//! - `last_affected` is inclusive (versions after it are not affected);
//! - `limit` is an exclusive upper bound on the whole range (`"*"` is no bound);
//! - events are sorted by version first, so a range may list several intervals in any order;
//!   at one version, `introduced` sorts before `fixed` and `last_affected`.
//!
//! `GIT` ranges (commit hashes) are not versions and are out of scope here.

use std::cmp::Ordering;

use crate::{Ecosystem, VersionError, VersionKey};

/// One OSV range event, with the version it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The first affected version (inclusive); `"0"` means from the start.
    Introduced(String),
    /// The first version with the fix (not affected).
    Fixed(String),
    /// The last affected version (inclusive).
    LastAffected(String),
    /// Versions at or above this are outside the range whatever else it says; `"*"` is none.
    Limit(String),
}

impl Event {
    fn version(&self) -> &str {
        match self {
            Event::Introduced(v) | Event::Fixed(v) | Event::LastAffected(v) | Event::Limit(v) => v,
        }
    }

    /// Where the event sorts among events at the same version.
    fn tie_rank(&self) -> u8 {
        match self {
            Event::Introduced(_) => 0,
            Event::Fixed(_) | Event::LastAffected(_) => 1,
            Event::Limit(_) => 2,
        }
    }

    /// `introduced: "0"` and `limit: "*"` are markers, not versions in the ecosystem.
    fn is_marker(&self) -> bool {
        matches!(self, Event::Introduced(v) if v == "0")
            || matches!(self, Event::Limit(v) if v == "*")
    }
}

/// An OSV range in one ecosystem: its events, validated and sorted by version, each
/// version parsed once.
#[derive(Debug)]
pub struct Range {
    ecosystem: Ecosystem,
    events: Vec<Event>,
    /// The parsed version of each event; `None` for the markers `introduced: "0"` and
    /// `limit: "*"`.
    keys: Vec<Option<VersionKey>>,
}

impl Range {
    /// Validates `events` (every version valid in `ecosystem`, at least one `introduced`, not
    /// both `fixed` and `last_affected`, as the OSV schema requires) and sorts them by version.
    pub fn new(ecosystem: Ecosystem, events: Vec<Event>) -> Result<Self, VersionError> {
        if !events.iter().any(|e| matches!(e, Event::Introduced(_))) {
            return Err(VersionError::InvalidRange(
                "it has no \"introduced\" event".to_owned(),
            ));
        }
        if events.iter().any(|e| matches!(e, Event::Fixed(_)))
            && events.iter().any(|e| matches!(e, Event::LastAffected(_)))
        {
            return Err(VersionError::InvalidRange(
                "it has both \"fixed\" and \"last_affected\" events".to_owned(),
            ));
        }
        let mut keyed = Vec::with_capacity(events.len());
        for event in events {
            let key = if event.is_marker() {
                None
            } else {
                Some(ecosystem.key(event.version())?)
            };
            keyed.push((event, key));
        }
        keyed.sort_by(|(a, ka), (b, kb)| {
            order_events(a, ka.as_ref(), b, kb.as_ref())
                .then_with(|| a.tie_rank().cmp(&b.tie_rank()))
        });
        let (events, keys) = keyed.into_iter().unzip();
        Ok(Range {
            ecosystem,
            events,
            keys,
        })
    }

    /// The events, sorted by version.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The ecosystem whose order the range follows.
    pub fn ecosystem(&self) -> Ecosystem {
        self.ecosystem
    }

    /// Whether `version` is affected: below every `limit` (if any), and inside an interval the
    /// sorted events open with `introduced` and close with `fixed` or `last_affected`. Fails
    /// when `version` is not valid in the range's ecosystem.
    pub fn affects(&self, version: &str) -> Result<bool, VersionError> {
        Ok(self.affects_key(&self.ecosystem.key(version)?))
    }

    /// [`affects`](Range::affects) for a version already parsed, by this range's ecosystem
    /// (a key of another ecosystem orders wholly before or after every event).
    pub fn affects_key(&self, version: &VersionKey) -> bool {
        let events = || self.events.iter().zip(&self.keys);
        let mut limits = events()
            .filter_map(|(e, k)| matches!(e, Event::Limit(_)).then_some(k.as_ref()?))
            .peekable();
        if limits.peek().is_some() && !limits.any(|limit| version < limit) {
            return false;
        }
        let mut affected = false;
        for (event, key) in events() {
            match (event, key) {
                (Event::Introduced(_), None) => affected = true,
                (Event::Introduced(_), Some(v)) if version >= v => affected = true,
                (Event::Fixed(_), Some(v)) if version >= v => affected = false,
                (Event::LastAffected(_), Some(v)) if version > v => affected = false,
                _ => {}
            }
        }
        affected
    }
}

/// Orders two validated events by version; `introduced: "0"` first, `limit: "*"` last (the
/// markers have no key).
fn order_events(
    a: &Event,
    ka: Option<&VersionKey>,
    b: &Event,
    kb: Option<&VersionKey>,
) -> Ordering {
    let rank = |e: &Event| match e {
        Event::Introduced(v) if v == "0" => 0,
        Event::Limit(v) if v == "*" => 2,
        _ => 1,
    };
    rank(a).cmp(&rank(b)).then_with(|| match (ka, kb) {
        (Some(ka), Some(kb)) => ka.cmp(kb),
        _ => Ordering::Equal,
    })
}

/// Whether any of `ranges` affects `version` (OSV lists an advisory's ranges side by side).
pub fn affected_by_any(ranges: &[Range], version: &str) -> Result<bool, VersionError> {
    for range in ranges {
        if range.affects(version)? {
            return Ok(true);
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::{Event, Range, affected_by_any};
    use crate::{Ecosystem, VersionError};

    fn intro(v: &str) -> Event {
        Event::Introduced(v.to_owned())
    }
    fn fixed(v: &str) -> Event {
        Event::Fixed(v.to_owned())
    }
    fn last(v: &str) -> Event {
        Event::LastAffected(v.to_owned())
    }
    fn limit(v: &str) -> Event {
        Event::Limit(v.to_owned())
    }
    fn semver(events: Vec<Event>) -> Range {
        Range::new(Ecosystem::Semver, events).unwrap()
    }

    #[test]
    fn introduced_is_inclusive() {
        let range = semver(vec![intro("1.2.0")]);
        assert!(range.affects("1.2.0").unwrap());
        assert!(range.affects("9.0.0").unwrap());
        assert!(!range.affects("1.1.9").unwrap());
        assert!(!range.affects("1.2.0-rc.1").unwrap());
    }

    #[test]
    fn introduced_zero_means_from_the_start() {
        let range = semver(vec![intro("0"), fixed("1.0.0")]);
        assert!(range.affects("0.0.0-alpha").unwrap());
        assert!(range.affects("0.9.9").unwrap());
    }

    #[test]
    fn fixed_is_exclusive() {
        let range = semver(vec![intro("1.0.0"), fixed("1.4.2")]);
        assert!(range.affects("1.4.1").unwrap());
        assert!(!range.affects("1.4.2").unwrap());
        assert!(!range.affects("2.0.0").unwrap());
    }

    #[test]
    fn last_affected_is_inclusive() {
        let range = semver(vec![intro("1.0.0"), last("1.4.2")]);
        assert!(range.affects("1.4.2").unwrap());
        assert!(!range.affects("1.4.3").unwrap());
    }

    #[test]
    fn limit_is_an_exclusive_upper_bound_on_the_whole_range() {
        let range = semver(vec![intro("0"), limit("2.0.0")]);
        assert!(range.affects("1.9.9").unwrap());
        assert!(!range.affects("2.0.0").unwrap());
        assert!(!range.affects("3.0.0").unwrap());
        let unbounded = semver(vec![intro("1.0.0"), limit("*")]);
        assert!(unbounded.affects("99.0.0").unwrap());
    }

    #[test]
    fn events_are_sorted_by_version_so_intervals_may_come_in_any_order() {
        let range = semver(vec![
            intro("2.0.0"),
            fixed("2.0.5"),
            intro("1.0.0"),
            fixed("1.0.7"),
        ]);
        assert!(range.affects("1.0.3").unwrap());
        assert!(!range.affects("1.5.0").unwrap());
        assert!(range.affects("2.0.1").unwrap());
        assert!(!range.affects("2.0.5").unwrap());
        // Sorted by version, not as text: 1.0.10 is after 1.0.7.
        assert!(!range.affects("1.0.10").unwrap());
    }

    #[test]
    fn an_interval_introduced_and_fixed_at_one_version_is_empty() {
        let range = semver(vec![fixed("1.0.0"), intro("1.0.0")]);
        assert!(!range.affects("1.0.0").unwrap());
    }

    #[test]
    fn ranges_use_their_ecosystems_ordering() {
        let debian = Range::new(Ecosystem::Debian, vec![intro("0"), fixed("1:1.0-1")]).unwrap();
        assert!(
            debian.affects("2.0-1").unwrap(),
            "epoch 0 sorts before epoch 1"
        );
        let bookworm = Range::new(
            Ecosystem::Debian,
            vec![intro("0"), fixed("3.0.11-1~deb12u1")],
        )
        .unwrap();
        assert!(bookworm.affects("3.0.9-1").unwrap());
        assert!(!bookworm.affects("3.0.11-1~deb12u2").unwrap());
        assert!(
            !bookworm.affects("3.0.11-1").unwrap(),
            "~deb12u1 sorts before -1"
        );
        let openssl =
            Range::new(Ecosystem::Generic, vec![intro("1.1.1"), fixed("1.1.1k")]).unwrap();
        assert!(openssl.affects("1.1.1j").unwrap());
        assert!(!openssl.affects("1.1.1k").unwrap());
    }

    #[test]
    fn any_of_several_ranges() {
        let ranges = [
            semver(vec![intro("1.0.0"), fixed("1.1.0")]),
            semver(vec![intro("2.0.0"), fixed("2.1.0")]),
        ];
        assert!(affected_by_any(&ranges, "2.0.3").unwrap());
        assert!(!affected_by_any(&ranges, "1.5.0").unwrap());
    }

    #[test]
    fn malformed_ranges_and_versions_are_errors() {
        let err = Range::new(Ecosystem::Semver, vec![fixed("1.0.0")]).unwrap_err();
        assert!(err.to_string().contains("no \"introduced\""), "{err}");
        let err = Range::new(
            Ecosystem::Semver,
            vec![intro("0"), fixed("1.0.0"), last("1.0.0")],
        )
        .unwrap_err();
        assert!(err.to_string().contains("both"), "{err}");
        let err = Range::new(Ecosystem::Semver, vec![intro("0"), fixed("1.0")]).unwrap_err();
        assert!(
            matches!(&err, VersionError::Invalid { version, .. } if version == "1.0"),
            "{err}"
        );
        let range = semver(vec![intro("0"), limit("2.0.0")]);
        assert!(range.affects("not-a-version").is_err());
        assert!(
            range.affects("3.0.0.0").is_err(),
            "rejected even above the limit"
        );
    }
}
