//! SPDX 2.2/2.3 tag-value (`.spdx`): `Tag: value` lines, multi-line values in
//! `<text>…</text>`, `#` comments. Read into the same model as SPDX JSON
//! ([`super::spdx`]); Rampart does not write tag-value (JSON says the same, and every SPDX
//! tool reads it).
//!
//! An `SPDXID` belongs to the section it follows: the document before the first
//! `PackageName`, a package after one, and nothing Rampart keeps after `FileName`,
//! `SnippetSPDXID` or `LicenseID` (files, snippets and extracted licences are dropped).

use rampart_yaml::Problem;

use crate::{Sbom, SbomError};

use super::spdx::{
    self, RawChecksum, RawCreationInfo, RawDocument, RawExternalRef, RawPackage, RawRelationship,
};

/// Where the next package-level tags go.
#[derive(PartialEq)]
enum Section {
    Document,
    Package,
    Other,
}

/// Reads an SPDX tag-value document (`text`, from `file`).
pub(crate) fn read(file: &str, text: &str) -> Result<Sbom, SbomError> {
    let mut doc = RawDocument::default();
    let mut problems = Vec::new();
    let mut section = Section::Document;
    let mut problem = |line: usize, message: String| {
        problems.push(Problem {
            file: file.to_owned(),
            line: u32::try_from(line).unwrap_or(u32::MAX),
            col: 1,
            message,
        });
    };
    let mut lines = text.lines().enumerate();
    while let Some((index, line)) = lines.next() {
        let number = index + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((tag, value)) = trimmed.split_once(':') else {
            problem(number, format!("expected `Tag: value`, found {trimmed:?}"));
            continue;
        };
        let tag = tag.trim();
        let mut value = value.trim().to_owned();
        if let Some(rest) = value.strip_prefix("<text>") {
            let Some(v) = collect_text(rest, &mut lines) else {
                problem(
                    number,
                    format!("the <text> of {tag} is not closed by </text>"),
                );
                break;
            };
            value = v;
        }
        let package = doc
            .packages
            .last_mut()
            .filter(|_| section == Section::Package);
        match (tag, package) {
            ("SPDXVersion", _) => doc.spdx_version = value,
            ("DocumentName", _) => doc.name = value,
            ("DocumentNamespace", _) => doc.document_namespace = Some(value),
            ("Created", _) => {
                doc.creation_info = Some(RawCreationInfo {
                    created: Some(value),
                });
            }
            ("SPDXID", _) if section == Section::Document => doc.spdx_id = value,
            ("PackageName", _) => {
                section = Section::Package;
                doc.packages.push(RawPackage {
                    name: value,
                    line: u32::try_from(number).unwrap_or(u32::MAX),
                    ..RawPackage::default()
                });
            }
            ("FileName" | "SnippetSPDXID" | "LicenseID", _) => section = Section::Other,
            ("Relationship", _) => match value.split_whitespace().collect::<Vec<_>>()[..] {
                [from, kind, to] => doc.relationships.push(RawRelationship {
                    spdx_element_id: from.to_owned(),
                    relationship_type: kind.to_owned(),
                    related_spdx_element: to.to_owned(),
                }),
                _ => problem(
                    number,
                    format!("a Relationship is `ID TYPE ID`, found {value:?}"),
                ),
            },
            ("SPDXID", Some(p)) => p.spdx_id = Some(value),
            ("PackageVersion", Some(p)) => p.version_info = Some(value),
            ("PackageSupplier", Some(p)) => p.supplier = Some(value),
            ("PackageLicenseDeclared", Some(p)) => p.license_declared = Some(value),
            ("PackageLicenseConcluded", Some(p)) => p.license_concluded = Some(value),
            ("PackageDescription", Some(p)) => p.description = Some(value),
            ("PrimaryPackagePurpose", Some(p)) => p.primary_package_purpose = Some(value),
            ("PackageChecksum", Some(p)) => match value.split_once(':') {
                Some((algorithm, digest)) => p.checksums.push(RawChecksum {
                    algorithm: algorithm.trim().to_owned(),
                    checksum_value: digest.trim().to_owned(),
                }),
                None => problem(
                    number,
                    format!("a PackageChecksum is `ALGORITHM: digest`, found {value:?}"),
                ),
            },
            ("ExternalRef", Some(p)) => match value.split_whitespace().collect::<Vec<_>>()[..] {
                [category, kind, locator] => p.external_refs.push(RawExternalRef {
                    reference_category: category.to_owned(),
                    reference_type: kind.to_owned(),
                    reference_locator: locator.to_owned(),
                }),
                _ => problem(
                    number,
                    format!("an ExternalRef is `CATEGORY TYPE LOCATOR`, found {value:?}"),
                ),
            },
            _ => {}
        }
    }
    if doc.spdx_version.is_empty() {
        problem(0, "no SPDXVersion tag".to_owned());
    }
    if !problems.is_empty() {
        return Err(SbomError::Invalid(problems));
    }
    spdx::into_sbom(file, text, doc).map_err(SbomError::Invalid)
}

/// The text of a `<text>` value that began with `first` (after `<text>`), up to `</text>`,
/// taking further lines from `lines`; `None` when it is never closed.
fn collect_text<'a>(
    first: &str,
    lines: &mut impl Iterator<Item = (usize, &'a str)>,
) -> Option<String> {
    if let Some((inside, _)) = first.split_once("</text>") {
        return Some(inside.to_owned());
    }
    let mut value = first.to_owned();
    for (_, line) in lines {
        value.push('\n');
        if let Some((inside, _)) = line.split_once("</text>") {
            value.push_str(inside);
            return Some(value.trim().to_owned());
        }
        value.push_str(line);
    }
    None
}
