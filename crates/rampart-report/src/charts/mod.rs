//! The report's charts as inline SVG, one function a chart, each returning a complete
//! `<svg>` element; [`report_charts`] picks those a report shows (the HTML report inlines
//! them, the PDF report hands them to Typst as files), and [`checked_diagram`] vets the zone
//! diagram the results carry.
//!
//! Every chart has a visible title, axis labels, and an accessible `<title>` and `<desc>`
//! (referenced by `aria-labelledby`), and survives greyscale printing: series differ by
//! pattern or outline as well as colour, and values are written as numbers beside the marks.
//! Pattern ids are prefixed with the chart's id so several charts can share one HTML page.
//! Every text taken from the results is XML-escaped.

mod canvas;
mod compliance;
mod diagram;
mod levels;
mod maturity;
mod risk;
mod set;
mod trend;
mod vulnerabilities;

pub use compliance::compliance_by_fr_svg;
pub use diagram::checked_diagram;
pub use levels::levels_svg;
pub use maturity::{maturity_svg, maturity_svg_titled};
pub use risk::risk_heat_map_svg;
pub use set::report_charts;
pub use trend::trend_svg;
pub use vulnerabilities::{epss_svg, is_open, vulnerabilities_by_severity_svg};

pub(crate) use canvas::xml_escape;
