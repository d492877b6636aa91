//! The report's charts as files for the Typst template: the same SVG charts the HTML report
//! inlines ([`crate::charts::report_charts`]), offered as virtual files `charts/NAME.svg`
//! beside the template, and an index `charts.json` mapping each chart present to its path
//! (`{"levels": "/charts/levels.svg", …}`), so a template places a chart with
//! `image(json("charts.json").levels)` and can tell which charts have data.
//!
//! Typst draws SVG with usvg and writes it as vector graphics, text as text. Its SVG text
//! finds fonts by the family names the SVG gives and then the template's own text font; the
//! charts name Helvetica and Arial (for browsers), which a report does not embed, so each
//! chart here names DejaVu Sans first. The chart's labels are then set in the embedded font
//! (and stay extractable) whatever font a user's template chooses.

use rampart_assess::AssessmentResults;

use super::fonts::SANS_FAMILY;
use crate::charts::report_charts;

/// The virtual file listing the charts present, by name.
pub const CHARTS_INDEX: &str = "charts.json";

/// The folder the chart files are offered in.
pub const CHARTS_DIR: &str = "charts";

/// The chart files of `results` and their index, as `(path, bytes)` relative to the
/// template.
pub fn chart_files(results: &AssessmentResults) -> Vec<(String, Vec<u8>)> {
    let charts = report_charts(results);
    // Written by hand to keep the report's order (a serde_json map would sort the names).
    let index = charts
        .iter()
        .map(|(name, _)| {
            format!(
                "{}: {}",
                serde_json::Value::from(*name),
                serde_json::Value::from(format!("/{CHARTS_DIR}/{name}.svg"))
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut files: Vec<(String, Vec<u8>)> = charts
        .into_iter()
        .map(|(name, svg)| (format!("{CHARTS_DIR}/{name}.svg"), in_embedded_font(&svg)))
        .collect();
    files.push((CHARTS_INDEX.to_owned(), format!("{{{index}}}").into_bytes()));
    files
}

/// `svg` with DejaVu Sans first in its first `font-family` (the root element's, which every
/// text inherits).
fn in_embedded_font(svg: &str) -> Vec<u8> {
    svg.replacen(
        "font-family=\"",
        &format!("font-family=\"{SANS_FAMILY}, "),
        1,
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::in_embedded_font;

    #[test]
    fn the_root_font_family_names_dejavu_first() {
        let svg = r#"<svg font-family="Helvetica, Arial, sans-serif"><text font-family="x">a</text></svg>"#;
        assert_eq!(
            String::from_utf8(in_embedded_font(svg)).unwrap(),
            r#"<svg font-family="DejaVu Sans, Helvetica, Arial, sans-serif"><text font-family="x">a</text></svg>"#
        );
    }
}
