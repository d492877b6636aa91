//! The zone and conduit drawing (ZCR 6.3): zones as boxes listing their assets, conduits as
//! lines, each zone coloured by its gap status, and a legend of every mark used. SVG is laid
//! out here (rows by Purdue level when zones give one, else a square grid); DOT leaves
//! layout to Graphviz.

mod conduits;
mod dot;
mod layout;
mod legend;

use std::fmt::Write as _;

use crate::gap::{GapReport, GapStatus};
use crate::model::{Asset, SystemModel};

use super::xml_escape;

pub use dot::diagram_dot;

use conduits::{LABEL_SIZE, draw_conduits};
use layout::{BOX_W, HEADER_H, LINE_H, Layout, MARGIN, MAX_LISTED, TITLE_CHARS};
use legend::{LEGEND_SIZE, Swatch};

/// Font size of the asset lines and the zone's second line.
const SMALL_SIZE: f64 = 11.0;

/// Fill and stroke colours of a gap status.
fn colours(status: Option<GapStatus>) -> (&'static str, &'static str) {
    match status {
        Some(GapStatus::Met) => ("#d4edda", "#2e7d32"),
        Some(GapStatus::Gap) => ("#f8d7da", "#c62828"),
        Some(GapStatus::Unknown) | None => ("#fff3cd", "#b8860b"),
    }
}

fn status_of(gap: &GapReport, zone: usize) -> Option<GapStatus> {
    gap.zones.get(zone).map(|z| z.status)
}

/// An asset's flags as the legend explains them: ` [S] [W] [X] [T]`, those that apply.
fn flags(a: &Asset) -> String {
    let mut marks = String::new();
    for (on, m) in [
        (a.safety_related, " [S]"),
        (a.wireless, " [W]"),
        (a.externally_reachable, " [X]"),
        (a.temporarily_connected, " [T]"),
    ] {
        if on {
            marks.push_str(m);
        }
    }
    marks
}

/// `text` cut to `max` characters with an ellipsis, so it stays inside its box.
fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// How many characters of `size` px text fit in a box line.
fn box_chars(size: f64) -> usize {
    // Helvetica averages about half an em a character.
    let chars = ((BOX_W - 20.0) / (size * 0.52)).floor();
    // A positive number of a few dozen: the conversion is exact.
    #[allow(clippy::cast_sign_loss)]
    let chars = chars.clamp(0.0, 1000.0) as usize;
    chars
}

fn write_legend(s: &mut String, layout: &Layout) {
    let _ = writeln!(s, r#"<g id="legend">"#);
    for placed in &layout.legend {
        let (x, y) = (placed.x, placed.y);
        match placed.item.swatch {
            Swatch::Zone(status) => {
                let (fill, stroke) = colours(Some(status));
                let _ = write!(
                    s,
                    r#"<rect x="{x}" y="{}" width="14" height="14" fill="{fill}" stroke="{stroke}"/>"#,
                    y - 12.0
                );
            }
            Swatch::Conduit { dashed } => {
                let dash = if dashed {
                    r#" stroke-dasharray="6 4""#
                } else {
                    ""
                };
                let _ = write!(
                    s,
                    r##"<line x1="{x}" y1="{ly}" x2="{}" y2="{ly}" stroke="#444" stroke-width="2"{dash}/>"##,
                    x + 30.0,
                    ly = y - 5.0
                );
            }
            Swatch::None => {}
        }
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{y}">{}</text>"#,
            x + placed.item.swatch_width(),
            xml_escape(placed.item.text)
        );
    }
    let _ = writeln!(s, "</g>");
}

/// The zones, assets and conduits as SVG.
#[allow(clippy::many_single_char_names)] // s, r, x, y: the output and drawing coordinates.
pub fn diagram_svg(model: &SystemModel, gap: &GapReport) -> String {
    let layout = Layout::of(model);
    let drawn = draw_conduits(model, &layout);
    // The canvas holds the boxes, the arcs dipping under the last row and every label.
    let labels_right = drawn.iter().map(|c| c.label.right()).fold(0.0, f64::max);
    let labels_bottom = drawn.iter().map(|c| c.label.bottom()).fold(0.0, f64::max);
    let width = layout.width.max(labels_right + MARGIN).ceil();
    let height = (layout.boxes_bottom + 80.0)
        .max(labels_bottom + MARGIN)
        .ceil();

    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="{LEGEND_SIZE}">"#
    );
    let _ = writeln!(
        s,
        "<title>{}: zones and conduits</title>",
        xml_escape(&model.system().name)
    );
    let _ = writeln!(s, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
    let _ = writeln!(
        s,
        r#"<text x="{MARGIN}" y="{}" font-size="16" font-weight="bold">{}</text>"#,
        MARGIN + 4.0,
        xml_escape(&fit(&model.system().name, TITLE_CHARS))
    );
    write_legend(&mut s, &layout);

    // Conduit lines first, so boxes hide the parts inside them.
    let _ = writeln!(s, "<g id=\"conduits\">");
    for (c, d) in model.conduits().iter().zip(&drawn) {
        let dash = if c.boundary_devices.is_empty() {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        let _ = writeln!(
            s,
            r##"<path d="{}" fill="none" stroke="#444" stroke-width="2"{dash}><title>{}</title></path>"##,
            d.route.svg_d(),
            xml_escape(&c.id)
        );
    }
    let _ = writeln!(s, "</g>");

    let _ = writeln!(s, "<g id=\"zones\">");
    for (zi, z) in model.zones().iter().enumerate() {
        let r = layout.place[zi];
        let (x, y) = (r.x, r.y);
        let (fill, stroke) = colours(status_of(gap, zi));
        let status = status_of(gap, zi).map_or("", GapStatus::as_str);
        let _ = writeln!(s, r#"<g id="zone-{zi}">"#);
        let _ = writeln!(
            s,
            r#"<rect x="{x}" y="{y}" width="{BOX_W}" height="{}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="2"><title>{} ({status})</title></rect>"#,
            r.h,
            xml_escape(&z.id)
        );
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" font-weight="bold">{}</text>"#,
            x + 8.0,
            y + 17.0,
            // Bold text: fewer characters than regular text fit.
            xml_escape(&fit(&z.name, box_chars(LEGEND_SIZE * 1.15)))
        );
        // `id SL-T(…) · status`, a size smaller when a long id needs it; an id is cut only
        // when even that is too narrow.
        let rest = format!(" SL-T{} · {status}", z.sl_t);
        let len = z.id.chars().count() + rest.chars().count();
        let size = if len > box_chars(SMALL_SIZE) {
            SMALL_SIZE - 1.0
        } else {
            SMALL_SIZE
        };
        let id_room = box_chars(size).saturating_sub(rest.chars().count());
        let _ = writeln!(
            s,
            r##"<text x="{}" y="{}" font-size="{size}" fill="#333">{}{rest}</text>"##,
            x + 8.0,
            y + 33.0,
            xml_escape(&fit(&z.id, id_room.max(8))),
        );
        for (i, a) in z.assets.iter().take(MAX_LISTED).enumerate() {
            let a = &model.assets()[*a];
            // `• name (ED) [S]`: the name gives way to the type and flags.
            let tail = format!(" ({}){}", a.kind.abbrev(), flags(a));
            let room = box_chars(SMALL_SIZE).saturating_sub(2 + tail.chars().count());
            let _ = writeln!(
                s,
                r#"<text x="{}" y="{}" font-size="{SMALL_SIZE}">• {}{tail}</text>"#,
                x + 12.0,
                y + HEADER_H + 12.0 + LINE_H * i as f64,
                xml_escape(&fit(&a.name, room)),
            );
        }
        if z.assets.len() > MAX_LISTED {
            let _ = writeln!(
                s,
                r##"<text x="{}" y="{}" font-size="{SMALL_SIZE}" fill="#555">… and {} more</text>"##,
                x + 12.0,
                y + HEADER_H + 12.0 + LINE_H * MAX_LISTED as f64,
                z.assets.len() - MAX_LISTED
            );
        }
        let _ = writeln!(s, "</g>");
    }
    let _ = writeln!(s, "</g>");

    // Conduit labels last, on top of everything.
    let _ = writeln!(s, "<g id=\"conduit-labels\" font-size=\"{LABEL_SIZE}\">");
    for (c, d) in model.conduits().iter().zip(&drawn) {
        let r = d.label;
        let _ = writeln!(
            s,
            r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#ffffff" stroke="#888" rx="3"/><text x="{}" y="{}" text-anchor="middle">{}</text>"##,
            r.x,
            r.y,
            r.w,
            r.h,
            r.centre_x(),
            r.y + 10.0,
            xml_escape(&c.id)
        );
    }
    let _ = writeln!(s, "</g>");
    s.push_str("</svg>\n");
    s
}
