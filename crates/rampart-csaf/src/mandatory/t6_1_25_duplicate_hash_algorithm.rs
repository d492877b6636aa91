//! 6.1.25 Multiple Use of Same Hash Algorithm.
//!
//! **What**: within one `hashes` item, each algorithm appears once in `file_hashes`.
//!
//! **Why**: two values for one algorithm of one file cannot both be right; a consumer
//! verifying the file would accept or reject it depending on which one it reads.
//!
//! **Example**: `file_hashes` with two `sha256` entries.

use std::collections::HashSet;

use serde_json::Value;

use crate::Finding;
use crate::tree::{full_product_names, items, text};

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    for (product, pointer) in full_product_names(doc) {
        let Some(helper) = product.get("product_identification_helper") else {
            continue;
        };
        for (h, hashes) in items(helper, "hashes").iter().enumerate() {
            let mut seen = HashSet::new();
            for (f, file_hash) in items(hashes, "file_hashes").iter().enumerate() {
                let Some(algorithm) = text(file_hash, "algorithm") else {
                    continue;
                };
                if !seen.insert(algorithm) {
                    out.push(Finding::new(
                        format!(
                            "{pointer}/product_identification_helper/hashes/{h}/file_hashes/{f}/algorithm"
                        ),
                        format!("algorithm {algorithm:?} is used twice for this file"),
                    ));
                }
            }
        }
    }
    out
}
