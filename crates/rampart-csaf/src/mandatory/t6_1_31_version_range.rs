//! 6.1.31 Version Range in Product Version.
//!
//! **What**: the name of a branch of category `product_version` holds one version, not a range:
//! it contains none of `<`, `<=`, `>`, `>=` and none of the words `after`, `all`, `before`,
//! `earlier`, `later`, `prior`, `versions` as white-space separated words (ignoring case), the
//! spec's sufficient test.
//!
//! **Why**: ranges belong in `product_version_range` (with `vers`), where tools can evaluate
//! them; a range written as a version name matches no installed version.
//!
//! **Example**: a `product_version` branch named `prior to 4.2`.

use serde_json::Value;

use crate::Finding;
use crate::tree::{branches, text};

const OPERATORS: [&str; 2] = ["<", ">"];
const WORDS: [&str; 7] = [
    "after", "all", "before", "earlier", "later", "prior", "versions",
];

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    for (branch, pointer) in branches(doc) {
        if text(branch, "category") != Some("product_version") {
            continue;
        }
        let Some(name) = text(branch, "name") else {
            continue;
        };
        let lower = name.to_lowercase();
        let operator = OPERATORS.iter().find(|op| lower.contains(*op));
        // Words are separated by white space, as the OASIS test files have it: `after-eight`
        // is a name, not the word `after`.
        let word = lower.split_whitespace().find(|token| WORDS.contains(token));
        if let Some(found) = operator.copied().or(word) {
            out.push(Finding::new(
                format!("{pointer}/name"),
                format!(
                    "product version {name:?} contains {found:?}, a version range (use product_version_range)"
                ),
            ));
        }
    }
    out
}
