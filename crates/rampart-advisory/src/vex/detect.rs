//! Which VEX format a file is, judged from its top-level keys only.

use rampart_yaml::Problem;
use serde::Deserialize;

use super::VexFormat;
use super::json::parse;
use crate::source::problem;

/// The keys that tell the formats apart; every other key is skipped unread.
#[derive(Deserialize)]
struct Sniff {
    #[serde(rename = "@context")]
    context: Option<serde_json::Value>,
    #[serde(rename = "bomFormat")]
    bom_format: Option<serde_json::Value>,
    document: Option<SniffDocument>,
}

#[derive(Deserialize)]
struct SniffDocument {
    csaf_version: Option<serde_json::Value>,
}

/// The format of `bytes`: OpenVEX has an `@context` naming openvex, CycloneDX a `bomFormat`
/// of `CycloneDX`, CSAF a `document.csaf_version`.
pub fn detect(name: &str, bytes: &[u8]) -> Result<VexFormat, Problem> {
    let sniff: Sniff = parse(name, bytes)?;
    let is_openvex = sniff
        .context
        .as_ref()
        .and_then(serde_json::Value::as_str)
        .is_some_and(|c| c.contains("openvex"));
    if is_openvex {
        return Ok(VexFormat::OpenVex);
    }
    if sniff
        .bom_format
        .as_ref()
        .and_then(serde_json::Value::as_str)
        == Some("CycloneDX")
    {
        return Ok(VexFormat::CycloneDx);
    }
    if sniff.document.is_some_and(|d| d.csaf_version.is_some()) {
        return Ok(VexFormat::Csaf);
    }
    Err(problem(
        name,
        0,
        0,
        "is not a VEX document Rampart reads: expected OpenVEX (`@context` naming openvex), \
         CycloneDX (`bomFormat: CycloneDX`) or CSAF (`document.csaf_version`)",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_is_told_by_its_top_level_keys() {
        let cases = [
            (
                r#"{"@context":"https://openvex.dev/ns/v0.2.0"}"#,
                VexFormat::OpenVex,
            ),
            (r#"{"bomFormat":"CycloneDX"}"#, VexFormat::CycloneDx),
            (r#"{"document":{"csaf_version":"2.0"}}"#, VexFormat::Csaf),
        ];
        for (text, format) in cases {
            assert_eq!(detect("x.json", text.as_bytes()).unwrap(), format, "{text}");
        }
    }

    #[test]
    fn other_json_is_refused_by_name() {
        let error = detect("sbom.json", br#"{"spdxVersion":"SPDX-2.3"}"#).unwrap_err();
        assert!(
            error.to_string().starts_with("sbom.json: is not a VEX"),
            "{error}"
        );
        let error = detect("bad.json", b"{\n \"a\": }").unwrap_err();
        assert_eq!((error.line, error.col), (2, 7));
    }
}
