//! The zone and conduit drawing (ZCR 6.3): zones as boxes listing their assets, conduits as
//! lines, each zone coloured by its gap status. SVG is laid out here (rows by Purdue level
//! when zones give one, else a square grid); DOT leaves layout to Graphviz.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::gap::{GapReport, GapStatus};
use crate::model::SystemModel;

use super::{dot_escape, xml_escape};

const BOX_W: u32 = 280;
const COL_GAP: u32 = 80;
const ROW_GAP: u32 = 120;
const LINE_H: u32 = 15;
const HEADER_H: u32 = 44;
const MAX_LISTED: usize = 12;
const MARGIN: u32 = 30;
const LEGEND_H: u32 = 60;

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

/// Rows of zone indexes, top first.
fn rows(model: &SystemModel) -> Vec<Vec<usize>> {
    let n = model.zones().len();
    if model.zones().iter().any(|z| z.level.is_some()) {
        // Higher Purdue levels (enterprise) on top; zones without a level at the bottom.
        let mut by_level: BTreeMap<std::cmp::Reverse<Option<u8>>, Vec<usize>> = BTreeMap::new();
        for (i, z) in model.zones().iter().enumerate() {
            by_level
                .entry(std::cmp::Reverse(z.level))
                .or_default()
                .push(i);
        }
        by_level.into_values().collect()
    } else {
        // The smallest square grid that holds every zone.
        let mut cols = n.isqrt().max(1);
        if cols * cols < n {
            cols += 1;
        }
        (0..n)
            .collect::<Vec<_>>()
            .chunks(cols)
            .map(<[usize]>::to_vec)
            .collect()
    }
}

fn box_height(model: &SystemModel, zone: usize) -> u32 {
    let n = model.zones()[zone].assets.len();
    let lines = n.min(MAX_LISTED) + usize::from(n > MAX_LISTED);
    HEADER_H + LINE_H * lines as u32 + 10
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

/// Where the boxes are: `place[zone] = (x, y, h)`, and per row its zones, top and bottom.
struct Layout<'a> {
    place: &'a [(u32, u32, u32)],
    rows: &'a [Vec<usize>],
    row_of: Vec<usize>,
    row_bottom: Vec<u32>,
}

impl Layout<'_> {
    /// An x between or beside the boxes of rows `from..to`, nearest to `want`, so that a
    /// vertical line there crosses none of them.
    fn free_lane(&self, from: usize, to: usize, want: u32) -> u32 {
        let blocked = |x: u32| {
            self.rows[from..to].iter().flatten().any(|z| {
                let bx = self.place[*z].0;
                x + 10 > bx && x < bx + BOX_W + 10
            })
        };
        let mut candidates = vec![MARGIN / 2];
        for z in self.rows[from..to].iter().flatten() {
            let bx = self.place[*z].0;
            candidates.push(bx.saturating_sub(COL_GAP / 2));
            candidates.push(bx + BOX_W + COL_GAP / 2);
        }
        candidates
            .into_iter()
            .filter(|x| !blocked(*x))
            .min_by_key(|x| x.abs_diff(want))
            .unwrap_or(MARGIN / 2)
    }
}

/// Per conduit, an SVG path and the point for its label. Zones in adjacent rows are joined
/// from the bottom of the upper row to the top edge of the lower box (anchors spread so
/// parallel conduits stay apart); zones rows apart by an orthogonal route down a free lane
/// beside the boxes in between (its label turned to run along the lane); zones in one row
/// by an arc that dips under the row. No conduit runs through a zone it does not join.
fn conduit_paths(model: &SystemModel, layout: &Layout<'_>) -> Vec<(String, (u32, u32), bool)> {
    let place = layout.place;
    let mut used = vec![0u32; place.len()];
    let mut anchor = |z: usize| {
        let n = used[z];
        used[z] += 1;
        // centre, +28, -28, +56, -56, … capped inside the box.
        let step = (n.div_ceil(2) * 28).min(BOX_W / 2 - 12);
        let centre = place[z].0 + BOX_W / 2;
        if n % 2 == 1 {
            centre + step
        } else {
            centre - step
        }
    };
    let mut arcs = 0u32;
    let mut lanes = 0u32;
    model
        .conduits()
        .iter()
        .map(|c| {
            let [a, b] = c.zones;
            let (ra, rb) = (layout.row_of[a], layout.row_of[b]);
            if ra == rb {
                let (_, ya, ha) = place[a];
                let (_, yb, hb) = place[b];
                let (x1, x2) = (anchor(a), anchor(b));
                let (y1, y2) = (ya + ha, yb + hb);
                let dip = layout.row_bottom[ra] + 30 + (arcs % 4) * 12;
                arcs += 1;
                let d = format!("M {x1} {y1} C {x1} {dip} {x2} {dip} {x2} {y2}");
                // A cubic with both control points at `dip` reaches 3/4 of the way there.
                let label_y = (y1.midpoint(y2) + 3 * dip) / 4;
                return (d, (x1.midpoint(x2), label_y), false);
            }
            let (upper, lower) = if ra < rb { (a, b) } else { (b, a) };
            let (ru, rl) = (ra.min(rb), ra.max(rb));
            let (x1, x2) = (anchor(upper), anchor(lower));
            let (_, yu, hu) = place[upper];
            let y0 = yu + hu;
            // Leave the upper row straight down, below its tallest box.
            let y1 = layout.row_bottom[ru] + 8;
            let yl = place[lower].1;
            if rl == ru + 1 {
                let d = format!("M {x1} {y0} L {x1} {y1} L {x2} {yl}");
                return (d, (x1.midpoint(x2), y1.midpoint(yl)), false);
            }
            let lane = layout.free_lane(ru + 1, rl, x1.midpoint(x2)) + (lanes % 3) * 6;
            lanes += 1;
            let turn_down = y1 + 12 + (lanes % 3) * 6;
            let turn_in = yl.saturating_sub(ROW_GAP / 3);
            let d = format!(
                "M {x1} {y0} L {x1} {turn_down} L {lane} {turn_down} L {lane} {turn_in} L {x2} {turn_in} L {x2} {yl}"
            );
            // The label runs up the lane, which is free of boxes but too narrow for level text.
            (d, (lane, turn_down.midpoint(turn_in)), true)
        })
        .collect()
}

/// The zones, assets and conduits as SVG.
#[allow(clippy::many_single_char_names)] // x, y, w, h: drawing coordinates.
pub fn diagram_svg(model: &SystemModel, gap: &GapReport) -> String {
    let rows = rows(model);
    let widest = rows.iter().map(Vec::len).max().unwrap_or(1) as u32;
    let width = 2 * MARGIN + widest * BOX_W + widest.saturating_sub(1) * COL_GAP;
    // Place each zone: (x, y, h).
    let mut place = vec![(0u32, 0u32, 0u32); model.zones().len()];
    let mut y = MARGIN + LEGEND_H;
    for row in &rows {
        let row_w = row.len() as u32 * BOX_W + (row.len() as u32).saturating_sub(1) * COL_GAP;
        let mut x = (width - row_w) / 2;
        let row_h = row.iter().map(|z| box_height(model, *z)).max().unwrap_or(0);
        for z in row {
            place[*z] = (x, y, box_height(model, *z));
            x += BOX_W + COL_GAP;
        }
        y += row_h + ROW_GAP;
    }
    // Same-row arcs dip below the row: leave room under the last one. (With no zone at all
    // there is no row and no gap to take back.)
    let height = y.saturating_sub(if rows.is_empty() { 0 } else { ROW_GAP }) + MARGIN + 70;
    let mut row_of = vec![0; place.len()];
    let mut row_bottom = Vec::with_capacity(rows.len());
    for (r, row) in rows.iter().enumerate() {
        for z in row {
            row_of[*z] = r;
        }
        row_bottom.push(
            row.iter()
                .map(|z| place[*z].1 + place[*z].2)
                .max()
                .unwrap_or(0),
        );
    }
    let layout = Layout {
        place: &place,
        rows: &rows,
        row_of,
        row_bottom,
    };
    let paths = conduit_paths(model, &layout);

    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="12">"#
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
        MARGIN + 4,
        xml_escape(&model.system().name)
    );
    let mut lx = MARGIN;
    for (label, status) in [
        ("SL-T met", GapStatus::Met),
        ("gap", GapStatus::Gap),
        ("SL-C unknown", GapStatus::Unknown),
    ] {
        let (fill, stroke) = colours(Some(status));
        let _ = writeln!(
            s,
            r#"<rect x="{lx}" y="{}" width="14" height="14" fill="{fill}" stroke="{stroke}"/><text x="{}" y="{}">{label}</text>"#,
            MARGIN + 18,
            lx + 20,
            MARGIN + 30
        );
        lx += 130;
    }
    let _ = writeln!(
        s,
        r##"<line x1="{lx}" y1="{y}" x2="{}" y2="{y}" stroke="#444" stroke-width="2"/><text x="{}" y="{}">conduit with boundary device</text>"##,
        lx + 30,
        lx + 36,
        MARGIN + 30,
        y = MARGIN + 25
    );
    lx += 230;
    let _ = writeln!(
        s,
        r##"<line x1="{lx}" y1="{y}" x2="{}" y2="{y}" stroke="#444" stroke-width="2" stroke-dasharray="6 4"/><text x="{}" y="{}">without</text>"##,
        lx + 30,
        lx + 36,
        MARGIN + 30,
        y = MARGIN + 25
    );

    // Conduit lines first, so boxes hide the parts inside them.
    let _ = writeln!(s, "<g id=\"conduits\">");
    for (c, (d, _, _)) in model.conduits().iter().zip(&paths) {
        let dash = if c.boundary_devices.is_empty() {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        let _ = writeln!(
            s,
            r##"<path d="{d}" fill="none" stroke="#444" stroke-width="2"{dash}><title>{}</title></path>"##,
            xml_escape(&c.id)
        );
    }
    let _ = writeln!(s, "</g>");

    let _ = writeln!(s, "<g id=\"zones\">");
    for (zi, z) in model.zones().iter().enumerate() {
        let (x, y, h) = place[zi];
        let (fill, stroke) = colours(status_of(gap, zi));
        let status = status_of(gap, zi).map_or("", GapStatus::as_str);
        let _ = writeln!(s, r#"<g id="zone-{zi}">"#);
        let _ = writeln!(
            s,
            r#"<rect x="{x}" y="{y}" width="{BOX_W}" height="{h}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="2"><title>{} ({status})</title></rect>"#,
            xml_escape(&z.id)
        );
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" font-weight="bold">{}</text>"#,
            x + 8,
            y + 17,
            xml_escape(&fit(&z.name, 34))
        );
        let _ = writeln!(
            s,
            r##"<text x="{}" y="{}" font-size="11" fill="#333">{} SL-T{} · {status}</text>"##,
            x + 8,
            y + 33,
            xml_escape(&z.id),
            z.sl_t
        );
        for (i, a) in z.assets.iter().take(MAX_LISTED).enumerate() {
            let a = &model.assets()[*a];
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
            let _ = writeln!(
                s,
                r#"<text x="{}" y="{}" font-size="11">• {} ({}){}</text>"#,
                x + 12,
                y + HEADER_H + 12 + LINE_H * i as u32,
                xml_escape(&fit(&a.name, 40usize.saturating_sub(marks.len()))),
                a.kind.abbrev(),
                marks
            );
        }
        if z.assets.len() > MAX_LISTED {
            let _ = writeln!(
                s,
                r##"<text x="{}" y="{}" font-size="11" fill="#555">… and {} more</text>"##,
                x + 12,
                y + HEADER_H + 12 + LINE_H * MAX_LISTED as u32,
                z.assets.len() - MAX_LISTED
            );
        }
        let _ = writeln!(s, "</g>");
    }
    let _ = writeln!(s, "</g>");

    // Conduit labels last, on top of everything.
    let _ = writeln!(s, "<g id=\"conduit-labels\" font-size=\"10\">");
    for (c, (_, (mx, my), vertical)) in model.conduits().iter().zip(&paths) {
        let (mx, my) = (*mx, *my);
        let label = c.id.clone();
        let w = 7 * label.chars().count() as u32 + 8;
        if *vertical {
            let _ = write!(s, r#"<g transform="rotate(-90 {mx} {my})">"#);
        }
        let _ = write!(
            s,
            r##"<rect x="{}" y="{}" width="{w}" height="14" fill="#ffffff" stroke="#888" rx="3"/><text x="{mx}" y="{}" text-anchor="middle">{}</text>"##,
            mx.saturating_sub(w / 2),
            my.saturating_sub(8),
            my + 2,
            xml_escape(&label)
        );
        s.push_str(if *vertical { "</g>\n" } else { "\n" });
    }
    let _ = writeln!(s, "</g>");
    s.push_str("</svg>\n");
    s
}

/// The zones, assets and conduits as Graphviz DOT: a cluster per zone, an edge per conduit.
pub fn diagram_dot(model: &SystemModel, gap: &GapReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "graph system {{");
    let _ = writeln!(
        s,
        "  graph [compound=true, rankdir=TB, fontname=\"Helvetica\", label=\"{}\", labelloc=t];",
        dot_escape(&model.system().name)
    );
    let _ = writeln!(
        s,
        "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\", fontsize=10];"
    );
    let _ = writeln!(s, "  edge [fontname=\"Helvetica\", fontsize=9];");
    for (zi, z) in model.zones().iter().enumerate() {
        let (fill, stroke) = colours(status_of(gap, zi));
        let status = status_of(gap, zi).map_or("", GapStatus::as_str);
        let _ = writeln!(s, "  subgraph cluster_z{zi} {{");
        let _ = writeln!(
            s,
            "    label=\"{}\\nSL-T{} · {status}\"; style=\"filled,rounded\"; fillcolor=\"{fill}\"; color=\"{stroke}\";",
            dot_escape(&z.name),
            z.sl_t
        );
        // An invisible anchor, so conduits attach to empty zones too.
        let _ = writeln!(s, "    z{zi} [shape=point, style=invis, width=0.01];");
        for a in &z.assets {
            let asset = &model.assets()[*a];
            let _ = writeln!(
                s,
                "    a{a} [label=\"{}\\n{}\", tooltip=\"{}\"];",
                dot_escape(&asset.name),
                asset.kind,
                dot_escape(&asset.id)
            );
        }
        let _ = writeln!(s, "  }}");
    }
    for c in model.conduits() {
        let [a, b] = c.zones;
        let style = if c.boundary_devices.is_empty() {
            "dashed"
        } else {
            "solid"
        };
        let _ = writeln!(
            s,
            "  z{a} -- z{b} [ltail=cluster_z{a}, lhead=cluster_z{b}, label=\"{}\", style={style}, penwidth=2];",
            dot_escape(&c.id)
        );
    }
    s.push_str("}\n");
    s
}
