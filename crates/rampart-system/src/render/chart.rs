//! The gap chart: per zone, SL-T, SL-C and SL-A as grouped bars across FR 1–7.

use std::fmt::Write as _;

use rampart_catalog::Fr;

use crate::gap::{GapReport, GapStatus};

use super::xml_escape;

const PANEL_W: u32 = 330;
const PANEL_H: u32 = 190;
const PER_ROW: u32 = 3;
const MARGIN: u32 = 20;
const TOP: u32 = 60;
const BAR: u32 = 9;
const PLOT_H: u32 = 120;
const LEVEL_H: u32 = PLOT_H / 4;

const SERIES: [(&str, &str); 3] = [
    ("SL-T", "#1f4e79"),
    ("SL-C", "#e08e0b"),
    ("SL-A", "#2e7d32"),
];

/// What the marks other than full bars mean.
const MARKS_NOTE: &str = "0: level 0 (flat outline)   ?: unknown";

/// Per-zone grouped bar charts of SL-T, SL-C and SL-A across the seven FRs, as SVG.
/// An unknown SL-C or undeclared SL-A is drawn as a "?" marker, and level 0 as a flat outlined
/// bar with a "0" over it: neither is drawn as nothing, and the two never look alike.
#[allow(clippy::many_single_char_names)] // x, y, w, h: drawing coordinates.
pub fn gap_chart_svg(gap: &GapReport) -> String {
    let n = gap.zones.len().max(1) as u32;
    let cols = n.min(PER_ROW);
    let rows = n.div_ceil(PER_ROW);
    let note_x = MARGIN + SERIES.len() as u32 * 80;
    // The canvas holds the title and the legend, however few panels there are.
    let title = format!("{}: security levels per FR", gap.system);
    let width = (2 * MARGIN + cols * PANEL_W)
        .max(note_x + 7 * MARKS_NOTE.chars().count() as u32 + MARGIN)
        .max(2 * MARGIN + 10 * title.chars().count() as u32);
    let height = TOP + rows * PANEL_H + MARGIN;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="11">"#
    );
    let _ = writeln!(
        s,
        "<title>{}: SL-T, SL-C and SL-A per zone</title>",
        xml_escape(&gap.system)
    );
    let _ = writeln!(s, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
    let _ = writeln!(
        s,
        r#"<text x="{MARGIN}" y="22" font-size="15" font-weight="bold">{}</text>"#,
        xml_escape(&title)
    );
    for (i, (label, colour)) in SERIES.iter().enumerate() {
        let x = MARGIN + i as u32 * 80;
        let _ = writeln!(
            s,
            r#"<rect x="{x}" y="34" width="12" height="12" fill="{colour}"/><text x="{}" y="45">{label}</text>"#,
            x + 17
        );
    }
    let _ = writeln!(
        s,
        r##"<text x="{note_x}" y="45" fill="#555">{MARKS_NOTE}</text>"##
    );
    for (zi, z) in gap.zones.iter().enumerate() {
        let px = MARGIN + (zi as u32 % PER_ROW) * PANEL_W;
        let py = TOP + (zi as u32 / PER_ROW) * PANEL_H;
        let base = py + 30 + PLOT_H;
        let left = px + 28;
        let colour = match z.status {
            GapStatus::Met => "#2e7d32",
            GapStatus::Gap => "#c62828",
            GapStatus::Unknown => "#b8860b",
        };
        let _ = writeln!(s, r#"<g id="zone-{zi}">"#);
        let _ = writeln!(
            s,
            r#"<text x="{px}" y="{}" font-weight="bold">{}</text><text x="{}" y="{}" fill="{colour}" text-anchor="end">{}</text>"#,
            py + 14,
            xml_escape(&z.zone),
            px + PANEL_W - 20,
            py + 14,
            z.status.as_str()
        );
        for level in 0..=4u32 {
            let y = base - level * LEVEL_H;
            let _ = writeln!(
                s,
                r##"<line x1="{left}" y1="{y}" x2="{}" y2="{y}" stroke="#ddd"/><text x="{}" y="{}" text-anchor="end" fill="#666">{level}</text>"##,
                left + 7 * 40,
                left - 4,
                y + 4
            );
        }
        for (fi, fr) in Fr::ALL.iter().enumerate() {
            let f = &z.frs[fi];
            let gx = left + 6 + fi as u32 * 40;
            let values = [Some(f.sl_t), f.sl_c, f.sl_a];
            for (si, (v, (label, colour))) in values.iter().zip(SERIES).enumerate() {
                let x = gx + si as u32 * (BAR + 1);
                match v {
                    Some(0) => {
                        let _ = writeln!(
                            s,
                            r#"<g><title>{} {fr} {label} 0</title><rect x="{x}" y="{}" width="{BAR}" height="3" fill="none" stroke="{colour}"/><text x="{}" y="{}" font-size="9" fill="{colour}" text-anchor="middle">0</text></g>"#,
                            xml_escape(&z.zone),
                            base - 3,
                            x + BAR / 2,
                            base - 6
                        );
                    }
                    Some(v) => {
                        let h = u32::from(*v) * LEVEL_H;
                        let _ = writeln!(
                            s,
                            r#"<rect x="{x}" y="{}" width="{BAR}" height="{h}" fill="{colour}"><title>{} {fr} {label} {v}</title></rect>"#,
                            base - h,
                            xml_escape(&z.zone)
                        );
                    }
                    None => {
                        let _ = writeln!(
                            s,
                            r#"<text x="{}" y="{}" font-size="9" fill="{colour}" text-anchor="middle">?<title>{} {fr} {label} unknown</title></text>"#,
                            x + BAR / 2,
                            base - 2,
                            xml_escape(&z.zone)
                        );
                    }
                }
            }
            let _ = writeln!(
                s,
                r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
                gx + 14,
                base + 14,
                fr.abbrev()
            );
        }
        let _ = writeln!(s, "</g>");
    }
    s.push_str("</svg>\n");
    s
}
