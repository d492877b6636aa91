//! OSCAL 1.2.3 assessment results (`assessment-results.oscal.json`) of one assessment.
//!
//! One result for the run. Per requirement in scope a finding whose target is the catalog
//! control (`objective-id`, the control id of Rampart's OSCAL catalog export) with OSCAL's
//! objective status (the mapping from Rampart's five statuses is in `docs/exports.md`); per
//! requirement with evidence or rule proposals an observation carrying the evidence as
//! `relevant-evidence` (href, SHA-256); per firmware/system finding and per vulnerability a
//! risk, linked from the findings of the requirements it bears on. The subject is the
//! result's one local component, named by every observation. OSCAL requires an imported
//! assessment plan; Rampart's plan is implicit (the catalog parts in scope at the subject's
//! SL-T), so `import-ap` points at a back-matter resource that says so and links the catalog
//! resources.

use std::collections::{HashMap, HashSet};

use rampart_assess::AssessmentResults;
use rampart_assess::results::{
    DecidedBy, EvidenceKind, Finding, RequirementResult, Status, Vulnerability,
};
use serde_json::{Map, Value, json};

use super::oscal_common::{
    NAMESPACE, catalog_resources, component_type, control_id, metadata, party_uuid, prop,
    subject_description, subject_props, subject_uuid,
};
use super::{midnight, one_line, stable_uuid, subject_key, subject_label, uri_reference};

/// The OSCAL assessment-results document (`{"assessment-results": …}`) of `results`.
pub fn oscal_assessment_results(results: &AssessmentResults) -> Value {
    let key = subject_key(results);
    let ctx = Context {
        results,
        key: &key,
        subject: subject_uuid(results),
        platform: stable_uuid(&format!("rampart/platform/{}", results.tool)),
        tool: stable_uuid(&format!("rampart/tool/{}", results.tool)),
    };
    let plan = stable_uuid(&format!("rampart/assessment-plan/{key}"));

    // Risks, and indexes from a fact (fingerprint, vulnerability id or alias) and from a
    // requirement id to the risks, so linking stays linear in the number of risks.
    let mut risks = Vec::new();
    let mut by_fact: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_requirement: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut uuids: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for f in &results.findings {
        let uuid = stable_uuid(&format!("rampart/risk/{key}/finding/{}", f.fingerprint));
        if seen.insert(uuid.clone()) {
            risks.push(ctx.finding_risk(f, &uuid));
            by_fact.entry(&f.fingerprint).or_default().push(uuids.len());
            for r in &f.requirements {
                by_requirement.entry(r).or_default().push(uuids.len());
            }
            uuids.push(uuid);
        }
    }
    for v in &results.vulnerabilities {
        let uuid = stable_uuid(&format!(
            "rampart/risk/{key}/vulnerability/{}/{}",
            v.id,
            component_key(v)
        ));
        if seen.insert(uuid.clone()) {
            risks.push(ctx.vulnerability_risk(v, &uuid));
            for id in std::iter::once(&v.id).chain(&v.aliases) {
                by_fact.entry(id).or_default().push(uuids.len());
            }
            uuids.push(uuid);
        }
    }

    let mut observations = Vec::new();
    let mut findings = Vec::new();
    let mut done = HashSet::new();
    for r in &results.requirements {
        if !done.insert(r.id.as_str()) {
            continue;
        }
        let observation = ctx.observation(r);
        let observation_uuid = observation.as_ref().map(|o| o["uuid"].clone());
        observations.extend(observation);
        let mut linked: Vec<usize> = by_requirement
            .get(r.id.as_str())
            .cloned()
            .unwrap_or_default();
        for fact in r.proposals.iter().flat_map(|p| &p.facts) {
            linked.extend(by_fact.get(fact.as_str()).into_iter().flatten());
        }
        linked.sort_unstable();
        linked.dedup();
        let related: Vec<Value> = linked
            .into_iter()
            .map(|i| json!({ "risk-uuid": uuids[i] }))
            .collect();
        findings.push(ctx.finding(r, observation_uuid, related));
    }

    let controls: Vec<Value> = results
        .requirements
        .iter()
        .map(|r| json!({ "control-id": control_id(&r.id) }))
        .collect();
    let selection = if controls.is_empty() {
        json!({ "include-all": {} })
    } else {
        json!({ "include-controls": controls })
    };

    let mut result = json!({
        "uuid": stable_uuid(&format!("rampart/result/{key}")),
        "title": format!("IEC 62443 assessment of {}", one_line(&subject_label(results))),
        "description": subject_description(results),
        "start": midnight(&results.generated),
        "props": result_props(results),
        "local-definitions": {
            "components": [{
                "uuid": ctx.subject,
                "type": component_type(results),
                "title": one_line(&subject_label(results)),
                "description": subject_description(results),
                "props": subject_props(results),
                "status": { "state": "operational" },
            }],
            "assessment-assets": {
                "components": [{
                    "uuid": ctx.tool,
                    "type": "software",
                    "title": one_line(&results.tool),
                    "description": "The tool that ran the analyses and evidence rules and computed the scores.",
                    "status": { "state": "operational" },
                }],
                "assessment-platforms": [{
                    "uuid": ctx.platform,
                    "title": one_line(&results.tool),
                    "uses-components": [{ "component-uuid": ctx.tool }],
                }],
            },
        },
        "reviewed-controls": { "control-selections": [selection] },
        "remarks": review_remarks(results),
    });
    if !observations.is_empty() {
        result["observations"] = Value::Array(observations);
    }
    if !risks.is_empty() {
        result["risks"] = Value::Array(risks);
    }
    if !findings.is_empty() {
        result["findings"] = Value::Array(findings);
    }

    let mut resources = vec![json!({
        "uuid": plan,
        "title": "Implicit assessment plan",
        "description": format!(
            "Rampart writes no separate assessment plan: the plan is every requirement of {} \
             that applies to the subject{}, each answered by evidence rules and the assessor.",
            results.subject.parts.iter().map(|p| format!("IEC 62443-{p}")).collect::<Vec<_>>().join(", "),
            results.subject.sl_t.as_ref().map(|v| format!(" at SL-T {v}")).unwrap_or_default(),
        ),
    })];
    resources.extend(catalog_resources(results));
    resources.extend(input_resources(results));

    json!({
        "assessment-results": {
            "uuid": stable_uuid(&format!("rampart/assessment-results/{key}")),
            "metadata": metadata(results, &format!("IEC 62443 assessment results: {}", subject_label(results))),
            "import-ap": {
                "href": format!("#{plan}"),
                "remarks": "The assessment plan is implicit; see the referenced back-matter resource.",
            },
            "results": [result],
            "back-matter": { "resources": resources },
        }
    })
}

struct Context<'a> {
    results: &'a AssessmentResults,
    key: &'a str,
    subject: String,
    platform: String,
    tool: String,
}

impl Context<'_> {
    fn tool_origin(&self) -> Value {
        json!([{ "actors": [{ "type": "assessment-platform", "actor-uuid": self.platform }] }])
    }

    /// The assessor who decided `r`, or the tool for automatic statuses.
    fn origin_of(&self, r: &RequirementResult) -> Value {
        match (r.decided_by, r.assessor.as_deref().map(str::trim)) {
            (DecidedBy::Assessor, Some(name)) if !name.is_empty() => json!([{
                "actors": [{ "type": "party", "actor-uuid": party_uuid(name), "role-id": "assessor" }],
            }]),
            _ => self.tool_origin(),
        }
    }

    fn subjects(&self) -> Value {
        json!([{ "subject-uuid": self.subject, "type": "component" }])
    }

    /// The observation behind `r`'s status: its evidence and the rules' proposals.
    fn observation(&self, r: &RequirementResult) -> Option<Value> {
        if r.evidence.is_empty() && r.proposals.is_empty() {
            return None;
        }
        let mut methods = Vec::new();
        if r.evidence
            .iter()
            .any(|e| matches!(e.kind, EvidenceKind::File | EvidenceKind::Link))
        {
            methods.push("EXAMINE");
        }
        if !r.proposals.is_empty() || r.evidence.iter().any(|e| e.kind == EvidenceKind::Tool) {
            methods.push("TEST");
        }
        let mut lines: Vec<String> = r
            .evidence
            .iter()
            .map(|e| format!("- {} ({})", one_line(&e.description), one_line(&e.location)))
            .collect();
        lines.extend(r.proposals.iter().map(|p| {
            format!(
                "- Rule `{}` proposed {}: {}",
                p.rule,
                p.status.as_str(),
                one_line(&p.summary)
            )
        }));
        let mut out = json!({
            "uuid": stable_uuid(&format!("rampart/observation/{}/{}", self.key, r.id)),
            "title": format!("Evidence for {}", r.id),
            "description": format!("Evidence and rule proposals for {} {}:\n\n{}", r.id, one_line(&r.title), lines.join("\n")),
            "props": [prop("requirement", r.id.clone())],
            "methods": methods,
            "types": ["control-objective"],
            "origins": self.origin_of(r),
            "subjects": self.subjects(),
            "collected": midnight(r.assessed.as_deref().unwrap_or(&self.results.generated)),
        });
        let evidence: Vec<Value> = r
            .evidence
            .iter()
            .map(|e| {
                let kind = match e.kind {
                    EvidenceKind::File => "file",
                    EvidenceKind::Link => "link",
                    EvidenceKind::Tool => "tool",
                };
                let mut props = vec![prop("evidence-kind", kind)];
                if let Some(sha) = &e.sha256 {
                    props.push(prop("sha256", sha.clone()));
                }
                json!({
                    "href": uri_reference(e.location.trim()),
                    "description": one_line(&e.description),
                    "props": props,
                })
            })
            .collect();
        if !evidence.is_empty() {
            out["relevant-evidence"] = Value::Array(evidence);
        }
        if let Some(expires) = &r.expires {
            out["expires"] = json!(midnight(expires));
        }
        Some(out)
    }

    /// The finding for requirement `r`: its status against the catalog control.
    fn finding(
        &self,
        r: &RequirementResult,
        observation: Option<Value>,
        risks: Vec<Value>,
    ) -> Value {
        let (state, reason, implementation) = objective_status(r.status);
        let mut status = json!({ "state": state, "reason": reason });
        if let Some(rationale) = &r.rationale {
            status["remarks"] = json!(rationale);
        }
        let mut target = json!({
            "type": "objective-id",
            "target-id": control_id(&r.id),
            "props": [{ "name": "label", "value": one_line(&r.id) }],
            "status": status,
        });
        if let Some(state) = implementation {
            target["implementation-status"] = json!({ "state": state });
        }
        let decided = match r.decided_by {
            DecidedBy::Automatic => "automatic",
            DecidedBy::Assessor => "assessor",
            DecidedBy::Nobody => "nobody",
        };
        let mut props = vec![
            prop("status", r.status.as_str()),
            prop("decided-by", decided),
            prop("part", r.part.clone()),
            prop("required", r.required.to_string()),
        ];
        for (name, date) in [
            ("assessed", &r.assessed),
            ("effective", &r.effective),
            ("expires", &r.expires),
        ] {
            if let Some(d) = date {
                props.push(prop(name, d.clone()));
            }
        }
        if let Some(ml) = &r.maturity {
            props.push(prop("maturity-level", ml.to_string()));
        }
        let mut out = json!({
            "uuid": stable_uuid(&format!("rampart/finding/{}/{}", self.key, r.id)),
            "title": format!("{} {}", one_line(&r.id), one_line(&r.title)),
            "description": r.rationale.clone().unwrap_or_else(|| format!(
                "{}: {} ({}).", r.id, r.status.as_str(), decided
            )),
            "props": props,
            "origins": self.origin_of(r),
            "target": target,
        });
        if let Some(uuid) = observation {
            out["related-observations"] = json!([{ "observation-uuid": uuid }]);
        }
        if !risks.is_empty() {
            out["related-risks"] = Value::Array(risks);
        }
        out
    }

    fn finding_risk(&self, f: &Finding, uuid: &str) -> Value {
        let mut props = vec![
            prop("source", f.source.clone()),
            prop("code", f.code.clone()),
            prop("location", f.location.clone()),
            prop("fingerprint", f.fingerprint.clone()),
        ];
        props.extend(
            f.requirements
                .iter()
                .map(|r| prop("requirement", r.clone())),
        );
        json!({
            "uuid": uuid,
            "title": format!("{}: {}", one_line(&f.code), one_line(&f.title)),
            "description": format!("{}\n\nLocation: `{}`.", f.detail, f.location),
            "statement": format!("A {} finding of the {} analysis; it bears on {}.", f.severity.as_str(), f.source,
                if f.requirements.is_empty() { "no catalog requirement".to_owned() } else { f.requirements.join(", ") }),
            "props": props,
            "status": "open",
            "origins": self.tool_origin(),
            "characterizations": [{
                "origin": { "actors": [{ "type": "assessment-platform", "actor-uuid": self.platform }] },
                "facets": [{ "name": "severity", "system": NAMESPACE, "value": f.severity.as_str() }],
            }],
            "remediations": [{
                "uuid": stable_uuid(&format!("{uuid}/remediation")),
                "lifecycle": "recommendation",
                "title": format!("Fix {}", one_line(&f.code)),
                "description": f.remediation,
            }],
        })
    }

    fn vulnerability_risk(&self, v: &Vulnerability, uuid: &str) -> Value {
        let component = match &v.version {
            Some(version) => format!("{} {version}", v.component),
            None => v.component.clone(),
        };
        let status = match v.status.as_str() {
            "affected" => "open",
            "under_investigation" => "investigating",
            _ => "closed",
        };
        let mut facets =
            vec![json!({ "name": "severity", "system": NAMESPACE, "value": v.severity.as_str() })];
        if let Some(vector) = &v.vector {
            facets.push(
                json!({ "name": "cvss-vector", "system": NAMESPACE, "value": one_line(vector) }),
            );
        }
        if let Some(score) = v.score {
            facets.push(json!({ "name": "cvss-base-score", "system": NAMESPACE, "value": format!("{score:.1}") }));
        }
        facets.push(json!({ "name": "kev", "system": NAMESPACE, "value": v.kev.to_string() }));
        if let Some(epss) = v.epss {
            facets.push(json!({ "name": "epss", "system": NAMESPACE, "value": format!("{epss}") }));
        }
        let mut props = vec![
            prop("vulnerability", v.id.clone()),
            prop("component", component.clone()),
            prop("vex-status", v.status.clone()),
            prop("confidence", v.confidence.clone()),
        ];
        if let Some(purl) = &v.purl {
            props.push(prop("purl", purl.clone()));
        }
        props.extend(v.aliases.iter().map(|a| prop("alias", a.clone())));
        props.extend(v.records.iter().map(|r| prop("record", r.clone())));
        if let Some(j) = &v.justification {
            props.push(prop("justification", j.clone()));
        }
        let mut description = format!("{component} is {} by {}", v.status.replace('_', " "), v.id);
        if v.status == "fixed" || v.status == "not_affected" {
            description = format!("{component}: {} is {}", v.id, v.status.replace('_', " "));
        }
        description.push_str(&format!(" (severity {}", v.severity.as_str()));
        if let Some(score) = v.score {
            description.push_str(&format!(", CVSS {score:.1}"));
        }
        description.push(')');
        if v.kev {
            description.push_str("; known exploited (CISA KEV)");
        }
        description.push('.');
        let fix = if v.fixed_versions.is_empty() {
            format!(
                "No fixed version of {} is known: mitigate the exposure or replace the component.",
                v.component
            )
        } else {
            format!(
                "Upgrade {} to {}.",
                v.component,
                v.fixed_versions.join(" or ")
            )
        };
        let mut out = json!({
            "uuid": uuid,
            "title": format!("{} in {}", one_line(&v.id), one_line(&component)),
            "description": description,
            "statement": format!("A vulnerability of the component {component} of {}.", subject_label(self.results)),
            "props": props,
            "status": status,
            "origins": self.tool_origin(),
            "characterizations": [{
                "origin": { "actors": [{ "type": "assessment-platform", "actor-uuid": self.platform }] },
                "facets": facets,
            }],
            "remediations": [{
                "uuid": stable_uuid(&format!("{uuid}/remediation")),
                "lifecycle": "recommendation",
                "title": format!("Remediate {}", one_line(&v.id)),
                "description": fix,
            }],
        });
        if is_cve(&v.id) {
            out["threat-ids"] = json!([{
                "system": "https://www.cve.org",
                "id": format!("https://www.cve.org/CVERecord?id={}", v.id),
            }]);
        }
        out
    }
}

/// OSCAL's objective status for a Rampart status: (state, reason, implementation state).
/// Partially met items are not satisfied (SL-A counts only satisfied ones); not-applicable
/// items are satisfied with reason `other`; not-assessed items are not satisfied with reason
/// `other`, as nobody has shown them met.
fn objective_status(status: Status) -> (&'static str, &'static str, Option<&'static str>) {
    match status {
        Status::Satisfied => ("satisfied", "pass", Some("implemented")),
        Status::Partially => ("not-satisfied", "fail", Some("partial")),
        Status::NotSatisfied => ("not-satisfied", "fail", None),
        Status::NotApplicable => ("satisfied", "other", Some("not-applicable")),
        Status::NotAssessed => ("not-satisfied", "other", None),
    }
}

/// The component's identity within the subject, for risk names.
fn component_key(v: &Vulnerability) -> String {
    v.purl
        .clone()
        .or_else(|| v.bom_ref.clone())
        .unwrap_or_else(|| format!("{}@{}", v.component, v.version.as_deref().unwrap_or("")))
}

fn is_cve(id: &str) -> bool {
    id.strip_prefix("CVE-")
        .and_then(|rest| rest.split_once('-'))
        .is_some_and(|(year, number)| {
            year.len() == 4
                && number.len() >= 4
                && year
                    .bytes()
                    .chain(number.bytes())
                    .all(|b| b.is_ascii_digit())
        })
}

/// The result's properties: readiness, and SL-T, SL-C and SL-A per FR.
fn result_props(results: &AssessmentResults) -> Vec<Value> {
    let r = &results.readiness;
    let mut props = vec![
        prop("readiness-percent", format!("{:.1}", r.percent)),
        prop("required", r.required.to_string()),
        prop("satisfied", r.satisfied.to_string()),
        prop("partially", r.partially.to_string()),
        prop("not-satisfied", r.not_satisfied.to_string()),
        prop("not-applicable", r.not_applicable.to_string()),
        prop("not-assessed", r.not_assessed.to_string()),
    ];
    for l in &results.levels {
        let class = format!("fr{}", l.fr.number());
        let mut push = |name: &str, value: String| {
            let mut p = prop(name, value);
            p["class"] = json!(class);
            props.push(p);
        };
        push("sl-t", l.sl_t.to_string());
        if let Some(c) = l.sl_c {
            push("sl-c", c.to_string());
        }
        push("sl-a", l.sl_a.to_string());
    }
    props
}

fn review_remarks(results: &AssessmentResults) -> String {
    let r = &results.review;
    let mut text = format!("Review state: {}; due {}.", r.state, r.due);
    for change in &r.changes {
        text.push_str(&format!("\n\n- {change}"));
    }
    text
}

/// Back-matter resources for the inputs the run read (path and SHA-256).
fn input_resources(results: &AssessmentResults) -> Vec<Value> {
    let key = subject_key(results);
    let mut seen = HashSet::new();
    results
        .subject
        .artifact
        .iter()
        .chain(&results.inputs)
        .filter(|i| seen.insert((i.role.as_str(), i.path.as_str())))
        .map(|i| {
            let mut rlink = Map::new();
            rlink.insert("href".into(), json!(uri_reference(i.path.trim())));
            if let Some(sha) = &i.sha256 {
                rlink.insert(
                    "hashes".into(),
                    json!([{ "algorithm": "SHA-256", "value": sha }]),
                );
            }
            let mut props = vec![prop("role", i.role.clone())];
            if let Some(size) = i.size {
                props.push(prop("size", size.to_string()));
            }
            json!({
                "uuid": stable_uuid(&format!("rampart/input/{key}/{}/{}", i.role, i.path)),
                "title": format!("{}: {}", i.role, one_line(&i.path)),
                "props": props,
                "rlinks": [Value::Object(rlink)],
            })
        })
        .collect()
}
