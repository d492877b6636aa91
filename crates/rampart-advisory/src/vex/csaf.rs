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
//! line break, each text once), its responses their categories (`vendor_fix` → update,
//! `workaround` and `mitigation` → workaround_available, `no_fix_planned` → will_not_fix,
//! `none_available` → can_not_fix; see [`VexResponse`]), and the time the date of that flag, else threat, else remediation, else the
//! document's `tracking.current_release_date`. Products whose statement would be identical
//! share one statement, in document order. The vulnerability is its `cve`, else its first
//! `ids[].text`; the other ids are aliases. The author is `document.publisher.name`.

use std::collections::HashMap;

use rampart_yaml::Problem;
use serde::Deserialize;

use super::csaf_tree::Products;
use super::json::{Time, parse};
use super::response::push_unique;
use super::{Justification, Origin, VexDocument, VexFormat, VexResponse, VexStatement, VexStatus};
use crate::source::problem;
use crate::sources::csaf::product_tree::ProductTree;

#[derive(Deserialize)]
struct Csaf {
    document: Document,
    #[serde(default)]
    product_tree: ProductTree,
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
    category: Option<String>,
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
    let products = Products::new(&csaf.product_tree);
    let mut statements: Vec<VexStatement> = Vec::new();
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
        let notes = Notes::new(v, &products);
        // Products whose statements say the same thing share one.
        let mut shared: HashMap<Said, usize> = HashMap::new();
        for (status, ids) in statuses(&v.product_status) {
            for product_id in ids {
                let mut s = base.clone();
                s.status = status;
                notes.describe(&mut s, product_id);
                s.timestamp = s.timestamp.or_else(|| doc_time.clone());
                let product = products.resolve(product_id);
                let said = Said::of(&s);
                if let Some(&at) = shared.get(&said) {
                    statements[at].products.push(product);
                } else {
                    shared.insert(said, statements.len());
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

/// What a statement says of its products: statements of one vulnerability that say the
/// same share one.
#[derive(PartialEq, Eq, Hash)]
struct Said {
    status: VexStatus,
    justification: Option<Justification>,
    impact: Option<String>,
    action: Option<String>,
    responses: Vec<VexResponse>,
    time: Option<String>,
}

impl Said {
    fn of(s: &VexStatement) -> Said {
        Said {
            status: s.status,
            justification: s.justification,
            impact: s.impact_statement.clone(),
            action: s.action_statement.clone(),
            responses: s.responses.clone(),
            time: s.timestamp.clone(),
        }
    }
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

/// At most this many threats or remediations are joined into one statement's text: a
/// hostile document naming a large product group in many entries must not multiply its size.
const MAX_JOINED: usize = 8;

/// The flags, impact threats and remediations of one vulnerability indexed by product id
/// and group id, so each product is described without scanning them all.
struct Notes<'v> {
    vulnerability: &'v Vulnerability,
    products: &'v Products,
    flags: Index<'v>,
    threats: Index<'v>,
    remediations: Index<'v>,
}

/// Entry positions (ascending) by product id and by group id.
#[derive(Default)]
struct Index<'v> {
    by_product: HashMap<&'v str, Vec<usize>>,
    by_group: HashMap<&'v str, Vec<usize>>,
}

impl<'v> Index<'v> {
    fn add(&mut self, at: usize, product_ids: &'v [String], group_ids: &'v [String]) {
        for p in product_ids {
            self.by_product.entry(p).or_default().push(at);
        }
        for g in group_ids {
            self.by_group.entry(g).or_default().push(at);
        }
    }

    /// The first [`MAX_JOINED`] entries naming `product_id`, in document order.
    fn naming(&self, product_id: &str, groups: &[String]) -> Vec<usize> {
        let lists = std::iter::once(self.by_product.get(product_id))
            .chain(groups.iter().map(|g| self.by_group.get(g.as_str())))
            .flatten();
        let mut found: Vec<usize> = lists
            .flat_map(|l| l.iter().take(MAX_JOINED).copied())
            .collect();
        found.sort_unstable();
        found.dedup();
        found.truncate(MAX_JOINED);
        found
    }
}

impl<'v> Notes<'v> {
    fn new(vulnerability: &'v Vulnerability, products: &'v Products) -> Notes<'v> {
        let mut notes = Notes {
            vulnerability,
            products,
            flags: Index::default(),
            threats: Index::default(),
            remediations: Index::default(),
        };
        for (i, f) in vulnerability.flags.iter().enumerate() {
            notes.flags.add(i, &f.product_ids, &f.group_ids);
        }
        for (i, t) in vulnerability.threats.iter().enumerate() {
            if t.category == "impact" {
                notes.threats.add(i, &t.product_ids, &[]);
            }
        }
        for (i, r) in vulnerability.remediations.iter().enumerate() {
            notes.remediations.add(i, &r.product_ids, &r.group_ids);
        }
        notes
    }

    /// Fills justification, impact, action and time of `s` for `product_id`.
    fn describe(&self, s: &mut VexStatement, product_id: &str) {
        let v = self.vulnerability;
        let groups = self.products.groups_of(product_id);
        let flag = self
            .flags
            .naming(product_id, groups)
            .first()
            .map(|&i| &v.flags[i]);
        let threats: Vec<&Threat> = self
            .threats
            .naming(product_id, &[])
            .into_iter()
            .map(|i| &v.threats[i])
            .collect();
        let remediations: Vec<&Remediation> = self
            .remediations
            .naming(product_id, groups)
            .into_iter()
            .map(|i| &v.remediations[i])
            .collect();
        s.justification = flag.map(|f| f.label);
        s.impact_statement = join(threats.iter().map(|t| t.details.as_str()));
        s.action_statement = join(remediations.iter().map(|r| r.details.as_str()));
        s.responses.clear();
        for category in remediations.iter().filter_map(|r| r.category.as_deref()) {
            if let Some(response) = VexResponse::from_csaf_category(category) {
                push_unique(&mut s.responses, response);
            }
        }
        s.timestamp = flag
            .and_then(|f| f.date.clone())
            .or_else(|| threats.iter().find_map(|t| t.date.clone()))
            .or_else(|| remediations.iter().find_map(|r| r.date.clone()))
            .map(|t| t.0);
    }
}

/// The texts that are not blank, each once, joined by line breaks.
fn join<'a>(texts: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut kept: Vec<&str> = Vec::new();
    for t in texts.filter(|t| !t.trim().is_empty()) {
        if !kept.contains(&t) {
            kept.push(t);
        }
    }
    let texts = kept;
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

    /// A `csaf_vex` document with `tree` as its product tree, every product of `ids` known
    /// not affected by one CVE.
    fn with_tree(tree: &str, ids: &[&str]) -> VexDocument {
        let text = format!(
            r#"{{"document": {{"category": "csaf_vex", "csaf_version": "2.0", "title": "t",
                 "publisher": {{"category": "vendor", "name": "V", "namespace": "https://v.example"}},
                 "tracking": {{"id": "T-1", "current_release_date": "2024-01-01T00:00:00Z"}}}},
               "product_tree": {tree},
               "vulnerabilities": [{{"cve": "CVE-2024-0001",
                 "product_status": {{"known_not_affected": {ids:?}}}}}]}}"#
        );
        read("vex.csaf.json", text.as_bytes()).unwrap()
    }

    /// VEX reading dropped a relationship's own identification helper; the advisory source
    /// kept it. It names the combined product, so it now wins over the platform's.
    #[test]
    fn a_relationships_own_helper_names_the_combined_product() {
        let doc = with_tree(
            r#"{"full_product_names": [
                 {"name": "zlib", "product_id": "Z",
                  "product_identification_helper": {"purl": "pkg:generic/zlib@1.2.11"}},
                 {"name": "Router", "product_id": "R",
                  "product_identification_helper": {"cpe": "cpe:2.3:h:example:router:1.0:*:*:*:*:*:*:*"}}],
               "relationships": [{"category": "default_component_of", "product_reference": "Z",
                 "relates_to_product_reference": "R",
                 "full_product_name": {"name": "zlib in Router", "product_id": "R-Z",
                   "product_identification_helper": {"purl": "pkg:generic/example/router-zlib@1.0"}}}]}"#,
            &["R-Z"],
        );
        let product = &doc.statements[0].products[0];
        assert_eq!(
            product.purl.as_deref(),
            Some("pkg:generic/example/router-zlib@1.0")
        );
        assert_eq!(
            product.cpe.as_deref(),
            Some("cpe:2.3:h:example:router:1.0:*:*:*:*:*:*:*")
        );
        assert_eq!(product.name.as_deref(), Some("zlib in Router"));
        assert_eq!(
            product.subcomponents[0].purl.as_deref(),
            Some("pkg:generic/zlib@1.2.11")
        );
    }

    /// VEX reading resolved a relationship only when the relationships it builds on came
    /// before it; the advisory source resolved them in any order. Both now do.
    #[test]
    fn relationships_build_on_later_relationships() {
        let doc = with_tree(
            r#"{"full_product_names": [
                 {"name": "lib", "product_id": "lib",
                  "product_identification_helper": {"purl": "pkg:generic/lib@1"}},
                 {"name": "os", "product_id": "os"}],
               "relationships": [
                 {"category": "installed_on", "product_reference": "inner",
                  "relates_to_product_reference": "os",
                  "full_product_name": {"name": "outer", "product_id": "outer"}},
                 {"category": "installed_on", "product_reference": "lib",
                  "relates_to_product_reference": "os",
                  "full_product_name": {"name": "inner", "product_id": "inner"}}]}"#,
            &["outer"],
        );
        let product = &doc.statements[0].products[0];
        assert_eq!(product.purl.as_deref(), Some("pkg:generic/lib@1"));
        assert_eq!(product.name.as_deref(), Some("outer"));
    }

    /// A relationship the tree cannot define (here: its platform is missing) keeps its full
    /// name, as before the readers were unified, and no identifier.
    #[test]
    fn an_undefined_relationship_keeps_its_name_only() {
        let doc = with_tree(
            r#"{"full_product_names": [{"name": "lib", "product_id": "lib",
                  "product_identification_helper": {"purl": "pkg:generic/lib@1"}}],
               "relationships": [{"category": "installed_on", "product_reference": "lib",
                  "relates_to_product_reference": "nowhere",
                  "full_product_name": {"name": "lib on nowhere", "product_id": "L"}}]}"#,
            &["L"],
        );
        let product = &doc.statements[0].products[0];
        assert_eq!(product.name.as_deref(), Some("lib on nowhere"));
        assert!(!product.is_identified());
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

    #[test]
    fn remediation_categories_are_read_as_responses() {
        let table = [
            ("vendor_fix", vec![VexResponse::Update]),
            ("workaround", vec![VexResponse::WorkaroundAvailable]),
            ("mitigation", vec![VexResponse::WorkaroundAvailable]),
            ("no_fix_planned", vec![VexResponse::WillNotFix]),
            ("none_available", vec![VexResponse::CanNotFix]),
        ];
        for (category, want) in table {
            let text = DOC.replace("\"vendor_fix\"", &format!("\"{category}\""));
            let doc = read("vex.csaf.json", text.as_bytes()).unwrap();
            assert_eq!(doc.statements[0].responses, want, "{category}");
            assert!(doc.statements[1].responses.is_empty(), "names R1 only");
        }
        // Two remediations with the same details give the text once, both responses.
        let text = DOC.replace(
            r#""remediations": [{"category": "vendor_fix", "details": "Update to 1.1", "product_ids": ["R1"]}]"#,
            r#""remediations": [{"category": "vendor_fix", "details": "Update to 1.1", "product_ids": ["R1"]},
                              {"category": "workaround", "details": "Update to 1.1", "product_ids": ["R1"]}]"#,
        );
        let doc = read("vex.csaf.json", text.as_bytes()).unwrap();
        let s = &doc.statements[0];
        assert_eq!(s.action_statement.as_deref(), Some("Update to 1.1"));
        assert_eq!(
            s.responses,
            [VexResponse::Update, VexResponse::WorkaroundAvailable]
        );
    }
}
