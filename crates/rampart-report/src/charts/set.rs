//! Which charts a report shows, in one place, so the HTML and the PDF report show the same
//! ones: every chart that has data, under the name templates know it by.

use rampart_assess::AssessmentResults;
use rampart_assess::results::SubjectKind;

use super::{
    checked_diagram, compliance_by_fr_svg, epss_svg, levels_svg, maturity_svg, maturity_svg_titled,
    risk_heat_map_svg, trend_svg, vulnerabilities_by_severity_svg,
};

/// The charts of `results` that have data, as `(name, svg)`, in the report's order:
/// `levels`, `compliance_by_fr`, `maturity`, `risk`, `diagram`, `vulnerabilities`, `epss`,
/// `trend`. The vulnerability charts are always there (an empty chart says "none"); the
/// zone diagram only when the results carry one that passes [`checked_diagram`].
#[must_use]
pub fn report_charts(results: &AssessmentResults) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if !results.levels.is_empty() {
        out.push(("levels", levels_svg(&results.levels)));
    }
    if !results.readiness_by_fr.is_empty() {
        out.push((
            "compliance_by_fr",
            compliance_by_fr_svg(&results.readiness_by_fr),
        ));
    }
    if !results.maturity.is_empty() {
        let svg = if results.subject.kind == SubjectKind::Organisation {
            maturity_svg_titled(
                &results.maturity,
                "IEC 62443-2-1 maturity by programme element",
            )
        } else {
            maturity_svg(&results.maturity)
        };
        out.push(("maturity", svg));
    }
    if let Some(system) = &results.system {
        if !system.risk.likelihoods.is_empty() && !system.risk.consequences.is_empty() {
            out.push(("risk", risk_heat_map_svg(&system.risk)));
        }
        if let Some(diagram) = system.diagram_svg.as_deref().and_then(checked_diagram) {
            out.push(("diagram", diagram.to_owned()));
        }
    }
    out.push((
        "vulnerabilities",
        vulnerabilities_by_severity_svg(&results.vulnerabilities),
    ));
    out.push(("epss", epss_svg(&results.vulnerabilities)));
    if !results.trend.is_empty() {
        out.push(("trend", trend_svg(&results.trend)));
    }
    out
}
