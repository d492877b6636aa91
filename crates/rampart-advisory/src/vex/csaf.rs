//! CSAF 2.0 VEX (<https://docs.oasis-open.org/csaf/csaf/v2.0/csaf-v2.0.html>, profile 4.5
//! `csaf_vex`), read into the neutral model.
//!
//! Each vulnerability's `product_status` gives statuses per product id: `known_affected`,
//! `first_affected` and `last_affected` are affected, `known_not_affected` not affected,
//! `fixed` and `first_fixed` fixed, `under_investigation` under investigation;
//! `recommended` is a recommendation, not a status, and is not read. For each product, the
//! justification is the label of the first `flags` entry naming it (by id or product
//! group), the impact statement the `details` of `threats` of category `impact` naming it,
//! the action statement the `details` of the `remediations` naming it (several joined by a
//! line break), and the time the date of that flag, else threat, else remediation, else the
//! document's `tracking.current_release_date`. Products whose statement would be identical
//! share one statement, in document order. The vulnerability is its `cve`, else its first
//! `ids[].text`; the other ids are aliases. The author is `document.publisher.name`.

use rampart_yaml::Problem;
use serde::Deserialize;

use super::csaf_tree::{Products, RawTree};
use super::json::{Time, parse};
use super::{Justification, Origin, VexDocument, VexFormat, VexStatement, VexStatus};
use crate::source::problem;

#[derive(Deserialize)]
struct Csaf {
    document: Document,
    #[serde(default)]
    product_tree: RawTree,
    #[serde(default)]
    vulnerabilities: Vec<Vulnerability>,
}

#[derive(Deserialize)]
struct Document {
    category: String,
    publisher: Option<Publisher>,
    tracking: Option<Tracking>,
}

#[derive(Deserialize)]
struct Publisher {
    name: Option<String>,
}

#[derive(Deserialize)]
struct Tracking {
    id: Option<String>,
    current_release_date: Option<Time>,
}

#[derive(Deserialize)]
struct Vulnerability {
    cve: Option<String>,
    #[serde(default)]
    ids: Vec<Id>,
    #[serde(default)]
    product_status: ProductStatus,
    #[serde(default)]
    flags: Vec<Flag>,
    #[serde(default)]
    threats: Vec<Threat>,
    #[serde(default)]
    remediations: Vec<Remediation>,
}

#[derive(Deserialize)]
struct Id {
    text: String,
}

#[derive(Deserialize, Default)]
struct ProductStatus {
    #[serde(default)]
    first_affected: Vec<String>,
    #[serde(default)]
    known_affected: Vec<String>,
    #[serde(default)]
    last_affected: Vec<String>,
    #[serde(default)]
    known_not_affected: Vec<String>,
    #[serde(default)]
    first_fixed: Vec<String>,
    #[serde(default)]
    fixed: Vec<String>,
    #[serde(default)]
    under_investigation: Vec<String>,
}

#[derive(Deserialize)]
struct Flag {
    label: Justification,
    date: Option<Time>,
    #[serde(default)]
    product_ids: Vec<String>,
    #[serde(default)]
    group_ids: Vec<String>,
}

#[derive(Deserialize)]
struct Threat {
    category: String,
    details: String,
    date: Option<Time>,
    #[serde(default)]
    product_ids: Vec<String>,
}

#[derive(Deserialize)]
struct Remediation {
    details: String,
    date: Option<Time>,
    #[serde(default)]
    product_ids: Vec<String>,
    #[serde(default)]
    group_ids: Vec<String>,
}

/// Reads a CSAF 2.0 document of category `csaf_vex`.
pub fn read(name: &str, bytes: &[u8]) -> Result<VexDocument, Problem> {
    let csaf: Csaf = parse(name, bytes)?;
    if csaf.document.category != "csaf_vex" {
        return Err(problem(
            name,
            0,
            0,
            format!(
                "is a CSAF document of category {:?}, not `csaf_vex`: read it as an advisory \
                 source, not as VEX",
                csaf.document.category
            ),
        ));
    }
    let author = csaf.document.publisher.and_then(|p| p.name);
    let (id, doc_time) = match csaf.document.tracking {
        Some(t) => (t.id, t.current_release_date.map(|d| d.0)),
        None => (None, None),
    };
    let products = Products::new(csaf.product_tree);
    let mut statements = Vec::new();
    for (i, v) in csaf.vulnerabilities.iter().enumerate() {
        let mut ids = v.cve.iter().chain(v.ids.iter().map(|i| &i.text));
        let Some(vulnerability) = ids.next().cloned() else {
            continue;
        };
        let aliases: Vec<String> = ids.filter(|a| **a != vulnerability).cloned().collect();
        let base = VexStatement {
            aliases,
            author: author.clone(),
            origin: Origin {
                file: name.to_owned(),
                pointer: format!("/vulnerabilities/{i}"),
            },
            ..VexStatement::new(&vulnerability, Vec::new(), VexStatus::Affected)
        };
        let first = statements.len();
        for (status, ids) in statuses(&v.product_status) {
            for product_id in ids {
                let mut s = base.clone();
                s.status = status;
                describe(&mut s, v, product_id, &products);
                s.timestamp = s.timestamp.or_else(|| doc_time.clone());
                let product = products.resolve(product_id);
                // Products whose statements say the same thing share one.
                let same = statements[first..]
                    .iter_mut()
                    .find(|o| same_but_products(o, &s));
                if let Some(same) = same {
                    same.products.push(product);
                } else {
                    s.products.push(product);
                    statements.push(s);
                }
            }
        }
    }
    Ok(VexDocument {
        format: VexFormat::Csaf,
        id,
        author,
        timestamp: doc_time,
        statements,
    })
}

/// Whether two statements of one vulnerability say the same of their products.
fn same_but_products(a: &VexStatement, b: &VexStatement) -> bool {
    a.status == b.status
        && a.justification == b.justification
        && a.impact_statement == b.impact_statement
        && a.action_statement == b.action_statement
        && a.timestamp == b.timestamp
}

fn statuses(p: &ProductStatus) -> [(VexStatus, Vec<&String>); 4] {
    fn all<'a>(lists: &[&'a Vec<String>]) -> Vec<&'a String> {
        lists.iter().flat_map(|l| l.iter()).collect()
    }
    [
        (
            VexStatus::Affected,
            all(&[&p.first_affected, &p.known_affected, &p.last_affected]),
        ),
        (VexStatus::NotAffected, all(&[&p.known_not_affected])),
        (VexStatus::Fixed, all(&[&p.first_fixed, &p.fixed])),
        (
            VexStatus::UnderInvestigation,
            all(&[&p.under_investigation]),
        ),
    ]
}

/// Fills justification, impact, action and time of `s` for `product_id`.
fn describe(s: &mut VexStatement, v: &Vulnerability, product_id: &str, products: &Products) {
    let flag = v
        .flags
        .iter()
        .find(|f| products.covers(product_id, &f.product_ids, &f.group_ids));
    let threats: Vec<&Threat> = v
        .threats
        .iter()
        .filter(|t| t.category == "impact" && t.product_ids.iter().any(|p| p == product_id))
        .collect();
    let remediations: Vec<&Remediation> = v
        .remediations
        .iter()
        .filter(|r| products.covers(product_id, &r.product_ids, &r.group_ids))
        .collect();
    s.justification = flag.map(|f| f.label);
    s.impact_statement = join(threats.iter().map(|t| t.details.as_str()));
    s.action_statement = join(remediations.iter().map(|r| r.details.as_str()));
    s.timestamp = flag
        .and_then(|f| f.date.clone())
        .or_else(|| threats.iter().find_map(|t| t.date.clone()))
        .or_else(|| remediations.iter().find_map(|r| r.date.clone()))
        .map(|t| t.0);
}

fn join<'a>(texts: impl Iterator<Item = &'a str>) -> Option<String> {
    let texts: Vec<&str> = texts.filter(|t| !t.trim().is_empty()).collect();
    (!texts.is_empty()).then(|| texts.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Trimmed from the OASIS example `2022-evd-uc-03-ms-001.json`'s shape, with a purl
    /// helper, a relationship and a product group added.
    const DOC: &str = r#"{
  "document": {"category": "csaf_vex", "csaf_version": "2.0",
    "publisher": {"category": "vendor", "name": "Example Company", "namespace": "https://example.com"},
    "title": "t",
    "tracking": {"id": "EX-2024-1", "current_release_date": "2024-01-01T00:00:00Z",
      "initial_release_date": "2024-01-01T00:00:00Z", "status": "final", "version": "1",
      "revision_history": []}},
  "product_tree": {
    "branches": [{"category": "vendor", "name": "Example", "branches": [
      {"category": "product_version", "name": "1.0",
       "product": {"name": "Example Router 1.0", "product_id": "R1",
         "product_identification_helper": {"cpe": "cpe:/h:example:router:1.0"}}}]}],
    "full_product_names": [{"name": "zlib 1.2.11", "product_id": "Z",
      "product_identification_helper": {"purl": "pkg:generic/zlib@1.2.11"}}],
    "relationships": [{"category": "default_component_of", "product_reference": "Z",
      "relates_to_product_reference": "R1",
      "full_product_name": {"name": "zlib in router", "product_id": "R1-Z"}}],
    "product_groups": [{"group_id": "G", "product_ids": ["R1-Z", "Z"]}]
  },
  "vulnerabilities": [
    {"cve": "CVE-2022-37434", "ids": [{"system_name": "GHSA", "text": "GHSA-cfmr-vrgj-vqwv"}],
     "product_status": {"known_not_affected": ["R1-Z", "Z"], "known_affected": ["R1"]},
     "flags": [{"label": "vulnerable_code_not_in_execute_path", "group_ids": ["G"],
                "date": "2024-02-01T00:00:00Z"}],
     "remediations": [{"category": "vendor_fix", "details": "Update to 1.1", "product_ids": ["R1"]}]},
    {"product_status": {"fixed": ["R1"]}}
  ]
}"#;

    #[test]
    fn product_ids_resolve_and_equal_statements_share_products() {
        let doc = read("vex.csaf.json", DOC.as_bytes()).unwrap();
        assert_eq!(doc.id.as_deref(), Some("EX-2024-1"));
        assert_eq!(doc.statements.len(), 2, "{:#?}", doc.statements);
        let affected = &doc.statements[0];
        assert_eq!(affected.status, VexStatus::Affected);
        assert_eq!(affected.aliases, ["GHSA-cfmr-vrgj-vqwv"]);
        assert_eq!(affected.action_statement.as_deref(), Some("Update to 1.1"));
        assert_eq!(affected.timestamp.as_deref(), Some("2024-01-01T00:00:00Z"));
        assert_eq!(
            affected.products[0].cpe.as_deref(),
            Some("cpe:2.3:h:example:router:1.0:*:*:*:*:*:*:*")
        );
        let not_affected = &doc.statements[1];
        assert_eq!(
            not_affected.justification,
            Some(Justification::VulnerableCodeNotInExecutePath)
        );
        assert_eq!(
            not_affected.timestamp.as_deref(),
            Some("2024-02-01T00:00:00Z")
        );
        assert_eq!(not_affected.author.as_deref(), Some("Example Company"));
        let [in_router, alone] = &not_affected.products[..] else {
            panic!("two products")
        };
        assert!(in_router.cpe.is_some());
        assert_eq!(
            in_router.subcomponents[0].purl.as_deref(),
            Some("pkg:generic/zlib@1.2.11")
        );
        assert_eq!(alone.purl.as_deref(), Some("pkg:generic/zlib@1.2.11"));
    }

    #[test]
    fn only_the_vex_profile_is_read() {
        let text = DOC.replace("\"csaf_vex\"", "\"csaf_security_advisory\"");
        let error = read("adv.json", text.as_bytes()).unwrap_err();
        assert!(error.message.contains("not `csaf_vex`"), "{error}");
        let text = DOC.replace("vulnerable_code_not_in_execute_path", "nope");
        let error = read("vex.csaf.json", text.as_bytes()).unwrap_err();
        assert_eq!(error.line, 23, "{error}");
    }
}
