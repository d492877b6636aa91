//! The report's charts as inline SVG, one function a chart, each returning a complete
//! `<svg>` element (the HTML report embeds them; the PDF report may too).
//!
//! Every chart has a visible title, axis labels, and an accessible `<title>` and `<desc>`
//! (referenced by `aria-labelledby`), and survives greyscale printing: series differ by
//! pattern or outline as well as colour, and values are written as numbers beside the marks.
//! Pattern ids are prefixed with the chart's id so several charts can share one HTML page.
//! Every text taken from the results is XML-escaped.

mod canvas;
mod compliance;
mod levels;
mod maturity;
mod risk;
mod trend;
mod vulnerabilities;

pub use compliance::compliance_by_fr_svg;
pub use levels::levels_svg;
pub use maturity::{maturity_svg, maturity_svg_titled};
pub use risk::risk_heat_map_svg;
pub use trend::trend_svg;
pub use vulnerabilities::{epss_svg, is_open, vulnerabilities_by_severity_svg};

pub(crate) use canvas::xml_escape;
