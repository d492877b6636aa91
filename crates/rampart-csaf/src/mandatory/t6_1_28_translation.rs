//! 6.1.28 Translation.
//!
//! **What**: `/document/lang` and `/document/source_lang` differ (ignoring case).
//!
//! **Why**: `source_lang` says the document is a translation; a translation into its own
//! language is a contradiction.
//!
//! **Example**: `lang: "en-US"` and `source_lang: "en-US"`.

use serde_json::Value;

use crate::Finding;
use crate::tree::text_at;

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    match (
        text_at(doc, "/document/lang"),
        text_at(doc, "/document/source_lang"),
    ) {
        (Some(lang), Some(source)) if lang.eq_ignore_ascii_case(source) => {
            vec![Finding::new(
                "/document/source_lang",
                format!("the document is a translation from {source:?} into the same language"),
            )]
        }
        _ => Vec::new(),
    }
}
