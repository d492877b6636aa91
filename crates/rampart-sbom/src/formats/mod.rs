//! SBOM documents in and out: CycloneDX 1.4–1.6 (JSON and XML) and SPDX 2.2/2.3 (JSON and
//! tag-value) are read into the neutral [`Sbom`]; CycloneDX 1.6 JSON and SPDX 2.3 JSON are
//! written from it.
//!
//! Each format has its own module; this one detects the format from the content (the file
//! name only breaks ties) and is the one entry point the CLI and the scanner call.

mod cyclonedx;
mod cyclonedx_evidence;
mod cyclonedx_json;
mod cyclonedx_xml;
mod cyclonedx_xml_checks;
mod ids;
mod mapping;
mod pointer;
mod schema;
mod spdx;
mod spdx_json;
mod spdx_tag_value;
mod text;

use std::path::Path;

use crate::{Sbom, SbomError};

/// The largest SBOM read, in bytes. Real SBOMs of whole distributions reach tens of MiB; the
/// cap keeps a hostile or mistaken input (a disk image named `.json`) from exhausting memory,
/// and it is checked before the file is read whole.
pub const MAX_SBOM_BYTES: u64 = 256 * 1024 * 1024;

/// A format Rampart reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// CycloneDX JSON, spec 1.4, 1.5 or 1.6.
    CycloneDxJson,
    /// CycloneDX XML, spec 1.4, 1.5 or 1.6.
    CycloneDxXml,
    /// SPDX 2.2 or 2.3 JSON.
    SpdxJson,
    /// SPDX 2.2 or 2.3 tag-value.
    SpdxTagValue,
}

impl Format {
    /// The stable kebab-case id used on the command line and in reports.
    pub fn id(self) -> &'static str {
        match self {
            Format::CycloneDxJson => "cyclonedx-json",
            Format::CycloneDxXml => "cyclonedx-xml",
            Format::SpdxJson => "spdx-json",
            Format::SpdxTagValue => "spdx-tag-value",
        }
    }
}

/// A format Rampart writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutputFormat {
    /// CycloneDX 1.6 JSON.
    CycloneDxJson,
    /// SPDX 2.3 JSON.
    SpdxJson,
}

impl OutputFormat {
    /// The stable kebab-case id used on the command line.
    pub fn id(self) -> &'static str {
        match self {
            OutputFormat::CycloneDxJson => "cyclonedx-json",
            OutputFormat::SpdxJson => "spdx-json",
        }
    }
}

/// The 1-based line and column of the value the JSON pointer `pointer` (`/a/0/b`) names in
/// the JSON text `text`, `None` when the text is not UTF-8 or has no such value: how a
/// problem found after parsing (a bad value deep in a document) is located in the file.
/// The text is expected to be valid JSON (parsed before).
pub fn json_pointer_place(text: &[u8], pointer: &str) -> Option<(u32, u32)> {
    let offset = pointer::offset(std::str::from_utf8(text).ok()?, pointer)?;
    Some(text::line_col(text, offset))
}

/// Which format `bytes` (read from a file called `name`) are in, from the content: a JSON
/// object with a `bomFormat` key is CycloneDX, one with `spdxVersion` SPDX; XML in the
/// CycloneDX namespace is CycloneDX XML; a text with an `SPDXVersion:` tag is SPDX
/// tag-value. The name's extension (`.cdx.json`, `.spdx.json`, `.xml`, `.spdx`) decides only
/// when the content names no format. `None` when neither tells.
#[allow(clippy::case_sensitive_file_extension_comparisons)] // `name` is lower-cased first
pub fn detect(name: &str, bytes: &[u8]) -> Option<Format> {
    let start = text::skip_bom_and_space(bytes);
    let name = name.to_ascii_lowercase();
    match bytes.get(start) {
        Some(b'{') => {
            let cdx = text::contains(bytes, b"\"bomFormat\"");
            let spdx = text::contains(bytes, b"\"spdxVersion\"");
            match (cdx, spdx) {
                (true, false) => Some(Format::CycloneDxJson),
                (false, true) => Some(Format::SpdxJson),
                _ if name.ends_with(".spdx.json") => Some(Format::SpdxJson),
                _ if name.ends_with(".json") => Some(Format::CycloneDxJson),
                _ => None,
            }
        }
        Some(b'<') => {
            if text::contains(bytes, b"cyclonedx.org/schema/bom") || name.ends_with(".xml") {
                Some(Format::CycloneDxXml)
            } else {
                None
            }
        }
        Some(_) if text::has_tag_line(bytes, b"SPDXVersion:") || name.ends_with(".spdx") => {
            Some(Format::SpdxTagValue)
        }
        _ => None,
    }
}

/// Reads an SBOM of any supported format from `bytes`, naming the file `name` in messages.
///
/// Every component comes back with a `bom_ref`: the document's own (CycloneDX `bom-ref`,
/// SPDX `SPDXID`), or, only when the document gives none, one generated from the
/// component's position (see `docs/sbom.md`).
pub fn read(name: &str, bytes: &[u8]) -> Result<Sbom, SbomError> {
    let Some(format) = detect(name, bytes) else {
        return Err(SbomError::at(
            name,
            0,
            0,
            "not a CycloneDX (JSON, XML) or SPDX (JSON, tag-value) document",
        ));
    };
    read_as(format, name, bytes)
}

/// Reads `bytes` as `format`, without detection.
pub fn read_as(format: Format, name: &str, bytes: &[u8]) -> Result<Sbom, SbomError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, col) = text::line_col(bytes, e.valid_up_to());
        SbomError::at(name, line, col, "is not UTF-8 text")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match format {
        Format::CycloneDxJson => cyclonedx_json::read(name, text),
        Format::CycloneDxXml => cyclonedx_xml::read(name, text),
        Format::SpdxJson => spdx_json::read(name, text),
        Format::SpdxTagValue => spdx_tag_value::read(name, text),
    }
}

/// Reads the SBOM at `path` (`-` for standard input), at most [`MAX_SBOM_BYTES`] of it: a
/// larger file is refused from its size before it is read.
pub fn read_path(path: &Path) -> Result<Sbom, SbomError> {
    read_path_limited(path, MAX_SBOM_BYTES)
}

/// [`read_path`] with another size cap.
pub fn read_path_limited(path: &Path, limit: u64) -> Result<Sbom, SbomError> {
    let (name, text) = read_text(path, limit)?;
    read(&name, text.as_bytes())
}

/// Reads and checks an SBOM: [`read`], and for CycloneDX JSON also the official JSON schema
/// of its spec version (licence ids, enumerations, formats of fields Rampart does not keep),
/// for CycloneDX XML the XSD rules the spec's test BOMs exercise.
/// Reading alone stays lenient about those, so that a scan is not refused for a field it
/// does not use; validation reports them all.
pub fn validate(name: &str, bytes: &[u8]) -> Result<Sbom, SbomError> {
    let sbom = read(name, bytes)?;
    let format = detect(name, bytes);
    if format == Some(Format::CycloneDxXml) {
        let text = String::from_utf8_lossy(bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let doc = cyclonedx_xml::parse(name, text)?;
        let problems = cyclonedx_xml_checks::check(name, &doc);
        if !problems.is_empty() {
            return Err(SbomError::Invalid(problems));
        }
    }
    if format == Some(Format::CycloneDxJson) {
        let version = sbom
            .source_format
            .as_deref()
            .and_then(|f| f.strip_prefix("CycloneDX "))
            .unwrap_or_default();
        let text = String::from_utf8_lossy(bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let problems = schema::check(name, text, version);
        if !problems.is_empty() {
            return Err(SbomError::Invalid(problems));
        }
    }
    Ok(sbom)
}

/// [`validate`] of the file at `path`, read as [`read_path`] reads.
pub fn validate_path(path: &Path) -> Result<Sbom, SbomError> {
    let (name, text) = read_text(path, MAX_SBOM_BYTES)?;
    validate(&name, text.as_bytes())
}

/// The name `path` goes by in messages, and its text.
fn read_text(path: &Path, limit: u64) -> Result<(String, String), SbomError> {
    let name = if path.as_os_str() == "-" {
        rampart_yaml::STDIN_NAME.to_owned()
    } else {
        path.display().to_string()
    };
    match rampart_yaml::read_input(path, limit) {
        Ok(text) => Ok((name, text)),
        Err(rampart_yaml::ReadError::NotUtf8 { offset }) => Err(SbomError::at(
            &name,
            0,
            0,
            format!("is not UTF-8 text: invalid byte at offset {offset}"),
        )),
        Err(cause) => Err(SbomError::Unreadable { file: name, cause }),
    }
}

/// Writes `sbom` as `format`. CycloneDX output is 1.6 JSON, SPDX output 2.3 JSON; what each
/// cannot carry is listed in `docs/sbom.md`.
pub fn write(sbom: &Sbom, format: OutputFormat) -> String {
    match format {
        OutputFormat::CycloneDxJson => cyclonedx_json::write(sbom),
        OutputFormat::SpdxJson => spdx_json::write(sbom),
    }
}

#[cfg(test)]
mod tests {
    use super::json_pointer_place;

    #[test]
    fn a_json_pointer_is_placed_at_its_values_line_and_column() {
        let text = "{\n  \"a\": [1,\n    {\"é\": \"x\", \"b\": true}]\n}";
        // Columns count characters: `é` is two bytes, one column.
        assert_eq!(json_pointer_place(text.as_bytes(), "/a/1/b"), Some((3, 21)));
        assert_eq!(json_pointer_place(text.as_bytes(), "/a/0"), Some((2, 9)));
        assert_eq!(json_pointer_place(text.as_bytes(), "/a/2"), None);
        assert_eq!(json_pointer_place(b"\xff", ""), None, "not UTF-8");
    }
}
