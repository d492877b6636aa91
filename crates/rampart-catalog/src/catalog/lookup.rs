//! Finding items and groups as a user writes them: normalised ids, "did you mean"
//! suggestions, and group names that may be an FR abbreviation or a group of their own.

use crate::id::{ParseIdError, RequirementId};
use crate::level::Fr;
use crate::model::{Group, Part, Requirement};

use super::Catalog;

/// The prefixes of 4-2 requirements: common CRs and the component-specific ones.
const COMPONENT_PREFIXES: [&str; 5] = ["CR", "SAR", "EDR", "HDR", "NDR"];

impl Catalog {
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
