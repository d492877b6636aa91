//! What changed between two SBOMs of one product: components added, removed, upgraded,
//! downgraded, and changed (same identity, other version text, hashes or licences).
//!
//! A component's identity is its purl without version, qualifiers and subpath (a Debian
//! package keeps its identity when `distro=` moves on), else `group/name`. Versions are
//! ordered by a comparison the caller passes in, so that this crate need not know the
//! ecosystems' version rules (`rampart-version` does; the CLI passes it).

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::{Component, Purl, Sbom};

/// Orders two versions of a component whose purl has type `purl_type` (`None` without purl);
/// `None` when they cannot be ordered (a version the ecosystem's rules refuse).
pub type VersionOrder<'a> = &'a dyn Fn(Option<&str>, &str, &str) -> Option<Ordering>;

/// The differences between an old and a new SBOM, each list sorted by identity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SbomDiff {
    /// In the new SBOM only.
    pub added: Vec<Side>,
    /// In the old SBOM only.
    pub removed: Vec<Side>,
    /// A newer version of the same component.
    pub upgraded: Vec<Change>,
    /// An older version of the same component.
    pub downgraded: Vec<Change>,
    /// The same component with other hashes or licences, or versions that cannot be ordered.
    pub changed: Vec<Change>,
}

impl SbomDiff {
    /// True when nothing differs.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.upgraded.is_empty()
            && self.downgraded.is_empty()
            && self.changed.is_empty()
    }
}

/// One component as it is on one side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    /// The identity both sides are matched by.
    pub identity: String,
    /// The component's name.
    pub name: String,
    /// Its version.
    pub version: Option<String>,
    /// Its purl.
    pub purl: Option<String>,
    /// Its reference in its document.
    pub bom_ref: Option<String>,
}

/// One component present on both sides, and how it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The identity both sides share.
    pub identity: String,
    /// The old side.
    pub old: Side,
    /// The new side.
    pub new: Side,
    /// What differs: `version`, `hashes`, `licenses`.
    pub fields: Vec<&'static str>,
}

/// The identity a component is matched by (see the module documentation).
pub fn identity(c: &Component) -> String {
    if let Some(purl) = c.purl.as_deref().and_then(|p| Purl::parse(p).ok()) {
        let parts = crate::purl::PurlParts {
            ty: purl.ty().to_owned(),
            namespace: purl.namespace().map(str::to_owned),
            name: purl.name().to_owned(),
            ..crate::purl::PurlParts::default()
        };
        if let Ok(bare) = Purl::from_parts(&parts) {
            return bare.to_string();
        }
    }
    match &c.group {
        Some(g) => format!("{g}/{}", c.name),
        None => c.name.clone(),
    }
}

fn side(identity: &str, c: &Component) -> Side {
    Side {
        identity: identity.to_owned(),
        name: c.name.clone(),
        version: c.version.clone(),
        purl: c.purl.clone(),
        bom_ref: c.bom_ref.clone(),
    }
}

fn purl_type(c: &Component) -> Option<String> {
    c.purl
        .as_deref()
        .and_then(|p| Purl::parse(p).ok())
        .map(|p| p.ty().to_owned())
}

/// Compares `old` with `new` (subject and components), ordering versions with `order`.
pub fn diff(old: &Sbom, new: &Sbom, order: VersionOrder<'_>) -> SbomDiff {
    let group = |sbom: &Sbom| {
        let mut map: BTreeMap<String, Vec<Component>> = BTreeMap::new();
        for c in sbom.subject.iter().chain(&sbom.components) {
            map.entry(identity(c)).or_default().push(c.clone());
        }
        map
    };
    let mut old_by_id = group(old);
    let mut new_by_id = group(new);
    let mut out = SbomDiff::default();
    let ids: std::collections::BTreeSet<String> =
        old_by_id.keys().chain(new_by_id.keys()).cloned().collect();
    for id in ids {
        let mut olds = old_by_id.remove(&id).unwrap_or_default();
        let mut news = new_by_id.remove(&id).unwrap_or_default();
        // Equal versions pair first: only their hashes and licences can differ.
        let mut i = 0;
        while i < olds.len() {
            if let Some(j) = news.iter().position(|n| n.version == olds[i].version) {
                let (o, n) = (olds.remove(i), news.remove(j));
                let fields = changed_fields(&o, &n);
                if !fields.is_empty() {
                    out.changed.push(change(&id, &o, &n, fields));
                }
            } else {
                i += 1;
            }
        }
        // The rest pair in document order; what is left over was added or removed.
        let kept = olds.len().min(news.len());
        for (o, n) in olds.drain(..kept).zip(news.drain(..kept)) {
            let mut fields = vec!["version"];
            fields.extend(changed_fields(&o, &n));
            let ty = purl_type(&n).or_else(|| purl_type(&o));
            let ordering = match (&o.version, &n.version) {
                (Some(a), Some(b)) => order(ty.as_deref(), a, b),
                _ => None,
            };
            let c = change(&id, &o, &n, fields);
            match ordering {
                Some(Ordering::Less) => out.upgraded.push(c),
                Some(Ordering::Greater) => out.downgraded.push(c),
                _ => out.changed.push(c),
            }
        }
        out.removed.extend(olds.iter().map(|c| side(&id, c)));
        out.added.extend(news.iter().map(|c| side(&id, c)));
    }
    out
}

fn change(id: &str, o: &Component, n: &Component, fields: Vec<&'static str>) -> Change {
    Change {
        identity: id.to_owned(),
        old: side(id, o),
        new: side(id, n),
        fields,
    }
}

/// Hashes and licences compared as sets: the order a tool lists them in is not a change.
fn changed_fields(o: &Component, n: &Component) -> Vec<&'static str> {
    let mut fields = Vec::new();
    let set = |v: &[crate::Hash]| {
        v.iter()
            .map(|h| (h.algorithm.clone(), h.value.clone()))
            .collect::<std::collections::BTreeSet<_>>()
    };
    if set(&o.hashes) != set(&n.hashes) {
        fields.push("hashes");
    }
    let lic = |v: &[String]| v.iter().cloned().collect::<std::collections::BTreeSet<_>>();
    if lic(&o.licenses) != lic(&n.licenses) {
        fields.push("licenses");
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(name: &str, version: &str, purl: Option<&str>) -> Component {
        Component {
            name: name.into(),
            version: Some(version.into()),
            purl: purl.map(Into::into),
            ..Component::default()
        }
    }

    fn numeric(_: Option<&str>, a: &str, b: &str) -> Option<Ordering> {
        Some(a.parse::<u32>().ok()?.cmp(&b.parse::<u32>().ok()?))
    }

    fn sbom(components: Vec<Component>) -> Sbom {
        Sbom {
            components,
            ..Sbom::default()
        }
    }

    #[test]
    fn identity_is_the_purl_without_version_and_qualifiers_else_the_name() {
        let deb = c(
            "x",
            "1",
            Some("pkg:deb/debian/openssl@3.0?arch=amd64&distro=debian-12"),
        );
        assert_eq!(identity(&deb), "pkg:deb/debian/openssl");
        let mut plain = c("core", "1", None);
        plain.group = Some("org.acme".into());
        assert_eq!(identity(&plain), "org.acme/core");
    }

    #[test]
    fn versions_are_ordered_by_the_given_rule() {
        let old = sbom(vec![
            c("a", "2", None),
            c("b", "9", None),
            c("c", "1", None),
            c("d", "x", None),
        ]);
        let new = sbom(vec![
            c("a", "10", None),
            c("b", "3", None),
            c("e", "1", None),
            c("d", "y", None),
        ]);
        let d = diff(&old, &new, &numeric);
        // "10" after "2" only by the numeric rule, not as text.
        assert_eq!(d.upgraded.len(), 1);
        assert_eq!(d.upgraded[0].identity, "a");
        assert_eq!(d.downgraded[0].identity, "b");
        // Versions the rule cannot order are "changed".
        assert_eq!(d.changed[0].identity, "d");
        assert_eq!(d.changed[0].fields, ["version"]);
        assert_eq!(d.removed[0].identity, "c");
        assert_eq!(d.added[0].identity, "e");
    }

    #[test]
    fn same_version_with_other_hashes_or_licences_is_changed() {
        let mut o = c("a", "1", None);
        o.licenses = vec!["MIT".into()];
        let mut n = o.clone();
        n.licenses = vec!["Apache-2.0".into()];
        let d = diff(&sbom(vec![o.clone()]), &sbom(vec![n]), &numeric);
        assert_eq!(d.changed[0].fields, ["licenses"]);
        assert!(diff(&sbom(vec![o.clone()]), &sbom(vec![o]), &numeric).is_empty());
    }
}
