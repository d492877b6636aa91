//! Compliance by 4-1 practice: the maturity level each practice reaches (ML 1–4), with its
//! items satisfied.

use rampart_assess::results::PracticeMaturity;

use super::canvas::{Canvas, Fill, fit};

const WIDTH: f64 = 760.0;
const LEFT: f64 = 230.0;
const TOP: f64 = 50.0;
const ROW: f64 = 28.0;
const BAR_H: f64 = 18.0;
const PLOT_W: f64 = 340.0;

/// One bar per practice in `practices`, as long as its maturity level, labelled `ML n`;
/// a practice not yet rated (some item not assessed) shows `not rated` instead of a bar.
/// Each row ends with the practice's satisfied items.
pub fn maturity_svg(practices: &[PracticeMaturity]) -> String {
    maturity_svg_titled(practices, "IEC 62443-4-1 maturity by practice")
}

/// [`maturity_svg`] under another title: the 2-1 elements of an organisation's programme
/// are drawn the same way.
pub fn maturity_svg_titled(practices: &[PracticeMaturity], title: &str) -> String {
    let base = TOP + practices.len() as f64 * ROW;
    let height = base + 50.0;
    let desc = practices
        .iter()
        .map(|p| {
            format!(
                "{}: {}",
                p.practice,
                p.level
                    .map_or_else(|| "not rated".to_owned(), |l| l.to_string())
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut c = Canvas::new(
        "chart-maturity",
        WIDTH,
        height,
        title,
        &format!("Maturity level reached per practice: {desc}."),
    );
    for level in 0..=4u8 {
        let x = LEFT + f64::from(level) * PLOT_W / 4.0;
        c.raw(&format!(
            r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{base:.1}" stroke="#cccccc"/>"##,
            TOP - 4.0
        ));
        c.text(
            x,
            base + 16.0,
            &format!("ML {level}"),
            r#"text-anchor="middle""#,
        );
    }
    for (i, p) in practices.iter().enumerate() {
        let y = TOP + i as f64 * ROW;
        let label = format!("{} {}", p.practice, p.title);
        c.raw(&format!("<g><title>{}</title>", super::xml_escape(&label)));
        c.text(
            LEFT - 8.0,
            y + 14.0,
            // 27 characters fit the 230-unit margin beside the axis title in DejaVu Sans, the
            // widest of the fonts the charts name.
            &fit(&label, 27),
            r#"text-anchor="end""#,
        );
        c.raw("</g>");
        match p.level {
            Some(level) => {
                let w = PLOT_W * f64::from(level.number()) / 4.0;
                c.bar(
                    LEFT,
                    y,
                    w,
                    BAR_H,
                    Fill::Solid("#1f4e79"),
                    &format!("{}: {level} {}", p.practice, level.name()),
                );
                c.text(
                    LEFT + w + 6.0,
                    y + 14.0,
                    &level.to_string(),
                    r#"font-weight="bold""#,
                );
            }
            None => c.text(
                LEFT + 6.0,
                y + 14.0,
                "not rated",
                r##"font-style="italic" fill="#555555""##,
            ),
        }
        c.text(
            LEFT + PLOT_W + 50.0,
            y + 14.0,
            &format!("{}/{} items satisfied", p.satisfied, p.items),
            "",
        );
    }
    c.axis_labels(
        "Maturity level (ML 1 initial … ML 4 improving)",
        LEFT + PLOT_W / 2.0,
        height - 8.0,
        "Practice",
        TOP + (base - TOP) / 2.0,
    );
    c.finish()
}
