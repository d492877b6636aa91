//! 6.1.12 Language.
//!
//! **What**: `/document/lang` and `/document/source_lang` are valid BCP 47 language tags whose
//! subtags are registered in the IANA Language Subtag Registry.
//!
//! **Why**: readers and translation tooling pick the advisory's language by this tag; a tag
//! that matches the syntax but names no language (`EZ`) selects nothing.
//!
//! **Example**: `"lang": "EZ"` (EZ is not a language subtag).

use language_tags::LanguageTag;
use serde_json::Value;

use crate::Finding;
use crate::tree::text_at;

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    for key in ["lang", "source_lang"] {
        let pointer = format!("/document/{key}");
        let Some(tag) = text_at(doc, &pointer) else {
            continue;
        };
        let problem = match LanguageTag::parse(tag) {
            Err(e) => Some(e.to_string()),
            Ok(parsed) => parsed.validate().err().map(|e| e.to_string()),
        };
        if let Some(problem) = problem {
            out.push(Finding::new(
                pointer,
                format!("{tag:?} is not a valid language tag: {problem}"),
            ));
        }
    }
    out
}
