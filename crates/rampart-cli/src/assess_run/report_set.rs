//! The report set: every file written for one assessment's results, and the summary printed
//! once they are written.

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;
use rampart_assess::results::{AssessmentResults, SubjectKind};

/// What the report set needs beyond the results: the scan and components (for VEX) and the
/// product's SBOM when it was derived from an image.
pub struct Extras<'a> {
    /// The scan, when one ran.
    pub scan: Option<&'a rampart_advisory::ScanReport>,
    /// The components scanned.
    pub components: &'a [rampart_sbom::Component],
    /// The SBOM derived from the image.
    pub sbom: Option<rampart_sbom::Sbom>,
}

impl Extras<'_> {
    /// Nothing beyond the results: a system or an organisation.
    pub const NONE: Extras<'static> = Extras {
        scan: None,
        components: &[],
        sbom: None,
    };
}

/// Writes every file of the report set into `dir` and returns their names and sizes, in
/// the order written. Exports that do not apply to the subject are left out: the OSCAL
/// component definition is a product's; SARIF locates findings and gaps in an artifact,
/// which an organisation's programme does not have; the CSAF advisory, VEX and SBOM need
/// vulnerabilities, a scan and an analysed image. Each file is written whole to a temporary name, then renamed, so an
/// interrupted run never leaves a half-written report beside good ones.
pub fn write_report_set(
    results: &AssessmentResults,
    extras: &Extras<'_>,
    dir: &Path,
    templates: Option<&Path>,
) -> anyhow::Result<Vec<(String, u64)>> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create the output folder", dir.display()))?;
    let mut written = Vec::new();
    let mut put = |name: &str, bytes: &[u8]| -> anyhow::Result<()> {
        let path = dir.join(name);
        let tmp = dir.join(format!(".{name}.tmp"));
        std::fs::write(&tmp, bytes).with_context(|| format!("{}: cannot write", tmp.display()))?;
        std::fs::rename(&tmp, &path)
            .with_context(|| format!("{}: cannot write", path.display()))?;
        written.push((name.to_owned(), bytes.len() as u64));
        Ok(())
    };
    let json = |v: &serde_json::Value| -> anyhow::Result<Vec<u8>> {
        let mut text = serde_json::to_vec_pretty(v)?;
        text.push(b'\n');
        Ok(text)
    };
    let mut results_json = serde_json::to_vec_pretty(results)?;
    results_json.push(b'\n');
    put("results.json", &results_json)?;
    put(
        "report.html",
        rampart_report::render_html(results, templates)?.as_bytes(),
    )?;
    #[cfg(feature = "pdf")]
    put(
        "report.pdf",
        &rampart_report::render_pdf(
            results,
            templates
                .map(|t| t.join("report.typ"))
                .as_deref()
                .filter(|p| p.is_file()),
        )?,
    )?;
    put("requirements.xlsx", &rampart_report::render_xlsx(results)?)?;
    put("report.docx", &rampart_report::render_docx(results)?)?;
    put(
        "assessment-results.oscal.json",
        &json(&rampart_report::export::oscal_assessment_results(results))?,
    )?;
    if results.subject.kind == SubjectKind::Product {
        put(
            "component-definition.oscal.json",
            &json(&rampart_report::export::oscal_component_definition(results))?,
        )?;
    }
    if results.subject.kind != SubjectKind::Organisation {
        put(
            "findings.sarif",
            &json(&rampart_report::export::sarif(results))?,
        )?;
    }
    if let Some(advisory) = rampart_report::export::csaf_advisory(
        results,
        &rampart_report::export::CsafPublisher::default(),
    ) {
        put("advisory.csaf.json", &json(&advisory)?)?;
    }
    if let Some(scan) = extras.scan {
        let document = rampart_advisory::matching::analysis::to_vex(
            scan,
            extras.components,
            rampart_advisory::vex::VexFormat::CycloneDx,
            "Rampart",
            &format!("{}T00:00:00Z", results.generated),
        );
        let mut text =
            rampart_advisory::vex::write(&document, rampart_advisory::vex::VexFormat::CycloneDx);
        if !text.ends_with('\n') {
            text.push('\n');
        }
        put("vex.cdx.json", text.as_bytes())?;
    }
    if let Some(sbom) = &extras.sbom {
        let text = rampart_sbom::write(sbom, rampart_sbom::OutputFormat::CycloneDxJson);
        put("sbom.cdx.json", text.as_bytes())?;
    }
    Ok(written)
}

/// The summary printed when the set is written: levels (maturity for an organisation),
/// readiness, the first gaps, counts, the files and where they are, and how long each step
/// took.
pub(super) fn summary(
    results: &AssessmentResults,
    written: &[(String, u64)],
    dir: &Path,
    timings: &[(&'static str, std::time::Duration)],
    total: std::time::Duration,
    width: Option<u16>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let subject = &results.subject;
    writeln!(
        out,
        "{} {}{}",
        match subject.kind {
            SubjectKind::Product => "Product",
            SubjectKind::System => "System",
            SubjectKind::Organisation => "Organisation",
        },
        subject.name,
        subject
            .version
            .as_ref()
            .map(|v| format!(" {v}"))
            .unwrap_or_default()
    )?;
    if subject.kind == SubjectKind::Organisation {
        maturity_lines(results, out)?;
    } else {
        level_lines(results, out)?;
    }
    let r = &results.readiness;
    writeln!(
        out,
        "  readiness {:.1}%: {} of {} required items satisfied ({} partially, {} not satisfied, {} not applicable, {} not assessed)",
        r.percent,
        r.satisfied,
        r.required,
        r.partially,
        r.not_satisfied,
        r.not_applicable,
        r.not_assessed
    )?;
    if subject.kind == SubjectKind::Organisation {
        writeln!(
            out,
            "  review {} (due {})",
            results.review.state, results.review.due
        )?;
    } else {
        counts_line(results, out)?;
    }
    gap_table(results, width, out)?;
    writeln!(out, "Wrote {} files to {}:", written.len(), dir.display())?;
    for (name, size) in written {
        writeln!(out, "  {name} ({size} bytes)")?;
    }
    let steps: Vec<String> = timings
        .iter()
        .map(|(name, d)| format!("{name} {:.2} s", d.as_secs_f64()))
        .collect();
    writeln!(
        out,
        "Done in {:.2} s ({}).",
        total.as_secs_f64(),
        steps.join("; ")
    )?;
    Ok(())
}

/// SL-T, SL-C and SL-A across FR 1–7 (a product or a system).
fn level_lines(results: &AssessmentResults, out: &mut dyn Write) -> anyhow::Result<()> {
    let vector = |f: &dyn Fn(&rampart_assess::results::FrLevels) -> String| {
        results.levels.iter().map(f).collect::<Vec<_>>().join(",")
    };
    writeln!(out, "  SL-T ({})", vector(&|l| l.sl_t.get().to_string()))?;
    writeln!(
        out,
        "  SL-C ({})",
        vector(&|l| l.sl_c.map_or("-".to_owned(), |c| c.get().to_string()))
    )?;
    writeln!(out, "  SL-A ({})", vector(&|l| l.sl_a.get().to_string()))?;
    Ok(())
}

/// The maturity level per 2-1 element (an organisation has no SL vector): `ML2`, or `-`
/// while an item of the element is not assessed.
fn maturity_lines(results: &AssessmentResults, out: &mut dyn Write) -> anyhow::Result<()> {
    let levels: Vec<String> = results
        .maturity
        .iter()
        .map(|m| {
            format!(
                "{} {}",
                m.practice,
                m.level.map_or("-".to_owned(), |l| l.to_string())
            )
        })
        .collect();
    if !levels.is_empty() {
        writeln!(out, "  maturity: {}", levels.join(", "))?;
    }
    Ok(())
}

/// Components, findings, vulnerabilities and the review state.
fn counts_line(results: &AssessmentResults, out: &mut dyn Write) -> anyhow::Result<()> {
    let open = results
        .vulnerabilities
        .iter()
        .filter(|v| v.status == "affected")
        .count();
    let kev = results
        .vulnerabilities
        .iter()
        .filter(|v| v.status == "affected" && v.kev)
        .count();
    writeln!(
        out,
        "  {} components, {} findings, {} affecting vulnerabilities ({} known exploited); review {} (due {})",
        results.components.total,
        results.findings.len(),
        open,
        kev,
        results.review.state,
        results.review.due
    )?;
    Ok(())
}

/// The first five gaps, and how many more the report lists.
fn gap_table(
    results: &AssessmentResults,
    width: Option<u16>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if results.gaps.is_empty() {
        return Ok(());
    }
    let mut table = crate::output::table(&["#", "Gap", "Status", "Why"], width);
    for g in results.gaps.iter().take(5) {
        let why = match (&g.severity, g.kev, g.unlocks.first()) {
            (_, true, _) => "known-exploited vulnerability".to_owned(),
            (_, _, Some(u)) => format!("unlocks {} SL {}", u.fr.abbrev(), u.to.get()),
            (Some(s), _, _) => format!("{} finding", s.as_str()),
            _ if results.subject.kind == SubjectKind::Organisation => "required by 2-1".to_owned(),
            _ => "required at SL-T".to_owned(),
        };
        table.add_row(vec![
            g.rank.to_string(),
            format!("{} {}", g.requirement, g.title),
            g.status.as_str().to_owned(),
            why,
        ]);
    }
    writeln!(out, "{}", crate::output::draw(table))?;
    if results.gaps.len() > 5 {
        writeln!(
            out,
            "… and {} more gaps in the report",
            results.gaps.len() - 5
        )?;
    }
    Ok(())
}
