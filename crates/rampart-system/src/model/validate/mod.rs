//! Validation: raw serde structs in, a [`SystemModel`] out, every problem recorded with its
//! place. This file holds the validator and the helpers that resolve ids and read values;
//! [`elements`] validates the model's lists, [`levels`] the risk method, [`assessment`] the
//! linked component assessments.

mod acceptances;
mod assessment;
mod elements;
mod levels;
mod links;

use std::collections::HashMap;

use rampart_catalog::{Catalog, ComponentType, Part, RequirementId, SlVector, SlVectorError};
use rampart_yaml::Problems;

use super::{AssetIdx, ElementRef, Endpoint, Span, ZoneIdx};
use crate::raw::{RawSl, RawVersion, S};
use assessment::Assessed;

pub(super) fn span<T>(s: &S<T>) -> Span {
    s.at
}

/// One validation pass over the raw model; pushes every problem it meets.
pub(super) struct Validator<'p> {
    file: String,
    problems: &'p mut Problems,
    ids: HashMap<String, (ElementRef, Span)>,
    /// Elements whose id was already taken (reported once, as a duplicate), by that id: a
    /// reference that fits one of them is taken as meant for it, so that one duplicate id
    /// is one problem rather than one more per reference to it.
    shadowed: HashMap<String, Vec<ElementRef>>,
    /// Where linked files (component assessments) are resolved from.
    base_dir: std::path::PathBuf,
    /// The catalog ids are resolved in and assessments evaluated against.
    catalog: &'p Catalog,
    /// Assessments already read, by file and component type.
    assessments: HashMap<(std::path::PathBuf, ComponentType), Assessed>,
}

/// The zone of an asset no zone lists, while validating.
const NO_ZONE: ZoneIdx = ZoneIdx::new(usize::MAX);

impl<'p> Validator<'p> {
    pub(super) fn new(
        file: &str,
        problems: &'p mut Problems,
        base_dir: &std::path::Path,
        catalog: &'p Catalog,
    ) -> Self {
        Validator {
            file: file.to_owned(),
            problems,
            ids: HashMap::new(),
            shadowed: HashMap::new(),
            base_dir: base_dir.to_owned(),
            catalog,
            assessments: HashMap::new(),
        }
    }

    fn problem(&mut self, at: Span, message: impl Into<String>) {
        self.problems.push(at, message);
    }

    /// Registers an id; ids share one namespace because flows and scenarios may name a zone
    /// or an asset.
    fn register(&mut self, id: &S<String>, element: ElementRef) -> String {
        let at = span(id);
        let text = id.value.trim().to_owned();
        if text.is_empty() {
            self.problem(at, format!("the {} id is empty", element.kind()));
        } else if let Some((prev, prev_at)) = self.ids.get(&text) {
            let message = format!(
                "duplicate id `{text}`: already used by the {} at line {}",
                prev.kind(),
                prev_at.line
            );
            self.problem(at, message);
            self.shadowed.entry(text.clone()).or_default().push(element);
        } else {
            self.ids.insert(text.clone(), (element, at));
        }
        text
    }

    fn lookup(&self, id: &str) -> Option<ElementRef> {
        self.ids.get(id.trim()).map(|(e, _)| *e)
    }

    /// Resolves a reference that must name an element of the kind `pick` accepts (`noun`,
    /// e.g. "zone or asset"; `expected` with articles, "a zone or an asset"); otherwise
    /// records a problem saying what the id names instead, or that nothing has it.
    fn reference<T>(
        &mut self,
        id: &S<String>,
        role: &str,
        (noun, expected): (&str, &str),
        pick: impl Fn(ElementRef) -> Option<T>,
    ) -> Option<T> {
        let found = self.lookup(&id.value);
        if let Some(value) = found.and_then(&pick) {
            return Some(value);
        }
        if let Some(value) = self
            .shadowed
            .get(id.value.trim())
            .and_then(|list| list.iter().find_map(|e| pick(*e)))
        {
            return Some(value);
        }
        let message = match found {
            Some(other) => format!(
                "{role} `{}` is {}, not {expected}",
                id.value,
                other.with_article()
            ),
            None => format!("{role} `{}`: no {noun} has this id", id.value),
        };
        self.problem(span(id), message);
        None
    }

    fn asset_ref(&mut self, id: &S<String>, role: &str) -> Option<AssetIdx> {
        self.reference(id, role, ("asset", "an asset"), |e| match e {
            ElementRef::Asset(a) => Some(a),
            _ => None,
        })
    }

    fn zone_ref(&mut self, id: &S<String>, role: &str) -> Option<ZoneIdx> {
        self.reference(id, role, ("zone", "a zone"), |e| match e {
            ElementRef::Zone(z) => Some(z),
            _ => None,
        })
    }

    fn zone_or_asset(&mut self, id: &S<String>, role: &str) -> Option<Endpoint> {
        self.reference(
            id,
            role,
            ("zone or asset", "a zone or an asset"),
            |e| match e {
                ElementRef::Zone(z) => Some(Endpoint::Zone(z)),
                ElementRef::Asset(a) => Some(Endpoint::Asset(a)),
                _ => None,
            },
        )
    }

    fn named<T: Copy>(&mut self, s: &S<String>, parse: fn(&str) -> Result<T, String>) -> Option<T> {
        match parse(&s.value) {
            Ok(v) => Some(v),
            Err(m) => {
                self.problem(span(s), m);
                None
            }
        }
    }

    fn sl_vector(&mut self, s: &S<RawSl>, what: &str) -> Option<SlVector> {
        let at = span(s);
        let result = match &s.value {
            RawSl::One(n) => SlVector::from_level(*n).map_err(|e| format!("{what}: {e}")),
            RawSl::List(_, count) if *count != 7 => {
                Err(format!("{what}: {}", SlVectorError::Length(*count)))
            }
            RawSl::List(list, _) => SlVector::from_list(list).map_err(|e| format!("{what}: {e}")),
            RawSl::Text(t) => t.parse::<SlVector>().map_err(|e| format!("{what}: {e}")),
        };
        match result {
            Ok(v) => Some(v),
            Err(m) => {
                self.problem(at, m);
                None
            }
        }
    }

    fn requirement(&mut self, s: &S<String>) -> Option<RequirementId> {
        match self.catalog.lookup(&s.value) {
            Ok(item) if matches!(item.part, Part::P3_3 | Part::P4_2) => Some(item.id.clone()),
            Ok(item) => {
                self.problem(
                    span(s),
                    format!(
                        "`{}` is a {} item: only 3-3 (zone) and 4-2 (component) requirements can be met here",
                        item.id, item.part
                    ),
                );
                None
            }
            Err(e) => {
                self.problem(span(s), e.to_string());
                None
            }
        }
    }

    /// Refuses every entry of `list` that repeats an earlier one, at the repeat. Entries are
    /// compared by `key` (the catalog's spelling of a requirement id, the trimmed text of an
    /// element id). A repeat is never harmless: a countermeasure listed twice on a scenario
    /// would lower its risk twice.
    fn refuse_repeats(&mut self, list: &[S<String>], key: impl Fn(&str) -> String) {
        let mut seen: HashMap<String, Span> = HashMap::with_capacity(list.len());
        for s in list {
            let at = span(s);
            if let Some(first) = seen.get(&key(&s.value)) {
                let message = format!(
                    "`{}` is listed twice (first at line {}, column {}): list each once",
                    s.value.trim(),
                    first.line,
                    first.col
                );
                self.problem(at, message);
            } else {
                seen.insert(key(&s.value), at);
            }
        }
    }

    /// Reports a mapping key that names what an earlier key named (`Safety` and `safety`),
    /// at the later of the two; the earlier one's value counts.
    fn repeated_key<T>(&mut self, what: &str, name: &str, value: &S<T>, first: Option<Span>) {
        let first = first.unwrap_or_default();
        self.problem(
            span(value),
            format!(
                "{what} `{name}` is given twice (first at line {}, column {}; names ignore case and `-`/`_`): give it once",
                first.line, first.col
            ),
        );
    }

    /// Reads an asset's or assessment's version; a number is refused, because YAML has
    /// already changed it (`3.10` became 3.1) and the text as written is lost.
    fn version(&mut self, v: &S<RawVersion>) -> Option<String> {
        match &v.value {
            RawVersion::Text(t) => Some(t.clone()),
            RawVersion::Number(n) => {
                self.problem(
                    span(v),
                    format!(
                        "version `{n}` was read as a number, which may not be what the file says (YAML reads 3.10 as 3.1): quote it, e.g. `version: \"{n}\"`"
                    ),
                );
                None
            }
        }
    }

    /// [`Validator::refuse_repeats`] for a list of element ids.
    fn refuse_repeated_ids(&mut self, list: &[S<String>]) {
        self.refuse_repeats(list, |id| id.trim().to_owned());
    }

    /// Refuses repeated requirement ids, in any spelling the catalog accepts.
    fn refuse_repeated_requirements(&mut self, list: &[S<String>]) {
        let catalog = self.catalog;
        self.refuse_repeats(list, |id| {
            catalog
                .lookup(id)
                .map_or_else(|_| id.trim().to_owned(), |item| item.id.to_string())
        });
    }

    fn requirements(&mut self, list: &[S<String>]) -> Vec<RequirementId> {
        self.refuse_repeated_requirements(list);
        let mut out: Vec<RequirementId> = list.iter().filter_map(|s| self.requirement(s)).collect();
        out.sort();
        out.dedup();
        out
    }

    fn small_int(
        &mut self,
        s: &S<i64>,
        what: &str,
        range: std::ops::RangeInclusive<i64>,
    ) -> Option<u8> {
        if range.contains(&s.value) {
            u8::try_from(s.value).ok()
        } else {
            self.problem(
                span(s),
                format!(
                    "{what} {} is out of range: expected {} to {}",
                    s.value,
                    range.start(),
                    range.end()
                ),
            );
            None
        }
    }

    fn port(&mut self, s: Option<&S<i64>>) -> Option<u16> {
        let s = s?;
        match u16::try_from(s.value) {
            Ok(p) if p > 0 => Some(p),
            _ => {
                self.problem(
                    span(s),
                    format!("port {} is out of range: expected 1 to 65535", s.value),
                );
                None
            }
        }
    }
}
