//! Trend across product versions: readiness at SL-T as a line, and open vulnerabilities
//! (with the known-exploited part) as bars, one point a version, oldest first.

use rampart_assess::results::TrendPoint;

use super::canvas::{Canvas, Fill, fit, nice_max};

const WIDTH: f64 = 760.0;
const LEFT: f64 = 80.0;
const PLOT_W: f64 = 640.0;
const PANEL_H: f64 = 130.0;
const TOP: f64 = 70.0;
const PANEL_GAP: f64 = 60.0;

/// Two panels sharing the versions' axis: readiness (%, 0–100, a line with a labelled
/// square marker per version) above, vulnerabilities (bars, KEV part crossed) below.
pub fn trend_svg(trend: &[TrendPoint]) -> String {
    let slot = PLOT_W / trend.len().max(1) as f64;
    let centre = |i: usize| LEFT + (i as f64 + 0.5) * slot;
    let top_base = TOP + PANEL_H;
    let low_top = top_base + PANEL_GAP;
    let low_base = low_top + PANEL_H;
    let height = low_base + 62.0;
    let desc = trend
        .iter()
        .map(|p| {
            format!(
                "{} ({}): {:.1} % ready, {} vulnerabilities, {} known exploited",
                p.version, p.generated, p.percent, p.vulnerabilities, p.kev
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut c = Canvas::new(
        "chart-trend",
        WIDTH,
        height,
        "Trend across product versions",
        &format!("{desc}."),
    );
    c.text(
        LEFT,
        TOP - 24.0,
        "Readiness at SL-T",
        r#"font-weight="bold""#,
    );
    for tick in 0..=4u32 {
        let y = top_base - PANEL_H * f64::from(tick) / 4.0;
        c.raw(&format!(
            r##"<line x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#cccccc"/>"##,
            LEFT + PLOT_W
        ));
        c.text(
            LEFT - 6.0,
            y + 4.0,
            &format!("{} %", tick * 25),
            r#"text-anchor="end""#,
        );
    }
    let points: Vec<(f64, f64)> = trend
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                centre(i),
                top_base - PANEL_H * p.percent.clamp(0.0, 100.0) / 100.0,
            )
        })
        .collect();
    if points.len() > 1 {
        let path = points
            .iter()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect::<Vec<_>>()
            .join(" ");
        c.raw(&format!(
            r##"<polyline points="{path}" fill="none" stroke="#1f4e79" stroke-width="2.5"/>"##
        ));
    }
    for (p, (x, y)) in trend.iter().zip(&points) {
        c.bar(
            x - 4.0,
            y - 4.0,
            8.0,
            8.0,
            Fill::Solid("#1f4e79"),
            &format!("{}: {:.1} %", p.version, p.percent),
        );
        c.text(
            *x,
            y - 9.0,
            &format!("{:.1} %", p.percent),
            r#"text-anchor="middle" font-size="11" font-weight="bold""#,
        );
    }
    c.text(
        LEFT,
        low_top - 24.0,
        "Vulnerabilities (crossed: known exploited)",
        r#"font-weight="bold""#,
    );
    let top = nice_max(trend.iter().map(|p| p.vulnerabilities).max().unwrap_or(0));
    for tick in 0..=4usize {
        let y = low_base - PANEL_H * tick as f64 / 4.0;
        c.raw(&format!(
            r##"<line x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#cccccc"/>"##,
            LEFT + PLOT_W
        ));
        c.text(
            LEFT - 6.0,
            y + 4.0,
            &(top * tick / 4).to_string(),
            r#"text-anchor="end""#,
        );
    }
    let bar_w = (slot * 0.5).min(50.0);
    for (i, p) in trend.iter().enumerate() {
        let x = centre(i) - bar_w / 2.0;
        let h = PANEL_H * p.vulnerabilities as f64 / top as f64;
        let kev_h = PANEL_H * p.kev.min(p.vulnerabilities) as f64 / top as f64;
        if h > kev_h {
            c.bar(
                x,
                low_base - h,
                bar_w,
                h - kev_h,
                Fill::Solid("#9e9e9e"),
                &format!("{}: {} vulnerabilities", p.version, p.vulnerabilities),
            );
        }
        if kev_h > 0.0 {
            c.bar(
                x,
                low_base - kev_h,
                bar_w,
                kev_h,
                Fill::Cross("#4a0000"),
                &format!("{}: {} known exploited", p.version, p.kev),
            );
        }
        let above = if p.kev > 0 {
            format!("{} ({} KEV)", p.vulnerabilities, p.kev)
        } else {
            p.vulnerabilities.to_string()
        };
        c.text(
            centre(i),
            low_base - h - 5.0,
            &above,
            r#"text-anchor="middle" font-size="11""#,
        );
        c.text(
            centre(i),
            low_base + 16.0,
            &fit(&p.version, 16),
            r#"text-anchor="middle" font-weight="bold""#,
        );
        c.text(
            centre(i),
            low_base + 30.0,
            &p.generated,
            r##"text-anchor="middle" font-size="10" fill="#555555""##,
        );
    }
    c.axis_labels(
        "Product version (date of assessment)",
        LEFT + PLOT_W / 2.0,
        height - 8.0,
        "Readiness (%) · vulnerabilities",
        TOP + (low_base - TOP) / 2.0,
    );
    c.finish()
}
