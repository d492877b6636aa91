//! SARIF 2.1.0 (`findings.sarif`) of an assessment, for CI code-scanning views.
//!
//! One run, three kinds of rule and result, in the results' order:
//!
//! - firmware and system findings: one rule per finding code, one result per finding at its
//!   location (a path in the unpacked image, or `file:line:col` of a model element);
//! - vulnerabilities: one rule per vulnerability id and one result per affected component,
//!   with the conventions of `rampart scan --format sarif` (rule ids, help links, the
//!   `security-severity` GitHub buckets on, the `rampart/component-vulnerability/v1`
//!   fingerprint), so an alert keeps its identity between a scan and an assessment;
//! - requirement gaps at SL-T: one rule per required requirement not satisfied
//!   (`iec62443-4-2/cr-1.5`, the OSCAL control id under its part) and one result for it.
//!
//! Levels (`docs/exports.md`): `error` for a known-exploited vulnerability or anything critical
//! or high; `warning` for medium findings and vulnerabilities and for requirements not or
//! partially satisfied; `note` for low or unrated ones and for requirements nobody assessed.
//! Every result has a `partialFingerprints` entry so code scanning tracks it across runs.

use std::collections::HashMap;

use rampart_assess::AssessmentResults;
use rampart_assess::results::{Finding, Gap, RequirementResult, Severity, Status, Vulnerability};
use rampart_catalog::oscal::control_id;
use serde_json::{Map, Value, json};

use super::{one_line, uri_reference};

/// The SARIF 2.1.0 log of `results`.
pub fn sarif(results: &AssessmentResults) -> Value {
    let mut rules = Rules::default();
    let artifact = artifact(results);
    let mut out: Vec<Value> = Vec::new();
    for f in &results.findings {
        let index = rules.index(&f.code, || finding_rule(f));
        out.push(finding_result(f, index));
    }
    for v in results
        .vulnerabilities
        .iter()
        .filter(|v| v.status == "affected")
    {
        let index = rules.index(&v.id, || vulnerability_rule(v));
        out.push(vulnerability_result(v, index, artifact.as_ref()));
    }
    for r in results.requirements.iter().filter(|r| is_gap(r)) {
        let gap = results.gaps.iter().find(|g| g.requirement == r.id);
        let (severity, kev) = gap_severity(results, r, gap);
        let id = gap_rule_id(r);
        let index = rules.index(&id, || requirement_rule(&id, r, gap));
        out.push(requirement_result(
            results,
            r,
            gap,
            (severity, kev),
            (&id, index),
            artifact.as_ref(),
        ));
    }

    let mut driver = json!({
        "name": "rampart",
        "informationUri": "https://github.com/rampart-iacs/rampart",
        "rules": rules.list,
    });
    // `rampart 0.1.0`: the version, when the tool string carries one.
    if let Some(version) = results
        .tool
        .split_whitespace()
        .nth(1)
        .filter(|v| v.starts_with(|c: char| c.is_ascii_digit()))
    {
        driver["semanticVersion"] = json!(version);
    }
    let mut run = json!({ "tool": { "driver": driver } });
    if let Some((_, value)) = &artifact {
        run["artifacts"] = json!([value]);
    }
    run["results"] = Value::Array(out);
    let mut properties = json!({
        "subject": results.subject.name,
        "generated": results.generated,
        "readiness-percent": results.readiness.percent,
    });
    if let Some(v) = &results.subject.version {
        properties["version"] = json!(v);
    }
    if let Some(sl_t) = &results.subject.sl_t {
        properties["sl-t"] = json!(sl_t.to_string());
    }
    run["properties"] = properties;
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    })
}

/// Rules by id, in order of first use (indexed: thousands of rules are usual).
#[derive(Default)]
struct Rules {
    index: HashMap<String, usize>,
    list: Vec<Value>,
}

impl Rules {
    fn index(&mut self, id: &str, make: impl FnOnce() -> Value) -> usize {
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        self.index.insert(id.to_owned(), self.list.len());
        self.list.push(make());
        self.list.len() - 1
    }
}

/// The analysed artifact (the image or SBOM, else the system model): its URI and its SARIF
/// `artifact` object.
fn artifact(results: &AssessmentResults) -> Option<(String, Value)> {
    let input = results.subject.artifact.as_ref().or_else(|| {
        results
            .inputs
            .iter()
            .find(|i| i.role == "system-model" || i.role == "sbom" || i.role == "image")
    })?;
    let uri = uri_reference(input.path.trim());
    let mut value = json!({ "location": { "uri": uri }, "roles": ["analysisTarget"] });
    if let Some(sha) = &input.sha256 {
        value["hashes"] = json!({ "sha-256": sha });
    }
    if let Some(size) = input.size {
        value["length"] = json!(size);
    }
    Some((uri, value))
}

fn artifact_location(artifact: Option<&(String, Value)>) -> Option<Value> {
    artifact.map(|(uri, _)| json!({ "physicalLocation": { "artifactLocation": { "uri": uri, "index": 0 } } }))
}

/// The `security-severity` GitHub reads (a CVSS-like 0–10 score) for a rating without one.
fn severity_score(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "2.0",
        Severity::None => "0.0",
    }
}

fn level(severity: Severity, kev: bool) -> &'static str {
    match severity {
        _ if kev => "error",
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::None => "note",
    }
}

fn finding_rule(f: &Finding) -> Value {
    json!({
        "id": f.code,
        "name": f.code.replace(['-', ' '], ""),
        "shortDescription": { "text": one_line(&f.title) },
        "help": { "text": f.remediation },
        "defaultConfiguration": { "level": level(f.severity, false) },
        "properties": {
            "tags": ["security", f.source.clone()],
            "security-severity": severity_score(f.severity),
            "requirements": f.requirements,
        },
    })
}

/// `path:line[:col]` when `location` ends a file name with a line number.
fn file_position(location: &str) -> Option<(&str, u64, Option<u64>)> {
    let mut parts = location.splitn(3, ':');
    let file = parts.next()?;
    let line: u64 = parts.next()?.trim().parse().ok()?;
    let column = parts.next().and_then(|rest| {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    });
    (line > 0 && !file.is_empty()).then_some((file, line, column.filter(|&c| c > 0)))
}

fn finding_result(f: &Finding, index: usize) -> Value {
    let location = match file_position(&f.location) {
        Some((file, line, column)) => {
            let mut region = json!({ "startLine": line });
            if let Some(c) = column {
                region["startColumn"] = json!(c);
            }
            json!({ "physicalLocation": {
                "artifactLocation": { "uri": uri_reference(file) },
                "region": region,
            }, "message": { "text": one_line(&f.location) } })
        }
        None if f.source == "firmware" => json!({ "physicalLocation": {
            "artifactLocation": { "uri": uri_reference(f.location.trim()) },
        } }),
        None => {
            json!({ "logicalLocations": [{ "name": one_line(&f.location), "kind": "element" }] })
        }
    };
    json!({
        "ruleId": f.code,
        "ruleIndex": index,
        "level": level(f.severity, false),
        "message": { "text": format!("{}: {}", one_line(&f.title), one_line(&f.detail)) },
        "locations": [location],
        "partialFingerprints": { "rampart/finding/v1": f.fingerprint },
        "properties": {
            "source": f.source,
            "severity": f.severity.as_str(),
            "requirements": f.requirements,
        },
    })
}

fn help_uri(id: &str) -> String {
    if id.starts_with("CVE-") {
        format!("https://nvd.nist.gov/vuln/detail/{id}")
    } else {
        format!("https://osv.dev/vulnerability/{id}")
    }
}

fn vulnerability_rule(v: &Vulnerability) -> Value {
    let mut tags = vec![json!("security"), json!("vulnerability")];
    if v.kev {
        tags.push(json!("known-exploited"));
    }
    let score = v.score.map_or_else(
        || severity_score(v.severity).to_owned(),
        |s| format!("{s:.1}"),
    );
    json!({
        "id": v.id,
        "name": v.id.replace('-', ""),
        "shortDescription": { "text": v.id },
        "helpUri": help_uri(&v.id),
        "defaultConfiguration": { "level": level(v.severity, v.kev) },
        "properties": { "tags": tags, "security-severity": score },
    })
}

fn vulnerability_result(
    v: &Vulnerability,
    index: usize,
    artifact: Option<&(String, Value)>,
) -> Value {
    let name = match &v.version {
        Some(version) => format!("{} {version}", v.component),
        None => v.component.clone(),
    };
    let mut message = format!("{name} is affected by {} ({}", v.id, v.severity.as_str());
    if let Some(score) = v.score {
        message.push_str(&format!(" {score:.1}"));
    }
    message.push(')');
    if v.kev {
        message.push_str("; known exploited (CISA KEV)");
    }
    if !v.fixed_versions.is_empty() {
        message.push_str(&format!("; fixed in {}", v.fixed_versions.join(", ")));
    }
    message.push('.');
    let reference = v
        .bom_ref
        .clone()
        .or_else(|| v.purl.clone())
        .unwrap_or_else(|| name.clone());
    let mut location = artifact_location(artifact).unwrap_or_else(|| json!({}));
    location["logicalLocations"] = json!([{ "name": reference, "kind": "component" }]);
    json!({
        "ruleId": v.id,
        "ruleIndex": index,
        "level": level(v.severity, v.kev),
        "message": { "text": message },
        "locations": [location],
        "partialFingerprints": { "rampart/component-vulnerability/v1": format!("{reference}|{}", v.id) },
        "properties": {
            "purl": v.purl,
            "kev": v.kev,
            "epss": v.epss,
            "confidence": v.confidence,
            "records": v.records,
        },
    })
}

/// A requirement the SL-T requires that is not satisfied (not-applicable ones are met).
fn is_gap(r: &RequirementResult) -> bool {
    r.required
        && matches!(
            r.status,
            Status::NotSatisfied | Status::Partially | Status::NotAssessed
        )
}

fn gap_rule_id(r: &RequirementResult) -> String {
    format!("iec62443-{}/{}", r.part, control_id(&r.id))
}

/// The most severe fact behind a requirement (from the gap list, the findings bearing on it
/// and the facts its rules cite) and whether a known-exploited vulnerability is among them.
fn gap_severity(
    results: &AssessmentResults,
    r: &RequirementResult,
    gap: Option<&Gap>,
) -> (Option<Severity>, bool) {
    let facts: Vec<&str> = r
        .proposals
        .iter()
        .flat_map(|p| p.facts.iter().map(String::as_str))
        .chain(gap.iter().flat_map(|g| g.facts.iter().map(String::as_str)))
        .collect();
    let mut severity = gap.and_then(|g| g.severity);
    let mut kev = gap.is_some_and(|g| g.kev);
    for f in &results.findings {
        if f.requirements.contains(&r.id) || facts.contains(&f.fingerprint.as_str()) {
            severity = severity.max(Some(f.severity));
        }
    }
    for v in results
        .vulnerabilities
        .iter()
        .filter(|v| v.status == "affected")
    {
        if facts.contains(&v.id.as_str()) || v.aliases.iter().any(|a| facts.contains(&a.as_str())) {
            severity = severity.max(Some(v.severity));
            kev |= v.kev;
        }
    }
    (severity, kev)
}

fn gap_level(status: Status, severity: Option<Severity>, kev: bool) -> &'static str {
    if kev || matches!(severity, Some(Severity::Critical | Severity::High)) {
        "error"
    } else if status == Status::NotAssessed {
        "note"
    } else {
        "warning"
    }
}

fn requirement_rule(id: &str, r: &RequirementResult, gap: Option<&Gap>) -> Value {
    let help = gap.map_or_else(
        || format!("Meet {} and record the evidence in the assessment.", r.id),
        |g| g.remediation.clone(),
    );
    json!({
        "id": id,
        "name": one_line(&r.id),
        "shortDescription": { "text": format!("IEC 62443-{} {}: {}", r.part, one_line(&r.id), one_line(&r.title)) },
        "fullDescription": { "text": one_line(&r.question) },
        "help": { "text": help },
        "properties": { "tags": ["compliance", "iec62443", format!("iec62443-{}", r.part)] },
    })
}

fn requirement_result(
    results: &AssessmentResults,
    r: &RequirementResult,
    gap: Option<&Gap>,
    (severity, kev): (Option<Severity>, bool),
    (rule, index): (&str, usize),
    artifact: Option<&(String, Value)>,
) -> Value {
    let target = results
        .subject
        .sl_t
        .as_ref()
        .map(|v| format!(" at SL-T {v}"))
        .unwrap_or_default();
    let mut message = format!(
        "{} {} is {}{target}",
        one_line(&r.id),
        one_line(&r.title),
        r.status.as_str()
    );
    if let Some(rationale) = &r.rationale {
        message.push_str(&format!(": {}", one_line(rationale)));
    }
    if kev {
        message.push_str(" (a known-exploited vulnerability is behind it)");
    }
    message.push('.');
    let mut location = artifact_location(artifact).unwrap_or_else(|| json!({}));
    location["logicalLocations"] = json!([{
        "name": one_line(&r.id),
        "fullyQualifiedName": format!("IEC 62443-{} {}", r.part, one_line(&r.id)),
        "kind": "requirement",
    }]);
    let mut properties = Map::new();
    properties.insert("status".into(), json!(r.status.as_str()));
    if let Some(s) = severity {
        properties.insert("severity".into(), json!(s.as_str()));
    }
    properties.insert("kev".into(), json!(kev));
    if let Some(g) = gap {
        properties.insert("gap-rank".into(), json!(g.rank));
        properties.insert("gap-score".into(), json!(g.score));
    }
    let rules: Vec<&str> = r.proposals.iter().map(|p| p.rule.as_str()).collect();
    if !rules.is_empty() {
        properties.insert("evidence-rules".into(), json!(rules));
    }
    json!({
        "ruleId": rule,
        "ruleIndex": index,
        "level": gap_level(r.status, severity, kev),
        "message": { "text": message },
        "locations": [location],
        "partialFingerprints": {
            "rampart/requirement-gap/v1": format!("{}|{}|{}", results.subject.name, r.part, r.id),
        },
        "properties": Value::Object(properties),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_positions_are_read_from_model_locations() {
        assert_eq!(
            file_position("plant.yaml:12:5: conduit c1"),
            Some(("plant.yaml", 12, Some(5)))
        );
        assert_eq!(file_position("plant.yaml:7"), Some(("plant.yaml", 7, None)));
        assert_eq!(file_position("fw.bin.unpacked/etc/shadow"), None);
        assert_eq!(file_position("zone:control"), None);
    }

    #[test]
    fn kev_makes_any_severity_an_error() {
        assert_eq!(level(Severity::Low, true), "error");
        assert_eq!(level(Severity::Medium, false), "warning");
        assert_eq!(gap_level(Status::NotAssessed, None, false), "note");
        assert_eq!(
            gap_level(Status::NotAssessed, Some(Severity::Critical), false),
            "error"
        );
        assert_eq!(
            gap_level(Status::Partially, Some(Severity::Low), false),
            "warning"
        );
    }
}
