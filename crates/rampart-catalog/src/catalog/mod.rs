//! The catalog: every item of every part, loaded from the data files compiled into the
//! binary, with lookups and the level queries other crates build on.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::id::{ParseIdError, RequirementId};
use crate::level::{Fr, SecurityLevel, SlVector};
use crate::model::{
    ComponentType, Group, ItemKind, Part, PartInfo, Provenance, Requirement, Scale,
};

mod lookup;

pub use lookup::LookupError;

/// The data files, one per part, compiled in so the binary works offline and air-gapped.
const DATA_FILES: [(&str, &str); 6] = [
    ("data/2-1.yaml", include_str!("../../data/2-1.yaml")),
    ("data/2-4.yaml", include_str!("../../data/2-4.yaml")),
    ("data/3-2.yaml", include_str!("../../data/3-2.yaml")),
    ("data/3-3.yaml", include_str!("../../data/3-3.yaml")),
    ("data/4-1.yaml", include_str!("../../data/4-1.yaml")),
    ("data/4-2.yaml", include_str!("../../data/4-2.yaml")),
];

/// The version of the built-in catalog data; bump it whenever a data file changes, so that
/// exports (whose UUIDs and dates derive from it) change too.
pub const DATA_VERSION: &str = "2026.12.04";

/// Every item of the IEC 62443 parts Rampart knows, with indexes for lookup.
#[derive(Debug, Clone)]
pub struct Catalog {
    parts: Vec<PartInfo>,
    items: Vec<Requirement>,
    index: HashMap<RequirementId, usize>,
}

/// What an [`Catalog::achieved_levels`] query is about: a zone (3-3 system requirements)
/// or a component of one 4-2 type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelScope {
    /// A zone or system: the 3-3 SRs and REs.
    Zone,
    /// A component: the 4-2 CRs, REs and this type's own requirements.
    Component(ComponentType),
}

impl Catalog {
    /// The built-in catalog, parsed once on first use.
    ///
    /// The data files are part of the build and tested, so a failure here is a bug in the
    /// data shipped with this binary, not a user error.
    pub fn builtin() -> &'static Catalog {
        static BUILTIN: OnceLock<Catalog> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Catalog::from_sources(DATA_FILES.iter().copied()).unwrap_or_else(|e| {
                panic!("the catalog data compiled into this binary is invalid: {e}")
            })
        })
    }

    /// Builds a catalog from data files given as `(name, text)` pairs.
    pub fn from_sources<'a>(
        sources: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Catalog, CatalogError> {
        let mut parts = Vec::new();
        let mut items = Vec::new();
        for (name, text) in sources {
            let raw: RawPart = rampart_yaml::parse(name, text, rampart_yaml::Limits::SMALL_FILE)
                .map_err(|p| CatalogError::Data {
                    file: name.to_owned(),
                    message: format!("{}:{}: {}", p.line, p.col, p.message),
                })?;
            let (info, part_items) = raw.into_part(name)?;
            parts.push(info);
            items.extend(part_items);
        }
        parts.sort_by_key(|p| p.part);
        // Stable: series order across parts, the standard's order within each.
        items.sort_by_key(|i| i.part);
        let mut index = HashMap::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            if index.insert(item.id.clone(), i).is_some() {
                return Err(CatalogError::Data {
                    file: item.part.to_string(),
                    message: format!("the id `{}` appears twice", item.id),
                });
            }
        }
        let catalog = Catalog {
            parts,
            items,
            index,
        };
        catalog.check_links()?;
        Ok(catalog)
    }

    /// Every parent and delegation must name an item of the same part.
    fn check_links(&self) -> Result<(), CatalogError> {
        for item in &self.items {
            let links = item.parent.iter().chain(item.delegates_to.iter());
            for target in links {
                match self.get(target) {
                    Some(t) if t.part == item.part => {}
                    _ => {
                        return Err(CatalogError::Data {
                            file: format!("data/{}.yaml", item.part),
                            message: format!(
                                "`{}` refers to `{target}`, which is not in part {}",
                                item.id, item.part
                            ),
                        });
                    }
                }
            }
            if item.kind.is_enhancement() && item.parent.is_none() {
                return Err(CatalogError::Data {
                    file: format!("data/{}.yaml", item.part),
                    message: format!("the enhancement `{}` has no parent", item.id),
                });
            }
        }
        Ok(())
    }

    /// The parts, in series order.
    pub fn parts(&self) -> &[PartInfo] {
        &self.parts
    }

    /// One part's header.
    pub fn part(&self, part: Part) -> Option<&PartInfo> {
        self.parts.iter().find(|p| p.part == part)
    }

    /// Every item, parts in series order and items in the standard's order within a part.
    pub fn items(&self) -> impl Iterator<Item = &Requirement> {
        self.items.iter()
    }

    /// The items of one part, in the standard's order.
    pub fn items_of(&self, part: Part) -> impl Iterator<Item = &Requirement> {
        self.items.iter().filter(move |i| i.part == part)
    }

    /// The item with this id.
    pub fn get(&self, id: &RequirementId) -> Option<&Requirement> {
        self.index.get(id).map(|&i| &self.items[i])
    }

    /// Mutable access for override application.
    pub(crate) fn get_mut(&mut self, id: &RequirementId) -> Option<&mut Requirement> {
        self.index.get(id).map(|&i| &mut self.items[i])
    }

    /// The items of `part` in group `group` (for 2-1, also those of its sub-groups).
    pub fn items_in_group<'a>(
        &'a self,
        part: Part,
        group: &'a str,
    ) -> impl Iterator<Item = &'a Requirement> + 'a {
        let info = self.part(part);
        self.items_of(part).filter(move |i| {
            i.group.as_deref().is_some_and(|g| {
                g == group
                    || info.is_some_and(|p| {
                        p.groups
                            .iter()
                            .any(|x| x.id == g && x.parent.as_deref() == Some(group))
                    })
            })
        })
    }

    /// The items that enhance or refine `id`, in order.
    pub fn children<'a>(
        &'a self,
        id: &'a RequirementId,
    ) -> impl Iterator<Item = &'a Requirement> + 'a {
        self.items
            .iter()
            .filter(move |i| i.parent.as_ref() == Some(id))
    }

    /// The normative items in a level scope: 3-3 for a zone, or the 4-2 items that apply to
    /// one component type.
    pub fn scope_items(&self, scope: LevelScope) -> impl Iterator<Item = &Requirement> {
        self.items.iter().filter(move |i| {
            i.normative
                && match scope {
                    LevelScope::Zone => i.part == Part::P3_3,
                    LevelScope::Component(ty) => i.part == Part::P4_2 && i.applies_to(ty),
                }
        })
    }

    /// The items a scope must satisfy to reach `target`: an item is needed when it is
    /// required at the target level of its own FR.
    pub fn required_for(&self, scope: LevelScope, target: &SlVector) -> Vec<&Requirement> {
        self.scope_items(scope)
            .filter(|i| i.required_by(target))
            .collect()
    }

    /// The 3-3 SRs and REs a zone needs for SL-T `target`.
    pub fn required_for_zone(&self, target: &SlVector) -> Vec<&Requirement> {
        self.required_for(LevelScope::Zone, target)
    }

    /// The 4-2 items a component of type `ty` needs for `target`.
    pub fn required_for_component(
        &self,
        ty: ComponentType,
        target: &SlVector,
    ) -> Vec<&Requirement> {
        self.required_for(LevelScope::Component(ty), target)
    }

    /// The inverse query: given the items satisfied, the level reached per FR.
    ///
    /// Per FR, the result is the highest level L such that every item of that FR required at
    /// L (and so at every level below it, the lists being cumulative) is in `satisfied`;
    /// 0 when an SL 1 item is missing. Where the standard asks nothing more of an FR at higher
    /// levels (FR 5 of an embedded device has only CR 5.1, required at every level), meeting
    /// the lower set reaches SL 4: the levels differ only by the requirements they add.
    pub fn achieved_levels(
        &self,
        scope: LevelScope,
        satisfied: &HashSet<RequirementId>,
    ) -> SlVector {
        let mut achieved = SlVector::ZERO;
        for fr in Fr::ALL {
            let of_fr: Vec<&Requirement> = self
                .scope_items(scope)
                .filter(|i| i.fr == Some(fr))
                .collect();
            let mut reached = SecurityLevel::SL0;
            for level in [
                SecurityLevel::SL1,
                SecurityLevel::SL2,
                SecurityLevel::SL3,
                SecurityLevel::SL4,
            ] {
                if of_fr
                    .iter()
                    .filter(|i| i.required_at(level))
                    .all(|i| satisfied.contains(&i.id))
                {
                    reached = level;
                } else {
                    break;
                }
            }
            achieved.set(fr, reached);
        }
        achieved
    }

    /// The items missing to reach `target` in a scope, given those satisfied.
    pub fn missing_for(
        &self,
        scope: LevelScope,
        target: &SlVector,
        satisfied: &HashSet<RequirementId>,
    ) -> Vec<&Requirement> {
        self.required_for(scope, target)
            .into_iter()
            .filter(|i| !satisfied.contains(&i.id))
            .collect()
    }
}

/// A data or override file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    /// A built-in data file is malformed (a bug in this build).
    #[error("{file}: {message}")]
    Data {
        /// The data file.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// An override file is invalid: every problem found, each located.
    #[error("{}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Overrides {
        /// The problems, in file order.
        problems: Vec<rampart_yaml::Problem>,
    },
    /// An override file could not be read.
    #[error("{path}: cannot read the catalog override file: {message}")]
    Read {
        /// The file.
        path: String,
        /// The operating system's reason.
        message: String,
    },
}

/// A data file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPart {
    part: Part,
    title: String,
    edition: String,
    scale: Scale,
    sources: String,
    #[serde(default)]
    groups: Vec<Group>,
    items: Vec<RawItem>,
}

/// One item as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: String,
    kind: ItemKind,
    title: String,
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    parent: Option<String>,
    #[serde(default)]
    clause: Option<String>,
    #[serde(default)]
    notation: Option<String>,
    #[serde(default)]
    sl: Vec<u8>,
    #[serde(default)]
    component_types: Vec<ComponentType>,
    #[serde(default)]
    normative: Option<bool>,
    #[serde(default)]
    delegates_to: Vec<String>,
    #[serde(default)]
    provenance: Option<Provenance>,
    description: String,
}

impl RawPart {
    fn into_part(self, file: &str) -> Result<(PartInfo, Vec<Requirement>), CatalogError> {
        let err = |message: String| CatalogError::Data {
            file: file.to_owned(),
            message,
        };
        let part = self.part;
        let group_ids: HashSet<&str> = self.groups.iter().map(|g| g.id.as_str()).collect();
        let mut items = Vec::with_capacity(self.items.len());
        for raw in self.items {
            let id: RequirementId = raw
                .id
                .parse()
                .map_err(|e: ParseIdError| err(e.to_string()))?;
            let at = |m: &str| err(format!("`{id}`: {m}"));
            if raw.title.trim().is_empty() {
                return Err(at("the title is empty"));
            }
            if raw.description.trim().is_empty() {
                return Err(at("the description is empty"));
            }
            if let Some(g) = &raw.group
                && !group_ids.contains(g.as_str())
            {
                return Err(at(&format!("group `{g}` is not defined in this part")));
            }
            let fr = if part.has_security_levels() {
                let g = raw
                    .group
                    .as_deref()
                    .ok_or_else(|| at("3-3 and 4-2 items need an FR group"))?;
                Some(g.parse::<Fr>().map_err(|e| at(&e.to_string()))?)
            } else {
                None
            };
            let security_levels =
                crate::overrides::cumulative_levels(&raw.sl).map_err(|m| at(&m))?;
            let normative = raw.normative.unwrap_or(true);
            if normative && part.has_security_levels() && security_levels.is_empty() {
                return Err(at(
                    "a normative item needs the levels at which it is required",
                ));
            }
            if part == Part::P4_2 && normative && raw.component_types.is_empty() {
                return Err(at("a normative 4-2 item needs at least one component type"));
            }
            let parent = raw
                .parent
                .map(|p| p.parse())
                .transpose()
                .map_err(|e: ParseIdError| at(&e.to_string()))?;
            let delegates_to = raw
                .delegates_to
                .iter()
                .map(|d| d.parse())
                .collect::<Result<Vec<RequirementId>, _>>()
                .map_err(|e| at(&e.to_string()))?;
            items.push(Requirement {
                id,
                part,
                kind: raw.kind,
                title: raw.title,
                group: raw.group,
                fr,
                parent,
                clause: raw.clause,
                notation: raw.notation,
                security_levels,
                component_types: raw.component_types,
                normative,
                delegates_to,
                description: raw.description.trim().to_owned(),
                provenance: raw.provenance,
                overrides: Vec::new(),
            });
        }
        let info = PartInfo {
            part,
            title: self.title,
            edition: self.edition,
            scale: self.scale,
            sources: self.sources,
            groups: self.groups,
        };
        Ok((info, items))
    }
}

#[cfg(test)]
mod tests;
