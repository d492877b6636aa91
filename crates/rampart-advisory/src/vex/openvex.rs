//! OpenVEX 0.2.0 (<https://github.com/openvex/spec/blob/main/OPENVEX-SPEC.md>), read and
//! written with Rampart's own serde types (the `openvex` crate follows an older draft).
//!
//! Reading also accepts the 0.0.x shapes still found in the wild: a vulnerability given as
//! a plain string and products given as plain `@id` strings. A product's `@id` is a purl, a
//! CPE, or else a reference; `identifiers.purl`, `cpe23` and `cpe22` add to it.
//! `subcomponents` are kept. A statement's time is its `last_updated`, else its
//! `timestamp`, else the document's; its author is the document's (0.2.0 has no statement
//! author). `status_notes` is the statement's detail.
//!
//! OpenVEX has no responses and no version constraint on a product. The writer puts the
//! sentences of a statement's responses ([`VexResponse`](super::VexResponse)) in its
//! `action_statement` when it has none of its own, and writes a product limited to some
//! versions as the versioned purls of its exact versions; a range cannot be said, so such a
//! product is left out, and a statement left with no products is not written
//! ([`ProductRef::without_versions`]).

use rampart_yaml::Problem;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::json::{CpeText, Either, PurlText, Time, classify, document_time, document_uuid, parse};
use super::response::sentences;
use super::{Justification, Origin, ProductRef, VexDocument, VexFormat, VexStatement, VexStatus};

/// The context URL of the version written.
pub const CONTEXT: &str = "https://openvex.dev/ns/v0.2.0";

#[derive(Deserialize)]
struct Document {
    #[serde(rename = "@id")]
    id: Option<String>,
    author: Option<String>,
    timestamp: Option<Time>,
    last_updated: Option<Time>,
    #[serde(default)]
    statements: Vec<Statement>,
}

#[derive(Deserialize)]
#[allow(clippy::struct_field_names)] // The spec's names.
struct Statement {
    vulnerability: Vulnerability,
    #[serde(default)]
    products: Vec<Product>,
    status: VexStatus,
    justification: Option<Justification>,
    impact_statement: Option<String>,
    action_statement: Option<String>,
    status_notes: Option<String>,
    timestamp: Option<Time>,
    last_updated: Option<Time>,
}

/// A vulnerability: an object, or (0.0.x) its name.
type Vulnerability = Either<VulnerabilityObject>;

#[derive(Deserialize)]
struct VulnerabilityObject {
    #[serde(rename = "@id")]
    id: Option<String>,
    name: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
}

/// A product: an object, or (0.0.x) its `@id`.
type Product = Either<Component>;

#[derive(Deserialize)]
struct Component {
    #[serde(rename = "@id")]
    id: Option<String>,
    #[serde(default)]
    identifiers: Identifiers,
    #[serde(default)]
    subcomponents: Vec<Component>,
}

#[derive(Deserialize, Default)]
struct Identifiers {
    purl: Option<PurlText>,
    cpe23: Option<CpeText>,
    cpe22: Option<CpeText>,
}

/// Reads an OpenVEX document.
pub fn read(name: &str, bytes: &[u8]) -> Result<VexDocument, Problem> {
    let doc: Document = parse(name, bytes)?;
    let doc_time = doc.last_updated.or(doc.timestamp);
    let statements = doc
        .statements
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let (vulnerability, aliases) = match s.vulnerability {
                Either::Text(name) => (name, Vec::new()),
                Either::Map(v) => (v.name.or(v.id).unwrap_or_default(), v.aliases),
            };
            VexStatement {
                vulnerability,
                aliases,
                products: s.products.into_iter().map(product).collect(),
                status: s.status,
                justification: s.justification,
                impact_statement: s.impact_statement,
                action_statement: s.action_statement,
                detail: s.status_notes,
                responses: Vec::new(),
                timestamp: s
                    .last_updated
                    .or(s.timestamp)
                    .or(doc_time.clone())
                    .map(|t| t.0),
                author: doc.author.clone(),
                origin: Origin {
                    file: name.to_owned(),
                    pointer: format!("/statements/{i}"),
                },
            }
        })
        .collect();
    Ok(VexDocument {
        format: VexFormat::OpenVex,
        id: doc.id,
        author: doc.author,
        timestamp: doc_time.map(|t| t.0),
        statements,
    })
}

fn product(p: Product) -> ProductRef {
    match p {
        Either::Text(id) => component(Component {
            id: Some(id),
            identifiers: Identifiers::default(),
            subcomponents: Vec::new(),
        }),
        Either::Map(c) => component(c),
    }
}

fn component(c: Component) -> ProductRef {
    let mut product = ProductRef::default();
    if let Some(id) = c.id {
        match classify(&id) {
            Some((purl, cpe)) => (product.purl, product.cpe) = (purl, cpe),
            None => product.reference = Some(id),
        }
    }
    if let Some(purl) = c.identifiers.purl {
        product.purl = Some(purl.0);
    }
    if let Some(cpe) = c.identifiers.cpe23.or(c.identifiers.cpe22) {
        product.cpe = Some(cpe.0);
    }
    product.subcomponents = c.subcomponents.into_iter().map(component).collect();
    product
}

/// Writes `doc` as an OpenVEX 0.2.0 document.
pub fn write(doc: &VexDocument) -> Value {
    let id = doc.id.clone().unwrap_or_else(|| {
        format!(
            "https://openvex.dev/docs/public/vex-{}",
            document_uuid(doc).hyphenated()
        )
    });
    let statements: Vec<Value> = doc.statements.iter().filter_map(statement).collect();
    json!({
        "@context": CONTEXT,
        "@id": id,
        "author": doc.author.as_deref().unwrap_or("Rampart"),
        "timestamp": document_time(doc),
        "version": 1,
        "tooling": "Rampart",
        "statements": statements,
    })
}

/// The statement as OpenVEX; `None` when all its products are limited to versions OpenVEX
/// cannot name (module doc), since writing it without them would widen it.
fn statement(s: &VexStatement) -> Option<Value> {
    let mut vulnerability = Map::new();
    vulnerability.insert("name".into(), json!(s.vulnerability));
    if !s.aliases.is_empty() {
        vulnerability.insert("aliases".into(), json!(s.aliases));
    }
    let mut out = Map::new();
    out.insert("vulnerability".into(), Value::Object(vulnerability));
    if let Some(t) = &s.timestamp {
        out.insert("timestamp".into(), json!(t));
    }
    let products: Vec<Value> = s
        .products
        .iter()
        .flat_map(ProductRef::without_versions)
        .map(|p| write_product(&p))
        .collect();
    if products.is_empty() && !s.products.is_empty() {
        return None;
    }
    out.insert("products".into(), json!(products));
    out.insert("status".into(), json!(s.status.as_str()));
    let texts = [
        (
            "justification",
            s.justification.map(|j| j.as_str().to_owned()),
        ),
        ("impact_statement", s.impact_statement.clone()),
        (
            "action_statement",
            s.action_statement
                .clone()
                .or_else(|| sentences(&s.responses)),
        ),
        ("status_notes", s.detail.clone()),
    ];
    for (key, value) in texts {
        if let Some(v) = value {
            out.insert(key.into(), json!(v));
        }
    }
    Some(Value::Object(out))
}

fn write_product(p: &ProductRef) -> Value {
    let mut out = Map::new();
    out.insert(
        "@id".into(),
        json!(p.reference.as_deref().unwrap_or(p.label())),
    );
    let mut identifiers = Map::new();
    if let Some(purl) = &p.purl {
        identifiers.insert("purl".into(), json!(purl));
    }
    if let Some(cpe) = &p.cpe {
        identifiers.insert("cpe23".into(), json!(cpe));
    }
    if !identifiers.is_empty() {
        out.insert("identifiers".into(), Value::Object(identifiers));
    }
    if !p.subcomponents.is_empty() {
        let subs: Vec<Value> = p.subcomponents.iter().map(write_product).collect();
        out.insert("subcomponents".into(), json!(subs));
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"{
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://openvex.dev/docs/example/vex-9fb3463de1b57",
  "author": "Wolfi J Inkinson",
  "role": "Document Creator",
  "timestamp": "2023-01-08T18:02:03.647787998-06:00",
  "version": 1,
  "statements": [
    {
      "vulnerability": {"name": "CVE-2014-123456", "aliases": ["GHSA-xxxx-yyyy-zzzz"]},
      "products": [
        {"@id": "pkg:apk/distro/git@2.39.0-r1?arch=armv7"},
        {"@id": "pkg:apk/distro/git@2.39.0-r1?arch=x86_64",
         "subcomponents": [{"@id": "pkg:generic/zlib@1.2.13"}]}
      ],
      "status": "not_affected",
      "justification": "vulnerable_code_not_present",
      "status_notes": "Checked by hand"
    },
    {
      "vulnerability": "CVE-2014-123457",
      "timestamp": "2023-02-01T00:00:00Z",
      "products": ["cpe:2.3:a:git-scm:git:2.39.0:*:*:*:*:*:*:*"],
      "status": "affected",
      "action_statement": "Upgrade"
    }
  ]
}"#;

    #[test]
    fn reads_the_spec_example_shapes() {
        let doc = read("vex.json", EXAMPLE.as_bytes()).unwrap();
        assert_eq!(doc.author.as_deref(), Some("Wolfi J Inkinson"));
        let [first, second] = &doc.statements[..] else {
            panic!("two statements")
        };
        assert_eq!(first.aliases, ["GHSA-xxxx-yyyy-zzzz"]);
        assert_eq!(
            first.justification,
            Some(Justification::VulnerableCodeNotPresent)
        );
        assert_eq!(
            first.products[1].subcomponents[0].purl.as_deref(),
            Some("pkg:generic/zlib@1.2.13")
        );
        assert_eq!(
            first.timestamp.as_deref(),
            Some("2023-01-08T18:02:03.647787998-06:00")
        );
        assert_eq!(first.detail.as_deref(), Some("Checked by hand"));
        assert_eq!(first.origin.pointer, "/statements/0");
        assert_eq!(second.vulnerability, "CVE-2014-123457");
        assert_eq!(
            second.products[0].cpe.as_deref(),
            Some("cpe:2.3:a:git-scm:git:2.39.0:*:*:*:*:*:*:*")
        );
        assert_eq!(second.timestamp.as_deref(), Some("2023-02-01T00:00:00Z"));
    }

    #[test]
    fn bad_values_are_located() {
        let text = EXAMPLE.replace("\"not_affected\"", "\"maybe\"");
        let error = read("vex.json", text.as_bytes()).unwrap_err();
        assert_eq!(
            (error.file.as_str(), error.line),
            ("vex.json", 16),
            "{error}"
        );
        assert!(error.message.contains("maybe"), "{error}");
        let text = EXAMPLE.replace("2023-02-01T00:00:00Z", "yesterday");
        let error = read("vex.json", text.as_bytes()).unwrap_err();
        assert_eq!(error.line, 22, "{error}");
        assert!(error.message.contains("RFC 3339"), "{error}");
    }

    fn written(s: VexStatement) -> Value {
        let doc = VexDocument {
            format: VexFormat::OpenVex,
            id: None,
            author: None,
            timestamp: None,
            statements: vec![s],
        };
        write(&doc)["statements"].clone()
    }

    #[test]
    fn responses_become_the_action_statement_only_when_there_is_none() {
        use crate::vex::VexResponse;
        let mut s = VexStatement::new(
            "CVE-1",
            vec![ProductRef::purl("pkg:npm/lodash@1.0.0")],
            VexStatus::Affected,
        );
        s.responses = vec![VexResponse::WillNotFix, VexResponse::WorkaroundAvailable];
        assert_eq!(
            written(s.clone())[0]["action_statement"],
            "No fix is planned. A workaround is available."
        );
        s.action_statement = Some("Disable the feature.".into());
        assert_eq!(written(s)[0]["action_statement"], "Disable the feature.");
    }

    #[test]
    fn versioned_products_are_written_as_versioned_purls_or_left_out() {
        use crate::vex::ProductVersion;
        let limited = |versions| ProductRef {
            versions,
            ..ProductRef::purl("pkg:npm/lodash")
        };
        let s = VexStatement::new(
            "CVE-1",
            vec![
                limited(vec![ProductVersion::Exact("1.2.3".into())]),
                limited(vec![ProductVersion::range("vers:npm/>=2.0.0").unwrap()]),
            ],
            VexStatus::NotAffected,
        );
        let out = written(s.clone());
        assert_eq!(
            out[0]["products"],
            json!([{"@id": "pkg:npm/lodash@1.2.3",
            "identifiers": {"purl": "pkg:npm/lodash@1.2.3"}}])
        );
        // Only a range: the statement cannot be said without widening it.
        let ranged = VexStatement {
            products: vec![s.products[1].clone()],
            ..s
        };
        assert_eq!(written(ranged), json!([]));
    }
}
