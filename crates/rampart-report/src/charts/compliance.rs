//! Compliance by FR: for each FR, its required items split by status, as 100 % stacked bars.

use rampart_assess::results::{FrReadiness, Readiness, Status};

use super::canvas::{Canvas, Fill, text_width};

const WIDTH: f64 = 760.0;
const LEFT: f64 = 110.0;
const TOP: f64 = 72.0;
const ROW: f64 = 30.0;
const BAR_H: f64 = 20.0;
const PLOT_W: f64 = 460.0;

/// How each status is drawn: solid, striped, crossed, plain light grey and dotted white
/// differ in greyscale as well as in colour.
pub(crate) fn status_fill(status: Status) -> Fill {
    match status {
        Status::Satisfied => Fill::Solid("#2e7d32"),
        Status::Partially => Fill::Stripes("#e08e0b"),
        Status::NotSatisfied => Fill::Cross("#c62828"),
        Status::NotApplicable => Fill::Solid("#d0d0d0"),
        Status::NotAssessed => Fill::Dots("#ffffff"),
    }
}

/// A status in words, for legends and tooltips.
pub(crate) fn status_words(status: Status) -> &'static str {
    match status {
        Status::Satisfied => "satisfied",
        Status::Partially => "partially",
        Status::NotSatisfied => "not satisfied",
        Status::NotApplicable => "not applicable",
        Status::NotAssessed => "not assessed",
    }
}

fn count(r: &Readiness, status: Status) -> usize {
    match status {
        Status::Satisfied => r.satisfied,
        Status::Partially => r.partially,
        Status::NotSatisfied => r.not_satisfied,
        Status::NotApplicable => r.not_applicable,
        Status::NotAssessed => r.not_assessed,
    }
}

/// One 100 % stacked bar per FR in `by_fr`: the share of its required items in each status,
/// with the count written in each segment wide enough for it and the readiness percentage
/// at the bar's end.
#[allow(clippy::many_single_char_names)] // c, r, x, y, w, n: the canvas, drawing coordinates and counts.
pub fn compliance_by_fr_svg(by_fr: &[FrReadiness]) -> String {
    let base = TOP + by_fr.len() as f64 * ROW;
    let height = base + 50.0;
    let desc = by_fr
        .iter()
        .map(|f| {
            format!(
                "{}: {} of {} required items satisfied ({:.1} %)",
                f.fr, f.readiness.satisfied, f.readiness.required, f.readiness.percent
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut c = Canvas::new(
        "chart-compliance-fr",
        WIDTH,
        height,
        "Compliance by FR: required items by status",
        &format!("{desc}."),
    );
    let legend: Vec<(Fill, &str)> = Status::ALL
        .iter()
        .map(|&s| (status_fill(s), status_words(s)))
        .collect();
    c.legend(LEFT - 80.0, 48.0, &legend);
    for tick in 0..=4u32 {
        let x = LEFT + f64::from(tick) * PLOT_W / 4.0;
        c.raw(&format!(
            r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{base:.1}" stroke="#cccccc"/>"##,
            TOP - 4.0
        ));
        c.text(
            x,
            base + 16.0,
            &format!("{} %", tick * 25),
            r#"text-anchor="middle""#,
        );
    }
    for (i, f) in by_fr.iter().enumerate() {
        let y = TOP + i as f64 * ROW;
        let r = &f.readiness;
        c.text(
            LEFT - 8.0,
            y + 15.0,
            &format!("{} {}", f.fr, f.fr.abbrev()),
            r#"text-anchor="end""#,
        );
        let mut x = LEFT;
        for status in Status::ALL {
            let n = count(r, status);
            if n == 0 || r.required == 0 {
                continue;
            }
            let w = PLOT_W * n as f64 / r.required as f64;
            c.bar(
                x,
                y,
                w,
                BAR_H,
                status_fill(status),
                &format!("{}: {n} {}", f.fr, status_words(status)),
            );
            let label = n.to_string();
            if text_width(&label, 11.0) + 6.0 <= w {
                c.raw(&format!(
                    r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="13" fill="#ffffff" opacity="0.85"/>"##,
                    x + w / 2.0 - text_width(&label, 11.0) / 2.0 - 2.0,
                    y + 3.5,
                    text_width(&label, 11.0) + 4.0
                ));
                c.text(
                    x + w / 2.0,
                    y + 14.0,
                    &label,
                    r#"text-anchor="middle" font-size="11""#,
                );
            }
            x += w;
        }
        c.text(
            LEFT + PLOT_W + 8.0,
            y + 15.0,
            &format!("{}/{} ({:.1} %)", r.satisfied, r.required, r.percent),
            "",
        );
    }
    c.axis_labels(
        "Share of the items required at SL-T",
        LEFT + PLOT_W / 2.0,
        height - 8.0,
        "FR",
        TOP + (base - TOP) / 2.0,
    );
    c.finish()
}
