//! Local overrides: an organisation that holds a licensed copy of the standard can correct
//! titles, descriptions and SL lists in a YAML file of its own.
//!
//! ```yaml
//! source: ACME's licensed copy of IEC 62443-3-3:2013   # optional, shown with each change
//! overrides:
//!   - id: SR 3.4
//!     sl: [1, 2, 3, 4]
//!     reason: our copy predates corrigendum COR1:2014
//!   - id: CR 7.8
//!     title: Control system component inventory reporting
//! ```
//!
//! Every entry is validated against the catalog and every problem is reported at once,
//! as `file:line:col: message`; a file with any problem changes nothing.

use std::collections::HashMap;
use std::path::Path;

use rampart_yaml::{Limits, Problems, Span, Spanned};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::catalog::{Catalog, CatalogError};
use crate::level::SecurityLevel;
use crate::model::AppliedOverride;

/// The largest override file accepted: far above any real one, small enough to bound memory.
const MAX_OVERRIDE_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// An override file as written. Its JSON Schema ([`overrides_schema`]) is derived from this
/// type and [`RawOverride`], so the published schema and the parser cannot drift apart;
/// the `schemars` attributes add only what the parser checks after reading (non-blank
/// text, levels 1 to 4, at least one change per entry).
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Rampart catalog overrides",
    description = "Local corrections to the built-in IEC 62443 catalog, from an organisation's licensed copy of the standard. Every entry is validated; a file with any problem changes nothing.",
    extend("$id" = "https://rampart-iacs.github.io/schemas/catalog-overrides.json")
)]
struct RawOverrideFile {
    /// Where the corrections come from; shown with each change.
    #[serde(default)]
    source: Option<String>,
    /// The corrections, at most one per item.
    overrides: Vec<RawOverride>,
}

/// One entry: the item and the values that replace the built-in ones.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "Override",
    extend("anyOf" = [{ "required": ["title"] }, { "required": ["description"] }, { "required": ["sl"] }])
)]
struct RawOverride {
    /// A requirement id, e.g. `SR 3.4` or `CR 1.1 RE 1`.
    #[schemars(with = "String")]
    id: Spanned<String>,
    /// The new title.
    #[serde(default)]
    #[schemars(with = "Option<String>", pattern(r"\S"))]
    title: Option<Spanned<String>>,
    /// The new description.
    #[serde(default)]
    #[schemars(with = "Option<String>", pattern(r"\S"))]
    description: Option<Spanned<String>>,
    /// Cumulative security levels at which the item is required, e.g. [2, 3, 4]; 3-3 and 4-2 only.
    #[serde(default)]
    #[schemars(
        with = "Option<Vec<u8>>",
        length(min = 1, max = 4),
        inner(range(min = 1, max = 4))
    )]
    sl: Option<Spanned<Vec<u8>>>,
    /// Why the value differs; shown with the change.
    #[serde(default)]
    reason: Option<String>,
}

/// The JSON Schema (draft 2020-12) of a catalog override file, as printed by
/// `rampart schema catalog-overrides`.
pub fn overrides_schema() -> serde_json::Value {
    schemars::schema_for!(RawOverrideFile).to_value()
}

/// Checks that a list of levels is cumulative (`[]`, or `[n, …, 4]` without gaps) and
/// returns it as levels.
pub(crate) fn cumulative_levels(list: &[u8]) -> Result<Vec<SecurityLevel>, String> {
    let Some(&first) = list.first() else {
        return Ok(Vec::new());
    };
    let want: Vec<u8> = (first..=4).collect();
    if first == 0 || first > 4 || list != want.as_slice() {
        return Err(format!(
            "security levels {list:?} are not cumulative: an item required at SL n is required at every higher level, \
             so write [n, ..., 4] with n from 1 to 4, e.g. [2, 3, 4]"
        ));
    }
    Ok(list.iter().filter_map(|n| SecurityLevel::new(*n)).collect())
}

impl Catalog {
    /// The built-in catalog with the overrides in `path` applied.
    pub fn with_overrides_file(path: &Path) -> Result<Catalog, CatalogError> {
        let shown = if path.as_os_str() == "-" {
            rampart_yaml::STDIN_NAME.to_owned()
        } else {
            path.display().to_string()
        };
        let read_err = |message: String| CatalogError::Read {
            path: shown.clone(),
            message,
        };
        let text = rampart_yaml::read_input(path, MAX_OVERRIDE_FILE_BYTES)
            .map_err(|e| read_err(e.to_string()))?;
        let mut catalog = Catalog::builtin().clone();
        catalog.apply_overrides(&shown, &text)?;
        Ok(catalog)
    }

    /// Applies an override file's text, named `file` in messages. On any problem the
    /// catalog is left unchanged and every problem is returned.
    pub fn apply_overrides(&mut self, file: &str, text: &str) -> Result<(), CatalogError> {
        let raw: RawOverrideFile = rampart_yaml::parse(file, text, Limits::SMALL_FILE)
            .map_err(|p| CatalogError::Overrides { problems: vec![p] })?;

        let mut problems = Problems::new(file);
        let mut changes = Vec::new();
        let mut first_seen: HashMap<String, u32> = HashMap::new();
        for entry in raw.overrides {
            let at = Span::of(&entry.id);
            let item = match self.lookup(&entry.id.value) {
                Ok(item) => item,
                Err(e) => {
                    problems.push(at, e.to_string());
                    continue;
                }
            };
            let id = item.id.clone();
            if let Some(prev) = first_seen.insert(id.to_string(), at.line) {
                problems.push(at, format!("`{id}` is already overridden at line {prev}"));
                continue;
            }
            if entry.title.is_none() && entry.description.is_none() && entry.sl.is_none() {
                problems.push(
                    at,
                    format!(
                        "the override of `{id}` changes nothing: give title, description or sl"
                    ),
                );
            }
            let reason = entry.reason.clone().or_else(|| raw.source.clone());
            let source = match &raw.source {
                Some(s) => format!("{file} ({s})"),
                None => file.to_owned(),
            };
            let record = |field: &'static str, previous: String, value: String| AppliedOverride {
                field,
                previous,
                value,
                source: source.clone(),
                reason: reason.clone(),
            };
            for (field, new) in [("title", &entry.title), ("description", &entry.description)] {
                if let Some(new) = new {
                    let value = new.value.trim().to_owned();
                    let current = if field == "title" {
                        &item.title
                    } else {
                        &item.description
                    };
                    if value.is_empty() {
                        problems.push(
                            Span::of(new),
                            format!("the {field} of `{id}` cannot be empty"),
                        );
                    } else if value == *current {
                        problems.push(Span::of(new), unchanged(&id, field));
                    } else if field == "title" {
                        let applied = record(field, item.title.clone(), value.clone());
                        changes.push((id.clone(), Change::Title(value), applied));
                    } else {
                        let applied = record(field, item.description.clone(), value.clone());
                        changes.push((id.clone(), Change::Description(value), applied));
                    }
                }
            }
            if let Some(sl) = &entry.sl {
                let at = Span::of(sl);
                if !item.part.has_security_levels() {
                    problems.push(
                        at,
                        format!(
                            "`{id}` is in part {}, which has no security levels",
                            item.part
                        ),
                    );
                } else if !item.normative {
                    problems.push(at, format!("`{id}` is a heading with no requirement of its own; it has no security levels"));
                } else {
                    match cumulative_levels(&sl.value) {
                        Ok(levels) if levels.is_empty() => {
                            problems.push(at, format!("`{id}` needs at least one security level"));
                        }
                        Ok(levels) if levels == item.security_levels => {
                            problems.push(at, unchanged(&id, "sl"));
                        }
                        Ok(levels) => {
                            let applied = record("sl", item.levels_text(), levels_text(&sl.value));
                            changes.push((id.clone(), Change::Levels(levels), applied));
                        }
                        Err(m) => problems.push(at, m),
                    }
                }
            }
        }
        if !problems.is_empty() {
            return Err(CatalogError::Overrides {
                problems: problems.into_sorted(),
            });
        }
        for (id, change, applied) in changes {
            let item = self
                .get_mut(&id)
                .expect("the id was looked up in this catalog");
            match change {
                Change::Title(t) => item.title = t,
                Change::Description(d) => item.description = d,
                Change::Levels(l) => item.security_levels = l,
            }
            item.overrides.push(applied);
        }
        Ok(())
    }
}

/// A validated change, applied only once the whole file is known to be valid.
enum Change {
    Title(String),
    Description(String),
    Levels(Vec<SecurityLevel>),
}

/// An entry that sets a field to the value it already has is refused: it most likely
/// targets the wrong item or an edition the catalog already follows.
fn unchanged(id: &crate::RequirementId, field: &str) -> String {
    format!("the {field} of `{id}` is already that value: the override changes nothing")
}

fn levels_text(list: &[u8]) -> String {
    match (list.first(), list.last()) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a}-{b}"),
        _ => "-".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str) -> Result<Catalog, CatalogError> {
        let mut c = Catalog::builtin().clone();
        c.apply_overrides("local.yaml", text).map(|()| c)
    }

    #[test]
    fn overrides_change_values_and_are_recorded() {
        let c = apply(
            "source: licensed copy\noverrides:\n  - id: sr 3.4\n    sl: [1, 2, 3, 4]\n    reason: pre-corrigendum\n  - id: CR 7.8\n    title: Component inventory\n",
        )
        .unwrap();
        let sr = c.lookup("SR 3.4").unwrap();
        assert_eq!(sr.levels_text(), "1-4");
        assert_eq!(sr.overrides.len(), 1);
        assert_eq!(sr.overrides[0].previous, "2-4");
        assert_eq!(sr.overrides[0].reason.as_deref(), Some("pre-corrigendum"));
        assert_eq!(sr.overrides[0].source, "local.yaml (licensed copy)");
        let cr = c.lookup("CR 7.8").unwrap();
        assert_eq!(cr.title, "Component inventory");
        assert_eq!(cr.overrides[0].reason.as_deref(), Some("licensed copy"));
        // The override moves SR 3.4 into the SL 1 set.
        let one = crate::SlVector::uniform(SecurityLevel::SL1);
        assert_eq!(c.required_for_zone(&one).len(), 38);
    }

    #[test]
    fn every_problem_is_reported_with_its_place() {
        let text = "overrides:\n  - id: SR 1.14\n    title: x\n  - id: SR 1.1\n    sl: [1, 3]\n  - id: SM-1\n    sl: [2, 3, 4]\n  - id: SR 1.2\n  - id: SR 1.1\n    title: again\n  - id: CR 2.3\n    sl: [1, 2, 3, 4]\n";
        let Err(CatalogError::Overrides { problems }) = apply(text) else {
            panic!("expected problems")
        };
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 6, "{shown:#?}");
        assert!(
            shown[0].starts_with(
                "local.yaml:2:9: unknown requirement id `SR 1.14`; did you mean SR 1.13"
            ),
            "{}",
            shown[0]
        );
        assert!(
            shown[1].starts_with("local.yaml:5:9: security levels [1, 3] are not cumulative"),
            "{}",
            shown[1]
        );
        assert!(
            shown[2].contains("part 4-1, which has no security levels"),
            "{}",
            shown[2]
        );
        assert!(shown[3].contains("changes nothing"), "{}", shown[3]);
        assert!(
            shown[4].contains("already overridden at line 4"),
            "{}",
            shown[4]
        );
        assert!(shown[5].contains("heading"), "{}", shown[5]);
    }

    #[test]
    fn an_override_to_the_current_value_is_refused() {
        let text = "overrides:\n  - id: SR 3.4\n    sl: [2, 3, 4]\n  - id: CR 7.8\n    title: '  Control system component inventory '\n  - id: SR 1.1\n    title: Human user identification and authentication\n    description: new words\n";
        let Err(CatalogError::Overrides { problems }) = apply(text) else {
            panic!("expected problems")
        };
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "local.yaml:3:9: the sl of `SR 3.4` is already that value: the override changes nothing",
                "local.yaml:5:12: the title of `CR 7.8` is already that value: the override changes nothing",
                "local.yaml:7:12: the title of `SR 1.1` is already that value: the override changes nothing",
            ]
        );
    }

    #[test]
    fn a_file_with_problems_changes_nothing() {
        let mut c = Catalog::builtin().clone();
        let err = c.apply_overrides(
            "f.yaml",
            "overrides:\n  - id: SR 3.4\n    sl: [1, 2, 3, 4]\n  - id: SR 99.1\n    title: y\n",
        );
        assert!(err.is_err());
        assert_eq!(c.lookup("SR 3.4").unwrap().levels_text(), "2-4");
    }

    #[test]
    fn malformed_yaml_is_located() {
        for (text, want) in [
            ("overrides: [\n", "f.yaml:"),
            ("overrides:\n  - id: SR 1.1\n    colour: red\n", "f.yaml:3:"),
            ("overrides:\n  - id: SR 1.1\n    sl: [one]\n", "f.yaml:3:"),
        ] {
            let mut c = Catalog::builtin().clone();
            let err = c.apply_overrides("f.yaml", text).unwrap_err().to_string();
            assert!(err.starts_with(want), "{text:?}: {err}");
        }
    }

    #[test]
    fn override_files_are_refused_when_missing_or_oversized() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.yaml");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(MAX_OVERRIDE_FILE_BYTES + 1)
            .unwrap();
        let err = Catalog::with_overrides_file(&big).unwrap_err().to_string();
        assert!(
            err.contains("big.yaml: cannot read the catalog override file")
                && err.contains("the limit is"),
            "{err}"
        );
        let err = Catalog::with_overrides_file(&dir.path().join("none.yaml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("none.yaml: cannot read the catalog override file"),
            "{err}"
        );
        let ok = dir.path().join("ok.yaml");
        std::fs::write(&ok, "overrides:\n  - {id: SR 3.4, sl: [1, 2, 3, 4]}\n").unwrap();
        assert_eq!(
            Catalog::with_overrides_file(&ok)
                .unwrap()
                .lookup("SR 3.4")
                .unwrap()
                .levels_text(),
            "1-4"
        );
    }

    #[test]
    fn cumulative_levels_rules() {
        assert!(cumulative_levels(&[]).unwrap().is_empty());
        assert_eq!(cumulative_levels(&[3, 4]).unwrap().len(), 2);
        for bad in [&[0, 1, 2, 3, 4][..], &[1, 2], &[2, 4], &[5], &[4, 3]] {
            assert!(cumulative_levels(bad).is_err(), "{bad:?}");
        }
    }

    /// A quick, deterministic stand-in for the fuzz target (fuzz/), run in every test run:
    /// every truncation and many byte mutations of a valid file either apply or fail cleanly.
    #[test]
    fn truncated_and_mutated_files_never_panic_or_half_apply() {
        let valid = "source: s\noverrides:\n  - id: SR 3.4\n    sl: [1, 2, 3, 4]\n    reason: r\n  - id: CR 7.8\n    title: T\n    description: D\n";
        let mut inputs: Vec<String> = (0..valid.len()).map(|n| valid[..n].to_owned()).collect();
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let alphabet = b"-:[]{}&*!|>'\"#\n 0123456789SRCRE.,";
        for _ in 0..2_000 {
            let mut bytes = valid.as_bytes().to_vec();
            for _ in 0..3 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let at = (state % bytes.len() as u64) as usize;
                bytes[at] = alphabet[(state >> 32) as usize % alphabet.len()];
            }
            inputs.push(String::from_utf8_lossy(&bytes).into_owned());
        }
        for text in inputs {
            let mut c = Catalog::builtin().clone();
            if c.apply_overrides("m.yaml", &text).is_err() {
                assert!(c.items().all(|i| i.overrides.is_empty()), "{text:?}");
            }
        }
    }

    #[test]
    fn alias_bombs_and_deep_nesting_fail_fast() {
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = i - 1;
            bomb.push_str(&format!("a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"));
        }
        bomb.push_str("overrides: []\n");
        let mut c = Catalog::builtin().clone();
        assert!(c.apply_overrides("bomb.yaml", &bomb).is_err());
        let deep = format!("overrides: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        let err = c
            .apply_overrides("deep.yaml", &deep)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("deep.yaml:"), "{err}");
    }
}
