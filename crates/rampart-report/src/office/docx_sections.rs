//! The sections of `report.docx` after the executive summary that are tables of the results:
//! subject, levels, maturity, gaps, findings, vulnerabilities, system, trend, review, inputs.

use docx_rs::Docx;
use rampart_assess::AssessmentResults;

use super::docx::{heading, plain, table};
use super::text;
use super::xlsx_sheets::all_inputs;

/// What was assessed, as a two-column table.
pub(super) fn subject(doc: Docx, results: &AssessmentResults) -> Docx {
    let s = &results.subject;
    let mut pairs: Vec<(&str, String)> = vec![("Name", s.name.clone())];
    if let Some(version) = &s.version {
        pairs.push(("Version", version.clone()));
    }
    if let Some(ty) = s.component_type {
        pairs.push(("Component type", ty.as_str().to_owned()));
    }
    if let Some(sl_t) = s.sl_t {
        pairs.push(("SL-T", sl_t.to_string()));
    }
    pairs.push(("Parts in scope", s.parts.join(", ")));
    if let Some(artifact) = &s.artifact {
        let sha = artifact
            .sha256
            .as_deref()
            .map(|h| format!(" (sha256 {h})"))
            .unwrap_or_default();
        pairs.push(("Analysed", format!("{}{sha}", artifact.path)));
    }
    if let Some(p) = &s.placement {
        pairs.push((
            "Placement",
            format!(
                "asset {} in zone {} (zone SL-T {}) of {}",
                p.asset, p.zone, p.zone_sl_t, p.model
            ),
        ));
    }
    let c = &results.components;
    pairs.push((
        "Components",
        format!(
            "{} ({} identified, {} vulnerable); {} ELF files checked, {} weak",
            c.total, c.identified, c.vulnerable, c.elf_files, c.elf_weak
        ),
    ));
    doc.add_paragraph(heading(1, "Subject")).add_table(table(
        &[("Item", 25), ("Value", 75)],
        pairs.into_iter().map(|(k, v)| vec![k.to_owned(), v]),
    ))
}

/// SL-T, SL-C and SL-A per FR with the blocking item and the FR's readiness.
pub(super) fn levels(doc: Docx, results: &AssessmentResults) -> Docx {
    let doc = doc.add_paragraph(heading(1, "Security levels"));
    if results.levels.is_empty() {
        return doc.add_paragraph(plain("No security levels apply to this subject."));
    }
    let rows = results.levels.iter().map(|l| {
        let readiness = results
            .readiness_by_fr
            .iter()
            .find(|r| r.fr == l.fr)
            .map(|r| format!("{:.1}%", r.readiness.percent))
            .unwrap_or_default();
        vec![
            l.fr.to_string(),
            l.sl_t.to_string(),
            l.sl_c.map_or_else(|| "?".into(), |c| c.to_string()),
            l.sl_a.to_string(),
            l.blocking.clone().unwrap_or_default(),
            readiness,
        ]
    });
    doc.add_table(table(
        &[
            ("FR", 12),
            ("SL-T", 12),
            ("SL-C", 12),
            ("SL-A", 12),
            ("Blocking item", 32),
            ("Readiness", 20),
        ],
        rows,
    ))
}

/// 4-1 maturity per practice, when 4-1 is in scope.
pub(super) fn maturity(doc: Docx, results: &AssessmentResults) -> Docx {
    if results.maturity.is_empty() {
        return doc;
    }
    let rows = results.maturity.iter().map(|m| {
        vec![
            m.practice.clone(),
            m.title.clone(),
            m.level
                .map_or_else(|| "not rated".into(), |l| l.to_string()),
            format!("{} of {}", m.satisfied, m.items),
            m.blocking.clone().unwrap_or_default(),
        ]
    });
    doc.add_paragraph(heading(1, "Development process maturity (IEC 62443-4-1)"))
        .add_table(table(
            &[
                ("Practice", 12),
                ("Title", 38),
                ("Level", 14),
                ("Satisfied", 14),
                ("Blocking item", 22),
            ],
            rows,
        ))
}

/// The gap list, most impact first, with why each matters and what to do.
pub(super) fn gaps(doc: Docx, results: &AssessmentResults) -> Docx {
    let doc = doc.add_paragraph(heading(1, "Gaps and remediation"));
    if results.gaps.is_empty() {
        return doc.add_paragraph(plain("No gaps: nothing required at the target is open."));
    }
    let rows = results.gaps.iter().map(|g| {
        let mut why = Vec::new();
        let unlocks = text::unlocks(&g.unlocks);
        if !unlocks.is_empty() {
            why.push(format!("unlocks {unlocks}"));
        }
        if let Some(severity) = g.severity {
            why.push(format!("severity {}", severity.as_str()));
        }
        if g.kev {
            why.push("known exploited".to_owned());
        }
        if let Some(exposure) = &g.exposure {
            why.push(format!("exposure {exposure}"));
        }
        vec![
            g.rank.to_string(),
            format!("{} {}", g.requirement, g.title),
            g.status.as_str().to_owned(),
            why.join("; "),
            g.remediation.clone(),
        ]
    });
    doc.add_table(table(
        &[
            ("#", 5),
            ("Requirement", 27),
            ("Status", 12),
            ("Why it matters", 21),
            ("Remediation", 35),
        ],
        rows,
    ))
}

/// Every finding, most severe first.
pub(super) fn findings(doc: Docx, results: &AssessmentResults) -> Docx {
    let doc = doc.add_paragraph(heading(1, "Findings"));
    if results.findings.is_empty() {
        return doc.add_paragraph(plain("The analyses raised no findings."));
    }
    let rows = results.findings.iter().map(|f| {
        vec![
            f.severity.as_str().to_owned(),
            f.code.clone(),
            format!("{}\n{}", f.title, f.detail),
            f.location.clone(),
            f.requirements.join(", "),
            f.remediation.clone(),
        ]
    });
    doc.add_table(table(
        &[
            ("Severity", 10),
            ("Code", 12),
            ("Finding", 26),
            ("Location", 20),
            ("Requirements", 12),
            ("Remediation", 20),
        ],
        rows,
    ))
}

/// Every vulnerability, highest priority first, with KEV and EPSS.
pub(super) fn vulnerabilities(doc: Docx, results: &AssessmentResults) -> Docx {
    let doc = doc.add_paragraph(heading(1, "Vulnerabilities"));
    if results.vulnerabilities.is_empty() {
        return doc.add_paragraph(plain("No known vulnerability affects the components."));
    }
    let rows = results.vulnerabilities.iter().map(|v| {
        let component = match &v.version {
            Some(version) => format!("{} {version}", v.component),
            None => v.component.clone(),
        };
        vec![
            v.id.clone(),
            component,
            v.severity.as_str().to_owned(),
            v.score.map(|s| format!("{s:.1}")).unwrap_or_default(),
            text::yes_no(v.kev).to_owned(),
            v.epss.map(|e| format!("{e:.3}")).unwrap_or_default(),
            v.status.clone(),
            v.fixed_versions.join(", "),
        ]
    });
    doc.add_table(table(
        &[
            ("ID", 16),
            ("Component", 22),
            ("Severity", 10),
            ("CVSS", 7),
            ("KEV", 6),
            ("EPSS", 8),
            ("Status", 15),
            ("Fixed in", 16),
        ],
        rows,
    ))
}

/// Zones and conduits, when a system model was assessed.
pub(super) fn system(doc: Docx, results: &AssessmentResults) -> Docx {
    let Some(system) = &results.system else {
        return doc;
    };
    let vector = |levels: &[rampart_assess::results::FrLevels], target: bool| {
        let values: Vec<String> = levels
            .iter()
            .map(|l| if target { l.sl_t } else { l.sl_a }.to_string())
            .collect();
        format!("({})", values.join(","))
    };
    let zones = system.zones.iter().map(|z| {
        vec![
            format!("{} {}", z.id, z.name),
            vector(&z.levels, true),
            vector(&z.levels, false),
            format!("{:.1}%", z.readiness.percent),
            z.assets.join(", "),
        ]
    });
    let conduits = system.conduits.iter().map(|c| {
        vec![
            format!("{} {}", c.id, c.name),
            c.zones.join(" ↔ "),
            c.findings.join(", "),
        ]
    });
    doc.add_paragraph(heading(1, &format!("System: {}", system.name)))
        .add_paragraph(heading(2, "Zones"))
        .add_table(table(
            &[
                ("Zone", 25),
                ("SL-T", 15),
                ("SL-A", 15),
                ("Readiness", 12),
                ("Assets", 33),
            ],
            zones,
        ))
        .add_paragraph(heading(2, "Conduits"))
        .add_table(table(
            &[("Conduit", 35), ("Zones", 30), ("Findings", 35)],
            conduits,
        ))
}

/// Readiness and levels across earlier assessments of the same subject.
pub(super) fn trend(doc: Docx, results: &AssessmentResults) -> Docx {
    if results.trend.len() < 2 {
        return doc;
    }
    let rows = results.trend.iter().map(|t| {
        vec![
            t.version.clone(),
            t.generated.clone(),
            format!("{:.1}%", t.percent),
            t.sl_a.to_string(),
            format!("{} ({} KEV)", t.vulnerabilities, t.kev),
        ]
    });
    doc.add_paragraph(heading(1, "Trend")).add_table(table(
        &[
            ("Version", 20),
            ("Assessed", 18),
            ("Readiness", 16),
            ("SL-A", 24),
            ("Vulnerabilities", 22),
        ],
        rows,
    ))
}

/// When the assessment falls due and what changed since the last review.
pub(super) fn review(doc: Docx, results: &AssessmentResults) -> Docx {
    let r = &results.review;
    let last = r.last.as_deref().unwrap_or("never");
    let mut doc = doc
        .add_paragraph(heading(1, "Review"))
        .add_paragraph(plain(&format!(
            "State: {}. Last review: {last}. Next review due: {}.",
            r.state, r.due
        )));
    if !r.changes.is_empty() {
        doc = doc.add_paragraph(plain(&format!(
            "Changed since the last review:\n{}",
            r.changes.join("\n")
        )));
    }
    doc
}

/// The files the run read, with their SHA-256, for provenance.
pub(super) fn inputs(doc: Docx, results: &AssessmentResults) -> Docx {
    let rows = all_inputs(results).map(|i| {
        vec![
            i.role.clone(),
            i.path.clone(),
            i.sha256.clone().unwrap_or_default(),
            i.size.map(|s| s.to_string()).unwrap_or_default(),
        ]
    });
    doc.add_paragraph(heading(1, "Inputs")).add_table(table(
        &[("Role", 14), ("Path", 30), ("SHA-256", 44), ("Size", 12)],
        rows,
    ))
}
