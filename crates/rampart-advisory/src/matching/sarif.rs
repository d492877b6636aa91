//! SARIF 2.1.0 for scan reports, so CI systems (GitHub code scanning, GitLab, Azure DevOps)
//! show Rampart's findings beside other analysers'.
//!
//! One rule per vulnerability (its id, summary line, help link and `security-severity`, the
//! CVSS base score GitHub uses to bucket alerts), one result per affected component. Results
//! point at the SBOM file (the artifact scanned) and name the component by its SBOM
//! reference as a logical location, so a result can be joined back to the SBOM. Findings that
//! are not affected (fixed, not affected, under investigation) are left out: SARIF results
//! are problems to act on. `partialFingerprints` keep a result stable across runs, so code
//! scanning tracks it instead of opening a new alert each time.

use serde_json::{Value, json};

use super::cvss::SeverityLevel;
use super::report::{Finding, ScanReport, Status};

/// The SARIF 2.1.0 log of `report`, for the SBOM at `sbom_uri` (as the user named it).
pub fn to_sarif(report: &ScanReport, sbom_uri: &str, tool_version: &str) -> Value {
    let affected: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.status == Status::Affected)
        .collect();
    let mut rule_ids: Vec<&str> = affected.iter().map(|f| f.id.as_str()).collect();
    rule_ids.sort_unstable();
    rule_ids.dedup();
    let rules: Vec<Value> = rule_ids
        .iter()
        .map(|id| {
            let finding = affected
                .iter()
                .find(|f| f.id == *id)
                .expect("every rule id comes from a finding");
            rule(finding)
        })
        .collect();
    let results: Vec<Value> = affected
        .iter()
        .map(|f| {
            result(
                f,
                rule_ids.binary_search(&f.id.as_str()).unwrap_or(0),
                sbom_uri,
            )
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "rampart",
                "semanticVersion": tool_version,
                "informationUri": "https://github.com/rampart-iacs/rampart",
                "rules": rules,
            }},
            "artifacts": [{"location": {"uri": sbom_uri}}],
            "results": results,
        }]
    })
}

fn rule(finding: &Finding) -> Value {
    let mut tags = vec![json!("security"), json!("vulnerability")];
    if finding.kev.is_some() {
        tags.push(json!("known-exploited"));
    }
    let mut properties = json!({"tags": tags});
    if let Some(score) = finding.severity.as_ref().and_then(|s| s.score) {
        properties["security-severity"] = json!(format!("{score:.1}"));
    }
    let text = match &finding.kev {
        Some(kev) if !kev.name.is_empty() => format!("{}: {}", finding.id, kev.name),
        _ => finding.id.clone(),
    };
    json!({
        "id": finding.id,
        "name": finding.id.replace('-', ""),
        "shortDescription": {"text": text},
        "helpUri": help_uri(&finding.id),
        "properties": properties,
    })
}

fn help_uri(id: &str) -> String {
    if id.starts_with("CVE-") {
        format!("https://nvd.nist.gov/vuln/detail/{id}")
    } else {
        format!("https://osv.dev/vulnerability/{id}")
    }
}

fn level(finding: &Finding) -> &'static str {
    if finding.kev.is_some() {
        return "error";
    }
    match finding.severity.as_ref().map(|s| s.level) {
        Some(SeverityLevel::Critical | SeverityLevel::High) => "error",
        Some(SeverityLevel::Medium) | None => "warning",
        Some(SeverityLevel::Low | SeverityLevel::None) => "note",
    }
}

fn result(finding: &Finding, rule_index: usize, sbom_uri: &str) -> Value {
    let component = &finding.component;
    let name = match &component.version {
        Some(version) => format!("{} {version}", component.name),
        None => component.name.clone(),
    };
    let mut message = format!("{name} is affected by {}", finding.id);
    if let Some(severity) = &finding.severity {
        message.push_str(&format!(" ({:?}", severity.level).to_lowercase());
        if let Some(score) = severity.score {
            message.push_str(&format!(" {score:.1}"));
        }
        message.push(')');
    }
    if finding.kev.is_some() {
        message.push_str("; known exploited (CISA KEV)");
    }
    if !finding.fixed_versions.is_empty() {
        message.push_str(&format!("; fixed in {}", finding.fixed_versions.join(", ")));
    }
    message.push('.');
    let reference = component
        .bom_ref
        .clone()
        .or_else(|| component.purl.clone())
        .unwrap_or_else(|| name.clone());
    json!({
        "ruleId": finding.id,
        "ruleIndex": rule_index,
        "level": level(finding),
        "message": {"text": message},
        "locations": [{
            "physicalLocation": {"artifactLocation": {"uri": sbom_uri, "index": 0}},
            "logicalLocations": [{"name": reference, "kind": "component"}],
        }],
        "partialFingerprints": {"rampart/component-vulnerability/v1": format!("{reference}|{}", finding.id)},
        "properties": {
            "purl": component.purl,
            "confidence": finding.confidence,
            "evidence": finding.evidence.iter().map(|e| format!("{}:{}", e.source, e.record)).collect::<Vec<_>>(),
        },
    })
}
