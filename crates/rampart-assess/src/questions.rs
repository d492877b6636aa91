//! The one-line question an engineer answers for each requirement, as data
//! (`data/questions/<part>.yaml`, compiled in), written in Rampart's own words, not the
//! standard's text. `rampart assess init` writes them into a new assessment; results carry
//! them so a report reads as questions and answers.
//!
//! Every normative item of 4-2 (CRs, REs and the SAR/EDR/HDR/NDR items), 3-3, 4-1 and 2-1 has
//! one; a test holds the data to that, and refuses a question for an id the catalog lacks.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use rampart_catalog::{Catalog, Part, RequirementId};
use serde::Deserialize;

/// The data files, one per part.
const DATA_FILES: [(&str, &str); 4] = [
    (
        "data/questions/2-1.yaml",
        include_str!("../data/questions/2-1.yaml"),
    ),
    (
        "data/questions/3-3.yaml",
        include_str!("../data/questions/3-3.yaml"),
    ),
    (
        "data/questions/4-1.yaml",
        include_str!("../data/questions/4-1.yaml"),
    ),
    (
        "data/questions/4-2.yaml",
        include_str!("../data/questions/4-2.yaml"),
    ),
];

/// The parts that have questions: those an assessment file covers.
pub const PARTS_WITH_QUESTIONS: [Part; 4] = [Part::P2_1, Part::P3_3, Part::P4_1, Part::P4_2];

/// Questions by requirement id.
#[derive(Debug, Clone)]
pub struct Questions {
    by_id: HashMap<RequirementId, String>,
}

/// A question file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestions {
    part: Part,
    questions: BTreeMap<String, String>,
}

impl Questions {
    /// The built-in questions, checked against the built-in catalog once on first use.
    ///
    /// The data is part of the build and tested, so a failure here is a bug in this build.
    pub fn builtin() -> &'static Questions {
        static BUILTIN: OnceLock<Questions> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Questions::from_sources(DATA_FILES.iter().copied(), Catalog::builtin()).unwrap_or_else(
                |e| {
                    panic!(
                        "the questions compiled into this binary are invalid:\n{}",
                        e.join("\n")
                    )
                },
            )
        })
    }

    /// Reads question files given as `(name, text)` and checks each id against `catalog`:
    /// it must be a normative item of the file's part, asked once, as one line ending in `?`.
    pub fn from_sources<'a>(
        sources: impl IntoIterator<Item = (&'a str, &'a str)>,
        catalog: &Catalog,
    ) -> Result<Questions, Vec<String>> {
        let mut by_id = HashMap::new();
        let mut problems = Vec::new();
        for (name, text) in sources {
            let raw: RawQuestions =
                match rampart_yaml::parse(name, text, rampart_yaml::Limits::SMALL_FILE) {
                    Ok(raw) => raw,
                    Err(p) => {
                        problems.push(p.to_string());
                        continue;
                    }
                };
            for (id_text, question) in raw.questions {
                let id = match catalog.lookup(&id_text) {
                    Ok(item) if item.part != raw.part => {
                        problems.push(format!(
                            "{name}: `{id_text}` is in part {}, not {}",
                            item.part, raw.part
                        ));
                        continue;
                    }
                    Ok(item) if !item.normative => {
                        problems.push(format!(
                            "{name}: `{id_text}` is a heading, which is not asked"
                        ));
                        continue;
                    }
                    Ok(item) => item.id.clone(),
                    Err(e) => {
                        problems.push(format!("{name}: {e}"));
                        continue;
                    }
                };
                let q = question.trim();
                if q.contains('\n') || !q.ends_with('?') || q.len() < 20 {
                    problems.push(format!(
                        "{name}: the question for `{id}` is not one line ending in `?`"
                    ));
                }
                if by_id.insert(id.clone(), q.to_owned()).is_some() {
                    problems.push(format!("{name}: `{id}` has two questions"));
                }
            }
        }
        if problems.is_empty() {
            Ok(Questions { by_id })
        } else {
            Err(problems)
        }
    }

    /// The question for `id`.
    pub fn get(&self, id: &RequirementId) -> Option<&str> {
        self.by_id.get(id).map(String::as_str)
    }

    /// How many questions there are.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_normative_item_of_the_assessed_parts_has_a_question() {
        let catalog = Catalog::builtin();
        let questions = Questions::builtin();
        let missing: Vec<String> = catalog
            .items()
            .filter(|i| i.normative && PARTS_WITH_QUESTIONS.contains(&i.part))
            .filter(|i| questions.get(&i.id).is_none())
            .map(|i| i.id.to_string())
            .collect();
        assert!(missing.is_empty(), "no question for {missing:?}");
        // And nothing else: the counts match, so no question names an item outside them.
        let asked = catalog
            .items()
            .filter(|i| i.normative && PARTS_WITH_QUESTIONS.contains(&i.part))
            .count();
        assert_eq!(questions.len(), asked);
    }

    #[test]
    fn questions_are_specific_not_a_template() {
        let questions = Questions::builtin();
        let distinct: HashSet<&str> = questions.by_id.values().map(String::as_str).collect();
        // Items of different component types ask the same thing of a different device; the
        // wording still names the device, so every question is its own.
        assert_eq!(distinct.len(), questions.len(), "repeated questions");
        let catalog = Catalog::builtin();
        for (id, q) in &questions.by_id {
            let title = &catalog.get(id).unwrap().title;
            assert_ne!(
                q.trim_end_matches('?'),
                title.as_str(),
                "{id} repeats its title"
            );
        }
    }

    #[test]
    fn an_unknown_or_misplaced_id_is_refused() {
        let catalog = Catalog::builtin();
        let unknown =
            "part: 4-2\nquestions:\n  CR 9.9: Does the component do something it cannot?\n";
        let err = Questions::from_sources([("q.yaml", unknown)], catalog).unwrap_err();
        assert!(
            err[0].contains("unknown requirement id `CR 9.9`"),
            "{err:?}"
        );
        let misplaced =
            "part: 4-1\nquestions:\n  CR 1.1: Does every human user have to log in first?\n";
        let err = Questions::from_sources([("q.yaml", misplaced)], catalog).unwrap_err();
        assert!(err[0].contains("is in part 4-2, not 4-1"), "{err:?}");
        let heading =
            "part: 4-2\nquestions:\n  CR 2.4: Does the component control mobile code at all?\n";
        let err = Questions::from_sources([("q.yaml", heading)], catalog).unwrap_err();
        assert!(err[0].contains("heading"), "{err:?}");
        let statement = "part: 4-2\nquestions:\n  CR 1.1: Every human user logs in first.\n";
        let err = Questions::from_sources([("q.yaml", statement)], catalog).unwrap_err();
        assert!(err[0].contains("ending in `?`"), "{err:?}");
    }
}
