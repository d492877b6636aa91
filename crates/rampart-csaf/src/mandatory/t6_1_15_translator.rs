//! 6.1.15 Translator.
//!
//! **What**: a document whose publisher category is `translator` states its `source_lang`.
//!
//! **Why**: a translation must say what it was translated from, so a reader can go back to
//! the authoritative original.
//!
//! **Example**: `publisher.category: "translator"` and no `/document/source_lang`.

use serde_json::Value;

use crate::Finding;
use crate::tree::text_at;

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    if text_at(doc, "/document/publisher/category") == Some("translator")
        && doc.pointer("/document/source_lang").is_none()
    {
        return vec![Finding::new(
            "/document",
            "the publisher is a translator but the document has no source_lang",
        )];
    }
    Vec::new()
}
