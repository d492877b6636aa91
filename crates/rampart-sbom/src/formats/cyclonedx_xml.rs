//! CycloneDX XML, spec 1.4–1.6: read into the same model as CycloneDX JSON
//! ([`super::cyclonedx`]), by roxmltree (no DTDs, so no entity expansion; elements nested
//! without recursion). The spec version is the namespace's
//! (`http://cyclonedx.org/schema/bom/1.6`). Rampart writes JSON only.
//!
//! Reading checks what Rampart keeps, as for JSON; validation adds the XSD's other rules
//! ([`super::cyclonedx_xml_checks`]), since no maintained XSD validator exists in Rust.

use rampart_yaml::Problem;
use roxmltree::{Document, Node, ParsingOptions};

use crate::{Sbom, SbomError};

use super::cyclonedx::{
    self, RawBom, RawComponent, RawDependency, RawEntity, RawHash, RawLicence, RawLicenceChoice,
    RawMetadata, RawProperty,
};
use super::cyclonedx_evidence::{
    RawEvidence, RawIdentities, RawIdentity, RawMethod, RawOccurrence,
};

/// The namespace of CycloneDX XML before the version.
const NAMESPACE_PREFIX: &str = "http://cyclonedx.org/schema/bom/";

/// Nested components deeper than this are refused: the JSON reader's limit too.
const MAX_DEPTH: usize = 128;

/// At most this many XML nodes: a 256 MiB document of tiny elements would otherwise build a
/// tree several times its size.
const MAX_NODES: u32 = 20_000_000;

/// Reads a CycloneDX XML document (`text`, from `file`).
pub(crate) fn read(file: &str, text: &str) -> Result<Sbom, SbomError> {
    let doc = parse(file, text)?;
    let mut reader = Reader {
        file,
        doc: &doc,
        problems: Vec::new(),
    };
    let raw = reader.bom(doc.root_element());
    let mut problems = reader.problems;
    let Some(raw) = raw else {
        return Err(SbomError::Invalid(problems));
    };
    match cyclonedx::into_sbom(file, text, raw) {
        Ok(sbom) if problems.is_empty() => Ok(sbom),
        Ok(_) => Err(SbomError::Invalid(problems)),
        Err(more) => {
            problems.extend(more);
            problems.sort();
            problems.dedup();
            Err(SbomError::Invalid(problems))
        }
    }
}

/// Parses `text` within the limits, or the located syntax error.
pub(crate) fn parse<'input>(file: &str, text: &'input str) -> Result<Document<'input>, SbomError> {
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options).map_err(|e| {
        let pos = e.pos();
        // roxmltree ends its message with " at ROW:COL"; the place goes in front instead.
        let message = e.to_string();
        let message = message
            .rsplit_once(" at ")
            .map_or(message.as_str(), |(m, _)| m);
        SbomError::at(file, pos.row, pos.col, message.to_owned())
    })
}

struct Reader<'a, 'input> {
    file: &'a str,
    doc: &'a Document<'input>,
    problems: Vec<Problem>,
}

impl<'input> Reader<'_, 'input> {
    fn problem(&mut self, node: Node<'_, 'input>, message: String) {
        let pos = self.doc.text_pos_at(node.range().start);
        self.problems.push(Problem {
            file: self.file.to_owned(),
            line: pos.row,
            col: pos.col,
            message,
        });
    }

    fn bom(&mut self, root: Node<'_, 'input>) -> Option<RawBom> {
        let namespace = root.tag_name().namespace().unwrap_or_default();
        let version = namespace.strip_prefix(NAMESPACE_PREFIX).unwrap_or_default();
        if root.tag_name().name() != "bom" || !cyclonedx::SPEC_VERSIONS.contains(&version) {
            self.problem(
                root,
                format!(
                    "expected a <bom> in namespace {NAMESPACE_PREFIX}1.4, 1.5 or 1.6, found <{}> in {namespace:?}",
                    root.tag_name().name()
                ),
            );
            return None;
        }
        let mut bom = RawBom {
            bom_format: "CycloneDX".to_owned(),
            spec_version: version.to_owned(),
            serial_number: root.attribute("serialNumber").map(str::to_owned),
            ..RawBom::default()
        };
        for child in elements(root) {
            match child.tag_name().name() {
                "metadata" => {
                    bom.metadata = Some(RawMetadata {
                        timestamp: child_text(child, "timestamp"),
                        component: child_element(child, "component")
                            .and_then(|c| self.component(c, 0)),
                    });
                }
                "components" => bom.components = self.components(child, 0),
                "dependencies" => {
                    bom.dependencies = elements(child)
                        .filter(|d| d.tag_name().name() == "dependency")
                        .map(|d| RawDependency {
                            reference: d.attribute("ref").unwrap_or_default().to_owned(),
                            depends_on: elements(d)
                                .filter(|n| n.tag_name().name() == "dependency")
                                .map(|n| n.attribute("ref").unwrap_or_default().to_owned())
                                .collect(),
                        })
                        .collect();
                }
                _ => {}
            }
        }
        Some(bom)
    }

    /// `<evidence>`: `<identity>` (repeated in 1.6) and `<occurrences>`, into the raw form the
    /// JSON reader fills; `None` when a problem was reported here (placed at the element,
    /// so the shared check, which places by JSON text, does not report it again unplaced).
    fn evidence(&mut self, node: Node<'_, 'input>) -> Option<RawEvidence> {
        let before = self.problems.len();
        let mut identities = Vec::new();
        let mut occurrences = Vec::new();
        for child in elements(node) {
            match child.tag_name().name() {
                "identity" => identities.push(RawIdentity {
                    field: child_text(child, "field").unwrap_or_default(),
                    confidence: child_text(child, "confidence").map(|c| self.decimal(child, &c)),
                    concluded_value: child_text(child, "concludedValue"),
                    methods: child_element(child, "methods")
                        .map(|m| {
                            elements(m)
                                .filter(|n| n.tag_name().name() == "method")
                                .map(|n| RawMethod {
                                    technique: child_text(n, "technique").unwrap_or_default(),
                                    confidence: self.decimal(
                                        n,
                                        &child_text(n, "confidence").unwrap_or_default(),
                                    ),
                                    value: child_text(n, "value"),
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                }),
                "occurrences" => {
                    for o in elements(child).filter(|n| n.tag_name().name() == "occurrence") {
                        let offset = child_text(o, "offset").and_then(|t| {
                            t.parse::<u64>().ok().or_else(|| {
                                self.problem(o, format!("occurrence offset {t:?} is not a number"));
                                None
                            })
                        });
                        occurrences.push(RawOccurrence {
                            location: child_text(o, "location").unwrap_or_default(),
                            offset,
                            symbol: child_text(o, "symbol"),
                            additional_context: child_text(o, "additionalContext"),
                        });
                    }
                }
                _ => {}
            }
        }
        // The shared checks place problems by JSON text; XML ones are placed here, at the
        // element, with the same messages.
        for i in &identities {
            let mut bad = Vec::new();
            if !crate::evidence::IDENTITY_FIELDS.contains(&i.field.as_str()) {
                bad.push(format!(
                    "evidence identity field {:?} is not a CycloneDX one",
                    i.field
                ));
            }
            let confidences = i
                .confidence
                .iter()
                .chain(i.methods.iter().map(|m| &m.confidence));
            for c in confidences.filter(|c| !c.is_nan() && !(0.0..=1.0).contains(*c)) {
                bad.push(format!("evidence confidence {c} is not between 0 and 1"));
            }
            for m in &i.methods {
                if !crate::evidence::TECHNIQUES.contains(&m.technique.as_str()) {
                    bad.push(format!(
                        "evidence technique {:?} is not a CycloneDX one",
                        m.technique
                    ));
                }
            }
            for message in bad {
                self.problem(node, message);
            }
        }
        (self.problems.len() == before).then_some(RawEvidence {
            identity: Some(RawIdentities::Many(identities)),
            occurrences,
        })
    }

    /// A decimal confidence; text that is no number is a problem here (NaN stands in).
    fn decimal(&mut self, node: Node<'_, 'input>, text: &str) -> f64 {
        text.trim().parse::<f64>().unwrap_or_else(|_| {
            self.problem(
                node,
                format!("evidence confidence {text:?} is not a number"),
            );
            f64::NAN
        })
    }

    fn components(&mut self, list: Node<'_, 'input>, depth: usize) -> Vec<RawComponent> {
        elements(list)
            .filter(|c| c.tag_name().name() == "component")
            .filter_map(|c| self.component(c, depth))
            .collect()
    }

    fn component(&mut self, node: Node<'_, 'input>, depth: usize) -> Option<RawComponent> {
        if depth >= MAX_DEPTH {
            self.problem(
                node,
                format!("components nested deeper than {MAX_DEPTH} levels"),
            );
            return None;
        }
        let Some(kind) = node.attribute("type") else {
            self.problem(node, "a component has no type attribute".to_owned());
            return None;
        };
        let Some(name) = child_text(node, "name") else {
            self.problem(node, "a component has no <name>".to_owned());
            return None;
        };
        let mut raw = RawComponent {
            kind: kind.to_owned(),
            bom_ref: node.attribute("bom-ref").map(str::to_owned),
            name,
            group: child_text(node, "group"),
            version: child_text(node, "version"),
            description: child_text(node, "description"),
            cpe: child_text(node, "cpe"),
            purl: child_text(node, "purl"),
            supplier: child_element(node, "supplier").map(|s| RawEntity {
                name: child_text(s, "name"),
            }),
            ..RawComponent::default()
        };
        for child in elements(node) {
            match child.tag_name().name() {
                "hashes" => {
                    raw.hashes = elements(child)
                        .filter(|h| h.tag_name().name() == "hash")
                        .map(|h| RawHash {
                            alg: h.attribute("alg").unwrap_or_default().to_owned(),
                            content: h.text().unwrap_or_default().trim().to_owned(),
                        })
                        .collect();
                }
                "licenses" => {
                    raw.licenses = elements(child)
                        .filter_map(|l| match l.tag_name().name() {
                            "license" => Some(RawLicenceChoice {
                                license: Some(RawLicence {
                                    id: child_text(l, "id"),
                                    name: child_text(l, "name"),
                                }),
                                expression: None,
                            }),
                            "expression" => Some(RawLicenceChoice {
                                license: None,
                                expression: Some(l.text().unwrap_or_default().trim().to_owned()),
                            }),
                            _ => None,
                        })
                        .collect();
                }
                "evidence" => raw.evidence = self.evidence(child),
                "properties" => {
                    raw.properties = elements(child)
                        .filter(|p| p.tag_name().name() == "property")
                        .map(|p| RawProperty {
                            name: p.attribute("name").unwrap_or_default().to_owned(),
                            value: p.text().map(|t| t.trim().to_owned()),
                        })
                        .collect();
                }
                "components" => raw.components = self.components(child, depth + 1),
                _ => {}
            }
        }
        Some(raw)
    }
}

/// The element children of `node`.
pub(crate) fn elements<'a, 'input>(
    node: Node<'a, 'input>,
) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children().filter(Node::is_element)
}

/// The first child element called `name`.
pub(crate) fn child_element<'a, 'input>(
    node: Node<'a, 'input>,
    name: &str,
) -> Option<Node<'a, 'input>> {
    elements(node).find(|c| c.tag_name().name() == name)
}

/// The trimmed text of the first child element called `name`.
fn child_text(node: Node<'_, '_>, name: &str) -> Option<String> {
    child_element(node, name).map(|c| c.text().unwrap_or_default().trim().to_owned())
}
