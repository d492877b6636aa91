//! The diagram as Graphviz DOT: a cluster per zone, an edge per conduit, and a legend node.

use std::fmt::Write as _;

use crate::gap::{GapReport, GapStatus};
use crate::model::SystemModel;

use super::legend::{FLAGS, MARKS, Swatch};
use super::{colours, flags, status_of};
use crate::render::{dot_escape, xml_escape};

/// The legend as an HTML-like label: zone colours, conduit lines and asset flags. (DOT
/// labels name component types in full, so the abbreviations need no key.)
fn legend_label() -> String {
    let mut rows = String::new();
    for item in MARKS.iter().chain(&FLAGS) {
        let mark = match item.swatch {
            Swatch::Zone(status) => {
                let (fill, stroke) = colours(Some(status));
                format!(r#"<td bgcolor="{fill}" color="{stroke}" border="1" width="14"> </td>"#)
            }
            Swatch::Conduit { dashed: false } => "<td>——</td>".to_owned(),
            Swatch::Conduit { dashed: true } => "<td>- - -</td>".to_owned(),
            Swatch::None => "<td></td>".to_owned(),
        };
        let _ = write!(
            rows,
            r#"<tr>{mark}<td align="left">{}</td></tr>"#,
            xml_escape(item.text)
        );
    }
    format!(r#"<<table border="0" cellspacing="2" cellpadding="1">{rows}</table>>"#)
}

/// The zones, assets and conduits as Graphviz DOT: a cluster per zone (its assets with their
/// flags), an edge per conduit, and a legend of what colours, lines and flags mean.
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
                "    a{a} [label=\"{}\\n{}{}\", tooltip=\"{}\"];",
                dot_escape(&asset.name),
                asset.kind,
                flags(asset),
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
    let _ = writeln!(s, "  subgraph cluster_legend {{");
    let _ = writeln!(
        s,
        "    label=\"Legend\"; style=\"rounded\"; color=\"#888888\"; fontsize=10;"
    );
    let _ = writeln!(
        s,
        "    legend [shape=plaintext, style=\"\", label={}];",
        legend_label()
    );
    let _ = writeln!(s, "  }}");
    s.push_str("}\n");
    s
}
