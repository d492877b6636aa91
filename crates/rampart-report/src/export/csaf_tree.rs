//! The CSAF product tree of a security advisory: the assessed product as a branch
//! (`vendor` → `product_name` → `product_version`), each vulnerable component as a full
//! product name with its purl, and each component-in-product as a `default_component_of`
//! relationship, whose product id is what the vulnerabilities' statuses name.
//!
//! Product ids are `CSAFPID-0001` (the product) and then counted in order of first
//! appearance among the results' vulnerabilities, so the same results give the same ids.
//! The tree is built so the CSAF mandatory tests on it hold by construction: every id is
//! defined once (6.1.1, 6.1.2), no relationship refers to itself (6.1.3), a purl is written
//! only when it parses (6.1.13), one hash per algorithm (6.1.25) and no version range in a
//! `product_version` branch (6.1.31: such a version goes into the product's name instead).

use std::collections::HashMap;

use rampart_assess::AssessmentResults;
use rampart_assess::results::Vulnerability;
use serde_json::{Map, Value, json};

use super::csaf::{CsafPublisher, CsafPublisherCategory};
use super::{one_line, subject_label};

/// The product's id.
pub(super) const PRODUCT_ID: &str = "CSAFPID-0001";

/// What makes a `product_version` name a range under mandatory test 6.1.31 (the spec's
/// list; `<=` and `>=` are covered by `<` and `>`).
const RANGE_WORDS: [&str; 9] = [
    "<", ">", "after", "all", "before", "earlier", "later", "prior", "versions",
];

/// The product tree being built, and the relationship id of each component.
pub(super) struct ProductTree {
    components: Vec<Value>,
    relationships: Vec<Value>,
    /// Component key → relationship (component in product) id.
    ids: HashMap<String, String>,
    next: usize,
}

impl ProductTree {
    pub(super) fn new() -> ProductTree {
        ProductTree {
            components: Vec::new(),
            relationships: Vec::new(),
            ids: HashMap::new(),
            next: 2,
        }
    }

    fn next_id(&mut self) -> String {
        let id = format!("CSAFPID-{:04}", self.next);
        self.next += 1;
        id
    }

    /// The product id of `v`'s component as part of the product (defining it on first use).
    pub(super) fn component_in_product(
        &mut self,
        results: &AssessmentResults,
        v: &Vulnerability,
    ) -> String {
        let key = component_key(v);
        if let Some(id) = self.ids.get(&key) {
            return id.clone();
        }
        let name = component_name(v);
        let component_id = self.next_id();
        let mut full = Map::new();
        full.insert("name".into(), json!(name));
        full.insert("product_id".into(), json!(component_id));
        if let Some(purl) = v.purl.as_deref().map(str::trim).filter(|p| valid_purl(p)) {
            full.insert(
                "product_identification_helper".into(),
                json!({ "purl": purl }),
            );
        }
        self.components.push(Value::Object(full));
        let id = self.next_id();
        self.relationships.push(json!({
            "category": "default_component_of",
            "full_product_name": {
                "name": format!("{name} as a component of {}", one_line(&subject_label(results))),
                "product_id": id,
            },
            "product_reference": component_id,
            "relates_to_product_reference": PRODUCT_ID,
        }));
        self.ids.insert(key, id.clone());
        id
    }

    /// The `product_tree` object.
    pub(super) fn finish(self, results: &AssessmentResults, publisher: &CsafPublisher) -> Value {
        let mut tree = Map::new();
        tree.insert(
            "branches".into(),
            json!([product_branch(results, publisher)]),
        );
        if !self.components.is_empty() {
            tree.insert("full_product_names".into(), Value::Array(self.components));
        }
        if !self.relationships.is_empty() {
            tree.insert("relationships".into(), Value::Array(self.relationships));
        }
        Value::Object(tree)
    }
}

/// The component's identity: its purl, else its SBOM reference, else name and version.
fn component_key(v: &Vulnerability) -> String {
    v.purl
        .clone()
        .or_else(|| v.bom_ref.clone())
        .unwrap_or_else(|| format!("{}@{}", v.component, v.version.as_deref().unwrap_or("")))
}

/// `openssl 3.0.7`.
pub(super) fn component_name(v: &Vulnerability) -> String {
    match &v.version {
        Some(version) => one_line(&format!("{} {version}", v.component)),
        None => one_line(&v.component),
    }
}

/// Whether `purl` is a valid package URL (mandatory test 6.1.13).
fn valid_purl(purl: &str) -> bool {
    use std::str::FromStr;
    packageurl::PackageUrl::from_str(purl).is_ok()
}

/// Whether a version string reads as a range under mandatory test 6.1.31.
pub(super) fn looks_like_range(version: &str) -> bool {
    let lower = version.to_lowercase();
    RANGE_WORDS.iter().any(|w| lower.contains(w))
}

/// The product as nested branches: the vendor (only when the publisher is the vendor: the
/// results do not name the maker otherwise), the product name and its version.
fn product_branch(results: &AssessmentResults, publisher: &CsafPublisher) -> Value {
    let s = &results.subject;
    let mut product = Map::new();
    product.insert("name".into(), json!(one_line(&subject_label(results))));
    product.insert("product_id".into(), json!(PRODUCT_ID));
    if let Some(artifact) = &s.artifact
        && let Some(sha) = artifact.sha256.as_deref().filter(|h| is_hex_digest(h))
    {
        let filename = artifact
            .path
            .rsplit(['/', '\\'])
            .next()
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .unwrap_or("image");
        product.insert(
            "product_identification_helper".into(),
            json!({ "hashes": [{
                "file_hashes": [{ "algorithm": "sha256", "value": sha }],
                "filename": filename,
            }] }),
        );
    }
    let product = Value::Object(product);
    let name = one_line(&s.name);
    let mut branch = match s.version.as_deref().map(one_line) {
        Some(version) if !version.is_empty() && !looks_like_range(&version) => json!({
            "category": "product_name",
            "name": name,
            "branches": [{ "category": "product_version", "name": version, "product": product }],
        }),
        _ => json!({ "category": "product_name", "name": name, "product": product }),
    };
    if publisher.category == CsafPublisherCategory::Vendor {
        branch = json!({
            "category": "vendor",
            "name": one_line(&publisher.name),
            "branches": [branch],
        });
    }
    branch
}

fn is_hex_digest(text: &str) -> bool {
    text.len() >= 32 && text.bytes().all(|b| b.is_ascii_hexdigit())
}
