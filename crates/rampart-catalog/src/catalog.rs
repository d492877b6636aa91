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

/// The data files, one per part, compiled in so the binary works offline and air-gapped.
const DATA_FILES: [(&str, &str); 6] = [
    ("data/2-1.yaml", include_str!("../data/2-1.yaml")),
    ("data/2-4.yaml", include_str!("../data/2-4.yaml")),
    ("data/3-2.yaml", include_str!("../data/3-2.yaml")),
    ("data/3-3.yaml", include_str!("../data/3-3.yaml")),
    ("data/4-1.yaml", include_str!("../data/4-1.yaml")),
    ("data/4-2.yaml", include_str!("../data/4-2.yaml")),
];

/// The prefixes of 4-2 requirements: common CRs and the component-specific ones.
const COMPONENT_PREFIXES: [&str; 5] = ["CR", "SAR", "EDR", "HDR", "NDR"];

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

    /// Resolves an id as a user typed it, with the closest known ids on failure.
    pub fn lookup(&self, input: &str) -> Result<&Requirement, LookupError> {
        match input.parse::<RequirementId>() {
            Ok(id) => self.get(&id).ok_or_else(|| LookupError::Unknown {
                suggestions: self.suggest(&id.to_string()),
                id: id.to_string(),
            }),
            Err(reason) => Err(LookupError::Malformed {
                suggestions: self.suggest(&input.trim().to_ascii_uppercase()),
                reason,
            }),
        }
    }

    /// Up to three known ids closest to `text`, nearest first.
    ///
    /// A 4-2 id first suggests the same numbers under the other 4-2 prefixes (`EDR 1.1`
    /// suggests `CR 1.1`): most components' requirements are CRs, and people guess the
    /// component-specific prefix. The rest go by edit distance, preferring ids with the same
    /// prefix and, among those, the nearest numbers.
    pub fn suggest(&self, text: &str) -> Vec<String> {
        const SUGGESTIONS: usize = 3;
        let parsed = text.parse::<RequirementId>().ok();
        let mut suggestions: Vec<String> = parsed
            .iter()
            .filter(|p| COMPONENT_PREFIXES.contains(&p.prefix()))
            .flat_map(|p| {
                COMPONENT_PREFIXES
                    .iter()
                    .map(|prefix| p.with_prefix(prefix))
            })
            .filter(|sibling| Some(sibling) != parsed.as_ref() && self.index.contains_key(sibling))
            .map(|sibling| sibling.to_string())
            .collect();
        let budget = (text.len() / 3).max(2);
        let mut scored: Vec<(usize, usize, &RequirementId)> = self
            .index
            .keys()
            .filter_map(|id| {
                let distance = strsim::levenshtein(text, &id.to_string());
                (distance <= budget).then(|| {
                    let closeness = parsed.as_ref().map_or(0, |p| {
                        if p.prefix() == id.prefix() {
                            p.numbers()
                                .iter()
                                .zip(id.numbers())
                                .map(|(a, b)| usize::from(a.abs_diff(*b)))
                                .sum::<usize>()
                                .min(50)
                        } else {
                            100
                        }
                    });
                    (distance, closeness, id)
                })
            })
            .collect();
        scored.sort_by(|a, b| (a.1 >= 100, a.0, a.1, a.2).cmp(&(b.1 >= 100, b.0, b.1, b.2)));
        for (_, _, id) in scored {
            if suggestions.len() == SUGGESTIONS {
                break;
            }
            let id = id.to_string();
            if !suggestions.contains(&id) {
                suggestions.push(id);
            }
        }
        suggestions.truncate(SUGGESTIONS);
        suggestions
    }

    /// The groups named `text` in every part that has one, in series order: `FR1` (3-3 and
    /// 4-2), `SM`, `ORG 1`, `SPE1`, `SP.01`. Case, spaces and `FR 1`/`FR1` spellings do not
    /// matter. A name that is both an FR abbreviation and a group of its own finds both:
    /// `SI` is FR3 (system integrity) of 3-3 and 4-2 and the 4-1 practice SI (secure
    /// implementation).
    pub fn groups_named(&self, text: &str) -> Vec<(Part, &Group)> {
        let squash = |s: &str| {
            s.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_uppercase()
        };
        let literal = squash(text);
        let fr = match text.parse::<Fr>() {
            Ok(fr) if text.trim().len() > 1 => Some(fr.id()),
            _ => None,
        };
        self.parts
            .iter()
            .flat_map(|p| p.groups.iter().map(move |g| (p.part, g)))
            .filter(|(_, g)| {
                let id = squash(&g.id);
                id == literal || fr.as_ref() == Some(&id)
            })
            .collect()
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

/// An id that names no catalog item.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    /// The text is not shaped like an id. The parse error is part of this message, not a
    /// separate cause, so that it is printed once.
    #[error("{reason}{}", did_you_mean(suggestions))]
    Malformed {
        /// Why it cannot be parsed.
        reason: ParseIdError,
        /// The closest known ids.
        suggestions: Vec<String>,
    },
    /// A well-formed id that no part defines.
    #[error("unknown requirement id `{id}`{}", did_you_mean(suggestions))]
    Unknown {
        /// The id, in canonical form.
        id: String,
        /// The closest known ids.
        suggestions: Vec<String>,
    },
}

impl LookupError {
    /// The closest known ids.
    pub fn suggestions(&self) -> &[String] {
        match self {
            LookupError::Malformed { suggestions, .. }
            | LookupError::Unknown { suggestions, .. } => suggestions,
        }
    }
}

fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", suggestions.join(", "))
    }
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
mod tests {
    use super::*;

    fn cat() -> &'static Catalog {
        Catalog::builtin()
    }

    fn count_at(part: Part, level: u8, ty: Option<ComponentType>) -> usize {
        let level = SecurityLevel::new(level).unwrap();
        cat()
            .items_of(part)
            .filter(|i| i.required_at(level) && ty.is_none_or(|t| i.applies_to(t)))
            .count()
    }

    #[test]
    fn part_3_3_has_51_srs_and_49_res() {
        let kinds: Vec<ItemKind> = cat().items_of(Part::P3_3).map(|i| i.kind).collect();
        assert_eq!(kinds.iter().filter(|k| **k == ItemKind::Sr).count(), 51);
        assert_eq!(kinds.iter().filter(|k| **k == ItemKind::Re).count(), 49);
    }

    #[test]
    fn part_3_3_items_required_per_level() {
        let counts: Vec<usize> = (1..=4).map(|l| count_at(Part::P3_3, l, None)).collect();
        assert_eq!(counts, [37, 60, 90, 100]);
    }

    #[test]
    fn part_4_2_counts_per_component_type() {
        assert_eq!(
            cat().items_of(Part::P4_2).filter(|i| i.normative).count(),
            122
        );
        let expected = [
            // CR 7.8 applies from SL 2 (two sources against one since data 2026.12.04).
            (ComponentType::SoftwareApplication, [34, 53, 67, 73]),
            (ComponentType::EmbeddedDevice, [36, 61, 77, 83]),
            (ComponentType::HostDevice, [36, 62, 78, 84]),
            (ComponentType::NetworkDevice, [40, 67, 86, 92]),
        ];
        for (ty, want) in expected {
            let got: Vec<usize> = (1..=4).map(|l| count_at(Part::P4_2, l, Some(ty))).collect();
            assert_eq!(got, want, "{ty}");
        }
    }

    #[test]
    fn part_4_2_headings_without_component_requirement() {
        let empty: Vec<String> = cat()
            .items_of(Part::P4_2)
            .filter(|i| i.kind == ItemKind::CrHeading && i.delegates_to.is_empty())
            .map(|i| i.id.to_string())
            .collect();
        assert_eq!(empty, ["CR 2.3", "CR 5.4", "CR 7.5"]);
        let delegating = cat()
            .items_of(Part::P4_2)
            .filter(|i| !i.delegates_to.is_empty())
            .count();
        assert_eq!(delegating, 12);
    }

    #[test]
    fn part_4_1_has_47_requirements_in_8_practices() {
        let per: Vec<(String, usize)> = cat()
            .part(Part::P4_1)
            .unwrap()
            .groups
            .iter()
            .map(|g| {
                (
                    g.id.clone(),
                    cat()
                        .items_of(Part::P4_1)
                        .filter(|i| i.group.as_deref() == Some(&g.id))
                        .count(),
                )
            })
            .collect();
        let want = [
            ("SM", 13),
            ("SR", 5),
            ("SD", 4),
            ("SI", 2),
            ("SVV", 5),
            ("DM", 6),
            ("SUM", 5),
            ("SG", 7),
        ];
        assert_eq!(per, want.map(|(g, n)| (g.to_owned(), n)));
        assert_eq!(cat().items_of(Part::P4_1).count(), 47);
    }

    #[test]
    fn other_parts_counts() {
        assert_eq!(
            cat()
                .items_of(Part::P3_2)
                .filter(|i| i.kind == ItemKind::Zcr)
                .count(),
            7
        );
        assert_eq!(
            cat()
                .items_of(Part::P3_2)
                .filter(|i| i.kind == ItemKind::ZcrSub)
                .count(),
            32
        );
        assert_eq!(cat().items_of(Part::P2_1).count(), 87);
        assert_eq!(
            cat()
                .items_of(Part::P2_4)
                .filter(|i| i.kind == ItemKind::Br)
                .count(),
            72
        );
        assert_eq!(
            cat()
                .items_of(Part::P2_4)
                .filter(|i| i.kind == ItemKind::Re)
                .count(),
            50
        );
    }

    #[test]
    fn every_enhancement_has_a_parent_of_its_part_and_fr() {
        for item in cat().items().filter(|i| i.kind.is_enhancement()) {
            let parent = cat().get(item.parent.as_ref().unwrap()).unwrap();
            assert_eq!(parent.part, item.part, "{}", item.id);
            assert_eq!(parent.fr, item.fr, "{}", item.id);
            if item.id.enhancement().is_some() {
                assert_eq!(item.id.base().as_ref(), Some(&parent.id), "{}", item.id);
            }
            // An enhancement is never required below its base requirement.
            if let (Some(re), Some(base)) = (item.lowest_level(), parent.lowest_level()) {
                assert!(re >= base, "{} required below its parent", item.id);
            }
        }
    }

    #[test]
    fn sl_lists_are_cumulative_and_4_2_items_have_a_component_type() {
        for item in cat().items() {
            if let Some(low) = item.lowest_level() {
                let want: Vec<u8> = (low.get()..=4).collect();
                let got: Vec<u8> = item.security_levels.iter().map(|l| l.get()).collect();
                assert_eq!(got, want, "{}", item.id);
            }
            if item.part == Part::P4_2 && item.normative {
                assert!(!item.component_types.is_empty(), "{}", item.id);
            }
        }
    }

    #[test]
    fn ids_are_unique_and_round_trip() {
        let mut seen = HashSet::new();
        for item in cat().items() {
            assert!(seen.insert(item.id.to_string()), "duplicate {}", item.id);
            assert_eq!(
                item.id.to_string().parse::<RequirementId>().unwrap(),
                item.id
            );
        }
        assert_eq!(seen.len(), 100 + 137 + 47 + 39 + 87 + 122);
    }

    #[test]
    fn disputed_values_are_flagged() {
        for id in ["SR 3.4", "SR 6.2", "SR 4.1 RE 2", "SAR 2.4 RE 1"] {
            assert!(cat().lookup(id).unwrap().disputed(), "{id}");
        }
        assert!(!cat().lookup("SR 1.1").unwrap().disputed());
    }

    /// Values confirmed by two or more sources (the clause-by-clause 4-2 extract and the
    /// TeleTrusT 4-2 test scheme among them) are no longer disputed nor said to rest on one.
    #[test]
    fn values_confirmed_by_two_sources_are_not_disputed() {
        for (id, levels) in [
            ("CR 2.12", "1-4"),
            ("CR 6.2", "2-4"),
            ("CR 6.1 RE 1", "3-4"),
            ("CR 7.8", "2-4"),
            ("NDR 1.13 RE 1", "3-4"),
            ("EDR 2.4 RE 1", "2-4"),
            ("NDR 2.4 RE 1", "2-4"),
            ("HDR 3.2 RE 1", "2-4"),
        ] {
            let item = cat().lookup(id).unwrap();
            assert_eq!(item.levels_text(), levels, "{id}");
            assert!(!item.disputed(), "{id}");
            let note = item.provenance.as_ref().and_then(|p| p.note.as_deref());
            let note = note.unwrap_or_default();
            assert!(note.contains("TeleTrusT"), "{id}: {note}");
            assert!(
                !note.contains("Only NEMO") && !note.contains("Not independently"),
                "{id}"
            );
        }
    }

    #[test]
    fn lookup_normalises_and_suggests() {
        for s in ["SR1.1", "sr 1.1", "SR 1.1 RE 1", "SR 1.1(1)"] {
            assert!(cat().lookup(s).is_ok(), "{s}");
        }
        let err = cat().lookup("SR 1.14").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("unknown requirement id `SR 1.14`; did you mean"),
            "{err}"
        );
        assert!(err.suggestions().contains(&"SR 1.13".to_owned()), "{err}");
        let err = cat().lookup("SR 9.9").unwrap_err();
        assert!(err.to_string().contains("`SR 9.9`"), "{err}");
        let err = cat().lookup("hello world").unwrap_err();
        assert!(matches!(err, LookupError::Malformed { .. }), "{err}");
        // The reason is in the message, so it is not also a cause to print again.
        assert!(std::error::Error::source(&err).is_none(), "{err}");
    }

    #[test]
    fn groups_are_found_by_any_spelling() {
        let fr1 = cat().groups_named("fr 1");
        assert_eq!(
            fr1.iter().map(|(p, _)| *p).collect::<Vec<_>>(),
            [Part::P3_3, Part::P4_2]
        );
        assert_eq!(cat().groups_named("IAC").len(), 2);
        assert_eq!(cat().groups_named("sm")[0].1.title, "Security management");
        assert_eq!(cat().groups_named("org 1")[0].0, Part::P2_1);
        assert_eq!(cat().items_in_group(Part::P2_1, "SPE1").count(), 11);
        assert_eq!(cat().items_in_group(Part::P3_3, "FR4").count(), 6);
        assert!(cat().groups_named("SR 1.1").is_empty());
    }

    #[test]
    fn an_fr_abbreviation_that_is_also_a_practice_finds_both() {
        let found = |name: &str| -> Vec<(Part, String)> {
            cat()
                .groups_named(name)
                .into_iter()
                .map(|(p, g)| (p, g.id.clone()))
                .collect()
        };
        let si = vec![
            (Part::P3_3, "FR3".to_owned()),
            (Part::P4_1, "SI".to_owned()),
            (Part::P4_2, "FR3".to_owned()),
        ];
        assert_eq!(found("SI"), si);
        assert_eq!(found(" si "), si);
        assert_eq!(
            found("FR3"),
            [
                (Part::P3_3, "FR3".to_owned()),
                (Part::P4_2, "FR3".to_owned())
            ]
        );
        assert_eq!(found("SVV"), [(Part::P4_1, "SVV".to_owned())]);
    }

    #[test]
    fn a_missing_4_2_id_suggests_the_same_numbers_under_the_other_prefixes() {
        let first = |id: &str| cat().lookup(id).unwrap_err().suggestions()[0].clone();
        assert_eq!(first("EDR 1.1"), "CR 1.1");
        assert_eq!(first("hdr 7.8"), "CR 7.8");
        assert_eq!(first("SAR 1.1 RE 1"), "CR 1.1 RE 1");
        // CR 3.10 is a heading: its enhancements exist only per component type.
        let err = cat().lookup("CR 3.10 RE 1").unwrap_err();
        assert_eq!(
            err.suggestions(),
            ["EDR 3.10 RE 1", "HDR 3.10 RE 1", "NDR 3.10 RE 1"],
            "{err}"
        );
        // Not a 4-2 id: edit distance only, as before.
        let err = cat().lookup("SR 1.14").unwrap_err();
        assert_eq!(err.suggestions()[0], "SR 1.13", "{err}");
    }

    #[test]
    fn zone_requirements_follow_the_vector() {
        let v = |s: &str| s.parse::<SlVector>().unwrap();
        assert_eq!(cat().required_for_zone(&v("(1,1,1,1,1,1,1)")).len(), 37);
        assert_eq!(cat().required_for_zone(&v("(4,4,4,4,4,4,4)")).len(), 100);
        assert_eq!(cat().required_for_zone(&SlVector::ZERO).len(), 0);
        // Only FR 1 raised: only FR 1 items beyond SL 1 are added.
        let fr1 = cat().required_for_zone(&v("(4,1,1,1,1,1,1)"));
        assert!(
            fr1.iter()
                .filter(|i| !i.required_at(SecurityLevel::SL1))
                .all(|i| i.fr == Some(Fr::Iac))
        );
        assert_eq!(
            fr1.len(),
            37 + cat()
                .items_of(Part::P3_3)
                .filter(|i| i.fr == Some(Fr::Iac) && i.lowest_level() > Some(SecurityLevel::SL1))
                .count()
        );
    }

    #[test]
    fn an_item_is_required_by_a_vector_at_its_own_fr_level_only() {
        let v = |s: &str| s.parse::<SlVector>().unwrap();
        let re = cat().lookup("SR 1.1 RE 1").unwrap(); // FR1, SL 2-4
        assert!(re.required_by(&v("(2,0,0,0,0,0,0)")));
        assert!(!re.required_by(&v("(1,4,4,4,4,4,4)")));
        let cr = cat().lookup("CR 7.8").unwrap(); // FR7, SL 2-4
        assert!(cr.required_by(&v("(0,0,0,0,0,0,2)")));
        assert!(!cr.required_by(&v("(4,4,4,4,4,4,1)")));
        // Items without an FR are never needed for a vector.
        assert!(!cat().lookup("SM-1").unwrap().required_by(&v("4")));
    }

    #[test]
    fn achieved_levels_invert_required_for() {
        for target in [
            "(1,1,1,1,1,1,1)",
            "(2,3,1,4,2,1,3)",
            "(4,4,4,4,4,4,4)",
            "(0,0,0,0,0,0,0)",
        ] {
            let target: SlVector = target.parse().unwrap();
            for scope in [
                LevelScope::Zone,
                LevelScope::Component(ComponentType::EmbeddedDevice),
            ] {
                let satisfied: HashSet<RequirementId> = cat()
                    .required_for(scope, &target)
                    .into_iter()
                    .map(|i| i.id.clone())
                    .collect();
                let achieved = cat().achieved_levels(scope, &satisfied);
                assert!(achieved.meets(&target), "{target} {scope:?}: {achieved}");
                // The level reached needs exactly the items satisfied: nothing more, nothing less.
                let needed: HashSet<RequirementId> = cat()
                    .required_for(scope, &achieved)
                    .into_iter()
                    .map(|i| i.id.clone())
                    .collect();
                assert_eq!(needed, satisfied, "{target} {scope:?}");
                assert!(cat().missing_for(scope, &target, &satisfied).is_empty());
            }
        }
        // Dropping one SL 1 item of FR 3 drops FR 3 to SL 0 and leaves the rest.
        let full: SlVector = "(2,2,2,2,2,2,2)".parse().unwrap();
        let mut satisfied: HashSet<RequirementId> = cat()
            .required_for_zone(&full)
            .into_iter()
            .map(|i| i.id.clone())
            .collect();
        satisfied.remove(&"SR 3.1".parse().unwrap());
        assert_eq!(
            cat()
                .achieved_levels(LevelScope::Zone, &satisfied)
                .to_string(),
            "(2,2,0,2,2,2,2)"
        );
    }
}
