//! 6.1.13 PURL.
//!
//! **What**: every `product_identification_helper/purl` is a valid package URL (purl spec).
//!
//! **Why**: scanners match advisories to installed packages by purl; one they cannot parse
//! matches nothing, and the product silently looks unaffected.
//!
//! **Example**: `"purl": "pkg:maven/@1.3.4"` (no package name).

use std::str::FromStr;

use packageurl::PackageUrl;
use serde_json::Value;

use crate::Finding;
use crate::tree::{full_product_names, text};

pub(crate) fn check(doc: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    for (product, pointer) in full_product_names(doc) {
        let Some(purl) = product
            .get("product_identification_helper")
            .and_then(|h| text(h, "purl"))
        else {
            continue;
        };
        if let Err(e) = PackageUrl::from_str(purl) {
            out.push(Finding::new(
                format!("{pointer}/product_identification_helper/purl"),
                format!("{purl:?} is not a valid package URL: {e}"),
            ));
        }
    }
    out
}
