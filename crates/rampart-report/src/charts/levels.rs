//! SL-T, SL-C and SL-A across FR 1–7: grouped bars, one group an FR.

use rampart_assess::results::FrLevels;

use super::canvas::{Canvas, Fill};

const WIDTH: f64 = 760.0;
const LEFT: f64 = 70.0;
const TOP: f64 = 70.0;
const PLOT_H: f64 = 200.0;
const LEVEL_H: f64 = PLOT_H / 4.0;
const BAR: f64 = 20.0;

/// The three series: name, fill (target solid dark, capability striped, achieved dotted, so
/// they differ in greyscale).
const SERIES: [(&str, Fill); 3] = [
    ("SL-T target", Fill::Solid("#1f4e79")),
    ("SL-C capability", Fill::Stripes("#e08e0b")),
    ("SL-A achieved", Fill::Dots("#4caf50")),
];

/// Grouped bars of SL-T, SL-C and SL-A for each FR in `levels`, with each level written
/// above its bar. Level 0 is a flat outlined bar marked `0`; an unknown SL-C is a `?`.
pub fn levels_svg(levels: &[FrLevels]) -> String {
    let plot_w = WIDTH - LEFT - 20.0;
    let group_w = plot_w / levels.len().max(1) as f64;
    let base = TOP + PLOT_H;
    let height = base + 60.0;
    let short: Vec<String> = levels
        .iter()
        .filter(|l| l.sl_a < l.sl_t)
        .map(|l| l.fr.to_string())
        .collect();
    let desc = format!(
        "Target, capability and achieved security level for each of {} foundational requirements; {}.",
        levels.len(),
        if short.is_empty() {
            "every FR reaches its target".to_owned()
        } else {
            format!("below target: {}", short.join(", "))
        }
    );
    let mut c = Canvas::new(
        "chart-levels",
        WIDTH,
        height,
        "Security levels per FR: target, capability, achieved",
        &desc,
    );
    let legend: Vec<(Fill, &str)> = SERIES.iter().map(|(n, f)| (*f, *n)).collect();
    c.legend(LEFT, 48.0, &legend);
    for level in 0..=4u8 {
        let y = base - f64::from(level) * LEVEL_H;
        c.raw(&format!(
            r##"<line x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#cccccc"/>"##,
            LEFT + plot_w
        ));
        c.text(
            LEFT - 6.0,
            y + 4.0,
            &format!("SL {level}"),
            r#"text-anchor="end""#,
        );
    }
    for (gi, l) in levels.iter().enumerate() {
        let gx = LEFT + gi as f64 * group_w + (group_w - 3.0 * BAR - 4.0) / 2.0;
        let values = [
            Some(l.sl_t.get()),
            l.sl_c.map(rampart_catalog::SecurityLevel::get),
            Some(l.sl_a.get()),
        ];
        for (si, (value, (name, fill))) in values.iter().zip(SERIES).enumerate() {
            let x = gx + si as f64 * (BAR + 2.0);
            let centre = x + BAR / 2.0;
            match value {
                Some(0) => {
                    c.bar(
                        x,
                        base - 3.0,
                        BAR,
                        3.0,
                        fill,
                        &format!("{} {name}: 0", l.fr),
                    );
                    c.text(
                        centre,
                        base - 6.0,
                        "0",
                        r#"text-anchor="middle" font-size="11""#,
                    );
                }
                Some(v) => {
                    let h = f64::from(*v) * LEVEL_H;
                    c.bar(x, base - h, BAR, h, fill, &format!("{} {name}: {v}", l.fr));
                    c.text(
                        centre,
                        base - h - 4.0,
                        &v.to_string(),
                        r#"text-anchor="middle" font-size="11""#,
                    );
                }
                None => c.text(
                    centre,
                    base - 4.0,
                    "?",
                    r#"text-anchor="middle" font-size="13" font-weight="bold""#,
                ),
            }
        }
        let centre = LEFT + (gi as f64 + 0.5) * group_w;
        c.text(
            centre,
            base + 16.0,
            &l.fr.to_string(),
            r#"text-anchor="middle" font-weight="bold""#,
        );
        c.text(
            centre,
            base + 30.0,
            l.fr.abbrev(),
            r##"text-anchor="middle" fill="#555555""##,
        );
    }
    c.axis_labels(
        "Foundational requirement (? = capability unknown)",
        LEFT + plot_w / 2.0,
        height - 8.0,
        "Security level",
        base - PLOT_H / 2.0,
    );
    c.finish()
}

#[cfg(test)]
mod tests {
    use rampart_catalog::{Fr, SecurityLevel};

    use super::*;

    /// Level 0 and an unknown SL-C must both be visible and must not look alike.
    #[test]
    fn level_zero_is_a_flat_bar_and_unknown_capability_a_question_mark() {
        let svg = levels_svg(&[FrLevels {
            fr: Fr::Dc,
            sl_t: SecurityLevel::SL2,
            sl_c: None,
            sl_a: SecurityLevel::SL0,
            blocking: Some("CR 4.1".into()),
        }]);
        assert!(svg.contains("<title>FR4 SL-A achieved: 0</title>"), "{svg}");
        assert!(svg.contains(r#"height="3.0""#));
        assert!(svg.contains(">?</text>"));
        assert!(svg.contains("below target: FR4"));
    }
}
